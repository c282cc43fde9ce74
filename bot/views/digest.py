"""The digest as Slack messages: split into parts within Slack's limits; preview and status replies."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

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
from storage.models import NATURE_LABELS, NATURES, Arrangement, DigestSubscription, PartnershipSnapshot

PART_BLOCKS = MAX_BLOCKS - 2  # room for the "part i of n" note and the footer
PART_CHARS = 12_000  # long enough to carry a lot, short enough to read without "see more"
FOOTER = (
    "`/digest subscribe` gets this by direct message · `/digest unsubscribe` stops it · "
    "`/digest preview` shows the next one"
)
SAMPLE_NOTE = ":test_tube: Records marked _sample_ are demonstration data, not IMO arrangements."
NATURE_TITLES = {
    "loa": "Letters of agreement (LoAs)",
    "mou": "MoUs / framework agreements",
    "ipa": "Implementing partner agreements (IPAs)",
}


def when(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%a %d %b %Y, %H:%M")


def period_label(period: Period, timezone: str) -> str:
    zone = ZoneInfo(timezone)
    start, end = period.start.astimezone(zone), period.end.astimezone(zone)
    return f"{start:%d %b} – {end:%d %b %Y}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(content: DigestContent) -> str:
    counts = content.counts
    parts = [_plural(counts["arrangements"], "new arrangement"), _plural(counts["documents"], "document")]
    if counts["updated documents"]:
        parts.append(_plural(counts["updated documents"], "document") + " updated")
    parts.append(_plural(counts["announcements"], "announcement"))
    return ", ".join(parts)


def snapshot_line(snapshot: PartnershipSnapshot | None) -> str:
    if snapshot is None:
        return ":bar_chart: No published count of partnership arrangements is on record yet."
    return (
        f":bar_chart: *{snapshot.total}* partnership arrangements in force as at {snapshot.as_at_label} "
        f"({escape(snapshot.source)})."
    )


def _listed(lines: list[str], total: int, more_hint: str) -> list[str]:
    """The listed lines, and how many more there are (the service loads at most LISTED_PER_GROUP)."""
    if total <= len(lines):
        return lines
    return [*lines, f"…and {total - len(lines)} more: {more_hint}"]


def _group_sections(title: str, lines: list[str]) -> list[Block]:
    return [section(piece) for piece in split_text(f"*{title}*\n" + "\n".join(lines))]


def _body_blocks(content: DigestContent) -> list[Block]:
    blocks: list[Block] = []
    counts = content.counts
    if counts["arrangements"]:
        blocks.append(divider())
        blocks.append(section(f":handshake: *New partnership arrangements: {counts['arrangements']}*"))
        for nature in NATURES:
            total = content.arrangement_counts.get(nature, 0)
            if total:
                lines = [_arrangement_line(item) for item in content.arrangements.get(nature, [])]
                title = f"{NATURE_TITLES.get(nature, NATURE_LABELS[nature])}: {total}"
                blocks += _group_sections(title, _listed(lines, total, "`/partnerships`"))
    if counts["documents"]:
        lines = []
        for document in content.documents:
            name = f"<{document.url}|{escape(document.symbol)}>" if document.url else escape(document.symbol)
            lines.append(f"• *{name}* {escape(document.title)}")
        blocks.append(divider())
        blocks += _group_sections(
            f":page_facing_up: New in the document library: {counts['documents']}",
            _listed(lines, counts["documents"], "`/docs`"),
        )
    if counts["updated documents"]:
        lines = []
        for document in content.updated_documents:
            name = f"<{document.url}|{escape(document.symbol)}>" if document.url else escape(document.symbol)
            held = "its file is now in the library" if document.stored_name else "it is now online"
            lines.append(f"• *{name}* {escape(document.title)} · {held}")
        blocks.append(divider())
        blocks += _group_sections(
            f":arrows_counterclockwise: Updated in the document library: {counts['updated documents']}",
            _listed(lines, counts["updated documents"], "`/docs`"),
        )
    if content.announcements:
        lines = []
        for announcement in content.announcements:
            title = announcement.title or announcement.body.split("\n", 1)[0]
            where = f" in <#{announcement.channel_id}>" if announcement.channel_id else ""
            posted = f"{announcement.posted_at:%d %b}" if announcement.posted_at else ""
            lines.append(f"• *{escape(title[:200])}* · {posted}{where}")
        blocks.append(divider())
        blocks += _group_sections(f":mega: Announcements: {len(lines)}", lines)
    return blocks


def _arrangement_line(item: Arrangement) -> str:
    line = f"• *{escape(item.title)}* · {escape(item.partner.name)} · `{escape(item.ref)}`"
    if item.signed_on:
        line += f" · signed {item.signed_on:%d %b %Y}"
    if item.is_sample:
        line += " · _sample_"
    return line


def _size(blocks: list[Block]) -> int:
    return len(json.dumps(blocks))


def _layout(content: DigestContent, timezone: str, late: bool) -> tuple[list[list[Block]], list[Block], str]:
    """The digest's blocks cut into parts, the blocks that close the last part, and the fallback text."""
    period = content.period
    label = period_label(period, timezone)
    intro: list[Block] = [
        header(f"NKPO digest · {label}"),
        context(
            f"What was added from {when(period.start, timezone)} to {when(period.end, timezone)} ({timezone})"
        ),
    ]
    if late:
        intro.append(
            context(f":hourglass: Sent late: this digest was due {when(period.end, timezone)} ({timezone}).")
        )
    if content.is_empty:
        intro.append(
            section(
                ":zzz: *Nothing new this week.* No partnership arrangements, documents or announcements "
                "were added in this period."
            )
        )
    else:
        intro.append(section(f"*This week:* {summary_line(content)}."))
    intro.append(section(snapshot_line(content.snapshot)))

    parts: list[list[Block]] = [intro]
    for block in _body_blocks(content):
        current = parts[-1]
        if len(current) + 1 > PART_BLOCKS or _size([*current, block]) > PART_CHARS:
            parts.append([])
        parts[-1].append(block)
    tail = [context(SAMPLE_NOTE)] if content.has_samples else []
    tail.append(context(FOOTER))
    text = f"NKPO digest for {label}: " + (
        "nothing new this week." if content.is_empty else summary_line(content) + "."
    )
    return parts, tail, text


