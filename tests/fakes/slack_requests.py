"""Build and send correctly signed Slack requests (commands, actions, views, events) to a running app.

All requests go to ``base_url + "/slack/events"`` over a keep-alive ``http.client.HTTPConnection``
held per thread, so benchmarks can reuse it. Response header names are lower-cased.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlencode, urlsplit

__all__ = ["Response", "SlackSender", "sign"]

APP_ID = "A0001"
TEAM_DOMAIN = "nkpo"
BOT_USER_ID = "UBOT"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

_RUN_ID = uuid.uuid4().hex[:6].upper()
_event_counter = itertools.count(1)
_RETRYABLE = (
    http.client.RemoteDisconnected,
    http.client.CannotSendRequest,
    http.client.BadStatusLine,
    ConnectionResetError,
    ConnectionAbortedError,
    BrokenPipeError,
)


def sign(signing_secret: str, body: bytes, timestamp: int) -> str:
    """Slack's v0 request signature of ``body`` sent at ``timestamp``."""
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


def _next_event_id() -> str:
    """A unique event id like ``Ev1A2B3C000001``."""
    return f"Ev{_RUN_ID}{next(_event_counter):06d}"


@dataclass(frozen=True)
class Response:
    """An HTTP response from the app."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON, or None if it is empty or not JSON."""
        if not self.body.strip():
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None


