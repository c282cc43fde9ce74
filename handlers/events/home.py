"""app_home_opened: publish the user's home tab; the language select in it; user_change."""

from __future__ import annotations

from bot.i18n import in_language
from bot.services.home import digest_subscribed, latest_additions
from bot.services.languages import choose_language, chosen_language, forget_locale
from bot.services.partnerships import latest_snapshot
from bot.views.blocks import Reply
from bot.views.home import home_view
from handlers.commands import COMMANDS
from handlers.context import Ctx, request_language


def handle(ctx: Ctx) -> Reply | None:
    if ctx.request.payload.get("tab", "home") != "home" or not ctx.request.user_id:
        return None
    publish(ctx)
    return None


def publish(ctx: Ctx) -> None:
    """Publish the user's home tab, in the language the request is answered in."""
    session, user_id = ctx.session, ctx.request.user_id
    view = home_view(
        COMMANDS.values(),
        latest_snapshot(session),
        latest_additions(session),
        digest_subscribed(session, user_id),
        chosen_language(session, user_id),
    )
    ctx.messenger.publish_home(user_id, view)


def handle_language(ctx: Ctx) -> Reply | None:
    """The App Home's language select: keep the choice and show the home tab in it at once."""
    selected = (ctx.request.payload.get("selected_option") or {}).get("value")
    if not ctx.request.user_id or choose_language(ctx.session, ctx.request.user_id, str(selected)) is None:
        return None  # not one of the choices: nothing changes
    found = request_language(ctx.session, ctx.settings, ctx.request, ctx.messenger)
    with in_language(found.language):
        publish(ctx)
    return None


def handle_user_change(ctx: Ctx) -> Reply | None:
    """A user changed their profile (perhaps their language): read their locale again next time."""
    user = ctx.request.payload.get("user") or {}
    user_id = user.get("id") if isinstance(user, dict) else None
    if isinstance(user_id, str) and user_id:
        forget_locale(ctx.session, user_id)
    return None
