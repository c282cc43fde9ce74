"""A local fake of the Slack Web API: a real HTTP server on 127.0.0.1 for tests and benchmarks.

Point ``slack_sdk.WebClient(token="xoxb-...", base_url=fake.url)`` at it. Besides ``/api/<method>`` it
serves upload URLs (``/upload/<file_id>``, used by ``files_upload_v2``), response URLs
(``/response/<n>``, see :meth:`FakeSlackAPI.response_url`) and files users sent, at their
``url_private`` (``/files-pri/<file_id>/<name>``, see :meth:`FakeSlackAPI.host_file`; recorded as
``file_download`` calls, and like Slack it answers a request without a bot token with an HTML page).

Recording rules: successful calls go to :attr:`FakeSlackAPI.calls`; calls answered by an injected
``fail``/``error`` fault, ``not_authed``, ``unknown_method`` and any other ``"ok": false`` answer (e.g.
``channel_not_found`` for a missing channel) go to :attr:`FakeSlackAPI.failed_calls`.
A ``delay`` fault only sleeps; the call is then answered (and recorded) normally. A ``late`` fault
is Slack doing the work and answering late: the call takes effect (a message lands in the channel's
history) and is recorded at once, and the HTTP answer comes after the pause. Posted messages are
kept per channel (``chat.update`` changes them) and read back by ``conversations.history``, which
returns message ``metadata`` only with ``include_all_metadata``, like Slack. Header names in
:attr:`Call.headers` are lower-cased.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

__all__ = ["Call", "FakeSlackAPI"]

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0001"
TEAM_NAME = "NKPO"
BOT_USER_NAME = "nkpo-bot"
TEAM_URL = "https://nkpo.slack.com/"
APP_ID = "A0001"

_TOKEN_PREFIXES = ("xoxb-", "xoxp-", "xapp-")
# Params that slack_sdk may send as JSON-encoded strings inside form bodies.
_JSON_PARAMS = ("blocks", "attachments", "view", "files", "metadata")
_CONNECTION_ERRORS = (ConnectionError, TimeoutError)

Params = dict[str, Any]


@dataclass(frozen=True)
class Call:
    """One request received by the fake (``params`` holds the decoded body plus query string)."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    at: float

    def decoded(self, name: str) -> Any:
        """Param ``name`` JSON-decoded if it was sent as a JSON string, else as sent (None if absent)."""
        if f"{name}_decoded" in self.params:
            return self.params[f"{name}_decoded"]
        return self.params.get(name)


@dataclass
class _Fault:
    """A pending injected fault."""

    kind: str  # "fail" | "delay" | "late" | "error"
    times: int
    status: int = 500
    retry_after: int | None = None
    body: dict[str, Any] | None = None
    seconds: float = 0.0
    error: str = ""


@dataclass
class _Reply:
    """An HTTP answer produced by the fake."""

    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> _Reply:
        """Build a JSON reply."""
        return cls(status, json.dumps(data).encode("utf-8"), headers=dict(headers or {}))


def _parse_multipart(body: bytes, boundary: bytes) -> list[tuple[dict[str, str], bytes]]:
    """Split a multipart/form-data body into (disposition params, content) pairs."""
    parts: list[tuple[dict[str, str], bytes]] = []
    for chunk in body.split(b"--" + boundary)[1:]:
        if chunk.startswith(b"--"):
            break
        if chunk.startswith(b"\r\n"):
            chunk = chunk[2:]
        head, _, content = chunk.partition(b"\r\n\r\n")
        if content.endswith(b"\r\n"):
            content = content[:-2]
        disposition: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-disposition":
                disposition.update(re.findall(r'(\w+)="([^"]*)"', value))
            elif name.strip().lower() == "content-type":
                disposition["content_type"] = value.strip()
        parts.append((disposition, content))
    return parts


def _boundary(content_type: str) -> bytes | None:
    """Extract the multipart boundary from a Content-Type header, if any."""
    if not content_type.lower().startswith("multipart/"):
        return None
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    return match.group(1).encode("latin-1") if match else None