class SlackSender:
    """Sends signed Slack requests to ``base_url + path`` (default ``/slack/events``)."""

    def __init__(
        self,
        base_url: str,
        signing_secret: str,
        team_id: str = "T0001",
        *,
        path: str = "/slack/events",
        timeout: float = 10.0,
        verification_token: str = "legacy-verification-token",
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"expected a base URL like http://127.0.0.1:PORT, got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.signing_secret = signing_secret
        self.team_id = team_id
        self.timeout = timeout
        self.token = verification_token
        self._host = parts.hostname
        self._port = parts.port or 80
        self._prefix = parts.path.rstrip("/")
        self.path = self._prefix + path
        self._local = threading.local()

    # ----------------------------------------------------------------- transport

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        """This thread's connection, and whether it was just created."""
        conn: http.client.HTTPConnection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn, False
        conn = http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)
        self._local.conn = conn
        return conn, True

    def close(self) -> None:
        """Close this thread's connection."""
        conn: http.client.HTTPConnection | None = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            conn.close()

    def __enter__(self) -> SlackSender:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _request(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Response:
        """Send one request, reconnecting once if a reused keep-alive connection turns out broken."""
        for attempt in range(2):
            conn, fresh = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
            except _RETRYABLE:
                self.close()
                if fresh or attempt:
                    raise
                continue
            except BaseException:
                self.close()
                raise
            if resp.will_close:
                self.close()
            return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
        raise AssertionError("unreachable")

    def post(
        self,
        body: bytes,
        content_type: str,
        timestamp: int | None = None,
        signature: str | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> Response:
        """POST ``body`` to the events path, signed (unless ``signature`` is given) at ``timestamp``."""
        ts = int(time.time()) if timestamp is None else timestamp
        headers = {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            "Accept": "application/json,*/*",
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": sign(self.signing_secret, body, ts) if signature is None else signature,
        }
        headers.update(extra_headers or {})
        return self._request("POST", self.path, body, headers)

    def get(self, path: str) -> Response:
        """GET ``base_url + path`` (e.g. ``/healthz``), unsigned."""
        return self._request("GET", self._prefix + path, None, {"Accept": "*/*"})

    def _post_form(self, fields: dict[str, str]) -> Response:
        return self.post(urlencode(fields).encode(), FORM)

    def _post_json(self, data: dict[str, Any], extra_headers: dict[str, str] | None = None) -> Response:
        return self.post(json.dumps(data).encode(), JSON, extra_headers=extra_headers)

    # ----------------------------------------------------------------- payloads

    @staticmethod
    def _channel_name(channel_id: str) -> str:
        """A plausible channel name for ``channel_id``."""
        if channel_id.startswith("D"):
            return "directmessage"
        if channel_id.startswith("C_"):
            return channel_id[2:].lower()
        return channel_id.lower()

    def command(
        self,
        command: str,
        text: str = "",
        user_id: str = "U_NKPO1",
        channel_id: str = "C_GENERAL",
        response_url: str = "",
        trigger_id: str = "T_TRIGGER",
        user_name: str = "nkpo1",
    ) -> Response:
        """Send a slash command, form-encoded like Slack does."""
        return self._post_form(
            {
                "token": self.token,
                "team_id": self.team_id,
                "team_domain": TEAM_DOMAIN,
                "channel_id": channel_id,
                "channel_name": self._channel_name(channel_id),
                "user_id": user_id,
                "user_name": user_name,
                "command": command,
                "text": text,
                "api_app_id": APP_ID,
                "is_enterprise_install": "false",
                "response_url": response_url,
                "trigger_id": trigger_id,
            }
        )

    def _user(self, user_id: str, user_name: str) -> dict[str, str]:
        return {"id": user_id, "username": user_name, "name": user_name, "team_id": self.team_id}

    def action(
        self,
        action_id: str,
        value: str = "",
        block_id: str = "b",
        user_id: str = "U_NKPO1",
        channel_id: str = "C_GENERAL",
        response_url: str = "",
        message: dict[str, Any] | None = None,
        container: dict[str, Any] | None = None,
        trigger_id: str = "T_TRIGGER",
        user_name: str = "nkpo1",
    ) -> Response:
        """Send a ``block_actions`` button click (form-encoded ``payload=<json>``)."""
        if message is None:
            message = {
                "type": "message",
                "user": BOT_USER_ID,
                "bot_id": "BBOT",
                "app_id": APP_ID,
                "team": self.team_id,
                "text": "",
                "ts": "1700000000.000100",
                "blocks": [],
            }
        if container is None:
            container = {
                "type": "message",
                "message_ts": message.get("ts", "1700000000.000100"),
                "channel_id": channel_id,
                "is_ephemeral": False,
            }
        now = f"{time.time():.6f}"
        payload = {
            "type": "block_actions",
            "user": self._user(user_id, user_name),
            "api_app_id": APP_ID,
            "token": self.token,
            "container": container,
            "trigger_id": trigger_id,
            "team": {"id": self.team_id, "domain": TEAM_DOMAIN},
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": channel_id, "name": self._channel_name(channel_id)},
            "message": message,
            "state": {"values": {}},
            "response_url": response_url,
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": block_id,
                    "text": {"type": "plain_text", "text": action_id, "emoji": True},
                    "value": value,
                    "type": "button",
                    "action_ts": now,
                }
            ],
        }
        return self._post_form({"payload": json.dumps(payload)})

    def home_select(self, action_id: str, value: str, user_id: str = "U_NKPO1") -> Response:
        """Send a ``block_actions`` choice in a static_select of the user's App Home tab."""
        payload = {
            "type": "block_actions",
            "user": self._user(user_id, "home-user"),
            "api_app_id": APP_ID,
            "token": self.token,
            "container": {"type": "view", "view_id": "VHOME"},
            "trigger_id": "T_TRIGGER",
            "team": {"id": self.team_id, "domain": TEAM_DOMAIN},
            "enterprise": None,
            "is_enterprise_install": False,
            "view": {"id": "VHOME", "type": "home", "blocks": []},
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": "language",
                    "type": "static_select",
                    "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value},
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
        return self._post_form({"payload": json.dumps(payload)})

    def view_submission(
        self,
        callback_id: str,
        values: dict[str, Any],
        user_id: str = "U_NKPO1",
        private_metadata: str = "",
        view_id: str | None = None,
        user_name: str = "nkpo1",
        trigger_id: str = "T_TRIGGER",
    ) -> Response:
        """Send a modal ``view_submission`` with ``values`` as ``view.state.values`` (each view a new id
        unless ``view_id`` says which: Slack sends a view's id again when it is submitted again)."""
        view_id = view_id or f"V{uuid.uuid4().hex[:10].upper()}"
        payload = {
            "type": "view_submission",
            "team": {"id": self.team_id, "domain": TEAM_DOMAIN},
            "user": self._user(user_id, user_name),
            "api_app_id": APP_ID,
            "token": self.token,
            "trigger_id": trigger_id,
            "view": {
                "id": view_id,
                "team_id": self.team_id,
                "type": "modal",
                "blocks": [],
                "private_metadata": private_metadata,
                "callback_id": callback_id,
                "state": {"values": values},
                "hash": "1700000000.abcdef12",
                "title": {"type": "plain_text", "text": "Form", "emoji": True},
                "clear_on_close": False,
                "notify_on_close": False,
                "close": None,
                "submit": {"type": "plain_text", "text": "Submit", "emoji": True},
                "previous_view_id": None,
                "root_view_id": view_id,
                "app_id": APP_ID,
                "external_id": "",
                "app_installed_team_id": self.team_id,
                "bot_id": "BBOT",
            },
            "response_urls": [],
            "is_enterprise_install": False,
            "enterprise": None,
        }
        return self._post_form({"payload": json.dumps(payload)})

    def block_suggestion(
        self,
        action_id: str,
        value: str,
        block_id: str = "b",
        callback_id: str = "",
        user_id: str = "U_NKPO1",
        user_name: str = "nkpo1",
    ) -> Response:
        """Send a ``block_suggestion``: a type-ahead select in a modal asking for options for ``value``."""
        payload = {
            "type": "block_suggestion",
            "user": self._user(user_id, user_name),
            "container": {"type": "view", "view_id": "V0001"},
            "api_app_id": APP_ID,
            "token": self.token,
            "action_id": action_id,
            "block_id": block_id,
            "value": value,
            "team": {"id": self.team_id, "domain": TEAM_DOMAIN},
            "enterprise": None,
            "is_enterprise_install": False,
            "view": {"id": "V0001", "type": "modal", "callback_id": callback_id, "private_metadata": ""},
        }
        return self._post_form({"payload": json.dumps(payload)})

    def event(
        self,
        event: dict[str, Any],
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> Response:
        """Send an Events API ``event_callback`` envelope (with retry headers if ``retry_num`` is set)."""
        envelope = {
            "token": self.token,
            "team_id": self.team_id,
            "context_team_id": self.team_id,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or _next_event_id(),
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.team_id,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
        }
        headers = None
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return self._post_json(envelope, headers)

    def url_verification(self, challenge: str) -> Response:
        """Send the Events API ``url_verification`` handshake."""
        return self._post_json({"token": self.token, "challenge": challenge, "type": "url_verification"})
