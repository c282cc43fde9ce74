"""Button clicks, one module each; ACTIONS maps an action_id to its handler."""

from __future__ import annotations

from bot.views.blocks import SHARE_ACTION
from bot.views.results import DETAILS_ACTION, NEXT_ACTION, PREVIOUS_ACTION
from handlers.actions import rerun, share
from handlers.context import Handler

ACTIONS: dict[str, Handler] = {
    SHARE_ACTION: share.handle,
    NEXT_ACTION: rerun.show_page,
    PREVIOUS_ACTION: rerun.show_page,
    DETAILS_ACTION: rerun.show_details,
}
