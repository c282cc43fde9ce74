"""The data model: every table the bot keeps, in SQLAlchemy 2.0 style.

The schema itself changes only through Alembic migrations (storage/migrations); these
classes describe it for queries. Times are stored in UTC and come back timezone-aware.
Lists of short codes (SDGs, support kinds, tags, languages) are stored as ",a,b,"
strings so that one portable LIKE finds a code on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    type_coerce,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

NATURES = ("loa", "mou", "ipa")


def N_(message: str) -> str:
    """Marks a label for the message catalogs (bot/locale); the views translate it where shown."""
    return message


NATURE_LABELS = {
    "loa": N_("Letter of agreement"),
    "mou": N_("MoU / framework agreement"),
    "ipa": N_("Implementing partner agreement"),
}
SUPPORT_KINDS = {
    "financial": N_("financial support"),
    "cash_supplement": N_("cash supplements not accounted through IMO"),
    "no_fee_experts": N_("no-fee experts"),
    "hosting_events": N_("hosting of technical assistance events"),
    "regional_presence": N_("IMO regional presence"),
    "activity_centre": N_("activity or response centre"),
}
SCOPES = ("global", "regional")
DOCUMENT_KINDS = ("circular_letter", "resolution", "committee_document", "form", "brochure", "other")


def utcnow() -> datetime:
    return datetime.now(UTC)


def person_key(name: str) -> str:
    """A person's name as the NKPO directory compares it: case and spacing do not matter."""
    return " ".join(name.casefold().split())


def _person_key_default(context: Any) -> str:
    return person_key(str(context.get_current_parameters().get("person_name") or ""))


