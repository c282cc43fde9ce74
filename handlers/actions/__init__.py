"""Button clicks, one module each; ACTIONS maps an action_id to its handler."""

from __future__ import annotations

from bot.views.announcements import CANCEL_ACTION, POST_ACTION
from bot.views.answers import ANSWER_ACTION
from bot.views.blocks import (
    HELPFUL_ACTION,
    LINK_ACTION,
    NEXT_ACTION,
    NOT_RIGHT_ACTION,
    PREVIOUS_ACTION,
    SHARE_ACTION,
    Reply,
)
from bot.views.documents import SHARE_ACTION as DOCUMENT_SHARE_ACTION
from bot.views.history import SHOW_THREAD_ACTION
from bot.views.results import DETAILS_ACTION
from handlers.actions import announce, answers, docs, rerun, share
from handlers.context import Ctx, Handler


def link_opened(ctx: Ctx) -> Reply | None:
    """A link button: Slack opens the link itself; the click only needs its ack."""
    return None


ACTIONS: dict[str, Handler] = {
    SHARE_ACTION: share.handle,
    NEXT_ACTION: rerun.show_page,
    PREVIOUS_ACTION: rerun.show_page,
    DETAILS_ACTION: rerun.show_details,
    SHOW_THREAD_ACTION: rerun.show_details,
    LINK_ACTION: link_opened,
    POST_ACTION: announce.handle_post,
    CANCEL_ACTION: announce.handle_cancel,
    DOCUMENT_SHARE_ACTION: docs.handle_share,
    HELPFUL_ACTION: answers.handle_helpful,
    NOT_RIGHT_ACTION: answers.handle_not_right,
    ANSWER_ACTION: answers.handle_answer,
}
