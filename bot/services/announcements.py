"""Secretariat announcements: drafts, posting exactly once, edits and withdrawals.

Who may announce is decided by the caller (Settings.is_secretariat); this module keeps
the records straight. A draft is taken for posting ("posting") through one conditional
UPDATE, so two clicks on "Post" cannot both post it, and becomes "posted" once its message
is known to be in the channel (bot/posting.py decides that, even when Slack is slow).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.text import InputError, clean, clean_multiline
from storage.db import rows_changed
from storage.models import Announcement, Document, Programme, utcnow

MAX_TITLE = 150
MAX_BODY = 3000
MAX_LINK = 120
LIST_LIMIT = 10


@dataclass(frozen=True)
class Link:
    """What an announcement points to: a library document or an ITCP programme."""

    kind: str  # "document" | "programme"
    ref: str  # the document symbol or programme slug
    label: str
    url: str | None = None


@dataclass(frozen=True)
class DraftFields:
    """Checked announcement fields, ready to store."""

    title: str
    body: str
    link: Link | None = None


def check_body(text: str | None) -> str:
    """The cleaned body text; InputError if it is empty or over MAX_BODY characters."""
    body = clean_multiline(text)
    if not body:
        raise InputError("An announcement needs some text, e.g. `/announce The NKPO webinar is on 3 May.`")
    if len(body) > MAX_BODY:
        raise InputError(f"That announcement is {len(body):,} characters; please keep it to {MAX_BODY:,}.")
    return body


def check_fields(
    session: Session, title: str | None, body: str | None, link: str | None
) -> tuple[DraftFields | None, dict[str, str]]:
    """Check the form fields; return the fields, or per-field problems ("title", "body", "link")."""
    problems: dict[str, str] = {}
    clean_title = clean(title)
    if not clean_title:
        problems["title"] = "Please give the announcement a title."
    elif len(clean_title) > MAX_TITLE:
        problems["title"] = f"Please keep the title to {MAX_TITLE} characters (it has {len(clean_title)})."
    clean_body = ""
    try:
        clean_body = check_body(body)
    except InputError as error:
        problems["body"] = str(error)
    found: Link | None = None
    wanted = clean(link)
    if len(wanted) > MAX_LINK:
        problems["link"] = f"A link is a document symbol or programme slug, under {MAX_LINK} characters."
    elif wanted:
        found = find_link(session, wanted)
        if found is None:
            problems["link"] = (
                f"No document symbol or programme slug is `{wanted}`. "
                "Try a symbol such as TC 74/4(a) or a slug such as djibouti-code, or leave it empty."
            )
    if problems:
        return None, problems
    return DraftFields(clean_title, clean_body, found), {}


def find_link(session: Session, wanted: str) -> Link | None:
    """The document (by symbol) or programme (by slug) named `wanted`, case-insensitively."""
    document = session.scalars(
        select(Document).where(func.lower(Document.symbol) == wanted.lower()).limit(1)
    ).one_or_none()
    if document is not None:
        return Link("document", document.symbol, document.title, document.url)
    programme = session.scalars(
        select(Programme).where(func.lower(Programme.slug) == wanted.lower()).limit(1)
    ).one_or_none()
    if programme is not None:
        return Link("programme", programme.slug, programme.name)
    return None


def link_of(session: Session, announcement: Announcement) -> Link | None:
    """The announcement's link as it stands now (None if it has none or the record is gone)."""
    if not announcement.link_ref:
        return None
    return find_link(session, announcement.link_ref)


def create_draft(session: Session, fields: DraftFields, author_user_id: str) -> Announcement:
    """Store a draft; it reaches the channel only through post_draft."""
    announcement = Announcement(
        title=fields.title,
        body=fields.body,
        link_kind=fields.link.kind if fields.link else None,
        link_ref=fields.link.ref if fields.link else None,
        author_user_id=author_user_id,
        status="draft",
    )
    session.add(announcement)
    session.flush()
    return announcement


