"""Reading a Yammer (Viva Engage) network export: the ZIP a network admin downloads, or its folder.

The export is CSV files, UTF-8 with a byte-order mark, quoted fields and bodies with newlines:
Messages.csv (required), Users.csv, Groups.csv and Files.csv, and the attached files under
Files/ when the admin ticked "include attachments". Other files are ignored, and so are columns
this module does not know; a missing required column is one error naming the file and column.

This module only reads, and reads safely: member names of a ZIP are checked before anything
(an absolute path or `..` refuses the archive), every member is read through storage.files'
capped `member_chunks` (a size limit, and a ratio check before inflating: no zip bomb), nothing is
ever extracted to disk by a name from the export, and a CSV that is not UTF-8 is refused as a
whole before any of it is used. Rows become typed records (`MessageRow`, ...) or a RowError that
says what is wrong; bot/services/history_import.py decides what is kept.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, TextIO

from bot.services.imports import ImportFileError, RowError, checked_reader
from bot.text import clean, clean_multiline
from storage.files import FileRefused, member_chunks, read_chunks, source_path

MESSAGES = "Messages.csv"
USERS = "Users.csv"
GROUPS = "Groups.csv"
FILES = "Files.csv"
# A CSV file of the export may be this large once inflated (a network's years of messages).
MAX_CSV_BYTES = 2 * 1024 * 1024 * 1024
MAX_MEMBERS = 1_000_000
MAX_BODY = 20_000
MAX_FIELD = 10_000
MAX_NAME = 200
ID = re.compile(r"^\d{1,20}$")
NULL = ("", "null", "none")
TRUE = ("true", "1", "yes", "t")

# What each file must have, and what else is read of it.
MESSAGE_REQUIRED = ("id", "thread_id", "sender_id", "body", "created_at")
MESSAGE_COLUMNS = (
    *MESSAGE_REQUIRED, "replied_to_id", "group_id", "group_name", "sender_name", "attachments",
    "in_private_conversation", "participants", "deleted_at", "message_type",
)  # fmt: skip
USER_REQUIRED = ("id", "name")
USER_COLUMNS = (*USER_REQUIRED, "email", "state", "deleted_at")
GROUP_REQUIRED = ("id", "name")
GROUP_COLUMNS = (*GROUP_REQUIRED, "description")
FILE_REQUIRED = ("file_id", "name")
FILE_COLUMNS = (*FILE_REQUIRED, "uploader_id", "path", "description", "created_at")

MENTION = re.compile(r"\[\[user:(\d{1,20})\]\]")
UPLOADED_FILE = re.compile(r"uploadedfile:(\d{1,20})")
LINK_CARD = re.compile(r'opengraphobject:\[(\d*) : (.*?) : title="(.*?)" : description="(.*?)"\]', re.DOTALL)
# HTML as some exports carry it in bodies: line breaks, paragraphs, links, other tags.
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
PARAGRAPH_END = re.compile(r"</p\s*>", re.IGNORECASE)
ANCHOR = re.compile(
    r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']*)["'][^>]*>(.*?)</a\s*>""", re.IGNORECASE | re.DOTALL
)
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


class ExportError(ImportFileError):
    """The export as a whole cannot be read (nothing of it is imported); the message says why."""


class FileMissing(FileRefused):
    """A file named in Files.csv is not in the export (kept in SharePoint, or exported without files)."""


# --------------------------------------------------------------------------- opening the export


