"""The HTTP surface of `serve`: POST /slack/events and GET /healthz, as one WSGI application.

Before Bolt sees a request to /slack/events, this front door:
- refuses a body over MAX_BODY_BYTES by its Content-Length, before reading it (413);
- checks Slack's signature and timestamp on the raw bytes, before anything is parsed: an unsigned,
  forged or stale request gets 401 and one log line;
- parses what Slack sends (JSON, or a form with a JSON `payload`), and answers a signed body that
  does not parse (or nests absurdly deep) with a quiet 400; lone surrogates in any text (which
  nothing downstream could encode) become U+FFFD before Bolt reads the body.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any
from urllib.parse import parse_qsl, urlencode

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.app import create_app
from bot.config import Settings
from bot.deps import Deps
from bot.server import stop_reading
from bot.services.answers import answer_question
from bot.services.search import search
from storage.db import Database

log = logging.getLogger(__name__)
StartResponse = Callable[..., Any]
JSON = [("Content-Type", "application/json")]
# Slack's requests are small (a modal's submission with its blocks is tens of KB).
MAX_BODY_BYTES = 256 * 1024
MAX_AGE_SECONDS = 5 * 60  # Slack's own rule for a request's timestamp
SURROGATE = re.compile("[\ud800-\udfff]")


class Refused(Exception):
    """A request answered at the door: status line and a short reason (logged on one line)."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status


class WebApp:
    """Routes /healthz itself and hands /slack/events to Bolt once it is signed and readable."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.secret = (deps.settings.slack_signing_secret or "").encode()
        self.slack = SlackRequestHandler(create_app(deps), path="/slack/events")

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            healthy = self.deps.db.ping()
            health = {"status": "ok"} if healthy else {"status": "unavailable", "database": "not answering"}
            status = "200 OK" if healthy else "503 Service Unavailable"
            return _json(start_response, status, health, head=method == "HEAD")
        if path == "/slack/events":
            if method != "POST":
                return _json(start_response, "405 Method Not Allowed", {"error": "POST only"})
            try:
                body = self.checked_body(environ)
            except Refused as refused:
                log.info("refused a request to /slack/events: %s (%s)", refused, refused.status)
                stop_reading(environ)  # what is left of its body is not worth a thread's time
                return _json(start_response, refused.status, {"error": str(refused)})
            except Ignored as ignored:
                log.info("ignored a signed request in no shape Slack sends: %s", ignored)
                start_response("200 OK", [("Content-Length", "0")])
                return []
            environ = {**environ, "wsgi.input": BytesIO(body), "CONTENT_LENGTH": str(len(body))}
            return self.slack(environ, start_response)
        return _json(start_response, "404 Not Found", {"error": "not found"})

    def checked_body(self, environ: dict[str, Any]) -> bytes:
        """The body, signed and parseable (made safe to encode); Refused otherwise."""
        raw = read_body(environ)
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
        if not is_signed(self.secret, raw, timestamp, signature):
            raise Refused("401 Unauthorized", "missing, wrong or stale signature")
        return readable_body(raw, environ.get("CONTENT_TYPE", ""))


def is_signed(secret: bytes, raw: bytes, timestamp: str, signature: str, now: float | None = None) -> bool:
    """Slack's v0 signature of the raw bytes, made within MAX_AGE_SECONDS (either way) of now."""
    if not (timestamp.isdigit() and len(timestamp) < 12 and signature.startswith("v0=")):
        return False
    if abs((now or time.time()) - int(timestamp)) > MAX_AGE_SECONDS:
        return False
    expected = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest("v0=" + expected, signature)


