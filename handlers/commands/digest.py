from __future__ import annotations

from bot.text import parse_arguments
from bot.views.blocks import Reply
from bot.views.help import usage
from handlers.context import Command, Ctx

SUBCOMMANDS = ("subscribe", "unsubscribe", "preview", "status")


def handle(ctx: Ctx) -> Reply:
    args = parse_arguments(ctx.request.text)
    if args.first_word in ("", "help"):
        return usage(COMMAND)
    if args.first_word not in SUBCOMMANDS or args.rest:
        return usage(COMMAND, f"I don't know `/digest {args.words[:40]}`.")
    return usage(COMMAND, "The weekly digest is not available yet.")


COMMAND = Command(
    name="/digest",
    summary="the weekly digest of new arrangements, documents and announcements",
    usage=(
        "`/digest subscribe` get the weekly digest by direct message\n"
        "`/digest unsubscribe` stop getting it\n"
        "`/digest preview` see what the next digest would say (only you see it)\n"
        "`/digest status` your subscription and when the next digest goes out"
    ),
    handle=handle,
)