class Export(ABC):
    """An opened export: its CSV files as text, its attached files as capped chunks."""

    label: str

    @abstractmethod
    def has(self, name: str) -> bool:
        """Whether the export holds the CSV file `name` (found without regard to case)."""

    @abstractmethod
    def binary(self, name: str) -> AbstractContextManager[io.BufferedReader]:
        """The CSV file `name`, as bytes read with the export's cap."""

    @abstractmethod
    def file_chunks(self, path: str, limit: int) -> Iterator[bytes]:
        """The content of an attached file by its path in Files.csv, at most `limit` bytes: FileMissing
        if it is not in the export, FileRefused if its path is not a plain one inside the export or it
        is larger than `limit` (or, in a ZIP, inflates suspiciously)."""

    @contextmanager
    def csv_text(self, name: str) -> Iterator[TextIO]:
        """The CSV file `name` as UTF-8 text (ExportError if it is another encoding)."""
        with self.binary(name) as raw:
            yield _utf8(raw, name)

    @abstractmethod
    def close(self) -> None:
        """Release the archive (nothing for a folder)."""


def open_export(path: Path) -> Export:
    """The export at `path` (a ZIP file or a folder); ExportError if it is neither, or not an export."""
    if path.is_dir():
        return FolderExport(path)
    if not path.is_file():
        raise ExportError(f"{path}: no such file or folder")
    if not zipfile.is_zipfile(path):
        raise ExportError(f"{path}: not a ZIP file or a folder (a Yammer export is a ZIP of CSV files)")
    return ZipExport(path)


def plain_relative(name: str) -> PurePosixPath:
    """A path from the export as plain relative parts; FileRefused for an absolute path, a drive,
    `..`, a backslash or a NUL byte (no export has them: they can only lead outside)."""
    relative = PurePosixPath(name)
    if (
        not name
        or "\x00" in name
        or "\\" in name
        or relative.is_absolute()
        or PureWindowsPath(name).drive
        or ".." in relative.parts
    ):
        raise FileRefused(f"{name[:80]!r} is not a plain path inside the export (absolute, or with '..')")
    return relative


class ZipExport(Export):
    def __init__(self, path: Path) -> None:
        self.label = str(path)
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise ExportError(f"{path}: the ZIP file cannot be read ({error})") from None
        infos = self.archive.infolist()
        if len(infos) > MAX_MEMBERS:
            self.close()
            raise ExportError(f"{path}: the ZIP holds {len(infos):,} files, more than any export")
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            try:
                plain_relative(info.filename)
            except FileRefused:
                self.close()
                raise ExportError(
                    f"{path}: the ZIP holds a file named {info.filename[:80]!r}, an absolute path or one "
                    "with '..', which no Yammer export has"
                ) from None
            if not info.is_dir():
                self.members.setdefault(info.filename.lower(), info)
        self.prefix = _prefix(list(self.members), path)

    def has(self, name: str) -> bool:
        return self.prefix + name.lower() in self.members

    @contextmanager
    def binary(self, name: str) -> Iterator[io.BufferedReader]:
        info = self.members[self.prefix + name.lower()]
        chunks = member_chunks(self.archive, info, MAX_CSV_BYTES)
        try:
            yield io.BufferedReader(_ChunkStream(chunks, name))
        finally:
            if isinstance(chunks, Generator):
                chunks.close()

    def file_chunks(self, path: str, limit: int) -> Iterator[bytes]:
        relative = plain_relative(path)
        info = self.members.get(self.prefix + str(relative).lower())
        if info is None:
            raise FileMissing(f"{path[:80]!r} is not in the export")
        return member_chunks(self.archive, info, limit)

    def close(self) -> None:
        self.archive.close()


