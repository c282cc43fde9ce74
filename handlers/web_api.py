"""A Web API call made from a handler, turned into a plain problem when Slack refuses or does not answer."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from slack_sdk.errors import SlackClientError

from bot.messenger import slack_problem
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
