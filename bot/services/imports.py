"""Import records from CSV: `python -m bot import arrangements FILE.csv` and `import documents DIR`.

Rows are keyed (arrangements by `ref`, documents by `symbol`): a new key is inserted, a known one
updated only where it differs, so importing the same file twice changes nothing. A bad row is
reported with its line number and the reason, and the good rows are kept. Partners are found by
exact name or created. Document files named in DIR/documents.csv are checked and copied into the
file store. The search index follows by itself (database triggers).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services import documents
from bot.services.search import concept_of
from bot.text import InputError, clean, fold
from storage.files import FileRefused, FileStore, read_chunks, source_path
from storage.models import NATURES, SUPPORT_KINDS, Arrangement, Document, Partner, Programme

REQUIRED = ("ref", "title", "nature", "partner")
OPTIONAL = (
    "partner_kind", "partner_country", "member_state", "programme", "signed_on", "ends_on",
    "support_kinds", "sdgs", "summary", "source", "is_sample",
)  # fmt: skip
COLUMNS = REQUIRED + OPTIONAL
PARTNER_KINDS = ("government", "un_agency", "ifi", "ngo", "igo", "private_sector", "donor_agency", "other")
LIMITS = {"ref": 80, "title": 300, "partner": 200, "partner_country": 100, "member_state": 100, "source": 200}
TRUE, FALSE = ("true", "yes", "y", "1"), ("false", "no", "n", "0", "")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
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

    def __str__(self) -> str:
        return (
            f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.errors)} rejected"
        )


def import_arrangements(session: Session, path: Path, progress: Progress | None = None) -> ImportReport:
    """Load the CSV at `path` (UTF-8, header row, columns as in COLUMNS) into arrangements."""
    return _read_csv(path, lambda handle, total: _import(session, handle, total, progress))


def _read_csv(path: Path, load: Callable[[TextIO, int], Report]) -> Report:
    """Open a UTF-8 CSV file, count its data rows, and hand it to `load`."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            total = sum(1 for _ in csv.reader(handle)) - 1
            handle.seek(0)
            return load(handle, max(total, 0))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ImportFileError(f"{path}: cannot be read as a UTF-8 CSV file ({error})") from None


def checked_reader(
    handle: TextIO, required: tuple[str, ...], columns: tuple[str, ...], ignore_unknown: bool = False
) -> csv.DictReader[str]:
    """A reader on the rows, its header checked (lower-cased): ImportFileError if a column is missing,
    given twice, or (unless `ignore_unknown`, as for an export made by another system) unknown."""
    reader = csv.DictReader(handle)
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


def _import(session: Session, handle: TextIO, total: int, progress: Progress | None) -> ImportReport:
    reader = checked_reader(handle, REQUIRED, COLUMNS)
    report = ImportReport()
    programmes = _programmes(session)
    partners: dict[str, Partner] = {}
    seen: dict[str, int] = {}
    for count, (line, row) in enumerate(_rows(reader), start=1):
        try:
            values = _parse(row, programmes)
            if values["ref"] in seen:
                raise RowError(f"ref {values['ref']!r} already appears on line {seen[values['ref']]}")
            seen[values["ref"]] = line
            _store(session, values, partners, report)
        except RowError as error:
            report.errors.append((line, str(error)))
        if progress is not None and (count % 1000 == 0 or count == total):
            progress(count, total)
    session.flush()
    return report


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
    """A row's values, checked and converted; RowError names the first problem."""
    if None in row:
        raise RowError("more values than columns")
    text = {name: clean(row.get(name) or "") for name in COLUMNS}
    for name in REQUIRED:
        if not text[name]:
            raise RowError(f"{name} is empty")
    for name, limit in LIMITS.items():
        if len(text[name]) > limit:
            raise RowError(f"{name} is longer than {limit} characters")
    nature = concept_of(text["nature"].replace("-", " "))
    if nature not in NATURES:
        raise RowError(f"nature {text['nature'][:40]!r} is not loa, mou or ipa (or their full names)")
    kind = text["partner_kind"].lower() or "other"
    if kind not in PARTNER_KINDS:
        raise RowError(f"partner_kind {kind[:40]!r} is not one of {', '.join(PARTNER_KINDS)}")
    programme_id = None
    if text["programme"]:
        programme_id = programmes.get(text["programme"].lower()) or programmes.get(fold(text["programme"]))
        if programme_id is None:
            raise RowError(f"programme {text['programme'][:60]!r} is not a known programme (slug or name)")
    signed_on, ends_on = _date(text["signed_on"], "signed_on"), _date(text["ends_on"], "ends_on")
    if signed_on and ends_on and ends_on < signed_on:
        raise RowError("ends_on is before signed_on")
    support = _codes(text["support_kinds"])
    wrong = [code for code in support if code not in SUPPORT_KINDS]
    if wrong:
        raise RowError(f"support_kinds {', '.join(wrong)[:60]!r} unknown; use {', '.join(SUPPORT_KINDS)}")
    sdgs = _codes(text["sdgs"])
    if any(not code.isdigit() or not 1 <= int(code) <= 17 for code in sdgs):
        raise RowError("sdgs must be numbers from 1 to 17, separated by ;")
    flag = text["is_sample"].lower()
    if flag not in TRUE + FALSE:
        raise RowError(f"is_sample {flag[:20]!r} is not true or false")
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
        "is_sample": flag in TRUE,
        "source": text["source"] or None,
    }


def _date(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        if not DATE.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{name} {value[:20]!r} is not a date like 2023-12-31") from None


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

    def load(handle: TextIO, total: int) -> DocumentImportReport:
        reader = checked_reader(handle, DOCUMENT_REQUIRED, DOCUMENT_COLUMNS)
        report = DocumentImportReport()
        seen: dict[str, int] = {}
        for count, (line, row) in enumerate(_rows(reader), start=1):
            try:
                if None in row:
                    raise RowError("more values than columns")
                _store_document(session, directory, store, row, line, seen, report)
            except (RowError, InputError) as error:
                report.errors.append((line, str(error)))
            if progress is not None and (count % 1000 == 0 or count == total):
                progress(count, total)
        session.flush()
        return report

    return _read_csv(metadata, load)


def _store_document(
    session: Session,
    directory: Path,
    store: FileStore,
    row: dict[str, Any],
    line: int,
    seen: dict[str, int],
    report: DocumentImportReport,
) -> None:
    symbol = clean(row.get("symbol") or "")
    key = symbol.lower()
    if key in seen:
        raise RowError(f"symbol {symbol[:60]!r} already appears on line {seen[key]}")
    existing = session.scalars(select(Document).where(Document.symbol == symbol)).one_or_none()
    fields, problems = documents.check_fields(session, row, existing)
    if fields is None:
        raise RowError(" ".join(problems.values()))
    seen[key] = line
    name = (row.get("file") or "").strip()
    incoming = None
    if name:
        try:
            incoming = store.receive(read_chunks(source_path(directory, name)), name)
        except FileRefused as error:
            raise RowError(f"file {name[:80]!r}: {error}") from None
    if existing is None:
        documents.add_document(session, fields, "import", store, incoming, name or None)
        report.inserted += 1
        return
    previous = existing.stored_name
    if documents.update_document(session, existing, fields, store, incoming, name or None) is None:
        report.unchanged += 1
        return
    report.updated += 1
    if previous and previous != existing.stored_name:
        report.replaced_files.append(previous)
