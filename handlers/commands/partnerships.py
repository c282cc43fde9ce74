from __future__ import annotations

from bot.services.partnerships import latest_snapshot
from bot.text import parse_arguments
from bot.views.blocks import Reply, actions, share_button
from bot.views.help import usage
from bot.views.partnerships import snapshot_reply
from handlers.context import Command, Ctx

FILTERS = frozenset({"type", "year", "sdg"})


def handle(ctx: Ctx) -> Reply:
    args = parse_arguments(ctx.request.text, FILTERS)
    if args.first_word == "help":
        return usage(COMMAND)
    if not args.words and not args.filters:
        reply = snapshot_reply(latest_snapshot(ctx.session))
        reply.blocks.append(actions(share_button(COMMAND.name, "")))
        return reply
    return usage(COMMAND, "Searching arrangements is not available yet; the summary is.")


COMMAND = Command(
    name="/partnerships",
    summary="partnership arrangements: the summary, or a search",
    usage=(
        "`/partnerships` the summary of arrangements in force\n"
        "`/partnerships [words] [type:loa|mou|ipa] [year:YYYY] [sdg:N]` search arrangements and partners"
    ),
    handle=handle,
)