class UTCDateTime(TypeDecorator[datetime]):
    """A naive UTC timestamp in the database, an aware UTC datetime in Python."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class CodeList(TypeDecorator[list[str]]):
    """A list of short codes stored as ',a,b,' (empty list: '')."""

    impl = String(500)
    cache_ok = True

    def process_bind_param(self, value: list[Any] | None, dialect: Dialect) -> str:
        codes = [str(code).strip() for code in (value or []) if str(code).strip()]
        for code in codes:
            if "," in code:
                raise ValueError(f"a code may not contain a comma: {code!r}")
        return "," + ",".join(codes) + "," if codes else ""

    def process_result_value(self, value: str | None, dialect: Dialect) -> list[str]:
        return [code for code in (value or "").split(",") if code]


def has_code(column: Any, code: str | int) -> ColumnElement[bool]:
    """SQL condition: the CodeList column holds `code`."""
    return type_coerce(column, String).like(f"%,{code},%")


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {datetime: UTCDateTime(), list[str]: CodeList(), date: Date()}


class Partner(Base):
    """An organization IMO has an arrangement with: a Government, UN agency, IFI, NGO, ..."""

    __tablename__ = "partners"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="other")
    country: Mapped[str | None] = mapped_column(String(100))
    is_sample: Mapped[bool] = mapped_column(default=False)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    arrangements: Mapped[list[Arrangement]] = relationship(back_populates="partner")


class Programme(Base):
    """An ITCP programme or topic: global or regional, with its objectives and funding."""

    __tablename__ = "programmes"
    __table_args__ = (CheckConstraint("scope in ('global', 'regional')", name="scope"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(10))
    region: Mapped[str | None] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    funding_partner: Mapped[str | None] = mapped_column(String(200))
    sdgs: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20), default="ongoing")
    period: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str | None] = mapped_column(String(200))
    # Its name, summary, objectives and region in French and Spanish: {"fr": {...}, "es": {...}}.
    translations: Mapped[dict[str, dict[str, Any]]] = mapped_column(JSON, default=dict, server_default="{}")
    origin: Mapped[str] = mapped_column(String(20), default="secretariat")
    edited_at: Mapped[datetime | None]
    added_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    arrangements: Mapped[list[Arrangement]] = relationship(back_populates="programme")


class Arrangement(Base):
    """A partnership arrangement: letter of agreement, MoU/framework agreement or IPA."""

    __tablename__ = "arrangements"
    __table_args__ = (CheckConstraint("nature in ('loa', 'mou', 'ipa')", name="nature"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    nature: Mapped[str] = mapped_column(String(3), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id"), index=True)
    member_state: Mapped[str | None] = mapped_column(String(100))
    support_kinds: Mapped[list[str]] = mapped_column(default=list)
    sdgs: Mapped[list[str]] = mapped_column(default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    signed_on: Mapped[date | None] = mapped_column(index=True)
    ends_on: Mapped[date | None]
    is_sample: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str | None] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    partner: Mapped[Partner] = relationship(back_populates="arrangements")
    programme: Mapped[Programme | None] = relationship(back_populates="arrangements")


document_programmes = Table(
    "document_programmes",
    Base.metadata,
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("programme_id", ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
)

document_arrangements = Table(
    "document_arrangements",
    Base.metadata,
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("arrangement_id", ForeignKey("arrangements.id", ondelete="CASCADE"), primary_key=True),
)


class Document(Base):
    """A document in the library: a stored file under DOCUMENTS_DIR, an external URL, or metadata only."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    symbol: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30), default="other")
    issued_on: Mapped[date | None]
    languages: Mapped[list[str]] = mapped_column(default=list)
    tags: Mapped[list[str]] = mapped_column(default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    stored_name: Mapped[str | None] = mapped_column(String(100))
    original_name: Mapped[str | None] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(String(1000))
    mime_type: Mapped[str | None] = mapped_column(String(120))
    size_bytes: Mapped[int | None]
    checksum: Mapped[str | None] = mapped_column(String(64), unique=True)
    added_by: Mapped[str | None] = mapped_column(String(40))
    # Its title and summary in French and Spanish: {"fr": {...}, "es": {...}}.
    translations: Mapped[dict[str, dict[str, Any]]] = mapped_column(JSON, default=dict, server_default="{}")
    origin: Mapped[str] = mapped_column(String(20), default="secretariat")
    edited_at: Mapped[datetime | None]
    # When the library last came to hold a new file or link for it (the digest calls it updated).
    file_updated_at: Mapped[datetime | None]
    added_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    programmes: Mapped[list[Programme]] = relationship(secondary=document_programmes)
    arrangements: Mapped[list[Arrangement]] = relationship(secondary=document_arrangements)


class DocumentShare(Base):
    """A record of a document shared into a channel, and by whom."""

    __tablename__ = "document_shares"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(40))
    channel_id: Mapped[str] = mapped_column(String(40))
    slack_file_id: Mapped[str | None] = mapped_column(String(40))
    message_ts: Mapped[str | None] = mapped_column(String(40))
    shared_at: Mapped[datetime] = mapped_column(default=utcnow)


