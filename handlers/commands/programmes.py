from __future__ import annotations

from bot.i18n import N_, _
from bot.services import programmes
from bot.services.search import parse_query, search_page
from bot.text import clean, parse_arguments
from bot.views.blocks import Reply
from bot.views.help import usage
from bot.views.programmes import programme_detail, programme_results
from bot.views.results import PAGE_SIZE, not_on_record
from handlers.context import Command, Ctx


def handle(ctx: Ctx) -> Reply:
    args = parse_arguments(ctx.request.text, frozenset({"scope"}))
    if args.first_word == "help":
        return usage(COMMAND)
    state = ctx.request.state
    text = clean(ctx.request.text)
    if state.detail is not None:
        found = programmes.programme_detail(ctx.session, state.detail)
        return programme_detail(found, NAME, text, state) if found else not_on_record("programme")
    filters = programmes.programme_filters(args.filters)
    if args.words and parse_query(args.words).is_empty:
        return usage(COMMAND, _("I found no words to search for in that."))
    page, number = search_page(ctx.session, "programmes", args.words, filters, state.page, PAGE_SIZE)
    overview = not args.words and not args.filters and number == 1
    cards = programmes.itcp_picture(ctx.session) if overview else None
    return programme_results(page, number, NAME, text, args.words, filters, cards)


NAME = "/programmes"
COMMAND = Command(
    name=NAME,
    summary=N_("ITCP programmes: list, search, details"),
    usage=N_(
        "`/programmes` the ITCP in figures and the list of programmes\n"
        "`/programmes [words] [scope:global|regional]` search programmes, e.g. `/programmes piracy`"
    ),
    handle=handle,
)
