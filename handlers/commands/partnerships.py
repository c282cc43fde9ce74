from __future__ import annotations

from bot.i18n import N_, _
from bot.services import partnerships
from bot.services.search import parse_query, search_page
from bot.text import clean, parse_arguments
from bot.views.blocks import Reply
from bot.views.help import usage
from bot.views.partnerships import arrangement_detail, arrangement_results, overview_reply
from bot.views.results import PAGE_SIZE, not_on_record
from handlers.context import Command, Ctx

FILTERS = frozenset({"type", "year", "sdg", "status"})


def handle(ctx: Ctx) -> Reply:
    args = parse_arguments(ctx.request.text, FILTERS)
    if args.first_word == "help":
        return usage(COMMAND)
    state = ctx.request.state
    text = clean(ctx.request.text)
    if state.detail is not None:
        found = partnerships.arrangement(ctx.session, state.detail)
        return arrangement_detail(found, NAME, text, state) if found else not_on_record("arrangement")
    filters = partnerships.partnership_filters(args.filters)
    if not args.words and not args.filters:
        latest = partnerships.latest_arrangements(ctx.session, PAGE_SIZE)
        return overview_reply(partnerships.latest_snapshot(ctx.session), latest, NAME)
    if parse_query(args.words).is_empty and not args.filters:
        return usage(COMMAND, _("I found no words to search for in that."))
    page, number = search_page(ctx.session, "arrangements", args.words, filters, state.page, PAGE_SIZE)
    return arrangement_results(page, number, NAME, text, args.words, filters)


NAME = "/partnerships"
COMMAND = Command(
    name=NAME,
    summary=N_("partnership arrangements: the summary, or a search"),
    usage=N_(
        "`/partnerships` the summary of arrangements in force\n"
        "`/partnerships [words] [type:loa|mou|ipa] [year:YYYY] [sdg:N] [status:ended|all]` search the "
        "arrangements in force and their partners (`status:ended` those that have ended), "
        "e.g. `/partnerships ballast water`, `/partnerships type:mou sdg:17`"
    ),
    handle=handle,
)