class FolderExport(Export):
    def __init__(self, path: Path) -> None:
        self.label = str(path)
        self.root = path
        names = [
            str(child.relative_to(path)).lower()
            for child in [*path.iterdir(), *(p for d in path.iterdir() if d.is_dir() for p in d.iterdir())]
        ]
        self.prefix = _prefix(names, path)

    def has(self, name: str) -> bool:
        return self._find(self.prefix + name) is not None

    def _find(self, name: str) -> Path | None:
        """The file at relative path `name`, each part matched without regard to case."""
        current = self.root
        for part in PurePosixPath(name).parts:
            exact = current / part
            if exact.exists():
                current = exact
                continue
            if not current.is_dir():
                return None
            found = next((child for child in current.iterdir() if child.name.lower() == part.lower()), None)
            if found is None:
                return None
            current = found
        return current if current.is_file() else None

    @contextmanager
    def binary(self, name: str) -> Iterator[io.BufferedReader]:
        found = self._find(self.prefix + name)
        if found is None:  # has() said it was there
            raise ExportError(f"{name} has gone from {self.label}")
        path = source_path(self.root, str(found.relative_to(self.root)))
        if path.stat().st_size > MAX_CSV_BYTES:
            raise ExportError(f"{name} is larger than {MAX_CSV_BYTES:,} bytes")
        with open(path, "rb") as handle:
            yield handle

    def close(self) -> None:
        return None

    def file_chunks(self, path: str, limit: int) -> Iterator[bytes]:
        relative = plain_relative(path)
        found = self._find(self.prefix + str(relative))
        if found is None:
            raise FileMissing(f"{path[:80]!r} is not in the export")
        return _capped(read_chunks(source_path(self.root, str(found.relative_to(self.root)))), limit)


def _capped(chunks: Iterable[bytes], limit: int) -> Iterator[bytes]:
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise FileRefused(f"the file is larger than {limit:,} bytes")
        yield chunk


def _prefix(names: list[str], path: Path) -> str:
    """Where the export's files are: at the top, or in its one folder (lower-cased names)."""
    wanted = MESSAGES.lower()
    if wanted in names:
        return ""
    nested = [
        name for name in names if PurePosixPath(name).name == wanted and len(PurePosixPath(name).parts) == 2
    ]
    if len(nested) == 1:
        return str(PurePosixPath(nested[0]).parent) + "/"
    raise ExportError(f"{path}: not a Yammer export (no {MESSAGES} in it)")


class _ChunkStream(io.RawIOBase):
    """A readable stream over a ZIP member read with its cap; a refusal (too large, a bomb, damaged)
    is an ExportError naming the file."""

    def __init__(self, chunks: Iterator[bytes], name: str) -> None:
        self.chunks = chunks
        self.name = name
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            try:
                chunk = next(self.chunks, None)
            except FileRefused as error:
                raise ExportError(f"{self.name}: {error}") from None
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, OSError) as error:
                raise ExportError(f"{self.name} cannot be read from the ZIP ({error})") from None
            if chunk is None:
                return 0
            self.pending = chunk
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def _utf8(raw: io.BufferedReader, name: str) -> TextIO:
    head = raw.peek(4)[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExportError(
            f"{name} is UTF-16 text; the export's CSV files are UTF-8: export them again, or save the file "
            "as UTF-8 (CSV UTF-8)"
        )
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="", errors="strict")


# --------------------------------------------------------------------------- reading rows

Row = tuple[int, dict[str, Any] | None, str | None]


@contextmanager
def csv_rows(
    export: Export, name: str, required: tuple[str, ...], columns: tuple[str, ...]
) -> Iterator[Iterator[Row]]:
    """The data rows of one CSV file of the export: (line, row, None), or (line, None, problem) for a
    row the CSV reader cannot read. The header is checked first (ExportError naming file and column);
    a byte that is not UTF-8 anywhere is an ExportError too."""
    with export.csv_text(name) as handle:
        try:
            reader = checked_reader(handle, required, columns, ignore_unknown=True)
        except ImportFileError as error:
            raise ExportError(f"{name}: {error}") from None
        except UnicodeDecodeError:
            raise _not_utf8(name, 1) from None
        except csv.Error as error:
            raise ExportError(f"{name}: its header cannot be read as CSV ({error})") from None
        yield _rows(reader, name)


def _rows(reader: csv.DictReader[str], name: str) -> Iterator[Row]:
    line = reader.reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise _not_utf8(name, line) from None
        except csv.Error as error:
            yield line, None, f"cannot be read as CSV ({error})"
        else:
            yield line, row, None
        line = reader.reader.line_num + 1


