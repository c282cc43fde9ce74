"""The file store: generated names, types read from content, the size limit, and no path from input."""

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from storage.files import (
    DOCX,
    GIF,
    JPEG,
    PDF,
    PNG,
    PPTX,
    TXT,
    XLSX,
    FileRefused,
    FileStore,
    clean_file_name,
    detect_type,
    read_member,
    source_path,
)
from tests import samples


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "documents", max_bytes=2048)


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (samples.pdf(), PDF),
        (samples.png(), PNG),
        (samples.jpeg(), JPEG),
        (samples.gif(), GIF),
        (samples.office("docx"), DOCX),
        (samples.office("xlsx"), XLSX),
        (samples.office("pptx"), PPTX),
        (samples.text("Plain text, with accents: Côte d'Ivoire\n\tand a tab\r\n"), TXT),
        ("\ufeffWith a byte order mark".encode(), TXT),
    ],
)
def test_types_are_read_from_the_content(tmp_path: Path, content: bytes, kind: object) -> None:
    assert detect_type(write(tmp_path / "file", content)) is kind


@pytest.mark.parametrize(
    "content",
    [
        samples.EXE,
        samples.plain_zip(),
        samples.office("docm"),  # a macro-enabled document is not a DOCX
        samples.office("docx", declare=False),  # the part is there but not declared
        b"PK\x03\x04 truncated zip",
        b"caf\xe9 in Latin-1, not UTF-8",
        b"text with a NUL \x00 byte",
        b"\x1b[31mterminal escape\x1b[0m",
    ],
)
def test_anything_else_is_no_allowed_type(tmp_path: Path, content: bytes) -> None:
    assert detect_type(write(tmp_path / "file", content)) is None


def test_a_kept_file_has_a_generated_name_from_its_checksum(store: FileStore) -> None:
    incoming = store.receive([samples.pdf()[:10], samples.pdf()[10:]], "../../etc/passwd.pdf")
    assert incoming.type is PDF and incoming.size == len(samples.pdf())
    name = store.keep(incoming)
    assert name == f"{incoming.checksum}.pdf" and len(incoming.checksum) == 64
    assert store.path_of(name) == store.root / name and (store.root / name).read_bytes() == samples.pdf()
    assert sorted(p.name for p in store.root.iterdir()) == [".incoming", name]
    assert list((store.root / ".incoming").iterdir()) == []
    again = store.receive([samples.pdf()], "copy.pdf")
    assert again.stored_name == name  # same content, same name: never stored twice
    store.discard(again)
    assert store.is_intact(name, incoming.checksum)


@pytest.mark.parametrize(
    ("chunks", "name", "problem"),
    [
        ([b"x" * 1500, b"x" * 1500], "big.txt", "larger than the 0.00195312 MB limit"),
        ([], "empty.pdf", "the file is empty"),
        ([samples.EXE], "setup.pdf", "not an allowed type"),
        ([samples.png()], "report.pdf", "ends in .pdf but its content is PNG image"),
        ([samples.pdf()], "report.exe", "ends in .exe but its content is PDF"),
    ],
)
def test_refused_files_leave_nothing_behind(
    store: FileStore, chunks: list[bytes], name: str, problem: str
) -> None:
    with pytest.raises(FileRefused, match=problem.replace(".", r"\.")):
        store.receive(chunks, name)
    assert list((store.root / ".incoming").iterdir()) == []


def test_a_name_without_extension_is_judged_by_content(store: FileStore) -> None:
    assert store.receive([samples.office("xlsx")], "budget").type is XLSX
    assert store.receive([samples.jpeg()], "photo.JPEG").type is JPEG


@pytest.mark.parametrize(
    "stored", ["../secret.pdf", "/etc/passwd", "abc.pdf", "0" * 64 + ".pdf/../x", "", None, "0" * 64]
)
def test_only_generated_names_are_ever_opened(store: FileStore, stored: str | None) -> None:
    assert store.path_of(stored) is None and not store.is_intact(stored, "0" * 64)


