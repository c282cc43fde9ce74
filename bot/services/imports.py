"""Import records from CSV: `python -m bot import arrangements FILE.csv`, `import documents DIR` and
`import nkpos FILE.csv`.

Rows are keyed (arrangements by `ref`, documents by `symbol`): a new key is inserted, a known one
updated only where it differs, so importing the same file twice changes nothing. A bad row is
reported with its line number and every reason, and the good rows are kept. Files may be UTF-8
(with or without BOM) or Windows-1252, with `,`, `;` or tabs between columns (Excel's "CSV" in
French or Spanish settings); the report says how the file was read. Partners are found by
exact name or created. Document files named in DIR/documents.csv are checked and copied into the
file store. The search index follows by itself (database triggers).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, TextIO, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services import audit, documents, nkpo_directory
from bot.services.audit import IMPORT
from bot.services.search import concept_of
from bot.text import InputError, clean, fold, read_date
from storage.files import FileRefused, FileStore, read_chunks, source_path
from storage.models import NATURES, SUPPORT_KINDS, Arrangement, Document, Partner, Programme, person_key

REQUIRED = ("ref", "title", "nature", "partner")
OPTIONAL = (
    "partner_kind", "partner_country", "member_state", "programme", "signed_on", "ends_on",
    "support_kinds", "sdgs", "summary", "source", "is_sample",
)  # fmt: skip
COLUMNS = REQUIRED + OPTIONAL
PARTNER_KINDS = ("government", "un_agency", "ifi", "ngo", "igo", "private_sector", "donor_agency", "other")
LIMITS = {"ref": 80, "title": 300, "partner": 200, "partner_country": 100, "member_state": 100, "source": 200}
TRUE, FALSE = ("true", "yes", "y", "1"), ("false", "no", "n", "0", "")
# Fields of an arrangement that an import sets (and compares, to leave unchanged rows alone).
FIELDS = (
    "title", "nature", "partner_id", "programme_id", "member_state", "support_kinds", "sdgs", "summary",
    "signed_on", "ends_on", "is_sample", "source",
)  # fmt: skip

Progress = Callable[[int, int], None]
Report = TypeVar("Report", bound="ImportReport")


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (unreadable, or its header is wrong)."""


class RowError(ValueError):
    """One row cannot be imported; the message says why."""


@dataclass
class ImportReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    # How the file was read: its encoding and the character between its columns.
    encoding: str = "UTF-8"
    delimiter: str = ","
    # Rows kept with a remark (e.g. an e-mail address no Slack user has), by line.
    notes: list[tuple[int, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.errors)} rejected"
        )

    @property
    def read_as(self) -> str:
        return f"read as {self.encoding}, columns separated by {self.delimiter!r}"


def import_arrangements(session: Session, path: Path, progress: Progress | None = None) -> ImportReport:
    """Load the CSV at `path` (header row, columns as in COLUMNS) into arrangements."""
    report = _read_csv(path, lambda source, total: _import(session, source, total, progress))
    return _audited("arrangements", session, path, report)


def _audited(kind: str, session: Session, path: Path, report: Report) -> Report:
    """Record the import run with its counts in the audit trail (committed with what it imported)."""
    numbers = audit.counts(
        inserted=report.inserted,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=len(report.errors),
    )
    audit.record(session, IMPORT, f"import.{kind}", f"{kind} from {path.name}", numbers)
    return report


