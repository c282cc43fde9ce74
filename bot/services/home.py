"""What the App Home shows a user: the latest additions and their digest subscription."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.digest import subscription
from storage.models import Announcement, Arrangement, Document, Partner


@dataclass(frozen=True)
class Addition:
    """One new arrangement, document or announcement, as the home tab lists it."""

    kind: str
    title: str
    added_at: datetime
    is_sample: bool = False


def latest_additions(session: Session, limit: int = 8) -> list[Addition]:
    """The most recently added arrangements, documents and posted announcements, newest first."""
    arrangements = session.execute(
        select(Arrangement.title, Partner.name, Arrangement.added_at, Arrangement.is_sample)
        .join(Partner, Arrangement.partner_id == Partner.id)
        .order_by(Arrangement.added_at.desc())
        .limit(limit)
    ).all()
    documents = session.execute(
        select(Document.symbol, Document.title, Document.added_at)
        .order_by(Document.added_at.desc())
        .limit(limit)
    ).all()
    announcements = session.execute(
        select(Announcement.title, Announcement.body, Announcement.added_at)
        .where(Announcement.status == "posted", Announcement.deleted_at.is_(None))
        .order_by(Announcement.added_at.desc())
        .limit(limit)
    ).all()
    additions = [
        *(
            Addition("arrangement", f"{title} ({partner})", at, sample)
            for title, partner, at, sample in arrangements
        ),
        *(Addition("document", f"{symbol}: {title}", at) for symbol, title, at in documents),
        *(Addition("announcement", title or body, at) for title, body, at in announcements),
    ]
    additions.sort(key=lambda addition: addition.added_at, reverse=True)
    return additions[:limit]


def digest_subscribed(session: Session, user_id: str) -> bool:
    """Whether the user gets the weekly digest (an active subscription)."""
    found = subscription(session, user_id)
    return found is not None and found.active
