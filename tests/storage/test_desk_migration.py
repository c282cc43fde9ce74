"""Migration 0009 on a fresh database of its own: runs of every kind, claims and the audit trail,
and a downgrade that leaves the digest's runs as they were."""

from sqlalchemy import inspect, text

from storage.db import Database
from storage.migrate import upgrade
from tests.storage.test_search_migration import fresh  # noqa: F401  (the fixture)

NEW_TABLES = {"reminder_claims", "audit_events", "command_uses"}


def tables(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def test_upgrade_marks_old_runs_as_digests_and_downgrade_removes_what_it_added(fresh: Database) -> None:  # noqa: F811
    from alembic import command

    from storage.migrate import alembic_config

    command.upgrade(alembic_config(fresh.engine), "0010")
    run = (
        "INSERT INTO digest_runs (period_key, period_start, period_end, status, claimed_by, claimed_at, "
        "heartbeat_at, summary) VALUES (:key, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'done', 'x', "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '{}')"
    )
    with fresh.engine.begin() as connection:
        connection.execute(text(run), {"key": "2026-11-23T09:00Z"})
    upgrade(fresh)
    assert tables(fresh) >= NEW_TABLES
    with fresh.engine.begin() as connection:
        assert connection.execute(text("SELECT kind FROM digest_runs")).scalars().all() == ["digest"]
        connection.execute(
            text(run.replace("(period_key", "(kind, period_key").replace("(:key", "('reminders', :key")),
            {"key": "reminders:1"},
        )
        reminders_run = connection.execute(
            text("SELECT id FROM digest_runs WHERE kind = 'reminders'")
        ).scalar()
        connection.execute(
            text(
                "INSERT INTO digest_deliveries (run_id, recipient, kind, status, parts_sent, "
                "attempts) VALUES (:run, 'U1', 'dm', 'sent', 1, 1)"
            ),
            {"run": reminders_run},
        )
        connection.execute(
            text(
                "INSERT INTO audit_events (at, actor, action, subject, changes) VALUES "
                "(CURRENT_TIMESTAMP, 'cli', 'reminders.run', 'reminders', '{}')"
            )
        )
    command.downgrade(alembic_config(fresh.engine), "0010")
    assert not NEW_TABLES & tables(fresh)
    with fresh.engine.connect() as connection:
        assert connection.execute(text("SELECT period_key FROM digest_runs")).scalars().all() == [
            "2026-11-23T09:00Z"
        ]
        assert connection.execute(text("SELECT count(*) FROM digest_deliveries")).scalar() == 0
        columns = {c["name"] for c in inspect(connection).get_columns("digest_runs")}
    assert "kind" not in columns
    upgrade(fresh)
    assert tables(fresh) >= NEW_TABLES
