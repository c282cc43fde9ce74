"""Where each command's time goes: signed requests dispatched in-process through the real app, profiled.

    python -m bench.profile [--database-url URL | --database sqlite|postgresql]
                            [--arrangements N] [--documents N] [--messages N]
                            [--commands all] [--requests N] [--show-sql] [--top N]

A quick try (a temporary SQLite file, loaded in about 20 s):

    python -m bench.profile --arrangements 2000 --documents 500 --messages 2000

With --database-url it profiles a database already migrated and loaded (e.g. by bench/http.py, which
calls `profile_commands` for each database it loaded, after its latency table); /announce writes a
sample announcement to it, so never point it at a database anyone uses. Without it, it loads a
temporary SQLite file (or, with --database postgresql, a PostgreSQL database it creates on --pg and
drops) as bench/http.py does (bench/workload.py; the issue's scale by default, which takes minutes).

The app is built as `serve` builds it in each worker (`bot.web.create_wsgi_app`, then gc.freeze), on
settings read from the same environment `serve` gets in bench/http.py, with the fake Slack Web API
(tests/fakes/slack_api.py) as SLACK_API_URL. Each request is the body and headers SlackSender
(tests/fakes/slack_requests.py) would send over HTTP, signed, handed to the WSGI app as gunicorn
would hand it: the front door checks the signature and parses it, Bolt's WSGI adapter builds a
BoltRequest and dispatches it, and the command answers in the ack. No socket and no HTTP parsing:
what gunicorn does and the bare app also pays is left out.

For each command, its mix of texts (bench/workload.py's MIXES) is sent once to warm up, then
--requests times in turn unprofiled, then --requests times again under cProfile. Columns:

- requests: profiled requests (and as many unprofiled); errors: answers that were not HTTP 200
  with the command's reply (counted over both passes).
- SQL/req: statements per request, counted with a `before_cursor_execute` event on the app's engine
  (the unprofiled pass; only the dispatching thread: work Bolt runs after the ack, such as fetching
  a user's locale, is not in the ack and not counted).
- wall ms: mean time of the WSGI call per request in the unprofiled pass.
- queries: mean time per request between `before_cursor_execute` and `after_cursor_execute` in the
  unprofiled pass: the driver's execute (on PostgreSQL, the round trip and every row; on SQLite,
  the statement run to its first row: for a sorted or grouped query nearly all of it). SQLite
  stepping to the further rows happens when they are fetched, outside the window, so it is
  counted with the other phases.
- parse, session, core, ORM, Block Kit, JSON, other: the rest of the wall time (wall - queries),
  split in the proportions the profiled pass measured. Each function's own time (cProfile's
  tottime) goes to a phase by its file: slack_bolt/, slack_sdk/, bot/web.py (the front door),
  hmac, urllib.parse -> parse; sqlalchemy/orm/session.py, orm/state_changes.py, sqlalchemy/pool/
  and the transaction functions of the engine (begin, commit, rollback, close...) -> session; the
  rest of sqlalchemy/orm/ -> ORM (statements built from the ORM, rows turned into objects);
  the rest of sqlalchemy/ -> core (compiling and caching statements, executing, results);
  bot/views/ -> Block Kit; json/ and the C encoder -> JSON; sqlite3, psycopg -> the driver (left
  out of the proportions: the queries column measures it); anything else (handlers, services, the
  standard library) -> other. A built-in function (C: isinstance, str.join, re...) goes to the
  phase of the function that called it.
- profiled ms: mean time per request under the profiler, for scale: cProfile adds a fixed cost to
  every Python call, so it inflates phases of many small Python calls (ORM, Block Kit) more than
  those in C (the drivers, json, hmac), and the proportions lean that way. Read the split to within
  a few tenths of a millisecond, not as exact.

One request at a time, so this measures cost, not waiting: under load (bench/http.py) a request
also waits for the CPU, the GIL and the database while others run.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.search import local_server
from bench.workload import MIXES, SECRET, bot_environment, describe, load_scale
from bot.config import Settings
from bot.web import WebApp, create_wsgi_app
from handlers.context import DATABASE_DOWN, SOMETHING_WENT_WRONG
from handlers.slack import settle
from storage.db import Database
from tests.databases import temporary_database
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import Response, SlackSender

PHASES = ("parse", "session", "core", "queries", "ORM", "Block Kit", "JSON", "other")
DRIVER = "queries"
# Functions of sqlalchemy/engine/base.py (and default.py) that belong to the transaction's life.
TRANSACTION_WORDS = ("begin", "commit", "rollback", "close", "transaction", "reset", "checkin", "checkout")
MAX_SQL_SHOWN = 12


@dataclass
class Row:
    """One command's profile."""

    command: str
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    statements: float = 0.0  # per request
    wall_ms: float = 0.0
    profiled_ms: float = 0.0
    phases_ms: dict[str, float] = field(default_factory=dict)
    sql: list[tuple[str, float, float]] = field(default_factory=list)  # (statement, per request, ms each)
    top: list[tuple[str, float]] = field(default_factory=list)  # (function, profiled ms per request)