def digest_parts(content: DigestContent, timezone: str, late: bool = False) -> list[Reply]:
    """The digest as one or more messages, each within Slack's limits (50 blocks, 3000 a section)."""
    parts, tail, text = _layout(content, timezone, late)
    replies = []
    for number, blocks in enumerate(parts, start=1):
        if len(parts) > 1:
            blocks = [*blocks, context(f"Part {number} of {len(parts)}")]
        if number == len(parts):
            blocks = [*blocks, *tail]
        suffix = f" (part {number} of {len(parts)})" if len(parts) > 1 else ""
        replies.append(Reply(text=text + suffix, blocks=blocks, public=True))
    return replies


def digest_preview(content: DigestContent, timezone: str, next_at: datetime) -> Reply:
    """What the next digest would say so far, for the asker only (its first message, if it runs to more)."""
    parts, tail, text = _layout(content, timezone, late=False)
    note = (
        f":eyes: Preview, only you see it. The next digest goes out {when(next_at, timezone)} ({timezone})."
    )
    if len(parts) > 1:
        note += f" It runs to {len(parts)} messages so far; this is the first."
    return Reply(
        text=f"Preview. {text}", blocks=[context(note), *parts[0], *(tail if len(parts) == 1 else [])]
    )


def subscription_status(
    subscription: DigestSubscription | None, digest_channel: str | None, next_at: datetime, timezone: str
) -> Reply:
    if subscription is not None and subscription.active:
        mine = ":white_check_mark: You get the digest by direct message. `/digest unsubscribe` stops it."
    else:
        mine = (
            ":information_source: You don't get the digest by direct message. `/digest subscribe` to get it."
        )
    where = f"It is also posted in <#{digest_channel}>." if digest_channel else ""
    text = f"{mine}\nThe next digest goes out {when(next_at, timezone)} ({timezone}). {where}".strip()
    return Reply(text=text, blocks=[section(text)])


def subscribed(changed: bool, next_at: datetime, timezone: str) -> Reply:
    first = "You're subscribed" if changed else "You were already subscribed"
    text = (
        f":white_check_mark: {first}: the digest will come by direct message, "
        f"next on {when(next_at, timezone)} ({timezone}). `/digest unsubscribe` stops it."
    )
    return Reply(text=text, blocks=[section(text)])


def unsubscribed(changed: bool, digest_channel: str | None) -> Reply:
    first = "Done: no more digests by direct message." if changed else "You weren't subscribed."
    where = f" It is still posted in <#{digest_channel}>." if digest_channel else ""
    text = f":information_source: {first}{where}"
    return Reply(text=text, blocks=[section(text)])
