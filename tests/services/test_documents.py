"""The document library service and the document import, on a real database (rolled back)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services import documents
from bot.services.documents import Availability, DocumentFields
from bot.services.imports import ImportFileError, import_documents
from bot.text import InputError
from storage.files import FileStore
from storage.models import Document, PendingDocument, utcnow
from storage.seed import load_seed
from tests import samples
from tests.records import arrangement


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "documents", max_bytes=1024 * 1024)


def fields(symbol: str = "SAMPLE/DOC/1", **changes: object) -> DocumentFields:
    values: dict = {"symbol": symbol, "title": "Sample guidance note (not an IMO document)", "kind": "other"}
    return DocumentFields(**(values | changes))


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Document)) or 0


def test_a_good_description_is_cleaned_and_checked(session: Session) -> None:
    arrangement(session, "S-1", "Sample partner Alpha")
    checked, problems = documents.check_fields(
        session,
        {
            "symbol": " SAMPLE/DOC/1 ",
            "title": "Sample  note",
            "kind": "Circular-Letter",
            "issued_on": "2023-12-01",
            "languages": "EN; fr",
            "tags": "Ballast water, SIDS, sids",
            "programmes": ["bwm-convention"],
            "arrangements": "S-1",
            "url": "https://example.org/sample.pdf",
            "summary": "Line one\r\nline two",
        },
    )
    assert problems == {}
    assert checked == DocumentFields(
        "SAMPLE/DOC/1", "Sample note", "circular_letter", date(2023, 12, 1), ("en", "fr"),
        ("ballast water", "sids"), "Line one\nline two", ("bwm-convention",), ("S-1",),
        "https://example.org/sample.pdf",
    )  # fmt: skip


def test_each_bad_field_is_named(session: Session) -> None:
    checked, problems = documents.check_fields(
        session,
        {
            "symbol": "a.1006 (25)",
            "title": "x" * 301,
            "kind": "novel",
            "issued_on": "1 May 2020",
            "languages": "english",
            "url": "javascript:alert(1)",
            "programmes": "no-such-programme",
            "arrangements": "NO-SUCH-REF",
            "summary": "y" * 3001,
        },
    )
    assert checked is None
    assert set(problems) == {
        "symbol", "title", "kind", "issued_on", "languages", "url", "programmes", "arrangements", "summary",
    }  # fmt: skip
    assert "looks like A.1006(25)" in problems["symbol"]
    assert "no-such-programme" in problems["programmes"]
    assert (
        "TC 74/4(a) is already"
        in documents.check_fields(session, {"symbol": "tc 74/4(A)", "title": "t"})[1]["symbol"]
    )
    assert "empty" in documents.check_fields(session, {"symbol": "()", "title": "t"})[1]["symbol"]


def test_adding_with_a_file_keeps_the_row_and_the_file(session: Session, store: FileStore) -> None:
    incoming = store.receive([samples.pdf()], "note.pdf")
    added = documents.add_document(session, fields(), "USECRETARIAT1", store, incoming, "../note.pdf")
    assert added.id and added.stored_name == f"{incoming.checksum}.pdf" and added.original_name == "note.pdf"
    assert (added.mime_type, added.size_bytes, added.checksum) == (
        "application/pdf",
        len(samples.pdf()),
        incoming.checksum,
    )
    assert documents.availability(added, store) is Availability.FILE
    assert store.is_intact(added.stored_name, added.checksum)


def test_the_same_file_or_symbol_is_never_added_twice(session: Session, store: FileStore) -> None:
    documents.add_document(session, fields(), "U1", store, store.receive([samples.pdf()], "a.pdf"))
    before = count(session)
    with pytest.raises(InputError, match="already in the library as SAMPLE/DOC/1"):
        documents.add_document(
            session, fields("SAMPLE/DOC/2"), "U1", store, store.receive([samples.pdf()], "b.pdf")
        )
    with pytest.raises(InputError, match="already in the library"):
        documents.add_document(session, fields("sample/doc/1"), "U1")
    assert count(session) == before
    assert list((store.root / ".incoming").iterdir()) == []


def test_availability_of_seeded_linked_and_lost_files(session: Session, store: FileStore) -> None:
    seeded = session.scalars(select(Document).where(Document.symbol == "A.986(24)")).one()
    assert documents.availability(seeded, store) is Availability.NONE
    linked = documents.add_document(session, fields(url="https://example.org/x"), "U1")
    assert documents.availability(linked, store) is Availability.LINK
    filed = documents.add_document(
        session, fields("SAMPLE/DOC/2"), "U1", store, store.receive([samples.png()], "p.png")
    )
    store.remove(filed.stored_name or "")
    assert documents.availability(filed, store) is Availability.MISSING


def test_a_pending_addition_waits_for_its_file_then_becomes_a_document_once(
    session: Session, store: FileStore
) -> None:
    documents.start_pending(session, "USECRETARIAT1", fields("SAMPLE/OLD"))
    pending = documents.start_pending(session, "USECRETARIAT1", fields())  # a newer form replaces it
    assert session.scalar(select(func.count()).select_from(PendingDocument)) == 1
    assert documents.pending_for(session, "USECRETARIAT1") is pending
    assert documents.pending_for(session, "USECRETARIAT1", utcnow() + timedelta(hours=25)) is None
    assert (
        count(session) == 6
        and session.scalar(select(Document).where(Document.symbol == "SAMPLE/DOC/1")) is None
    )

    checked, _ = documents.check_fields(session, pending.fields)
    assert checked == fields()
    added = documents.complete_pending(
        session, pending, checked, store, store.receive([samples.text()], "n.txt"), "n.txt"
    )
    assert (
        added.symbol == "SAMPLE/DOC/1"
        and added.added_by == "USECRETARIAT1"
        and added.mime_type == "text/plain"
    )
    assert documents.pending_for(session, "USECRETARIAT1") is None
    with pytest.raises(InputError, match="already added"):
        documents.complete_pending(
            session, pending, checked, store, store.receive([samples.gif()], "g.gif"), None
        )
    assert list((store.root / ".incoming").iterdir()) == []


def test_cancelling_a_pending_addition(session: Session) -> None:
    assert documents.cancel_pending(session, "U1") is None
    documents.start_pending(session, "U1", fields())
    assert documents.cancel_pending(session, "U1") == "SAMPLE/DOC/1"
    assert documents.pending_for(session, "U1") is None


def test_shares_are_recorded_and_counted(session: Session) -> None:
    document = documents.add_document(session, fields(url="https://example.org/x"), "U1")
    documents.record_share(session, document.id, "U2", "C1", message_ts="1.2")
    documents.record_share(session, document.id, "U3", "C2", slack_file_id="F1")
    assert documents.share_count(session, document.id) == 2


def write_import(folder: Path, rows: list[str], files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    header = "symbol,title,kind,issued_on,languages,tags,programmes,summary,url,file"
    (folder / "documents.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return folder


def test_import_keeps_good_rows_reports_bad_ones_by_line_and_changes_nothing_twice(
    session: Session, store: FileStore, tmp_path: Path
) -> None:
    (tmp_path / "secret.pdf").write_bytes(samples.pdf("outside"))
    folder = write_import(
        tmp_path / "import",
        [
            'SAMPLE/IMP/1,Sample note,other,2024-01-31,en;fr,"bwm, sample",bwm-convention,,,notes/one.pdf',
            "SAMPLE/IMP/2,Sample linked page,brochure,,en,,,,https://example.org/page,",
            "Circular Letter No.4004,NKPO designation and form,circular_letter,,en,nkpo,,,,cl4004.pdf",
            "SAMPLE/IMP/3,Escapes the folder,other,,,,,,,../secret.pdf",
            "SAMPLE/IMP/4,A program pretending,other,,,,,,,setup.pdf",
            "SAMPLE/IMP/5,Missing file,other,,,,,,,nowhere.pdf",
            "SAMPLE/IMP/1,The same symbol again,other,,,,,,,",
            "SAMPLE/IMP/6,Unknown kind,novel,,,,,,,",
            "SAMPLE/IMP/7,Same file as line 2,other,,,,,,,copy.pdf",
            "SAMPLE/IMP/8,Absolute path,other,,,,,,,/etc/passwd",
        ],
        {"notes/one.pdf": samples.pdf("one"), "cl4004.pdf": samples.pdf("cl"), "setup.pdf": samples.EXE,
         "copy.pdf": samples.pdf("one")},
    )  # fmt: skip
    progress: list[tuple[int, int]] = []
    report = import_documents(session, folder, store, lambda done, total: progress.append((done, total)))
    assert (report.inserted, report.updated, report.unchanged) == (2, 1, 0)
    errors = dict(report.errors)
    assert sorted(errors) == [5, 6, 7, 8, 9, 10, 11]
    assert "not inside the import folder" in errors[5] and "not inside the import folder" in errors[11]
    assert "not an allowed type" in errors[6] and "is not a file" in errors[7]
    assert "already appears on line 2" in errors[8] and "kind" in errors[9]
    assert "already in the library as SAMPLE/IMP/1" in errors[10]
    assert progress[-1] == (10, 10)

    one = session.scalars(select(Document).where(Document.symbol == "SAMPLE/IMP/1")).one()
    assert one.languages == ["en", "fr"] and [p.slug for p in one.programmes] == ["bwm-convention"]
    assert one.original_name == "one.pdf" and store.is_intact(one.stored_name, one.checksum)
    cl = session.scalars(select(Document).where(Document.symbol == "Circular Letter No.4004")).one()
    assert cl.stored_name and cl.edited_at is not None
    assert sorted(p.name for p in store.root.iterdir()) == sorted(
        [".incoming", one.stored_name, cl.stored_name]
    )
    assert list((store.root / ".incoming").iterdir()) == []
    assert load_seed(session).kept_edits >= 1 and cl.stored_name  # the seed leaves the imported file alone

    again = import_documents(session, folder, store)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3) and len(again.errors) == 7

    (folder / "notes" / "one.pdf").write_bytes(samples.pdf("one, corrected"))
    (folder / "copy.pdf").write_bytes(samples.pdf("a file of its own now"))
    replaced = import_documents(session, folder, store)
    assert (replaced.inserted, replaced.updated, replaced.unchanged) == (1, 1, 2)
    assert documents.unreferenced_files(session, replaced.replaced_files) == replaced.replaced_files != []


def test_an_import_folder_without_its_metadata_file_is_refused(
    session: Session, store: FileStore, tmp_path: Path
) -> None:
    with pytest.raises(ImportFileError, match=r"no documents\.csv"):
        import_documents(session, tmp_path, store)
    (tmp_path / "documents.csv").write_text("name,title\nx,y\n")
    with pytest.raises(ImportFileError, match=r"missing column.*symbol.*unknown column.*name"):
        import_documents(session, tmp_path, store)


def test_only_a_record_without_file_or_link_is_fillable(session: Session, store: FileStore) -> None:
    assert documents.fillable(session, "a 986 (24)").symbol == "A.986(24)"  # type: ignore[union-attr]
    linked = documents.add_document(session, fields(url="https://example.org/x"), "U1")
    assert documents.fillable(session, linked.symbol) is None and documents.fillable(session, "") is None
    fields_, problems = documents.check_fields(
        session, {"symbol": "A.986(24)", "title": "t", "url": "https://x.org/a|b"}
    )
    assert fields_ is None and set(problems) == {"symbol", "url"}
    seeded = documents.fillable(session, "A.986(24)")
    checked, problems = documents.check_fields(session, {"symbol": "A.986(24)", "title": "Filled in"}, seeded)
    assert problems == {} and checked is not None
    documents.update_document(
        session, seeded, checked, store, store.receive([samples.pdf()], "a.pdf"), "a.pdf", by="USECRETARIAT1"
    )  # type: ignore[arg-type]
    assert (
        seeded.stored_name
        and seeded.title == "Filled in"
        and documents.fillable(session, "A.986(24)") is None
    )
