"""The old Yammer group's history, searched and read: `/history`, its threads, and passages for `/ask`.

The history is what `python -m bot import yammer` brought in (bot/services/history_import.py):
threads of messages, each with its author, date, group, link cards and files. It is searched
through the database's full-text index over messages (migration 0008, built the way 0002 builds
the others: SQLite FTS5 ranked by bm25, PostgreSQL tsvector ranked by ts_rank), with the words
read by the search service's own `parse_query` (folded, abbreviations widened, never SQL or MATCH
syntax). Results are threads, each with its best-matching message, ranked by that message; a
search looks at most at WINDOW matching messages (the newest first on SQLite), which keeps it fast
however broad its words. `from:` finds people by name (or by their Slack mention, when mapped),
`before:` and `after:` by year.

Everything here is plain data for the views, which turn it into Slack mrkdwn: bodies keep their
mentions as `[[user:<id>]]`, with the people they name alongside.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from math import ceil
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from bot.config import USER_ID
from bot.i18n import N_
from bot.services.search import WINDOW, Query, parse_query
from bot.services.yammer_export import MENTION
from bot.text import fold
from storage.models import YammerFile, YammerGroup, YammerMessage, YammerThread, YammerUser
from storage.search_index import VECTOR_COLUMN
from storage.versions import VersionedCache

# Weights of the two indexed texts: a thread's title (on its first message), and a message's text.
WEIGHTS = (10.0, 1.0)
MAX_PEOPLE = 20
THREAD_PAGE_MESSAGES = 10
# What a page of a thread may hold, counted in characters of the messages' text, so that a page
# stays well within Slack's 50 blocks and 50,000 characters however long its messages are.
THREAD_PAGE_CHARS = 12_000
EXCERPT = 240
SOURCE = N_("Yammer group (community discussion)")
COMMAND = "/history"
SLACK_MENTION = re.compile(r"^<@([A-Z0-9]+)(?:\|[^>]*)?>$")
NAME_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Person:
    """Someone of the history: their name, and their Slack user when the import found one."""

    name: str
    slack_user_id: str | None = None

    @property
    def mention_id(self) -> str | None:
        """The Slack user id to mention them by, if it is one (it came from Slack's own directory)."""
        return self.slack_user_id if self.slack_user_id and USER_ID.match(self.slack_user_id) else None


@dataclass(frozen=True)
class FileNote:
    """A file attached to a message: its name, and the library document it became (if it could)."""

    name: str
    document_id: int | None
    status: str


@dataclass(frozen=True)
class Message:
    id: int
    author: Person | None
    created_at: datetime
    body: str
    links: tuple[dict[str, str], ...]
    files: tuple[FileNote, ...]
    is_starter: bool


@dataclass(frozen=True)
class ThreadSummary:
    """A thread as a result shows it: title, group, when and by whom it started, how many messages."""

    id: int
    title: str
    group: str | None
    started_at: datetime
    starter: Person | None
    messages: int
    last_at: datetime


@dataclass(frozen=True)
class ThreadHit:
    thread: ThreadSummary
    message: Message
    score: float


@dataclass(frozen=True)
class HistoryPage:
    """One page of threads found, how many in all (`capped` when the search stopped at WINDOW
    messages), and the people their messages mention, by export id."""

    hits: list[ThreadHit]
    total: int
    capped: bool = False
    people: dict[str, Person] = field(default_factory=dict)


@dataclass
class ThreadPage:
    """One page of a thread's messages, oldest first, and the people they mention."""

    thread: ThreadSummary
    messages: list[Message]
    number: int
    pages: int
    people: dict[str, Person] = field(default_factory=dict)


@dataclass(frozen=True)
class Overview:
    """What the history holds: for `/history` with nothing else."""

    threads: int
    messages: int
    files: int
    first: datetime | None
    last: datetime | None
    groups: tuple[str, ...]


# --------------------------------------------------------------------------- who and when


def people_named(session: Session, text: str) -> list[YammerUser]:
    """The people `from:` names: by their Slack mention (`<@U123>`, when the import mapped them), or
    by the words of their name, each the start of a word of it ("ana", "ana.example", "examp"), in any
    case and with or without accents; at most MAX_PEOPLE + 1 (so that the caller can say "too many")."""
    mentioned = SLACK_MENTION.match(text.strip())
    statement = sa.select(YammerUser).order_by(YammerUser.name, YammerUser.id).limit(MAX_PEOPLE + 1)
    if mentioned:
        return list(session.scalars(statement.where(YammerUser.slack_user_id == mentioned.group(1))))
    words = NAME_WORD.findall(fold(text))[:5]
    if not words:
        return []
    conditions = []
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(
            sa.or_(
                YammerUser.name_key.like(f"{escaped}%", escape="\\"),
                YammerUser.name_key.like(f"% {escaped}%", escape="\\"),
                YammerUser.name_key.like(f"%-{escaped}%", escape="\\"),
            )
        )
    return list(session.scalars(statement.where(*conditions)))


def year_start(year: int) -> datetime:
    """The first moment of a year, as the database holds times (UTC, naive)."""
    return datetime(year, 1, 1)


# --------------------------------------------------------------------------- searching


def search_history(
    session: Session,
    words: str,
    authors: Sequence[int] | None = None,
    before: int | None = None,
    after: int | None = None,
    limit: int = 5,
    offset: int = 0,
    any_word: bool = False,
) -> HistoryPage:
    """Threads whose messages match `words` (all of them; with `any_word`, any: those matching more
    rank first), written by one of `authors` (yammer_users ids) if given, before the year `before`
    and after the year `after`. With no words, the threads with the newest such messages first
    (with `any_word`, nothing: a question without content words finds no discussion).

    One statement finds the page (each thread once, by its best message, and the counts), and loads
    its messages, threads, authors and starters; files and mentioned people only when there are any.
    The page (plain data) is kept per data version: the same search again costs one look-up.
    """
    key = (words, tuple(authors or ()), before, after, limit, offset, any_word)
    return PAGES.get(
        session, key, lambda: _search(session, words, authors, before, after, limit, offset, any_word)
    )


# Per process, keyed by the data version (storage/versions.py): an import is seen by the next search.
PAGES: VersionedCache[HistoryPage] = VersionedCache(size=512)  # a page holds its messages in full


def _search(
    session: Session,
    words: str,
    authors: Sequence[int] | None,
    before: int | None,
    after: int | None,
    limit: int,
    offset: int,
    any_word: bool,
) -> HistoryPage:
    query = replace(parse_query(words), any_group=any_word)
    if query.is_empty and any_word:
        return HistoryPage([], 0)
    window, params = _window(session, query, authors, before, after)
    statement = _hits_statement(window, tuple(params))
    rows = session.execute(statement, params | {"limit": limit, "offset": offset}).all()
    if rows:
        total, matched = int(rows[0].total), int(rows[0].matched)
    else:
        counted = sa.text(f"SELECT count(DISTINCT thread_id), count(*) FROM ({window}) AS matches")
        found = session.execute(counted.bindparams(*_binds(params)), params).one()
        total, matched = int(found[0] or 0), int(found[1] or 0)
    files = _files(session, [file_id for row in rows for file_id in row.YammerMessage.files or ()])
    hits = [
        ThreadHit(_summary(row), _message(row.YammerMessage, row[4], files), float(row.score)) for row in rows
    ]
    return HistoryPage(hits, total, matched >= WINDOW, _mentioned(session, [hit.message for hit in hits]))


def search_history_page(
    session: Session,
    words: str,
    authors: Sequence[int] | None,
    before: int | None,
    after: int | None,
    number: int,
    size: int,
) -> tuple[HistoryPage, int]:
    """Page `number` (from 1) of a search of the history, or its last page when `number` is past the end."""
    page = search_history(session, words, authors, before, after, size, (number - 1) * size)
    if not page.hits and page.total:
        number = ceil(page.total / size)
        page = search_history(session, words, authors, before, after, size, (number - 1) * size)
    return page, number


@lru_cache(maxsize=256)
def _hits_statement(window: str, names: tuple[str, ...]) -> sa.Select[Any]:
    """The page of hits of `window`, each thread once by its best message, with the counts, the message,
    its author and its thread's summary: one statement, built once per shape of window."""
    best = (
        "SELECT id, thread_id, score, count(*) OVER () AS matched, row_number() OVER "
        "(PARTITION BY thread_id ORDER BY score DESC, id DESC) AS place "
        f"FROM ({window}) AS matches"
    )
    ranked = (
        sa.text(
            f"SELECT id, thread_id, score, matched, count(*) OVER () AS total FROM ({best}) AS best "
            "WHERE place = 1 ORDER BY score DESC, thread_id DESC LIMIT :limit OFFSET :offset"
        )
        .bindparams(*_binds(dict.fromkeys(names)))
        .columns(id=sa.Integer, thread_id=sa.Integer, score=sa.Float, matched=sa.Integer, total=sa.Integer)
        .subquery("ranked")
    )
    statement = (
        sa.select(ranked.c.score, ranked.c.matched, ranked.c.total, YammerMessage, AUTHOR, *THREAD_COLUMNS)
        .select_from(ranked)
        .join(YammerMessage, YammerMessage.id == ranked.c.id)
        .join(YammerThread, YammerThread.id == ranked.c.thread_id)
        .outerjoin(AUTHOR, AUTHOR.id == YammerMessage.author_id)
    )
    return _with_group_and_starter(statement).order_by(ranked.c.score.desc(), ranked.c.thread_id.desc())


def _binds(params: dict[str, Any]) -> list[sa.BindParameter[Any]]:
    """The typed parameters of a window: the authors as an expanding list, the years as times."""
    binds: list[sa.BindParameter[Any]] = []
    if "authors" in params:
        binds.append(sa.bindparam("authors", expanding=True))
    binds.extend(sa.bindparam(name, type_=sa.DateTime()) for name in ("before", "after") if name in params)
    return binds


def _window(
    session: Session, query: Query, authors: Sequence[int] | None, before: int | None, after: int | None
) -> tuple[str, dict[str, Any]]:
    """SQL for up to WINDOW matching messages (id, thread_id, score: higher is better), with its
    parameters: the words travel in one bound parameter, the filters as bound values (SQLite: as facet
    tokens in the same MATCH), so no user text is ever SQL."""
    dialect = session.get_bind().dialect.name
    conditions: list[str] = []
    params: dict[str, Any] = {}
    if authors is not None:
        conditions.append("m.author_id IN :authors")
        params["authors"] = list(authors) or [0]
    if before is not None:
        conditions.append("m.created_at < :before")
        params["before"] = year_start(before)
    if after is not None:
        conditions.append("m.created_at >= :after")
        params["after"] = year_start(after + 1)
    where = "".join(f" AND {condition}" for condition in conditions)
    if query.is_empty:
        newest = "extract(epoch FROM m.created_at)" if dialect == "postgresql" else "julianday(m.created_at)"
        window = (
            f"SELECT m.id AS id, m.thread_id AS thread_id, {newest} AS score FROM yammer_messages m "
            f"WHERE 1 = 1{where} ORDER BY m.created_at DESC, m.id DESC LIMIT {WINDOW}"
        )
    elif dialect == "postgresql":
        params["tsquery"] = query.tsquery_string()
        vector = f"m.{VECTOR_COLUMN}"
        window = (
            f"SELECT m.id AS id, m.thread_id AS thread_id, "
            f"ts_rank({vector}, to_tsquery('english', :tsquery), 1) AS score FROM yammer_messages m "
            f"WHERE {vector} @@ to_tsquery('english', :tsquery){where} LIMIT {WINDOW}"
        )
    else:
        params["match"] = " AND ".join([query.match_string(), *_facets(session, authors, before, after)])
        weights = ", ".join(str(weight) for weight in (*WEIGHTS, 0.0))
        window = (
            f"SELECT m.id AS id, m.thread_id AS thread_id, -bm25(yammer_messages_fts, {weights}) AS score "
            "FROM yammer_messages_fts JOIN yammer_messages m ON m.id = yammer_messages_fts.rowid "
            f"WHERE yammer_messages_fts MATCH :match{where} "
            f"ORDER BY yammer_messages_fts.rowid DESC LIMIT {WINDOW}"
        )
    return window, params


def _facets(
    session: Session, authors: Sequence[int] | None, before: int | None, after: int | None
) -> list[str]:
    """SQLite: the filters as FTS5 conditions on the `facets` column (numbers only, no user text): the
    authors, and the years between `after` and `before` that the history holds."""
    facets = []
    if authors is not None:
        facets.append("(" + " OR ".join(f'facets : "xauthor{int(a)}"' for a in authors or [0]) + ")")
    if before is not None or after is not None:
        first, last = _years(session)
        low, high = max(first, (after or first - 1) + 1), min(last, (before or last + 1) - 1)
        if (low, high) != (first, last):
            facets.append("(" + " OR ".join(f'facets : "xyear{y}"' for y in range(low, high + 1)) + ")"
                          if low <= high else 'facets : "xyear0"')  # fmt: skip
    return facets


def _years(session: Session) -> tuple[int, int]:
    """The first and last years of the history's messages (read off the index of their times)."""
    first = session.scalar(sa.select(sa.func.min(YammerMessage.created_at)))  # each alone: an index look-up
    last = session.scalar(sa.select(sa.func.max(YammerMessage.created_at)))
    return (first.year, last.year) if first is not None and last is not None else (0, 0)


# --------------------------------------------------------------------------- loading


AUTHOR = aliased(YammerUser, name="author")
STARTER = aliased(YammerUser, name="starter")
_COUNTED = aliased(YammerMessage, name="counted")
_FIRST = aliased(YammerMessage, name="first")
# What a result shows of a thread, loaded in the same statement: the thread, its group's name, how
# many messages it has and the time of the last one, and (joined by _with_group_and_starter) who
# started it.
THREAD_COLUMNS = (
    YammerThread,
    YammerGroup.name.label("group_name"),
    sa.select(sa.func.count())
    .where(_COUNTED.thread_id == YammerThread.id)
    .correlate(YammerThread)
    .scalar_subquery()
    .label("messages"),
    sa.select(sa.func.max(_COUNTED.created_at))
    .where(_COUNTED.thread_id == YammerThread.id)
    .correlate(YammerThread)
    .scalar_subquery()
    .label("last_at"),
    STARTER,
)
_STARTER_ID = (
    sa.select(_FIRST.author_id)
    .where(_FIRST.thread_id == YammerThread.id)
    .order_by(_FIRST.is_starter.desc(), _FIRST.created_at, _FIRST.id)
    .limit(1)
    .correlate(YammerThread)
    .scalar_subquery()
)


def _with_group_and_starter(statement: sa.Select[Any]) -> sa.Select[Any]:
    """Join a statement on yammer_threads with its group and the author of its first message (or, for
    a thread whose first message is not in the export, of its earliest)."""
    return statement.outerjoin(YammerGroup, YammerGroup.id == YammerThread.group_id).outerjoin(
        STARTER, STARTER.id == _STARTER_ID
    )


THREAD_STATEMENT = _with_group_and_starter(sa.select(*THREAD_COLUMNS))
_SIZE = (
    sa.func.length(YammerMessage.body)
    + sa.func.length(sa.cast(YammerMessage.links, sa.Text))
    + sa.func.length(sa.cast(YammerMessage.files, sa.Text))
)
_PAGE = sa.select(YammerMessage, AUTHOR).outerjoin(AUTHOR, AUTHOR.id == YammerMessage.author_id)


def _summary(row: Any) -> ThreadSummary:
    thread: YammerThread = row.YammerThread
    return ThreadSummary(
        id=thread.id,
        title=thread.title,
        group=row.group_name,
        started_at=thread.started_at,
        starter=_person(row.starter),
        messages=int(row.messages or 0),
        last_at=row.last_at or thread.started_at,
    )


def _person(user: YammerUser | None) -> Person | None:
    return None if user is None else Person(user.name, user.slack_user_id)


def _message(row: YammerMessage, author: YammerUser | None, files: dict[str, FileNote]) -> Message:
    return Message(
        id=row.id,
        author=_person(author),
        created_at=row.created_at,
        body=row.body,
        links=tuple(row.links or ()),
        files=tuple(
            files.get(file_id, FileNote("an attached file", None, "missing")) for file_id in row.files
        ),
        is_starter=row.is_starter,
    )


def _files(session: Session, export_ids: list[str]) -> dict[str, FileNote]:
    if not export_ids:
        return {}
    found = session.scalars(sa.select(YammerFile).where(YammerFile.export_id.in_(set(export_ids))))
    return {f.export_id: FileNote(f.name, f.document_id, f.status) for f in found}


def _mentioned(session: Session, messages: Iterable[Message]) -> dict[str, Person]:
    """The people these messages mention, by export id."""
    ids = {mentioned for message in messages for mentioned in MENTION.findall(message.body)}
    if not ids:
        return {}
    users = session.scalars(sa.select(YammerUser).where(YammerUser.export_id.in_(ids)))
    return {user.export_id: Person(user.name, user.slack_user_id) for user in users}


# --------------------------------------------------------------------------- a thread


def thread_page(session: Session, thread_id: int, number: int = 1) -> ThreadPage | None:
    """Page `number` of a thread (its last page when past the end), oldest message first; None when
    the thread is not in the history. Pages hold up to THREAD_PAGE_MESSAGES messages and about
    THREAD_PAGE_CHARS characters of text (a longer message has a page of its own)."""
    found = session.execute(THREAD_STATEMENT.where(YammerThread.id == thread_id)).one_or_none()
    if found is None:
        return None
    sizes = session.scalars(
        sa.select(_SIZE)
        .where(YammerMessage.thread_id == thread_id)
        .order_by(YammerMessage.created_at, YammerMessage.id)
    ).all()
    pages = _paginate([int(value or 0) for value in sizes])
    number = max(1, min(number, len(pages)))
    first, count = pages[number - 1]
    rows = session.execute(
        _PAGE.where(YammerMessage.thread_id == thread_id)
        .order_by(YammerMessage.created_at, YammerMessage.id)
        .offset(first)
        .limit(count)
    ).all()
    files = _files(session, [file_id for row in rows for file_id in row.YammerMessage.files or ()])
    messages = [_message(row.YammerMessage, row[1], files) for row in rows]
    return ThreadPage(_summary(found), messages, number, len(pages), _mentioned(session, messages))


def _paginate(sizes: list[int]) -> list[tuple[int, int]]:
    """The pages of a thread whose messages have these sizes, in order: (first message, how many)."""
    pages: list[tuple[int, int]] = []
    first, count, used = 0, 0, 0
    for position, size in enumerate(sizes):
        if count and (count >= THREAD_PAGE_MESSAGES or used + size > THREAD_PAGE_CHARS):
            pages.append((first, count))
            first, count, used = position, 0, 0
        count += 1
        used += size
    pages.append((first, count))
    return pages


def overview(session: Session) -> Overview:
    threads = session.scalar(sa.select(sa.func.count()).select_from(YammerThread)) or 0
    messages, first, last = session.execute(
        sa.select(
            sa.func.count(), sa.func.min(YammerMessage.created_at), sa.func.max(YammerMessage.created_at)
        )
    ).one()
    files = (
        session.scalar(
            sa.select(sa.func.count()).select_from(YammerFile).where(YammerFile.document_id.is_not(None))
        )
        or 0
    )
    groups = tuple(session.scalars(sa.select(YammerGroup.name).order_by(YammerGroup.name).limit(6)))
    return Overview(threads, int(messages or 0), files, first, last, groups)


# --------------------------------------------------------------------------- for /ask


def plain_body(body: str, people: dict[str, Person]) -> str:
    """A body with its mentions as the names of the people they mention ("someone" if unknown)."""
    return MENTION.sub(lambda m: people[m.group(1)].name if m.group(1) in people else "someone", body)


def excerpt(body: str, people: dict[str, Person], limit: int = EXCERPT) -> str:
    """The first words of a body, mentions named, on one line, cut at a word."""
    plain = " ".join(plain_body(body, people).split())
    if len(plain) <= limit:
        return plain
    cut = plain.rfind(" ", 0, limit)
    return plain[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"
