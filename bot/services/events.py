"""Slack events answered once, even when Slack delivers one again (X-Slack-Retry-Num).

The claim is an insert-or-ignore of the event id into `slack_events`: the database's
primary key decides which delivery wins, across threads and processes alike. A second
insert of the same id waits for the first transaction and then inserts nothing.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import SlackEvent, utcnow

KEEP_FOR = timedelta(days=2)  # Slack retries within minutes; ids older than this are forgotten


def claim_event(session: Session, event_id: str, event_type: str) -> bool:
    """True for the first delivery of `event_id`, False for any repeat of it."""
    now = utcnow()
    values = {"event_id": event_id[:80], "event_type": event_type[:40], "received_at": now}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(SlackEvent).values(**values).on_conflict_do_nothing().returning(SlackEvent.event_id)
    claimed = session.execute(statement).first() is not None
    if claimed:
        session.execute(delete(SlackEvent).where(SlackEvent.received_at < now - KEEP_FOR))
    return claimed
