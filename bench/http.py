"""HTTP speed of `python -m bot serve` against a bare Bolt app that only acks, side by side.

    python -m bench.http [--arrangements N] [--clients 16] [--requests N] [--rounds 2]

Builds a SQLite database with N sample arrangements (fictional, is_sample) in a temporary
folder, starts `python -m bot serve` (gunicorn, WEB_CONCURRENCY workers) on it and the bare
app (bench/bare_app.py) under gunicorn with the same worker settings, both on 127.0.0.1, then
sends signed `/partnerships <words>` commands from concurrent client threads
(tests/fakes/slack_requests.py SlackSender), alternating the two servers round by round.
Prints p50/p95/p99 latency, requests/s and the bot/bare ratios. Targets: p99 < 50 ms at 16
clients, p99 ratio <= 1.5. Every loop is bounded in count and time; only 127.0.0.1 is used.
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
from contextlib import contextmanager
from pathlib import Path

from bench.search import percentile
from bench.synthetic import load
from storage.db import Database
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import SlackSender

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"
WORDS = [
    "djibouti", "ballast water", "kenya training", "Sample partner 01234", "loa", "mou hosting events",
    "seafarers year:2019", "piracy type:mou", "djibuti", "oil spill response", "sdg:14", "zzyzx",
]  # fmt: skip
TARGET_P99_MS, TARGET_RATIO = 50.0, 1.5
MAX_SECONDS_PER_ROUND = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(command: list[str], env: dict[str, str], port: int, ready_path: str) -> Iterator[SlackSender]:
    """Start a server process, wait until it answers on 127.0.0.1:port, stop it afterwards."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sender = SlackSender(f"http://127.0.0.1:{port}", SECRET)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if sender.get(ready_path).status in (200, 404, 405):
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                errors = process.stderr.read().decode()[-2000:] if process.stderr else ""
                raise SystemExit(f"{' '.join(command)} did not start: {errors}")
            time.sleep(0.1)
        sender.close()
        yield sender
    finally:
        process.terminate()
        process.wait(timeout=20)


def hammer(sender: SlackSender, clients: int, requests: int, response_url: str) -> tuple[list[float], float]:
    """`requests` signed commands from `clients` threads; latencies (ms) and wall time (s)."""
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + MAX_SECONDS_PER_ROUND
    failures: list[str] = []

    def client() -> None:
        mine: list[float] = []
        for number in counter:
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            response = sender.command("/partnerships", WORDS[number % len(WORDS)], response_url=response_url)
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                failures.append(f"HTTP {response.status}")
        sender.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[0]}")
    return latencies, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.http", description=__doc__.split("\n")[0])
    parser.add_argument("--arrangements", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=3000, help="per server per round (default 3000)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for both (default 2)")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="nkpo-http-") as folder, FakeSlackAPI() as fake:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        database = Database(url)
        seconds = load(database, args.arrangements, args.documents)
        database.dispose()
        print(f"{args.arrangements:,} sample arrangements loaded in {seconds:.0f} s", flush=True)
        base_env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
        env = base_env | {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.url,
            "DATABASE_URL": url,
            "WEB_CONCURRENCY": str(args.workers),
            "LOG_LEVEL": "WARNING",
        }
        bot_port, bare_port = free_port(), free_port()
        bot_command = [sys.executable, "-m", "bot", "serve"]
        bare_command = [
            sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{bare_port}",
            "--workers", str(args.workers), "--worker-class", "sync", "--timeout", "30", "--keep-alive", "5",
            "--log-level", "warning", "bench.bare_app:app",
        ]  # fmt: skip
        results: dict[str, list[float]] = {"bot": [], "bare": []}
        walls: dict[str, float] = {"bot": 0.0, "bare": 0.0}
        with (
            server(bot_command, env | {"PORT": str(bot_port)}, bot_port, "/healthz") as bot,
            server(bare_command, env, bare_port, "/slack/events") as bare,
        ):
            os.chdir(root)
            for sender in (bot, bare):
                hammer(sender, args.clients, 200, fake.response_url())
            for round_number in range(1, args.rounds + 1):
                for name, sender in (("bare", bare), ("bot", bot)):
                    latencies, wall = hammer(sender, args.clients, args.requests, fake.response_url())
                    results[name].extend(latencies)
                    walls[name] += wall
                    print(
                        f"  round {round_number} {name}: {len(latencies)} requests in {wall:.1f} s",
                        flush=True,
                    )
    print(
        f"\nsigned /partnerships <words>, {args.clients} clients, {args.workers} gunicorn sync workers each"
    )
    print(f"  {'server':<34} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8}")
    rows = {}
    for name, label in (("bare", "bare Bolt app (ack only)"), ("bot", "python -m bot serve (search)")):
        values = results[name]
        rows[name] = (percentile(values, 0.99), len(values) / walls[name])
        p50, p95, (p99, rate) = statistics.median(values), percentile(values, 0.95), rows[name]
        print(f"  {label:<34} {len(values):>8} {p50:>8.2f} {p95:>8.2f} {p99:>8.2f} {rate:>8.0f}")
    ratio = rows["bot"][0] / rows["bare"][0]
    print(
        f"  bot/bare: p99 x{ratio:.2f}, throughput x{rows['bot'][1] / rows['bare'][1]:.2f}   "
        f"targets: p99 < {TARGET_P99_MS:.0f} ms {'met' if rows['bot'][0] < TARGET_P99_MS else 'MISSED'}, "
        f"ratio <= {TARGET_RATIO} {'met' if ratio <= TARGET_RATIO else 'MISSED'}"
    )
    return 0 if rows["bot"][0] < TARGET_P99_MS and ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
