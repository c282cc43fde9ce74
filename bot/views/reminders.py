"""Reminders before arrangements end (to the secretariat), and `/partnerships expiring`."""

from __future__ import annotations

from datetime import date

from bot.i18n import _, _n, figure
from bot.services.reminders import MAX_DAYS, Due
from bot.views.blocks import Block, Reply, context, escape, header, hint, section
from bot.views.partnerships import arrangement_label, day, is_sample, nature_label
from bot.views.results import PAGE_SIZE, details_button, navigation
from storage.models import Arrangement

PER_PART = 40  # arrangements in one message: 40 sections, the header and notes stay under 50 blocks
MAX_LISTED = 200  # five messages at most; the rest are counted and the command named
EXPIRING_COMMAND = "/partnerships"


def days_left(days: int) -> str:
    if days == 0:
        return _("*ends today*")
    return _n("*{count} day left*", "*{count} days left*", days)


def reminder_line(arrangement: Arrangement, left: int, threshold: int | None = None) -> str:
    """Partner, nature, programme, end date and days left."""
    programme = escape(arrangement.programme.name) if arrangement.programme else _("no programme linked")
    sample = " " + _("(sample: fictional, not IMO data)") if is_sample(arrangement) else ""
    reminder = (
        " · " + _n("{count}-day reminder", "{count}-day reminder", threshold) if threshold is not None else ""
    )
    ends = _("Ends {date}", date=day(arrangement.ends_on))
    return (
        f"*{escape(arrangement.partner.name)}*{sample} · {nature_label(arrangement.nature)} · {programme}\n"
        f"{ends} · {days_left(left)}{reminder}\n_{escape(arrangement.title)}_"
    )


def ending_label(arrangement: Arrangement) -> str:
    """ "Partner, nature, year, ends 1 Dec 2026": for the fallback text."""
    return _(
        "{arrangement}, ends {date}",
        arrangement=arrangement_label(arrangement),
        date=day(arrangement.ends_on),
    )


def reminder_parts(owed: list[Due], on: date, widest: int) -> list[Reply]:
    """One message (in parts of PER_PART) listing each arrangement owed a reminder once."""
    listed, more = owed[:MAX_LISTED], len(owed) - MAX_LISTED
    chunks = [listed[start : start + PER_PART] for start in range(0, len(listed), PER_PART)]
    parts = []
    for number, chunk in enumerate(chunks, start=1):
        blocks: list[Block] = []
        if number == 1:
            blocks.append(
                header(
                    _n(
                        ":hourglass_flowing_sand: {count} arrangement ends soon",
                        ":hourglass_flowing_sand: {count} arrangements end soon",
                        len(owed),
                    )
                )
            )
            blocks.append(context(_("Reminders of {date}, for the Partnerships Section.", date=day(on))))
        if len(chunks) > 1:
            blocks.append(context(_("Part {number} of {total}", number=number, total=len(chunks))))
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
                    _n(
                        "…and {count} more ending within {days} days: {command} lists them all.",
                        "…and {count} more ending within {days} days: {command} lists them all.",
                        more,
                        days=widest,
                        command=f"`/partnerships expiring days:{widest}`",
                    )
                )
            )
        names = "; ".join(ending_label(due.arrangement) for due in chunk)
        parts.append(
            Reply(text=_("Arrangements ending soon: {names}", names=names), blocks=blocks, public=True)
        )
    return parts


def nothing_owed(on: date) -> str:
    return _(
        "No reminder is owed on {date}: nothing ends within the reminder days that was not reminded.",
        date=day(on),
    )


def expiring_reply(
    arrangements: list[Arrangement], total: int, page: int, days: int, on: date, text: str
) -> Reply:
    """One page of the arrangements ending within `days`, soonest first, with Details and paging."""
    title = _n("Arrangements ending within {count} day", "Arrangements ending within {count} days", days)
    if not arrangements:
        message = _n(
            "No arrangement on record ends in the next {count} day (from {date}).",
            "No arrangement on record ends in the next {count} days (from {date}).",
            days,
            date=day(on),
        )
        shown: list[Block] = [section(f":calendar: {message}")]
        wider = 365 if days < 365 else MAX_DAYS  # a wider window than the one just asked, if any is left
        if days < wider:
            shown.append(
                hint(_("Try more days, e.g. {example}.", example=f"`/partnerships expiring days:{wider}`"))
            )
        return Reply(text=f"{title}: {message}", blocks=shown)
    first = (page - 1) * PAGE_SIZE + 1
    count = _(
        "Showing {first}–{last} of {total}, ending soonest first.",
        first=first,
        last=first + len(arrangements) - 1,
        total=figure(total),
    )
    blocks: list[Block] = [header(title), context(_("From {date}.", date=day(on)) + f" {count}")]
    for arrangement in arrangements:
        assert arrangement.ends_on is not None
        line = reminder_line(arrangement, (arrangement.ends_on - on).days)
        blocks.append(section(line, details_button(EXPIRING_COMMAND, text, arrangement.id, page)))
    nav = navigation(EXPIRING_COMMAND, text, page, total)
    if nav is not None:
        blocks.append(nav)
    names = "; ".join(ending_label(a) for a in arrangements)
    return Reply(text=f"{title}. {count} {names}", blocks=blocks)
