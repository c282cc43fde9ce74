"""Pacing of bulk sends, to stay inside Slack's posting limits instead of bouncing off 429s.

Slack allows chat.postMessage about one message a second per channel (short bursts
tolerated) under a workspace-wide limit it does not publish; we keep to one a second per
channel and, by default, five calls a second overall (300 a minute).
"""

from __future__ import annotations

import time
from collections.abc import Callable

PER_CHANNEL_GAP = 1.0
CALLS_PER_SECOND = 5.0


class Pacer:
    """Waits before each call so that calls keep to the per-channel gap and the overall rate."""

    def __init__(
        self,
        per_second: float = CALLS_PER_SECOND,
        per_channel_gap: float = PER_CHANNEL_GAP,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.gap = 1.0 / per_second
        self.per_channel_gap = per_channel_gap
        self.clock = clock
        self.sleep = sleep
        self._next_call = 0.0
        self._next_in: dict[str, float] = {}
        self.waited = 0.0

    def wait(self, channel: str | None = None) -> None:
        """Block until a call (to `channel`, if it posts in one) may be made, and book it."""
        now = self.clock()
        ready = max(self._next_call, self._next_in.get(channel, 0.0) if channel else 0.0)
        if ready > now:
            self.sleep(ready - now)
            self.waited += ready - now
            now = ready
        self._next_call = now + self.gap
        if channel:
            self._next_in[channel] = now + self.per_channel_gap
