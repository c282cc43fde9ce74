"""The document file store: files kept under DOCUMENTS_DIR with generated names, checked by content.

No name a person typed or a file arrived with ever becomes a path here. A file is written to
`DOCUMENTS_DIR/.incoming/<random>.part` while it is hashed and measured against the size limit,
its type is read from its content (magic bytes; the parts inside an Office zip), and only then
is it moved into place as `<sha256>.<ext>`: the same content always gets the same name, so a
file is never stored twice. Allowed: PDF, DOCX, XLSX, PPTX, plain UTF-8 text, PNG, JPEG, GIF.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

CHUNK = 64 * 1024
STORED_NAME = re.compile(r"^[0-9a-f]{64}\.[a-z]{3,4}$")
MAX_NAME = 255
INCOMING = ".incoming"
CONTENT_TYPES = "[Content_Types].xml"
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
# Office XML and CSV inflate 5 to 20 times; a member claiming more than this is taken for a bomb.
MAX_RATIO = 200
OVERRIDE = re.compile(r"<Override\b([^>]*)>")
ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*["']([^"']*)["']""")
# Text may hold tabs, line and page breaks; any other control character means it is not text.
TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Not in a file name shown to people: control characters and text-direction overrides.
NAME_CONTROLS = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class FileRefused(ValueError):
    """The file cannot go into the library; the message says why, in plain words."""


@dataclass(frozen=True)
class FileType:
    """An allowed kind of file: what people call it, its extension, MIME type and other names."""

    label: str
    extension: str
    mime: str
    also: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.also)


PDF = FileType("PDF", "pdf", "application/pdf")
OFFICE = "application/vnd.openxmlformats-officedocument."
DOCX = FileType("Word (DOCX)", "docx", OFFICE + "wordprocessingml.document")
XLSX = FileType("Excel (XLSX)", "xlsx", OFFICE + "spreadsheetml.sheet")
PPTX = FileType("PowerPoint (PPTX)", "pptx", OFFICE + "presentationml.presentation")
TXT = FileType("text", "txt", "text/plain")
PNG = FileType("PNG image", "png", "image/png")
JPEG = FileType("JPEG image", "jpg", "image/jpeg", ("jpeg",))
GIF = FileType("GIF image", "gif", "image/gif")
FILE_TYPES = (PDF, DOCX, XLSX, PPTX, TXT, PNG, JPEG, GIF)
BY_EXTENSION = {extension: kind for kind in FILE_TYPES for extension in kind.extensions}
BY_MIME = {kind.mime: kind for kind in FILE_TYPES}
ALLOWED = "PDF, DOCX, XLSX, PPTX, TXT, PNG, JPEG or GIF"
# An Office file is a zip whose [Content_Types].xml names its main part with this type.
OFFICE_PARTS = (
    (DOCX, "word/document.xml", DOCX.mime + ".main+xml"),
    (XLSX, "xl/workbook.xml", XLSX.mime + ".main+xml"),
    (PPTX, "ppt/presentation.xml", PPTX.mime + ".main+xml"),
)
MAGIC = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
)


@dataclass(frozen=True)
class IncomingFile:
    """A file written and checked in the incoming folder, not yet in the library."""

    path: Path
    checksum: str
    size: int
    type: FileType

    @property
    def stored_name(self) -> str:
        return f"{self.checksum}.{self.type.extension}"


def extension_of(name: str) -> str:
    """The lower-case extension of a file name ('' when it has none)."""
    suffix = PurePosixPath(name).suffix
    return suffix[1:].lower() if suffix else ""


def clean_file_name(name: str | None, fallback: str) -> str:
    """A file name fit to show and to give Slack: its last part only, no control characters, short."""
    last = PureWindowsPath(PurePosixPath(name or "").name).name
    cleaned = NAME_CONTROLS.sub("", last).strip().strip(".")
    if not cleaned:
        return fallback
    if len(cleaned) > 120:
        extension = extension_of(cleaned)
        cleaned = cleaned[: 110 - len(extension)] + ("." + extension if extension else "")
    return cleaned


def detect_type(path: Path) -> FileType | None:
    """The allowed type this file's content is, or None (whatever its name says)."""
    with open(path, "rb") as handle:
        head = handle.read(16)
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04"):
        return _office_type(path)
    return TXT if _is_text(path) else None


def member_chunks(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, max_ratio: int = MAX_RATIO
) -> Iterator[bytes]:
    """A zip member's content, CHUNK bytes at a time, never more than `limit` inflated in all.

    FileRefused, before anything is inflated, when the member says it is larger than `limit` or
    more than `max_ratio` times its compressed size (a zip bomb); and as soon as it inflates past
    the limit. Reading in small pieces matters: zipfile's read() of a whole member inflates all the
    compressed data in one call (up to 2 GiB) before cutting it to the size its header claims.
    A member whose content is not what its header says ends in zipfile.BadZipFile (its CRC).
    For the library's Office files, and for any archive the bot unpacks (a Yammer export).
    """
    if info.file_size > limit:
        raise FileRefused(f"{info.filename[:80]!r} in the archive is larger than {limit:,} bytes")
    if info.file_size > max(info.compress_size, 1) * max_ratio:
        raise FileRefused(f"{info.filename[:80]!r} in the archive inflates {max_ratio}-fold or more")
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise FileRefused(f"{info.filename[:80]!r} in the archive is larger than {limit:,} bytes")
            yield chunk


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A small zip member's content, read as member_chunks reads it."""
    return b"".join(member_chunks(archive, info, limit))


