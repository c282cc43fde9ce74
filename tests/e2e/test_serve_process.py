"""`python -m bot serve` as a real process: gunicorn workers answering signed requests."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from bot.config import Settings
from tests.conftest import SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import SlackSender

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(settings: Settings, db: object, fake_slack: FakeSlackAPI) -> Iterator[SlackSender]:
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "DATABASE_URL": settings.database_url,
        "SLACK_BOT_TOKEN": settings.slack_bot_token or "",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=env, stderr=subprocess.PIPE)
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
                errors = process.stderr.read().decode() if process.stderr else ""
                raise AssertionError(f"serve did not become healthy: {errors[-2000:]}")
            time.sleep(0.1)
        yield sender
    finally:
        sender.close()
        process.terminate()
        process.wait(timeout=15)


def test_serve_answers_signed_commands_under_gunicorn(served: SlackSender, fake_slack: FakeSlackAPI) -> None:
    response = served.command("/partnerships", response_url=fake_slack.response_url())
    assert response.status == 200 and "158" in response.json()["text"]
    forged = served.post(b"command=%2Fpartnerships", "application/x-www-form-urlencoded", signature="v0=bad")
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
