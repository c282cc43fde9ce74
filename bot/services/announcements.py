"""Secretariat announcements: drafts, posting exactly once, edits (previewed, applied once) and
withdrawals (once), and the list everyone can read.

Who may announce is decided by the caller (Settings.is_secretariat); this module keeps
the records straight. A draft is taken for posting ("posting") through one conditional
UPDATE, so two clicks on "Post" cannot both post it, and becomes "posted" once its message
is known to be in the channel (bot/posting.py decides that, even when Slack is slow).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.i18n import N_, _, figure
from bot.services import audit
from bot.text import InputError, clean, clean_multiline
from storage.db import rows_changed
from storage.models import Announcement, AnnouncementRevision, Document, Programme, utcnow

MAX_TITLE = 150
MAX_BODY = 3000
MAX_LINK = 150
LIST_LIMIT = 10
# An announcement's status as the list and the errors show it (status_label).
STATUS_LABELS = {
    "draft": N_("draft"),
    "posting": N_("posting"),
    "posted": N_("posted"),
    "cancelled": N_("cancelled"),
    "withdrawn": N_("withdrawn"),
}


def status_label(status: str) -> str:
    """An announcement's status in the current language."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


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
        raise InputError(_("An announcement needs some text, e.g. `/announce The NKPO webinar is on 3 May.`"))
    if len(body) > MAX_BODY:
        raise InputError(
            _(
                "That announcement is {length} characters; please keep it to {limit}.",
                length=figure(len(body)),
                limit=figure(MAX_BODY),
            )
        )
    return body


def check_fields(
    session: Session, title: str | None, body: str | None, link: str | None
) -> tuple[DraftFields | None, dict[str, str]]:
    """Check the form fields; return the fields, or per-field problems ("title", "body", "link")."""
    problems: dict[str, str] = {}
    clean_title = clean(title)
    if not clean_title:
        problems["title"] = _("Please give the announcement a title.")
    elif len(clean_title) > MAX_TITLE:
        problems["title"] = _(
            "Please keep the title to {limit} characters (it has {length}).",
            limit=MAX_TITLE,
            length=figure(len(clean_title)),
        )
    clean_body = ""
    try:
        clean_body = check_body(body)
    except InputError as error:
        problems["body"] = str(error)
    found: Link | None = None
    wanted = clean(link)
    if len(wanted) > MAX_LINK:
        problems["link"] = _(
            "A link is a document symbol or programme slug, under {limit} characters.", limit=MAX_LINK
        )
    elif wanted:
        found = find_link(session, wanted)
        if found is None:
            problems["link"] = _(
                "No document or programme is `{wanted}` any more. Choose another, or leave it empty.",
                wanted=wanted,
            )
    if problems:
        return None, problems
    return DraftFields(clean_title, clean_body, found), {}


def find_link(session: Session, wanted: str) -> Link | None:
    """The document (by symbol) or programme (by slug) named `wanted`, case-insensitively; a choice
    of the form's select is `document:<symbol>` or `programme:<slug>` (link_value)."""
    kind, _colon, ref = wanted.partition(":")
    if kind not in ("document", "programme") or not ref:
        kind, ref = "", wanted
    document = None
    if kind in ("", "document"):
        document = session.scalars(
            select(Document).where(func.lower(Document.symbol) == ref.lower()).limit(1)
        ).one_or_none()
    if document is not None:
        return Link("document", document.symbol, document.title, document.url)
    programme = None
    if kind in ("", "programme"):
        programme = session.scalars(
            select(Programme).where(func.lower(Programme.slug) == ref.lower()).limit(1)
        ).one_or_none()
    if programme is not None:
        return Link("programme", programme.slug, programme.name)
    return None


def link_value(link: Link) -> str:
    """How the form's select names a link (find_link reads it back)."""
    return f"{link.kind}:{link.ref}"


def link_of(session: Session, announcement: Announcement) -> Link | None:
    """The announcement's link as it stands now (None if it has none or the record is gone)."""
    if not announcement.link_ref:
        return None
    return find_link(session, announcement.link_ref)


def _written(fields: DraftFields) -> dict[str, str | None]:
    """The columns an announcement and an edit of it share: what its author wrote."""
    link = fields.link
    return {"title": fields.title, "body": fields.body, "link_kind": link.kind if link else None,
            "link_ref": link.ref if link else None}  # fmt: skip


def create_draft(session: Session, fields: DraftFields, author_user_id: str) -> Announcement:
    """Store a draft; it reaches the channel only through post_draft."""
    announcement = Announcement(**_written(fields), author_user_id=author_user_id, status="draft")
    session.add(announcement)
    session.flush()
    return announcement


def claim_draft(session: Session, announcement_id: int) -> Announcement | None:
    """Take a draft for posting ("posting"), once: None if it is not a draft (posted, posting, cancelled,
    unknown). A draft left "posting" is one whose post Slack has not confirmed: `posting` finds it
    again, and bot/posting.py looks in the channel before anything is posted again.
    """
    if not _move(session, Announcement, announcement_id, "draft", status="posting", updated_at=utcnow()):
        return None
    return session.get(Announcement, announcement_id, populate_existing=True)


def posting(session: Session, announcement_id: int) -> Announcement | None:
    """An announcement whose post is under way or unconfirmed, or None."""
    announcement = session.get(Announcement, announcement_id, populate_existing=True)
    return announcement if announcement is not None and announcement.status == "posting" else None


def _move(session: Session, model: Any, record_id: int, from_status: str, /, **values: Any) -> bool:
    """Change a record that is in `from_status`, in one conditional UPDATE: whether it was (so only one
    of two clicks wins; the row stays held until the caller commits or rolls back)."""
    statement = update(model).where(model.id == record_id, model.status == from_status).values(**values)
    return rows_changed(session, statement) == 1


