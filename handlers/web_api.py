"""A Web API call made from a handler, turned into a plain problem when Slack refuses or does not answer."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.i18n import _
from bot.messenger import slack_problem
from bot.views.blocks import Reply
from handlers.context import Ctx

log = logging.getLogger(__name__)
T = TypeVar("T")


def try_slack(ctx: Ctx, call: Callable[[], T]) -> tuple[T | None, str | None]:
    """Make one Web API call; if it fails, undo this request's database changes and say what Slack said."""
    try:
        return call(), None
    except (SlackClientError, OSError) as error:
        ctx.session.rollback()
        problem = slack_problem(error)
        log.warning("a Web API call for %s failed: %s", ctx.request.user_id, problem)
        return None, problem


def open_form(ctx: Ctx, view: dict[str, Any]) -> Reply | None:
    """Open a modal now, inside the request: a trigger lives 3 s, so it cannot wait behind work queued
    after other acks. None once it is open; a line saying to run the command again when Slack says the
    trigger has expired or does not answer in time."""
    command = f"`{ctx.request.command}`" if ctx.request.command else _("the command")
    try:
        ctx.messenger.open_view(ctx.request.trigger_id or "", view)
        return None
    except SlackApiError as error:
        problem = slack_problem(error)
        log.warning("views.open for %s failed: %s", ctx.request.user_id, problem)
        if problem in ("expired_trigger_id", "invalid_trigger_id", "trigger_exchanged"):
            text = _(
                ":hourglass: The form took too long to open and Slack gave up on it; "
                "please run {command} again.",
                command=command,
            )
            return Reply(text=text)
        text = _(
            ":warning: Slack did not open the form ({problem}); please run {command} again.",
            problem=problem,
            command=command,
        )
        return Reply(text=text)
    except (SlackClientError, OSError) as error:
        log.warning("views.open for %s failed: %s", ctx.request.user_id, slack_problem(error))
        return Reply(
            text=_(
                ":hourglass: Slack did not open the form in time; please run {command} again.",
                command=command,
            )
        )


def post_dm(ctx: Ctx, user_id: str, message: Reply) -> tuple[str, str] | None:
    """Send `message` to a user by direct message: where it went (channel, ts), or None if Slack refused."""

    def post() -> tuple[str, str]:
        channel = ctx.messenger.open_dm(user_id)
        return channel, ctx.messenger.post(channel, message)

    posted, _problem = try_slack(ctx, post)
    return posted
