"""The document library: describing a document, adding it (with its file, a link, or both), the
additions that wait for a file sent by DM, what can be shared, and the record of each share.

Who may add is the caller's question (Settings.is_secretariat). Nothing is half-recorded: a
document row is flushed before its file is moved into the store, so a duplicate fails first;
a `/docs add` waiting for its file is a PendingDocument, not a document, until the file comes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from bot.config import Settings
from bot.i18n import N_, _, figure
from bot.services import audit
from bot.services.search import symbol_key
from bot.text import InputError, clean, clean_multiline, fold, read_date
from storage.db import rows_changed
from storage.files import FileStore, IncomingFile, clean_file_name
from storage.models import (
    DOCUMENT_KINDS,
    Arrangement,
    Document,
    DocumentShare,
    PendingDocument,
    Programme,
    utcnow,
)

KIND_LABELS = {  # shown translated: _(KIND_LABELS[kind])
    "circular_letter": N_("Circular letter"),
    "resolution": N_("Resolution"),
    "committee_document": N_("Committee document"),
    "form": N_("Form"),
    "brochure": N_("Brochure"),
    "other": N_("Other"),
}
MAX_SYMBOL = 120
MAX_TITLE = 300
MAX_SUMMARY = 3000
MAX_URL = 1000
MAX_TAG = 40
MAX_TAGS = 20
MAX_LINKS = 50
# What is wrong with the programmes or arrangements a document is linked to (by field name).
TOO_MANY_LINKS = {
    "programmes": N_("Link up to {count} programmes."),
    "arrangements": N_("Link up to {count} arrangements."),
}
NOT_ON_RECORD = {
    "programmes": N_("No programme is on record as {shown}."),
    "arrangements": N_("No arrangement is on record as {shown}."),
}
PENDING_FOR = timedelta(hours=24)
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
LIST_SEPARATORS = re.compile(r"[,;\n]")
URL_UNSAFE = frozenset(" <>|\"'`")
DIGITS = re.compile(r"\d+")
WORD = re.compile(r"[^\W\d_]+")


class Availability(Enum):
    """What sharing a document can post: its file, its link, a file gone missing, or nothing."""

    FILE = "file"
    LINK = "link"
    MISSING = "missing"
    NONE = "none"


@dataclass(frozen=True)
class DocumentFields:
    """A checked description of a document (programmes by slug, arrangements by ref)."""

    symbol: str
    title: str
    kind: str
    issued_on: date | None = None
    languages: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = ""
    programmes: tuple[str, ...] = ()
    arrangements: tuple[str, ...] = ()
    url: str | None = None

    def as_raw(self) -> dict[str, Any]:
        """As check_fields takes it (and as a pending addition keeps it, in JSON)."""
        raw = asdict(self)
        raw["issued_on"] = self.issued_on.isoformat() if self.issued_on else ""
        return {name: list(value) if isinstance(value, tuple) else value for name, value in raw.items()}


def check_fields(
    session: Session, raw: Mapping[str, Any], existing: Document | None = None
) -> tuple[DocumentFields | None, dict[str, str]]:
    """Check a document's description; the fields, or a problem per field name.

    `existing` is the document being updated (by an import), whose own symbol is not a clash.
    Lists may be given as lists or as text separated by commas or semicolons.
    """
    problems: dict[str, str] = {}
    symbol = _symbol(session, clean(raw.get("symbol")), existing, problems)
    title = clean(raw.get("title"))
    if not title:
        problems["title"] = _("The title is empty.")
    elif len(title) > MAX_TITLE:
        problems["title"] = _(
            "The title is {length} characters; keep it to {limit}.",
            length=figure(len(title)),
            limit=MAX_TITLE,
        )
    kind = re.sub(r"[\s-]+", "_", fold(clean(raw.get("kind")))) or "other"
    if kind not in DOCUMENT_KINDS:
        kinds = ", ".join(k.replace("_", " ") for k in DOCUMENT_KINDS)  # as an import's file gives them
        problems["kind"] = _("The kind is one of: {kinds}.", kinds=kinds)
    issued_on = _date(raw.get("issued_on"), problems)
    languages = tuple(code.lower() for code in _items(raw.get("languages")))
    if any(not LANGUAGE.match(code) for code in languages):
        problems["languages"] = _("Languages are two- or three-letter codes such as en, fr, es.")
    tags = tuple(dict.fromkeys(tag.lower() for tag in _items(raw.get("tags"))))
    if len(tags) > MAX_TAGS or any(len(tag) > MAX_TAG for tag in tags):
        problems["tags"] = _(
            "Up to {count} tags of up to {limit} characters each.", count=MAX_TAGS, limit=MAX_TAG
        )
    summary = clean_multiline(raw.get("summary"))
    if len(summary) > MAX_SUMMARY:
        problems["summary"] = _(
            "The summary is {length} characters; keep it to {limit}.",
            length=figure(len(summary)),
            limit=figure(MAX_SUMMARY),
        )
    url = _url(clean(raw.get("url")), problems)
    programmes = _known(session, Programme.slug, _items(raw.get("programmes")), "programmes", problems)
    arrangements = _known(session, Arrangement.ref, _items(raw.get("arrangements")), "arrangements", problems)
    if problems:
        return None, problems
    fields = DocumentFields(
        symbol, title, kind, issued_on, languages, tags, summary, programmes, arrangements, url
    )
    return fields, {}


def _symbol(session: Session, symbol: str, existing: Document | None, problems: dict[str, str]) -> str:
    if not symbol or not symbol_key(symbol):
        problems["symbol"] = _("The symbol is empty (e.g. Circular Letter No.4004, TC 74/4(a)).")
    elif len(symbol) > MAX_SYMBOL:
        problems["symbol"] = _(
            "The symbol is {length} characters; keep it to {limit}.",
            length=figure(len(symbol)),
            limit=MAX_SYMBOL,
        )
    else:
        same = document_like(session, symbol)
        if same is not None and same is not existing:
            problems["symbol"] = (
                _("{symbol} is already in the library.", symbol=same.symbol)
                if same.symbol.lower() == symbol.lower()
                else _(
                    "That looks like {symbol}, already in the library; use that symbol.", symbol=same.symbol
                )
            )
    return symbol


def _items(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list | tuple) else LIST_SEPARATORS.split(str(value or ""))
    return tuple(dict.fromkeys(item for item in (clean(str(i)) for i in items) if item))


def _date(value: Any, problems: dict[str, str]) -> date | None:
    try:
        return read_date(value)
    except ValueError as error:
        problems["issued_on"] = f"{error}."
        return None


def safe_url(url: str) -> bool:
    """An http(s) web address, up to MAX_URL characters, with nothing that would break Slack's
    <url|label> markup: fit to be shown as a link."""
    parsed = urlparse(url)
    unsafe = any(ch in url for ch in URL_UNSAFE) or any(ord(ch) < 32 for ch in url)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and len(url) <= MAX_URL and not unsafe


def _url(url: str, problems: dict[str, str]) -> str | None:
    if not url:
        return None
    if not safe_url(url):
        problems["url"] = _(
            "A link is a web address starting with https://, up to {limit} characters.", limit=figure(MAX_URL)
        )
        return None
    return url


def _known(
    session: Session, column: Any, wanted: tuple[str, ...], name: str, problems: dict[str, str]
) -> tuple[str, ...]:
    if len(wanted) > MAX_LINKS:
        problems[name] = _(TOO_MANY_LINKS[name], count=MAX_LINKS)
        return ()
    found = set(session.scalars(select(column).where(column.in_(wanted)))) if wanted else set()
    unknown = [item for item in wanted if item not in found]
    if unknown:
        problems[name] = _(NOT_ON_RECORD[name], shown=", ".join(item[:40] for item in unknown[:5]))
    return wanted


def file_store(settings: Settings) -> FileStore:
    """The library's files: DOCUMENTS_DIR, each at most MAX_DOCUMENT_MB."""
    return FileStore(settings.documents_dir, settings.max_document_bytes)


