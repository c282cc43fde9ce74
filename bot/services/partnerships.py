"""Partnership arrangements and the published snapshot of how many are in force."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import PartnershipSnapshot


def latest_snapshot(session: Session) -> PartnershipSnapshot | None:
    """The most recent published count of arrangements in force, if any is on record."""
    return session.scalars(
        select(PartnershipSnapshot).order_by(PartnershipSnapshot.as_at.desc()).limit(1)
    ).one_or_none()
