"""The audit trail as the secretariat reads it: `/audit` (paged) and `python -m bot audit` (text or CSV)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from bot.services.audit import CLI, CLOCK, IMPORT, AuditQuery, Entry
from bot.views.blocks import Block, Reply, context, escape, header, hint, section, truncate
from bot.views.results import navigation

PAGE = 10
COMMAND = "/audit"
NOT_ALLOWED = ":lock: Only the Partnerships Section can read the audit trail."
SHOWN_VALUE = 120
ACTORS = {IMPORT: "an import", CLOCK: "the clock", CLI: "the command line"}


def moment(entry: Entry) -> str:
    return entry.at.strftime("%Y-%m-%d %H:%M UTC")


def who(actor: str) -> str:
    return ACTORS.get(actor, f"<@{escape(actor)}>")


def value_text(value: Any) -> str:
    if value is None:
        return "none"
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return truncate(" ".join(shown.split()), SHOWN_VALUE)


def change_lines(entry: Entry) -> list[str]:
    """Each changed value: `field: before → after`, or `field: value` when there was none before."""
    lines = []
    for name, (before, after) in entry.changes.items():
        if before is None:
            lines.append(f"{name}: {value_text(after)}")
        else:
            lines.append(f"{name}: {value_text(before)} → {value_text(after)}")
    return lines


def describe_query(query: AuditQuery) -> str:
    parts = [f"“{' '.join(query.words)}”"] if query.words else []
    if query.actor:
        parts.append(f"by {ACTORS.get(query.actor, query.actor)}")
    if query.since:
        parts.append(f"since {query.since.isoformat()}")
    return ", ".join(parts)


def audit_reply(entries: list[Entry], total: int, page: int, query: AuditQuery, text: str) -> Reply:
    """One page of the trail, newest first, with who, when, what and the values before and after."""
    asked = describe_query(query)
    if not entries:
        message = (
            f"Nothing in the audit trail matches {escape(asked)}." if asked else "The audit trail is empty."
        )
        return Reply(text=message, blocks=[section(f":mag: {message}"), hint(usage_hint())])
    first = (page - 1) * PAGE + 1
    count = f"Showing {first}–{first + len(entries) - 1} of {total}, newest first."
    blocks: list[Block] = [
        header("Audit trail"),
        context(escape(f"Matching {asked}. {count}" if asked else count)),
    ]
    for entry in entries:
        details = "\n".join(f"  {escape(line)}" for line in change_lines(entry)[:12])
        blocks.append(
            section(
                f"*{moment(entry)}* · {who(entry.actor)} · `{escape(entry.action)}`\n{escape(entry.subject)}"
                + (f"\n{details}" if details else "")
            )
        )
    nav = navigation(COMMAND, text, page, total, share_page=False, size=PAGE)
    if nav is not None:
        blocks.append(nav)
    blocks.append(hint(usage_hint()))
    lines = "; ".join(f"{moment(e)} {e.actor} {e.action} {e.subject}" for e in entries)
    return Reply(text=f"Audit trail. {count} {escape(lines)}", blocks=blocks)


def usage_hint() -> str:
    return (
        "Narrow it with words, `user:@name` and `since:2026-12-01`; "
        "`python -m bot audit --since 2026-12-01 --csv` exports it."
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
