"""The old Yammer group's history end to end: `python -m bot import yammer` (looking people up in the fake
Slack, which fails as Slack does), then `/history` and its buttons as signed HTTP through the real app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.views.blocks import NEXT_ACTION, validate_blocks
from bot.views.history import SHOW_THREAD_ACTION
from bot.views.results import DETAILS_ACTION
from tests import yammer
from tests.conftest import BOT_TOKEN, LiveApp
from tests.e2e.test_escaping import assert_inert, mrkdwn
from tests.e2e.test_search_http import button, click

HOSTILE = "Sample hostile reply (fictional): <!channel> @here <@U0VICTIM> <http://evil.example|click here>"


def import_export(live: LiveApp, path: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    """`python -m bot import yammer PATH` against the live app's database and the fake Web API."""
    settings = live.deps.settings
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("DOCUMENTS_DIR", str(settings.documents_dir))
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_API_URL", live.fake.url)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    return main(["import", "yammer", str(path), *extra])


@pytest.fixture
def history(live_app: LiveApp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> LiveApp:
    export = yammer.copy_sample(tmp_path)
    yammer.add_messages(
        export,
        yammer.message(1005, HOSTILE, thread=1001, sender_id="13", created_at="2019-03-15 08:00:00 UTC"),
        *(yammer.message(1200 + n, f"Sample reply {n} (fictional) on the workshop.", thread=1001,
                         created_at=f"2019-04-{n + 1:02d} 08:00:00 UTC") for n in range(12)),
    )  # fmt: skip
    live_app.fake.add_person("UBOSAMPLE1", "Bo.Sample@example.org")
    live_app.fake.fail("users.lookupByEmail", status=429, retry_after=0)  # Slack's rate limit, waited out
    zipped = yammer.zip_folder(export, tmp_path / "export.zip")
    assert import_export(live_app, zipped, monkeypatch, "--group", yammer.GROUP) == 0
    asked = [c.params["email"] for c in live_app.fake.failed_calls if c.method == "users.lookupByEmail"]
    assert [c.params["email"] for c in live_app.fake.calls_to("users.lookupByEmail")] == [
        "bo.sample@example.org"
    ]
    assert len(asked) == 4  # the rate-limited first call (then retried), and the three nobody has
    return live_app


def test_history_finds_a_thread_by_author_and_year_and_shows_it(history: LiveApp) -> None:
    response = history.command("/history", "ballast from:ana after:2018 before:2020")
    assert response.status == 200
    body = response.json()
    assert body["response_type"] == "ephemeral" and validate_blocks(body["blocks"]) == []
    assert "Sample thread (fictional): ballast water workshop in Testland" in json.dumps(body["blocks"])
    thread = click(history, button(body["blocks"], SHOW_THREAD_ACTION))
    shown = json.dumps(thread["blocks"], ensure_ascii=False)
    assert thread.get("replace_original") is not True and "page 1 of 2" in shown
    assert "Thanks to <@UBOSAMPLE1> for hosting" in shown  # Bo was found in Slack: his mention
    assert "*<@UBOSAMPLE1>* · 12 Mar 2019" in shown and "*Ana Example* · 12 Mar 2019" in shown
    assert "wrong thread" not in shown and "between the two of us" not in shown  # deleted, private
    later = click(history, button(thread["blocks"], NEXT_ACTION))
    assert later["replace_original"] is True and "Sample reply 11 (fictional)" in json.dumps(later["blocks"])
    document = click(history, button(thread["blocks"], DETAILS_ACTION))
    assert "Yammer file 2001" in json.dumps(document["blocks"])
    docs = history.command("/docs", "workshop notes").json()
    assert "Yammer file 2001" in docs["text"] and "Sample BWM workshop notes.pdf" in docs["text"]


def test_nothing_imported_can_ping_or_forge_a_link(history: LiveApp) -> None:
    sent: list[str] = []
    found = history.command("/history", "hostile").json()
    sent += mrkdwn(found)
    assert "Sample hostile reply" in json.dumps(found["blocks"])
    thread = click(history, button(found["blocks"], SHOW_THREAD_ACTION))
    sent += [*mrkdwn(thread["blocks"]), thread["text"]]
    assert any("&lt;!channel&gt;" in text for text in sent) and any("@\u2060here" in text for text in sent)
    assert_inert(sent)


def test_deleted_private_and_other_groups_appear_nowhere(history: LiveApp) -> None:
    for words in ("wrong thread", "budget settled", "lunch menu"):
        body = history.command("/history", words).json()
        assert "Nothing in the old group's history matches" in body["text"], words


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("before:soon", "`before:` needs a year"),
        ("from:<!channel>", "No one in the old group's history is called"),
        ("'; DROP TABLE yammer_messages; --", "Nothing in the old group's history matches"),
        ("x" * 5000, "keep it under 500"),
    ],
)
def test_bad_input_gets_200_and_a_friendly_line(history: LiveApp, typed: str, expected: str) -> None:
    response = history.command("/history", typed)
    assert response.status == 200 and expected in response.json()["text"]
    assert "<!channel>" not in response.text and "Traceback" not in response.text


def test_slack_refusing_lookups_leaves_names_and_a_rerun_maps_people(
    live_app: LiveApp, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live_app.fake.error("users.lookupByEmail", "missing_scope")
    assert import_export(live_app, yammer.SAMPLE, monkeypatch, "--group", yammer.GROUP) == 0
    assert "finding people in Slack stopped (missing_scope): run again to go on" in capsys.readouterr().err
    live_app.fake.add_person("UBOSAMPLE1", "bo.sample@example.org")
    assert import_export(live_app, yammer.SAMPLE, monkeypatch, "--group", yammer.GROUP) == 0
    assert "4 people (1 found in Slack)" in capsys.readouterr().out
    found = live_app.command("/history", "from:<@UBOSAMPLE1|bo>").json()
    assert "Matching from Bo Sample" in json.dumps(found["blocks"])
