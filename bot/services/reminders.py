"""Reminders before an arrangement ends, and what ends soon.

An arrangement is owed a reminder when its end date (`ends_on`) is today or later and within the
widest of REMINDER_DAYS, at the tightest threshold it is within (ending in 20 days with 90,30,7:
the 30-day reminder; the 90-day one is past and never sent late). Each (arrangement, end date,
threshold) is claimed once in `reminder_claims`, with the run that carries it
(bot/reminder_sender.py): a re-run finds nothing owed, and an end date changed after a reminder
is owed reminders of its own. No end date, or one in the past: never reminded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session, joinedload

from storage.models import Arrangement, ReminderClaim

MAX_DAYS = 3650


@dataclass(frozen=True)
class Due:
    """An arrangement owed a reminder: the threshold it is reminded at, and the days left."""

    arrangement: Arrangement
    threshold: int
    days_left: int


def today(timezone: str, now: datetime) -> date:
    """The date now is in the clock's time zone (DIGEST_TIMEZONE), which days are counted from."""
    return now.astimezone(ZoneInfo(timezone)).date()


def threshold_for(days_left: int, thresholds: tuple[int, ...]) -> int | None:
    """The tightest threshold `days_left` is within (None when it is beyond them all, or past)."""
    within = [days for days in thresholds if 0 <= days_left <= days]
    return min(within) if within else None


def _ending(on: date, days: int) -> ColumnElement[bool]:
    return and_(Arrangement.ends_on >= on, Arrangement.ends_on <= on + timedelta(days=days))


def owed_reminders(session: Session, thresholds: tuple[int, ...], on: date) -> list[Due]:
    """Arrangements owed a reminder on `on`, ending soonest first."""
    ending = _ending(on, max(thresholds))
    claimed = {
        (arrangement_id, threshold)
        for arrangement_id, threshold in session.execute(
            select(ReminderClaim.arrangement_id, ReminderClaim.threshold)
            .join(
                Arrangement,
                and_(
                    Arrangement.id == ReminderClaim.arrangement_id,
                    Arrangement.ends_on == ReminderClaim.ends_on,
                ),
            )
            .where(ending)
        )
    }
    owed = []
    for arrangement in _listed(session, select(Arrangement).where(ending)):
        assert arrangement.ends_on is not None
        days_left = (arrangement.ends_on - on).days
        threshold = threshold_for(days_left, thresholds)
        if threshold is not None and (arrangement.id, threshold) not in claimed:
            owed.append(Due(arrangement, threshold, days_left))
    return owed


def _listed(session: Session, query: Select[Arrangement]) -> list[Arrangement]:
    """Arrangements with their partner and programme, ending soonest first."""
    options = (joinedload(Arrangement.partner), joinedload(Arrangement.programme))
    return list(session.scalars(query.options(*options).order_by(Arrangement.ends_on, Arrangement.id)))


def claim_reminders(session: Session, run_id: int, owed: list[Due], now: datetime) -> None:
    """Claim each reminder for the run carrying it (in the run's claim transaction): IntegrityError
    when another run has claimed one of them meanwhile."""
    session.add_all(
        ReminderClaim(
            arrangement_id=due.arrangement.id,
            ends_on=due.arrangement.ends_on,
            threshold=due.threshold,
            run_id=run_id,
            claimed_at=now,
        )
        for due in owed
    )
    session.flush()


def expiring(
    session: Session, on: date, days: int, page: int, size: int
) -> tuple[list[Arrangement], int, int]:
    """Arrangements ending from `on` to `days` later, soonest first: one page, how many in all, and
    the page shown (the last one when `page` is past the end)."""
    ending = _ending(on, days)
    total = session.scalar(select(func.count()).select_from(Arrangement).where(ending)) or 0
    page = max(1, min(page, -(-total // size) or 1))
    found = _listed(session, select(Arrangement).where(ending).limit(size).offset((page - 1) * size))
    return found, total, page
