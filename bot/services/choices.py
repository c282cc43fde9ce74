"""What the forms' type-ahead selects offer (Slack's external_select): records found by what was
typed so far, through the search service, so a symbol or a name is found however it is typed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.services.search import search
from bot.text import clean
from storage.models import Arrangement, Document, Programme

LIMIT = 20
MAX_TYPED = 100


@dataclass(frozen=True)
class Choice:
    label: str
    value: str


def _found(session: Session, kind: str, typed: str) -> list[object]:
    return [hit.record for hit in search(session, kind, clean(typed)[:MAX_TYPED], limit=LIMIT).hits]


def document_choices(session: Session, typed: str, prefix: str = "") -> list[Choice]:
    """Library documents by symbol, title or subject (the newest first when nothing is typed)."""
    found: list[Document] = _found(session, "documents", typed)  # type: ignore[assignment]
    return [Choice(f"{d.symbol}: {d.title}", prefix + d.symbol) for d in found]


def programme_choices(session: Session, typed: str, prefix: str = "") -> list[Choice]:
    """ITCP programmes by name or subject (all of them, by scope and name, when nothing is typed)."""
    found: list[Programme] = _found(session, "programmes", typed)  # type: ignore[assignment]
    return [Choice(p.name, prefix + p.slug) for p in found]


def arrangement_choices(session: Session, typed: str) -> list[Choice]:
    """Arrangements by reference, partner or subject (the latest signed when nothing is typed)."""
    found: list[Arrangement] = _found(session, "arrangements", typed)  # type: ignore[assignment]
    return [Choice(f"{a.ref}: {a.partner.name}, {a.title}", a.ref) for a in found]
