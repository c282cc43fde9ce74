"""The weekly digest: its periods, what it says, and who gets it by direct message.

A period is named by its scheduled time: the digest due at DIGEST_SCHEDULE's fire time T
covers [the fire before T, T). Everything else (the claim that makes each period go out
once, and the deliveries) is in bot/services/digest_runs.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.services.announcements import posted_between
from bot.services.partnerships import latest_snapshot
from storage.models import (
    Announcement,
    Arrangement,
    DigestSubscription,
    Document,
    PartnershipSnapshot,
)

# How far back to look for the previous scheduled time: widening, so that an hourly schedule
# needs few steps and a yearly one is still found.
SEARCH_WINDOWS = (timedelta(hours=1), timedelta(days=1), timedelta(days=8), timedelta(days=32),
                  timedelta(days=367), timedelta(days=4 * 366))  # fmt: skip


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC; `end` is the scheduled time the digest is due, and names the period."""

    start: datetime
    end: datetime

    @property
    def key(self) -> str:
        return self.end.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def digest_trigger(schedule: str, timezone: str) -> CronTrigger:
    """DIGEST_SCHEDULE (crontab) in DIGEST_TIMEZONE; Settings has already checked both."""
    return CronTrigger.from_crontab(schedule, timezone=ZoneInfo(timezone))


def next_fire(trigger: CronTrigger, after: datetime) -> datetime:
    """The first scheduled time at or after `after` (UTC)."""
    fire: datetime | None = trigger.get_next_fire_time(None, after)
    if fire is None:
        raise ValueError("the digest schedule never fires")
    return fire.astimezone(UTC)


def last_fire(trigger: CronTrigger, at_or_before: datetime) -> datetime:
    """The latest scheduled time at or before `at_or_before` (UTC)."""
    for window in SEARCH_WINDOWS:
        fire = next_fire(trigger, at_or_before - window)
        if fire <= at_or_before:
            while (following := next_fire(trigger, fire + timedelta(microseconds=1))) <= at_or_before:
                fire = following
            return fire
    raise ValueError("the digest schedule has not fired in four years")


def due_period(trigger: CronTrigger, now: datetime) -> Period:
    """The most recent period that is over: the digest that is due (or was due) by `now`."""
    end = last_fire(trigger, now)
    return Period(last_fire(trigger, end - timedelta(microseconds=1)), end)


def open_period(trigger: CronTrigger, now: datetime) -> Period:
    """The period under way: what the next digest will cover (so far, for a preview)."""
    return Period(last_fire(trigger, now), next_fire(trigger, now + timedelta(microseconds=1)))


LISTED_PER_GROUP = 100  # records listed per group; the rest are counted and the user pointed to the command


@dataclass
class DigestContent:
    """What was added in a period, and the published partnership count to set it against.

    Counts come from the database; at most LISTED_PER_GROUP records of each group (each nature
    of arrangement, the documents) are loaded, so a week with a large import stays cheap.
    """

    period: Period
    snapshot: PartnershipSnapshot | None
    arrangements: dict[str, list[Arrangement]] = field(default_factory=dict)
    arrangement_counts: dict[str, int] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    document_count: int = 0
    # Documents already listed before the period whose file (or link) came in it.
    updated_documents: list[Document] = field(default_factory=list)
    updated_document_count: int = 0
    announcements: list[Announcement] = field(default_factory=list)
    has_samples: bool = False

    @property
    def is_empty(self) -> bool:
        return not any(self.counts.values())

    @property
    def counts(self) -> dict[str, int]:
        return {
            "arrangements": sum(self.arrangement_counts.values()),
            "documents": self.document_count,
            "updated documents": self.updated_document_count,
            "announcements": len(self.announcements),
        }


