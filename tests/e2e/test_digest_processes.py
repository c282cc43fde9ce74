"""The digest from real processes: `digest --send` racing itself, and the clock (`scheduler`)."""

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from handlers.context import Deps
from storage.models import DigestSubscription
from tests.fakes.slack_api import FakeSlackAPI

pytestmark = pytest.mark.slow
SUBSCRIBERS = ["U_RACE1", "U_RACE2", "U_RACE3"]


def bot_env(settings: Settings, fake: FakeSlackAPI, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DIGEST_", "DATABASE_"))}
    return {
        **env,
        "DATABASE_URL": settings.database_url,
        "SLACK_BOT_TOKEN": settings.slack_bot_token or "",
        "SLACK_API_URL": fake.url,
        "DIGEST_CHANNEL": "CDIGEST",
        "LOG_LEVEL": "INFO",
        **extra,
    }


def test_two_processes_racing_for_a_period_post_it_once(deps: Deps, fake_slack: FakeSlackAPI) -> None:
    with deps.db.session() as session:
        session.add_all(DigestSubscription(user_id=user) for user in SUBSCRIBERS)
    env = bot_env(deps.settings, fake_slack)
    command = [sys.executable, "-m", "bot", "digest", "--send"]
    racers = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for _ in range(2)]  # fmt: skip
    outputs = [racer.communicate(timeout=60) for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0], outputs
    said = " | ".join(out for out, _ in outputs)
    assert said.count("sent: 4 of 4") == 1, said
    assert said.count("already sent") + said.count("being sent by") == 1, said
    channels = [call.params["channel"] for call in fake_slack.calls_to("chat.postMessage")]
    assert sorted(channels) == sorted(["CDIGEST", *(f"D{user}" for user in SUBSCRIBERS)])


class Clock:
    """`python -m bot scheduler` in the background, its log collected line by line."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "scheduler"], env=env, stderr=subprocess.PIPE, text=True
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in self.lines if text in line]
            if found:
                return found[0]
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} in the clock's log:\n{''.join(self.lines)[-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


@pytest.fixture
def clock_env(deps: Deps, fake_slack: FakeSlackAPI) -> Iterator[dict[str, str]]:
    """A daily schedule whose last run was an hour ago: the clock, started now, has one to catch up."""
    due = datetime.now(UTC) - timedelta(hours=1)
    yield bot_env(deps.settings, fake_slack, DIGEST_SCHEDULE=f"{due.minute} {due.hour} * * *")


def test_the_clock_catches_up_a_missed_digest_once_across_restarts(
    clock_env: dict[str, str], fake_slack: FakeSlackAPI
) -> None:
    first = Clock(clock_env)
    try:
        assert "catching up the digest for" in first.wait_for("clock: catching up")
        assert "sent: 1 of 1" in first.wait_for("recipient(s) have it")
        first.wait_for("job weekly-digest, next run")
    finally:
        first.stop()
    second = Clock(clock_env)
    try:
        assert "already sent" in second.wait_for("already sent")
    finally:
        second.stop()
    assert [call.params["channel"] for call in fake_slack.calls_to("chat.postMessage")] == ["CDIGEST"]
    assert "Sent late" in str(fake_slack.calls_to("chat.postMessage")[0].decoded("blocks"))


@pytest.mark.parametrize("command", [["scheduler"], ["digest", "--send"]])
def test_a_malformed_schedule_stops_the_process_with_one_clear_line(
    deps: Deps, fake_slack: FakeSlackAPI, command: list[str]
) -> None:
    env = bot_env(deps.settings, fake_slack, DIGEST_SCHEDULE="every monday at nine")
    result = subprocess.run(
        [sys.executable, "-m", "bot", *command], env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("configuration error: DIGEST_SCHEDULE must be crontab syntax")
    assert fake_slack.calls == []
