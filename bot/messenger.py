"""The outbound port: what the bot can do to a chat beyond answering the request in hand.

Handlers and jobs talk to a Messenger, not to the Slack SDK: the Slack Web API in
production and tests (SlackMessenger), the terminal in the console (bot.console).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
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

from bot.config import USER_ID, Settings
from bot.views.blocks import Reply

log = logging.getLogger(__name__)
SLACK_API_URL = "https://slack.com/api/"
SLACK_FILES = "https://files.slack.com"
SLACK_DOMAINS = ("slack.com", "slack-edge.com", "slack-files.com")
UPLOAD_ATTEMPTS = 3
MAX_RETRY_AFTER = 60
DOWNLOAD_CHUNK = 64 * 1024


POST_EVENT_TYPE = "nkpo_bot_post"
HISTORY_PAGES = 5
VIEW_TIMEOUT = 2  # seconds: a trigger lives 3, and the command's ack waits for the modal
LOCALE_TIMEOUT = 0.5  # seconds: a user's locale looked up while they wait for their first answer


class Messenger(Protocol):
    def post(self, channel: str, reply: Reply, thread_ts: str | None = None, key: str | None = None) -> str:
        """Post a message; return its ts. With `key` (bot/posting.py) the message carries it in its
        metadata and is not retried blindly when Slack does not answer."""
        ...

    def find_post(self, channel: str, key: str, since: float) -> str | None:
        """The ts of the bot's message carrying `key`, posted in `channel` since `since` (epoch seconds)."""
        ...

    def update(self, channel: str, ts: str, reply: Reply) -> None: ...

    def open_dm(self, user_id: str) -> str:
        """The id of the direct-message channel with this user."""
        ...

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None: ...

    def publish_home(self, user_id: str, view: dict[str, Any]) -> None: ...

    def user_locale(self, user_id: str, quick: bool) -> str | None:
        """The user's Slack locale ("fr-FR"), from users.info with include_locale; `quick`: within
        LOCALE_TIMEOUT and without retries (the user is waiting). SlackClientError or OSError when
        Slack fails."""
        ...

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


def make_web_client(settings: Settings, timeout: int | None = None, retry: bool = True) -> WebClient:
    """A Web API client for SLACK_API_URL; with `retry`, it waits out 429s, retries 5xx, timeouts and
    dropped connections (off for calls made while a user waits, where a quick failure is better).
    `timeout` defaults to the settings' (10 s).

    429: sleeps Retry-After (plus up to 1 s of jitter), up to 3 times. 5xx, a connection refused or
    reset, and a read timeout (a bare TimeoutError, which the SDK's defaults let through): backoff
    0.5 s, 1 s (plus jitter), up to 2 times. A retried 5xx or timeout on chat.postMessage may
    post twice if Slack had in fact accepted the first try: Slack offers no idempotency key, so posts
    that must land once go through bot/posting.py, which sends them without these retries.
    """
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url or SLACK_API_URL,
        timeout=timeout or settings.slack_timeout,
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


def user_by_email(client: WebClient, email: str) -> str | None:
    """The id of the Slack user with this e-mail address (users.lookupByEmail, scope users:read.email),
    or None when nobody (or only a deactivated account or a bot) has it; SlackApiError for any other
    refusal, SlackClientError or OSError when Slack does not answer (after the client's retries)."""
    try:
        response = client.users_lookupByEmail(email=email)
    except SlackApiError as error:
        if error.response.get("error") == "users_not_found":
            return None
        raise
    user = response.get("user") or {}
    found = str(user.get("id") or "")
    if not USER_ID.match(found) or user.get("deleted") or user.get("is_bot"):
        return None
    return found


def slack_problem(error: Exception) -> str:
    """A failed Web API call in a few words: Slack's error code, else what went wrong on the way."""
    if isinstance(error, SlackApiError):
        return str(error.response.get("error") or f"HTTP {error.response.status_code}")
    return f"Slack did not answer ({error.__class__.__name__})"


