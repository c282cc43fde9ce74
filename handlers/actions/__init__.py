"""Button clicks, one module each; ACTIONS maps an action_id to its handler."""

from __future__ import annotations

from bot.views.blocks import SHARE_ACTION
from handlers.actions import share
from handlers.context import Handler

ACTIONS: dict[str, Handler] = {
    SHARE_ACTION: share.handle,
}
