"""Handlers translate requests into service calls and replies.

`register(app, deps)` is the one place that lists every Slack listener; the console uses
the same COMMANDS and ACTIONS tables. VIEWS maps a modal's callback_id to its submission handler.
"""

from __future__ import annotations

import re

from slack_bolt import App

from handlers import slack
from handlers.actions import ACTIONS
from handlers.commands import COMMANDS, UNKNOWN
from handlers.context import Deps
from handlers.events import EVENTS
from handlers.views import VIEWS


def register(app: App, deps: Deps) -> None:
    for command in COMMANDS.values():
        app.command(command.name)(slack.command_listener(command, deps))
    app.command(re.compile(r"^/"))(slack.command_listener(UNKNOWN, deps))
    for action_id, handle in ACTIONS.items():
        app.action(action_id)(slack.action_listener(handle, deps))
    for event_type, handle in EVENTS.items():
        app.event(event_type)(slack.event_listener(handle, deps))
    for callback_id, handle in VIEWS.items():
        app.view(callback_id)(slack.view_listener(handle, deps))
