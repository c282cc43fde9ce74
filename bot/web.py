"""The HTTP surface of `serve`: POST /slack/events and GET /healthz, as one WSGI application."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.app import create_app
from bot.config import Settings
from bot.deps import Deps
from storage.db import Database

StartResponse = Callable[..., Any]
JSON = [("Content-Type", "application/json")]


class WebApp:
    """Routes /healthz itself and hands /slack/events to Bolt; anything else is 404."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.slack = SlackRequestHandler(create_app(deps), path="/slack/events")

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            healthy = self.deps.db.ping()
            body = {"status": "ok"} if healthy else {"status": "unavailable", "database": "not answering"}
            return _json(start_response, "200 OK" if healthy else "503 Service Unavailable", body)
        if path == "/slack/events":
            if method != "POST":
                return _json(start_response, "405 Method Not Allowed", {"error": "POST only"})
            return self.slack(environ, start_response)
        return _json(start_response, "404 Not Found", {"error": "not found"})


def _json(start_response: StartResponse, status: str, body: dict[str, str]) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [*JSON, ("Content-Length", str(len(data)))])
    return [data]


def create_wsgi_app(settings: Settings | None = None) -> WebApp:
    """The WSGI application for gunicorn (`bot.web:create_wsgi_app()`)."""
    settings = settings or Settings.from_env()
    return WebApp(Deps(settings, Database(settings.database_url)))
