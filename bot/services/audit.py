"""The audit trail: every privileged action, who made it, when, and the values before and after.

Each service that makes a privileged change (announcements, documents, imports, answer cards, the
reminder, digest and usage runs) calls `record` in the caller's session, so the row is committed
with the change or not at all. Nothing in the bot updates or deletes a row.

The NKPO directory already records each of its changes in `nkpo_changes` (who, when, field ->
[before, after]); those are not written again here but read with the rest, so `/audit` and
`python -m bot audit` show one trail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import String, Subquery, cast, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from storage.models import AuditEvent, Nkpo, NkpoChange, utcnow

# Who acted, when it was not a Slack user.
IMPORT = "import"
CLOCK = "clock"
CLI = "cli"
MAX_VALUE = 500  # characters of a value kept in the trail (a body of 3,000 is cut)
MENTION = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>")
ACTOR = re.compile(r"^(?:[UW][A-Z0-9]{2,}|import|clock|cli)$", re.IGNORECASE)


def _kept(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_VALUE:
        return value[: MAX_VALUE - 1] + "…"
    if isinstance(value, date):
        return value.isoformat()
    return value


def record(
    session: Session,
    actor: str,
    action: str,
    subject: str,
    changes: Mapping[str, tuple[Any, Any] | list[Any]] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Keep one privileged action: `changes` is field -> (before, after); flushed, not committed."""
    event = AuditEvent(
        at=at or utcnow(),
        actor=actor[:40],
        action=action[:40],
        subject=subject[:200],
        changes={name: [_kept(before), _kept(after)] for name, (before, after) in (changes or {}).items()},
    )
    session.add(event)
    session.flush()
    return event


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose value differs, as field -> (before, after)."""
    return {name: (before.get(name), value) for name, value in after.items() if before.get(name) != value}


def counts(**numbers: int) -> dict[str, tuple[Any, Any]]:
    """Figures of a run (an import, a digest): each as (None, number)."""
    return {name: (None, number) for name, number in numbers.items()}


@dataclass(frozen=True)
class Entry:
    """One line of the trail, from audit_events or nkpo_changes alike."""

    at: datetime
    actor: str
    action: str
    subject: str
    changes: dict[str, list[Any]]

    @property
    def before(self) -> dict[str, Any]:
        return {name: pair[0] for name, pair in self.changes.items() if pair[0] is not None}

    @property
    def after(self) -> dict[str, Any]:
        return {name: pair[1] for name, pair in self.changes.items()}


@dataclass(frozen=True)
class AuditQuery:
    """What to look for: words (in the action, subject or values), who acted, since when (UTC)."""

    words: tuple[str, ...] = ()
    actor: str | None = None
    since: date | None = None


def actor_of(typed: str) -> str | None:
    """The actor a `user:` filter names: a Slack mention (<@U123|name>), a user id, or import, clock,
    cli; None when it names none of them."""
    mention = MENTION.fullmatch(typed.strip())
    value = mention.group(1) if mention else typed.strip().removeprefix("@")
    if not ACTOR.match(value):
        return None
    return (
        value.upper()
        if value[0] in "uUwW" and value.lower() not in ("import", "clock", "cli")
        else value.lower()
    )


def _trail(query: AuditQuery) -> Subquery:
    """Both records as one: at, actor, action, subject, changes, and a tiebreaker."""
    events = select(
        AuditEvent.at.label("at"),
        AuditEvent.actor.label("actor"),
        AuditEvent.action.label("action"),
        AuditEvent.subject.label("subject"),
        AuditEvent.changes.label("changes"),
        AuditEvent.id.label("number"),
        literal(1).label("source"),
    )
    nkpo_action = literal("nkpo.") + NkpoChange.action
    nkpo_subject = literal("NKPO of ") + Nkpo.member_state + literal(": ") + Nkpo.person_name
    directory = select(
        NkpoChange.changed_at,
        NkpoChange.changed_by,
        nkpo_action,
        nkpo_subject,
        NkpoChange.changes,
        NkpoChange.id,
        literal(2),
    ).join(Nkpo, Nkpo.id == NkpoChange.nkpo_id)
    if query.actor:
        events = events.where(AuditEvent.actor == query.actor)
        directory = directory.where(NkpoChange.changed_by == query.actor)
    if query.since:
        start = datetime.combine(query.since, time(), tzinfo=UTC)
        events = events.where(AuditEvent.at >= start)
        directory = directory.where(NkpoChange.changed_at >= start)
    for word in query.words:
        wanted = word.lower()
        events = events.where(
            or_(*(func.lower(text).contains(wanted, autoescape=True)
                  for text in (AuditEvent.action, AuditEvent.subject, cast(AuditEvent.changes, String))))
        )  # fmt: skip
        directory = directory.where(
            or_(*(func.lower(text).contains(wanted, autoescape=True)
                  for text in (nkpo_action, nkpo_subject, NkpoChange.note, cast(NkpoChange.changes, String))))
        )  # fmt: skip
    return union_all(events, directory).subquery()


def _entries(session: Session, query: AuditQuery, limit: int | None, offset: int = 0) -> Iterator[Entry]:
    trail = _trail(query)
    statement = select(trail).order_by(trail.c.at.desc(), trail.c.source, trail.c.number.desc())
    if limit is not None:
        statement = statement.limit(limit).offset(offset)
    for row in session.execute(statement):
        yield Entry(_aware(row.at), row.actor, row.action, row.subject, dict(row.changes or {}))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def audit_page(session: Session, query: AuditQuery, page: int, size: int) -> tuple[list[Entry], int, int]:
    """One page of the trail, newest first: the entries, how many match, and the page shown (the
    last one when `page` is past the end)."""
    trail = _trail(query)
    total = session.scalar(select(func.count()).select_from(trail)) or 0
    page = max(1, min(page, -(-total // size) or 1))
    return list(_entries(session, query, size, (page - 1) * size)), total, page


def audit_since(session: Session, query: AuditQuery) -> Iterator[Entry]:
    """Every entry that matches, newest first (for `python -m bot audit`)."""
    return _entries(session, query, None)
