"""`python -m bot import arrangements FILE.csv`, `import documents DIR` and `import nkpos FILE.csv`:
what an operator sees."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.__main__ import main
from bot.deps import Deps
from storage.models import Arrangement, Nkpo
from tests.fakes.slack_api import FakeSlackAPI

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def env(deps: Deps, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Deps:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", deps.settings.database_url)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    monkeypatch.setenv("DOCUMENTS_DIR", str(deps.settings.documents_dir))
    return deps


def arrangements(deps: Deps) -> int:
    with deps.db.session() as session:
        return session.scalar(select(func.count()).select_from(Arrangement)) or 0


def test_import_reports_rejected_rows_and_keeps_the_good_ones(
    env: Deps, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "ref,title,nature,partner,is_sample\n"
        "C-1,Sample one,loa,Sample partner A,true\n"
        "C-2,Sample two,gift,Sample B,true\n",
        encoding="utf-8",
    )
    assert main(["import", "arrangements", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "line 3: nature 'gift' is not loa, mou or ipa" in err
    assert "1 inserted, 0 updated, 0 unchanged, 1 rejected" in out
    assert arrangements(env) == 1


def test_importing_the_sample_twice_changes_nothing(env: Deps, capsys: pytest.CaptureFixture[str]) -> None:
    sample = str(ROOT / "examples" / "arrangements.sample.csv")
    assert main(["import", "arrangements", sample]) == 0
    count = arrangements(env)
    assert main(["import", "arrangements", sample]) == 0
    assert f"0 inserted, 0 updated, {count} unchanged, 0 rejected" in capsys.readouterr().out
    assert arrangements(env) == count


def test_a_large_file_shows_progress_on_stderr(
    env: Deps, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "".join(f"L-{n},Sample {n},mou,Sample partner L,true\n" for n in range(1500))
    path = tmp_path / "large.csv"
    path.write_text("ref,title,nature,partner,is_sample\n" + rows, encoding="utf-8")
    assert main(["import", "arrangements", str(path)]) == 0
    err = capsys.readouterr().err
    assert "1,000/1,500 rows" in err and "1,500/1,500 rows" in err


def test_a_missing_file_imports_nothing(env: Deps, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "arrangements", "nowhere.csv"]) == 2
    assert "nothing imported" in capsys.readouterr().err


def library(deps: Deps) -> dict[str, str | None]:
    from storage.models import Document

    with deps.db.session() as session:
        return {d.symbol: d.stored_name for d in session.scalars(select(Document))}


def test_importing_the_sample_documents_twice_changes_nothing(
    env: Deps, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(ROOT / "examples" / "documents")
    assert main(["import", "documents", folder]) == 0
    assert "documents from" in (out := capsys.readouterr().out) and "3 inserted, 0 updated" in out
    found = library(env)
    stored = env.settings.documents_dir
    assert found["SAMPLE/LINK/1"] is None and found["SAMPLE/NOTE/1"] and found["SAMPLE/BROCHURE/1"]
    assert {found["SAMPLE/NOTE/1"], found["SAMPLE/BROCHURE/1"], ".incoming"} == {
        p.name for p in stored.iterdir()
    }
    assert main(["import", "documents", folder]) == 0
    assert "0 inserted, 0 updated, 3 unchanged, 0 rejected" in capsys.readouterr().out
    assert library(env) == found


def test_document_import_reports_bad_lines_and_removes_replaced_files(
    env: Deps, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests import samples

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(samples.pdf("first"))
    (folder / "documents.csv").write_text(
        "symbol,title,file\nSAMPLE/A,Sample A,a.pdf\nSAMPLE/B,Sample B,../../x.pdf\n", encoding="utf-8"
    )
    assert main(["import", "documents", str(folder)]) == 1
    assert "line 3: file '../../x.pdf'" in capsys.readouterr().err
    first = library(env)["SAMPLE/A"]
    (folder / "a.pdf").write_bytes(samples.pdf("second"))
    assert main(["import", "documents", str(folder)]) == 1
    second = library(env)["SAMPLE/A"]
    names = {p.name for p in env.settings.documents_dir.iterdir()}
    assert second != first and second in names and first not in names


def test_a_folder_without_documents_csv_imports_nothing(
    env: Deps, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "documents", str(tmp_path)]) == 2
    assert "no documents.csv" in capsys.readouterr().err


def test_import_nkpos_maps_emails_through_slack_and_says_how_the_file_was_read(
    env: Deps, fake_slack: FakeSlackAPI, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_API_URL", fake_slack.url)
    fake_slack.add_person("U0SAMPLEA", "Sample.Person.A@example.org")
    sample = str(ROOT / "examples" / "nkpos.sample.csv")
    assert main(["import", "nkpos", sample]) == 0
    out, err = capsys.readouterr()
    assert "(read as UTF-8, columns separated by ',')" in out and "3 inserted" in out
    assert "line 3: note: no Slack user has the e-mail address sample.person.b@example.org" in err
    asked = [call.params["email"] for call in fake_slack.calls_to("users.lookupByEmail")]
    assert asked == ["sample.person.a@example.org"]  # the failed ones are recorded as failed calls
    with env.db.session() as session:
        kenya = session.scalars(select(Nkpo).where(Nkpo.iso3 == "KEN")).one()
        assert kenya.slack_user_id == "U0SAMPLEA" and kenya.is_sample
    assert main(["import", "nkpos", sample]) == 0
    assert "0 inserted, 0 updated, 3 unchanged, 0 rejected" in capsys.readouterr()[0]


def test_import_yammer_sample_step_by_step_as_the_readme_shows(
    env: Deps, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests import yammer

    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    sample = str(ROOT / "examples" / "yammer-export")
    assert main(["import", "yammer", sample, "--group", yammer.GROUP]) == 0
    out, err = capsys.readouterr()
    assert out.strip().endswith(
        "3 threads and 6 messages added (0 updated, 0 unchanged, 0 removed); 1 file added to the library "
        "(0 already there, 1 not in the export); 4 people (0 found in Slack); skipped: 1 deleted, "
        "1 other group, 1 private"
    )
    assert "Files.csv line 3: 'Sample donor templates.docx' is named but not in the export's files" in err
    assert "Messages.csv line 15: thread 1040 has no first message in the export" in err
    assert "no SLACK_BOT_TOKEN: people are shown by their names only" in err
    assert main(["import", "yammer", sample, "--group", yammer.GROUP]) == 0
    assert "0 threads and 0 messages added (0 updated, 6 unchanged, 0 removed)" in capsys.readouterr().out


def test_import_yammer_refuses_what_is_not_an_export_and_reports_bad_rows(
    env: Deps, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests import yammer

    assert main(["import", "yammer", str(tmp_path / "nowhere.zip")]) == 2
    assert "nothing imported: " in capsys.readouterr().err
    bad = yammer.zip_of(tmp_path / "bad.zip", {"../../Messages.csv": "id\n"})
    assert main(["import", "yammer", str(bad)]) == 2
    assert "a file named '../../Messages.csv'" in capsys.readouterr().err
    assert main(["import", "arrangements", str(bad), "--group", "x"]) == 2
    assert "--group is for `import yammer` only" in capsys.readouterr().err
    export = yammer.copy_sample(tmp_path)
    yammer.add_messages(export, yammer.message(1300, "Sample (fictional): a NUL \x00 here"))
    assert main(["import", "yammer", str(export)]) == 1
    assert "Messages.csv line 16: it holds a NUL byte, which no export writes" in capsys.readouterr().err


def test_a_large_export_shows_progress_on_stderr(
    env: Deps, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests import yammer

    folder = tmp_path / "large"
    folder.mkdir()
    rows = [
        yammer.message(5000 + n, f"Sample message {n} (fictional).", thread=5000 + n - n % 5)
        for n in range(1500)
    ]
    yammer.write_rows(folder / "Messages.csv", rows)
    assert main(["import", "yammer", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "1,000/1,500 rows" in err and "1,500/1,500 rows" in err
    assert "300 threads and 1,500 messages added" in out