def _decode_body(body: bytes, content_type: str) -> Params:
    """Decode a JSON, form-encoded or multipart request body into a dict."""
    ctype = content_type.lower()
    if not body:
        return {}
    if "json" in ctype:
        data = json.loads(body.decode("utf-8"))
        return dict(data) if isinstance(data, dict) else {"_json": data}
    boundary = _boundary(content_type)
    if boundary is not None:
        params: Params = {}
        for disposition, content in _parse_multipart(body, boundary):
            name = disposition.get("name", "")
            if "filename" in disposition:
                params[name] = content
            else:
                params[name] = content.decode("utf-8", "replace")
        return params
    text = body.decode("utf-8", "replace")
    if not ctype and text.lstrip().startswith("{"):
        try:
            return dict(json.loads(text))
        except ValueError:
            pass
    return dict(parse_qsl(text, keep_blank_values=True))


def _add_decoded(params: Params) -> Params:
    """Add ``<name>_decoded`` copies of JSON params (decoding JSON strings, copying structured values)."""
    for name in _JSON_PARAMS:
        value = params.get(name)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                params[f"{name}_decoded"] = json.loads(value)
        elif isinstance(value, (list, dict)):
            params[f"{name}_decoded"] = value
    return params


class _Server(ThreadingHTTPServer):
    """Threading HTTP server that knows its fake and can drop open keep-alive connections."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, fake: FakeSlackAPI) -> None:
        self.fake = fake
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Track the connection, then serve it in a thread."""
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        """Forget and close a finished connection."""
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        """Shut down every still-open client connection."""
        with self._open_lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that went away; report anything else."""
        if isinstance(sys.exc_info()[1], _CONNECTION_ERRORS):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """Request handler delegating to the owning :class:`FakeSlackAPI`."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def do_GET(self) -> None:
        """Handle GET."""
        self._dispatch()

    def do_POST(self) -> None:
        """Handle POST."""
        self._dispatch()

    def _read_body(self) -> bytes:
        """Read the request body (Content-Length or chunked)."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self) -> None:
        """Read the request, let the fake answer it and write the reply."""
        body = self._read_body()
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            reply = self.server.fake._handle(self.command, self.path, headers, body)
        except Exception:
            reply = _Reply.json(
                {"ok": False, "error": "fake_internal_error", "detail": traceback.format_exc()}, 500
            )
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(reply.body)
            self.wfile.flush()
        except _CONNECTION_ERRORS:
            self.close_connection = True


class FakeSlackAPI:
    """A fake Slack Web API server with call recording and fault injection."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.RLock())
        self._calls: list[Call] = []
        self._failed: list[Call] = []
        self._faults: dict[str, list[_Fault]] = {}
        self._uploads: dict[str, bytes] = {}
        self._file_meta: dict[str, dict[str, Any]] = {}
        self._hosted: dict[str, bytes] = {}
        self._redirects: dict[str, str] = {}
        self._messages: dict[str, list[dict[str, Any]]] = {}
        self._directory: dict[str, str] = {}
        self._counter = 0
        self._last_micros = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._api: dict[str, Callable[[Params], dict[str, Any]]] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "conversations.history": self._conversations_history,
            "views.open": self._views,
            "views.update": self._views,
            "views.publish": self._views,
            "users.info": self._users_info,
            "users.lookupByEmail": self._users_lookup_by_email,
            "conversations.open": self._conversations_open,
            "reactions.add": self._reactions_add,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
        }

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> FakeSlackAPI:
        """Bind 127.0.0.1:0 and serve in a daemon thread."""
        if self._server is not None:
            return self
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-slack-api",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, drop open connections and release the port."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.drop_connections()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeSlackAPI:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port."""
        if self._server is None:
            raise RuntimeError("FakeSlackAPI is not started")
        return int(self._server.server_address[1])

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT/api/``, the ``base_url`` for ``slack_sdk.WebClient``."""
        return f"{self.base}/api/"

    # ----------------------------------------------------------------- inspection

    @property
    def calls(self) -> list[Call]:
        """A copy of all successfully answered calls, in arrival order."""
        with self._cond:
            return list(self._calls)

    @property
    def failed_calls(self) -> list[Call]:
        """A copy of calls answered with an injected fault, ``not_authed`` or ``unknown_method``."""
        with self._cond:
            return list(self._failed)

    @property
    def uploaded_files(self) -> dict[str, bytes]:
        """A copy of the bytes POSTed to upload URLs, by file id."""
        with self._cond:
            return dict(self._uploads)

    def calls_to(self, method: str) -> list[Call]:
        """Successful calls to ``method``."""
        with self._cond:
            return [c for c in self._calls if c.method == method]

    def responses(self) -> list[Call]:
        """Successful POSTs to response URLs."""
        return self.calls_to("response_url")

    def reset(self) -> None:
        """Forget calls, failed calls, pending faults and stored files."""
        with self._cond:
            self._calls.clear()
            self._failed.clear()
            self._faults.clear()
            self._uploads.clear()
            self._file_meta.clear()
            self._hosted.clear()
            self._redirects.clear()
            self._messages.clear()
            self._directory.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` successful calls to ``method`` were recorded; return all of them."""
        with self._cond:
            ok = self._cond.wait_for(lambda: len(self.calls_to(method)) >= count, timeout=timeout)
            found = self.calls_to(method)
            if ok:
                return found
            seen = [c.method for c in self._calls]
            failed = [c.method for c in self._failed]
        raise AssertionError(
            f"expected at least {count} call(s) to {method!r} within {timeout}s, got {len(found)}; "
            f"recorded calls: {seen}; failed calls: {failed}"
        )

    def response_url(self) -> str:
        """A fresh response URL served by this fake."""
        return f"{self.base}/response/{self._next()}"

    def host_file(
        self, content: bytes, name: str, mimetype: str = "application/octet-stream"
    ) -> dict[str, Any]:
        """Hold a file as if a user had sent it; return its ``files[]`` entry for a ``file_share`` event."""
        file_id = f"F{self._next():09d}"
        url = f"{self.base}/files-pri/{TEAM_ID}-{file_id}/{name}"
        with self._cond:
            self._hosted[f"/files-pri/{TEAM_ID}-{file_id}/{name}"] = content
        return {
            "id": file_id,
            "name": name,
            "title": name,
            "mimetype": mimetype,
            "size": len(content),
            "url_private": url,
            "url_private_download": url + "?download=1",
        }

    def redirect_file(self, path: str, location: str) -> str:
        """Answer GET ``path`` (under ``/files-pri/``) with a 302 to ``location``; return its URL."""
        with self._cond:
            self._redirects[path] = location
        return self.base + path

    def add_user(self, email: str, user_id: str) -> None:
        """A workspace member users.lookupByEmail finds by this address (case does not matter)."""
        with self._cond:
            self._directory[email.lower()] = user_id

    def messages_in(self, channel: str) -> list[dict[str, Any]]:
        """The messages in ``channel``'s history, oldest first, as they stand (after any update)."""
        with self._cond:
            return [dict(message) for message in self._messages.get(channel, [])]

    # ----------------------------------------------------------------- fault injection

    def fail(
        self,
        method: str,
        status: int = 500,
        times: int = 1,
        retry_after: int | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        """Answer the next ``times`` calls to ``method`` with HTTP ``status`` (429 adds Retry-After)."""
        self._add_fault(method, _Fault("fail", times, status=status, retry_after=retry_after, body=body))

    def delay(self, method: str, seconds: float, times: int = 1) -> None:
        """Sleep ``seconds`` before answering the next ``times`` calls to ``method``."""
        self._add_fault(method, _Fault("delay", times, seconds=seconds))

    def late(self, method: str, seconds: float, times: int = 1) -> None:
        """Do the next ``times`` calls to ``method`` at once (a post lands) but answer after ``seconds``."""
        self._add_fault(method, _Fault("late", times, seconds=seconds))

    def error(self, method: str, error: str = "channel_not_found", times: int = 1) -> None:
        """Answer the next ``times`` calls to ``method`` with 200 ``{"ok": false, "error": error}``."""
        self._add_fault(method, _Fault("error", times, error=error))

    def _add_fault(self, method: str, fault: _Fault) -> None:
        """Queue a fault for ``method`` (``"*"``: any method)."""
        if fault.times < 1:
            return
        with self._cond:
            self._faults.setdefault(method, []).append(fault)

    def _take_fault(self, method: str) -> _Fault | None:
        """Consume one use of the first pending fault for ``method``, else for ``"*"``."""
        with self._cond:
            for key in (method, "*"):
                queue = self._faults.get(key)
                if queue:
                    fault = queue[0]
                    fault.times -= 1
                    if fault.times <= 0:
                        queue.pop(0)
                    return fault
        return None

    # ----------------------------------------------------------------- request handling

    def _next(self) -> int:
        """A process-wide increasing counter (never reset)."""
        with self._cond:
            self._counter += 1
            return self._counter

    def _next_ts(self) -> str:
        """A unique, increasing Slack message timestamp: the time now, like Slack's, in microseconds."""
        with self._cond:
            self._last_micros = max(int(time.time() * 1_000_000), self._last_micros + 1)
            micros = self._last_micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _record(self, call: Call, ok: bool) -> None:
        """Store a call and wake up waiters."""
        with self._cond:
            (self._calls if ok else self._failed).append(call)
            self._cond.notify_all()

    def _apply_fault(self, call: Call, fault: _Fault | None = None) -> _Reply | None:
        """Apply a pending fault for ``call.method``; a reply means the call is answered with it."""
        fault = fault or self._take_fault(call.method)
        if fault is None:
            return None
        if fault.kind in ("delay", "late"):
            if fault.kind == "delay":
                time.sleep(fault.seconds)
            return None
        self._record(call, ok=False)
        if fault.kind == "error":
            return _Reply.json({"ok": False, "error": fault.error})
        headers: dict[str, str] = {}
        if fault.retry_after is not None or fault.status == 429:
            headers["Retry-After"] = str(fault.retry_after if fault.retry_after is not None else 1)
        body = fault.body
        if body is None:
            body = {"ok": False, "error": "ratelimited" if fault.status == 429 else "fatal_error"}
        return _Reply.json(body, fault.status, headers)

    def _handle(self, verb: str, raw_path: str, headers: dict[str, str], body: bytes) -> _Reply:
        """Route one HTTP request."""
        parts = urlsplit(raw_path)
        path = parts.path
        if path.startswith("/api/"):
            params: Params = dict(parse_qsl(parts.query, keep_blank_values=True))
            params.update(_decode_body(body, headers.get("content-type", "")))
            return self._handle_api(path[len("/api/") :], _add_decoded(params), headers)
        if path.startswith("/upload/") and verb == "POST":
            return self._handle_upload(path[len("/upload/") :], headers, body)
        if path.startswith("/response/") and verb == "POST":
            return self._handle_response(self.base + path, headers, body)
        if path.startswith("/files-pri/") and verb == "GET":
            return self._handle_file_download(path, headers)
        return _Reply.json({"ok": False, "error": "not_found"}, 404)

    def _handle_api(self, method: str, params: Params, headers: dict[str, str]) -> _Reply:
        """Answer a Web API call."""
        call = Call(method, params, headers, time.time())
        fault = self._take_fault(method)
        faulted = self._apply_fault(call, fault)
        if faulted is not None:
            return faulted
        reply = self._answer_api(call, method, params, headers)
        if fault is not None and fault.kind == "late":
            time.sleep(fault.seconds)
        return reply

    def _answer_api(self, call: Call, method: str, params: Params, headers: dict[str, str]) -> _Reply:
        auth = headers.get("authorization", "")
        token = (
            auth[len("Bearer ") :].strip() if auth.startswith("Bearer ") else str(params.get("token") or "")
        )
        if not token.startswith(_TOKEN_PREFIXES):
            self._record(call, ok=False)
            return _Reply.json({"ok": False, "error": "not_authed"})
        handler = self._api.get(method)
        if handler is None:
            self._record(call, ok=False)
            return _Reply.json({"ok": False, "error": "unknown_method", "req_method": method})
        result = handler(params)
        self._record(call, ok=bool(result.get("ok")))
        return _Reply.json(result)

    def _handle_upload(self, file_id: str, headers: dict[str, str], body: bytes) -> _Reply:
        """Store bytes POSTed to an upload URL (raw body, or the file part of a multipart body)."""
        content = body
        boundary = _boundary(headers.get("content-type", ""))
        if boundary is not None:
            parts = _parse_multipart(body, boundary)
            files = [c for d, c in parts if "filename" in d] or [c for _, c in parts]
            content = files[0] if files else b""
        call = Call("upload", {"file_id": file_id, "length": len(content)}, headers, time.time())
        faulted = self._apply_fault(call)
        if faulted is not None:
            return faulted
        with self._cond:
            self._uploads[file_id] = content
        self._record(call, ok=True)
        return _Reply(200, f"OK - {len(content)}".encode(), "text/plain; charset=utf-8")

    def _handle_file_download(self, path: str, headers: dict[str, str]) -> _Reply:
        """Serve a hosted file to a bearer of a bot token; others get Slack's sign-in page."""
        call = Call("file_download", {"path": path}, headers, time.time())
        faulted = self._apply_fault(call)
        if faulted is not None:
            return faulted
        with self._cond:
            content = self._hosted.get(path)
            location = self._redirects.get(path)
        if location is not None:
            self._record(call, ok=True)
            return _Reply(302, b"", "text/plain", headers={"Location": location})
        if content is None:
            self._record(call, ok=False)
            return _Reply(404, b"Not found", "text/plain")
        if not headers.get("authorization", "").startswith("Bearer xoxb-"):
            self._record(call, ok=False)
            return _Reply(200, b"<!DOCTYPE html><html><body>Sign in to Slack</body></html>", "text/html")
        self._record(call, ok=True)
        return _Reply(200, content, "application/octet-stream")

    def _handle_response(self, url: str, headers: dict[str, str], body: bytes) -> _Reply:
        """Record a POST to a response URL."""
        try:
            data = json.loads(body.decode("utf-8")) if body else {}
        except ValueError:
            form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
            data = json.loads(form["payload"]) if "payload" in form else form
        params: Params = dict(data) if isinstance(data, dict) else {"_json": data}
        params["_url"] = url
        call = Call("response_url", _add_decoded(params), headers, time.time())
        faulted = self._apply_fault(call)
        if faulted is not None:
            return faulted
        self._record(call, ok=True)
        return _Reply.json({"ok": True})

    # ----------------------------------------------------------------- Web API methods

    def _auth_test(self, params: Params) -> dict[str, Any]:
        return {
            "ok": True,
            "url": TEAM_URL,
            "team": TEAM_NAME,
            "user": BOT_USER_NAME,
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _message(self, params: Params, ts: str) -> dict[str, Any]:
        """The message object Slack echoes back."""
        message: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "text": params.get("text", ""),
            "ts": ts,
        }
        for name in ("blocks", "attachments", "metadata"):
            if f"{name}_decoded" in params:
                message[name] = params[f"{name}_decoded"]
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
        return message

    def _chat_post_message(self, params: Params) -> dict[str, Any]:
        channel = params.get("channel")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if not any(params.get(k) for k in ("text", "blocks", "attachments")):
            return {"ok": False, "error": "no_text"}
        ts = self._next_ts()
        message = self._message(params, ts)
        with self._cond:
            self._messages.setdefault(str(channel), []).append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _chat_post_ephemeral(self, params: Params) -> dict[str, Any]:
        if not params.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not params.get("user"):
            return {"ok": False, "error": "user_not_in_channel"}
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, params: Params) -> dict[str, Any]:
        channel, ts = params.get("channel"), params.get("ts")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if not ts:
            return {"ok": False, "error": "message_not_found"}
        text = params.get("text", "")
        message = self._message(params, ts)
        with self._cond:
            history = self._messages.get(str(channel), [])
            for index, old in enumerate(history):
                if old["ts"] == ts:
                    history[index] = {
                        **old,
                        **message,
                        "edited": {"user": BOT_USER_ID, "ts": self._next_ts()},
                    }
        return {"ok": True, "channel": channel, "ts": ts, "text": text, "message": message}

    def _conversations_history(self, params: Params) -> dict[str, Any]:
        """Newest first; ``oldest``/``latest`` bound it (exclusive unless ``inclusive``), ``limit`` pages it
        (``cursor`` is the ts to continue below); metadata only with ``include_all_metadata``."""
        channel = str(params.get("channel") or "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        oldest, latest = float(params.get("oldest") or 0), float(params.get("latest") or "inf")
        cursor = float(params.get("cursor") or "inf")
        inclusive = str(params.get("inclusive", "")).lower() in ("1", "true")
        limit = max(1, min(int(params.get("limit") or 100), 999))
        with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        with self._cond:
            history = list(self._messages.get(channel, []))
        found = [
            m
            for m in reversed(history)
            if (oldest <= float(m["ts"]) if inclusive else oldest < float(m["ts"]))
            and (float(m["ts"]) <= latest if inclusive else float(m["ts"]) < latest)
            and float(m["ts"]) < cursor
        ]
        page, more = found[:limit], len(found) > limit
        messages = [m if with_metadata else {k: v for k, v in m.items() if k != "metadata"} for m in page]
        return {
            "ok": True,
            "messages": messages,
            "has_more": more,
            "response_metadata": {"next_cursor": page[-1]["ts"] if more else ""},
        }

    def _chat_delete(self, params: Params) -> dict[str, Any]:
        channel, ts = params.get("channel"), params.get("ts")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if not ts:
            return {"ok": False, "error": "message_not_found"}
        return {"ok": True, "channel": channel, "ts": ts}

    def _views(self, params: Params) -> dict[str, Any]:
        view = params.get("view_decoded")
        if not isinstance(view, dict):
            return {"ok": False, "error": "invalid_arguments"}
        view_id = str(params.get("view_id") or f"V{self._next():08d}")
        return {
            "ok": True,
            "view": {
                "id": view_id,
                "team_id": TEAM_ID,
                "type": view.get("type", "modal"),
                "blocks": view.get("blocks", []),
                "private_metadata": view.get("private_metadata", ""),
                "callback_id": view.get("callback_id", ""),
                "state": {"values": {}},
                "hash": hashlib.sha1(f"{view_id}{time.time()}".encode()).hexdigest()[:16],
                "title": view.get("title"),
                "clear_on_close": bool(view.get("clear_on_close", False)),
                "notify_on_close": bool(view.get("notify_on_close", False)),
                "close": view.get("close"),
                "submit": view.get("submit"),
                "previous_view_id": None,
                "root_view_id": view_id,
                "app_id": APP_ID,
                "external_id": str(params.get("external_id") or view.get("external_id", "")),
                "app_installed_team_id": TEAM_ID,
                "bot_id": BOT_ID,
            },
        }

    def _users_info(self, params: Params) -> dict[str, Any]:
        user_id = str(params.get("user") or "")
        if not user_id:
            return {"ok": False, "error": "user_not_found"}
        real_name = f"User {user_id}"
        return {
            "ok": True,
            "user": {
                "id": user_id,
                "team_id": TEAM_ID,
                "name": f"user-{user_id}",
                "deleted": False,
                "real_name": real_name,
                "tz": "UTC",
                "tz_label": "Coordinated Universal Time",
                "tz_offset": 0,
                "is_admin": False,
                "is_owner": False,
                "is_bot": False,
                "is_app_user": False,
                "profile": {
                    "real_name": real_name,
                    "display_name": f"user-{user_id}",
                    "email": f"{user_id.lower()}@example.org",
                    "team": TEAM_ID,
                },
            },
        }

    def _users_lookup_by_email(self, params: Params) -> dict[str, Any]:
        email = str(params.get("email") or "").lower()
        if not email:
            return {"ok": False, "error": "invalid_email"}
        with self._cond:
            user_id = self._directory.get(email)
        if user_id is None:
            return {"ok": False, "error": "users_not_found"}
        user = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": f"user-{user_id}",
            "deleted": False,
            "is_bot": False,
        }
        return {"ok": True, "user": user | {"profile": {"email": email}}}

    def _conversations_open(self, params: Params) -> dict[str, Any]:
        if params.get("channel"):
            return {"ok": True, "no_op": True, "already_open": True, "channel": {"id": params["channel"]}}
        users = [u.strip() for u in str(params.get("users") or "").split(",") if u.strip()]
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        channel_id = "D" + users[0] if len(users) == 1 else "G" + "".join(users)
        return {"ok": True, "no_op": True, "already_open": True, "channel": {"id": channel_id}}

    def _reactions_add(self, params: Params) -> dict[str, Any]:
        if not params.get("name"):
            return {"ok": False, "error": "invalid_name"}
        return {"ok": True}

    def _files_get_upload_url(self, params: Params) -> dict[str, Any]:
        if not params.get("filename") or params.get("length") in (None, ""):
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{self._next():09d}"
        with self._cond:
            self._file_meta[file_id] = {"filename": params["filename"], "length": int(params["length"])}
        return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, params: Params) -> dict[str, Any]:
        files = params.get("files_decoded")
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        out: list[dict[str, Any]] = []
        with self._cond:
            for item in files:
                file_id = str(item.get("id", ""))
                meta = self._file_meta.get(file_id, {})
                name = meta.get("filename", item.get("title", ""))
                out.append(
                    {
                        "id": file_id,
                        "name": name,
                        "title": item.get("title") or name,
                        "size": len(self._uploads.get(file_id, b"")),
                        "user": BOT_USER_ID,
                    }
                )
        return {"ok": True, "files": out}
