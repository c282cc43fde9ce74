"""Share in channel: re-run the command the button names and post its answer publicly."""

from __future__ import annotations

from bot.views.blocks import Reply, for_channel
from handlers.actions.rerun import OUT_OF_DATE, clicked, rerun
from handlers.context import Ctx


def handle(ctx: Ctx) -> Reply | None:
    found = clicked(ctx)
    if found is None:
        return Reply(text=OUT_OF_DATE)
    reply = rerun(ctx, *found)
    return None if reply is None else for_channel(reply, ctx.request.user_id)