def read_body(environ: dict[str, Any]) -> bytes:
    """At most MAX_BODY_BYTES of the request body: a longer Content-Length is refused unread."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Refused("400 Bad Request", "a Content-Length that is not a number") from None
    if length > MAX_BODY_BYTES:
        raise Refused("413 Content Too Large", f"a body of {length} bytes")
    try:
        body = environ["wsgi.input"].read(length if length > 0 else MAX_BODY_BYTES + 1)
    except OSError as error:  # the server's read deadline (bot/server.py), or the client went away
        raise Refused(
            "408 Request Timeout", f"the body did not arrive ({error.__class__.__name__})"
        ) from None
    if len(body) > MAX_BODY_BYTES:
        raise Refused("413 Content Too Large", "a body over the limit")
    return bytes(body)


def readable_body(raw: bytes, content_type: str) -> bytes:
    """The body as Bolt may read it: JSON (an object), or a form whose `payload` is a JSON object, each
    in the shape Bolt and the handlers rely on (Ignored otherwise)."""
    try:
        text = raw.decode("utf-8")
        if content_type.startswith("application/json"):
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            event = data.get("event")
            changed = isinstance(event, dict) and event.get("type") == "user_change"
            _check_shape(data, USER_CHANGE_SHAPE if changed else EVENT_SHAPE)
            safe = _safe(data)
            return raw if safe == data else json.dumps(safe).encode()
        fields = parse_qsl(text, keep_blank_values=True)
        payload = dict(fields).get("payload")
        if payload is not None:
            data = json.loads(payload)
            if not isinstance(data, dict):
                raise ValueError("a payload that is not a JSON object")
            _check_shape(data, PAYLOAD_SHAPE)
            safe = _safe(data)
            if safe != data:
                return urlencode([(k, json.dumps(safe) if k == "payload" else v) for k, v in fields]).encode()
        safe_fields = [(_safe(k), _safe(v)) for k, v in fields]
        return raw if safe_fields == fields else urlencode(safe_fields).encode()
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise Refused(
            "400 Bad Request", f"a signed body that does not parse ({error.__class__.__name__})"
        ) from None


# What Bolt and the handlers read from a request, by type: a key that is there must hold this type
# (None counts as absent), and the REQUIRED keys must be there; a dict's own shape is checked the same
# way, and so is each item of a list.
Shape = dict[str, Any]
REQUIRED = "(required)"
USER = {"id": str, "team_id": str}
FIELD = {"value": str, "type": str}
VIEW = {
    REQUIRED: ("type",),
    "id": str,
    "type": str,
    "callback_id": str,
    "private_metadata": str,
    "state": (dict, {"values": (dict, {"*": (dict, {"*": (dict, FIELD)})})}),
}
PAYLOAD_SHAPE: Shape = {
    REQUIRED: ("type",),
    "type": str,
    "user": (dict, USER),
    "view": (dict, VIEW),
    "team": (dict, {"id": str}),
    "channel": (dict, {"id": str}),
    "container": (dict, {"channel_id": str, "message_ts": str}),
    "actions": (list, {"action_id": str, "block_id": str, "value": str, "action_ts": str}),
    "trigger_id": str,
    "response_url": str,
    "callback_id": str,
    "api_app_id": str,
}
EVENT = {
    REQUIRED: ("type",),
    "type": str,
    "user": str,
    "channel": str,
    "channel_type": str,
    "text": str,
    "ts": str,
    "thread_ts": str,
    "subtype": str,
    "bot_id": str,
    "tab": str,
    "event_ts": str,
    "files": (list, {"id": str, "name": str, "size": int, "url_private": str, "url_private_download": str}),
}
EVENT_SHAPE: Shape = {
    REQUIRED: ("type",), "type": str, "event": (dict, EVENT), "event_id": str, "team_id": str,
    "api_app_id": str, "challenge": str, "token": str,
}  # fmt: skip
# user_change: the user is an object (its id, and its locale when the app may read it).
USER_CHANGE_SHAPE: Shape = {
    **EVENT_SHAPE,
    "event": (dict, {REQUIRED: ("type", "user"), "type": str, "event_ts": str,
                     "user": (dict, {REQUIRED: ("id",), "id": str, "locale": str})}),
}  # fmt: skip
MAX_ID = 200


class Ignored(Exception):
    """A signed request in a shape no Slack request has: answered with a quiet 200."""


def _check_shape(data: dict[str, Any], shape: Shape, where: str = "") -> None:
    for key in shape.get(REQUIRED, ()):
        if data.get(key) is None:
            raise Ignored(f"{where}{key} is missing")
    for key, value in data.items():
        wanted = shape.get(key, shape.get("*")) if key != REQUIRED else None
        if wanted is None or value is None:
            continue
        kind, inner = wanted if isinstance(wanted, tuple) else (wanted, None)
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            raise Ignored(f"{where}{key} is not a {kind.__name__}")
        if kind is str and key.endswith("id") and len(value) > MAX_ID:
            raise Ignored(f"{where}{key} is too long")
        if inner is not None:
            items = value if isinstance(value, list) else [value]
            for item in items:
                if not isinstance(item, dict):
                    raise Ignored(f"{where}{key} holds something that is not an object")
                _check_shape(item, inner, f"{where}{key}.")


def _safe(value: Any) -> Any:
    """`value` with every lone surrogate in its strings (keys too) replaced by U+FFFD (json.loads has
    already joined the pairs that were whole, so any surrogate left is alone)."""
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_safe(item) for item in value]
    if isinstance(value, dict):
        return {_safe(key): _safe(item) for key, item in value.items()}
    return value


def _json(
    start_response: StartResponse, status: str, body: dict[str, str], head: bool = False
) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [*JSON, ("Content-Length", str(len(data)))])
    return [] if head else [data]


# A question in each language and a search of each kind: what a worker's first request would
# otherwise pay for (the vocabularies, stemmers and country names loaded, the knowledge read, the
# statements compiled, a connection opened), paid before it takes requests.
WARM_UP_QUESTIONS = (
    "how many MoUs are there?",
    "combien d'accords de partenariat ?",
    "¿cuántos acuerdos hay?",
)


def warm_up(deps: Deps) -> float:
    """Answer and search once before taking requests; seconds it took (a failing database is
    logged, not fatal: requests then say the database is down)."""
    started = time.monotonic()
    try:
        with deps.db.session() as session:
            for question in WARM_UP_QUESTIONS:
                answer_question(session, question)
            for kind in ("arrangements", "documents", "programmes"):
                search(session, kind, "ballast water training")
    except Exception as error:  # whatever it is, the first request will say so
        log.warning("warm-up failed: %s", error.__class__.__name__)
    return time.monotonic() - started


def create_wsgi_app(settings: Settings | None = None) -> WebApp:
    """The WSGI application for gunicorn (`bot.web:create_wsgi_app()`)."""
    settings = settings or Settings.from_env()
    return WebApp(Deps(settings, Database(settings.database_url)))
