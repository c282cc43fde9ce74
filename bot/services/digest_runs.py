"""Exactly once: claiming a run (a digest period, a reminders run, a usage report), and recording
each recipient's delivery.

- The claim is the INSERT of the period's `digest_runs` row (unique `period_key`), made with
  one `digest_deliveries` row per recipient in the same transaction. A second process making
  the same claim waits for the first to commit and then gets an IntegrityError: the period
  is someone else's, and nothing is sent twice.
- The owner beats `heartbeat_at` as it goes, and checks it still owns the run before each
  delivery. A run left "sending" with an old heartbeat (its owner died), or "incomplete"
  (some recipients failed), is taken over by one conditional UPDATE: one taker wins.
- Each message part is recorded sent (`parts_sent`) in its own transaction right after Slack
  accepts it. A delivery is marked "sending" while its parts go out, so after a crash the one
  part that may have reached Slack unrecorded is known (see bot/digest_sender.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from bot.services.digest import Period, active_subscribers
from storage.db import rows_changed
from storage.models import DigestDelivery, DigestRun

# Longer than the longest single Web API call with its retries (3 x Retry-After of up to ~60 s,
# or 3 timeouts of 10 s), so that a live owner waiting on Slack is not mistaken for a dead one.
STALE_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 5
OWED = ("pending", "sending")


@dataclass(frozen=True)
class RunTally:
    """How a run's deliveries stand."""

    total: int
    sent: int
    owed: int
    failed: int


def find_run(session: Session, period_key: str) -> DigestRun | None:
    return session.scalars(select(DigestRun).where(DigestRun.period_key == period_key)).one_or_none()


def claim_period(
    session: Session,
    period: Period,
    parts: list[dict[str, Any]],
    counts: dict[str, int],
    digest_channel: str | None,
    owner: str,
    now: datetime,
) -> DigestRun:
    """Claim the digest's period: its run row, with the frozen message parts and one delivery per
    recipient (DIGEST_CHANNEL, then each subscriber by DM).

    Make this the first write of a fresh transaction and commit straight after: the INSERT is
    the claim. Raises IntegrityError when the period is already claimed.
    """
    recipients = [("channel", digest_channel)] if digest_channel else []
    recipients += [("dm", user_id) for user_id in active_subscribers(session)]
    return claim_run(session, "digest", period.key, period, parts, counts, recipients, owner, now)


def claim_run(
    session: Session,
    kind: str,
    key: str,
    period: Period,
    parts: list[dict[str, Any]],
    counts: dict[str, int],
    recipients: list[tuple[str, str]],
    owner: str,
    now: datetime,
    translated: dict[str, list[dict[str, Any]]] | None = None,
    languages: dict[str, str] | None = None,
) -> DigestRun:
    """Claim a run of any kind (digest, reminders, usage) under its unique key, with one delivery per
    recipient ("channel" or "dm", and the id). IntegrityError when the key is taken. A run written in
    several languages keeps each one's parts (`translated`) and each recipient's language (`languages`);
    `parts` is then the copy in DEFAULT_LANGUAGE, for a recipient with none."""
    summary: dict[str, Any] = {"counts": counts, "parts": parts}
    if translated and languages:
        summary |= {"translated": translated, "languages": languages}
    run = DigestRun(
        kind=kind,
        period_key=key,
        period_start=period.start,
        period_end=period.end,
        status="sending",
        claimed_by=owner,
        claimed_at=now,
        heartbeat_at=now,
        summary=summary,
    )
    session.add(run)
    session.flush()
    session.add_all(DigestDelivery(run_id=run.id, kind=kind_, recipient=r) for kind_, r in recipients)
    session.flush()
    return run


def owed_runs(
    session: Session, kind: str, ended_since: datetime, also_key: str | None = None
) -> list[DigestRun]:
    """Runs of this kind not finished ("sending" or "incomplete") whose period ended since `ended_since`."""
    recent = DigestRun.period_end >= ended_since
    return list(
        session.scalars(
            select(DigestRun)
            .where(
                DigestRun.kind == kind,
                DigestRun.status.in_(("sending", "incomplete")),
                or_(recent, DigestRun.period_key == also_key) if also_key else recent,
            )
            .order_by(DigestRun.period_end)
        )
    )


