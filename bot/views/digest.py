"""The digest as Slack messages: split into parts within Slack's limits; preview and status replies."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.i18n import N_, _, _n, current_language, day_and_time, day_month, figure, month_year, short_date
from bot.services.charts import ChartData
from bot.services.digest import DigestContent, Period
from bot.views.blocks import (
    MAX_BLOCKS,
    Block,
    Reply,
    context,
    divider,
    escape,
    header,
    section,
    split_text,
)
from storage.models import (
    NATURE_LABELS,
    NATURES,
    Arrangement,
    DigestSubscription,
    Document,
    PartnershipSnapshot,
)

PART_BLOCKS = MAX_BLOCKS - 2  # room for the "part i of n" note and the footer
PART_CHARS = 12_000  # long enough to carry a lot, short enough to read without "see more"
FOOTER = N_(
    "`/digest subscribe` gets this by direct message · `/digest unsubscribe` stops it · "
    "`/digest preview` shows the next one"
)
SAMPLE_NOTE = N_(":test_tube: Records marked _sample_ are demonstration data, not IMO arrangements.")
NATURE_TITLES = {
    "loa": N_("Letters of agreement (LoAs)"),
    "mou": N_("MoUs / framework agreements"),
    "ipa": N_("Implementing partner agreements (IPAs)"),
}


def when(moment: datetime, timezone: str) -> str:
    return day_and_time(moment.astimezone(ZoneInfo(timezone)))


def period_label(period: Period, timezone: str) -> str:
    zone = ZoneInfo(timezone)
    start, end = period.start.astimezone(zone), period.end.astimezone(zone)
    return f"{day_month(start.date())} – {short_date(end.date())}"


def summary_line(content: DigestContent) -> str:
    counts = content.counts
    parts = [
        _n("{count} new arrangement", "{count} new arrangements", counts["arrangements"]),
        _n("{count} document", "{count} documents", counts["documents"]),
    ]
    if counts["updated documents"]:
        parts.append(_n("{count} document updated", "{count} documents updated", counts["updated documents"]))
    parts.append(_n("{count} announcement", "{count} announcements", counts["announcements"]))
    return ", ".join(parts)


def snapshot_line(snapshot: PartnershipSnapshot | None) -> str:
    if snapshot is None:
        return ":bar_chart: " + _("No published count of partnership arrangements is on record yet.")
    return _(
        ":bar_chart: *{total}* partnership arrangements in force as at {date} ({source}).",
        total=figure(snapshot.total),
        date=month_year(current_language(), snapshot.as_at),
        source=escape(snapshot.source),
    )


def _listed(lines: list[str], total: int, more_hint: str) -> list[str]:
    """The listed lines, and how many more there are (the service loads at most LISTED_PER_GROUP)."""
    if total <= len(lines):
        return lines
    return [*lines, _("…and {count} more: {hint}", count=figure(total - len(lines)), hint=more_hint)]


def _group_sections(title: str, lines: list[str]) -> list[Block]:
    return [section(piece) for piece in split_text(f"*{title}*\n" + "\n".join(lines))]


def _body_blocks(content: DigestContent) -> list[Block]:
    blocks: list[Block] = []
    counts = content.counts
    if counts["arrangements"]:
        blocks.append(divider())
        new = _("New partnership arrangements: {count}", count=figure(counts["arrangements"]))
        blocks.append(section(f":handshake: *{new}*"))
        for nature in NATURES:
            total = content.arrangement_counts.get(nature, 0)
            if total:
                lines = [_arrangement_line(item) for item in content.arrangements.get(nature, [])]
                title = f"{_(NATURE_TITLES.get(nature, NATURE_LABELS[nature]))}: {figure(total)}"
                blocks += _group_sections(title, _listed(lines, total, "`/partnerships`"))
    if counts["documents"]:
        lines = []
        for document in content.documents:
            lines.append(f"• *{_document_name(document)}* {escape(document.title)}")
        blocks.append(divider())
        blocks += _group_sections(
            ":page_facing_up: "
            + _("New in the document library: {count}", count=figure(counts["documents"])),
            _listed(lines, counts["documents"], "`/docs`"),
        )
    if counts["updated documents"]:
        lines = []
        for document in content.updated_documents:
            held = _("its file is now in the library") if document.stored_name else _("it is now online")
            lines.append(f"• *{_document_name(document)}* {escape(document.title)} · {held}")
        blocks.append(divider())
        blocks += _group_sections(
            ":arrows_counterclockwise: "
            + _("Updated in the document library: {count}", count=figure(counts["updated documents"])),
            _listed(lines, counts["updated documents"], "`/docs`"),
        )
    if content.announcements:
        lines = []
        for announcement in content.announcements:
            title = announcement.title or announcement.body.split("\n", 1)[0]
            where = (
                " " + _("in {channel}", channel=f"<#{announcement.channel_id}>")
                if announcement.channel_id
                else ""
            )
            posted = short_date(announcement.posted_at.date()) if announcement.posted_at else ""
            lines.append(f"• *{escape(title[:200])}* · {posted}{where}")
        blocks.append(divider())
        blocks += _group_sections(":mega: " + _("Announcements: {count}", count=figure(len(lines))), lines)
    return blocks


def _document_name(document: Document) -> str:
    """The document's symbol, linked to it when it has a link."""
    return f"<{document.url}|{escape(document.symbol)}>" if document.url else escape(document.symbol)


def _arrangement_line(item: Arrangement) -> str:
    line = f"• *{escape(item.title)}* · {escape(item.partner.name)} · `{escape(item.ref)}`"
    if item.signed_on:
        line += " · " + _("signed {date}", date=short_date(item.signed_on))
    if item.is_sample:
        line += " · _{}_".format(_("sample"))
    return line


