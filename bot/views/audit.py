"""The audit trail as the secretariat reads it: `/audit` (paged) and `python -m bot audit` (text or CSV)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from bot.i18n import N_, _, figure, short_date
from bot.services.audit import CLI, CLOCK, IMPORT, AuditQuery, Entry
from bot.views.blocks import Block, Reply, context, escape, header, hint, section, truncate
from bot.views.results import navigation

PAGE = 10
COMMAND = "/audit"
NOT_ALLOWED = N_(":lock: Only the Partnerships Section can read the audit trail.")
SHOWN_VALUE = 120
ACTORS = {IMPORT: N_("an import"), CLOCK: N_("the clock"), CLI: N_("the command line")}


def moment(entry: Entry) -> str:
    """When, for the command line's export: ISO-like, in UTC."""
    return entry.at.strftime("%Y-%m-%d %H:%M UTC")


def shown_moment(entry: Entry) -> str:
    """When, for `/audit`: the date in the reader's language, the time in UTC."""
    return _("{date} {time} UTC", date=short_date(entry.at), time=entry.at.strftime("%H:%M"))


def who(actor: str) -> str:
    return _(ACTORS[actor]) if actor in ACTORS else f"<@{escape(actor)}>"


def value_text(value: Any, none: str = "none") -> str:
    if value is None:
        return none
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return truncate(" ".join(shown.split()), SHOWN_VALUE)


def change_lines(entry: Entry, none: str = "none") -> list[str]:
    """Each changed value: `field: before → after`, or `field: value` when there was none before."""
    lines = []
    for name, (before, after) in entry.changes.items():
        if before is None:
            lines.append(f"{name}: {value_text(after, none)}")
        else:
            lines.append(f"{name}: {value_text(before, none)} → {value_text(after, none)}")
    return lines


def describe_query(query: AuditQuery) -> str:
    parts = [f"“{' '.join(query.words)}”"] if query.words else []
    if query.actor:
        actor = _(ACTORS[query.actor]) if query.actor in ACTORS else query.actor
        parts.append(_("by {who}", who=actor))
    if query.since:
        parts.append(_("since {date}", date=short_date(query.since)))
    return ", ".join(parts)


def audit_reply(entries: list[Entry], total: int, page: int, query: AuditQuery, text: str) -> Reply:
    """One page of the trail, newest first, with who, when, what and the values before and after."""
    asked = describe_query(query)
    if not entries:
        message = (
            _("Nothing in the audit trail matches {asked}.", asked=escape(asked))
            if asked
            else _("The audit trail is empty.")
        )
        return Reply(text=message, blocks=[section(f":mag: {message}"), hint(usage_hint())])
    first = (page - 1) * PAGE + 1
    count = _(
        "Showing {first}–{last} of {total}, newest first.",
        first=first,
        last=first + len(entries) - 1,
        total=figure(total),
    )
    blocks: list[Block] = [
        header(_("Audit trail")),
        context(escape(_("Matching {asked}.", asked=asked) + f" {count}" if asked else count)),
    ]
    none = _("none")
    for entry in entries:
        details = "\n".join(f"  {escape(line)}" for line in change_lines(entry, none)[:12])
        blocks.append(
            section(
                f"*{shown_moment(entry)}* · {who(entry.actor)} · `{escape(entry.action)}`\n"
                + escape(entry.subject)
                + (f"\n{details}" if details else "")
            )
        )
    nav = navigation(COMMAND, text, page, total, share_page=False, size=PAGE)
    if nav is not None:
        blocks.append(nav)
    blocks.append(hint(usage_hint()))
    lines = "; ".join(f"{shown_moment(e)} {e.actor} {e.action} {e.subject}" for e in entries)
    return Reply(text=_("Audit trail.") + f" {count} {escape(lines)}", blocks=blocks)


def usage_hint() -> str:
    return _(
        "Narrow it with words, {user} and {since}; {export} exports it.",
        user="`user:@name`",
        since="`since:2026-12-01`",
        export="`python -m bot audit --since 2026-12-01 --csv`",
    )


def write_text(entries: Iterable[Entry], out: TextIO) -> int:
    """The trail as lines for a terminal; how many entries."""
    count = 0
    for entry in entries:
        count += 1
        out.write(f"{moment(entry)}  {entry.actor}  {entry.action}  {entry.subject}\n")
        for line in change_lines(entry):
            out.write(f"    {line}\n")
    return count


def cell(value: str) -> str:
    """A CSV cell a spreadsheet will not read as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_csv(entries: Iterable[Entry], out: TextIO) -> int:
    """The trail as CSV: at (ISO, UTC), actor, action, subject, before and after (JSON); how many."""
    writer = csv.writer(out)
    writer.writerow(["at", "actor", "action", "subject", "before", "after"])
    count = 0
    for entry in entries:
        count += 1
        writer.writerow(
            [
                entry.at.isoformat(),
                cell(entry.actor),
                cell(entry.action),
                cell(entry.subject),
                json.dumps(entry.before, ensure_ascii=False),
                json.dumps(entry.after, ensure_ascii=False),
            ]
        )
    return count
