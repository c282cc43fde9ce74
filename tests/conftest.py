"""The test bed every test module shares.

- `db`: a migrated database for the whole run: SQLite in a temporary folder, or, when
  TEST_DATABASE_URL is set, a fresh PostgreSQL database created for this run and dropped after.
- `session`: a session whose work is rolled back after each test (service-level tests).
- `make_ctx`: makes a handler's Ctx on that session with a RecordingMessenger (handler-level tests).
- `fake_slack`: a local fake of the Slack Web API (tests/fakes/slack_api.py).
- `live_app`: the real WSGI app served over HTTP on loopback, talking to the fake Web API,
  with a SlackSender that signs requests; the database is reset after each test.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.deps import Deps
from bot.messenger import Messenger
from handlers.context import Ctx, Request
from handlers.slack import settle
from storage.db import Database, make_engine
from storage.migrate import upgrade
from storage.models import Base
from storage.seed import load_seed
from tests.databases import temporary_database
from tests.fakes.messenger import RecordingMessenger
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import SlackSender

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
SECRETARIAT = "USECRETARIAT1"
NKPO_USER = "U_NKPO1"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    with temporary_database(server_url, "nkpo_test") as url:
        yield url


@pytest.fixture(scope="session")
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def rollback_engine(db: Database) -> Iterator[Engine]:
    """An engine for rolled-back tests. On SQLite it emits BEGIN itself: pysqlite's lazy transactions
    would let a released savepoint (a session.commit() in a test) commit for real and leak rows."""
    engine = make_engine(db.url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _no_lazy_begin(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN")

    yield engine
    engine.dispose()


@pytest.fixture
def session(rollback_engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test, commits and all."""
    connection = rollback_engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


def reset_database(database: Database) -> None:
    """Empty every table and load the seed again, for tests whose app commits for real."""
    tables = [
        table for table in Base.metadata.sorted_tables if table.name != "data_version"
    ]  # kept: it moves on
    with database.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(table.delete())
    with database.session() as session:
        load_seed(session)


@pytest.fixture(scope="session")
def fake_slack_server() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
def fake_slack(fake_slack_server: FakeSlackAPI) -> Iterator[FakeSlackAPI]:
    fake_slack_server.reset()
    yield fake_slack_server
    fake_slack_server.reset()


@pytest.fixture
def settings(database_url: str, fake_slack_server: FakeSlackAPI, tmp_path: Path) -> Settings:
    return Settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake_slack_server.url,
        database_url=database_url,
        announcements_channel="CANNOUNCE",
        digest_channel="CDIGEST",
        secretariat_user_ids=frozenset({SECRETARIAT}),
        documents_dir=tmp_path / "documents",
    )


MakeCtx = Callable[..., Ctx]


@pytest.fixture
def make_ctx(session: Session, settings: Settings) -> MakeCtx:
    """`make_ctx(text, user_id=..., via=..., **request_fields)`: a Ctx for a handler on the rolled-back
    session, in channel C1 unless told otherwise, with a RecordingMessenger (`.messenger`)
    unless given another `messenger`."""

    def make(
        text: str = "",
        *,
        user_id: str = NKPO_USER,
        via: str = "slash",
        messenger: Messenger | None = None,
        **fields: Any,
    ) -> Ctx:
        fields.setdefault("channel_id", "C1")
        request = Request(user_id=user_id, via=via, text=text, **fields)  # type: ignore[arg-type]
        return Ctx(request, settings, session, messenger or RecordingMessenger())

    return make


@pytest.fixture
def deps(settings: Settings, db: Database) -> Iterator[Deps]:
    """Deps on the shared test database, reset after the test (for code that commits)."""
    yield Deps(settings, db)
    reset_database(db)


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class LiveApp:
    """The real HTTP app on loopback, the fake Slack API it calls, and a signed-request sender."""

    url: str
    slack: SlackSender
    fake: FakeSlackAPI
    deps: Deps

    def command(self, name: str, text: str = "", user_id: str = NKPO_USER, **kwargs: str):
        """Send a signed slash command with a response_url on the fake; return the HTTP response."""
        kwargs.setdefault("response_url", self.fake.response_url())
        return self.slack.command(name, text, user_id=user_id, **kwargs)


@contextmanager
def serve_live(deps: Deps, fake: FakeSlackAPI) -> Iterator[LiveApp]:
    """Serve the real WSGI app for `deps` on a loopback port until the block ends."""
    from bot.web import WebApp

    app = WebApp(deps)
    server = make_server("127.0.0.1", 0, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    sender = SlackSender(url, SIGNING_SECRET)
    try:
        yield LiveApp(url, sender, fake, app.deps)
    finally:
        sender.close()
        server.shutdown()
        server.server_close()
        settle()  # the work left after the ack (a command's use counted...) is done before the reset
        app.deps.db.dispose()


@pytest.fixture
def live_app(deps: Deps, fake_slack: FakeSlackAPI) -> Iterator[LiveApp]:
    with serve_live(replace(deps, db=Database(deps.settings.database_url)), fake_slack) as live:
        yield live
