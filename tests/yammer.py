"""Yammer exports built for tests: the sample in examples/, copies of it changed, ZIPs, hostile archives.

Every name and text is fictional ("Sample NKPO of Testland").
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "yammer-export"
GROUP = "Sample NKPO of Testland"
MESSAGE_COLUMNS = [
    "id", "replied_to_id", "thread_id", "group_id", "group_name", "participants", "in_private_conversation",
    "sender_id", "sender_name", "body", "attachments", "created_at", "deleted_at", "message_type",
]  # fmt: skip


def copy_sample(tmp_path: Path, name: str = "export") -> Path:
    """A copy of the sample export to change."""
    target = tmp_path / name
    shutil.copytree(SAMPLE, target)
    return target


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, Any]], columns: list[str] | None = None) -> None:
    """A CSV file as exports write it: UTF-8 with a BOM, every field quoted."""
    names = columns or list(rows[0])
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, names, quoting=csv.QUOTE_ALL, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def message(
    message_id: str | int,
    body: str = "Sample message (fictional).",
    thread: str | int | None = None,
    **more: Any,
) -> dict[str, str]:
    """A row of Messages.csv in the sample's group, by Ana Example (11), on 1 May 2021 unless told."""
    row = {
        "id": str(message_id),
        "thread_id": str(thread if thread is not None else message_id),
        "group_id": "501",
        "group_name": GROUP,
        "in_private_conversation": "false",
        "sender_id": "11",
        "body": body,
        "created_at": "2021-05-01 10:00:00 UTC",
    }
    row.update({name: str(value) for name, value in more.items()})
    return row


def add_messages(export: Path, *rows: dict[str, str]) -> None:
    """Append rows to an export's Messages.csv."""
    path = export / "Messages.csv"
    existing = read_rows(path)
    write_rows(path, existing + list(rows), list(existing[0]))


def zip_folder(folder: Path, target: Path, inside: str = "") -> Path:
    """The export folder as a ZIP, its files at the top (or under `inside`/)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, inside + str(path.relative_to(folder)))
    return target


def zip_of(target: Path, members: dict[str, bytes | str]) -> Path:
    """A ZIP holding exactly these members (names as given, hostile ones too)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name), content, zipfile.ZIP_DEFLATED)
    return target


def sample_members() -> dict[str, bytes | str]:
    """The sample export's files, by their names in a ZIP."""
    return {str(p.relative_to(SAMPLE)): p.read_bytes() for p in sorted(SAMPLE.rglob("*")) if p.is_file()}


def zeros(size: int) -> bytes:
    """Content that deflates a thousandfold: the stuff of zip bombs."""
    return b"0" * size


def csv_text(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(rows[0]), quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
