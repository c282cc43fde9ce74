from __future__ import annotations

from bot.text import parse_arguments
from bot.views.blocks import Reply
from bot.views.help import usage
from handlers.context import Command, Ctx


def handle(ctx: Ctx) -> Reply:
    args = parse_arguments(ctx.request.text, frozenset())
    if args.first_word == "help":
        return usage(COMMAND)
    return usage(COMMAND, "This command is not available yet.")


COMMAND = Command(
    name="/nkpo",
    summary="what an NKPO is, and who is the NKPO of a country",
    usage=(
        "`/nkpo` what an NKPO is and how to designate one\n"
        "`/nkpo [country]` that country's NKPO, if one is on record"
    ),
    handle=handle,
)
