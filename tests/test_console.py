"""The console drives the same handlers as Slack: the answers match what Slack would show."""

import io
from pathlib import Path

import pytest

from bot.console import Console, run_console
from bot.deps import Deps


def test_help_lists_every_command(deps: Deps) -> None:
    answer = Console(deps).say("help")
    for command in (
        "/partnerships",
        "/programmes",
        "/docs",
        "/nkpo",
        "/digest",
        "/announce",
        "/ask",
        "/history",
    ):
        assert command in answer


def test_partnerships_shows_the_snapshot_and_share_works(deps: Deps) -> None:
    console = Console(deps)
    answer = console.say("/partnerships")
    assert "158" in answer and "December 2023" in answer and "[1] Share in channel" in answer
    shared = console.say("1")
    assert "[posted in the channel]" in shared and "Shared by <@UCONSOLE>" in shared


def test_bad_input_gets_a_friendly_line(deps: Deps) -> None:
    console = Console(deps)
    assert "I don't know `/nope`" in console.say("/nope")
    assert "There is no button 7" in console.say("7")
    assert "I don't know the filter `colour:`" in console.say("/partnerships colour:red")
    assert "Traceback" not in console.say("/partnerships " + "x" * 6000)


def test_run_console_reads_until_quit(deps: Deps) -> None:
    out = io.StringIO()
    run_console(deps, "UCONSOLE", io.StringIO("/partnerships\nquit\n/docs\n"), out)
    assert "158" in out.getvalue() and "/docs:" not in out.getvalue()


def test_plain_text_is_answered_like_ask(deps: Deps) -> None:
    console = Console(deps)
    typed = console.say("how many MoUs are there?")
    assert "88" in typed and "December 2023" in typed
    assert console.say("/ask how many MoUs are there?") == typed
    assert "couldn't find an answer" in console.say("what's the weather like in Atlantis?")
    assert "keep it under 500" in console.say("x" * 5000)


def test_search_pages_details_and_share_in_the_console(deps: Deps) -> None:
    from bot.services.imports import import_arrangements
    from tests.services.test_imports import ROOT

    with deps.db.session() as session:
        import_arrangements(session, ROOT / "examples" / "arrangements.sample.csv")
    console = Console(deps)
    found = console.say("/partnerships sample status:all")
    assert "Showing 1–5 of 6" in found and "Sample record: fictional, not IMO data" in found
    assert "[6] Next ▶" in found
    second = console.say("6")
    assert "Showing 6–6 of 6" in second and "[2] ◀ Previous" in second
    detail = console.say("1")
    assert "Reference SAMPLE-" in detail and "[1] Share in channel" in detail
    assert "[posted in the channel]" in console.say("1")
    assert "Did you mean" in console.say("/partnerships ballst")


def test_programmes_and_nkpo_in_the_console(deps: Deps) -> None:
    console = Console(deps)
    overview = console.say("/programmes")
    assert "16 global and 8 regional programmes" in overview and "USD 13,000,000" in overview
    assert "Western Indian Ocean" in console.say("/programmes piracy scope:regional")
    assert "Circular Letter No.4004" in console.say("/nkpo")
    assert "No NKPO is on record for Türkiye" in console.say("/nkpo Turkey")
    assert "`year:` needs a year" in console.say("/partnerships year:abc")


def test_docs_search_details_and_share_in_the_console(deps: Deps) -> None:
    from bot.services import documents
    from bot.services.documents import DocumentFields
    from tests import samples

    console = Console(deps)
    found = console.say("/docs cl 4004")
    assert "Circular Letter No.4004" in found and "[1] Details   [2] Share in channel" in found
    card = console.say("2")
    assert "[posted in CCONSOLE]" in card and "shared Circular Letter No.4004" in card
    assert "The file is not in the library yet. Ask the Partnerships Section" in card
    assert "Did you mean A.1006(25)?" in console.say("/docs A.1060(25)")

    store = documents.file_store(deps.settings)
    with deps.db.session() as session:
        fields = DocumentFields("SAMPLE/CONSOLE/1", "Sample console note", "other")
        documents.add_document(
            session, fields, "U1", store, store.receive([samples.text()], "note.txt"), "note.txt"
        )
    assert f"TXT file, {len(samples.text())} bytes" in console.say("/docs sample console")
    assert "File: note.txt" in console.say("1")
    console.say("/docs sample console")
    shared = console.say("2")
    assert "[file 'note.txt' shared in CCONSOLE" in shared and "is shared in <#CCONSOLE>" in shared


def test_the_digest_cli_previews_what_digest_preview_shows(
    deps: Deps, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from bot.__main__ import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", deps.settings.database_url)
    with deps.db.session() as session:
        from bot.services.announcements import DraftFields, claim_draft, create_draft, mark_posted

        draft = create_draft(session, DraftFields("Sample news", "Sample body"), "U1")
        claimed = claim_draft(session, draft.id)
        assert claimed is not None
        mark_posted(session, claimed, "CANNOUNCE", "1.000001")

    slash = Console(deps).say("/digest preview")
    assert "Sample news" in slash
    assert main(["digest", "--preview"]) == 0
    printed = capsys.readouterr().out
    assert slash in printed and "`--period last` shows the one just due" in printed
    assert main(["digest", "--preview", "--period", "last"]) == 0
    last = capsys.readouterr().out
    assert "The digest just due, for" in last and "Sample news" not in last


def test_history_in_the_console_finds_a_thread_and_shows_it(deps: Deps) -> None:
    from bot.services.documents import file_store
    from bot.services.history_import import import_yammer
    from bot.services.yammer_export import open_export
    from tests import yammer

    console = Console(deps)
    assert "has not been imported yet" in console.say("/history")
    export = open_export(yammer.SAMPLE)
    with deps.db.session() as session:
        import_yammer(session, export, file_store(deps.settings), group=yammer.GROUP)
    export.close()
    found = console.say("/history ballast from:ana after:2018 before:2020")
    assert "Sample thread (fictional): ballast water workshop in Testland" in found
    assert "Started by Ana Example on 12 Mar 2019 · 3 messages" in found and "[1] Show thread" in found
    thread = console.say("1")
    assert "Thanks to @Bo Sample for hosting us & for the coffee!" in thread
    assert "Sample BWM workshop notes.pdf (in the library)" in thread and "[1] Details" in thread
    assert "https://www.example.org/testland/bwm-checklist" in thread and "not IMO's official word" in thread
    assert "wrong thread" not in thread
    assert "Yammer file 2001" in console.say("1")
    assert "Nothing in the old group's history matches “lunch menu”" in console.say("/history lunch menu")
