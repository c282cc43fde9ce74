"""Slow clients against `python -m bot serve`: signed commands and /healthz answered meanwhile.

    python -m bench.slow_clients [--slow 50] [--seconds 20] [--workers 2]

Starts `python -m bot serve` on a SQLite file in a temporary folder (the fake Slack Web API as
SLACK_API_URL, 127.0.0.1 only), then attaches --slow unsigned clients that never finish a request,
in three kinds taken in turn: one sends its headers a byte every half second; one sends headers
claiming a 1,000,000-byte body and then a byte every half second; one claims a small body (1,000
bytes, under the cap) and sends it a byte every half second. Each reconnects as soon as the
server drops it. Meanwhile, for --seconds, it times one signed /partnerships and one GET /healthz
every 0.25 s each, and prints their worst and p95 times, errors, and how often slow clients were
cut off. Targets (issue 14): every signed command acked in < 3 s and every /healthz in < 1 s.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.http import free_port, server
from bench.search import percentile
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import Response, SlackSender

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"
COMMAND_TARGET, HEALTH_TARGET = 3.0, 1.0
KINDS = ("slow headers", "huge body", "slow body")


@dataclass
class Tally:
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class SlowClients:
    """`count` clients that keep the server busy without ever finishing a request, until stopped."""

    port: int
    count: int
    stop: threading.Event = field(default_factory=threading.Event)
    cut_off: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self.run, args=(KINDS[n % len(KINDS)],), daemon=True)
            for n in range(self.count)
        ]
        for thread in threads:
            thread.start()
        return threads

    def run(self, kind: str) -> None:
        head = b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        while not self.stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
                    if kind == "slow headers":
                        first, trickle = b"", head + b"X-Padding: " + b"a" * 10_000
                    else:
                        length = 1_000_000 if kind == "huge body" else 1000
                        first, trickle = head + f"Content-Length: {length}\r\n\r\n".encode(), b"{" * length
                    if first:
                        sock.sendall(first)
                    for byte in trickle:
                        if self.stop.wait(0.5):
                            return
                        sock.sendall(bytes([byte]))
            except OSError:
                pass
            with self.lock:
                self.cut_off[kind] += 1
            self.stop.wait(0.05)


def measure(port: int, seconds: float) -> tuple[Tally, Tally]:
    commands, health = Tally(), Tally()

    def probe(tally: Tally, call: Callable[[SlackSender], Response]) -> None:
        sender = SlackSender(f"http://127.0.0.1:{port}", SECRET, timeout=15)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                response = call(sender)
                if response.status != 200:
                    tally.errors.append(f"HTTP {response.status}")
            except OSError as error:
                tally.errors.append(error.__class__.__name__)
                sender.close()
            tally.times.append(time.perf_counter() - started)
            time.sleep(0.25)
        sender.close()

    probes = [
        threading.Thread(target=probe, args=(commands, lambda s: s.command("/partnerships", "djibouti"))),
        threading.Thread(target=probe, args=(health, lambda s: s.get("/healthz"))),
    ]
    for thread in probes:
        thread.start()
    for thread in probes:
        thread.join()
    return commands, health


def run(slow: int, seconds: float, workers: int) -> tuple[Tally, Tally, dict[str, int]]:
    """Serve, attach the slow clients, measure; the two tallies and how often each kind was cut off."""
    with FakeSlackAPI() as fake, tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.url,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.db'}",
            "WEB_CONCURRENCY": str(workers),
            "DOCUMENTS_DIR": str(Path(folder) / "documents"),
            "LOG_LEVEL": "WARNING",
        }
        subprocess.run(
            [sys.executable, "-m", "bot", "db", "upgrade"], env=env, check=True, capture_output=True
        )
        port = free_port()
        with server([sys.executable, "-m", "bot", "serve"], env | {"PORT": str(port)}, port, "/healthz"):
            clients = SlowClients(port, slow)
            threads = clients.start()
            time.sleep(1.5)  # let every slow client get its connection in
            try:
                commands, health = measure(port, seconds)
            finally:
                clients.stop.set()
                for thread in threads:
                    thread.join(timeout=5)
            return commands, health, dict(clients.cut_off)


def report(name: str, tally: Tally, target: float) -> bool:
    worst = max(tally.times, default=float("inf"))
    met = worst < target and not tally.errors
    print(
        f"{name:<22} n={len(tally.times):<4} p95 {percentile(tally.times, 0.95) * 1000:7.1f} ms  "
        f"worst {worst * 1000:7.1f} ms  errors {len(tally.errors)}  target < {target:g} s: "
        f"{'met' if met else 'NOT MET'}"
    )
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slow", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    commands, health, cut_off = run(args.slow, args.seconds, args.workers)
    print(f"{args.slow} slow clients attached for {args.seconds:g} s, {args.workers} workers")
    ok = report("signed /partnerships", commands, COMMAND_TARGET) & report(
        "GET /healthz", health, HEALTH_TARGET
    )
    print("slow clients cut off and reconnected: " + ", ".join(f"{k} {v}" for k, v in cut_off.items()))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
