"""The outbound port: what the bot can do to a chat beyond answering the request in hand.

Handlers and jobs talk to a Messenger, not to the Slack SDK: the Slack Web API in
production and tests (SlackMessenger), the terminal in the console (bot.console).
"""

from __future__ import annotations

import logging
import time
import urllib.request
from collections.abc import Iterator
from http.client import RemoteDisconnected
from pathlib import Path
from typing import Any, Protocol
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.config import Settings
from bot.views.blocks import Reply

log = logging.getLogger(__name__)
SLACK_API_URL = "https://slack.com/api/"
SLACK_FILES = "https://files.slack.com"
UPLOAD_ATTEMPTS = 3
MAX_RETRY_AFTER = 60
DOWNLOAD_CHUNK = 64 * 1024


class Messenger(Protocol):
    def post(self, channel: str, reply: Reply, thread_ts: str | None = None) -> str:
        """Post a message; return its ts."""
        ...

    def update(self, channel: str, ts: str, reply: Reply) -> None: ...

    def open_dm(self, user_id: str) -> str:
        """The id of the direct-message channel with this user."""
        ...

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None: ...

    def publish_home(self, user_id: str, view: dict[str, Any]) -> None: ...

    def upload(self, channel: str, path: Path, filename: str, title: str, comment: str) -> str:
        """Share a file into a channel; return the Slack file id."""
        ...

    def download(self, url: str) -> Iterator[bytes]:
        """The content of a file Slack holds (a message's files[].url_private), in chunks."""
        ...


class ServerErrorRetryHandler(RetryHandler):
    """Retries any 5xx answer with exponential backoff (the SDK's own handler covers only 500 and 503)."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and 500 <= response.status_code < 600


def make_web_client(settings: Settings, timeout: int = 10, retry: bool = True) -> WebClient:
    """A Web API client for SLACK_API_URL; with `retry`, it waits out 429s, retries 5xx, timeouts and
    dropped connections (off for calls made while a user waits, where a quick failure is better).

    429: sleeps Retry-After (plus up to 1 s of jitter), up to 3 times. 5xx, a connection refused or
    reset, and a read timeout (a bare TimeoutError, which the SDK's defaults let through): backoff
    0.5 s, 1 s (plus jitter), up to 2 times. A retried 5xx or timeout on chat.postMessage may
    post twice if Slack had in fact accepted the first try: Slack offers no idempotency key.
    """
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url or SLACK_API_URL,
        timeout=timeout,
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(
                max_retry_count=2,
                error_types=[URLError, ConnectionResetError, RemoteDisconnected, TimeoutError],
            ),
        ]
        if retry
        else [],
    )


def slack_problem(error: Exception) -> str:
    """A failed Web API call in a few words: Slack's error code, else what went wrong on the way."""
    if isinstance(error, SlackApiError):
        return str(error.response.get("error") or f"HTTP {error.response.status_code}")
    return f"Slack did not answer ({error.__class__.__name__})"


def user_by_email(client: WebClient, address: str) -> str | None:
    """users.lookupByEmail (scope users:read.email): the id of the Slack user with this address, or
    None when nobody in the workspace has it; SlackClientError or OSError when Slack fails."""
    try:
        return str(client.users_lookupByEmail(email=address)["user"]["id"])
    except SlackApiError as error:
        if error.response.get("error") == "users_not_found":
            return None
        raise


class SlackMessenger:
    """A Messenger that calls the Slack Web API."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def post(self, channel: str, reply: Reply, thread_ts: str | None = None) -> str:
        response = self.client.chat_postMessage(
            channel=channel, text=reply.text, blocks=reply.blocks or None, thread_ts=thread_ts
        )
        return str(response["ts"])

    def update(self, channel: str, ts: str, reply: Reply) -> None:
        self.client.chat_update(channel=channel, ts=ts, text=reply.text, blocks=reply.blocks or [])

    def open_dm(self, user_id: str) -> str:
        return str(self.client.conversations_open(users=user_id)["channel"]["id"])

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        self.client.views_open(trigger_id=trigger_id, view=view)

    def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        self.client.views_publish(user_id=user_id, view=view)

    def upload(self, channel: str, path: Path, filename: str, title: str, comment: str) -> str:
        """files_upload_v2. The client retries its API calls; the bytes themselves go to the URL Slack
        gives, which the SDK tries once: a 429 (after its Retry-After), 5xx or timeout there starts the
        upload again. The file is shared only by the last call, so a retry cannot share it twice."""
        for attempt in range(1, UPLOAD_ATTEMPTS + 1):
            try:
                response = self.client.files_upload_v2(
                    channel=channel, file=str(path), filename=filename, title=title, initial_comment=comment
                )
                return str(response["file"]["id"])
            except HTTPError as error:
                if attempt == UPLOAD_ATTEMPTS or not (error.code == 429 or error.code >= 500):
                    raise
                wait = _retry_after(error)
                log.warning("file upload answered %s; trying again in %s s", error.code, wait)
            except (TimeoutError, URLError) as error:
                if attempt == UPLOAD_ATTEMPTS:
                    raise
                wait = attempt
                log.warning("file upload failed (%s); trying again in %s s", error.__class__.__name__, wait)
            time.sleep(wait)
        raise AssertionError("unreachable")

    def download(self, url: str) -> Iterator[bytes]:
        """Fetch a file with the bot token, only from Slack's file host (or SLACK_API_URL's host, for an
        emulator): the token never goes anywhere else, nor with a redirect. OSError if it fails."""
        allowed = {SLACK_FILES, _origin(self.client.base_url)}
        if _origin(url) not in allowed:
            raise OSError("that is not an address of a file Slack holds")
        request = urllib.request.Request(url)
        request.add_unredirected_header("Authorization", f"Bearer {self.client.token}")
        with urllib.request.urlopen(request, timeout=self.client.timeout) as response:
            if response.headers.get_content_type() == "text/html":
                raise OSError("Slack sent a web page instead of the file (is the files:read scope granted?)")
            while chunk := response.read(DOWNLOAD_CHUNK):
                yield chunk


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _retry_after(error: HTTPError) -> int:
    try:
        return max(0, min(MAX_RETRY_AFTER, int(error.headers.get("Retry-After", "1"))))
    except ValueError:
        return 1
