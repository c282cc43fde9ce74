"""/history <words> [from:name] [before:YYYY] [after:YYYY]: search the old Yammer group's history."""

from __future__ import annotations

import re

from bot.i18n import N_, _
from bot.services import history
from bot.services.search import parse_query
from bot.text import InputError, clean, parse_arguments
from bot.views.blocks import Reply
from bot.views.help import usage
from bot.views.history import history_results, nobody_called, overview_reply, thread_gone, thread_reply
from bot.views.results import PAGE_SIZE
from handlers.context import Command, Ctx

FILTERS = frozenset({"from", "before", "after"})
YEAR = re.compile(r"^\d{4}$")


def handle(ctx: Ctx) -> Reply:
    try:
        args = parse_arguments(ctx.request.text, FILTERS)
        before, after = _year(args.filters.get("before"), "before"), _year(args.filters.get("after"), "after")
    except InputError as error:
        return usage(COMMAND, str(error))
    if args.first_word == "help" and not args.filters:
        return usage(COMMAND)
    text = clean(ctx.request.text)
    state = ctx.request.state
    if state.detail is not None:
        thread = history.thread_page(ctx.session, state.detail, state.page)
        return thread_reply(thread, text) if thread is not None else thread_gone()
    if not args.words and not args.filters:
        return overview_reply(history.overview(ctx.session), _(COMMAND.usage))
    if before is not None and after is not None and after + 1 >= before:
        problem = _(
            "No year is after {after} and before {before} (`after:2018 before:2020` is 2019).",
            after=after,
            before=before,
        )
        return usage(COMMAND, problem)
    if args.words and parse_query(args.words).is_empty:
        return usage(COMMAND, _("I found no words to search for in that."))
    authors: list[int] | None = None
    names: list[str] = []
    if "from" in args.filters:
        wanted = args.filters["from"]
        people = history.people_named(ctx.session, wanted)
        if not people or len(people) > history.MAX_PEOPLE:
            return nobody_called(wanted, many=bool(people))
        authors, names = [person.id for person in people], [person.name for person in people]
    page, number = history.search_history_page(
        ctx.session, args.words, authors, before, after, state.page, PAGE_SIZE
    )
    return history_results(page, number, text, describe(args.words, names, before, after))


def _year(value: str | None, name: str) -> int | None:
    if value is None:
        return None
    if not YEAR.match(value) or not 1990 <= int(value) <= 2100:
        raise InputError(f"`{name}:` needs a year, e.g. `{name}:2020`.")
    return int(value)


def describe(words: str, names: list[str], before: int | None, after: int | None) -> str:
    """What was asked for, in words: “ballast water”, from Ana Example, written after 2018."""
    parts = [f"“{words}”"] if words else []
    if names:
        shown = ", ".join(names[:3]) + (
            " " + _("and {count} more", count=len(names) - 3) if len(names) > 3 else ""
        )
        parts.append(_("from {names}", names=shown))
    if after is not None:
        parts.append(_("written after {year}", year=after))
    if before is not None:
        parts.append(_("written before {year}", year=before))
    return ", ".join(parts)


NAME = "/history"
COMMAND = Command(
    name=NAME,
    summary=N_("search the history of the old Yammer group"),
    usage=N_(
        "`/history <words> [from:name] [before:YYYY] [after:YYYY]` search the old group's discussions, "
        "e.g. `/history ballast water`, `/history training from:ana after:2018 before:2020` (2019 only); "
        "a name with a space as `from:ana.example`; each thread found has *Show thread*\n"
        "`/history` what the history holds"
    ),
    handle=handle,
)
