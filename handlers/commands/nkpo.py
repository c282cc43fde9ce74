from __future__ import annotations

from bot.services.nkpo import nkpo_for, nkpo_guide, resolve_country
from bot.text import clean, parse_arguments
from bot.views.blocks import Reply
from bot.views.help import usage
from bot.views.nkpo import guide_reply, nkpo_reply, unknown_country_reply
from handlers.context import Command, Ctx


def handle(ctx: Ctx) -> Reply:
    args = parse_arguments(ctx.request.text, frozenset())
    if args.first_word == "help":
        return usage(COMMAND)
    if not args.words:
        return guide_reply(nkpo_guide(ctx.session), NAME)
    match = resolve_country(args.words)
    if match is None:
        return unknown_country_reply(args.words)
    return nkpo_reply(match, nkpo_for(ctx.session, match.country), args.words, NAME, clean(ctx.request.text))


NAME = "/nkpo"
COMMAND = Command(
    name=NAME,
    summary="what an NKPO is, and who is the NKPO of a country",
    usage=(
        "`/nkpo` what an NKPO is and how to designate one\n"
        "`/nkpo [country]` that country's NKPO, if one is on record "
        "(a name or ISO code: `Kenya`, `KEN`, `UK`)"
    ),
    handle=handle,
)