def claim_draft(session: Session, announcement_id: int) -> Announcement | None:
    """Take a draft for posting ("posting"), once: None if it is not a draft (posted, posting, cancelled,
    unknown). A draft left "posting" is one whose post Slack has not confirmed: `posting` finds it
    again, and bot/posting.py looks in the channel before anything is posted again.
    """
    changed = rows_changed(
        session,
        update(Announcement)
        .where(Announcement.id == announcement_id, Announcement.status == "draft")
        .values(status="posting", updated_at=utcnow()),
    )
    if changed != 1:
        return None
    return session.get(Announcement, announcement_id, populate_existing=True)


def posting(session: Session, announcement_id: int) -> Announcement | None:
    """An announcement whose post is under way or unconfirmed, or None."""
    announcement = session.get(Announcement, announcement_id, populate_existing=True)
    return announcement if announcement is not None and announcement.status == "posting" else None


def mark_posted(
    session: Session, announcement: Announcement, channel_id: str, ts: str, now: datetime | None = None
) -> None:
    """The post landed: remember where, so edits can update that message."""
    now = now or utcnow()
    announcement.status = "posted"
    announcement.posted_at = announcement.updated_at = now
    announcement.channel_id = channel_id
    announcement.message_ts = ts
    session.flush()


def back_to_draft(session: Session, announcement: Announcement) -> None:
    """Slack refused the post (nothing landed): a draft again, to post once the cause is fixed."""
    announcement.status = "draft"
    session.flush()


def cancel_draft(session: Session, announcement_id: int) -> bool:
    """Cancel a draft; False if it is not a draft any more."""
    changed = rows_changed(
        session,
        update(Announcement)
        .where(Announcement.id == announcement_id, Announcement.status == "draft")
        .values(status="cancelled", updated_at=utcnow()),
    )
    return changed == 1


def posted_announcement(session: Session, announcement_id: int) -> Announcement:
    """A posted announcement, locked for change; InputError naming what is wrong otherwise."""
    announcement = session.scalars(
        select(Announcement).where(Announcement.id == announcement_id).with_for_update()
    ).one_or_none()
    if announcement is None:
        raise InputError(f"There is no announcement #{announcement_id}; `/announce list` shows them.")
    if announcement.status != "posted" or not announcement.message_ts or not announcement.channel_id:
        raise InputError(f"Announcement #{announcement_id} is {announcement.status}, not posted.")
    return announcement


def edit_body(session: Session, announcement_id: int, body: str) -> Announcement:
    """Replace a posted announcement's text (the caller updates the Slack message)."""
    announcement = posted_announcement(session, announcement_id)
    announcement.body = check_body(body)
    announcement.updated_at = utcnow()
    session.flush()
    return announcement


def withdraw(session: Session, announcement_id: int) -> Announcement:
    """Withdraw a posted announcement (the caller replaces its Slack message with a short note)."""
    announcement = posted_announcement(session, announcement_id)
    now = utcnow()
    announcement.status = "withdrawn"
    announcement.deleted_at = now
    announcement.updated_at = now
    session.flush()
    return announcement


def recent_announcements(session: Session, limit: int = LIST_LIMIT) -> list[Announcement]:
    """The latest announcements of every status, newest first (for /announce list)."""
    return list(
        session.scalars(
            select(Announcement).order_by(Announcement.added_at.desc(), Announcement.id.desc()).limit(limit)
        )
    )


def posted_between(session: Session, start: datetime, end: datetime) -> list[Announcement]:
    """Announcements posted in [start, end) and not withdrawn, oldest first (for the digest)."""
    return list(
        session.scalars(
            select(Announcement)
            .where(
                Announcement.status == "posted",
                Announcement.posted_at >= start,
                Announcement.posted_at < end,
            )
            .order_by(Announcement.posted_at, Announcement.id)
        )
    )
