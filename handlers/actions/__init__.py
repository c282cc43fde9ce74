"""Button clicks, one module each; ACTIONS maps an action_id to its handler."""

from __future__ import annotations

from bot.views.announcements import CANCEL_ACTION, POST_ACTION
from bot.views.blocks import SHARE_ACTION
from handlers.actions import announce, share
from handlers.context import Handler

ACTIONS: dict[str, Handler] = {
    SHARE_ACTION: share.handle,
    POST_ACTION: announce.handle_post,
    CANCEL_ACTION: announce.handle_cancel,
}
