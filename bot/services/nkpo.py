"""NKPOs: what the role is and how to designate one, and a member state's NKPO when on record.

Countries are recognised by name, common variant ("UK", "Turkey"/"Türkiye", "Cote d'Ivoire")
or ISO 3166-1 alpha-2/alpha-3 code, from storage/seed/countries.tsv, and by their French and
Spanish names (CLDR's, through Babel: "Royaume-Uni", "Reino Unido"); a near miss ("Djibuti")
is taken as the closest name. People come only from the `nkpos` table: nothing is invented.
The directory itself (adding, editing, registrations, history) is bot/services/nkpo_directory.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale
from rapidfuzz import fuzz, process
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.text import fold
from storage.models import AnswerCard, Document, Nkpo
from storage.seed import SEED_DIR

COUNTRIES_FILE = SEED_DIR / "countries.tsv"
NKPO_CARDS = ("what-is-an-nkpo", "designate-an-nkpo")
OTHER_LANGUAGES = ("fr", "es")
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
    """Countries by every name (as matching keys) and by ISO code (lower case). An English name or
    variant is never shadowed by another country's French or Spanish name."""
    by_name: dict[str, Country] = {}
    by_code: dict[str, Country] = {}
    translated = [Locale.parse(language).territories for language in OTHER_LANGUAGES]
    found: list[tuple[Country, list[str]]] = []
    for line in COUNTRIES_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        iso2, iso3, name, others = line.split("\t")
        english = [name, *filter(None, others.split("|"))]
        foreign = [str(names[iso2]) for names in translated if iso2 in names]
        country = Country(iso2, iso3, name, tuple(dict.fromkeys(n for n in english + foreign if n != name)))
        found.append((country, foreign))
        for alias in english:
            by_name.setdefault(_key(alias), country)
        by_code[iso2.lower()] = by_code[iso3.lower()] = country
    for country, foreign in found:
        for alias in foreign:
            by_name.setdefault(_key(alias), country)
    return by_name, by_code


@cache
def country_words() -> frozenset[str]:
    """Every word of every country's names, folded: words that say nothing of what is asked
    ("greetings from Vanuatu")."""
    by_name, _ = countries()
    return frozenset(
        word for name in by_name for word in name.split() if len(word) > 2 and word not in GENERIC_NAME_WORDS
    )


# Words of countries' names that are ordinary words too ("la biblioteca de la ciudad" names no country).
GENERIC_NAME_WORDS = frozenset(
    """republic republica republique city ciudad cite island islands isla islas ile iles saint sainte
    santa san sao state states estado estados etat etats united unidos unis kingdom reino royaume new
    nueva nuevo nouvelle democratic democratica democratique federal federation federal people peoples
    popular populaire south sur sud north norte nord east este est west oeste ouest central centrale
    and the del des les los las plurinational arab arabe arabes""".split()  # noqa: SIM905
)


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


def nkpos_for(session: Session, country: Country, include_retired: bool = False) -> list[Nkpo]:
    """The NKPOs on record for this country (matched by ISO code or by name), the latest
    designated first; with `include_retired`, the retired ones after them."""
    names = [name.lower() for name in (country.name, *country.other_names)]
    query = select(Nkpo).where(
        or_(Nkpo.iso2 == country.iso2, Nkpo.iso3 == country.iso3, func.lower(Nkpo.member_state).in_(names))
    )
    if not include_retired:
        query = query.where(Nkpo.status == "active")
    order = (Nkpo.status, Nkpo.designated_on.desc().nulls_last(), Nkpo.id.desc())
    return list(session.scalars(query.order_by(*order)))


def nkpo_for(session: Session, country: Country) -> Nkpo | None:
    """The NKPO on record for this country (the latest designated, when there are several)."""
    found = nkpos_for(session, country)
    return found[0] if found else None


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