def test_a_changed_or_missing_file_is_not_intact(store: FileStore) -> None:
    incoming = store.receive([samples.text()], "notes.txt")
    name = store.keep(incoming)
    (store.root / name).write_bytes(b"tampered")
    assert not store.is_intact(name, incoming.checksum)
    store.remove(name)
    assert store.path_of(name) is None


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../outside.pdf", "not inside the import folder"),
        ("sub/../../outside.pdf", "not inside the import folder"),
        ("/etc/passwd", "not inside the import folder"),
        ("C:\\Windows\\win.ini", "plain relative path"),
        ("C:win.ini", "not inside the import folder"),
        ("a\x00b.pdf", "plain relative path"),
        ("link.pdf", "not inside the import folder"),
        (".", "not inside the import folder"),
        ("missing.pdf", "is not a file"),
        ("sub", "is not a file"),
        ("", "plain relative path"),
    ],
)
def test_import_paths_stay_inside_the_folder(tmp_path: Path, name: str, problem: str) -> None:
    folder = tmp_path / "import"
    (folder / "sub").mkdir(parents=True)
    write(tmp_path / "outside.pdf", samples.pdf())
    os.symlink(tmp_path / "outside.pdf", folder / "link.pdf")
    with pytest.raises(FileRefused, match=problem):
        source_path(folder, name)


def test_import_paths_inside_the_folder_are_found(tmp_path: Path) -> None:
    folder = tmp_path / "import"
    (folder / "sub").mkdir(parents=True)
    write(folder / "sub" / "a.pdf", samples.pdf())
    assert source_path(folder, "sub/a.pdf") == (folder / "sub" / "a.pdf").resolve()
    assert source_path(folder, "./sub/a.pdf") == (folder / "sub" / "a.pdf").resolve()


def test_file_names_shown_to_people_are_cleaned() -> None:
    assert clean_file_name("../../etc/passwd", "x") == "passwd"
    assert clean_file_name("C:\\Users\\me\\report.pdf", "x") == "report.pdf"
    assert clean_file_name("evil\u202eFDP.exe\n", "x") == "evilFDP.exe"
    assert clean_file_name("...", "fallback.pdf") == "fallback.pdf"
    long = clean_file_name("a" * 300 + ".pdf", "x")
    assert len(long) <= 120 and long.endswith(".pdf")


def test_an_office_file_that_lies_about_its_size_is_refused_without_inflating_it(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(samples.office_bomb(256))  # 256 MiB of XML claimed as 1,000 bytes
    assert bomb.stat().st_size < 2 * 1024 * 1024
    probe = (  # VmHWM: this process's own peak (ru_maxrss would include the forking parent's)
        "from pathlib import Path; from storage.files import detect_type; "
        f"kind = detect_type(Path({str(bomb)!r})); "
        "peak = next(l for l in open('/proc/self/status') if l.startswith('VmHWM:')).split()[1]; "
        "print(kind, peak)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    kind, peak_kib = done.stdout.split()
    assert kind == "None" and int(peak_kib) < 120 * 1024, f"peak {int(peak_kib) // 1024} MiB"


def test_archive_members_are_read_with_a_cap_and_a_ratio_check() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("small.csv", "a,b\n1,2\n")
        archive.writestr("zeros.bin", b"\0" * 1_000_000)
    with zipfile.ZipFile(buffer) as archive:
        assert read_member(archive, archive.getinfo("small.csv"), 100) == b"a,b\n1,2\n"
        with pytest.raises(FileRefused, match="larger than 5 bytes"):
            read_member(archive, archive.getinfo("small.csv"), 5)
        with pytest.raises(FileRefused, match="inflates 200-fold"):
            read_member(archive, archive.getinfo("zeros.bin"), 10_000_000)
