"""Reading a Yammer export: rows as records, bodies as plain text, and every kind of bad archive refused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.services.imports import RowError
from bot.services.yammer_export import (
    MESSAGE_COLUMNS,
    MESSAGE_REQUIRED,
    MESSAGES,
    ExportError,
    FileMissing,
    csv_rows,
    message_row,
    open_export,
    parse_time,
    plain_text,
    title_of,
)
from storage.files import FileRefused
from tests import yammer


def rows_of(path: Path) -> list[tuple[int, dict | None, str | None]]:
    export = open_export(path)
    try:
        with csv_rows(export, MESSAGES, MESSAGE_REQUIRED, MESSAGE_COLUMNS) as rows:
            return list(rows)
    finally:
        export.close()


def test_the_sample_reads_as_messages_with_their_lines_quotes_and_newlines() -> None:
    read = [message_row(line, row) for line, row, _ in rows_of(yammer.SAMPLE)]
    first = read[0]
    assert first.line == 2 and first.is_starter and first.files == ("2001",)
    assert first.body.startswith(
        "Sample thread (fictional): ballast water workshop in Testland\nDear colleagues"
    )
    assert 'three "quick wins": inspections, sediments, and training' in first.body
    assert first.body.endswith("Thanks to [[user:12]] for hosting us & for the coffee!")  # the entity read
    assert first.mentions == ["12"]
    assert first.created_at == datetime(2019, 3, 12, 9, 15, tzinfo=UTC)
    second = read[1]
    assert (
        second.line == 5 and second.thread_id == "1001" and not second.is_starter
    )  # the first spans 3 lines
    assert second.replied_to == "1001"
    deleted, linked, private = read[2], read[3], read[6]
    assert deleted.deleted and deleted.body == "" and private.private and private.body == ""
    (card,) = linked.links
    assert card.url == "https://www.example.org/testland/bwm-checklist"
    assert card.title == "Sample BWM inspection checklist (fictional)"
    assert read[7].group_id == "502" and read[8].thread_id == "1040"


def test_bodies_become_plain_text_with_links_kept_visible() -> None:
    assert plain_text("Fish &amp; chips &lt;b&gt;") == "Fish & chips <b>"  # entities are text, not tags
    assert plain_text("one<br>two<br/>three</p>four") == "one\ntwo\nthree\n\nfour"
    assert (
        plain_text('see <a href="https://example.org/a">our page</a>')
        == "see our page (https://example.org/a)"
    )
    assert plain_text('<a href="https://example.org/">https://example.org/</a>') == "https://example.org/"
    assert plain_text("<script>alert(1)</script> a\x07b [[user:5]]") == "alert(1) ab [[user:5]]"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-03-04 10:11:12 UTC", datetime(2019, 3, 4, 10, 11, 12, tzinfo=UTC)),
        ("2019-03-04T10:11:12Z", datetime(2019, 3, 4, 10, 11, 12, tzinfo=UTC)),
        ("2019-03-04 12:11:12 +0200", datetime(2019, 3, 4, 10, 11, 12, tzinfo=UTC)),
        ("2019-03-04 10:11:12", datetime(2019, 3, 4, 10, 11, 12, tzinfo=UTC)),
    ],
)
def test_times_as_exports_write_them(value: str, expected: datetime) -> None:
    assert parse_time(value, "created_at") == expected


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"body": "a\x00b"}, "NUL byte"),
        ({"body": "x" * 100_000}, "100,000 characters long"),
        ({"id": "12ab"}, "id '12ab' is not a Yammer id"),
        ({"id": ""}, "id is empty"),
        ({"created_at": "yesterday"}, "created_at 'yesterday' is not a date and time"),
        ({"thread_id": "../1"}, "thread_id '../1' is not a Yammer id"),
        ({"attachments": "x" * 20_000}, "attachments is 20,000 characters long"),
    ],
)
def test_a_bad_row_says_what_is_wrong(changes: dict[str, str], reason: str) -> None:
    with pytest.raises(RowError, match=reason):
        message_row(2, yammer.message(5) | changes)


def test_deleted_and_private_rows_carry_nothing_but_their_ids() -> None:
    deleted = message_row(2, yammer.message(5, "secret", deleted_at="2020-01-01", created_at="garbage"))
    assert deleted.deleted and deleted.body == "" and deleted.id == "5"
    by_flag = message_row(2, yammer.message(6, "secret", in_private_conversation="TRUE"))
    by_participants = message_row(2, yammer.message(7, "secret", participants="user:11,user:12"))
    assert by_flag.private and by_participants.private and by_flag.body == by_participants.body == ""
    assert not message_row(2, yammer.message(8, deleted_at="null")).deleted
    assert message_row(2, yammer.message(9, message_type="system")).system


def test_a_thread_title_is_its_first_words_with_names() -> None:
    names = {"12": "Bo Sample"}.get
    assert title_of("Thanks [[user:12]] for the notes of the workshop\nmore", lambda i: names(i) or "?") == (
        "Thanks Bo Sample for the notes of the workshop"
    )
    assert title_of("one two three four five six seven eight nine ten eleven", str) == (
        "one two three four five six seven eight nine ten…"
    )
    assert title_of("", str) == ""


def test_a_zip_and_its_folder_read_alike_even_inside_one_top_folder(tmp_path: Path) -> None:
    zipped = yammer.zip_folder(yammer.SAMPLE, tmp_path / "export.zip")
    nested = yammer.zip_folder(yammer.SAMPLE, tmp_path / "nested.zip", inside="export-2021/")
    assert rows_of(zipped) == rows_of(yammer.SAMPLE) == rows_of(nested)
    export = open_export(nested)
    try:
        assert b"".join(export.file_chunks("files/2001.PDF", 10_000)).startswith(b"%PDF")
        with pytest.raises(FileMissing):
            export.file_chunks("Files/2002.docx", 10_000)
        with pytest.raises(FileRefused, match="not a plain path"):
            export.file_chunks("../Messages.csv", 10_000)
    finally:
        export.close()


def test_unknown_columns_are_ignored_and_a_missing_one_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    yammer.write_rows(folder / "Messages.csv", [yammer.message(1) | {"reactions": "3", "Colour": "red"}])
    assert [row["id"] for _, row, _ in rows_of(folder)] == ["1"]
    yammer.write_rows(folder / "Messages.csv", [{k: v for k, v in yammer.message(1).items() if k != "body"}])
    with pytest.raises(ExportError, match=r"Messages.csv: missing column\(s\) body"):
        rows_of(folder)


@pytest.mark.parametrize(
    ("members", "problem"),
    [
        ({"notes.txt": "hello"}, "not a Yammer export"),
        ({"../Messages.csv": "id\n", "Users.csv": "id,name\n"}, "a file named '../Messages.csv'"),
        ({"/etc/Messages.csv": "id\n"}, "a file named '/etc/Messages.csv'"),
        ({"Messages.csv": "id\n", "files/..\\..\\evil.pdf": "x"}, "a file named"),
        ({"a/Messages.csv": "id\n", "b/Messages.csv": "id\n"}, "not a Yammer export"),
    ],
)
def test_an_archive_that_is_not_an_export_or_reaches_outside_is_refused(
    tmp_path: Path, members: dict[str, str], problem: str
) -> None:
    with pytest.raises(ExportError, match=problem):
        open_export(yammer.zip_of(tmp_path / "bad.zip", members))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.zip"]  # nothing was extracted


def test_a_file_that_is_neither_zip_nor_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(b"%PDF-1.4 not a zip")
    with pytest.raises(ExportError, match="not a ZIP file or a folder"):
        open_export(path)
    with pytest.raises(ExportError, match="no such file"):
        open_export(tmp_path / "nowhere.zip")


def test_a_messages_csv_that_inflates_a_thousandfold_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    bomb = yammer.zip_of(tmp_path / "bomb.zip", {"Messages.csv": yammer.zeros(64 * 1024 * 1024)})
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(ExportError, match="inflates 200-fold or more"):
        rows_of(bomb)


@pytest.mark.parametrize(
    ("encoding", "problem"),
    [("utf-16", "UTF-16 text"), ("latin-1", "not UTF-8 text")],
)
def test_a_csv_in_another_encoding_is_refused_as_a_whole(tmp_path: Path, encoding: str, problem: str) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    rows = [yammer.message(n, "Réunion à Port Sample, café") for n in range(1, 4)]
    (folder / "Messages.csv").write_bytes(yammer.csv_text(rows).encode(encoding))
    with pytest.raises(ExportError, match=problem):
        rows_of(folder)
    zipped = yammer.zip_of(tmp_path / "latin.zip", {"Messages.csv": yammer.csv_text(rows).encode(encoding)})
    with pytest.raises(ExportError, match=problem):
        rows_of(zipped)


def test_a_field_beyond_the_csv_readers_limit_is_one_bad_row(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    yammer.write_rows(folder / "Messages.csv", [yammer.message(1, "x" * 200_000), yammer.message(2)])
    read = rows_of(folder)
    assert read[0][1] is None and "field larger than field limit" in (read[0][2] or "")
    assert [row["id"] for _, row, _ in read if row] == ["2"]
