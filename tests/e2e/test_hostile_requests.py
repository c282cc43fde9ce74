"""Unsigned garbage and signed nonsense over HTTP: 401 or a quiet answer, never a 500 or a traceback."""

from __future__ import annotations

import http.client
import json
import logging
import time
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import pytest

from bot.views.announcements import FORM_CALLBACK
from bot.web import MAX_BODY_BYTES
from tests.conftest import SECRETARIAT, LiveApp
from tests.fakes.slack_requests import FORM, JSON, sign

DEEP = b"[" * 100_000 + b"]" * 100_000
GARBAGE = [
    (b"payload={not json", FORM),
    (b"payload=null", FORM),
    (b"\xff\xfe\xfd" * 100, FORM),
    (b'{"type": "event_callback", "event": ' + DEEP + b"}", JSON),
    (b"payload=" + DEEP, FORM),
    (b"[1, 2, 3]", JSON),
]


def problems(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.parametrize(("body", "content_type"), GARBAGE)
def test_unsigned_garbage_gets_401_and_one_log_line(
    live_app: LiveApp, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    stale = int(time.time()) - 600
    attempts = [
        {"signature": ""},
        {"signature": "v0=" + "0" * 64},
        {"timestamp": stale, "signature": sign("test-signing-secret", body, stale)},
        {"signature": "v0=1", "extra_headers": {"X-Slack-Request-Timestamp": "soon"}},
    ]
    for attempt in attempts:
        caplog.clear()
        with caplog.at_level(logging.INFO):
            response = live_app.slack.post(body, content_type, **attempt)
        assert response.status == 401
        assert len(caplog.records) <= 1 and problems(caplog) == []
    assert live_app.fake.calls == []


@pytest.mark.parametrize(("body", "content_type"), GARBAGE)
def test_signed_garbage_gets_a_quiet_400(
    live_app: LiveApp, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    with caplog.at_level(logging.INFO):
        response = live_app.slack.post(body, content_type)
    assert response.status == 400 and problems(caplog) == [] and len(caplog.records) <= 1


def test_a_body_over_the_cap_is_refused_before_it_is_read(live_app: LiveApp) -> None:
    parts = urlsplit(live_app.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    connection.putrequest("POST", "/slack/events")
    connection.putheader("Content-Type", FORM)
    connection.putheader("Content-Length", str(MAX_BODY_BYTES + 1))
    connection.endheaders()
    connection.send(b"payload=")  # and nothing more: the answer must not wait for the rest
    response = connection.getresponse()
    assert response.status == 413
    connection.close()


def signed_payload(live_app: LiveApp, payload: dict) -> int:
    return live_app.slack.post(urlencode({"payload": json.dumps(payload)}).encode(), FORM).status


def signed_event(live_app: LiveApp, envelope: dict) -> int:
    return live_app.slack.post(json.dumps(envelope).encode(), JSON).status


def envelope(event: dict, event_id: object = "Ev0001") -> dict:
    return {"type": "event_callback", "team_id": "T0001", "api_app_id": "A0001", "event": event,
            "event_id": event_id, "event_time": int(time.time())}  # fmt: skip


MALFORMED_PAYLOADS = [
    {"type": "view_submission", "user": {"id": SECRETARIAT}, "view": {"callback_id": FORM_CALLBACK}},
    {"type": "view_submission", "user": SECRETARIAT, "view": {"type": "modal", "callback_id": FORM_CALLBACK,
     "state": {"values": {"title": {"value": ["x"]}, "body": "nope", "link": {"value": {"value": 5}}}}}},
    {"type": "view_submission", "user": {"id": 7}, "view": "a string"},
    {"type": "block_actions", "user": "U_NKPO1", "actions": [{"action_id": "announce_post", "value": 1}]},
    {"type": "block_actions", "user": {"id": ["U1"]}, "actions": "none", "container": 5, "channel": "C1"},
    {"type": "shortcut", "callback_id": "nothing"},
]  # fmt: skip


MALFORMED_EVENTS = [
    envelope({"type": "app_home_opened", "user": 5, "tab": "home"}),
    envelope({"type": "app_home_opened", "user": {"id": "U1"}, "tab": ["home"]}),
    envelope({"type": "message", "channel_type": "im", "channel": "DU_NKPO1", "user": "U_NKPO1",
              "text": "how many MoUs \ud800 are there?", "ts": "1.1"}),
    envelope({"type": "message", "channel_type": "im", "channel": "DU_NKPO1", "user": "U_NKPO1",
              "text": "hello"}, event_id={"id": "x"}),
    envelope({"type": "message", "channel_type": "im", "channel": "DU_NKPO1", "user": "U_NKPO1",
              "text": "hello"}, event_id="E" * 5000),
    envelope({"type": "message", "channel_type": "im", "channel": 12, "user": "U_NKPO1", "text": ["hi"]}),
    envelope({"type": "app_mention", "channel": "C1", "user": None, "text": None, "thread_ts": 5}),
    envelope({"type": "app_mention", "channel": "C1", "user": "U_NKPO1", "text": None}, "EvNULL"),
    envelope({"type": "message", "subtype": "file_share", "channel_type": "im", "channel": "DUSECRETARIAT1",
              "user": SECRETARIAT, "files": "none"}),
    envelope("not an event"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("send", "body"),
    [(signed_payload, payload) for payload in MALFORMED_PAYLOADS]
    + [(signed_event, event) for event in MALFORMED_EVENTS],
)
def test_signed_but_malformed_requests_get_a_quiet_answer(
    live_app: LiveApp, caplog: pytest.LogCaptureFixture, send: Callable[[LiveApp, dict], int], body: dict
) -> None:
    with caplog.at_level(logging.INFO):
        status = send(live_app, body)
        time.sleep(0.3)  # work after the ack, if any
    assert status in (200, 404) and problems(caplog) == []  # 404: a kind of request the bot has no use for


def test_a_lone_surrogate_in_a_question_is_answered(live_app: LiveApp) -> None:
    event = {"type": "message", "channel_type": "im", "channel": "DU_NKPO1", "user": "U_NKPO1",
             "text": "how many MoUs \ud800 are there?", "ts": "1.1"}  # fmt: skip
    assert signed_event(live_app, envelope(event, "EvSURROGATE")) == 200
    (answer,) = live_app.fake.wait_for("chat.postMessage")
    assert answer.params["channel"] == "DU_NKPO1" and "88" in json.dumps(answer.params)


def test_head_healthz_has_no_body(live_app: LiveApp) -> None:
    parts = urlsplit(live_app.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    connection.request("HEAD", "/healthz")
    response = connection.getresponse()
    assert response.status == 200 and response.read() == b""
    connection.close()
