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
    name="/ask",
    summary="ask a question in plain words",
    usage="`/ask <question>` e.g. `/ask how many MoUs are there?`",
    handle=handle,
)
