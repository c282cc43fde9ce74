"""Button clicks, one module each; ACTIONS maps an action_id to its handler."""

from __future__ import annotations

from bot.views.announcements import (
    APPLY_ACTION,
    CANCEL_ACTION,
    DISCARD_ACTION,
    KEEP_ACTION,
    POST_ACTION,
    WITHDRAW_ACTION,
)
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
from bot.views.charts import SHARE_ACTION as CHART_SHARE_ACTION
from bot.views.documents import SHARE_ACTION as DOCUMENT_SHARE_ACTION
from bot.views.history import SHOW_THREAD_ACTION
from bot.views.home import LANGUAGE_ACTION
from bot.views.nkpo import CONFIRM_ACTION, DECLINE_ACTION, EDIT_ACTION
from bot.views.results import DETAILS_ACTION
from handlers import charts
from handlers.actions import announce, answers, docs, nkpo, rerun, share
from handlers.context import Ctx, Handler
from handlers.events import home


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
    APPLY_ACTION: announce.handle_apply,
    DISCARD_ACTION: announce.handle_discard,
    WITHDRAW_ACTION: announce.handle_withdraw,
    KEEP_ACTION: announce.handle_keep,
    DOCUMENT_SHARE_ACTION: docs.handle_share,
    CHART_SHARE_ACTION: charts.handle_share,
    HELPFUL_ACTION: answers.handle_helpful,
    NOT_RIGHT_ACTION: answers.handle_not_right,
    ANSWER_ACTION: answers.handle_answer,
    CONFIRM_ACTION: nkpo.handle_confirm,
    DECLINE_ACTION: nkpo.handle_decline,
    EDIT_ACTION: nkpo.handle_edit,
    LANGUAGE_ACTION: home.handle_language,
}
