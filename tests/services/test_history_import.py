"""Importing a Yammer export: what is kept, what never is, twice changing nothing, an interrupted import
finished, files into the library through its checks, people mapped to Slack users."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.deps import Deps
from bot.services import history_import
from bot.services.documents import file_store
from bot.services.history import search_history
from bot.services.history_import import HistoryImportReport, import_yammer
from bot.services.imports import LookupFailed
from bot.services.yammer_export import ExportError, open_export
from storage.files import FileStore
from storage.models import (
    Base,
    Document,
    YammerFile,
    YammerGroup,
    YammerMessage,
    YammerThread,
    YammerUser,
)
from tests import samples, yammer


@pytest.fixture
def store(settings: Settings) -> FileStore:
    return file_store(settings)


def run(session: Session, path: Path, store: FileStore, **options: object) -> HistoryImportReport:
    export = open_export(path)
    try:
        return import_yammer(session, export, store, **options)  # type: ignore[arg-type]
    finally:
        export.close()


def messages(session: Session) -> dict[str, str]:
    return {m.export_id: m.body for m in session.scalars(select(YammerMessage))}


def count(session: Session, model: type[Base]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def found(session: Session, words: str) -> list[str]:
    return [hit.thread.title for hit in search_history(session, words).hits]


def test_the_sample_is_imported_with_its_threads_in_order(session: Session, store: FileStore) -> None:
    report = run(session, yammer.SAMPLE, store, group=yammer.GROUP)
    assert (report.threads, report.messages, report.files) == (3, 6, 1)
    assert report.skipped == {"deleted": 1, "private": 1, "other group": 1}
    assert report.files_left == {"not in the export": 1} and not report.problems
    assert [reason for _, _, reason in report.notes] == [
        "thread 1040 has no first message in the export; its messages are kept as a thread of their own",
        "'Sample donor templates.docx' is named but not in the export's files",
    ]
    assert str(report).startswith(
        "3 threads and 6 messages added (0 updated, 0 unchanged, 0 removed); 1 file"
    )
    workshop = session.scalars(select(YammerThread).where(YammerThread.export_id == "1001")).one()
    assert workshop.title == "Sample thread (fictional): ballast water workshop in Testland"
    assert workshop.group is not None and workshop.group.name == yammer.GROUP
    replies = session.scalars(
        select(YammerMessage).where(YammerMessage.thread_id == workshop.id).order_by(YammerMessage.created_at)
    ).all()
    assert [(m.export_id, m.is_starter, m.author.name if m.author else None) for m in replies] == [
        ("1001", True, "Ana Example"),
        ("1002", False, "Bo Sample"),
        ("1004", False, "Ana Example"),
    ]
    assert replies[2].links[0]["title"] == "Sample BWM inspection checklist (fictional)"
    dangling = session.scalars(select(YammerThread).where(YammerThread.export_id == "1040")).one()
    assert dangling.title.startswith("Sample reply whose thread is not in the export")


def test_deleted_private_and_other_groups_messages_are_never_imported(
    session: Session, store: FileStore
) -> None:
    run(session, yammer.SAMPLE, store, group=yammer.GROUP)
    held = messages(session)
    assert not {"1003", "1020", "1030"} & set(held)
    assert (
        found(session, "wrong thread")
        == found(session, "budget settled")
        == found(session, "lunch menu")
        == []
    )
    assert session.scalars(select(YammerGroup.name)).all() == [yammer.GROUP]
    tables = ("yammer_messages", "yammer_threads", "yammer_users", "yammer_groups", "yammer_files")
    rows = [row for table in tables for row in session.execute(text(f"SELECT * FROM {table}"))]
    everything = " ".join(str(value) for row in rows for value in row)
    for secret in (
        "wrong thread",
        "between the two of us",
        "end-of-year lunch",
        "Sample other group",
        "@example.org",
    ):
        assert secret not in everything
    people = session.scalars(select(YammerUser.name).order_by(YammerUser.name)).all()
    assert people == ["Ana Example", "Bo Sample", "Chidi Placeholder", "Dana Testperson"]


def test_without_group_every_group_but_still_no_deleted_or_private_message(
    session: Session, store: FileStore
) -> None:
    report = run(session, yammer.SAMPLE, store)
    assert report.messages == 7 and report.skipped == {"deleted": 1, "private": 1}
    assert found(session, "lunch menu") == ["Sample thread of another group (fictional): the menu of our…"]
    assert not {"1003", "1020"} & set(messages(session))


def test_a_group_the_export_does_not_have_imports_nothing(session: Session, store: FileStore) -> None:
    with pytest.raises(
        ExportError, match=r"no group named 'Sample group of Nowhere'.*Sample NKPO of Testland"
    ):
        run(session, yammer.SAMPLE, store, group="Sample group of Nowhere")
    assert count(session, YammerMessage) == count(session, YammerUser) == 0
    assert run(session, yammer.SAMPLE, store, group="sample nkpo of testland").messages == 6  # any case
    assert count(session, YammerMessage) == 6


def test_importing_twice_changes_nothing_and_a_larger_export_adds_what_is_new(
    session: Session, store: FileStore, tmp_path: Path
) -> None:
    run(session, yammer.SAMPLE, store, group=yammer.GROUP)
    before = messages(session)
    documents = count(session, Document)
    again = run(session, yammer.SAMPLE, store, group=yammer.GROUP)
    assert (again.threads, again.messages, again.updated, again.unchanged, again.files) == (0, 0, 0, 6, 0)
    assert messages(session) == before and count(session, Document) == documents
    larger = yammer.copy_sample(tmp_path)
    yammer.add_messages(
        larger,
        yammer.message(1005, "Sample late reply (fictional): we used the checklist in 2021.", thread=1001),
        yammer.message(1050, "Sample new thread (fictional): port state control training in 2021."),
    )
    more = run(session, larger, store, group=yammer.GROUP)
    assert (more.threads, more.messages, more.unchanged) == (1, 2, 6)
    assert found(session, "checklist 2021") == [
        "Sample thread (fictional): ballast water workshop in Testland"
    ]


def test_an_edited_message_is_updated_and_one_deleted_since_is_removed(
    session: Session, store: FileStore, tmp_path: Path
) -> None:
    run(session, yammer.SAMPLE, store, group=yammer.GROUP)
    later = yammer.copy_sample(tmp_path)
    rows = yammer.read_rows(later / "Messages.csv")
    for row in rows:
        if row["id"] == "1002":
            row["body"] = "Thank you, Ana (edited): the checklist, please."
        if row["id"] == "1010":  # the first message of a thread: the whole thread goes
            row["deleted_at"] = "2021-01-01 00:00:00 UTC"
    yammer.write_rows(later / "Messages.csv", rows)
    report = run(session, later, store, group=yammer.GROUP)
    assert (report.updated, report.removed) == (1, 2)
    assert messages(session)["1002"] == "Thank you, Ana (edited): the checklist, please."
    assert not {"1010", "1011"} & set(messages(session))
    assert found(session, "resource mobilization") == [] and found(session, "edited")


def test_an_interrupted_import_finishes_when_run_again_without_doubles(
    deps: Deps, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_import, "BATCH", 2)
    store = file_store(deps.settings)
    calls = 0

    def crash_on_the_third_commit(session: Session) -> Callable[[], None]:
        def checkpoint() -> None:
            nonlocal calls
            calls += 1
            if calls == 3:
                raise KeyboardInterrupt  # the operator's Ctrl-C, or a killed process
            session.commit()

        return checkpoint

    with pytest.raises(KeyboardInterrupt), deps.db.session() as session:
        run(session, yammer.SAMPLE, store, group=yammer.GROUP, checkpoint=crash_on_the_third_commit(session))
    with deps.db.session() as session:
        assert 0 < count(session, YammerMessage) < 6
    with deps.db.session() as session:
        report = run(session, yammer.SAMPLE, store, group=yammer.GROUP, checkpoint=session.commit)
    with deps.db.session() as session:
        assert count(session, YammerMessage) == 6 and count(session, YammerThread) == 3
        assert report.messages + report.unchanged == 6 and report.unchanged > 0
        assert count(session, YammerFile) == 2
        assert (
            session.scalar(select(func.count()).select_from(Document).where(Document.origin == "yammer")) == 1
        )


def test_bad_rows_are_reported_by_file_and_line_and_the_rest_kept(
    session: Session, store: FileStore, tmp_path: Path
) -> None:
    export = yammer.copy_sample(tmp_path)
    yammer.add_messages(
        export,
        yammer.message(1060, "Sample (fictional) with a NUL \x00 byte"),
        yammer.message(1061, "x" * 100_000),
        yammer.message(1062, "Sample (fictional): a good row after the bad ones."),
        yammer.message(1062, "Sample (fictional): the same id again."),
        yammer.message(1063, "Sample (fictional): no date", created_at="soon"),
    )
    report = run(session, export, store, group=yammer.GROUP)
    assert [(name, reason.split(",")[0]) for name, _, reason in report.problems] == [
        ("Messages.csv", "it holds a NUL byte"),
        ("Messages.csv", "the message is 100"),
        ("Messages.csv", "message id 1062 already appears earlier in the file"),
        ("Messages.csv", "created_at 'soon' is not a date and time like 2019-03-04 10:11:12 UTC"),
    ]
    assert [line for _, line, _ in report.problems] == [16, 17, 19, 20]  # the sample ends on line 15
    assert report.skipped["bad row"] == 4 and "1062" in messages(session)
    assert messages(session)["1062"] == "Sample (fictional): a good row after the bad ones."


def test_files_go_into_the_library_through_its_checks_labelled_with_their_origin(
    session: Session, store: FileStore, tmp_path: Path
) -> None:
    export = yammer.copy_sample(tmp_path / "in")
    (export / "Files" / "2003.pdf").write_bytes(samples.EXE)
    (export / "Files" / "2004.pdf").write_bytes(samples.pdf("Sample second notes (fictional)"))
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(samples.pdf("outside the export"))
    files = yammer.read_rows(export / "Files.csv")
    files += [
        {"file_id": "2003", "uploader_id": "12", "name": "Sample tool.pdf", "path": "Files/2003.pdf"},
        {"file_id": "2004", "uploader_id": "12", "name": "Sample second notes.pdf", "path": "Files/2004.pdf"},
        {"file_id": "2005", "uploader_id": "12", "name": "Sample stolen.pdf", "path": "../../secret.pdf"},
        {"file_id": "2006", "uploader_id": "12", "name": "Sample private.pdf", "path": "Files/2004.pdf"},
    ]
    yammer.write_rows(export / "Files.csv", files, list(files[0]))
    yammer.add_messages(
        export,
        yammer.message(1070, "Sample (fictional): three more files.",
                       attachments="uploadedfile:2003,uploadedfile:2004,uploadedfile:2005"),
        yammer.message(1071, "Sample private (fictional).", attachments="uploadedfile:2006",
                       in_private_conversation="true"),
    )  # fmt: skip
    report = run(session, export, store, group=yammer.GROUP)
    notes = {reason for _, _, reason in report.notes}
    assert (
        "'Sample tool.pdf' is not added to the library: its content is not an allowed type (PDF"
        in " ".join(notes)
    )
    assert any("'Sample stolen.pdf'" in note and "not a plain path" in note for note in notes)
    assert report.files == 2 and report.files_left == {"not in the export": 1, "refused": 2}
    library = {d.title: d for d in session.scalars(select(Document).where(Document.origin == "yammer"))}
    assert set(library) == {
        "Sample BWM workshop notes.pdf",
        "Sample second notes.pdf",
    }  # not the private one's
    notes_pdf = library["Sample BWM workshop notes.pdf"]
    assert notes_pdf.symbol == "Yammer file 2001" and notes_pdf.issued_on.isoformat() == "2019-03-12"
    assert notes_pdf.summary.startswith(
        "Shared in the Yammer group “Sample NKPO of Testland” by Ana Example on 12 March 2019: community "
        "material from the old group, not an official IMO document."
    )
    assert notes_pdf.tags == ["yammer"] and notes_pdf.stored_name == f"{notes_pdf.checksum}.pdf"
    stored = {p.name for p in store.root.iterdir()}
    assert stored == {notes_pdf.stored_name, library["Sample second notes.pdf"].stored_name, ".incoming"}
    assert not any((store.root / ".incoming").iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "documents",
        "in",
        "secret.pdf",
    ]  # nothing else written
    statuses = dict(session.execute(select(YammerFile.export_id, YammerFile.status)).all())
    assert statuses == {
        "2001": "stored",
        "2002": "missing",
        "2003": "refused",
        "2004": "stored",
        "2005": "refused",
    }


def test_a_file_already_in_the_library_is_linked_not_stored_twice(session: Session, store: FileStore) -> None:
    from bot.services import documents

    content = (yammer.SAMPLE / "Files" / "2001.pdf").read_bytes()
    fields = documents.DocumentFields("SAMPLE/SAME/1", "The same file, added by the secretariat", "other")
    same = documents.add_document(
        session, fields, "U1", store, store.receive([content], "same.pdf"), "same.pdf"
    )
    report = run(session, yammer.SAMPLE, store, group=yammer.GROUP)
    assert (report.files, report.files_known) == (0, 1)
    linked = session.scalars(select(YammerFile).where(YammerFile.export_id == "2001")).one()
    assert linked.document_id == same.id


def test_a_zip_bomb_among_the_files_is_refused_without_inflating_it(
    session: Session, store: FileStore, tmp_path: Path
) -> None:
    members = yammer.sample_members()
    members["Files/2001.pdf"] = b"%PDF-1.4\n" + yammer.zeros(64 * 1024 * 1024)
    report = run(session, yammer.zip_of(tmp_path / "export.zip", members), store, group=yammer.GROUP)
    assert report.messages == 6 and report.files == 0
    assert any("inflates 200-fold" in reason or "larger than" in reason for _, _, reason in report.notes)
    assert not any((store.root / ".incoming").iterdir())


def test_people_are_mapped_to_slack_users_by_email_which_is_not_kept(
    session: Session, store: FileStore
) -> None:
    asked: list[str] = []

    def lookup(email: str) -> str | None:
        asked.append(email)
        return {"ana.example@example.org": "UANA0001"}.get(email)

    report = run(session, yammer.SAMPLE, store, group=yammer.GROUP, lookup=lookup)
    assert sorted(asked) == [f"{n}@example.org" for n in ("ana.example", "bo.sample", "chidi.placeholder",
                                                          "dana.testperson")]  # fmt: skip
    assert (report.people, report.mapped) == (4, 1)
    mapped = dict(session.execute(select(YammerUser.name, YammerUser.slack_user_id)).all())
    assert mapped["Ana Example"] == "UANA0001" and mapped["Bo Sample"] is None
    columns = {column["name"] for column in inspect(session.connection()).get_columns("yammer_users")}
    assert not {"email", "mail", "address"} & columns
    asked.clear()
    run(session, yammer.SAMPLE, store, group=yammer.GROUP, lookup=lookup)
    assert asked == []  # looked up once


def test_slack_refusing_lookups_stops_them_and_a_rerun_goes_on(session: Session, store: FileStore) -> None:
    def unavailable(email: str) -> str | None:
        raise LookupFailed("missing_scope")

    report = run(session, yammer.SAMPLE, store, group=yammer.GROUP, lookup=unavailable)
    assert report.lookup_problem == "missing_scope" and report.messages == 6
    assert run(session, yammer.SAMPLE, store, group=yammer.GROUP, lookup=lambda e: "U" + "X" * 8).mapped == 4
