"""The Slack side of the handlers: Bolt listeners that wrap the entry-agnostic handlers.

Commands answer in the ack itself (process_before_response=True: the reply is the HTTP
response, with no second round trip). Button clicks and events are acknowledged at once
and handled on a small thread pool, replying through response_url or the Web API. Modal
submissions are checked inside the ack (inline errors keep the form open) and the rest
runs after it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.messenger import Messenger, SlackMessenger
from bot.views.blocks import Reply, truncate
from handlers.context import Command, Ctx, Handler, Request, Send, Via, dispatch, run_handler
from handlers.options import OptionsHandler

log = logging.getLogger(__name__)
Listener = Callable[..., None]
_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="slack-work")


def command_listener(command: Command, deps: Deps) -> Listener:
    def on_command(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        request = Request(
            user_id=_text(body.get("user_id")),
            via="slash",
            channel_id=body.get("channel_id"),
            text=_text(body.get("text")),
            command=str(body.get("command", "")),
            trigger_id=body.get("trigger_id"),
            payload=body,
        )
        messenger = SlackMessenger(client)
        outcome = run_handler(deps, request, messenger, command.handle)
        if outcome.reply is None:
            ack()
        else:
            ack(**outcome.reply.to_response())
        _later(deps, request, messenger, outcome.followups, _via_response_url(respond))

    return on_command


def action_listener(handle: Handler, deps: Deps) -> Listener:
    def on_action(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        request = Request(
            user_id=_text((body.get("user") or {}).get("id")),
            via="button",
            channel_id=(body.get("channel") or {}).get("id")
            or (body.get("container") or {}).get("channel_id"),
            value=_text(action.get("value")),
            trigger_id=body.get("trigger_id"),
            payload={**action, "container": body.get("container") or {}, "view": body.get("view")},
        )
        _later(deps, request, SlackMessenger(client), [handle], _via_response_url(respond))

    return on_action


def view_listener(handle: Handler, deps: Deps) -> Listener:
    """A modal submission (view_submission), for any form in handlers/forms.

    The handler checks the fields inside the ack: it raises FormErrors (block_id -> message) to
    keep the form open with inline errors, and a Reply it returns (e.g. the friendly line for a
    failure) is shown inline on the first input too, so nothing typed is lost. Otherwise the
    modal closes and the work it left in ctx.later runs after the ack; replies from that work
    reach the user by direct message, since a modal has no response_url.
    """

    def on_view(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        request = Request(
            user_id=_text((body.get("user") or {}).get("id")),
            via="form",
            trigger_id=body.get("trigger_id"),
            payload=view,
        )
        messenger = SlackMessenger(client)
        outcome = run_handler(deps, request, messenger, handle)
        first_input = next(
            (b.get("block_id") for b in view.get("blocks", []) if b.get("type") == "input"), None
        )
        if outcome.errors:
            ack(response_action="errors", errors=outcome.errors)
        elif outcome.reply is not None and first_input:
            ack(response_action="errors", errors={first_input: truncate(outcome.reply.text, 300)})
        else:
            ack()
            reply = outcome.reply

            def send_reply(_ctx: Ctx) -> Reply | None:
                return reply

            followups: list[Handler] = outcome.followups if reply is None else [send_reply]
            _later(deps, request, messenger, followups, _via_dm(messenger, request.user_id))

    return on_view


def options_listener(handle: OptionsHandler, deps: Deps) -> Listener:
    """A type-ahead select asking for options (block_suggestion): answered in the ack, from the
    database; on any failure, no options (and one log line), never an error in the form."""

    def on_options(ack: Ack, body: dict[str, Any]) -> None:
        typed = str(body.get("value") or "")[:200]
        try:
            with deps.db.session() as session:
                answer = handle(session, typed)
        except Exception:
            log.exception("options for %s failed", body.get("action_id"))
            answer = {"options": []}
        ack(**answer)

    return on_options


def event_listener(handle: Handler, deps: Deps) -> Listener:
    def on_event(ack: Ack, body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        ack()
        channel = event.get("channel")
        request = Request(
            user_id=_text(event.get("user")),
            via=_event_via(event),
            channel_id=channel,
            text=_text(event.get("text")),
            thread_ts=event.get("thread_ts")
            or (event.get("ts") if event.get("channel_type") != "im" else None),
            payload={**event, "event_id": body.get("event_id")},
        )
        messenger = SlackMessenger(client)

        def send(reply: Reply) -> None:
            if channel:
                messenger.post(channel, reply, thread_ts=request.thread_ts)

        _later(deps, request, messenger, [handle], send)

    return on_event


def _text(value: object) -> str:
    """A text field as sent, or "" when it is missing or null (bot/web.py refuses other types)."""
    return value if isinstance(value, str) else ""


def _event_via(event: dict[str, Any]) -> Via:
    if event.get("type") == "app_mention":
        return "mention"
    return "dm" if event.get("type") == "message" and event.get("channel_type") == "im" else "event"


def _via_response_url(respond: Respond) -> Send:
    def send(reply: Reply) -> None:
        respond(**reply.to_response())

    return send


def _via_dm(messenger: Messenger, user_id: str) -> Send:
    def send(reply: Reply) -> None:
        messenger.post(messenger.open_dm(user_id), reply)

    return send


_pending: set[Future[None]] = set()


def _later(deps: Deps, request: Request, messenger: Messenger, handlers: list[Handler], send: Send) -> None:
    if handlers:
        future = _executor.submit(dispatch, deps, request, messenger, handlers, send)
        _pending.add(future)
        future.add_done_callback(_pending.discard)


def settle(seconds: float = 10.0) -> bool:
    """Wait until the work left for after the ack is done (at most `seconds`); True when it is."""
    _done, not_done = wait(list(_pending), timeout=seconds)
    return not not_done
