"""The HTTP app under load: every slash command and /ask, signed, against a bare Bolt app that only acks.

    python -m bench.http [--databases sqlite,postgresql] [--clients 1,16,64] [--commands all]
                         [--arrangements N] [--documents N] [--requests N] [--workers 2]

For each database (a SQLite file in a temporary folder; a PostgreSQL database created on the
server at --pg and dropped afterwards) it loads N sample arrangements (bench/synthetic.py,
fictional, is_sample), starts `python -m bot serve` (gunicorn, --workers threaded workers) and the
bare app (bench/bare_app.py, process_before_response=True, the same gunicorn settings) on
127.0.0.1, with the fake Slack Web API (tests/fakes/slack_api.py) as SLACK_API_URL. At each
client count it times the bare app, then each command's mix of texts (MIXES), then the bare app
again (its two runs merged), and prints one table: ack latency p50/p95/p99, requests/s, errors,
and the p99 ratio to the bare app. Then the peak RSS of each web worker and
how long `serve` took from start to a healthy /healthz.

Targets (issue 7): p99 < 50 ms at 16 clients for every command, p99 ratio <= 1.5, no error at
any client count, RSS < 150 MB per worker, healthy within 3 s. An error is anything but HTTP 200
with the command's answer: a non-200 status, a connection failure or the "something went wrong"
line. Every loop is bounded in count and time; only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.search import local_server, percentile
from bench.synthetic import load
from bot.server import THREADS
from handlers.context import DATABASE_DOWN, SOMETHING_WENT_WRONG
from storage.db import Database
from tests.databases import temporary_database
from tests.evaluation import load_cases
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import SlackSender
from tests.processes import worker_memory_kib

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"
SECRETARIAT = "U0BENCHSEC"
NKPO = "U0BENCHNKPO"
ASK = [case.text for case in load_cases()]
# Each command's texts, sent in turn, as (text, user).
MIXES: dict[str, list[tuple[str, str]]] = {
    "/partnerships": [(text, NKPO) for text in (
        "", "djibouti", "ballast water", "kenya training", "Sample partner 01234", "loa",
        "mou hosting events", "seafarers year:2019", "piracy type:mou", "djibuti", "oil spill response",
        "sdg:14", "zzyzx", "year:abc",
    )],
    "/programmes": [(text, NKPO) for text in (
        "", "ballast water", "scope:regional", "piracy", "djibuti code", "sids ldc", "norad", "scope:moon",
    )],
    "/docs": [(text, NKPO) for text in (
        "cl 4004", "A1006", "tc 74/4 a", "ballast water", "oil spill response", "hydrografy", "zzyzx", "",
    )],
    "/nkpo": [(text, NKPO) for text in ("", "UK", "Kenya", "Côte d'Ivoire", "djibuti", "Atlantis", "help")],
    "/digest": [(text, NKPO) for text in ("status", "preview", "help", "frobnicate")],
    "/announce": [
        ("list", SECRETARIAT), ("Sample announcement for the benchmark: please ignore.", SECRETARIAT),
        ("Free pizza", NKPO), ("help", NKPO),
    ],
    "/ask": [(text, NKPO) for text in ASK],
}  # fmt: skip
BARE = "bare"
TARGET_P99_MS, TARGET_RATIO, TARGET_RSS_MB, TARGET_READY_S = 50.0, 1.5, 150.0, 3.0
TARGET_CLIENTS = 16
MAX_SECONDS_PER_RUN = 60.0


@dataclass
class Run:
    """One command at one client count: ack latencies, wall time and errors."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Run) -> None:
        self.latencies.extend(other.latencies)
        self.seconds += other.seconds
        self.errors.extend(other.errors)

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 0.99)