def document_like(session: Session, symbol: str) -> Document | None:
    """The document with this symbol, or with one that differs only in case, spacing or punctuation."""
    exact = session.scalars(select(Document).where(func.lower(Document.symbol) == symbol.lower())).first()
    if exact is not None:
        return exact
    # Symbols alike share their longest number (else their longest word): only those are compared.
    anchor = max(DIGITS.findall(symbol), key=len, default="") or max(
        WORD.findall(fold(symbol)), key=len, default=""
    )
    key = symbol_key(symbol)
    candidates = session.scalars(select(Document).where(func.lower(Document.symbol).contains(anchor)))
    return next((d for d in candidates if symbol_key(d.symbol) == key), None)


def fillable(session: Session, symbol: str) -> Document | None:
    """The document with this symbol if it holds neither a file nor a link (as the seeded ones do):
    `/docs add` may complete it rather than refuse its symbol."""
    found = document_like(session, symbol) if symbol else None
    return found if found is not None and not found.stored_name and not found.url else None


def document(session: Session, document_id: int) -> Document | None:
    """A document with its linked programmes and arrangements."""
    return session.scalars(
        select(Document)
        .where(Document.id == document_id)
        .options(selectinload(Document.programmes), selectinload(Document.arrangements))
    ).one_or_none()