class PendingDocument(Base):
    """A document the secretariat described in `/docs add` whose file is still to come by DM.

    It is not in the library: the Document row is made, with its file, only when the file
    arrives and passes the checks. One per user; a newer form replaces it; it lapses at expires_at.
    """

    __tablename__ = "pending_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(40), unique=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class Nkpo(Base):
    """A member state's National Knowledge Partnership Officer, active or retired.

    `member_state` is the country's name as the bot shows it (bot.services.nkpo.resolve_country)
    and, with `person_key` (the folded name), the natural key: a state may have more than one.
    Retired NKPOs stay for the record (and their history) but are not "on record" any more.
    """

    __tablename__ = "nkpos"
    __table_args__ = (
        UniqueConstraint("member_state", "person_key", name="uq_nkpos_member_state_person"),
        CheckConstraint("status in ('active', 'retired')", name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    member_state: Mapped[str] = mapped_column(String(100))
    iso2: Mapped[str | None] = mapped_column(String(2))
    iso3: Mapped[str | None] = mapped_column(String(3), index=True)
    person_name: Mapped[str] = mapped_column(String(200))
    person_key: Mapped[str] = mapped_column(String(200), default=_person_key_default)
    position: Mapped[str | None] = mapped_column(String(200))
    ministry: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    slack_user_id: Mapped[str | None] = mapped_column(String(40))
    designated_on: Mapped[date | None]
    source: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="active")
    is_sample: Mapped[bool] = mapped_column(default=False)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class NkpoChange(Base):
    """One change to the NKPO directory: what changed (field -> [before, after]), who made it, when."""

    __tablename__ = "nkpo_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    nkpo_id: Mapped[int] = mapped_column(ForeignKey("nkpos.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # added | edited | retired | reinstated
    changed_by: Mapped[str] = mapped_column(String(40))  # a Slack user id, or "import"
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(String(300), default="")


class NkpoRegistration(Base):
    """A user's request to be recorded as their country's NKPO, until the secretariat decides.

    Nothing is in the directory until it is confirmed; `notices` are the secretariat's DMs
    ([channel, ts]) that carry the Confirm / Decline buttons, updated once it is decided.
    """

    __tablename__ = "nkpo_registrations"
    __table_args__ = (CheckConstraint("status in ('pending', 'confirmed', 'declined')", name="status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(40), index=True)
    member_state: Mapped[str] = mapped_column(String(100))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(40))
    decided_at: Mapped[datetime | None]
    nkpo_id: Mapped[int | None] = mapped_column(ForeignKey("nkpos.id", ondelete="SET NULL"))
    notices: Mapped[list[Any]] = mapped_column(JSON, default=list)


class PartnershipSnapshot(Base):
    """A dated, sourced count of arrangements in force (e.g. 158 as at December 2023).

    It is a published figure, not a sum over imported rows: imports never change it.
    """

    __tablename__ = "partnership_snapshots"
    __table_args__ = (
        UniqueConstraint("as_at", "source", name="as_at_source"),
        CheckConstraint("total = loa_count + mou_count + ipa_count", name="total_adds_up"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    as_at: Mapped[date]
    as_at_label: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(120))
    loa_count: Mapped[int]
    mou_count: Mapped[int]
    ipa_count: Mapped[int]
    total: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(20), default="secretariat")
    edited_at: Mapped[datetime | None]


class AnswerCard(Base):
    """A short, sourced answer to a common question, with the phrasings it answers."""

    __tablename__ = "answer_cards"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    topic: Mapped[str] = mapped_column(String(200))
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    answer: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    as_at_label: Mapped[str | None] = mapped_column(String(40))
    link_kind: Mapped[str | None] = mapped_column(String(20))
    link_ref: Mapped[str | None] = mapped_column(String(120))
    keywords: Mapped[str] = mapped_column(Text, default="")
    # What the card answers besides what its topic is (count, amount, date, place, who, process,
    # find): a question asking for one of these is answered only by a card that provides it.
    provides: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # Its published figures by label, e.g. {"global": 16, "regional": 8, "budget": 13000000}.
    figures: Mapped[dict[str, float]] = mapped_column(JSON, default=dict, server_default="{}")
    # The card's topic, answer, questions and keywords in French and Spanish: {"fr": {...}, "es": {...}}.
    translations: Mapped[dict[str, dict[str, Any]]] = mapped_column(JSON, default=dict, server_default="{}")
    origin: Mapped[str] = mapped_column(String(20), default="secretariat")
    edited_at: Mapped[datetime | None]
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class Announcement(Base):
    """A secretariat announcement and the Slack message that carries it."""

    __tablename__ = "announcements"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(150), default="")
    body: Mapped[str] = mapped_column(Text)
    link_kind: Mapped[str | None] = mapped_column(String(20))
    link_ref: Mapped[str | None] = mapped_column(String(120))
    author_user_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    channel_id: Mapped[str | None] = mapped_column(String(40))
    message_ts: Mapped[str | None] = mapped_column(String(40))
    added_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    posted_at: Mapped[datetime | None] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None]


class AnnouncementRevision(Base):
    """An edit of a posted announcement, previewed before it reaches the channel.

    It is applied once (a conditional UPDATE from pending), or cancelled; either way it stays
    as the record of what was proposed, by whom and when.
    """

    __tablename__ = "announcement_revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(
        ForeignKey("announcements.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(150), default="")
    body: Mapped[str] = mapped_column(Text)
    link_kind: Mapped[str | None] = mapped_column(String(20))
    link_ref: Mapped[str | None] = mapped_column(String(120))
    author_user_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | applied | cancelled
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]


