"""Full-text search over arrangements, programmes and documents, forgiving of how people type.

One entry point, `search(session, kind, text, filters, limit, offset) -> SearchPage`, used by
/partnerships, /programmes, and reusable by /docs and /ask. The index itself lives in the
database (migration 0002: SQLite FTS5, PostgreSQL tsvector) and triggers keep it current;
this module only turns what a person typed into a safe, ranked query:

- words are folded (case, accents) and reduced to letters and digits: user text never reaches
  MATCH or to_tsquery as syntax (SQLite gets quoted phrases, PostgreSQL bound parameters);
- the field's abbreviations and synonyms widen a word into alternatives (LoA = letter of
  agreement, MoU = memorandum = framework agreement, BWM = ballast water, ...);
- stemming is the database's (porter in FTS5, english in PostgreSQL);
- a word that runs letters and digits together ("A1006", "CL4004") also counts as its parts,
  the way symbols are indexed ("A.1006(25)" gives a, 1006, 25), or as typed;
- when nothing matches, misspelt words are replaced by the nearest indexed word (edit
  distance over the index's own vocabulary) and, if that finds something, the results come
  back with the corrected words as a "did you mean" suggestion; for documents, a mistyped
  symbol ("A.1060(25)", "cl 4040") is replaced by the nearest document symbol likewise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache
from math import ceil
from typing import Any

import sqlalchemy as sa
from rapidfuzz.distance import OSA
from sqlalchemy.orm import Session, joinedload, load_only
from sqlalchemy.sql.elements import ColumnElement

from bot.services.vocabulary import (
    STOPWORDS,
    Phrase,
    closest,
    english_phrases,
    read_concepts,
    tokens_of,
    vocabulary,
)
from storage.models import NATURES, Arrangement, Base, Document, Partner, Programme, has_code, utcnow
from storage.search_index import TERMS_TABLE, VECTOR_COLUMN
from storage.versions import VersionedCache

MAX_TOKENS = 12
# What a list of results shows of an arrangement (the detail view loads the whole record).
WITH_PARTNER_AND_PROGRAMME = (
    load_only(
        Arrangement.ref, Arrangement.title, Arrangement.nature, Arrangement.member_state,
        Arrangement.support_kinds, Arrangement.sdgs, Arrangement.signed_on, Arrangement.ends_on,
        Arrangement.is_sample,
    ),
    joinedload(Arrangement.partner).load_only(Partner.name, Partner.is_sample),
    joinedload(Arrangement.programme).load_only(Programme.name, Programme.slug),
)  # fmt: skip
WINDOW = 500
MAX_TOKEN_CHARS = 40
# A token that runs letters and digits together splits into these parts (at most MAX_PARTS).
PART = re.compile(r"\d+|[^\W\d_]+")
MAX_PARTS = 4
# Weights of the three indexed texts: heading (names, titles), place (countries, programmes), body.
WEIGHTS = (10.0, 4.0, 1.0)


Group = tuple[Phrase, ...]


def _searched(phrases: tuple[Phrase, ...]) -> tuple[Phrase, ...]:
    """The phrases of a concept worth a search: each phrase costs the ranking a pass, and one that
    contains another ("ballast water management") or stems like another ("letters of agreement")
    finds nothing more."""
    kept: dict[Phrase, Phrase] = {}
    for phrase in phrases:
        if not any(_contains(phrase, other) for other in phrases):
            kept.setdefault(tuple(map(_singular, phrase)), phrase)
    return tuple(kept.values())


def _contains(longer: Phrase, shorter: Phrase) -> bool:
    return len(longer) > len(shorter) and any(
        longer[start : start + len(shorter)] == shorter for start in range(len(longer) - len(shorter) + 1)
    )


def _singular(token: str) -> str:
    """Enough of English plurals to see that two phrases of a concept stem alike (loas, countries)."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    return token[:-1] if len(token) > 3 and token.endswith("s") and not token.endswith("ss") else token


