"""What every list of search results shares: the title, the range line, "did you mean",
a Details button per hit, Previous/Next and "Share in channel".

Buttons carry `command text` and the page or record to show (bot.views.blocks.Rerun),
so a click is answered by re-running the command there: no state is kept between requests.
"""

from __future__ import annotations

from collections.abc import Callable
from math import ceil
from typing import Any

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
SAMPLE_NOTE = ":test_tube: _Sample record: fictional, not IMO data._"


def last_page(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, ceil(total / size))


def describe(words: str, filters: Filters) -> str:
    """What was asked for, in words: `ballast water`, type MoU / framework agreement, year 2019."""
    parts = [f"“{words}”"] if words else []
    if filters.nature:
        parts.append(f"type {NATURE_LABELS[filters.nature]}")
    if filters.year:
        parts.append(f"signed in {filters.year}")
    if filters.sdg:
        parts.append(f"SDG {filters.sdg}")
    if filters.scope:
        parts.append(f"{filters.scope} scope")
    if filters.status:
        parts.append("in force" if filters.status == "in_force" else "ended")
    return ", ".join(parts)


def details_button(command: str, text: str, record_id: int, page: int) -> Block:
    return button("Details", DETAILS_ACTION, Rerun(command, text, ViewState(page, record_id)).encode())


def navigation(
    command: str, text: str, number: int, total: int, share_page: bool = True, size: int = PAGE_SIZE
) -> Block | None:
    """Previous / Next where there is somewhere to go, and Share in channel for this page."""
    elements = []
    if number > 1:
        previous = Rerun(command, text, ViewState(number - 1)).encode()
        elements.append(button("◀ Previous", PREVIOUS_ACTION, previous))
    if number < last_page(total, size):
        elements.append(button("Next ▶", NEXT_ACTION, Rerun(command, text, ViewState(number + 1)).encode()))
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
        message = f"Nothing matches {escape(asked)}." if asked else "Nothing is on record yet."
        blocks.append(section(f":mag: {message}\n{empty}"))
        return Reply(text=f"{title}: {message} {empty}", blocks=blocks)
    first = (number - 1) * PAGE_SIZE + 1
    last = first + len(page.hits) - 1
    if page.capped:
        count = (
            f"Showing {first}–{last} of more than {WINDOW:,} matches, ranked among the first "
            f"{WINDOW:,} found; add words or filters to narrow them."
        )
    else:
        count = f"Showing {first}–{last} of {page.total}."
    blocks.append(header(title))
    if page.suggestion:
        blocks.append(
            section(
                f":mag: Did you mean *{escape(page.suggestion)}*? Nothing matched the words as typed, "
                f"so these are the results for *{escape(page.suggestion)}*."
            )
        )
    blocks.append(context(escape(f"Matching {asked}. {count}" if asked else count)))
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
    did_you_mean = f"Did you mean {page.suggestion}? " if page.suggestion else ""
    asked_text = f": {escape(asked)}" if asked else ""
    return Reply(text=f"{escape(did_you_mean)}{title}{asked_text}. {count} {found}", blocks=blocks)


def not_on_record(what: str) -> Reply:
    return Reply(text=f":information_source: That {what} is no longer on record; please search again.")
