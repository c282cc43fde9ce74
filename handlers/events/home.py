"""app_home_opened: publish the user's home tab."""

from __future__ import annotations

from bot.services.home import digest_subscribed, latest_additions
from bot.services.partnerships import latest_snapshot
from bot.views.blocks import Reply
from bot.views.home import home_view
from handlers.commands import COMMANDS
from handlers.context import Ctx


def handle(ctx: Ctx) -> Reply | None:
    if ctx.request.payload.get("tab", "home") != "home" or not ctx.request.user_id:
        return None
    session, user_id = ctx.session, ctx.request.user_id
    view = home_view(
        COMMANDS.values(),
        latest_snapshot(session),
        latest_additions(session),
        digest_subscribed(session, user_id),
    )
    ctx.messenger.publish_home(user_id, view)
    return None
