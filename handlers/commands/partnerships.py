from __future__ import annotations

from bot.i18n import N_, _
from bot.services import partnerships, reminders
from bot.services.charts import KINDS
from bot.services.search import parse_query, search_page
from bot.text import clean, parse_arguments
from bot.views.blocks import Reply, escape
from bot.views.charts import drawing, kinds_help
from bot.views.help import usage
from bot.views.partnerships import arrangement_detail, arrangement_results, overview_reply
from bot.views.reminders import expiring_reply
from bot.views.results import PAGE_SIZE, not_on_record
from handlers.charts import draw_and_upload
from handlers.context import Command, Ctx
from storage.models import utcnow

FILTERS = frozenset({"type", "year", "sdg", "status"})
SUBCOMMANDS = {"expiring": frozenset({"days"}), "chart": frozenset({"by"})}


def handle(ctx: Ctx) -> Reply:
    text = clean(ctx.request.text)
    first = text.split(" ", 1)[0].lower()
    args = parse_arguments(ctx.request.text, SUBCOMMANDS.get(first, FILTERS))
    if args.first_word == "help":
        return usage(COMMAND)
    state = ctx.request.state
    if state.detail is not None:
        found = partnerships.arrangement(ctx.session, state.detail)
        return arrangement_detail(found, NAME, text, state) if found else not_on_record("arrangement")
    if first == "expiring":
        return expiring(ctx, args.rest, args.filters.get("days"), text)
    if first == "chart":
        return chart(ctx, args.rest, args.filters.get("by", "nature").lower())
    filters = partnerships.partnership_filters(args.filters)
    if not args.words and not args.filters:
        latest = partnerships.latest_arrangements(ctx.session, PAGE_SIZE)
        return overview_reply(partnerships.latest_snapshot(ctx.session), latest, NAME)
    if parse_query(args.words).is_empty and not args.filters:
        return usage(COMMAND, _("I found no words to search for in that."))
    page, number = search_page(ctx.session, "arrangements", args.words, filters, state.page, PAGE_SIZE)
    return arrangement_results(page, number, NAME, text, args.words, filters)


def expiring(ctx: Ctx, rest: str, days_typed: str | None, text: str) -> Reply:
    """What ends within `days:` (the widest of REMINDER_DAYS by default), soonest first, for anyone."""
    if rest:
        return usage(
            COMMAND,
            _(
                "{command} takes only {filter}, not {typed}.",
                command="`/partnerships expiring`",
                filter="`days:N`",
                typed=f"`{escape(rest[:40])}`",
            ),
        )
    days = max(ctx.settings.reminder_days)
    if days_typed is not None:
        if not days_typed.isdigit() or not 1 <= int(days_typed) <= reminders.MAX_DAYS:
            shown = escape(days_typed[:20])
            return usage(
                COMMAND,
                _(
                    "{filter} takes a number of days from {low} to {high}, e.g. {example}, not {typed}.",
                    filter="`days:`",
                    low=1,
                    high=reminders.MAX_DAYS,
                    example="`days:30`",
                    typed=f"`{shown}`",
                ),
            )
        days = int(days_typed)
    on = reminders.today(ctx.settings.digest_timezone, utcnow())
    found, total, page = reminders.expiring(ctx.session, on, days, ctx.request.state.page, PAGE_SIZE)
    return expiring_reply(found, total, page, days, on, text)


def chart(ctx: Ctx, rest: str, by: str) -> Reply:
    """A chart, drawn and uploaded after the ack (to the asker's DM, with Share in channel)."""
    if rest or by not in KINDS:
        wrong = escape((rest or by)[:40])
        return usage(
            COMMAND,
            _(
                "A chart is {kinds}, not {typed}; e.g. {example}.",
                kinds=kinds_help(),
                typed=f"`{wrong}`",
                example="`/partnerships chart by:year`",
            ),
        )
    ctx.later(lambda later: draw_and_upload(later, by, None))
    return drawing(by)


NAME = "/partnerships"
COMMAND = Command(
    name=NAME,
    summary=N_("partnership arrangements: the summary, or a search"),
    usage=N_(
        "`/partnerships` the summary of arrangements in force\n"
        "`/partnerships [words] [type:loa|mou|ipa] [year:YYYY] [sdg:N] [status:ended|all]` search the "
        "arrangements in force and their partners (`status:ended` those that have ended), "
        "e.g. `/partnerships ballast water`, `/partnerships type:mou sdg:17`\n"
        "`/partnerships expiring [days:N]` the arrangements that end within N days (90 unless told)\n"
        "`/partnerships chart [by:nature|year|sdg|programme]` a chart of them, to you by DM, to share"
    ),
    handle=handle,
)