DELIMITERS = (",", ";", "\t")


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with: UTF-8 (with or without a byte
    order mark), else Windows-1252, which Excel uses in French and Spanish settings. ImportFileError
    for what is not a text file (NUL bytes: UTF-16 or binary) or not in either encoding."""
    if b"\x00" in data:
        raise ImportFileError("it is not a text file in UTF-8 or Windows-1252 (save it as CSV UTF-8)")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8 with BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"it cannot be read as UTF-8 or Windows-1252 (byte {error.object[error.start]:#x} at "
            f"position {error.start}); save it as CSV UTF-8"
        ) from None


def sniff_delimiter(text: str) -> str:
    """The column separator of a CSV file, read from its header: `,`, `;` (Excel in French or
    Spanish settings) or a tab, whichever it holds most of (`,` when none)."""
    header = text.split("\n", 1)[0]
    return max(DELIMITERS, key=lambda delimiter: (header.count(delimiter), delimiter == ","))


def _read_csv(path: Path, load: Callable[[CsvText, int], Report]) -> Report:
    """Read a CSV file (UTF-8 or Windows-1252; `,`, `;` or tab between columns), count its data
    rows, and hand it to `load`; the report says how the file was read."""
    try:
        text, encoding = decode_csv(path.read_bytes())
    except OSError as error:
        raise ImportFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    except ImportFileError as error:
        raise ImportFileError(f"{path}: {error}") from None
    delimiter = sniff_delimiter(text)
    try:
        total = sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)) - 1
        report = load(CsvText(text, delimiter), max(total, 0))
    except csv.Error as error:
        raise ImportFileError(f"{path}: cannot be read as a CSV file ({error})") from None
    report.encoding, report.delimiter = encoding, delimiter
    return report


@dataclass(frozen=True)
class CsvText:
    """A CSV file's decoded text and the character found between its columns."""

    text: str
    delimiter: str


def _reader(source: CsvText, required: tuple[str, ...], columns: tuple[str, ...]) -> csv.DictReader[str]:
    return checked_reader(io.StringIO(source.text, newline=""), required, columns, delimiter=source.delimiter)