class CapturingSender(SlackSender):
    """SlackSender that keeps the signed request it would send instead of sending it."""

    def __init__(self) -> None:
        super().__init__("http://127.0.0.1:9", SECRET)
        self.captured: tuple[bytes, dict[str, str]] = (b"", {})

    def _request(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Response:
        self.captured = (body or b"", headers)
        return Response(200, {}, b"")


def wsgi_environ(body: bytes, headers: dict[str, str]) -> dict[str, Any]:
    """What gunicorn hands the app for a POST to /slack/events with these headers and body."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "3000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
    return environ


class StatementClock:
    """Counts and times the statements the dispatching thread runs on an engine."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.thread = threading.get_ident()
        self.started: list[float] = []
        self.count = 0
        self.seconds = 0.0
        self.by_statement: dict[str, list[float]] = defaultdict(list)
        self.recording = False
        event.listen(engine, "before_cursor_execute", self.before)
        event.listen(engine, "after_cursor_execute", self.after)

    def before(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if self.recording and threading.get_ident() == self.thread:
            self.started.append(time.perf_counter())

    def after(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if self.recording and threading.get_ident() == self.thread and self.started:
            seconds = time.perf_counter() - self.started.pop()
            self.count += 1
            self.seconds += seconds
            self.by_statement[" ".join(statement.split())].append(seconds)

    def reset(self) -> None:
        self.count, self.seconds, self.started = 0, 0.0, []
        self.by_statement.clear()

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self.before)
        event.remove(self.engine, "after_cursor_execute", self.after)


def phase_of_file(filename: str, function: str) -> str:
    path = filename.replace("\\", "/")
    if "/slack_bolt/" in path or "/slack_sdk/" in path or path.endswith(("/bot/web.py", "/hmac.py")):
        return "parse"
    if path.endswith("/urllib/parse.py"):
        return "parse"
    if "/psycopg/" in path or "/psycopg_binary/" in path or "/psycopg_pool/" in path or "/sqlite3/" in path:
        return DRIVER
    if "/sqlalchemy/" in path:
        if path.endswith(("/orm/session.py", "/orm/state_changes.py")) or "/sqlalchemy/pool/" in path:
            return "session"
        if path.endswith(("/engine/base.py", "/engine/default.py")) and any(
            word in function.lower() for word in TRANSACTION_WORDS
        ):
            return "session"
        return "ORM" if "/sqlalchemy/orm/" in path else "core"
    if "/bot/views/" in path:
        return "Block Kit"
    if "/json/" in path:
        return "JSON"
    return "other"


def phase_of_builtin(name: str) -> str | None:
    """A built-in's own phase, or None for one that takes its caller's."""
    if "sqlite3" in name or "psycopg" in name:
        return DRIVER
    if "_json" in name:
        return "JSON"
    if "_hashlib" in name or "hmac" in name:
        return "parse"
    return None


def split_profile(stats: pstats.Stats) -> dict[str, float]:
    """Seconds of own time per phase (a built-in's time goes to its callers' phases, by their share)."""
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    totals: dict[str, float] = dict.fromkeys(PHASES, 0.0)

    def own_phase(key: tuple[str, int, str]) -> str | None:
        filename, _, function = key
        if filename == "~":
            return phase_of_builtin(function)
        return phase_of_file(filename, function)

    def give(key: tuple[str, int, str], seconds: float, depth: int) -> None:
        phase = own_phase(key)
        if phase is not None:
            totals[phase] += seconds
            return
        callers = table.get(key, (0, 0, 0.0, 0.0, {}))[4]
        if not callers or depth > 6:
            totals["other"] += seconds
            return
        weights = {caller: value[2] for caller, value in callers.items()}
        total = sum(weights.values())
        if total <= 0:
            weights = {caller: float(value[1]) for caller, value in callers.items()}
            total = sum(weights.values()) or 1.0
        for caller, weight in weights.items():
            give(caller, seconds * weight / total, depth + 1)

    for key, (_, _, tottime, _, _) in table.items():
        give(key, tottime, 0)
    return totals


def top_functions(stats: pstats.Stats, count: int) -> list[tuple[str, float]]:
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    ranked = sorted(table.items(), key=lambda item: item[1][2], reverse=True)[:count]
    shown = []
    for (filename, line, function), values in ranked:
        where = function if filename == "~" else f"{_short(filename)}:{line}({function})"
        shown.append((where, values[2]))
    return shown


def _short(filename: str) -> str:
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", "/bench18/", "/lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def failed(status: str, text: str) -> str | None:
    if not status.startswith("200"):
        return f"HTTP {status}"
    if DATABASE_DOWN in text or SOMETHING_WENT_WRONG in text:
        return "the friendly error line"
    return None


class Dispatcher:
    """Sends signed commands to the WSGI app, in-process."""

    def __init__(self, app: WebApp, fake: FakeSlackAPI) -> None:
        self.app = app
        self.fake = fake
        self.sender = CapturingSender()

    def environ(self, command: str, text: str, user: str) -> dict[str, Any]:
        self.sender.command(command, text, user_id=user, response_url=self.fake.response_url())
        return wsgi_environ(*self.sender.captured)

    def call(self, environ: dict[str, Any]) -> str | None:
        """Dispatch one request; an error's description, or None."""
        status: list[str] = []

        def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            status.append(line)

        body = b"".join(self.app(environ, start_response))
        return failed(status[0] if status else "no status", body.decode("utf-8", "replace"))


def profile_command(
    dispatcher: Dispatcher, clock: StatementClock, command: str, requests: int, top: int = 0
) -> Row:
    mix = MIXES[command]
    row = Row(command, requests)
    for text, user in mix:  # warm up: the first request of each text (imports, statement caches)
        if (error := dispatcher.call(dispatcher.environ(command, text, user))) is not None:
            row.errors.append(error)
    clock.reset()
    clock.recording = True
    wall = 0.0
    for number in range(requests):
        text, user = mix[number % len(mix)]
        environ = dispatcher.environ(command, text, user)
        started = time.perf_counter()
        error = dispatcher.call(environ)
        wall += time.perf_counter() - started
        if error is not None:
            row.errors.append(error)
    clock.recording = False
    row.wall_ms = wall * 1000 / requests
    row.statements = clock.count / requests
    queries_ms = clock.seconds * 1000 / requests
    row.sql = sorted(
        (
            (sql, len(times) / requests, statistics.fmean(times) * 1000)
            for sql, times in clock.by_statement.items()
        ),
        key=lambda item: item[1] * item[2],
        reverse=True,
    )

    profiler = cProfile.Profile()
    profiled = 0.0
    for number in range(requests):
        text, user = mix[number % len(mix)]
        environ = dispatcher.environ(command, text, user)
        started = time.perf_counter()
        profiler.enable()
        error = dispatcher.call(environ)
        profiler.disable()
        profiled += time.perf_counter() - started
        if error is not None:
            row.errors.append(error)
    row.profiled_ms = profiled * 1000 / requests
    stats = pstats.Stats(profiler)
    seconds = split_profile(stats)
    rest = {phase: value for phase, value in seconds.items() if phase != DRIVER}
    share_total = sum(rest.values()) or 1.0
    remaining = max(row.wall_ms - queries_ms, 0.0)
    row.phases_ms = {phase: remaining * value / share_total for phase, value in rest.items()}
    row.phases_ms[DRIVER] = queries_ms
    if top:
        row.top = [(name, value * 1000 / requests) for name, value in top_functions(stats, top)]
    return row


def profile_commands(
    settings: Settings,
    fake: FakeSlackAPI,
    commands: list[str],
    requests: int,
    top: int = 0,
    progress: Callable[[str], None] | None = None,
) -> list[Row]:
    """Each command's profile on the database of `settings`, through an app built as `serve` builds it."""
    app = create_wsgi_app(settings)
    gc.collect()
    gc.freeze()  # as bot/server.py does once a worker has loaded the app
    clock = StatementClock(app.deps.db.engine)
    dispatcher = Dispatcher(app, fake)
    rows = []
    try:
        for command in commands:
            rows.append(profile_command(dispatcher, clock, command, requests, top))
            settle(60)  # its work after the ack done, before the next command is timed and the data dropped
            if progress:
                progress(f"  profiled {command}: {requests} requests")
    finally:
        clock.close()
        app.deps.db.dispose()
        gc.unfreeze()
    return rows


def report(label: str, rows: list[Row], show_sql: bool = False) -> None:
    print(f"\n{label}: where the time goes, mean ms per request (in-process, one request at a time)")
    columns = "".join(f"{phase:>10}" for phase in PHASES)
    print(f"  {'command':<14} {'requests':>8} {'SQL/req':>8} {'wall ms':>8} |{columns} | {'profiled ms':>11}")
    for row in rows:
        phases = "".join(f"{row.phases_ms.get(phase, 0.0):>10.2f}" for phase in PHASES)
        errors = f"  errors: {len(row.errors)} (e.g. {row.errors[0]})" if row.errors else ""
        print(
            f"  {row.command:<14} {row.requests:>8} {row.statements:>8.1f} {row.wall_ms:>8.2f} |{phases} | "
            f"{row.profiled_ms:>11.2f}{errors}"
        )
        if show_sql:
            for sql, per_request, ms in row.sql[:MAX_SQL_SHOWN]:
                print(f"      {per_request:>5.2f}/req {ms:>6.2f} ms  {sql[:150]}")
            if len(row.sql) > MAX_SQL_SHOWN:
                print(f"      ... and {len(row.sql) - MAX_SQL_SHOWN} more distinct statements")
        for name, ms in row.top:
            print(f"      {ms:>6.3f} ms  {name}")
    print(
        "  (queries: the driver's execute, timed; the other phases split wall - queries as cProfile's own "
        "time did, by file: see bench/profile.py)"
    )


@contextmanager
def loaded_database(args: argparse.Namespace, folder: Path) -> Iterator[str]:
    """The URL of the database to profile: --database-url as it is, or a temporary one, loaded."""
    if args.database_url:
        yield args.database_url
        return
    with ExitStack() as stack:
        if args.database == "sqlite":
            url = f"sqlite:///{folder / 'profile.db'}"
        else:
            url = stack.enter_context(temporary_database(local_server(args.pg), "nkpo_profile"))
        database = Database(url)
        loaded = load_scale(database, folder / "documents", args.arrangements, args.documents, args.messages)
        database.dispose()
        print(describe(args.database, loaded, args.arrangements, args.documents, args.messages), flush=True)
        yield url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="a database already migrated and loaded (it is written to)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--arrangements", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--commands", type=lambda t: [c.strip() for c in t.split(",") if c.strip()])
    parser.add_argument("--requests", type=int, default=200, help="per command and pass (default 200)")
    parser.add_argument("--show-sql", action="store_true", help="each command's statements, costliest first")
    parser.add_argument("--top", type=int, default=0, help="each command's N costliest functions")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args(argv)
    commands = [c if c.startswith("/") else f"/{c}" for c in (args.commands or list(MIXES))]
    if unknown := sorted(set(commands) - set(MIXES)):
        parser.error(f"unknown: {', '.join(unknown)}")
    with (
        tempfile.TemporaryDirectory(prefix="nkpo-profile-") as name,
        FakeSlackAPI() as fake,
        loaded_database(args, Path(name)) as url,
    ):
        settings = Settings.from_env(bot_environment(url, fake.url, Path(name)))
        rows = profile_commands(settings, fake, commands, args.requests, args.top, print)
        label = "the database at --database-url" if args.database_url else args.database
        report(label, rows, args.show_sql)
    return 1 if any(row.errors for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
