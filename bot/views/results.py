"""What every list of search results shares: the title, the range line, "did you mean",
a Details button per hit, Previous/Next and "Share in channel".

Buttons carry `command text` and the page or record to show (bot.views.blocks.Rerun),
so a click is answered by re-running the command there: no state is kept between requests.
"""

from __future__ import annotations

from collections.abc import Callable
from math import ceil
from typing import Any

from bot.i18n import N_, _, figure
from bot.services.search import WINDOW, Filters, SearchPage
from bot.views.blocks import (
    NEXT_ACTION,
    PREVIOUS_ACTION,
    Block,
    Reply,
    Rerun,
    ViewState,
    actions,
    button,
    context,
    escape,
    header,
    section,
    share_button,
)
from storage.models import NATURE_LABELS

PAGE_SIZE = 5
DETAILS_ACTION = "results_details"
SAMPLE_NOTE = N_(":test_tube: _Sample record: fictional, not IMO data._")


def last_page(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, ceil(total / size))


def describe(words: str, filters: Filters) -> str:
    """What was asked for, in words: `ballast water`, type MoU / framework agreement, year 2019."""
    parts = [f"“{words}”"] if words else []
    if filters.nature:
        parts.append(_("type {nature}", nature=_(NATURE_LABELS[filters.nature])))
    if filters.year:
        parts.append(_("signed in {year}", year=filters.year))
    if filters.sdg:
        parts.append(_("SDG {number}", number=filters.sdg))
    if filters.scope:
        parts.append(_("global scope") if filters.scope == "global" else _("regional scope"))
    if filters.status:
        parts.append(_("in force") if filters.status == "in_force" else _("ended"))
    return ", ".join(parts)


def details_button(command: str, text: str, record_id: int, page: int) -> Block:
    return button(_("Details"), DETAILS_ACTION, Rerun(command, text, ViewState(page, record_id)).encode())


def navigation(
    command: str, text: str, number: int, total: int, share_page: bool = True, size: int = PAGE_SIZE
) -> Block | None:
    """Previous / Next where there is somewhere to go, and Share in channel for this page."""
    elements = []
    if number > 1:
        previous = Rerun(command, text, ViewState(number - 1)).encode()
        elements.append(button(_("◀ Previous"), PREVIOUS_ACTION, previous))
    if number < last_page(total, size):
        following = Rerun(command, text, ViewState(number + 1)).encode()
        elements.append(button(_("Next ▶"), NEXT_ACTION, following))
    if share_page:
        elements.append(share_button(command, text, ViewState(number)))
    return actions(*elements) if elements else None


def results_reply(
    *,
    title: str,
    page: SearchPage,
    number: int,
    command: str,
    text: str,
    asked: str,
    line: Callable[[Any], str],
    label: Callable[[Any], str],  # a short plain description of a record, already escaped
    empty: str,
    intro: list[Block] | None = None,
    hit_buttons: Callable[[Any], list[Block]] | None = None,
    share_page: bool = True,
) -> Reply:
    """One page of hits, each a section with a Details button, then the range and navigation.

    `hit_buttons` gives a hit more buttons, shown with Details in a row under it; `share_page`
    False leaves out the page's own Share in channel (when each hit is shared on its own).
    """
    blocks = list(intro or [])
    if not page.hits:
        message = (
            _("Nothing matches {asked}.", asked=escape(asked)) if asked else _("Nothing is on record yet.")
        )
        blocks.append(section(f":mag: {message}\n{empty}"))
        return Reply(text=f"{title}: {message} {empty}", blocks=blocks)
    first = (number - 1) * PAGE_SIZE + 1
    last = first + len(page.hits) - 1
    if page.capped:
        count = _(
            "Showing {first}–{last} of more than {window} matches, ranked among the first {window} found; "
            "add words or filters to narrow them.",
            first=first,
            last=last,
            window=figure(WINDOW),
        )
    else:
        count = _("Showing {first}–{last} of {total}.", first=first, last=last, total=figure(page.total))
    blocks.append(header(title))
    if page.suggestion:
        blocks.append(
            section(
                _(
                    ":mag: Did you mean *{words}*? Nothing matched the words as typed, so these are the "
                    "results for *{words}*.",
                    words=escape(page.suggestion),
                )
            )
        )
    blocks.append(context(escape(_("Matching {asked}.", asked=asked) + f" {count}" if asked else count)))
    for hit in page.hits:
        details = details_button(command, text, hit.record.id, number)
        if hit_buttons is None:
            blocks.append(section(line(hit.record), details))
        else:
            blocks.extend([section(line(hit.record)), actions(details, *hit_buttons(hit.record))])
    nav = navigation(command, text, number, page.total, share_page)
    if nav is not None:
        blocks.append(nav)
    found = "; ".join(label(hit.record) for hit in page.hits)
    did_you_mean = _("Did you mean {words}?", words=page.suggestion) + " " if page.suggestion else ""
    asked_text = f": {escape(asked)}" if asked else ""
    return Reply(text=f"{escape(did_you_mean)}{title}{asked_text}. {count} {found}", blocks=blocks)


NOT_ON_RECORD = {
    "arrangement": N_(":information_source: That arrangement is no longer on record; please search again."),
    "document": N_(":information_source: That document is no longer on record; please search again."),
    "programme": N_(":information_source: That programme is no longer on record; please search again."),
}


def not_on_record(what: str) -> Reply:
    return Reply(text=_(NOT_ON_RECORD[what]))
