"""A slow Slack never doubles a post, nor tells a user that something which happened did not.

Over signed HTTP against the fake Web API, whose `late` fault makes Slack take a post (it lands in
the channel) and answer after the client has given up (a 1 s client timeout here).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import posting
from bot.deps import Deps
from bot.messenger import SlackMessenger, make_web_client
from bot.pacing import Pacer
from bot.views.announcements import FORM_CALLBACK, POST_ACTION
from bot.views.documents import SHARE_ACTION
from storage.db import Database
from storage.models import Announcement, DigestDelivery, DocumentShare, SlackPost
from tests.conftest import SECRETARIAT, LiveApp, serve_live
from tests.e2e.test_announce import buttons, form_values
from tests.e2e.test_digest import DUE, Clock
from tests.e2e.test_docs import add_document
from tests.fakes.slack_api import FakeSlackAPI

LATE = 1.6  # seconds: past the 1 s client timeout


@pytest.fixture
def slow_app(deps: Deps, fake_slack: FakeSlackAPI) -> Iterator[LiveApp]:
    quick = replace(deps.settings, slack_timeout=1)
    with serve_live(Deps(quick, Database(quick.database_url)), fake_slack) as live:
        yield live


def announcement(live_app: LiveApp) -> Announcement:
    with live_app.deps.db.session() as session:
        return session.scalars(select(Announcement)).one()


def press_post(live_app: LiveApp, value: str, answers: int) -> str:
    live_app.slack.action(POST_ACTION, value, user_id=SECRETARIAT, response_url=live_app.fake.response_url())
    return str(live_app.fake.wait_for("response_url", answers, timeout=20)[-1].params["text"])


def draft(live_app: LiveApp, text: str) -> str:
    return buttons(live_app.command("/announce", text, user_id=SECRETARIAT).json())[POST_ACTION]


@pytest.mark.parametrize("late_answers", [1, 3])
def test_a_late_answer_posts_the_announcement_once_and_says_it_is_posted(
    slow_app: LiveApp, late_answers: int
) -> None:
    slow_app.fake.late("chat.postMessage", LATE, times=late_answers)
    value = draft(slow_app, "The NKPO webinar is on 3 May.")
    said = press_post(slow_app, value, 1)
    landed = slow_app.fake.messages_in("CANNOUNCE")
    assert len(landed) == 1, "a slow Slack doubled the announcement"
    assert "is posted in <#CANNOUNCE>" in said
    stored = announcement(slow_app)
    assert (stored.status, stored.message_ts) == ("posted", landed[0]["ts"])  # edits reach that message
    assert landed[0]["metadata"]["event_payload"] == {"key": f"announcement:{value}"}


def test_when_slack_neither_answers_nor_shows_the_post_the_user_is_told_and_it_is_checked_first(
    slow_app: LiveApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(posting, "CHECKS", (0.0,))
    slow_app.fake.late("chat.postMessage", LATE)
    slow_app.fake.fail("conversations.history", status=500, times=3)  # the history unreadable, for now
    value = draft(slow_app, "Slow day")
    said = press_post(slow_app, value, 1)
    assert "Slack did not answer in time" in said and "not in <#CANNOUNCE> yet" in said
    assert "couldn't post" not in said and "Check again" in json.dumps(slow_app.fake.responses()[-1].params)
    assert announcement(slow_app).status == "posting"

    again = press_post(slow_app, value, 2)  # the history answers now: the post is found, not repeated
    assert "already posted in <#CANNOUNCE>" in again
    assert len(slow_app.fake.messages_in("CANNOUNCE")) == 1
    assert len(slow_app.fake.calls_to("chat.postMessage")) == 1
    assert announcement(slow_app).message_ts == slow_app.fake.messages_in("CANNOUNCE")[0]["ts"]


def test_a_post_that_never_landed_is_posted_once_the_wait_is_over(
    slow_app: LiveApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(posting, "CHECKS", (0.0,))
    slow_app.fake.fail("chat.postMessage", status=503)  # nothing lands (and a 5xx is not retried blindly)
    value = draft(slow_app, "Try later")
    assert "Slack did not answer in time" in press_post(slow_app, value, 1)
    assert "Slack did not answer in time" in press_post(slow_app, value, 2)  # too soon to post again
    assert slow_app.fake.messages_in("CANNOUNCE") == []
    monkeypatch.setattr(posting, "SETTLE", timedelta(0))
    assert "is posted in <#CANNOUNCE>" in press_post(slow_app, value, 3)
    assert len(slow_app.fake.messages_in("CANNOUNCE")) == 1


def test_the_form_submitted_twice_posts_once(slow_app: LiveApp) -> None:
    slow_app.fake.late("chat.postMessage", LATE)
    values = form_values("NKPO call", "Please designate your NKPO.")
    for _ in range(2):
        response = slow_app.slack.view_submission(
            FORM_CALLBACK, values, user_id=SECRETARIAT, view_id="V_SAME"
        )
        assert response.status == 200 and not response.body.strip()
    dm = slow_app.fake.wait_for("chat.postMessage", 2, timeout=20)[-1]
    assert dm.params["channel"] == f"D{SECRETARIAT}" and "is posted in <#CANNOUNCE>" in dm.params["text"]
    assert len(slow_app.fake.messages_in("CANNOUNCE")) == 1
    with slow_app.deps.db.session() as session:
        assert len(session.scalars(select(Announcement)).all()) == 1


def test_a_late_answer_shares_a_link_once_and_records_it(slow_app: LiveApp) -> None:
    document_id = add_document(slow_app, "SAMPLE/LINK/1", url="https://example.org/sample.pdf")
    slow_app.fake.late("chat.postMessage", LATE, times=3)
    slow_app.slack.action(
        SHARE_ACTION, str(document_id), channel_id="C_GENERAL", response_url=slow_app.fake.response_url()
    )
    said = slow_app.fake.wait_for("response_url", timeout=20)[0].params["text"]
    landed = slow_app.fake.messages_in("C_GENERAL")
    assert len(landed) == 1 and "is shared in <#C_GENERAL>" in said and "Nothing was posted" not in said
    with slow_app.deps.db.session() as session:
        (share,) = session.scalars(select(DocumentShare)).all()
    assert share.message_ts == landed[0]["ts"]


def test_a_late_answer_to_a_digest_part_is_recorded_not_sent_again(slow_app: LiveApp) -> None:
    from bot.digest_sender import DigestSender

    slow_app.fake.late("chat.postMessage", LATE, times=3)
    messenger = SlackMessenger(make_web_client(slow_app.deps.settings))
    (report,) = DigestSender(
        slow_app.deps, messenger, Pacer(per_second=1000, per_channel_gap=0), Clock(DUE + timedelta(minutes=1))
    ).send_due()
    assert report.outcome == "sent"
    landed = slow_app.fake.messages_in("CDIGEST")
    assert len(landed) == 1
    with slow_app.deps.db.session() as session:
        delivery = session.scalars(select(DigestDelivery)).one()
        (post,) = session.scalars(select(SlackPost)).all()
    assert (delivery.status, delivery.message_ts, post.ts) == ("sent", landed[0]["ts"], landed[0]["ts"])


def test_a_form_opens_at_once_while_slow_slack_calls_fill_the_work_queue(live_app: LiveApp) -> None:
    live_app.fake.delay("conversations.open", 3, times=8)
    for n in range(8):  # each subscription opens a DM after its ack: eight slow calls queued
        live_app.command("/digest", "subscribe", user_id=f"U_BUSY{n}")
    started = time.time()
    response = live_app.command("/announce", "", user_id=SECRETARIAT, trigger_id="T_NOW")
    assert response.status == 200 and not response.body.strip()
    (opened,) = live_app.fake.wait_for("views.open", timeout=10)
    assert opened.at - started < 1.5 and opened.params["trigger_id"] == "T_NOW"


@pytest.mark.parametrize(("command", "text"), [("/announce", ""), ("/docs", "add")])
def test_an_expired_trigger_is_told_to_run_the_command_again(
    live_app: LiveApp, command: str, text: str
) -> None:
    live_app.fake.error("views.open", "expired_trigger_id")
    said = live_app.command(command, text, user_id=SECRETARIAT).json()["text"]
    assert f"please run `{command}` again" in said and "took too long" in said
