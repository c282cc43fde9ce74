"""The database handle: one engine and one sessionmaker per process, made once.

Services never create sessions; the caller (a handler, the console, a scheduled job)
opens one with `Database.session()` and owns its lifecycle.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Executable, create_engine, event, text
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine with the settings each backend needs to behave under load."""
    if url.startswith("sqlite"):
        # A worker's threads share a few connections: each holds its own page cache and prepared
        # statements (FTS5's are large), and with the GIL more would not run more at once.
        pool: dict[str, Any] = {"pool_size": 5, "max_overflow": 3} if ":memory:" not in url else {}
        pool.update(kwargs)
        engine = create_engine(
            url, connect_args={"timeout": 15, "check_same_thread": False, "cached_statements": 32}, **pool
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in url and url != "sqlite://":
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # 1 MiB of page cache a connection (SQLite's default is 2): a worker holds up to 15, and
            # the operating system caches the file's pages anyway.
            cursor.execute("PRAGMA cache_size=-1024")
            cursor.close()

        return engine
    options: dict[str, Any] = {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5, "pool_timeout": 5}
    options.update(kwargs)
    # psycopg prepares a statement after 5 runs, and PostgreSQL may then settle on a generic
    # plan that cannot see how selective a full-text query is (a search went from 6 to 130 ms).
    connect_args = {"connect_timeout": 3, "options": "-c plan_cache_mode=force_custom_plan"}
    return create_engine(url, connect_args=connect_args, **options)


def rows_changed(session: Session, statement: Executable) -> int:
    """Run an UPDATE or DELETE in the session; how many rows it changed (for conditional updates)."""
    return cast("CursorResult[Any]", session.execute(statement)).rowcount


class Database:
    """An engine and its sessionmaker."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls back when it raises."""
        session = self.sessionmaker()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ping(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError as error:
            log.warning("database did not answer: %s", error.__class__.__name__)
            return False

    def dispose(self) -> None:
        self.engine.dispose()
