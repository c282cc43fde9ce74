"""ITCP programmes: the dated ITCP picture from the seed, programme details and the scope filter."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from bot.i18n import _
from bot.services.partnerships import shown
from bot.services.search import Filters
from bot.text import InputError
from storage.models import SCOPES, AnswerCard, Arrangement, Document, Programme, document_programmes

# The answer cards that say what the ITCP is, its figures (with their period) and how TC is funded.
ITCP_CARDS = ("itcp-overview", "itcp-2018-2019", "tc-funding")


@dataclass
class ProgrammeDetail:
    programme: Programme
    arrangement_count: int
    arrangements: list[Arrangement]
    documents: list[Document]


def itcp_picture(session: Session) -> list[AnswerCard]:
    """The seeded ITCP facts (16 global + 8 regional programmes, USD 13,000,000 in 2018-2019...)."""
    cards = {
        card.slug: card for card in session.scalars(select(AnswerCard).where(AnswerCard.slug.in_(ITCP_CARDS)))
    }
    return [cards[slug] for slug in ITCP_CARDS if slug in cards]


def programme_detail(
    session: Session, programme_id: int, shown_arrangements: int = 5
) -> ProgrammeDetail | None:
    """A programme with the arrangements linked to it (newest first) and its documents."""
    programme = session.get(Programme, programme_id)
    if programme is None:
        return None
    linked = select(Arrangement).where(Arrangement.programme_id == programme_id)
    count = session.scalar(select(func.count()).select_from(linked.subquery())) or 0
    arrangements = list(
        session.scalars(
            linked.options(joinedload(Arrangement.partner))
            .order_by(Arrangement.signed_on.desc().nulls_last(), Arrangement.id.desc())
            .limit(shown_arrangements)
        )
    )
    documents = list(
        session.scalars(
            select(Document)
            .join(document_programmes, document_programmes.c.document_id == Document.id)
            .where(document_programmes.c.programme_id == programme_id)
            .order_by(Document.symbol)
        )
    )
    return ProgrammeDetail(programme, count, arrangements, documents)


def programme_filters(raw: dict[str, str]) -> Filters:
    """`scope:global` or `scope:regional`; InputError otherwise."""
    if "scope" not in raw:
        return Filters()
    scope = raw["scope"].lower()
    if scope not in SCOPES:
        raise InputError(
            _("`scope:` can be `global` or `regional`, not {value}.", value=f"`{shown(raw['scope'])}`")
        )
    return Filters(scope=scope)