class DigestSubscription(Base):
    """A user who gets the weekly digest by direct message."""

    __tablename__ = "digest_subscriptions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(40), unique=True)
    dm_channel_id: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(default=True)
    subscribed_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DigestRun(Base):
    """One run of a timed message, claimed once: the unique period key is what makes it happen once.

    kind: "digest" (the weekly digest, keyed by its period), "reminders" (arrangements ending soon,
    a key of its own per run; reminder_claims say which arrangements it carries) or "usage" (the
    weekly usage report to the secretariat, keyed by the digest period).
    """

    __tablename__ = "digest_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="digest", server_default="digest")
    period_key: Mapped[str] = mapped_column(String(40), unique=True)
    period_start: Mapped[datetime]
    period_end: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default="claimed")
    claimed_by: Mapped[str] = mapped_column(String(120))
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    deliveries: Mapped[list[DigestDelivery]] = relationship(back_populates="run")


class DigestDelivery(Base):
    """One recipient's copy of one digest run: sent at most once, retried until it is."""

    __tablename__ = "digest_deliveries"
    __table_args__ = (UniqueConstraint("run_id", "recipient", name="run_recipient"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("digest_runs.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    parts_sent: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    message_ts: Mapped[str | None] = mapped_column(String(40))
    sent_at: Mapped[datetime | None]

    run: Mapped[DigestRun] = relationship(back_populates="deliveries")


class Question(Base):
    """A question asked of the bot, and whether it could answer it."""

    __tablename__ = "questions"
    __table_args__ = (Index("ix_questions_answered_asked_at", "answered", "asked_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # The random key its answer's 👍 / 👎 buttons carry (the row is written after the ack).
    ref: Mapped[str | None] = mapped_column(String(32), unique=True, index=True)
    user_id: Mapped[str] = mapped_column(String(40))
    channel_id: Mapped[str | None] = mapped_column(String(40))
    via: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    answered: Mapped[bool] = mapped_column(default=False)
    matched: Mapped[str | None] = mapped_column(String(120))
    score: Mapped[float | None]
    # Why it was declined: missing_year, breakdown, person, advice, prediction, unpublished, unsure...
    reason: Mapped[str | None] = mapped_column(String(30))
    # The slug of the answer card the secretariat wrote for it (from `/ask unanswered`).
    resolved_by: Mapped[str | None] = mapped_column(String(80))
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnswerFeedback(Base):
    """A user's 👍 (+1) or 👎 (-1) on an answer (the question it answered); the latest vote is kept."""

    __tablename__ = "answer_feedback"
    __table_args__ = (UniqueConstraint("question_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(40))
    vote: Mapped[int]
    voted_at: Mapped[datetime] = mapped_column(default=utcnow)


class SlackEvent(Base):
    """Event ids already handled, so that a retried Slack event is answered once."""

    __tablename__ = "slack_events"
    event_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class SlackPost(Base):
    """A post the bot makes at most once, by key (e.g. "announcement:12"): its attempts and where it landed.

    status: sending (an attempt is under way, or its process died), posted (ts is the message),
    failed (Slack refused: nothing landed) or unknown (Slack did not answer and the message was
    not found in the channel's history yet).
    """

    __tablename__ = "slack_posts"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(default=0)
    first_attempt_at: Mapped[datetime]
    last_attempt_at: Mapped[datetime] = mapped_column(index=True)
    ts: Mapped[str | None] = mapped_column(String(40))
    problem: Mapped[str | None] = mapped_column(String(300))


class UserLanguage(Base):
    """A user's language: the locale Slack gave (users.info, refreshed after LOCALE_TTL or on
    user_change) and the one they chose in the App Home, which wins when set."""

    __tablename__ = "user_languages"
    user_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    slack_locale: Mapped[str | None] = mapped_column(String(20))
    fetched_at: Mapped[datetime | None] = mapped_column()
    chosen: Mapped[str | None] = mapped_column(String(2))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class YammerGroup(Base):
    """A group of the old Yammer (Viva Engage) network whose messages were imported."""

    __tablename__ = "yammer_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class YammerUser(Base):
    """Someone who wrote, was mentioned in or uploaded to the imported history: a name, and the Slack
    user it maps to (found by e-mail through users.lookupByEmail; the address itself is not kept)."""

    __tablename__ = "yammer_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name folded (lower case, no accents) for `from:` look-ups.
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    slack_user_id: Mapped[str | None] = mapped_column(String(40), index=True)
    looked_up_at: Mapped[datetime | None]


class YammerThread(Base):
    """A conversation of the imported history: its first message and the replies (yammer_messages)."""

    __tablename__ = "yammer_threads"
    id: Mapped[int] = mapped_column(primary_key=True)
    # The export's thread_id: the id of the message that started it.
    export_id: Mapped[str] = mapped_column(String(40), unique=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("yammer_groups.id"), index=True)
    # Made from the first words of its first message.
    title: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(index=True)

    group: Mapped[YammerGroup | None] = relationship()


class YammerMessage(Base):
    """One message of the imported history (deleted and private ones are never imported).

    `body` is the text as written, made plain (HTML entities and tags read), with mentions left as
    `[[user:<id>]]` for the views to name; `search_text` is what the full-text index reads (names for
    mentions, link cards' titles and descriptions, attached files' names); links are the message's
    link cards, files the export ids of its attached files (yammer_files).
    """

    __tablename__ = "yammer_messages"
    __table_args__ = (
        Index("ix_yammer_messages_thread_created", "thread_id", "created_at"),
        Index("ix_yammer_messages_author_created", "author_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[str] = mapped_column(String(40), unique=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("yammer_threads.id", ondelete="CASCADE"))
    is_starter: Mapped[bool] = mapped_column(default=False)
    replied_to: Mapped[str | None] = mapped_column(String(40))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("yammer_users.id"))
    body: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    links: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    files: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(index=True)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    thread: Mapped[YammerThread] = relationship()
    author: Mapped[YammerUser | None] = relationship()


class YammerFile(Base):
    """A file attached in the imported history, and the library document it became (if it could).

    status: stored (document_id is the library's copy), missing (named in Files.csv but not in the
    export: kept in SharePoint, or the export made without attachments) or refused (`problem` says
    why: its type, its size...). Only `stored` is final: a later export is tried again for the rest.
    """

    __tablename__ = "yammer_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("yammer_users.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20))
    problem: Mapped[str | None] = mapped_column(String(300))

    uploader: Mapped[YammerUser | None] = relationship()


class ReminderClaim(Base):
    """An arrangement reminded once at a threshold (days before its end date), by one run.

    Unique by arrangement, end date and threshold: inserting the claims with their run is what makes
    each reminder go out once; an end date changed later gets claims (and reminders) of its own.
    """

    __tablename__ = "reminder_claims"
    __table_args__ = (
        UniqueConstraint("arrangement_id", "ends_on", "threshold", name="uq_reminder_claims_once"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    arrangement_id: Mapped[int] = mapped_column(ForeignKey("arrangements.id", ondelete="CASCADE"))
    ends_on: Mapped[date]
    threshold: Mapped[int]
    run_id: Mapped[int] = mapped_column(ForeignKey("digest_runs.id", ondelete="CASCADE"), index=True)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """One privileged action: who (a Slack user id, or import / clock / cli), when, what, and each
    changed value as field -> [before, after] (a count or a new value: [None, after]).

    Written by the service that makes the change, in the same transaction; nothing in the bot
    updates or deletes a row. The NKPO directory's own record (nkpo_changes) is read with it.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(40))  # e.g. announcement.posted, import.arrangements
    subject: Mapped[str] = mapped_column(String(200))  # what it was done to, in words
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CommandUse(Base):
    """A slash command typed (in Slack or the console), for the usage report: which, how, when;
    not who."""

    __tablename__ = "command_uses"
    id: Mapped[int] = mapped_column(primary_key=True)
    command: Mapped[str] = mapped_column(String(40))
    via: Mapped[str] = mapped_column(String(20))
    used_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class DataVersion(Base):
    """One row whose `version` changes whenever a table of knowledge changes (migration 0012's
    triggers, in the writing transaction): what a process caches from those tables is keyed by it."""

    __tablename__ = "data_version"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
