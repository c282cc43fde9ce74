"""The digest end to end: /digest over signed HTTP, and runs against the fake Web API.

Runs use a fixed clock (a Monday, half an hour after the default 09:00 UTC schedule),
so each test knows the period it sends and can move time on to a takeover or a catch-up.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.deps import Deps
from bot.digest_sender import DigestSender
from bot.messenger import Messenger, SlackMessenger, make_web_client
from bot.pacing import Pacer
from bot.scheduler import catch_up_digest
from bot.services.digest import dm_channel
from bot.services.digest_runs import MAX_ATTEMPTS, STALE_AFTER
from bot.views.blocks import Reply, validate_blocks
from storage.models import Arrangement, DigestDelivery, DigestRun, DigestSubscription, Partner
from tests.conftest import LiveApp
from tests.fakes.slack_api import FakeSlackAPI

DUE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SUBSCRIBERS = ["U_NKPO1", "U_NKPO2", "U_NKPO3", "U_NKPO4"]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Crash(BaseException):
    """The process dies here: nothing after it runs, nothing uncommitted is kept."""


class CrashingMessenger:
    """Posts through `inner` and dies at post number `at` (before Slack gets it, or just after)."""

    def __init__(self, inner: Messenger, at: int, after_slack_accepts: bool = False) -> None:
        self.inner, self.at, self.after = inner, at, after_slack_accepts
        self.posts = 0

    def post(self, channel: str, reply: Reply, thread_ts: str | None = None, key: str | None = None) -> str:
        self.posts += 1
        if self.posts == self.at and not self.after:
            raise Crash
        ts = self.inner.post(channel, reply, thread_ts, key)
        if self.posts == self.at:
            raise Crash
        return ts

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def sender(
    deps: Deps, clock: Clock, messenger: Messenger | None = None, pacer: Pacer | None = None
) -> DigestSender:
    messenger = messenger or SlackMessenger(make_web_client(deps.settings))
    return DigestSender(deps, messenger, pacer or Pacer(per_second=1000, per_channel_gap=0), clock)


def subscribe_all(live_app: LiveApp, users: list[str] = SUBSCRIBERS) -> None:
    for user in users:
        assert "You're subscribed" in live_app.command("/digest", "subscribe", user_id=user).json()["text"]
    live_app.fake.wait_for("conversations.open", len(users))  # the DM is opened after the ack
    wait_until(lambda: all(dm_channel_known(live_app.deps, user) for user in users))


def dm_channel_known(deps: Deps, user_id: str) -> bool:
    with deps.db.session() as session:
        return dm_channel(session, user_id) == f"D{user_id}"


def wait_until(condition: Callable[[], bool], timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def add_arrangements(deps: Deps, count: int, added_at: datetime = DUE - timedelta(days=2)) -> None:
    with deps.db.session() as session:
        partner = Partner(name="Sample partner (demo)", is_sample=True)
        session.add_all(
            Arrangement(ref=f"S-{n}", title=f"Sample arrangement {n} " + "x" * 250, nature="mou",
                        partner=partner, is_sample=True, added_at=added_at)
            for n in range(count)
        )  # fmt: skip


def posts_to(fake: FakeSlackAPI) -> list[str]:
    return [call.params["channel"] for call in fake.calls_to("chat.postMessage")]


def deliveries(deps: Deps) -> dict[str, DigestDelivery]:
    with deps.db.session() as session:
        return {d.recipient: d for d in session.scalars(select(DigestDelivery))}


def everyone() -> list[str]:
    return ["CDIGEST", *(f"D{user}" for user in SUBSCRIBERS)]


# ----------------------------------------------------------------------------- /digest over HTTP


def test_subscribe_status_preview_and_unsubscribe_over_http(live_app: LiveApp) -> None:
    status = live_app.command("/digest", "status").json()["text"]
    assert "don't get the digest" in status and "next digest goes out" in status and "<#CDIGEST>" in status
    subscribe_all(live_app, ["U_NKPO1"])
    again = live_app.command("/digest", "subscribe").json()["text"]
    assert "already subscribed" in again
    assert "You get the digest by direct message" in live_app.command("/digest", "status").json()["text"]
    preview = live_app.command("/digest", "preview").json()
    assert preview["response_type"] == "ephemeral" and validate_blocks(preview["blocks"]) == []
    assert "only you see it" in str(preview["blocks"]) and "158" in str(preview["blocks"])
    assert "no more digests" in live_app.command("/digest", "unsubscribe").json()["text"]
    assert "weren't subscribed" in live_app.command("/digest", "unsubscribe").json()["text"]
    usage = live_app.command("/digest", "weekly please").json()["text"]
    assert "I don't know `/digest weekly please`" in usage and "/digest subscribe" in usage
    assert live_app.fake.calls_to("chat.postMessage") == []


# ----------------------------------------------------------------------------- exactly once


def test_the_digest_is_sent_once_when_run_twice(live_app: LiveApp) -> None:
    subscribe_all(live_app)
    add_arrangements(live_app.deps, 2)
    clock = Clock(DUE + timedelta(minutes=30))
    (first,) = sender(live_app.deps, clock).send_due()
    (second,) = sender(live_app.deps, clock).send_due()
    assert first.outcome == "sent" and "5 of 5" in first.detail
    assert second.outcome == "already sent" and "nothing to do" in second.detail
    assert sorted(posts_to(live_app.fake)) == sorted(everyone())
    assert len(live_app.fake.calls_to("conversations.open")) == 4  # at subscribe time; none at digest time
    post = live_app.fake.calls_to("chat.postMessage")[0]
    assert validate_blocks(post.decoded("blocks")) == [] and "2 new arrangements" in post.params["text"]
    assert "16 Nov – 23 Nov 2026" in post.params["text"] and "Sent late" not in str(post.decoded("blocks"))
    with live_app.deps.db.session() as session:
        run = session.scalars(select(DigestRun)).one()
        assert (run.period_key, run.status) == ("2026-11-23T09:00Z", "done")
    # the week's chart, into the digest's channel once, by the process that claimed the period
    [chart] = live_app.fake.calls_to("files.completeUploadExternal")
    assert chart.params.get("channel_id") == "CDIGEST"
    [png] = live_app.fake.uploaded_files.values()
    assert png.startswith(b"\x89PNG")


def test_a_failed_chart_upload_is_not_tried_again_and_the_digest_still_goes(live_app: LiveApp) -> None:
    add_arrangements(live_app.deps, 1)
    live_app.fake.fail("files.getUploadURLExternal", 500, times=5)
    clock = Clock(DUE + timedelta(minutes=30))
    (first,) = sender(live_app.deps, clock).send_due()
    (second,) = sender(live_app.deps, clock).send_due()
    assert first.outcome == "sent" and second.outcome == "already sent"
    assert live_app.fake.calls_to("files.completeUploadExternal") == []
    assert posts_to(live_app.fake) == ["CDIGEST"]


def test_a_second_claim_of_the_same_period_is_refused_by_the_database(
    deps: Deps, fake_slack: FakeSlackAPI
) -> None:
    clock = Clock(DUE + timedelta(minutes=1))
    first, second = sender(deps, clock), sender(deps, clock)
    period = first.due_period()
    assert first._claim_and_send(period, clock.now).outcome == "sent"
    report = second._claim_and_send(period, clock.now)  # skips the look-up: straight to the INSERT
    assert report.outcome == "already sent"
    assert posts_to(fake_slack) == ["CDIGEST"]


def test_two_senders_claiming_at_the_same_instant_post_once(
    deps: Deps, fake_slack: FakeSlackAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.digest_sender

    barrier = threading.Barrier(2, timeout=10)
    real_claim = bot.digest_sender.claim_period

    def claim_together(*args, **kwargs):  # both INSERTs start together; the database picks one
        barrier.wait()
        return real_claim(*args, **kwargs)

    monkeypatch.setattr(bot.digest_sender, "claim_period", claim_together)
    clock = Clock(DUE + timedelta(minutes=1))
    reports = []
    threads = [
        threading.Thread(target=lambda: reports.extend(sender(deps, clock).send_due())) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # Both reached the INSERT (the barrier lets neither through alone): the loser's failed.
    winner, loser = sorted(reports, key=lambda report: report.outcome != "sent")
    assert winner.outcome == "sent" and loser.outcome in ("in progress elsewhere", "already sent")
    assert posts_to(fake_slack) == ["CDIGEST"]


def test_a_crash_half_way_is_finished_by_the_next_run_exactly_once(
    live_app: LiveApp, caplog: pytest.LogCaptureFixture
) -> None:
    subscribe_all(live_app)
    clock = Clock(DUE + timedelta(minutes=1))
    crashing = CrashingMessenger(SlackMessenger(make_web_client(live_app.deps.settings)), at=3)
    with pytest.raises(Crash):
        sender(live_app.deps, clock, crashing).send_due()
    assert posts_to(live_app.fake) == everyone()[:2]

    (meanwhile,) = sender(live_app.deps, clock).send_due()  # the owner may only be slow: hands off
    assert meanwhile.outcome == "in progress elsewhere" and len(posts_to(live_app.fake)) == 2

    clock.now += STALE_AFTER + timedelta(seconds=1)
    with caplog.at_level(logging.INFO, logger="bot.run_sender"):
        (finished,) = sender(live_app.deps, clock).send_due()
    assert finished.outcome == "sent" and "finished: 5 of 5" in finished.detail
    assert sorted(posts_to(live_app.fake)) == sorted(everyone())  # each recipient exactly once
    assert "taken over" in caplog.text
    assert all(d.status == "sent" for d in deliveries(live_app.deps).values())


def test_a_crash_after_slack_accepted_is_found_in_the_channel_not_sent_again(
    deps: Deps, fake_slack: FakeSlackAPI, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock(DUE + timedelta(minutes=1))
    crashing = CrashingMessenger(
        SlackMessenger(make_web_client(deps.settings)), at=1, after_slack_accepts=True
    )
    with pytest.raises(Crash):
        sender(deps, clock, crashing).send_due()
    clock.now += STALE_AFTER + timedelta(seconds=1)
    with caplog.at_level(logging.INFO):
        (finished,) = sender(deps, clock).send_due()
    # The attempt was on record: the next owner looked in the channel, found the part and recorded it.
    assert posts_to(fake_slack) == ["CDIGEST"] and finished.outcome == "sent"
    assert "sending part 1 to CDIGEST" in caplog.text and "had landed in CDIGEST after all" in caplog.text
    (history,) = fake_slack.calls_to("conversations.history")
    assert history.params["channel"] == "CDIGEST" and history.params["include_all_metadata"] in (
        "1",
        "true",
        True,
    )
    assert deliveries(deps)["CDIGEST"].message_ts == fake_slack.messages_in("CDIGEST")[0]["ts"]


def test_a_long_digest_resumes_at_the_first_part_not_yet_recorded(
    deps: Deps, fake_slack: FakeSlackAPI
) -> None:
    add_arrangements(deps, 90)
    clock = Clock(DUE + timedelta(minutes=1))
    parts = sender(deps, clock).preview()
    assert len(parts) >= 3
    crashing = CrashingMessenger(SlackMessenger(make_web_client(deps.settings)), at=3)
    with pytest.raises(Crash):
        sender(deps, clock, crashing).send_due()
    assert deliveries(deps)["CDIGEST"].parts_sent == 2
    clock.now += STALE_AFTER + timedelta(seconds=1)
    sender(deps, clock).send_due()
    texts = [call.params["text"] for call in fake_slack.calls_to("chat.postMessage")]
    assert texts == [part.text for part in parts]  # every part once, in order
    assert deliveries(deps)["CDIGEST"].parts_sent == len(parts)


def test_a_missed_period_is_caught_up_once_and_says_so(deps: Deps, fake_slack: FakeSlackAPI) -> None:
    clock = Clock(DUE + timedelta(hours=30))  # the clock was down for 30 hours; the grace is 72
    (caught_up,) = sender(deps, clock).send_due(within_grace=True)
    assert caught_up.outcome == "sent"
    (again,) = sender(deps, clock).send_due(within_grace=True)
    assert again.outcome == "already sent"
    (post,) = fake_slack.calls_to("chat.postMessage")
    assert "Sent late: this digest was due Mon 23 Nov 2026, 09:00" in str(post.decoded("blocks"))
    assert "16 Nov – 23 Nov 2026" in post.params["text"]


def test_a_period_missed_beyond_the_grace_is_not_sent(deps: Deps, fake_slack: FakeSlackAPI) -> None:
    deps = replace(deps, settings=replace(deps.settings, digest_grace_hours=24))
    (missed,) = sender(deps, Clock(DUE + timedelta(hours=25))).send_due(within_grace=True)
    assert missed.outcome == "missed" and "DIGEST_GRACE_HOURS=24" in missed.detail
    assert fake_slack.calls_to("chat.postMessage") == []


def test_the_clock_catches_up_at_start(
    deps: Deps, fake_slack: FakeSlackAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.scheduler
    from bot.usage_sender import UsageSender

    clock = Clock(DUE + timedelta(hours=2))
    monkeypatch.setattr(bot.scheduler, "digest_sender", lambda d: sender(d, clock))
    messenger = SlackMessenger(make_web_client(deps.settings))
    monkeypatch.setattr(bot.scheduler, "usage_sender", lambda d: UsageSender(d, messenger, clock=clock))
    catch_up_digest(deps)
    catch_up_digest(deps)  # a restart: nothing more
    # The digest in its channel, and the week's usage report to the secretariat, each once.
    assert posts_to(fake_slack) == ["CDIGEST", "DUSECRETARIAT1"]


# ----------------------------------------------------------------------------- Slack failures


def test_429_and_500_are_waited_out_and_everyone_gets_it_once(live_app: LiveApp) -> None:
    subscribe_all(live_app, SUBSCRIBERS[:2])
    with live_app.deps.db.session() as session:  # as if opening the DM had failed at subscribe time
        session.execute(
            update(DigestSubscription)
            .where(DigestSubscription.user_id == SUBSCRIBERS[0])
            .values(dm_channel_id=None)
        )
    live_app.fake.fail("chat.postMessage", status=429, retry_after=0)
    live_app.fake.fail("conversations.open", status=500)
    (report,) = sender(live_app.deps, Clock(DUE)).send_due()
    assert report.outcome == "sent"
    assert sorted(posts_to(live_app.fake)) == sorted(everyone()[:3])
    assert [c.method for c in live_app.fake.failed_calls] == ["chat.postMessage", "conversations.open"]


def test_a_recipient_that_still_fails_is_recorded_and_retried_at_the_next_run(live_app: LiveApp) -> None:
    subscribe_all(live_app, SUBSCRIBERS[:2])
    live_app.fake.error("chat.postMessage", "channel_not_found")  # the first post: the channel
    clock = Clock(DUE)
    (report,) = sender(live_app.deps, clock).send_due()
    assert (
        report.outcome == "incomplete"
        and "1 owed" in report.detail
        and "CDIGEST (channel_not_found)" in report.detail
    )
    failed = deliveries(live_app.deps)["CDIGEST"]
    assert (failed.status, failed.attempts, failed.last_error) == ("pending", 1, "channel_not_found")

    clock.now += timedelta(minutes=5)
    (retried,) = sender(live_app.deps, clock).finish_owed()
    assert retried.outcome == "sent"
    assert sorted(posts_to(live_app.fake)) == sorted(everyone()[:3])
    assert deliveries(live_app.deps)["CDIGEST"].attempts == 2
    assert sender(live_app.deps, clock).finish_owed() == []  # nothing owed any more


def test_a_recipient_is_given_up_after_repeated_failures(deps: Deps, fake_slack: FakeSlackAPI) -> None:
    clock = Clock(DUE)
    fake_slack.error("chat.postMessage", "is_archived", times=MAX_ATTEMPTS)
    sender(deps, clock).send_due()
    for _ in range(MAX_ATTEMPTS - 1):
        assert sender(deps, clock).finish_owed()[0].outcome in ("incomplete", "sent")
    assert sender(deps, clock).finish_owed() == []  # given up: nothing is owed any more
    gone = deliveries(deps)["CDIGEST"]
    assert (gone.status, gone.attempts) == ("failed", MAX_ATTEMPTS)
    with deps.db.session() as session:
        assert session.scalars(select(DigestRun.status)).one() == "done"
    assert posts_to(fake_slack) == []


def test_a_revoked_token_stops_the_pass_instead_of_failing_everyone(live_app: LiveApp) -> None:
    subscribe_all(live_app, SUBSCRIBERS[:2])
    live_app.fake.error("chat.postMessage", "token_revoked")
    (report,) = sender(live_app.deps, Clock(DUE)).send_due()
    assert (
        report.outcome == "incomplete"
        and "stopped: Slack refuses every call (token_revoked)" in report.detail
    )
    attempts = {recipient: d.attempts for recipient, d in deliveries(live_app.deps).items()}
    assert attempts == {"CDIGEST": 1, "U_NKPO1": 0, "U_NKPO2": 0}
    assert posts_to(live_app.fake) == []
