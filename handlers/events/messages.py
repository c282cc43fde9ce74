"""Mentions and direct messages: answered like `/ask`, in a thread when asked in a channel.

Each event is claimed by its event id before it is answered, so a delivery Slack retries is
answered once; a file sent for the library is claimed (and the claim committed) before it is
downloaded. The answer is posted by the event adapter; only when it takes longer than
SLOW_ANSWER_SECONDS is a short "Looking that up…" posted first and then replaced by the
answer (chat.update). Answers normally take a few milliseconds (bench/answers.py), so a
placeholder for every question would only add a second message, a second notification
and a second API call for nothing.
"""

from __future__ import annotations

import logging
import threading
from types import TracebackType

from bot.i18n import N_, _
from bot.messenger import Messenger
from bot.services.events import claim_event
from bot.views.blocks import Reply
from handlers.commands import ask
from handlers.context import Ctx
from handlers.events import document_upload

log = logging.getLogger(__name__)
SLOW_ANSWER_SECONDS = 1.0
LOOKING = N_(":hourglass_flowing_sand: Looking that up…")


def handle(ctx: Ctx) -> Reply | None:
    if document_upload.wants(ctx):
        if not first_delivery(ctx):
            return None
        ctx.session.commit()  # claimed for good before the download: repeats meanwhile neither wait nor fetch
        return document_upload.handle(ctx)
    event = ctx.request.payload
    if event.get("bot_id") or event.get("bot_profile") or event.get("subtype") or not ctx.request.channel_id:
        return None
    if ctx.request.via not in ("mention", "dm", "console"):  # channel chatter is not for the bot
        return None
    if not first_delivery(ctx):
        return None
    text = " ".join(word for word in ctx.request.text.split() if not word.startswith("<@"))
    inner = ctx.derive(text=text)
    channel = ctx.request.channel_id
    with SlowNotice(ctx.messenger, channel, ctx.request.thread_ts, SLOW_ANSWER_SECONDS) as notice:
        reply = ask.handle(inner)
    if notice.ts is None:
        return reply
    ctx.messenger.update(channel, notice.ts, reply)
    return None


def first_delivery(ctx: Ctx) -> bool:
    """Claim the event by its id: False for a delivery Slack repeats (the console's lines have none)."""
    event = ctx.request.payload
    event_id = event.get("event_id")
    if event_id and not claim_event(ctx.session, event_id, str(event.get("type", ""))):
        log.info("event %s already handled; ignoring the repeat", event_id)
        return False
    return True


class SlowNotice:
    """Posts a placeholder if the block it wraps is still running after `seconds`; `ts` is its id."""

    def __init__(self, messenger: Messenger, channel: str, thread_ts: str | None, seconds: float) -> None:
        self.messenger = messenger
        self.channel = channel
        self.thread_ts = thread_ts
        self.ts: str | None = None
        self._lock = threading.Lock()
        self._done = False
        self._timer = threading.Timer(seconds, self._post)
        self._timer.daemon = True

    def _post(self) -> None:
        with self._lock:
            if self._done:
                return
            try:
                self.ts = self.messenger.post(self.channel, Reply(text=_(LOOKING)), thread_ts=self.thread_ts)
            except Exception as error:  # the answer still goes out as a new message
                log.warning("could not post the placeholder: %s", error.__class__.__name__)

    def __enter__(self) -> SlowNotice:
        self._timer.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._timer.cancel()
        with self._lock:  # waits for a placeholder being posted right now
            self._done = True
