"""Throwaway PostgreSQL databases for tests and benchmarks: created on a server, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.config import normalise_database_url


@contextmanager
def temporary_database(server_url: str, prefix: str) -> Iterator[str]:
    """A new, empty database on the server at `server_url`; yields its URL and drops it at the end."""
    server = make_url(normalise_database_url(server_url))
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
