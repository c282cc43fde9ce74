"""NKPOs: what the role is and how to designate one, and a member state's NKPO when on record.

Countries are recognised by name, common variant ("UK", "Turkey"/"Türkiye", "Cote d'Ivoire")
or ISO 3166-1 alpha-2/alpha-3 code, from storage/seed/countries.tsv; a near miss ("Djibuti")
is taken as the closest name. People come only from the `nkpos` table: nothing is invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.text import fold
from storage.models import AnswerCard, Document, Nkpo
from storage.seed import SEED_DIR

COUNTRIES_FILE = SEED_DIR / "countries.tsv"
NKPO_CARDS = ("what-is-an-nkpo", "designate-an-nkpo")
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    name: str
    other_names: tuple[str, ...]


@dataclass(frozen=True)
class CountryMatch:
    country: Country
    guessed: bool  # True when the typed name was a near miss


@dataclass
class NkpoGuide:
    """What an NKPO is and how to designate one, with the designation document if listed."""

    cards: list[AnswerCard]
    document: Document | None


def _key(text: str) -> str:
    words = WORD.findall(fold(text).replace("'", "").replace("’", ""))
    return " ".join(words[1:] if words[:1] == ["the"] else words)


@cache
def countries() -> tuple[dict[str, Country], dict[str, Country]]:
    """Countries by every name (as matching keys) and by ISO code (lower case)."""
    by_name: dict[str, Country] = {}
    by_code: dict[str, Country] = {}
    for line in COUNTRIES_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        iso2, iso3, name, others = line.split("\t")
        country = Country(iso2, iso3, name, tuple(filter(None, others.split("|"))))
        for alias in (name, *country.other_names):
            by_name.setdefault(_key(alias), country)
        by_code[iso2.lower()] = by_code[iso3.lower()] = country
    return by_name, by_code


@cache
def country_words() -> frozenset[str]:
    """Every word of every country's names, folded: words that say nothing of what is asked
    ("greetings from Vanuatu")."""
    by_name, _ = countries()
    return frozenset(word for name in by_name for word in name.split() if len(word) > 2)


def country_codes_in(text: str) -> frozenset[str]:
    """The ISO codes of countries typed in capitals in `text` ("NKPO for KEN"), folded."""
    _, by_code = countries()
    return frozenset(code.casefold() for code in re.findall(r"\b[A-Z]{2,3}\b", text)) & by_code.keys()


def resolve_country(text: str, guess: bool = True) -> CountryMatch | None:
    """The country meant by `text` (name, variant or ISO code), or None if nothing is close;
    with `guess` false, None unless `text` is exactly a name, variant or code."""
    key = _key(text)
    if not key:
        return None
    by_name, by_code = countries()
    if key in by_name:
        return CountryMatch(by_name[key], guessed=False)
    if key.replace(" ", "") in by_code and len(key.replace(" ", "")) in (2, 3):
        return CountryMatch(by_code[key.replace(" ", "")], guessed=False)
    if len(key) < 4 or not guess:
        return None
    best = process.extractOne(key, list(by_name), scorer=fuzz.ratio, score_cutoff=80)
    return None if best is None else CountryMatch(by_name[best[0]], guessed=True)


def nkpo_for(session: Session, country: Country) -> Nkpo | None:
    """The NKPO on record for this country, matched by ISO code or by name."""
    names = [name.lower() for name in (country.name, *country.other_names)]
    return session.scalars(
        select(Nkpo)
        .where(
            or_(
                Nkpo.iso2 == country.iso2, Nkpo.iso3 == country.iso3, func.lower(Nkpo.member_state).in_(names)
            )
        )
        .limit(1)
    ).one_or_none()


def nkpo_guide(session: Session) -> NkpoGuide:
    """The seeded answers on the NKPO role and designation, and the document they point to."""
    found = {
        card.slug: card for card in session.scalars(select(AnswerCard).where(AnswerCard.slug.in_(NKPO_CARDS)))
    }
    cards = [found[slug] for slug in NKPO_CARDS if slug in found]
    symbols = [card.link_ref for card in cards if card.link_kind == "document" and card.link_ref]
    document = (
        session.scalars(select(Document).where(Document.symbol.in_(symbols)).limit(1)).one_or_none()
        if symbols
        else None
    )
    return NkpoGuide(cards, document)