@dataclass
class Server:
    sender: SlackSender
    process: subprocess.Popen[bytes]
    ready_seconds: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(
    command: list[str], env: dict[str, str], port: int, ready_path: str, ready: tuple[int, ...] = (200,)
) -> Iterator[Server]:
    """Start a server, wait until `ready_path` answers with a status in `ready`; stop it at the end."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sender = SlackSender(f"http://127.0.0.1:{port}", SECRET)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if sender.get(ready_path).status in ready:
                    break
            except OSError:
                pass
            sender.close()
            if process.poll() is not None or time.monotonic() > deadline:
                errors = process.stderr.read().decode()[-2000:] if process.stderr else ""
                raise SystemExit(f"{' '.join(command)} did not start: {errors}")
            time.sleep(0.02)
        sender.close()
        yield Server(sender, process, time.perf_counter() - started)
    finally:
        process.terminate()
        process.wait(timeout=20)


def failed(text: str) -> bool:
    return DATABASE_DOWN in text or SOMETHING_WENT_WRONG in text


def hammer(sender: SlackSender, command: str, clients: int, requests: int, fake: FakeSlackAPI) -> Run:
    """`requests` signed `command`s (its mix in turn) from `clients` threads."""
    mix = MIXES[command]
    run = Run()
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + MAX_SECONDS_PER_RUN

    def client() -> None:
        mine, failures = [], []
        for number in counter:
            if time.monotonic() > deadline:
                failures.append("out of time")
                break
            text, user = mix[number % len(mix)]
            started = time.perf_counter()
            try:
                response = sender.command(command, text, user_id=user, response_url=fake.response_url())
            except OSError as error:
                failures.append(error.__class__.__name__)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                failures.append(f"HTTP {response.status}")
            elif failed(response.text):
                failures.append("the friendly error line")
        sender.close()
        with lock:
            run.latencies.extend(mine)
            run.errors.extend(failures)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - started
    return run


@contextmanager
def database_url(kind: str, folder: str, pg: str) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{Path(folder) / 'bench.db'}"
    else:
        with temporary_database(local_server(pg), "nkpo_bench") as url:
            yield url


@dataclass
class Result:
    database: str
    runs: dict[tuple[int, str], Run]
    rss_mb: list[float]
    bare_rss_mb: list[float]
    ready_seconds: float


def bench_database(kind: str, args: argparse.Namespace, fake: FakeSlackAPI) -> Result:
    with (
        tempfile.TemporaryDirectory(prefix="nkpo-http-") as folder,
        database_url(kind, folder, args.pg) as url,
    ):
        database = Database(url)
        seconds = load(database, args.arrangements, args.documents)
        database.dispose()
        print(f"{kind}: {args.arrangements:,} sample arrangements loaded in {seconds:.0f} s", flush=True)
        base_env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
        env = base_env | {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.url,
            "DATABASE_URL": url,
            "WEB_CONCURRENCY": str(args.workers),
            "SECRETARIAT_USER_IDS": SECRETARIAT,
            "ANNOUNCEMENTS_CHANNEL": "C0BENCHNEWS",
            "DIGEST_CHANNEL": "C0BENCHDIGEST",
            "DOCUMENTS_DIR": str(Path(folder) / "documents"),
            "LOG_LEVEL": "WARNING",
        }
        bot_port, bare_port = free_port(), free_port()
        bare_command = [
            sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{bare_port}",
            "--workers", str(args.workers), "--worker-class", "bot.server.GuardedThreadWorker",
            "--threads", str(THREADS), "--timeout", "30", "--keep-alive", "5",
            "--log-level", "warning", "bench.bare_app:app",
        ]  # fmt: skip
        runs: dict[tuple[int, str], Run] = {}
        with ExitStack() as stack:
            bot = stack.enter_context(
                server(
                    [sys.executable, "-m", "bot", "serve"],
                    env | {"PORT": str(bot_port)},
                    bot_port,
                    "/healthz",
                )
            )
            bare = stack.enter_context(server(bare_command, env, bare_port, "/slack/events", (404, 405)))
            for command in args.commands:  # warm both up: imports, caches, connection pools
                hammer(bot.sender, command, 4, 100, fake)
            hammer(bare.sender, "/partnerships", 4, 100, fake)
            for clients in args.clients:
                requests = max(args.requests, clients * 10)
                bare_run = hammer(bare.sender, "/partnerships", clients, requests, fake)
                for command in args.commands:
                    runs[clients, command] = hammer(bot.sender, command, clients, requests, fake)
                    print(f"  {clients:>3} clients {command}: {requests} requests", flush=True)
                bare_run.add(hammer(bare.sender, "/partnerships", clients, requests, fake))
                runs[clients, BARE] = bare_run
            rss, bare_rss = (
                [kib / 1024 for kib in sorted(worker_memory_kib(server.process.pid, "VmHWM").values())]
                for server in (bot, bare)
            )
        return Result(kind, runs, rss, bare_rss, bot.ready_seconds)


def report(result: Result, commands: list[str], clients: list[int]) -> bool:
    """Print the table of one database; True when every target was met."""
    met = True
    print(f"\n{result.database}: signed slash commands over HTTP, `python -m bot serve` against the bare app")
    print(
        f"  {'clients':>7} {'command':<14} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'req/s':>7} {'errors':>6} {'p99 / bare':>10}"
    )
    for count in clients:
        bare = result.runs[count, BARE]
        for command in [BARE, *commands]:
            run = result.runs[count, command]
            ratio = run.p99 / bare.p99
            flags = []
            if run.errors:
                met, flags = False, [*flags, "errors"]
            if command != BARE and count == TARGET_CLIENTS:
                if run.p99 >= TARGET_P99_MS:
                    met, flags = False, [*flags, "p99"]
                if ratio > TARGET_RATIO:
                    met, flags = False, [*flags, "ratio"]
            label = "bare app" if command == BARE else command
            print(
                f"  {count:>7} {label:<14} {len(run.latencies):>8} {statistics.median(run.latencies):>8.2f} "
                f"{percentile(run.latencies, 0.95):>8.2f} {run.p99:>8.2f} "
                f"{len(run.latencies) / run.seconds:>7.0f} {len(run.errors):>6} {ratio:>9.2f}x"
                + (f"  MISSED: {', '.join(flags)}" if flags else "")
            )
            if run.errors:
                print(f"          e.g. {run.errors[0]}")
    rss_ok = bool(result.rss_mb) and max(result.rss_mb) < TARGET_RSS_MB
    ready_ok = result.ready_seconds < TARGET_READY_S
    met = met and rss_ok and ready_ok
    print(
        f"  peak RSS per web worker: {', '.join(f'{mb:.0f}' for mb in result.rss_mb)} MB "
        f"(bare app: {', '.join(f'{mb:.0f}' for mb in result.bare_rss_mb)} MB), "
        f"target < {TARGET_RSS_MB:.0f} MB {'met' if rss_ok else 'MISSED'}"
    )
    print(
        f"  start to a healthy /healthz: {result.ready_seconds:.2f} s, target < {TARGET_READY_S:.0f} s "
        f"{'met' if ready_ok else 'MISSED'}"
    )
    return met


def comma_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.http", description=__doc__.split("\n")[0])
    parser.add_argument("--databases", type=comma_list, default=["sqlite", "postgresql"])
    parser.add_argument("--clients", type=lambda t: [int(n) for n in comma_list(t)], default=[1, 16, 64])
    parser.add_argument("--commands", type=comma_list, default=list(MIXES), help="default: every command")
    parser.add_argument("--arrangements", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument(
        "--requests", type=int, default=600, help="per command and client count (default 600)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for both (default 2)")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args(argv)
    args.commands = [c if c.startswith("/") else f"/{c}" for c in args.commands]
    unknown = sorted(set(args.commands) - set(MIXES)) + sorted(set(args.databases) - {"sqlite", "postgresql"})
    if unknown:
        parser.error(f"unknown: {', '.join(unknown)}")
    os.chdir(Path(__file__).resolve().parent.parent)  # gunicorn finds bench.bare_app from here
    met = True
    with FakeSlackAPI() as fake:
        for kind in args.databases:
            result = bench_database(kind, args, fake)
            met = report(result, args.commands, args.clients) and met
    if TARGET_CLIENTS not in args.clients:
        print(f"\n(the p99 and ratio targets are for {TARGET_CLIENTS} clients, not measured in this run)")
    print(f"\nall targets {'met' if met else 'NOT met (see MISSED above)'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
