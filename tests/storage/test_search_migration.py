"""Migration 0002 on a fresh database of its own: it indexes what is already there, and undoes cleanly."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from bot.services.search import search
from storage.db import Database
from storage.migrate import upgrade
from storage.search_index import include_object
from tests.databases import temporary_database


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Database]:
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        database = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
        yield database
        database.dispose()
        return
    with temporary_database(server_url, "nkpo_mig") as url:
        database = Database(url)
        try:
            yield database
        finally:
            database.dispose()


def search_objects(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        names = inspect(connection).get_table_names()
        columns = {c["name"] for c in inspect(connection).get_columns("arrangements")}
    found = {name for name in names if not include_object(None, name, "table", True, None)}
    return found | ({"arrangements.search_vector"} & {f"arrangements.{c}" for c in columns})


def test_upgrade_indexes_existing_rows_and_downgrade_removes_every_search_object(fresh: Database) -> None:
    from alembic import command

    from storage.migrate import alembic_config

    command.upgrade(alembic_config(fresh.engine), "0001")  # the schema of then, without today's seed
    with fresh.engine.begin() as connection:
        connection.execute(text("INSERT INTO partners (name, kind, is_sample, added_at) VALUES "
                                "('Sample partner Old', 'ngo', true, CURRENT_TIMESTAMP)"))  # fmt: skip
        connection.execute(
            text(
                "INSERT INTO arrangements (ref, title, nature, partner_id, support_kinds, sdgs, summary, "
                "is_sample, added_at, updated_at) SELECT 'OLD-1', 'Sample from before the index', 'loa', id, "
                "'', '', 'written before 0002', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM partners"
            )
        )
    upgrade(fresh)
    assert search_objects(fresh)
    with fresh.session() as session:
        assert [hit.record.ref for hit in search(session, "arrangements", "index written").hits] == ["OLD-1"]
        assert search(session, "documents", "designation").total >= 1
    command.downgrade(alembic_config(fresh.engine), "0001")
    assert search_objects(fresh) == set()
    upgrade(fresh)
    with fresh.session() as session:
        assert [hit.record.ref for hit in search(session, "arrangements", "OLD-1 sample").hits] == ["OLD-1"]
