"""Reminders before arrangements end (to the secretariat), and `/partnerships expiring`."""

from __future__ import annotations

from datetime import date

from bot.services.reminders import Due
from bot.views.blocks import Block, Reply, context, escape, header, hint, section
from bot.views.partnerships import arrangement_label, day, is_sample
from bot.views.results import PAGE_SIZE, details_button, navigation
from storage.models import NATURE_LABELS, Arrangement

PER_PART = 40  # arrangements in one message: 40 sections, the header and notes stay under 50 blocks
MAX_LISTED = 200  # five messages at most; the rest are counted and the command named
EXPIRING_COMMAND = "/partnerships"


def days_left(days: int) -> str:
    if days == 0:
        return "*ends today*"
    return "*1 day left*" if days == 1 else f"*{days} days left*"


def reminder_line(arrangement: Arrangement, left: int, threshold: int | None = None) -> str:
    """Partner, nature, programme, end date and days left."""
    programme = escape(arrangement.programme.name) if arrangement.programme else "no programme linked"
    sample = " (sample: fictional, not IMO data)" if is_sample(arrangement) else ""
    reminder = f" · {threshold}-day reminder" if threshold is not None else ""
    return (
        f"*{escape(arrangement.partner.name)}*{sample} · {NATURE_LABELS[arrangement.nature]} · {programme}\n"
        f"Ends {day(arrangement.ends_on)} · {days_left(left)}{reminder}\n_{escape(arrangement.title)}_"
    )


def reminder_parts(owed: list[Due], on: date, widest: int) -> list[Reply]:
    """One message (in parts of PER_PART) listing each arrangement owed a reminder once."""
    listed, more = owed[:MAX_LISTED], len(owed) - MAX_LISTED
    chunks = [listed[start : start + PER_PART] for start in range(0, len(listed), PER_PART)]
    parts = []
    for number, chunk in enumerate(chunks, start=1):
        blocks: list[Block] = []
        if number == 1:
            count = f"{len(owed)} arrangement" + ("s end" if len(owed) != 1 else " ends")
            blocks.append(header(f":hourglass_flowing_sand: {count} soon"))
            blocks.append(context(f"Reminders of {day(on)}, for the Partnerships Section."))
        if len(chunks) > 1:
            blocks.append(context(f"Part {number} of {len(chunks)}"))
        blocks.extend(
            section(
                reminder_line(due.arrangement, due.days_left, due.threshold),
                details_button(EXPIRING_COMMAND, "", due.arrangement.id, 1),
            )
            for due in chunk
        )
        if number == len(chunks) and more > 0:
            blocks.append(
                context(
                    f"…and {more} more ending within {widest} days: `/partnerships expiring days:{widest}` "
                    "lists them all."
                )
            )
        names = "; ".join(
            f"{arrangement_label(due.arrangement)}, ends {day(due.arrangement.ends_on)}" for due in chunk
        )
        parts.append(Reply(text=f"Arrangements ending soon: {names}", blocks=blocks, public=True))
    return parts


def nothing_owed(on: date) -> str:
    return f"No reminder is owed on {day(on)}: nothing ends within the reminder days that was not reminded."


def expiring_reply(
    arrangements: list[Arrangement], total: int, page: int, days: int, on: date, text: str
) -> Reply:
    """One page of the arrangements ending within `days`, soonest first, with Details and paging."""
    title = f"Arrangements ending within {days} days"
    if not arrangements:
        message = f"No arrangement on record ends in the next {days} days (from {day(on)})."
        return Reply(
            text=f"{title}: {message}",
            blocks=[
                section(f":calendar: {message}"),
                hint("Try more days, e.g. `/partnerships expiring days:365`."),
            ],
        )
    first = (page - 1) * PAGE_SIZE + 1
    count = f"Showing {first}–{first + len(arrangements) - 1} of {total}, ending soonest first."
    blocks: list[Block] = [header(title), context(f"From {day(on)}. {count}")]
    for arrangement in arrangements:
        assert arrangement.ends_on is not None
        line = reminder_line(arrangement, (arrangement.ends_on - on).days)
        blocks.append(section(line, details_button(EXPIRING_COMMAND, text, arrangement.id, page)))
    nav = navigation(EXPIRING_COMMAND, text, page, total)
    if nav is not None:
        blocks.append(nav)
    names = "; ".join(f"{arrangement_label(a)}, ends {day(a.ends_on)}" for a in arrangements)
    return Reply(text=f"{title}. {count} {names}", blocks=blocks)