def _size(blocks: list[Block]) -> int:
    return len(json.dumps(blocks))


def _layout(content: DigestContent, timezone: str, late: bool) -> tuple[list[list[Block]], list[Block], str]:
    """The digest's blocks cut into parts, the blocks that close the last part, and the fallback text."""
    period = content.period
    label = period_label(period, timezone)
    intro: list[Block] = [
        header(_("NKPO digest · {period}", period=label)),
        context(
            _(
                "What was added from {start} to {end} ({timezone})",
                start=when(period.start, timezone),
                end=when(period.end, timezone),
                timezone=timezone,
            )
        ),
    ]
    if late:
        due = when(period.end, timezone)
        intro.append(
            context(
                _(
                    ":hourglass: Sent late: this digest was due {due} ({timezone}).",
                    due=due,
                    timezone=timezone,
                )
            )
        )
    if content.is_empty:
        intro.append(
            section(
                _(
                    ":zzz: *Nothing new this week.* No partnership arrangements, documents or announcements "
                    "were added in this period."
                )
            )
        )
    else:
        intro.append(section(_("*This week:* {summary}.", summary=summary_line(content))))
    intro.append(section(snapshot_line(content.snapshot)))

    parts: list[list[Block]] = [intro]
    for block in _body_blocks(content):
        current = parts[-1]
        if len(current) + 1 > PART_BLOCKS or _size([*current, block]) > PART_CHARS:
            parts.append([])
        parts[-1].append(block)
    tail = [context(_(SAMPLE_NOTE))] if content.has_samples else []
    tail.append(context(_(FOOTER)))
    news = _("nothing new this week.") if content.is_empty else summary_line(content) + "."
    text = _("NKPO digest for {period}:", period=label) + f" {news}"
    return parts, tail, text


def digest_parts(content: DigestContent, timezone: str, late: bool = False) -> list[Reply]:
    """The digest as one or more messages, each within Slack's limits (50 blocks, 3000 a section)."""
    parts, tail, text = _layout(content, timezone, late)
    replies = []
    for number, blocks in enumerate(parts, start=1):
        if len(parts) > 1:
            blocks = [*blocks, context(_("Part {number} of {count}", number=number, count=len(parts)))]
        if number == len(parts):
            blocks = [*blocks, *tail]
        suffix = (
            " ({})".format(_("part {number} of {count}", number=number, count=len(parts)))
            if len(parts) > 1
            else ""
        )
        replies.append(Reply(text=text + suffix, blocks=blocks, public=True))
    return replies


def digest_preview(content: DigestContent, timezone: str, next_at: datetime) -> Reply:
    """What the next digest would say so far, for the asker only (its first message, if it runs to more)."""
    parts, tail, text = _layout(content, timezone, late=False)
    note = _(
        ":eyes: Preview, only you see it. The next digest goes out {when} ({timezone}).",
        when=when(next_at, timezone),
        timezone=timezone,
    )
    if len(parts) > 1:
        note += " " + _("It runs to {count} messages so far; this is the first.", count=len(parts))
    return Reply(
        text=_("Preview.") + f" {text}", blocks=[context(note), *parts[0], *(tail if len(parts) == 1 else [])]
    )


def subscription_status(
    subscription: DigestSubscription | None, digest_channel: str | None, next_at: datetime, timezone: str
) -> Reply:
    if subscription is not None and subscription.active:
        mine = _(":white_check_mark: You get the digest by direct message. `/digest unsubscribe` stops it.")
    else:
        mine = _(
            ":information_source: You don't get the digest by direct message. `/digest subscribe` to get it."
        )
    where = _("It is also posted in {channel}.", channel=f"<#{digest_channel}>") if digest_channel else ""
    goes = _("The next digest goes out {when} ({timezone}).", when=when(next_at, timezone), timezone=timezone)
    text = f"{mine}\n{goes} {where}".strip()
    return Reply(text=text, blocks=[section(text)])


def subscribed(changed: bool, next_at: datetime, timezone: str) -> Reply:
    first = (
        _(
            ":white_check_mark: You're subscribed: the digest will come by direct message, next on {when} "
            "({timezone})."
        )
        if changed
        else _(
            ":white_check_mark: You were already subscribed: the digest will come by direct message, next on "
            "{when} ({timezone})."
        )
    ).format(when=when(next_at, timezone), timezone=timezone)
    text = first + " " + _("`/digest unsubscribe` stops it.")
    return Reply(text=text, blocks=[section(text)])


def unsubscribed(changed: bool, digest_channel: str | None) -> Reply:
    first = _("Done: no more digests by direct message.") if changed else _("You weren't subscribed.")
    where = (
        " " + _("It is still posted in {channel}.", channel=f"<#{digest_channel}>") if digest_channel else ""
    )
    text = f":information_source: {first}{where}"
    return Reply(text=text, blocks=[section(text)])


def week_chart(counts: dict[str, int], period: str) -> ChartData:
    """The digest's chart: the week's new arrangements by nature."""
    natures = [nature for nature in NATURES if counts.get(nature)]
    return ChartData(
        by="nature",
        title=_("New partnership arrangements, {period}", period=period),
        axis=_("Nature"),
        labels=[_(NATURE_LABELS[nature]) for nature in natures],
        values=[counts[nature] for nature in natures],
        source=_("the arrangements added to the NKPO bot's records in the week"),
    )


def week_chart_comment(data: ChartData) -> str:
    total = sum(data.values)
    return _n(
        "The week's {count} new arrangement, by nature.",
        "The week's {count} new arrangements, by nature.",
        total,
    )
