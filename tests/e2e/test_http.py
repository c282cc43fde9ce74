"""Signed requests through the real HTTP app, which calls the local fake Slack Web API."""

import json
import time

from sqlalchemy import func, select

from bot.views.blocks import SHARE_ACTION, validate_blocks
from storage.models import PartnershipSnapshot
from tests.conftest import LiveApp
from tests.fakes.slack_requests import sign


def test_signed_partnerships_command_answers_with_the_snapshot(live_app: LiveApp) -> None:
    response = live_app.command("/partnerships")
    assert response.status == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert "158" in body["text"] and "December 2023" in body["text"]
    assert validate_blocks(body["blocks"]) == []


def test_share_in_channel_posts_publicly_through_response_url(live_app: LiveApp) -> None:
    body = live_app.command("/partnerships").json()
    share = next(e for b in body["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert share["action_id"] == SHARE_ACTION
    response_url = live_app.fake.response_url()
    assert live_app.slack.action(SHARE_ACTION, share["value"], response_url=response_url).status == 200
    posted = live_app.fake.wait_for("response_url")[0].params
    assert posted["response_type"] == "in_channel"
    assert "158" in posted["text"] and "Shared by <@U_NKPO1>" in json.dumps(posted["blocks"])


def test_unknown_command_and_subcommand_get_usage(live_app: LiveApp) -> None:
    assert "I don't know `/frobnicate`" in live_app.command("/frobnicate").json()["text"]
    assert "I don't know `/digest often`" in live_app.command("/digest", "often").json()["text"]


def test_forged_and_stale_requests_get_401_and_change_nothing(live_app: LiveApp) -> None:
    body = b"command=%2Fpartnerships&text=&user_id=U1&channel_id=C1"
    forged = live_app.slack.post(body, "application/x-www-form-urlencoded", signature="v0=" + "0" * 64)
    stale_ts = int(time.time()) - 600
    stale = live_app.slack.post(
        body,
        "application/x-www-form-urlencoded",
        timestamp=stale_ts,
        signature=sign("test-signing-secret", body, stale_ts),
    )
    unsigned = live_app.slack.post(body, "application/x-www-form-urlencoded", signature="")
    assert (forged.status, stale.status, unsigned.status) == (401, 401, 401)
    assert live_app.fake.calls == []
    with live_app.deps.db.session() as session:
        assert session.scalar(select(func.count()).select_from(PartnershipSnapshot)) == 1


def test_healthz_answers_ok_and_unknown_paths_404(live_app: LiveApp) -> None:
    health = live_app.slack.get("/healthz")
    assert health.status == 200 and health.json() == {"status": "ok"}
    assert live_app.slack.get("/nowhere").status == 404
    assert live_app.slack.get("/slack/events").status == 405


def test_database_down_gives_503_and_one_friendly_line(live_app: LiveApp) -> None:
    from storage.db import Database

    live_app.deps.db.engine = Database("postgresql+psycopg://nobody@127.0.0.1:1/none").engine
    live_app.deps.db.sessionmaker.configure(bind=live_app.deps.db.engine)
    assert live_app.slack.get("/healthz").status == 503
    response = live_app.command("/partnerships")
    assert response.status == 200
    assert "can't reach my database" in response.json()["text"]
    assert "Traceback" not in response.text


def test_mention_is_answered_in_a_thread(live_app: LiveApp) -> None:
    event = {
        "type": "app_mention",
        "user": "U_NKPO1",
        "text": "<@UBOT> help",
        "ts": "1700000001.000200",
        "channel": "C_GENERAL",
        "event_ts": "1700000001.000200",
    }
    assert live_app.slack.event(event).status == 200
    post = live_app.fake.wait_for("chat.postMessage")[0].params
    assert post["channel"] == "C_GENERAL" and post["thread_ts"] == "1700000001.000200"


def test_bot_messages_are_ignored(live_app: LiveApp) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "bot_id": "B1",
        "text": "hi",
        "channel": "D1",
        "ts": "1.2",
        "user": "U2",
    }
    assert live_app.slack.event(event).status == 200
    time.sleep(0.3)
    assert live_app.fake.calls_to("chat.postMessage") == []


def test_commands_answer_even_when_slack_does_not(live_app: LiveApp) -> None:
    live_app.fake.fail("auth.test", status=500, times=10)
    response = live_app.command("/partnerships")
    assert response.status == 200 and "158" in response.json()["text"]
    assert live_app.fake.failed_calls and live_app.fake.failed_calls[0].method == "auth.test"
    again = live_app.command("/partnerships")
    assert "158" in again.json()["text"]
    assert len(live_app.fake.failed_calls) == 1, "asked once, then a pause before asking again"
