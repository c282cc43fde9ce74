"""`serve`: the WSGI app under gunicorn, each worker building its own app and database pool.

Slow or idle clients cannot hold every worker. Workers are threaded (gunicorn's gthread, THREADS
threads each); a new connection holds no thread until its first bytes arrive, and then has
READ_SECONDS to send its request line, headers and body (DeadlineSocket) before it is dropped,
quietly. A body over bot.web.MAX_BODY_BYTES is refused by its Content-Length before it is read,
and a refused request's connection is closed rather than drained.
"""

from __future__ import annotations

import gc
import socket
import time
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.http.errors import NoMoreData
from gunicorn.workers.gthread import ThreadWorker

from bot.config import Settings

THREADS = 64
READ_SECONDS = 5.0  # a request's line, headers and body, from the moment a thread takes it up


class DeadlineSocket:
    """A client socket whose reads must all be done by a deadline (set per request by `start`).

    Past it, a read raises NoMoreData, which gunicorn treats as the client going away (one DEBUG
    line), and bot.web answers 408 if the app was reading the body. Everything else is the socket's.
    """

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._deadline = float("inf")

    def start(self, seconds: float) -> None:
        self._deadline = time.monotonic() + seconds

    def _read(self, read: Any, *args: Any) -> Any:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise NoMoreData(b"")
        self._sock.settimeout(remaining if remaining != float("inf") else None)
        try:
            return read(*args)
        except TimeoutError:
            raise NoMoreData(b"") from None
        finally:
            self._sock.settimeout(None)

    def recv(self, *args: Any) -> bytes:
        return bytes(self._read(self._sock.recv, *args))

    def recv_into(self, *args: Any) -> int:
        return int(self._read(self._sock.recv_into, *args))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def stop_reading(environ: dict[str, Any]) -> None:
    """No more reads on this request's connection (under `serve`): gunicorn then closes it instead of
    reading the rest of a body the app refused. Elsewhere (tests' wsgiref) it does nothing."""
    sock = environ.get("gunicorn.socket")
    if isinstance(sock, DeadlineSocket):
        sock.start(0)


class GuardedThreadWorker(ThreadWorker):  # type: ignore[misc]
    """gthread, with a read deadline on each request (see DeadlineSocket)."""

    def accept(self, listener: Any) -> None:
        original = listener.accept

        class Listener:
            def accept(self) -> tuple[DeadlineSocket, Any]:
                sock, address = original()
                return DeadlineSocket(sock), address

            def __getattr__(self, name: str) -> Any:
                return getattr(listener, name)

        super().accept(Listener())

    def handle(self, conn: Any) -> Any:
        if isinstance(conn.sock, DeadlineSocket):
            conn.sock.start(READ_SECONDS)
        return super().handle(conn)


class Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from bot.web import create_wsgi_app, warm_up

        app = create_wsgi_app(self.settings)
        warm_up(app.deps)
        # Each worker loads the app itself. Moving what it holds now (modules, SQLAlchemy and
        # Bolt objects) out of the collector's reach keeps full collections short: without
        # this, one every few thousand requests stalled the worker for ~45 ms.
        gc.collect()
        gc.freeze()
        return app


def serve(settings: Settings) -> None:
    """Check the settings, then run gunicorn on $PORT until stopped."""
    settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", purpose="serve")
    Server(
        settings,
        {
            "bind": f"0.0.0.0:{settings.port}",
            "workers": settings.web_concurrency,
            "worker_class": "bot.server.GuardedThreadWorker",
            "threads": THREADS,
            "worker_connections": 1000,
            "timeout": 30,
            "graceful_timeout": 10,
            "keepalive": 5,
            "limit_request_line": 4094,
            "limit_request_fields": 100,
            "limit_request_field_size": 8190,
            "loglevel": settings.log_level.lower(),
            "accesslog": None,
        },
    ).run()
