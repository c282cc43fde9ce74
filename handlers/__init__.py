"""Handlers translate requests into service calls and replies.

`register(app, deps)` is the one place that lists every Slack listener. The console uses the same
tables (COMMANDS, ACTIONS, and CONVERSATION for a plain line) and the same `dispatch`; those and
`Request` are what the entry points under bot/ (app, console) take from here. FORMS maps a
modal's callback_id to its submission handler, OPTIONS a type-ahead select's action_id to what it offers.
"""

from __future__ import annotations

import re

from slack_bolt import App

from bot.deps import Deps
from handlers import slack
from handlers.actions import ACTIONS
from handlers.commands import COMMANDS, UNKNOWN
from handlers.context import Handler, Request, dispatch
from handlers.events import EVENTS, messages
from handlers.forms import FORMS
from handlers.options import OPTIONS

__all__ = ["ACTIONS", "COMMANDS", "CONVERSATION", "UNKNOWN", "Handler", "Request", "dispatch", "register"]

# A line typed to the bot outside a command: answered like a direct message.
CONVERSATION: Handler = messages.handle


def register(app: App, deps: Deps) -> None:
    for command in COMMANDS.values():
        app.command(command.name)(slack.command_listener(command, deps))
    app.command(re.compile(r"^/"))(slack.command_listener(UNKNOWN, deps))
    for action_id, handle in ACTIONS.items():
        app.action(action_id)(slack.action_listener(handle, deps))
    for event_type, handle in EVENTS.items():
        app.event(event_type)(slack.event_listener(handle, deps))
    for callback_id, handle in FORMS.items():
        app.view(callback_id)(slack.view_listener(handle, deps))
    for action_id, suggest in OPTIONS.items():
        app.options(action_id)(slack.options_listener(suggest, deps))