def subject(announcement: Announcement) -> str:
    """An announcement as the audit trail names it."""
    return f"announcement #{announcement.id}: {announcement.title or announcement.body[:80]}"


def _text(record: Announcement | AnnouncementRevision) -> dict[str, Any]:
    return {"title": record.title, "body": record.body, "link": record.link_ref}


def mark_posted(
    session: Session,
    announcement: Announcement,
    channel_id: str,
    ts: str,
    now: datetime | None = None,
    by: str | None = None,
) -> None:
    """The post landed: remember where, so edits can update that message; recorded in the audit trail
    as posted by `by` (who pressed Post; the author when not given)."""
    now = now or utcnow()
    announcement.status = "posted"
    announcement.posted_at = announcement.updated_at = now
    announcement.channel_id = channel_id
    announcement.message_ts = ts
    session.flush()
    posted = {"status": ("draft", "posted"), "channel": (None, channel_id)}
    posted |= {name: (None, value) for name, value in _text(announcement).items() if value}
    audit.record(session, by or announcement.author_user_id, "announcement.posted", subject(announcement),
                 posted, at=now)  # fmt: skip


def back_to_draft(session: Session, announcement: Announcement) -> None:
    """Slack refused the post (nothing landed): a draft again, to post once the cause is fixed."""
    announcement.status = "draft"
    session.flush()


def cancel_draft(session: Session, announcement_id: int) -> bool:
    """Cancel a draft; False if it is not a draft any more."""
    return _move(session, Announcement, announcement_id, "draft", status="cancelled", updated_at=utcnow())


def posted_announcement(session: Session, announcement_id: int) -> Announcement:
    """A posted announcement; InputError naming what is wrong otherwise."""
    announcement = session.get(Announcement, announcement_id)
    if announcement is None:
        raise InputError(
            _("There is no announcement #{number}; `/announce list` shows them.", number=announcement_id)
        )
    if announcement.status != "posted" or not announcement.message_ts or not announcement.channel_id:
        raise InputError(
            _(
                "Announcement #{number} is {status}, not posted.",
                number=announcement_id,
                status=status_label(announcement.status),
            )
        )
    return announcement


def propose_revision(
    session: Session, announcement: Announcement, fields: DraftFields, author_user_id: str
) -> AnnouncementRevision:
    """Keep an edit of a posted announcement until its preview's Post (or Cancel) is pressed."""
    revision = AnnouncementRevision(
        announcement_id=announcement.id, **_written(fields), author_user_id=author_user_id, status="pending"
    )
    session.add(revision)
    session.flush()
    return revision


def revision(session: Session, revision_id: int) -> AnnouncementRevision | None:
    return session.get(AnnouncementRevision, revision_id)


def apply_revision(session: Session, revision_id: int, by: str | None = None) -> Announcement | None:
    """Apply a pending edit, once: the announcement as edited (the caller updates its Slack message),
    or None if the edit was applied or cancelled already. InputError if the announcement is not
    posted any more. The conditional UPDATE holds the row until the caller commits or rolls back.
    Recorded in the audit trail (before and after) as made by `by` (the edit's author if not given)."""
    now = utcnow()
    if not _move(session, AnnouncementRevision, revision_id, "pending", status="applied", decided_at=now):
        return None
    edit = session.get(AnnouncementRevision, revision_id, populate_existing=True)
    assert edit is not None
    announcement = posted_announcement(session, edit.announcement_id)
    before = _text(announcement)
    announcement.title, announcement.body = edit.title, edit.body
    announcement.link_kind, announcement.link_ref = edit.link_kind, edit.link_ref
    announcement.updated_at = now
    session.flush()
    changes = audit.differences(before, _text(announcement))
    audit.record(
        session, by or edit.author_user_id, "announcement.edited", subject(announcement), changes, at=now
    )
    return announcement


def cancel_revision(session: Session, revision_id: int) -> bool:
    """Drop a pending edit; False if it was applied or cancelled already."""
    return _move(
        session, AnnouncementRevision, revision_id, "pending", status="cancelled", decided_at=utcnow()
    )


def withdraw(session: Session, announcement_id: int, by: str) -> Announcement | None:
    """Withdraw a posted announcement, once: None if it is not posted (any more). The caller replaces
    its Slack message with a short note; the conditional UPDATE holds the row until it commits.
    Recorded in the audit trail as withdrawn by `by`."""
    now = utcnow()
    values = {"status": "withdrawn", "deleted_at": now, "updated_at": now}
    if not _move(session, Announcement, announcement_id, "posted", **values):
        return None
    announcement = session.get(Announcement, announcement_id, populate_existing=True)
    assert announcement is not None
    audit.record(session, by, "announcement.withdrawn", subject(announcement),
                 {"status": ("posted", "withdrawn")}, at=now)  # fmt: skip
    return announcement


def announcements_page(
    session: Session, page: int, everyone: bool, size: int = LIST_LIMIT
) -> tuple[list[Announcement], int, int]:
    """One page of announcements, latest first: for `everyone`, the posted ones; for the secretariat,
    every status. The announcements, how many there are, and the page shown (the last one when
    `page` is past the end)."""
    query = select(Announcement)
    if everyone:
        query = query.where(Announcement.status == "posted")
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, min(page, -(-total // size) or 1))
    order = (func.coalesce(Announcement.posted_at, Announcement.added_at).desc(), Announcement.id.desc())
    items = session.scalars(query.order_by(*order).limit(size).offset((page - 1) * size))
    return list(items), total, page


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