def is_stale(run: DigestRun, now: datetime) -> bool:
    return run.status == "incomplete" or run.heartbeat_at < now - STALE_AFTER


def take_over(session: Session, run_id: int, owner: str, now: datetime) -> bool:
    """Become the owner of an unfinished run whose owner is gone; False if it is not up for grabs."""
    changed = rows_changed(
        session,
        update(DigestRun)
        .where(
            DigestRun.id == run_id,
            or_(
                DigestRun.status == "incomplete",
                (DigestRun.status == "sending") & (DigestRun.heartbeat_at < now - STALE_AFTER),
            ),
        )
        .values(status="sending", claimed_by=owner, heartbeat_at=now),
    )
    return changed == 1


def beat(session: Session, run_id: int, owner: str, now: datetime) -> bool:
    """Refresh the heartbeat; False if another process has taken the run over."""
    changed = rows_changed(
        session,
        update(DigestRun)
        .where(DigestRun.id == run_id, DigestRun.claimed_by == owner)
        .values(heartbeat_at=now),
    )
    return changed == 1


def owed_deliveries(session: Session, run_id: int) -> list[DigestDelivery]:
    """Deliveries still to make (the channel first, then DMs in the order they were created)."""
    return list(
        session.scalars(
            select(DigestDelivery)
            .where(DigestDelivery.run_id == run_id, DigestDelivery.status.in_(OWED))
            .order_by(DigestDelivery.id)
        )
    )


def in_flight(session: Session, run_id: int) -> list[DigestDelivery]:
    """Deliveries a dead owner was in the middle of: one part may have reached Slack unrecorded."""
    return list(
        session.scalars(
            select(DigestDelivery).where(DigestDelivery.run_id == run_id, DigestDelivery.status == "sending")
        )
    )


def unsent_deliveries(session: Session, run_id: int) -> list[DigestDelivery]:
    """Deliveries that failed at least once and are not sent (owed again, or given up)."""
    return list(
        session.scalars(
            select(DigestDelivery)
            .where(
                DigestDelivery.run_id == run_id,
                DigestDelivery.status != "sent",
                DigestDelivery.last_error.is_not(None),
            )
            .order_by(DigestDelivery.id)
        )
    )


def start_delivery(session: Session, delivery: DigestDelivery) -> None:
    """Mark the delivery in flight and count the attempt (commit before sending anything)."""
    delivery.status = "sending"
    delivery.attempts += 1
    session.flush()


def part_sent(session: Session, delivery: DigestDelivery, ts: str, total_parts: int, now: datetime) -> None:
    """Record one more part accepted by Slack (commit at once); the last one completes the delivery."""
    delivery.parts_sent += 1
    delivery.message_ts = delivery.message_ts or ts
    delivery.last_error = None
    if delivery.parts_sent >= total_parts:
        delivery.status = "sent"
        delivery.sent_at = now
    session.flush()


def delivery_failed(session: Session, delivery: DigestDelivery, error: str) -> None:
    """Record a failure: owed again (the next run retries it), or given up after MAX_ATTEMPTS."""
    delivery.status = "failed" if delivery.attempts >= MAX_ATTEMPTS else "pending"
    delivery.last_error = error[:500]
    session.flush()


def tally(session: Session, run_id: int) -> RunTally:
    rows = session.execute(
        select(DigestDelivery.status, func.count())
        .where(DigestDelivery.run_id == run_id)
        .group_by(DigestDelivery.status)
    ).all()
    counts = {status: int(count) for status, count in rows}
    return RunTally(
        total=sum(counts.values()),
        sent=counts.get("sent", 0),
        owed=sum(counts.get(status, 0) for status in OWED),
        failed=counts.get("failed", 0),
    )


def finish_run(session: Session, run: DigestRun, owner: str, now: datetime, outcome: str) -> RunTally:
    """Close our pass over the run: "done" when nothing is owed, else "incomplete" (retried later)."""
    counts = tally(session, run.id)
    status = "incomplete" if counts.owed else "done"
    session.execute(
        update(DigestRun)
        .where(DigestRun.id == run.id, DigestRun.claimed_by == owner)
        .values(
            status=status,
            heartbeat_at=now,
            finished_at=now if status == "done" else None,
            summary={**run.summary, "outcome": outcome},
        )
    )
    return counts
