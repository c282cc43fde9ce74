"""Fault tests: the database goes away and comes back while the app keeps serving."""

from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot.deps import Deps
from storage.db import Database
from storage.migrate import upgrade
from tests.conftest import LiveApp, serve_live
from tests.fakes.postgres_server import PostgresServer, find_bindir
from tests.fakes.slack_api import FakeSlackAPI

pytestmark = pytest.mark.slow


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    server = PostgresServer(bindir).init()
    server.start()
    try:
        yield server
    finally:
        server.destroy()


@pytest.fixture
def app_on_own_postgres(
    own_postgres: PostgresServer, deps: Deps, fake_slack: FakeSlackAPI
) -> Iterator[LiveApp]:
    settings = replace(deps.settings, database_url=own_postgres.url)
    upgrade(Database(settings.database_url))
    with serve_live(Deps(settings, Database(settings.database_url)), fake_slack) as live:
        yield live


def test_database_restart_during_requests(app_on_own_postgres: LiveApp, own_postgres: PostgresServer) -> None:
    live = app_on_own_postgres
    assert live.slack.get("/healthz").status == 200
    assert "158" in live.command("/partnerships").json()["text"]

    own_postgres.stop()
    for _ in range(3):
        assert live.slack.get("/healthz").status == 503
        down = live.command("/partnerships")
        assert down.status == 200
        assert "can't reach my database" in down.json()["text"]

    own_postgres.start()
    assert live.slack.get("/healthz").status == 200
    assert "158" in live.command("/partnerships").json()["text"]
