"""`python -m bot serve` as a real process: gunicorn workers answering signed requests."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import Settings
from bot.views.blocks import SHARE_ACTION
from tests.conftest import SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import SlackSender
from tests.processes import worker_memory_kib

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Served:
    """The gunicorn master's pid, a sender of signed requests to it, and the file its log goes to."""

    slack: SlackSender
    pid: int
    log: Path


@contextmanager
def serving(
    settings: Settings, fake: FakeSlackAPI, log: Path, log_level: str = "WARNING"
) -> Iterator[Served]:
    """`python -m bot serve` on a free port until the block ends; healthy before it starts."""
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "DATABASE_URL": settings.database_url,
        "SLACK_BOT_TOKEN": settings.slack_bot_token or "",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.url,
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": log_level,
    }
    with open(log, "wb") as log_file:
        process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=env, stderr=log_file)
    sender = SlackSender(f"http://127.0.0.1:{port}", SIGNING_SECRET)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                if sender.get("/healthz").status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not become healthy: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield Served(sender, process.pid, log)
    finally:
        sender.close()
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture
def served(settings: Settings, db: object, fake_slack: FakeSlackAPI, tmp_path: Path) -> Iterator[Served]:
    with serving(settings, fake_slack, tmp_path / "serve.log") as served:
        yield served


def test_serve_answers_signed_commands_under_gunicorn(served: Served, fake_slack: FakeSlackAPI) -> None:
    response = served.slack.command("/partnerships", response_url=fake_slack.response_url())
    assert response.status == 200 and "158" in response.json()["text"]
    forged = served.slack.post(
        b"command=%2Fpartnerships", "application/x-www-form-urlencoded", signature="v0=bad"
    )
    assert forged.status == 401


def test_serve_refuses_to_start_without_a_signing_secret() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env["SLACK_BOT_TOKEN"] = "xoxb-1"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve"], env=env, capture_output=True, text=True, timeout=30, cwd="/"
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "configuration error: SLACK_SIGNING_SECRET is not set: serve needs it (see .env.example)"
    )


SOAK_COMMANDS = [
    ("/partnerships", ""),
    ("/partnerships", "ballast water"),
    ("/programmes", "djibuti"),
    ("/nkpo", "Côte d'Ivoire"),
    ("/digest", "status"),
    ("/ask", "how many MoUs are there?"),
    ("/docs", "circular letter 4004"),
]


def test_soak_steady_load_without_errors_or_memory_growth(
    served: SlackSender, fake_slack: FakeSlackAPI
) -> None:
    """A few minutes at a steady rate (SOAK_SECONDS, default 150): every answer good, memory flat."""
    seconds = float(os.environ.get("SOAK_SECONDS", "150"))
    rate = 20.0
    master = served.pid
    errors: list[str] = []
    baseline: dict[int, int] = {}
    started = time.monotonic()
    sent = 0
    while (elapsed := time.monotonic() - started) < seconds:
        command, text = SOAK_COMMANDS[sent % len(SOAK_COMMANDS)]
        response = served.slack.command(command, text, response_url=fake_slack.response_url())
        body = response.json() if response.status == 200 else None
        if response.status != 200 or not body or "something went wrong" in body.get("text", ""):
            errors.append(f"{command} {text!r}: {response.status} {response.text[:200]}")
        sent += 1
        if not baseline and elapsed > seconds * 0.2:
            baseline = worker_memory_kib(master)
        time.sleep(max(0.0, started + sent / rate - time.monotonic()))
    final = worker_memory_kib(master)
    assert errors == [], errors[:5]
    assert sent >= seconds * rate * 0.9
    assert set(final) == set(baseline), "a worker was restarted during the soak"
    for pid, size in final.items():
        assert size <= baseline[pid] * 1.10, f"worker {pid} grew from {baseline[pid]} KiB to {size} KiB"


def test_no_token_signing_secret_or_response_url_is_ever_logged(
    settings: Settings, db: object, fake_slack: FakeSlackAPI, tmp_path: Path
) -> None:
    """Everything logged at DEBUG by serve and by a digest run, through answers, failures and refusals."""
    hooks = [
        f"https://hooks.slack.com/commands/T0001/{n}/HOOKSECRET{n}" for n in range(len(SOAK_COMMANDS) + 2)
    ]
    with serving(settings, fake_slack, tmp_path / "serve.log", log_level="DEBUG") as served:
        fake_slack.fail("auth.test", status=500)
        commands = [*SOAK_COMMANDS, ("/announce", "hello"), ("/digest", "subscribe")]
        for (command, text), hook in zip(commands, hooks, strict=True):  # each answered in its ack
            assert served.slack.command(command, text, response_url=hook).status == 200
        clicked = fake_slack.response_url()  # a button's answer goes to its response_url, after the ack
        assert (
            served.slack.action(SHARE_ACTION, '{"command":"/nkpo","text":""}', response_url=clicked).status
            == 200
        )
        fake_slack.wait_for("response_url")
        fake_slack.error("conversations.open", "invalid_auth")
        served.slack.command(
            "/digest", "subscribe", user_id="U_OTHER", response_url=fake_slack.response_url()
        )
        served.slack.post(b"command=%2Fdocs", "application/x-www-form-urlencoded", signature="v0=forged")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DIGEST_", "DATABASE_"))}
    digest = subprocess.run(
        [sys.executable, "-m", "bot", "digest", "--send"],
        env={**env, "DATABASE_URL": settings.database_url, "SLACK_BOT_TOKEN": settings.slack_bot_token or "",
             "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake_slack.url,
             "DIGEST_CHANNEL": "CDIGEST", "LOG_LEVEL": "DEBUG"},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    logged = served.log.read_text() + digest.stdout + digest.stderr
    assert "DEBUG" in logged and "chat.postMessage" in logged, "the logs should be verbose here"
    for secret in (settings.slack_bot_token or "", SIGNING_SECRET):
        assert secret and secret not in logged
    assert "HOOKSECRET" not in logged and clicked not in logged


def test_fifty_slow_clients_do_not_keep_commands_or_healthz_waiting() -> None:
    from bench.slow_clients import COMMAND_TARGET, HEALTH_TARGET, run

    commands, health, cut_off = run(slow=50, seconds=6, workers=2)
    assert commands.errors == [] and health.errors == []
    assert max(commands.times) < COMMAND_TARGET and max(health.times) < HEALTH_TARGET
    assert all(cut_off.values()), cut_off  # every kind of slow client was dropped, not served forever
