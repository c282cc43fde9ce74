"""Posting once, whatever Slack does: one mechanism for announcements, shares, digest parts, reminders.

Slack's chat.postMessage has no idempotency key, and an answer that comes late (a timeout) or a
5xx does not say whether the message landed. So a post made through `post_once`:

1. carries its key in the message's metadata (event type `nkpo_bot_post`, payload {"key": ...});
2. is recorded in `slack_posts` before Slack is called, and the record is committed with the
   caller's session, so the attempt survives whatever happens next;
3. is sent without the Web API client's blind retries (a 429 is still waited out: Slack did
   nothing with it);
4. after a timeout, a dropped connection or a 5xx, is looked for in the channel's history
   (conversations.history since the first attempt) a few times before anything is decided;
5. ends "posted" (with the ts that landed), "failed" (Slack refused: nothing landed) or
   "unknown" (Slack did not answer and the history does not show it yet).

A later call with the same key (a second click, Post again, the next digest run, a process
taking over after a crash) looks in the history first, and posts again only when the message is
not there and the last attempt is old enough (SETTLE) that a post still on its way would have
landed. If the history itself cannot be read (say the channels:history scope is missing), an
unconfirmed post is left unknown until SETTLE has passed, then posted again: the one case in
which a message may still appear twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.orm import Session

from bot.messenger import Messenger, slack_problem
from bot.services import posts
from bot.views.blocks import Reply
from storage.models import SlackPost, utcnow

log = logging.getLogger(__name__)
SETTLE = timedelta(minutes=2)
# Pauses before each look at the history after Slack did not answer (about 7 s in all).
CHECKS = (0.0, 1.0, 2.0, 4.0)
# How far Slack's clock (a message's ts) may be behind ours.
CLOCK_SKEW = 60.0

Outcome = Literal["posted", "failed", "unknown", "in_flight"]


@dataclass(frozen=True)
class PostResult:
    """What became of a post: `ts` when it is in the channel; `problem` in a few words otherwise.

    in_flight: another attempt at this key is under way right now (a second click).
    """

    outcome: Outcome
    ts: str | None = None
    problem: str | None = None
    again: bool = False  # posted or found on an earlier attempt, not this one


def uncertain(error: Exception) -> bool:
    """True when a failed post may still have landed: no answer, a dropped connection, a 5xx."""
    if isinstance(error, SlackApiError):
        return int(error.response.status_code) >= 500
    return isinstance(error, (OSError, SlackClientError))


def post_once(
    session: Session,
    messenger: Messenger,
    key: str,
    channel: str,
    reply: Reply,
    thread_ts: str | None = None,
    on_posted: Callable[[str], object] | None = None,
    clock: Callable[[], datetime] = utcnow,
    sleep: Callable[[float], None] = time.sleep,
) -> PostResult:
    """Post `reply` in `channel` at most once for `key`. Commits `session` (the caller's work with it)
    before Slack is called and after the outcome is recorded; `on_posted(ts)` is called before that
    last commit, so the caller's own record of the message is kept with it. `clock` dates the attempts
    (the digest sender's own clock)."""

    def record(post: SlackPost, ts: str) -> None:
        posts.landed(session, post, ts)
        if on_posted is not None:
            on_posted(ts)
        session.commit()

    post = posts.find(session, key)
    if post is not None and post.status == "posted" and post.ts:  # recorded with on_posted back then
        return PostResult("posted", post.ts, again=True)
    if post is not None and post.status in posts.UNCONFIRMED:
        found = _look(messenger, post, [0.0], sleep)
        if found is not None:
            record(post, found)
            log.info("post %s had landed in %s after all (%s)", key, channel, found)
            return PostResult("posted", found, again=True)
        if not posts.settled(post, SETTLE, clock()):
            session.commit()
            if post.status == "sending":
                return PostResult("in_flight", problem="another attempt is under way")
            return PostResult("unknown", problem=post.problem or "Slack did not answer")
    post = posts.start_attempt(session, key, channel, clock())
    session.commit()
    try:
        ts = messenger.post(channel, reply, thread_ts=thread_ts, key=key)
    except (SlackClientError, OSError) as error:
        problem = slack_problem(error)
        if not uncertain(error):
            posts.refused(session, post, problem)
            session.commit()
            return PostResult("failed", problem=problem)
        log.warning("post %s in %s: %s; looking in the channel's history", key, channel, problem)
        found = _look(messenger, post, CHECKS, sleep)
        if found is None:
            posts.unconfirmed(session, post, problem)
            session.commit()
            log.warning("post %s in %s is not confirmed: not in the history yet", key, channel)
            return PostResult("unknown", problem=problem)
        ts = found
        log.info("post %s landed in %s although Slack did not answer (%s)", key, channel, ts)
    record(post, ts)
    return PostResult("posted", ts)


def _look(
    messenger: Messenger,
    post: SlackPost,
    pauses: tuple[float, ...] | list[float],
    sleep: Callable[[float], None],
) -> str | None:
    """The ts of the post with this key in its channel's history since its first attempt, if found."""
    since = post.first_attempt_at.timestamp() - CLOCK_SKEW
    for pause in pauses:
        if pause:
            sleep(pause)
        try:
            found = messenger.find_post(post.channel_id, post.key, since)
        except (SlackClientError, OSError) as error:
            log.warning("could not read the history of %s: %s", post.channel_id, slack_problem(error))
            continue
        if found is not None:
            return found
    return None
