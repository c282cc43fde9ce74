"""Assembles the Slack app: one Bolt App with every listener wired, for HTTP and Socket Mode."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltResponse

import handlers
from bot.messenger import make_web_client
from handlers.context import Deps

log = logging.getLogger(__name__)


def create_app(deps: Deps, *, socket_mode: bool = False) -> App:
    """A Bolt App on the given settings and database, with every listener registered."""
    settings = deps.settings
    settings.require("SLACK_BOT_TOKEN", purpose="the Slack app")
    if not socket_mode:
        settings.require("SLACK_SIGNING_SECRET", purpose="serve")
    app = App(
        client=make_web_client(settings),
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=not socket_mode,
        token_verification_enabled=False,
        process_before_response=True,
        raise_error_for_unhandled_request=False,
        logger=logging.getLogger("slack_bolt"),
    )
    handlers.register(app, deps)

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> BoltResponse:
        log.error("unhandled error in a Slack listener: %s", error.__class__.__name__, exc_info=error)
        return BoltResponse(status=200, body="")

    return app
