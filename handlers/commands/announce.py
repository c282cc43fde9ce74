from __future__ import annotations

from bot.text import parse_arguments
from bot.views.blocks import Reply
from bot.views.help import usage
from handlers.context import Command, Ctx

NOT_ALLOWED = (
    ":lock: Only the Partnerships Section can post announcements. "
    "If you have news for the community, send it to them and they will share it."
)


def handle(ctx: Ctx) -> Reply:
    args = parse_arguments(ctx.request.text)
    if args.first_word == "help":
        return usage(COMMAND)
    if not ctx.is_secretariat:
        return Reply(text=NOT_ALLOWED)
    return usage(COMMAND, "Posting announcements is not available yet.")


COMMAND = Command(
    name="/announce",
    summary="post an announcement (secretariat only)",
    usage="`/announce [text]` post an announcement after a confirmation; with no text, a form opens",
    handle=handle,
)
