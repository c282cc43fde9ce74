"""Share in channel: re-run the command the button names and post its answer publicly."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.views.blocks import Reply, for_channel
from handlers.context import Ctx


def handle(ctx: Ctx) -> Reply | None:
    from handlers.commands import COMMANDS

    try:
        wanted = json.loads(ctx.request.payload.get("value", ""))
        command = COMMANDS[wanted["command"]]
        text = str(wanted["text"])
    except (ValueError, KeyError, TypeError):
        return Reply(text="That button is out of date; please run the command again.")
    inner = Ctx(replace(ctx.request, text=text), ctx.settings, ctx.session, ctx.messenger)
    reply = command.handle(inner)
    return None if reply is None else for_channel(reply, ctx.request.user_id)
