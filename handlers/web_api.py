"""A Web API call made from a handler, turned into a plain problem when Slack refuses or does not answer."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from slack_sdk.errors import SlackClientError

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


def post_dm(ctx: Ctx, user_id: str, message: Reply) -> tuple[str, str] | None:
    """Send `message` to a user by direct message: where it went (channel, ts), or None if Slack refused."""

    def post() -> tuple[str, str]:
        channel = ctx.messenger.open_dm(user_id)
        return channel, ctx.messenger.post(channel, message)

    posted, _ = try_slack(ctx, post)
    return posted