def checked_reader(
    handle: TextIO,
    required: tuple[str, ...],
    columns: tuple[str, ...],
    ignore_unknown: bool = False,
    delimiter: str = ",",
) -> csv.DictReader[str]:
    """A reader on the rows, its header checked (lower-cased): ImportFileError if a column is missing,
    given twice, or (unless `ignore_unknown`, as for an export made by another system) unknown."""
    reader = csv.DictReader(handle, delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    unknown = [] if ignore_unknown else [name for name in header if name not in columns]
    repeated = sorted(name for name, times in Counter(header).items() if times > 1 and name in columns)
    if missing or unknown or repeated:
        problems = [f"missing column(s) {', '.join(missing)}"] if missing else []
        problems += [f"unknown column(s) {_some(unknown)}"] if unknown else []
        problems += [f"column(s) given more than once: {_some(repeated)}"] if repeated else []
        raise ImportFileError(f"{'; '.join(problems)}. The columns are: {', '.join(columns)}.")
    reader.fieldnames = header
    return reader


def _some(names: list[str], shown: int = 5) -> str:
    """The first few names (each cut short) and how many more: a header can hold thousands."""
    listed = ", ".join(repr(name[:40]) if len(name) > 40 else name for name in names[:shown])
    return listed + (f" and {len(names) - shown:,} more" if len(names) > shown else "")


def _import(session: Session, source: CsvText, total: int, progress: Progress | None) -> ImportReport:
    reader = _reader(source, REQUIRED, COLUMNS)
    report = ImportReport()
    programmes = _programmes(session)
    partners: dict[str, Partner] = {}
    seen: dict[str, int] = {}

    def store(line: int, row: dict[str, Any]) -> None:
        values = _parse(row, programmes)
        if values["ref"] in seen:
            raise RowError(f"ref {values['ref']!r} already appears on line {seen[values['ref']]}")
        seen[values["ref"]] = line
        _store(session, values, partners, report)

    _each_row(reader, total, progress, report, store)
    session.flush()
    return report


def _each_row(
    reader: csv.DictReader[str],
    total: int,
    progress: Progress | None,
    report: ImportReport,
    store: Callable[[int, dict[str, Any]], None],
) -> None:
    """`store(line, row)` for each row; a row it refuses (RowError, InputError) is reported by line."""
    for count, (line, row) in enumerate(_rows(reader), start=1):
        try:
            store(line, row)
        except (RowError, InputError) as error:
            report.errors.append((line, str(error)))
        if progress is not None and (count % 1000 == 0 or count == total):
            progress(count, total)


def _rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each data row with the line it starts on (a quoted field may span lines)."""
    line = reader.line_num + 1
    for row in reader:
        yield line, row
        line = reader.line_num + 1


def _programmes(session: Session) -> dict[str, int]:
    found: dict[str, int] = {}
    for programme in session.scalars(select(Programme)):
        found[programme.slug.lower()] = found[fold(programme.name)] = programme.id
    return found


def _parse(row: dict[str, Any], programmes: dict[str, int]) -> dict[str, Any]:
    """A row's values, checked and converted; RowError names every problem of the row."""
    problems = Problems()
    if None in row:
        problems.add("more values than columns")
    text = {name: clean(row.get(name) or "") for name in COLUMNS}
    for name in REQUIRED:
        if not text[name]:
            problems.add(f"{name} is empty")
    for name, limit in LIMITS.items():
        if len(text[name]) > limit:
            problems.add(f"{name} is longer than {limit} characters")
    nature = concept_of(text["nature"].replace("-", " "))
    if text["nature"] and nature not in NATURES:
        problems.add(f"nature {text['nature'][:40]!r} is not loa, mou or ipa (or their full names)")
    kind = text["partner_kind"].lower() or "other"
    if kind not in PARTNER_KINDS:
        problems.add(f"partner_kind {kind[:40]!r} is not one of {', '.join(PARTNER_KINDS)}")
    programme_id = None
    if text["programme"]:
        programme_id = programmes.get(text["programme"].lower()) or programmes.get(fold(text["programme"]))
        if programme_id is None:
            problems.add(f"programme {text['programme'][:60]!r} is not a known programme (slug or name)")
    signed_on = problems.check(lambda: _date(text["signed_on"], "signed_on"))
    ends_on = problems.check(lambda: _date(text["ends_on"], "ends_on"))
    if signed_on and ends_on and ends_on < signed_on:
        problems.add("ends_on is before signed_on")
    support = _codes(text["support_kinds"])
    wrong = [code for code in support if code not in SUPPORT_KINDS]
    if wrong:
        problems.add(f"support_kinds {', '.join(wrong)[:60]!r} unknown; use {', '.join(SUPPORT_KINDS)}")
    sdgs = _codes(text["sdgs"])
    if any(not code.isdigit() or not 1 <= int(code) <= 17 for code in sdgs):
        problems.add("sdgs must be numbers from 1 to 17, separated by ;")
    flag = problems.check(lambda: _flag(text["is_sample"], "is_sample"))
    problems.raise_any()
    return {
        "ref": text["ref"],
        "title": text["title"],
        "nature": nature,
        "partner": text["partner"],
        "partner_kind": kind,
        "partner_country": text["partner_country"] or None,
        "programme_id": programme_id,
        "member_state": text["member_state"] or None,
        "support_kinds": support,
        "sdgs": [str(int(code)) for code in sdgs],
        "summary": text["summary"],
        "signed_on": signed_on,
        "ends_on": ends_on,
        "is_sample": bool(flag),
        "source": text["source"] or None,
    }


T = TypeVar("T")


class Problems:
    """Every problem found in one row, raised together as one RowError ("a; b; c")."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, problem: str) -> None:
        self.found.append(problem)

    def check(self, read: Callable[[], T]) -> T | None:
        """`read()`, or None with its RowError noted."""
        try:
            return read()
        except RowError as error:
            self.add(str(error))
            return None

    def raise_any(self) -> None:
        if self.found:
            raise RowError("; ".join(self.found))


def _flag(value: str, name: str) -> bool:
    flag = value.lower()
    if flag not in TRUE + FALSE:
        raise RowError(f"{name} {flag[:20]!r} is not true or false")
    return flag in TRUE


def _date(value: str, name: str) -> date | None:
    try:
        return read_date(value)
    except ValueError as error:
        raise RowError(f"{name} {error}") from None


def _codes(value: str) -> list[str]:
    return [code.strip().lower() for code in re.split(r"[;,]", value) if code.strip()]


def _store(
    session: Session, values: dict[str, Any], partners: dict[str, Partner], report: ImportReport
) -> None:
    partner = partners.get(values["partner"])
    if partner is None:
        partner = session.scalars(select(Partner).where(Partner.name == values["partner"])).one_or_none()
        if partner is None:
            partner = Partner(
                name=values["partner"],
                kind=values["partner_kind"],
                country=values["partner_country"],
                is_sample=values["is_sample"],
            )
            session.add(partner)
            session.flush()
        partners[values["partner"]] = partner
    wanted = {name: values[name] for name in FIELDS if name != "partner_id"} | {"partner_id": partner.id}
    existing = session.scalars(select(Arrangement).where(Arrangement.ref == values["ref"])).one_or_none()
    if existing is None:
        session.add(Arrangement(ref=values["ref"], **wanted))
        report.inserted += 1
    elif any(getattr(existing, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(existing, name, value)
        report.updated += 1
    else:
        report.unchanged += 1


DOCUMENTS_FILE = "documents.csv"
DOCUMENT_REQUIRED = ("symbol", "title")
DOCUMENT_COLUMNS = (
    "symbol", "title", "kind", "issued_on", "languages", "tags", "programmes", "arrangements",
    "summary", "url", "file",
)  # fmt: skip


@dataclass
class DocumentImportReport(ImportReport):
    replaced_files: list[str] = field(default_factory=list)


def import_documents(
    session: Session, directory: Path, store: FileStore, progress: Progress | None = None
) -> DocumentImportReport:
    """Load DIR/documents.csv (columns as in DOCUMENT_COLUMNS; `file` names a file in DIR) into
    the library. Files replaced by a new version are listed in the report, to remove once committed
    (documents.unreferenced_files)."""
    metadata = directory / DOCUMENTS_FILE
    if not metadata.is_file():
        raise ImportFileError(
            f"{directory}: no {DOCUMENTS_FILE} in that folder (see README: importing documents)"
        )

    def load(source: CsvText, total: int) -> DocumentImportReport:
        reader = _reader(source, DOCUMENT_REQUIRED, DOCUMENT_COLUMNS)
        report = DocumentImportReport()
        seen: dict[str, int] = {}
        _each_row(
            reader,
            total,
            progress,
            report,
            lambda line, row: _store_document(session, directory, store, row, line, seen, report),
        )
        session.flush()
        return report

    return _audited("documents", session, directory, _read_csv(metadata, load))


def _store_document(
    session: Session,
    directory: Path,
    store: FileStore,
    row: dict[str, Any],
    line: int,
    seen: dict[str, int],
    report: DocumentImportReport,
) -> None:
    problems = Problems()
    if None in row:
        problems.add("more values than columns")
    symbol = clean(row.get("symbol") or "")
    key = symbol.lower()
    if key in seen:
        problems.add(f"symbol {symbol[:60]!r} already appears on line {seen[key]}")
    existing = session.scalars(select(Document).where(Document.symbol == symbol)).one_or_none()
    fields, field_problems = documents.check_fields(session, row, existing)
    for problem in field_problems.values():
        problems.add(problem)
    name = (row.get("file") or "").strip()
    incoming = None
    if name:
        try:
            incoming = store.receive(read_chunks(source_path(directory, name)), name)
        except FileRefused as error:
            problems.add(f"file {name[:80]!r}: {error}")
    if problems.found or fields is None:
        if incoming is not None:
            store.discard(incoming)
        problems.raise_any()
        return
    seen[key] = line
    if existing is None:
        documents.add_document(session, fields, IMPORT, store, incoming, name or None)
        report.inserted += 1
        return
    previous = existing.stored_name
    if documents.update_document(session, existing, fields, store, incoming, name or None, by=IMPORT) is None:
        report.unchanged += 1
        return
    report.updated += 1
    if previous and previous != existing.stored_name:
        report.replaced_files.append(previous)


NKPOS_REQUIRED = ("member_state", "name")
NKPO_COLUMNS = (
    "member_state", "name", "title", "ministry", "email", "slack", "designated_on", "source", "is_sample",
)  # fmt: skip


class LookupFailed(Exception):
    """Slack could not be asked who has an e-mail address (the message says why)."""


# An e-mail address -> the Slack user id that has it, or None when nobody does (users.lookupByEmail).
Lookup = Callable[[str], str | None]


def import_nkpos(
    session: Session, path: Path, lookup: Lookup | None, progress: Progress | None = None
) -> ImportReport:
    """Load the NKPO directory from the CSV at `path` (columns as in NKPO_COLUMNS), keyed by member
    state and person. `slack` is a Slack user id, or an e-mail address found with `lookup`; when it is
    empty, `email` is looked up. A row whose address maps to nobody (or that `lookup` is None or fails
    for) is kept, with a note, and keeps the Slack user it had."""
    source_name = path.name
    mapped: dict[str, str | None] = {}

    def load(source: CsvText, total: int) -> ImportReport:
        reader = _reader(source, NKPOS_REQUIRED, NKPO_COLUMNS)
        report = ImportReport()
        seen: dict[tuple[str, str], int] = {}
        _each_row(
            reader,
            total,
            progress,
            report,
            lambda line, row: _store_nkpo(session, row, line, seen, report, lookup, mapped, source_name),
        )
        session.flush()
        return report

    return _audited("nkpos", session, path, _read_csv(path, load))


def _store_nkpo(
    session: Session,
    row: dict[str, Any],
    line: int,
    seen: dict[tuple[str, str], int],
    report: ImportReport,
    lookup: Lookup | None,
    mapped: dict[str, str | None],
    source_name: str,
) -> None:
    problems = Problems()
    if None in row:
        problems.add("more values than columns")
    text = {name: clean(row.get(name) or "") for name in NKPO_COLUMNS}
    slack = text["slack"]
    slack_user = slack if nkpo_directory.SLACK_USER.match(slack) else None
    if slack and slack_user is None and "@" not in slack:
        problems.add(f"slack {slack[:40]!r} is neither a Slack user id (U…) nor an e-mail address")
    flag = problems.check(lambda: _flag(text["is_sample"], "is_sample"))
    raw = {
        "country": text["member_state"],
        "person_name": text["name"],
        "position": text["title"],
        "ministry": text["ministry"],
        "email": text["email"],
        "slack_user_id": slack_user,
        "designated_on": text["designated_on"],
        "source": text["source"],
        "is_sample": flag,
    }
    fields, field_problems = nkpo_directory.check_fields(raw)
    for name, problem in field_problems.items():
        problems.add(f"{NKPO_FIELD_COLUMNS.get(name, name)}: {problem}")
    if fields is not None:
        key = (fields.country.name, person_key(fields.person_name))
        if key in seen:
            problems.add(f"{fields.person_name} of {fields.country.name} already appears on line {seen[key]}")
    problems.raise_any()
    assert fields is not None
    seen[(fields.country.name, person_key(fields.person_name))] = line
    address = (slack if slack_user is None else "") or (text["email"] if not slack else "")
    if address and slack_user is None:
        found, note = _map_email(address.lower(), lookup, mapped)
        if note:
            report.notes.append((line, note))
        fields = replace(fields, slack_user_id=found)
    _, action = nkpo_directory.save_nkpo(
        session,
        fields,
        "import",
        note=f"import of {source_name}, line {line}",
        keep_slack_user=True,
        keep_status=True,
    )
    if action is None:
        report.unchanged += 1
    elif action == "added":
        report.inserted += 1
    else:
        report.updated += 1


NKPO_FIELD_COLUMNS = {"country": "member_state", "person_name": "name", "position": "title",
                      "slack_user_id": "slack"}  # fmt: skip


def _map_email(address: str, lookup: Lookup | None, mapped: dict[str, str | None]) -> tuple[str | None, str]:
    """The Slack user with this e-mail address (asked once per import), and a note if there is none."""
    if lookup is None:
        return (
            None,
            f"{address} not looked up in Slack (SLACK_BOT_TOKEN is not set); Slack user left as it was",
        )
    if address not in mapped:
        try:
            mapped[address] = lookup(address)
        except LookupFailed as error:
            return None, f"{address} could not be looked up in Slack ({error}); Slack user left as it was"
    found = mapped[address]
    return found, "" if found else f"no Slack user has the e-mail address {address}; kept without one"
