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


def test_0008_indexes_the_history_and_undoes_cleanly(fresh: Database, tmp_path: Path) -> None:
    from alembic import command

    from bot.services.history import search_history
    from bot.services.history_import import import_yammer
    from bot.services.yammer_export import open_export
    from storage.files import FileStore
    from storage.migrate import alembic_config
    from tests import yammer

    def load() -> None:
        export = open_export(yammer.SAMPLE)
        with fresh.session() as session:
            import_yammer(session, export, FileStore(tmp_path / "documents", 1024 * 1024), group=yammer.GROUP)
        export.close()

    def history_objects() -> set[str]:
        with fresh.engine.connect() as connection:
            found = {name for name in inspect(connection).get_table_names() if name.startswith("yammer")}
            if connection.dialect.name == "postgresql":
                found |= set(
                    connection.scalars(text("SELECT proname FROM pg_proc WHERE proname LIKE 'yammer%'"))
                )
            else:
                found |= set(
                    connection.scalars(text("SELECT name FROM sqlite_master WHERE name LIKE 'yammer%'"))
                )
        return found

    upgrade(fresh)
    load()
    with fresh.session() as session:
        assert search_history(session, "ballast water").total == 1
    command.downgrade(alembic_config(fresh.engine), "0007")
    assert history_objects() == set()
    upgrade(fresh)
    load()
    with fresh.session() as session:
        assert search_history(session, "checklist").total == 1