@cache
def concept_group(concept: str) -> Group:
    """The phrases a concept is searched for: found in what was typed in any of the three languages,
    it is searched for by its English phrases and abbreviations, the records being in English."""
    return _searched(english_phrases(concept))


@dataclass(frozen=True)
class Kind:
    """What can be searched: a table with its model, default order and allowed filters."""

    name: str
    model: type[Base]
    filters: frozenset[str]

    @property
    def table(self) -> str:
        return str(self.model.__tablename__)


KINDS = {
    "arrangements": Kind("arrangements", Arrangement, frozenset({"nature", "year", "sdg", "status"})),
    "programmes": Kind("programmes", Programme, frozenset({"scope"})),
    "documents": Kind("documents", Document, frozenset()),
}


@dataclass(frozen=True)
class Filters:
    """Exact conditions next to the words: nature (loa/mou/ipa), signing year, SDG, programme scope,
    and an arrangement's status: in_force (no end date, or one not passed yet) or ended."""

    nature: str | None = None
    year: int | None = None
    sdg: int | None = None
    scope: str | None = None
    status: str | None = None

    def given(self) -> set[str]:
        return {name for name, value in vars(self).items() if value is not None}


@dataclass(frozen=True)
class Query:
    """Typed text made safe: folded tokens, and groups of alternative phrases, all of which must
    match (or, with `any_group`, any of which: ranked by how many and how well)."""

    tokens: tuple[str, ...]
    groups: tuple[Group, ...]
    plain: frozenset[str]
    any_group: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def match_string(self) -> str:
        """The FTS5 MATCH expression: every phrase quoted, so no user text is read as syntax."""
        return (" OR " if self.any_group else " AND ").join(
            "(" + " OR ".join('"' + " ".join(phrase).replace('"', '""') + '"' for phrase in group) + ")"
            for group in self.groups
        )

    def tsquery_string(self) -> str:
        """The to_tsquery expression: tokens are letters and digits only, each quoted as a lexeme."""
        return (" | " if self.any_group else " & ").join(
            "(" + " | ".join(" <-> ".join(f"'{token}'" for token in phrase) for phrase in group) + ")"
            for group in self.groups
        )


@dataclass(frozen=True)
class Hit:
    record: Any
    score: float


@dataclass
class SearchPage:
    """One page of ranked hits, how many match in all, and the corrected words if typos were fixed."""

    hits: list[Hit]
    total: int
    suggestion: str | None = None
    query: Query = field(default_factory=lambda: parse_query(""))
    capped: bool = False


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(token[:MAX_TOKEN_CHARS] for token in tokens_of(text))[:MAX_TOKENS]