def document_with_checksum(session: Session, checksum: str) -> Document | None:
    return session.scalars(select(Document).where(Document.checksum == checksum)).one_or_none()


def latest_documents(session: Session, limit: int = 5) -> list[Document]:
    """The documents added last, newest first."""
    return list(
        session.scalars(select(Document).order_by(Document.added_at.desc(), Document.id.desc()).limit(limit))
    )


def availability(document: Document, store: FileStore) -> Availability:
    if document.stored_name:
        return Availability.FILE if store.path_of(document.stored_name) else Availability.MISSING
    return Availability.LINK if document.url else Availability.NONE


def add_document(
    session: Session,
    fields: DocumentFields,
    added_by: str,
    store: FileStore | None = None,
    incoming: IncomingFile | None = None,
    original_name: str | None = None,
) -> Document:
    """Add a document, with its file when one is given; the caller commits.

    A symbol or file already in the library is refused (InputError) before anything changes, and
    the unused file is dropped; the row is flushed before the file is moved into the store.
    """
    try:
        if document_like(session, fields.symbol) is not None:
            raise InputError(
                _("{symbol} is already in the library; nothing was added.", symbol=fields.symbol)
            )
        if incoming is not None:
            _refuse_known_file(session, incoming, None)
        document = Document(symbol=fields.symbol, added_by=added_by, origin="secretariat")
        _describe(session, document, fields)
        session.add(document)
        if incoming is not None and store is not None:
            _attach(session, store, document, incoming, original_name)
        session.flush()
    except BaseException:
        if incoming is not None and store is not None:
            store.discard(incoming)
        raise
    changes = audit.differences({}, {k: v for k, v in _audited(document).items() if v})
    audit.record(session, added_by, "document.added", f"document {document.symbol}", changes)
    return document


def _audited(document: Document) -> dict[str, Any]:
    """What the audit trail keeps of a document: its description and what the library holds."""
    return {
        "title": document.title,
        "kind": document.kind,
        "issued_on": document.issued_on.isoformat() if document.issued_on else None,
        "languages": ", ".join(document.languages),
        "tags": ", ".join(document.tags),
        "summary": document.summary,
        "link": document.url,
        "file": f"{document.original_name} ({document.checksum[:12]})" if document.checksum else None,
        "programmes": ", ".join(sorted(p.slug for p in document.programmes)),
        "arrangements": ", ".join(sorted(a.ref for a in document.arrangements)),
    }


def update_document(
    session: Session,
    document: Document,
    fields: DocumentFields,
    store: FileStore | None = None,
    incoming: IncomingFile | None = None,
    original_name: str | None = None,
    *,
    by: str,
) -> str | None:
    """Bring a document in line with `fields` (and a new file), marking it edited if anything changed.

    Returns "updated" or None when nothing differed. An empty url or no file leaves what the
    document has. A replaced file stays on disk (see unreferenced_files). The change is recorded in
    the audit trail as made by `by`: completed (a record holding neither file nor link got one),
    replaced (its file or link changed) or edited.
    """
    before = _audited(document)
    if incoming is not None and store is not None:
        try:
            _refuse_known_file(session, incoming, document)
        except InputError:
            store.discard(incoming)
            raise
    changed = _describe(session, document, fields)
    if incoming is not None and store is not None:
        if incoming.checksum == document.checksum:
            store.discard(incoming)
        else:
            _attach(session, store, document, incoming, original_name)
            changed = True
    if not changed:
        return None
    document.edited_at = utcnow()
    session.flush()
    after = _audited(document)
    held = ("file", "link")
    if not any(before[name] for name in held) and any(after[name] for name in held):
        action = "document.completed"
    elif any(before[name] != after[name] for name in held):
        action = "document.replaced"
    else:
        action = "document.edited"
    audit.record(session, by, action, f"document {document.symbol}", audit.differences(before, after))
    return "updated"


def _describe(session: Session, document: Document, fields: DocumentFields) -> bool:
    """Set the described fields that differ; whether any did."""
    wanted: dict[str, Any] = {
        "title": fields.title,
        "kind": fields.kind,
        "issued_on": fields.issued_on,
        "languages": list(fields.languages),
        "tags": list(fields.tags),
        "summary": fields.summary,
    }
    if fields.url:
        wanted["url"] = fields.url
        if document.url != fields.url:
            document.file_updated_at = utcnow()  # a new link is news in the digest
    changed = False
    for name, value in wanted.items():
        if getattr(document, name) != value:
            setattr(document, name, value)
            changed = True
    programmes = list(session.scalars(select(Programme).where(Programme.slug.in_(fields.programmes))))
    arrangements = list(session.scalars(select(Arrangement).where(Arrangement.ref.in_(fields.arrangements))))
    if {p.id for p in document.programmes} != {p.id for p in programmes}:
        document.programmes = programmes
        changed = True
    if {a.id for a in document.arrangements} != {a.id for a in arrangements}:
        document.arrangements = arrangements
        changed = True
    return changed