def _not_utf8(name: str, line: int) -> ExportError:
    return ExportError(
        f"{name} is not UTF-8 text (a byte that is not UTF-8 near line {line}): the export's CSV files are "
        "UTF-8; export them again, or save the file as UTF-8 (CSV UTF-8)"
    )


@dataclass(frozen=True)
class LinkCard:
    """A link card (opengraphobject) attached to a message."""

    url: str
    title: str
    description: str


@dataclass(frozen=True)
class MessageRow:
    """A row of Messages.csv, read. `deleted` and `private` rows carry only their ids: they are never
    imported, and are read only so that a copy imported before they were deleted can be removed."""

    line: int
    id: str
    thread_id: str
    deleted: bool = False
    private: bool = False
    system: bool = False
    replied_to: str | None = None
    group_id: str | None = None
    group_name: str | None = None
    sender_id: str | None = None
    sender_name: str | None = None
    body: str = ""
    files: tuple[str, ...] = ()
    links: tuple[LinkCard, ...] = ()
    created_at: datetime = datetime(1970, 1, 1, tzinfo=UTC)

    @property
    def is_starter(self) -> bool:
        return self.id == self.thread_id

    @property
    def mentions(self) -> list[str]:
        return MENTION.findall(self.body)


def message_row(line: int, row: dict[str, Any]) -> MessageRow:
    """A row of Messages.csv as a MessageRow; RowError naming the first problem."""
    values = _values(row)
    message_id = _id(values, "id")
    thread_id = _optional_id(values, "thread_id") or message_id
    if not _null(values.get("deleted_at", "")):
        return MessageRow(line, message_id, thread_id, deleted=True)
    private = values.get("in_private_conversation", "").lower() in TRUE
    if private or not _null(values.get("participants", "")):
        return MessageRow(line, message_id, thread_id, private=True)
    body = values["body"]
    if len(body) > MAX_BODY:
        raise RowError(
            f"the message is {len(body):,} characters long, more than the {MAX_BODY:,} one may have"
        )
    for name, value in values.items():
        if name != "body" and len(value) > MAX_FIELD:
            raise RowError(f"{name} is {len(value):,} characters long, more than {MAX_FIELD:,}")
    attachments = values.get("attachments", "")
    return MessageRow(
        line=line,
        id=message_id,
        thread_id=thread_id,
        system=values.get("message_type", "").lower() == "system",
        replied_to=_optional_id(values, "replied_to_id"),
        group_id=_optional_id(values, "group_id"),
        group_name=clean(values.get("group_name"))[:MAX_NAME] or None,
        sender_id=_optional_id(values, "sender_id"),
        sender_name=clean(values.get("sender_name"))[:MAX_NAME] or None,
        body=plain_text(body),
        files=tuple(dict.fromkeys(UPLOADED_FILE.findall(attachments))),
        links=tuple(_links(attachments)),
        created_at=parse_time(values["created_at"], "created_at"),
    )


@dataclass(frozen=True)
class UserRow:
    line: int
    id: str
    name: str
    email: str | None


def user_row(line: int, row: dict[str, Any]) -> UserRow:
    values = _values(row)
    email = values.get("email", "").strip()
    return UserRow(
        line, _id(values, "id"), _name(values), email if "@" in email and len(email) <= 254 else None
    )


@dataclass(frozen=True)
class GroupRow:
    line: int
    id: str
    name: str
    description: str


def group_row(line: int, row: dict[str, Any]) -> GroupRow:
    values = _values(row)
    return GroupRow(line, _id(values, "id"), _name(values), clean_multiline(values.get("description"))[:2000])


@dataclass(frozen=True)
class FileRow:
    line: int
    id: str
    name: str
    path: str | None
    uploader_id: str | None
    description: str
    created_at: datetime | None


