"""Quick checks that the Slack fakes work with the real slack_sdk and slack_bolt."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_requests import SlackSender, sign

SECRET = "test-signing-secret"


@pytest.fixture
def fake() -> Iterator[FakeSlackAPI]:
    """A running fake Slack API."""
    with FakeSlackAPI() as api:
        yield api


@pytest.fixture
def client(fake: FakeSlackAPI) -> WebClient:
    """A WebClient pointed at the fake."""
    return WebClient(token="xoxb-test", base_url=fake.url, timeout=5)


def test_post_message_is_recorded(fake: FakeSlackAPI, client: WebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    first = client.chat_postMessage(channel="C1", text="hello", blocks=blocks)
    second = client.chat_postMessage(channel="C1", text="again", thread_ts=first["ts"])
    assert first["ok"] and first["channel"] == "C1" and first["message"]["text"] == "hello"
    assert float(second["ts"]) > float(first["ts"])
    calls = fake.wait_for("chat.postMessage", count=2)
    assert calls[0].params["text"] == "hello"
    assert calls[0].decoded("blocks") == blocks
    assert calls[0].headers["authorization"] == "Bearer xoxb-test"
    assert calls[1].params["thread_ts"] == first["ts"]


def test_errors_and_auth(fake: FakeSlackAPI, client: WebClient) -> None:
    fake.error("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel="C1", text="x")
    assert info.value.response["error"] == "channel_not_found"
    with pytest.raises(SlackApiError) as info:
        WebClient(base_url=fake.url).auth_test()
    assert info.value.response["error"] == "not_authed"
    assert client.auth_test()["user_id"] == "UBOT"
    assert [c.method for c in fake.failed_calls] == ["chat.postMessage", "auth.test"]


def test_rate_limit_then_retry_succeeds(fake: FakeSlackAPI) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=1)
    retrying = WebClient(
        token="xoxb-test", base_url=fake.url, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)]
    )
    assert retrying.chat_postMessage(channel="C1", text="hi")["ok"]
    assert len(fake.failed_calls) == 1
    assert len(fake.calls_to("chat.postMessage")) == 1


def test_files_upload_v2_stores_bytes(fake: FakeSlackAPI, client: WebClient) -> None:
    result = client.files_upload_v2(channel="C1", content=b"hello", filename="a.txt", initial_comment="here")
    file_id = result["file"]["id"]
    assert fake.uploaded_files[file_id] == b"hello"
    complete = fake.calls_to("files.completeUploadExternal")[0]
    assert complete.params["channel_id"] == "C1"
    assert complete.decoded("files") == [{"id": file_id, "title": "a.txt"}]


def test_conversations_open(client: WebClient) -> None:
    assert client.conversations_open(users="U123")["channel"]["id"] == "DU123"


def test_response_url_round_trip(fake: FakeSlackAPI) -> None:
    url = fake.response_url()
    req = urllib.request.Request(
        url, data=json.dumps({"text": "done"}).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=5) as resp:
        assert resp.status == 200 and json.loads(resp.read()) == {"ok": True}
    [call] = fake.responses()
    assert call.params == {"text": "done", "_url": url}


def test_sign_matches_sdk_verifier() -> None:
    body = b"token=x&command=%2Fnkpo&text=hello+world"
    ts = int(time.time())
    verifier = SignatureVerifier(SECRET)
    assert verifier.is_valid(body=body, timestamp=str(ts), signature=sign(SECRET, body, ts))
    assert not verifier.is_valid(body=body, timestamp=str(ts), signature=sign("other", body, ts))


def _serve_bolt(app: App) -> ThreadingHTTPServer:
    """Serve a Bolt app on /slack/events of a loopback port (test helper)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet."""

        def _answer(self, status: int, body: bytes, headers: dict[str, Any]) -> None:
            self.send_response(status)
            for name, values in headers.items():
                if name.lower() != "content-length":
                    for value in values if isinstance(values, list) else [values]:
                        self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._answer(200, b"ok", {"Content-Type": "text/plain"})

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            resp = app.dispatch(BoltRequest(body=body, headers={k: [v] for k, v in self.headers.items()}))
            self._answer(resp.status, resp.body.encode(), resp.headers)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_sender_drives_a_bolt_app(fake: FakeSlackAPI) -> None:
    app = App(signing_secret=SECRET, client=WebClient(token="xoxb-test", base_url=fake.url))

    @app.command("/nkpo")
    def on_command(ack: Any, respond: Any, say: Any, command: dict[str, Any]) -> None:
        ack("working")
        say(f"said {command['text']}")
        respond("done")

    @app.action("approve")
    def on_action(ack: Any, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"], text="approved")

    @app.event("app_mention")
    def on_mention(event: dict[str, Any], say: Any) -> None:
        say("hi")

    server = _serve_bolt(app)
    try:
        sender = SlackSender(f"http://127.0.0.1:{server.server_address[1]}", SECRET)
        resp = sender.command("/nkpo", "hello", response_url=fake.response_url())
        assert resp.status == 200 and resp.text == "working"
        assert fake.wait_for("chat.postMessage")[0].params["text"] == "said hello"
        fake.wait_for("response_url")
        assert sender.action("approve", "1").status == 200
        assert fake.wait_for("chat.update")[0].params["text"] == "approved"
        assert (
            sender.event({"type": "app_mention", "user": "U1", "text": "hi", "channel": "C1"}).status == 200
        )
        fake.wait_for("chat.postMessage", count=2)
        assert sender.url_verification("abc").json() == {"challenge": "abc"}
        assert sender.post(b"x=1", "application/x-www-form-urlencoded", signature="v0=bad").status == 401
        stale = int(time.time()) - 600
        assert sender.post(b"x=1", "application/x-www-form-urlencoded", timestamp=stale).status == 401
        assert sender.get("/healthz").text == "ok"
        sender.close()
    finally:
        server.shutdown()
        server.server_close()


def test_history_returns_posts_with_metadata_only_when_asked(fake: FakeSlackAPI, client: WebClient) -> None:
    metadata = {"event_type": "nkpo_post", "event_payload": {"key": "announcement:1"}}
    before = time.time() - 1
    first = client.chat_postMessage(channel="C1", text="one", metadata=metadata)
    client.chat_postMessage(channel="C1", text="two")
    client.chat_update(channel="C1", ts=first["ts"], text="one, edited")
    newest_first = client.conversations_history(channel="C1", oldest=str(before), include_all_metadata=True)
    assert [m["text"] for m in newest_first["messages"]] == ["two", "one, edited"]
    assert newest_first["messages"][1]["metadata"] == metadata
    plain = client.conversations_history(channel="C1", oldest=first["ts"])
    assert [m["text"] for m in plain["messages"]] == ["two"] and "metadata" not in plain["messages"][0]
    paged = client.conversations_history(channel="C1", limit=1)
    assert paged["has_more"] and paged["response_metadata"]["next_cursor"]


def test_a_late_answer_lands_first(fake: FakeSlackAPI) -> None:
    fake.late("chat.postMessage", 1.0)
    with pytest.raises(TimeoutError):
        WebClient(token="xoxb-test", base_url=fake.url, timeout=0.3).chat_postMessage(channel="C1", text="x")
    assert [m["text"] for m in fake.messages_in("C1")] == ["x"]