def _attach(
    session: Session, store: FileStore, document: Document, incoming: IncomingFile, original_name: str | None
) -> None:
    """Give the document this file (already checked to be new): flushed, then moved into place."""
    fallback = (
        f"{re.sub(r'[^A-Za-z0-9]+', '-', document.symbol).strip('-') or 'document'}.{incoming.type.extension}"
    )
    document.stored_name = incoming.stored_name
    document.original_name = clean_file_name(original_name, fallback)
    document.mime_type = incoming.type.mime
    document.size_bytes = incoming.size
    document.checksum = incoming.checksum
    document.file_updated_at = utcnow()  # a new file is news in the digest
    session.flush()
    store.keep(incoming)


def _refuse_known_file(session: Session, incoming: IncomingFile, document: Document | None) -> None:
    same = document_with_checksum(session, incoming.checksum)
    if same is not None and same is not document:
        raise InputError(
            _("That file is already in the library as {symbol}; nothing was added.", symbol=same.symbol)
        )


def unreferenced_files(session: Session, stored_names: Iterable[str]) -> list[str]:
    """Which of these stored files no document refers to any more (safe to remove once committed)."""
    names = set(stored_names)
    used = set(session.scalars(select(Document.stored_name).where(Document.stored_name.in_(names))))
    return sorted(names - used)


def start_pending(
    session: Session, user_id: str, fields: DocumentFields, now: datetime | None = None
) -> PendingDocument:
    """Keep a described document until its file comes by DM (replacing this user's earlier one)."""
    now = now or utcnow()
    session.execute(delete(PendingDocument).where(PendingDocument.user_id == user_id))
    pending = PendingDocument(
        user_id=user_id, fields=fields.as_raw(), created_at=now, expires_at=now + PENDING_FOR
    )
    session.add(pending)
    session.flush()
    return pending


def pending_for(session: Session, user_id: str, now: datetime | None = None) -> PendingDocument | None:
    """This user's addition waiting for a file, unless it has lapsed."""
    return session.scalars(
        select(PendingDocument).where(
            PendingDocument.user_id == user_id, PendingDocument.expires_at > (now or utcnow())
        )
    ).one_or_none()


def cancel_pending(session: Session, user_id: str) -> str | None:
    """Drop this user's waiting addition; the symbol it was for, or None if there was none."""
    pending = pending_for(session, user_id)
    if pending is None:
        return None
    session.delete(pending)
    session.flush()
    return str(pending.fields.get("symbol", ""))


def complete_pending(
    session: Session,
    pending: PendingDocument,
    fields: DocumentFields,
    store: FileStore,
    incoming: IncomingFile,
    original_name: str | None,
    target: Document | None = None,
) -> Document:
    """Add the waiting document (`fields`: its description, checked again) with the file that came,
    or complete `target`, a record that held neither file nor link (see fillable).

    The waiting row is claimed by a conditional DELETE, so a repeated event adds nothing twice.
    InputError if it was claimed already or the file is already in the library: the caller's
    rollback then keeps it waiting for another file.
    """
    claimed = rows_changed(session, delete(PendingDocument).where(PendingDocument.id == pending.id))
    if claimed != 1:
        store.discard(incoming)
        raise InputError(_("That document was already added; nothing more to do."))
    if target is None:
        return add_document(session, fields, pending.user_id, store, incoming, original_name)
    update_document(session, target, fields, store, incoming, original_name, by=pending.user_id)
    return target


def record_share(
    session: Session,
    document_id: int,
    user_id: str,
    channel_id: str,
    slack_file_id: str | None = None,
    message_ts: str | None = None,
) -> DocumentShare:
    """Remember that a document was shared (once Slack has accepted it)."""
    share = DocumentShare(
        document_id=document_id,
        user_id=user_id,
        channel_id=channel_id,
        slack_file_id=slack_file_id,
        message_ts=message_ts,
    )
    session.add(share)
    session.flush()
    return share


def share_count(session: Session, document_id: int) -> int:
    return session.scalar(select(func.count()).where(DocumentShare.document_id == document_id)) or 0