def _parts(tokens: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """Each token, or the parts of one that runs letters and digits together with the whole token."""
    parts: list[tuple[str, str | None]] = []
    for token in tokens:
        pieces = PART.findall(token)
        if 1 < len(pieces) <= MAX_PARTS:
            parts.extend((piece, token) for piece in pieces)
        else:
            parts.append((token, None))
    return parts


def _concepts(parts: list[tuple[str, str | None]]) -> list[tuple[str | None, list[tuple[str, str | None]]]]:
    """The parts read as concepts by read_concepts, each with the parts it covers."""
    read: list[tuple[str | None, list[tuple[str, str | None]]]] = []
    index = 0
    for concept, phrase in read_concepts([part for part, _ in parts]):
        read.append((concept, parts[index : index + len(phrase)]))
        index += len(phrase)
    return read


def parse_query(text: str) -> Query:
    """Split text into folded tokens, widen known abbreviations and drop stop words."""
    tokens = _tokens(text)
    groups: list[Group] = []
    plain: set[str] = set()
    for concept, parts in _concepts(_parts(tokens)):
        wholes = tuple(dict.fromkeys((whole,) for _, whole in parts if whole is not None))
        if concept is not None:
            groups.append(concept_group(concept) + wholes)
            continue
        ((word, whole),) = parts
        if word in STOPWORDS:
            continue
        groups.append(((word,), *wholes))
        if whole is None:
            plain.add(word)
    unique = tuple(dict.fromkeys(groups))
    return Query(tokens, unique, frozenset(plain))


@lru_cache(maxsize=16384)
def symbol_key(text: str) -> str:
    """A document symbol reduced to what tells it apart, for comparing symbols however typed:
    concepts abbreviated, stop words and punctuation dropped ("Circular Letter No.4004" and
    "cl 4004" -> "cl4004", "TC 74/4(a)" -> "tc744", "A.1006(25)" -> "100625")."""
    kept: list[str] = []
    for concept, parts in _concepts(_parts(_tokens(text))):
        word = concept or parts[0][0]
        if concept is not None or word not in STOPWORDS:
            kept.append(word)
    return "".join(kept)


def concept_of(text: str) -> str | None:
    """The concept a whole phrase names ("letter-of-agreement" -> "loa"), if any."""
    return vocabulary().phrases.get(tokens_of(text))


def search(
    session: Session,
    kind: str,
    text: str,
    filters: Filters | None = None,
    limit: int = 5,
    offset: int = 0,
    any_word: bool = False,
) -> SearchPage:
    """Ranked records of `kind` matching `text` and `filters`; with no words, the filtered list.
    With `any_word`, a record matching any of the words is found (those matching more rank first),
    as the answering service wants for a question's words; otherwise every word must match.

    Words that name a nature of arrangement (LoA, MoU, framework, IPA...) act as the nature
    filter. When the words match nothing, misspellings are corrected from the index's
    vocabulary and the corrected search is returned with `suggestion` set, if it finds anything.
    Counting and ranking look at most at WINDOW matches (the newest first on SQLite, the first
    found on PostgreSQL), which keeps a search fast however broad its words; `total` then reads
    WINDOW and `capped` is true.
    """
    spec = KINDS[kind]
    filters = filters or Filters()
    unsupported = filters.given() - spec.filters
    if unsupported:
        raise ValueError(f"{kind} cannot be filtered by {sorted(unsupported)}")
    computed: list[SearchPage] = []

    def make() -> Found:
        page = _search(session, spec, text, filters, limit, offset, any_word)
        computed.append(page)
        rows = tuple((hit.record.id, hit.score) for hit in page.hits)
        return Found(rows, page.total, page.suggestion, page.query, page.capped)

    found = PAGES.get(session, (kind, text, filters, limit, offset, any_word), make)
    if computed:
        return computed[0]
    return SearchPage(_load(session, spec.model, found.rows), found.total, found.suggestion, found.query,
                      found.capped)  # fmt: skip


@dataclass(frozen=True)
class Found:
    """A search page as the cache keeps it: the ids and scores, not the records (which belong to one
    session); the records are loaded again by id, in one statement."""

    rows: tuple[tuple[int, float], ...]
    total: int
    suggestion: str | None
    query: Query
    capped: bool


# Per process, keyed by the data version (storage/versions.py) and today's date: a search repeated
# with the same words, filters and page skips the ranking until the data changes.
PAGES: VersionedCache[Found] = VersionedCache(size=4096)


def _search(
    session: Session, spec: Kind, text: str, filters: Filters, limit: int, offset: int, any_word: bool
) -> SearchPage:
    query = replace(parse_query(text), any_group=any_word)
    page = _run(session, spec, query, filters, limit, offset)
    if page.total or query.is_empty or any_word:
        return page
    corrections: list[Callable[[], str | None]] = [lambda: _corrected(session, spec, query)]
    if spec.model is Document:
        corrections.append(lambda: _closest_symbol(session, text))
    for correct in corrections:
        corrected = correct()
        if corrected is not None:
            retry = _run(session, spec, parse_query(corrected), filters, limit, offset)
            if retry.total:
                retry.suggestion = corrected
                return retry
    return page


def search_page(
    session: Session, kind: str, text: str, filters: Filters, number: int, size: int
) -> tuple[SearchPage, int]:
    """Page `number` (from 1) of a search, or its last page when `number` is past the end."""
    page = search(session, kind, text, filters, size, (number - 1) * size)
    if not page.hits and page.total:
        number = ceil(page.total / size)
        page = search(session, kind, text, filters, size, (number - 1) * size)
    return page, number


def _run(session: Session, spec: Kind, query: Query, filters: Filters, limit: int, offset: int) -> SearchPage:
    if spec.name == "arrangements":
        query, filters = _natures_as_filter(query, filters)
    if query.is_empty:
        page = _browse(session, spec, query, filters, limit, offset)
    else:
        page = _ranked(session, spec, query, filters, limit, offset)
    page.capped = page.total >= WINDOW
    return page


def _browse(
    session: Session, spec: Kind, query: Query, filters: Filters, limit: int, offset: int
) -> SearchPage:
    """No words: the records that pass the filters, in their natural order (newest first...)."""
    model: Any = spec.model
    matching = sa.select(model.id).where(*_filter_conditions(model, filters))
    if filters.given() - {"status"} and session.get_bind().dialect.name != "postgresql":
        # The filter values are indexed as facet tokens: count them there, not by a scan (the status,
        # which depends on today, is read beside them).
        name = f"{spec.table}_fts"
        join, status = _status_join(name, spec.table, filters)
        condition = f" AND {status.pop('condition')}" if status else ""
        counted: Any = sa.text(
            f"SELECT count(*) FROM (SELECT {name}.rowid FROM {name}{join} WHERE {name} MATCH :match"
            f"{condition} LIMIT {WINDOW}) AS m"
        ).bindparams(match=" AND ".join(_facets(filters)), **status)
    else:
        counted = sa.select(sa.func.count()).select_from(matching.limit(WINDOW).subquery())
    total = session.scalar(counted) or 0
    ids = session.scalars(matching.order_by(*_browse_order(model)).limit(limit).offset(offset))
    return SearchPage(_load(session, model, [(record_id, 0.0) for record_id in ids]), total, query=query)


def _ranked(
    session: Session, spec: Kind, query: Query, filters: Filters, limit: int, offset: int
) -> SearchPage:
    """One page of the best matches, loaded with their score and the count of the window, in one query."""
    window, params = _ranked_window(session.get_bind().dialect.name, spec, query, filters)
    rows = session.execute(
        _ranked_statement(spec.name, window), params | {"limit": limit, "offset": offset}
    ).all()
    if rows:
        total = rows[0].total
    elif offset == 0:
        total = 0  # the window is empty: no need to count it again
    else:
        total = session.scalar(sa.text(f"SELECT count(*) FROM ({window}) AS matches"), params) or 0
    return SearchPage([Hit(row[0], float(row.score)) for row in rows], total, query=query)


@lru_cache(maxsize=256)
def _ranked_statement(kind: str, window: str) -> sa.Select[Any]:
    """The records of the best page of `window` with score and window count (built once per shape)."""
    ranked = (
        sa.text(
            f"SELECT id, score, count(*) OVER () AS total FROM ({window}) AS matches "
            "ORDER BY score DESC, id DESC LIMIT :limit OFFSET :offset"
        )
        .columns(id=sa.Integer, score=sa.Float, total=sa.Integer)
        .subquery("ranked")
    )
    model: Any = KINDS[kind].model
    statement = (
        sa.select(model, ranked.c.score, ranked.c.total)
        .join(ranked, model.id == ranked.c.id)
        .order_by(ranked.c.score.desc(), ranked.c.id.desc())
    )
    return statement.options(*WITH_PARTNER_AND_PROGRAMME) if model is Arrangement else statement


def _natures_as_filter(query: Query, filters: Filters) -> tuple[Query, Filters]:
    """ "LoA", "framework agreement"... in the words become the nature filter of arrangements."""
    natures = {group: concept for group in query.groups if (concept := _concept_of_group(group)) in NATURES}
    if not natures or filters.nature not in (None, *natures.values()) or len(set(natures.values())) > 1:
        return query, filters
    groups = tuple(group for group in query.groups if group not in natures)
    return replace(query, groups=groups), replace(filters, nature=next(iter(natures.values())))


def _concept_of_group(group: Group) -> str | None:
    return vocabulary().phrases.get(group[0]) if len(group) > 1 else None


def _ranked_window(dialect: str, spec: Kind, query: Query, filters: Filters) -> tuple[str, dict[str, Any]]:
    """SQL for up to WINDOW matching ids with a score (higher is better), and its parameters.

    The statement has a fixed shape (the words travel in one bound parameter), so it is cheap to
    build and SQLAlchemy's compiled-statement cache serves it.
    """
    params: dict[str, Any] = {}
    if dialect == "postgresql":
        conditions = [f"{spec.table}.{VECTOR_COLUMN} @@ to_tsquery('english', :tsquery)"]
        params["tsquery"] = query.tsquery_string()
        if filters.nature is not None:
            conditions.append("nature = :nature")
            params["nature"] = filters.nature
        if filters.year is not None:
            conditions.append("signed_on >= :year_start AND signed_on < :year_end")
            params |= {"year_start": date(filters.year, 1, 1), "year_end": date(filters.year + 1, 1, 1)}
        if filters.sdg is not None:
            conditions.append("sdgs LIKE :sdg")
            params["sdg"] = f"%,{filters.sdg},%"
        if filters.scope is not None:
            conditions.append("scope = :scope")
            params["scope"] = filters.scope
        if filters.status is not None:
            conditions.append(STATUS_CONDITIONS[filters.status].format(column="ends_on"))
            params["today"] = today()
        score = f"ts_rank({spec.table}.{VECTOR_COLUMN}, to_tsquery('english', :tsquery), 1)"
        return (
            f"SELECT id, {score} AS score FROM {spec.table} WHERE {' AND '.join(conditions)} LIMIT {WINDOW}",
            params,
        )
    params["match"] = " AND ".join([query.match_string(), *_facets(filters)])
    name = f"{spec.table}_fts"
    weights = ", ".join(str(weight) for weight in (*WEIGHTS, 0.0))
    join, status = _status_join(name, spec.table, filters)
    condition = f" AND {status.pop('condition')}" if status else ""
    return (
        f"SELECT {name}.rowid AS id, -bm25({name}, {weights}) AS score FROM {name}{join} "
        f"WHERE {name} MATCH :match{condition} ORDER BY {name}.rowid DESC LIMIT {WINDOW}",
        params | status,
    )


def _status_join(name: str, table: str, filters: Filters) -> tuple[str, dict[str, Any]]:
    """SQLite: the status depends on today, so it is not a facet; the records' end dates are read
    beside the index. The join to add, and its `condition` with its parameter (none without a status)."""
    if filters.status is None:
        return "", {}
    condition = STATUS_CONDITIONS[filters.status].format(column="record.ends_on")
    return f" JOIN {table} AS record ON record.id = {name}.rowid", {"condition": condition, "today": today()}


# An arrangement is in force until its end date has passed (one with no end date is in force).
STATUS_CONDITIONS = {
    "in_force": "({column} IS NULL OR {column} >= :today)",
    "ended": "{column} < :today",
}


def today() -> date:
    """Today in UTC: an arrangement whose ends_on is before it has ended."""
    return utcnow().date()


def _facets(filters: Filters) -> list[str]:
    """SQLite: the filters as FTS5 conditions on the `facets` column (checked values, no user text)."""
    values = [f"xnature{filters.nature}" if filters.nature else None,
              f"xyear{filters.year}" if filters.year else None,
              f"xsdg{filters.sdg}" if filters.sdg else None,
              f"xscope{filters.scope}" if filters.scope else None]  # fmt: skip
    return [f'facets : "{value}"' for value in values if value is not None]


def _filter_conditions(model: Any, filters: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.nature is not None:
        conditions.append(model.nature == filters.nature)
    if filters.year is not None:
        conditions.append(model.signed_on >= date(filters.year, 1, 1))
        conditions.append(model.signed_on < date(filters.year + 1, 1, 1))
    if filters.sdg is not None:
        conditions.append(has_code(model.sdgs, filters.sdg))
    if filters.scope is not None:
        conditions.append(model.scope == filters.scope)
    if filters.status == "in_force":
        conditions.append(sa.or_(model.ends_on.is_(None), model.ends_on >= today()))
    elif filters.status == "ended":
        conditions.append(model.ends_on < today())
    return conditions


def _browse_order(model: Any) -> list[Any]:
    if model is Arrangement:
        return [Arrangement.signed_on.desc().nulls_last(), Arrangement.id.desc()]
    if model is Programme:
        return [Programme.scope, Programme.name]
    return [Document.issued_on.desc().nulls_last(), Document.symbol]


def _load(session: Session, model: Any, rows: Sequence[Any]) -> list[Hit]:
    if not rows:
        return []
    statement = sa.select(model).where(model.id.in_([row[0] for row in rows]))
    if model is Arrangement:
        statement = statement.options(*WITH_PARTNER_AND_PROGRAMME)
    records = {record.id: record for record in session.scalars(statement)}
    return [Hit(records[row[0]], float(row[1])) for row in rows if row[0] in records]


def _corrected(session: Session, spec: Kind, query: Query) -> str | None:
    """The typed words with unknown ones replaced by the closest indexed word, if any changed."""
    words = list(query.tokens)
    changed = False
    for position, token in enumerate(query.tokens):
        if token not in query.plain or len(token) < 3 or token.isdigit() or _is_known(session, spec, token):
            continue
        closest_word = closest(token, _vocabulary_near(session, spec, token))
        if closest_word is not None:
            words[position] = closest_word
            changed = True
    return " ".join(words) if changed else None


def _closest_symbol(session: Session, text: str) -> str | None:
    """The document symbol nearest to `text` when it looks like a symbol (has a digit), if one is
    within one edit (two for longer ones), whole or as a prefix ("A1060" -> "A.1006(25)")."""
    wanted = symbol_key(text)
    if len(wanted) < 4 or not any(ch.isdigit() for ch in wanted):
        return None
    allowed = 1 if len(wanted) <= 6 else 2
    best: tuple[int, bool, int, str] | None = None
    for symbol in session.scalars(sa.select(Document.symbol)):
        key = symbol_key(symbol)
        whole, prefix = OSA.distance(wanted, key), OSA.distance(wanted, key[: len(wanted)])
        candidate = (min(whole, prefix), whole > prefix, abs(len(key) - len(wanted)), symbol)
        if candidate[0] <= allowed and (best is None or candidate < best):
            best = candidate
    return None if best is None else best[3]


def _is_known(session: Session, spec: Kind, token: str) -> bool:
    found = session.execute(
        sa.text(f"SELECT 1 FROM {TERMS_TABLE} WHERE kind = :kind AND term = :term"),
        {"kind": spec.table, "term": token},
    ).first()
    return found is not None


def _vocabulary_near(session: Session, spec: Kind, token: str) -> list[str]:
    """Indexed words that start like `token` (typos rarely touch the first letter)."""
    rows = session.execute(
        sa.text(f"SELECT term FROM {TERMS_TABLE} WHERE kind = :kind AND term >= :low AND term < :high"),
        {"kind": spec.table, "low": token[0], "high": chr(ord(token[0]) + 1)},
    )
    return [str(row[0]) for row in rows]