def file_row(line: int, row: dict[str, Any]) -> FileRow:
    values = _values(row)
    when = values.get("created_at", "")
    return FileRow(
        line=line,
        id=_id(values, "file_id"),
        name=_name(values),
        path=values.get("path", "").strip() or None,
        uploader_id=_optional_id(values, "uploader_id"),
        description=clean_multiline(values.get("description"))[:2000],
        created_at=None if _null(when) else parse_time(when, "created_at"),
    )


def _values(row: dict[str, Any]) -> dict[str, str]:
    """The row's known values as text; RowError for a NUL byte or more values than the header has."""
    if None in row:
        raise RowError("more values than columns")
    values = {name: str(value or "") for name, value in row.items() if name is not None}
    if any("\x00" in value for value in values.values()):
        raise RowError("it holds a NUL byte, which no export writes")
    return values


def _id(values: dict[str, str], name: str) -> str:
    found = _optional_id(values, name)
    if found is None:
        raise RowError(f"{name} is empty")
    return found


def _optional_id(values: dict[str, str], name: str) -> str | None:
    value = values.get(name, "").strip()
    if _null(value):
        return None
    if not ID.match(value):
        raise RowError(f"{name} {value[:40]!r} is not a Yammer id (up to 20 digits)")
    return value


def _name(values: dict[str, str]) -> str:
    name = clean(values.get("name"))
    if not name:
        raise RowError("name is empty")
    return name[:MAX_NAME]


def _null(value: str) -> bool:
    return value.strip().lower() in NULL


def parse_time(value: str, name: str) -> datetime:
    """A time as exports write it ("2019-03-04 10:11:12 UTC", "2019-03-04T10:11:12Z", "... +0000"), in UTC;
    a time without a zone is read as UTC. RowError if it is not one."""
    text = value.strip()
    if text.upper().endswith(" UTC"):
        text = text[:-4]
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise RowError(f"{name} {value[:40]!r} is not a date and time like 2019-03-04 10:11:12 UTC") from None
    if when.year < 1990:
        raise RowError(f"{name} {value[:40]!r} is before there was a Yammer")
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def _links(attachments: str) -> Iterator[LinkCard]:
    for _, url, title, description in LINK_CARD.findall(attachments):
        url = url.strip()
        if url:
            yield LinkCard(
                url[:1000], clean(html.unescape(title))[:300], clean(html.unescape(description))[:500]
            )


def plain_text(body: str) -> str:
    """A body as plain text: HTML line breaks, paragraphs and links read (a link whose label differs
    from its address keeps both: "label (address)"), other tags dropped, entities decoded, control
    characters removed. Mentions stay as [[user:<id>]], for the views to name."""
    if "<" in body:
        body = BREAK.sub("\n", body)
        body = PARAGRAPH_END.sub("\n\n", body)
        body = ANCHOR.sub(_anchor, body)
        body = TAG.sub("", body)
    return clean_multiline(html.unescape(body))


def _anchor(match: re.Match[str]) -> str:
    url, label = match.group(1).strip(), TAG.sub("", match.group(2)).strip()
    if not label or html.unescape(label) == html.unescape(url):
        return url
    return f"{label} ({url})"


def title_of(text: str, name_of: Callable[[str], str], words: int = 10, limit: int = 100) -> str:
    """A thread's title from the first words of its first message (of its first line, when that line
    has a few words of its own), mentions as names."""
    named = MENTION.sub(lambda m: name_of(m.group(1)), text)
    lines = [" ".join(line.split()) for line in named.split("\n") if line.strip()]
    if not lines:
        return ""
    first = lines[0] if len(lines[0].split(" ")) >= 3 else " ".join(lines)
    title = " ".join(first.split(" ")[:words])
    if len(title) > limit:
        title = title[: limit - 1].rstrip()
    return title + ("…" if title != " ".join(lines) and title != first else "")