def collect_digest(session: Session, period: Period) -> DigestContent:
    """Arrangements (by nature), documents and announcements added in the period, oldest first, and
    the documents that got their file or link in it (updated).

    Seed documents are what the bot ships with, not news, so they are left out as new; once they
    get their file, that is news.
    """
    start, end = period.start, period.end
    in_period = (Arrangement.added_at >= start, Arrangement.added_at < end)
    counts = {
        nature: count
        for nature, count in session.execute(
            select(Arrangement.nature, func.count()).where(*in_period).group_by(Arrangement.nature)
        )
    }
    # The first LISTED_PER_GROUP of each nature, in one pass over the period (the added_at index).
    place = (
        func.row_number()
        .over(partition_by=Arrangement.nature, order_by=(Arrangement.added_at, Arrangement.id))
        .label("place")
    )
    first = select(Arrangement.id, place).where(*in_period).subquery()
    listed = session.scalars(
        select(Arrangement)
        .join(first, first.c.id == Arrangement.id)
        .where(first.c.place <= LISTED_PER_GROUP)
        .options(selectinload(Arrangement.partner))
        .order_by(Arrangement.added_at, Arrangement.id)
    )
    arrangements: dict[str, list[Arrangement]] = {}
    for arrangement in listed:
        arrangements.setdefault(arrangement.nature, []).append(arrangement)
    has_samples = bool(counts) and bool(
        session.scalar(select(exists().where(*in_period, Arrangement.is_sample.is_(True))))
    )
    # The seed's documents and the old Yammer group's files (imported years after they were shared)
    # are not the week's news.
    not_news = Document.origin.in_(("seed", "yammer"))
    new_documents = (Document.added_at >= start, Document.added_at < end, ~not_news)
    documents = session.scalars(
        select(Document)
        .where(*new_documents)
        .order_by(Document.added_at, Document.id)
        .limit(LISTED_PER_GROUP)
    )
    updated = (
        Document.file_updated_at >= start,
        Document.file_updated_at < end,
        or_(Document.added_at < start, Document.origin == "seed"),
        Document.origin != "yammer",
    )
    updated_documents = session.scalars(
        select(Document)
        .where(*updated)
        .order_by(Document.file_updated_at, Document.id)
        .limit(LISTED_PER_GROUP)
    )
    return DigestContent(
        period=period,
        snapshot=latest_snapshot(session),
        arrangements=arrangements,
        arrangement_counts=counts,
        documents=list(documents),
        document_count=session.scalar(select(func.count()).select_from(Document).where(*new_documents)) or 0,
        updated_documents=list(updated_documents),
        updated_document_count=session.scalar(select(func.count()).select_from(Document).where(*updated))
        or 0,
        announcements=posted_between(session, start, end),
        has_samples=has_samples,
    )


def next_digest(session: Session, trigger: CronTrigger, now: datetime) -> tuple[DigestContent, datetime]:
    """What the next digest says so far, and when it goes out: what `/digest preview` and
    `python -m bot digest --preview` show alike."""
    return collect_digest(session, open_period(trigger, now)), next_fire(trigger, now)


def subscription(session: Session, user_id: str) -> DigestSubscription | None:
    return session.scalars(
        select(DigestSubscription).where(DigestSubscription.user_id == user_id)
    ).one_or_none()


def subscribe(session: Session, user_id: str) -> bool:
    """Turn on the digest by DM for this user; False if it was already on."""
    existing = subscription(session, user_id)
    if existing is not None:
        was_active = existing.active
        existing.active = True
        session.flush()
        return not was_active
    session.add(DigestSubscription(user_id=user_id, active=True))
    session.flush()
    return True


def unsubscribe(session: Session, user_id: str) -> bool:
    """Turn off the digest by DM for this user; False if it was not on."""
    existing = subscription(session, user_id)
    if existing is None or not existing.active:
        return False
    existing.active = False
    session.flush()
    return True


def active_subscribers(session: Session) -> list[str]:
    """User ids of everyone who gets the digest by DM, in the order they subscribed."""
    return list(
        session.scalars(
            select(DigestSubscription.user_id)
            .where(DigestSubscription.active.is_(True))
            .order_by(DigestSubscription.id)
        )
    )


def dm_channel(session: Session, user_id: str) -> str | None:
    """The DM channel already opened for this user, if any."""
    return session.scalar(
        select(DigestSubscription.dm_channel_id).where(DigestSubscription.user_id == user_id)
    )


def remember_dm_channel(session: Session, user_id: str, channel_id: str) -> None:
    """Keep the DM channel so the next digest needs no conversations.open (a slower rate tier)."""
    existing = subscription(session, user_id)
    if existing is not None:
        existing.dm_channel_id = channel_id
        session.flush()