class SlackMessenger:
    """A Messenger that calls the Slack Web API."""

    def __init__(self, client: WebClient) -> None:
        self.client = client
        # The same client without blind retries (a 429 is still waited out: Slack did nothing with it),
        # for posts that bot/posting.py reconciles with the channel's history instead.
        self.once = WebClient(
            token=client.token,
            base_url=client.base_url,
            timeout=client.timeout,
            retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=3)],
        )
        # For views.open, called inside the request that carries the trigger: its 3 s will not wait.
        self.quick = WebClient(token=client.token, base_url=client.base_url, timeout=VIEW_TIMEOUT)
        # For a locale read while the user waits: half a second, no retries (urllib takes a float).
        self.locale_client = WebClient(
            token=client.token,
            base_url=client.base_url,
            timeout=LOCALE_TIMEOUT,  # type: ignore[arg-type]
            retry_handlers=[],
        )

    def post(self, channel: str, reply: Reply, thread_ts: str | None = None, key: str | None = None) -> str:
        if key is None:
            response = self.client.chat_postMessage(
                channel=channel, text=reply.text, blocks=reply.blocks or None, thread_ts=thread_ts
            )
        else:
            response = self.once.chat_postMessage(
                channel=channel,
                text=reply.text,
                blocks=reply.blocks or None,
                thread_ts=thread_ts,
                metadata={"event_type": POST_EVENT_TYPE, "event_payload": {"key": key}},
            )
        return str(response["ts"])

    def find_post(self, channel: str, key: str, since: float) -> str | None:
        """conversations.history from `since`, newest first, a few pages at most; the earliest match."""
        found, cursor = None, None
        for _ in range(HISTORY_PAGES):
            response = self.client.conversations_history(
                channel=channel, oldest=f"{since:.6f}", include_all_metadata=True, limit=200, cursor=cursor
            )
            for message in response.get("messages") or []:
                metadata = message.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == POST_EVENT_TYPE and payload.get("key") == key:
                    found = str(message["ts"])
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not response.get("has_more") or not cursor:
                break
        return found

    def update(self, channel: str, ts: str, reply: Reply) -> None:
        self.client.chat_update(channel=channel, ts=ts, text=reply.text, blocks=reply.blocks or [])

    def open_dm(self, user_id: str) -> str:
        return str(self.client.conversations_open(users=user_id)["channel"]["id"])

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        self.quick.views_open(trigger_id=trigger_id, view=view)

    def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        self.client.views_publish(user_id=user_id, view=view)

    def user_locale(self, user_id: str, quick: bool) -> str | None:
        client = self.locale_client if quick else self.client
        locale = client.users_info(user=user_id, include_locale=True)["user"].get("locale")
        return str(locale) if locale else None

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
        emulator): the token never goes anywhere else, nor with a redirect. A redirect is followed only
        to Slack's own hosts over https (or SLACK_API_URL's host), never to a loopback or private
        address. OSError if it fails."""
        emulator = _origin(self.client.base_url)
        if _origin(url) not in {SLACK_FILES, emulator}:
            raise OSError("that is not an address of a file Slack holds")
        request = urllib.request.Request(url)
        request.add_unredirected_header("Authorization", f"Bearer {self.client.token}")
        opener = urllib.request.build_opener(SlackOnlyRedirects(emulator))
        with opener.open(request, timeout=self.client.timeout) as response:
            if response.headers.get_content_type() == "text/html":
                raise OSError("Slack sent a web page instead of the file (is the files:read scope granted?)")
            while chunk := response.read(DOWNLOAD_CHUNK):
                yield chunk


class SlackOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to Slack's hosts (https) or the emulator's origin, with the token, at most
    3 times; anything else is refused before it is contacted."""

    max_redirections = 3

    def __init__(self, emulator: str) -> None:
        self.emulator = emulator

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if not is_slack_file_host(newurl, self.emulator):
            raise OSError("Slack's file host redirected elsewhere; the file was not fetched")
        follow = super().redirect_request(req, fp, code, msg, headers, newurl)
        token = req.unredirected_hdrs.get("Authorization")
        if follow is not None and token:  # one of Slack's own hosts: it may have the token again
            follow.add_unredirected_header("Authorization", token)
        return follow


def is_slack_file_host(url: str, emulator: str) -> bool:
    """An address a Slack file may be fetched from: the emulator's origin, or https on one of Slack's
    own domains whose address is public (a name that resolves to loopback or a private range is not)."""
    if _origin(url) == emulator:
        return True
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme != "https" or not any(host == d or host.endswith("." + d) for d in SLACK_DOMAINS):
        return False
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, parts.port or 443)}
    except OSError:
        return False
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _retry_after(error: HTTPError) -> int:
    try:
        return max(0, min(MAX_RETRY_AFTER, int(error.headers.get("Retry-After", "1"))))
    except ValueError:
        return 1