def _office_type(path: Path) -> FileType | None:
    """DOCX, XLSX or PPTX when the zip declares that main part and holds it; else None."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            info = archive.getinfo(CONTENT_TYPES) if CONTENT_TYPES in names else None
            if info is None:
                return None
            declared = read_member(archive, info, MAX_CONTENT_TYPES_BYTES).decode("utf-8", "replace")
    except (FileRefused, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        return None
    overrides = {
        attributes.get("PartName"): attributes.get("ContentType")
        for element in OVERRIDE.findall(declared)
        if (attributes := dict(ATTRIBUTE.findall(element)))
    }
    for kind, part, content_type in OFFICE_PARTS:
        if part in names and overrides.get(f"/{part}") == content_type:
            return kind
    return None


def _is_text(path: Path) -> bool:
    """Valid UTF-8 (a BOM allowed) with no control characters but tabs and line breaks."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                if TEXT_CONTROLS.search(decoder.decode(chunk)):
                    return False
            return not TEXT_CONTROLS.search(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        return False


def source_path(directory: Path, name: str) -> Path:
    """The file `name` (as written in an import's metadata) inside `directory`; FileRefused otherwise.

    Only a relative path of plain parts is accepted: no absolute path, drive, `..`, NUL byte or
    backslash, and it must still be inside `directory` once links are resolved.
    """
    if not name or "\x00" in name or "\\" in name or len(name) > MAX_NAME * 4:
        raise FileRefused("a file name must be a plain relative path (no NUL bytes or backslashes)")
    relative = PurePosixPath(name)
    if relative.is_absolute() or PureWindowsPath(name).drive or ".." in relative.parts:
        raise FileRefused(f"{name[:80]!r} is not inside the import folder (absolute path or '..')")
    base = directory.resolve()
    resolved = (base / relative).resolve()
    if not resolved.is_relative_to(base) or resolved == base:
        raise FileRefused(f"{name[:80]!r} is not inside the import folder")
    if not resolved.is_file():
        raise FileRefused(f"{name[:80]!r} is not a file in the import folder")
    return resolved


def read_chunks(path: Path) -> Iterable[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


class FileStore:
    """The files of the library under `root` (DOCUMENTS_DIR), at most `max_bytes` each."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes

    @property
    def limit_text(self) -> str:
        return f"{self.max_bytes / (1024 * 1024):g} MB"

    def receive(self, chunks: Iterable[bytes], name: str | None = None) -> IncomingFile:
        """Write `chunks` to the incoming folder, checked; FileRefused (and nothing kept) when not allowed.

        `name` is only compared: a file called .pdf must be a PDF. Call `keep` to move it into
        the library or `discard` to drop it.
        """
        incoming = self.root / INCOMING
        incoming.mkdir(parents=True, exist_ok=True)
        path = incoming / f"{uuid.uuid4().hex}.part"
        digest, size = hashlib.sha256(), 0
        try:
            with open(path, "xb") as handle:
                for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FileRefused(f"the file is larger than the {self.limit_text} limit")
                    digest.update(chunk)
                    handle.write(chunk)
            if size == 0:
                raise FileRefused("the file is empty")
            kind = detect_type(path)
            if kind is None:
                raise FileRefused(f"its content is not an allowed type ({ALLOWED})")
            named = extension_of(name or "")
            if named and BY_EXTENSION.get(named) is not kind:
                raise FileRefused(
                    f"its name ends in .{named[:10]} but its content is {kind.label}; allowed: {ALLOWED}"
                )
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return IncomingFile(path, digest.hexdigest(), size, kind)

    def keep(self, incoming: IncomingFile) -> str:
        """Move a received file into the library under its generated name; return that name."""
        self.root.mkdir(parents=True, exist_ok=True)
        os.replace(incoming.path, self.root / incoming.stored_name)
        return incoming.stored_name

    def discard(self, incoming: IncomingFile) -> None:
        incoming.path.unlink(missing_ok=True)

    def path_of(self, stored_name: str | None) -> Path | None:
        """Where a stored file is, if the name is one this store generates and the file is there."""
        if not stored_name or not STORED_NAME.match(stored_name):
            return None
        path = self.root / stored_name
        return path if path.is_file() else None

    def is_intact(self, stored_name: str | None, checksum: str | None) -> bool:
        """The stored file is there and its content still has the recorded checksum."""
        path = self.path_of(stored_name)
        if path is None or checksum is None:
            return False
        digest = hashlib.sha256()
        for chunk in read_chunks(path):
            digest.update(chunk)
        return digest.hexdigest() == checksum

    def remove(self, stored_name: str) -> None:
        """Delete a stored file (when no document refers to it any more)."""
        path = self.path_of(stored_name)
        if path is not None:
            path.unlink(missing_ok=True)
