"""The record of posts made once by key (`slack_posts`): attempts, and what landed where.

bot/posting.py drives it; this module only keeps the rows straight. An attempt is recorded
before Slack is called and committed with it, so a process that dies while Slack holds the
message leaves a "sending" row naming the channel and the time to look from.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from storage.models import SlackPost, utcnow

KEEP_FOR = timedelta(days=60)  # long past any retry of a post (the digest gives up after 5 runs)
UNCONFIRMED = ("sending", "unknown")


def find(session: Session, key: str) -> SlackPost | None:
    """The post's record, locked for this transaction (so two attempts at one key take turns)."""
    return session.get(SlackPost, key, with_for_update=True, populate_existing=True)


def start_attempt(session: Session, key: str, channel_id: str, now: datetime | None = None) -> SlackPost:
    """Record that the post is about to be sent (commit before calling Slack)."""
    now = now or utcnow()
    post = find(session, key)
    if post is None:
        session.execute(delete(SlackPost).where(SlackPost.last_attempt_at < now - KEEP_FOR))
        post = SlackPost(
            key=key,
            channel_id=channel_id,
            status="sending",
            first_attempt_at=now,
            last_attempt_at=now,
            attempts=0,
        )
        session.add(post)
    post.channel_id = channel_id
    post.status = "sending"
    post.attempts += 1
    post.last_attempt_at = now
    post.problem = None
    session.flush()
    return post


def landed(session: Session, post: SlackPost, ts: str) -> None:
    """The message is in the channel (Slack answered, or its history shows it)."""
    post.status, post.ts, post.problem = "posted", ts, None
    session.flush()


def refused(session: Session, post: SlackPost, problem: str) -> None:
    """Slack refused the post: nothing landed, it may be tried again."""
    post.status, post.problem = "failed", problem[:300]
    session.flush()


def unconfirmed(session: Session, post: SlackPost, problem: str) -> None:
    """Slack did not answer and the history does not show the post (yet)."""
    post.status, post.problem = "unknown", problem[:300]
    session.flush()


def settled(post: SlackPost, settle: timedelta, now: datetime | None = None) -> bool:
    """True when the last attempt is old enough that a post still in flight would have landed by now."""
    return post.last_attempt_at <= (now or utcnow()) - settle
