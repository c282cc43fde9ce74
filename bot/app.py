"""Assembles the Slack app: one Bolt App with every listener wired, for HTTP and Socket Mode."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

import handlers
from bot.deps import Deps
from bot.messenger import make_web_client

log = logging.getLogger(__name__)


def create_app(deps: Deps, *, socket_mode: bool = False) -> App:
    """A Bolt App on the given settings and database, with every listener registered."""
    settings = deps.settings
    settings.require("SLACK_BOT_TOKEN", purpose="the Slack app")
    if not socket_mode:
        settings.require("SLACK_SIGNING_SECRET", purpose="serve")
    authorization = BotAuthorization(
        settings.slack_bot_token or "", make_web_client(settings, timeout=2, retry=False)
    )
    app = App(
        client=make_web_client(settings),
        authorize=authorization,
        signing_secret=settings.slack_signing_secret or "",
        # Over HTTP, bot/web.py has checked the signature on the raw body before anything was parsed
        # (and may have made the body safe to encode since); Socket Mode needs none.
        request_verification_enabled=False,
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


class BotAuthorization(Authorize):
    """Who the bot is (auth.test), asked once and cached, and never in the way of an answer.

    Bolt's default asks Slack on a worker's first request, inside that request; when Slack does
    not answer, the user gets an error although most answers need only the database. Here a
    failed auth.test yields the token alone (enough to reply) and is tried again after a pause.
    """

    RETRY_AFTER_SECONDS = 30.0

    def __init__(self, token: str, client: WebClient) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.token = token
        self.client = client
        self.result: AuthorizeResult | None = None
        self.next_try = 0.0
        self.lock = threading.Lock()

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        actor_enterprise_id: str | None = None,
        actor_team_id: str | None = None,
        actor_user_id: str | None = None,
    ) -> AuthorizeResult:
        if self.result is None and time.monotonic() >= self.next_try and self.lock.acquire(blocking=False):
            try:
                response = self.client.auth_test(token=self.token)
                self.result = AuthorizeResult.from_auth_test_response(
                    auth_test_response=response, bot_token=self.token
                )
            except (SlackApiError, SlackClientError, OSError) as error:
                self.next_try = time.monotonic() + self.RETRY_AFTER_SECONDS
                log.warning(
                    "auth.test failed (%s); answering with the bot token alone", error.__class__.__name__
                )
            finally:
                self.lock.release()
        return self.result or AuthorizeResult(
            enterprise_id=enterprise_id, team_id=team_id, bot_token=self.token
        )
