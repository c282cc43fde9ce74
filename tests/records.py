"""Small builders of sample records for tests; every one is marked as a sample."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Arrangement, Partner, Programme


def partner(session: Session, name: str, country: str | None = None, kind: str = "government") -> Partner:
    found = session.scalars(select(Partner).where(Partner.name == name)).one_or_none()
    if found is None:
        found = Partner(name=name, country=country, kind=kind, is_sample=True)
        session.add(found)
        session.flush()
    return found


def programme(session: Session, slug: str) -> Programme:
    return session.scalars(select(Programme).where(Programme.slug == slug)).one()


def arrangement(
    session: Session,
    ref: str,
    partner_name: str,
    nature: str = "mou",
    title: str | None = None,
    member_state: str | None = None,
    programme_slug: str | None = None,
    summary: str = "",
    signed_on: date | None = None,
    sdgs: list[str] | None = None,
    support_kinds: list[str] | None = None,
    ends_on: date | None = None,
) -> Arrangement:
    record = Arrangement(
        ends_on=ends_on,
        ref=ref,
        title=title or f"Sample arrangement {ref}",
        nature=nature,
        partner=partner(session, partner_name),
        programme=programme(session, programme_slug) if programme_slug else None,
        member_state=member_state,
        summary=summary,
        signed_on=signed_on,
        sdgs=sdgs or [],
        support_kinds=support_kinds or [],
        is_sample=True,
    )
    session.add(record)
    session.flush()
    return record
