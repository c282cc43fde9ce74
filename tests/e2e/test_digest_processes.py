"""The digest from real processes: `digest --send` racing itself, and the clock (`scheduler`)."""

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.deps import Deps
from storage.models import DigestRun, DigestSubscription
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


def test_the_clock_killed_mid_digest_is_finished_once_by_the_next_clock(
    clock_env: dict[str, str], deps: Deps, fake_slack: FakeSlackAPI
) -> None:
    subscribers = [f"U_KILL{n}" for n in range(6)]
    with deps.db.session() as session:
        session.add_all(DigestSubscription(user_id=user) for user in subscribers)
    fake_slack.delay("chat.postMessage", 0.3, times=100)
    first = Clock(clock_env)
    try:
        fake_slack.wait_for("chat.postMessage", count=3, timeout=30)
    finally:
        first.process.kill()
        first.process.wait(timeout=15)
    time.sleep(0.5)  # a message in flight at the kill still reaches the fake
    sent_before = len(fake_slack.calls_to("chat.postMessage"))
    assert sent_before < 7, "the clock was meant to die half-way"
    with deps.db.session() as session:  # five minutes pass: the dead clock's claim goes stale
        for run in session.scalars(select(DigestRun)):
            run.heartbeat_at -= timedelta(minutes=6)

    second = Clock(clock_env)
    try:
        second.wait_for("taken over from")
        assert "finished: 7 of 7 recipient(s) have it" in second.wait_for("recipient(s) have it")
    finally:
        second.stop()
    channels = Counter(call.params["channel"] for call in fake_slack.calls_to("chat.postMessage"))
    assert set(channels) == {"CDIGEST", *(f"D{user}" for user in subscribers)}
    # Even the part Slack accepted as the clock died: the next clock finds it in the channel's history.
    assert all(count == 1 for count in channels.values()), channels
