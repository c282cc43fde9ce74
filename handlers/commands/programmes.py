from __future__ import annotations

from bot.text import parse_arguments
from bot.views.blocks import Reply
from bot.views.help import usage
from handlers.context import Command, Ctx


def handle(ctx: Ctx) -> Reply:
    args = parse_arguments(ctx.request.text, frozenset({"scope"}))
    if args.first_word == "help":
        return usage(COMMAND)
    return usage(COMMAND, "This command is not available yet.")


COMMAND = Command(
    name="/programmes",
    summary="ITCP programmes: list, search, details",
    usage="`/programmes [words] [scope:global|regional]` list or search ITCP programmes",
    handle=handle,
)
