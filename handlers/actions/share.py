"""Share in channel: re-run the command the button names and post its answer publicly."""

from __future__ import annotations

from bot.i18n import _, in_language
from bot.views.blocks import Reply, for_channel
from handlers.actions.rerun import OUT_OF_DATE, clicked, rerun
from handlers.context import Ctx


def handle(ctx: Ctx) -> Reply | None:
    found = clicked(ctx)
    if found is None:
        return Reply(text=_(OUT_OF_DATE))
    with in_language(ctx.settings.channel_language(ctx.request.channel_id)):  # the channel's language
        reply = rerun(ctx, *found)
        return None if reply is None else for_channel(reply, ctx.request.user_id)
