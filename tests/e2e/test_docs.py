"""/docs over signed HTTP against the fake Web API: search, share (file and link), adding (by the
secretariat only, with a link or a file sent by DM), the file checks, and Slack failing."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.services import documents
from bot.services.documents import DocumentFields
from bot.views.blocks import validate_blocks
from bot.views.documents import ARRANGEMENTS_SELECT, FORM_CALLBACK, PROGRAMMES_SELECT, SHARE_ACTION
from bot.views.results import DETAILS_ACTION
from storage.files import FileStore
from storage.models import Document, DocumentShare, PendingDocument
from tests import samples
from tests.conftest import NKPO_USER, SECRETARIAT, LiveApp

ROOT = Path(__file__).resolve().parent.parent.parent

CHANNEL = "C_GENERAL"


def as_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def store(live_app: LiveApp) -> FileStore:
    return documents.file_store(live_app.deps.settings)


def add_document(
    live_app: LiveApp, symbol: str, content: bytes | None = None, name: str = "", url: str = ""
) -> int:
    fields = DocumentFields(
        symbol, f"Sample document {symbol} (not an IMO document)", "other", url=url or None
    )
    with live_app.deps.db.session() as session:
        incoming = store(live_app).receive([content], name) if content is not None else None
        return documents.add_document(session, fields, SECRETARIAT, store(live_app), incoming, name).id


def rows(live_app: LiveApp, model: Any) -> list[Any]:
    with live_app.deps.db.session() as session:
        return list(session.scalars(select(model).order_by(model.id)))


def buttons(blocks: list[dict]) -> list[tuple[str, str]]:
    return [
        (e["action_id"], e.get("value", "")) for b in blocks if b["type"] == "actions" for e in b["elements"]
    ]


def docs(live_app: LiveApp, text: str, user_id: str = NKPO_USER) -> dict:
    body = live_app.command("/docs", text, user_id=user_id, channel_id=CHANNEL).json()
    assert body["response_type"] == "ephemeral"
    assert validate_blocks(body.get("blocks", [])) == []
    return body


def share(live_app: LiveApp, document_id: int, answers: int, user_id: str = NKPO_USER) -> list[str]:
    """Press Share in channel; wait for `answers` replies in all (through response_url); their texts."""
    live_app.slack.action(
        SHARE_ACTION,
        str(document_id),
        user_id=user_id,
        channel_id=CHANNEL,
        response_url=live_app.fake.response_url(),
    )
    replies = live_app.fake.wait_for("response_url", answers, timeout=15)
    for reply in replies:
        assert validate_blocks(reply.decoded("blocks") or []) == []
    return [reply.params["text"] for reply in replies]


@pytest.mark.parametrize(
    ("typed", "symbol"),
    [("cl 4004", "Circular Letter No.4004"), ("A1006", "A.1006(25)"), ("tc 74/4 a", "TC 74/4(a)")],
)
def test_search_finds_symbols_however_typed_with_details_and_share(
    live_app: LiveApp, typed: str, symbol: str
) -> None:
    body = docs(live_app, typed)
    assert symbol in as_text(body["blocks"]) and symbol in body["text"]
    found = buttons(body["blocks"])
    assert [action for action, _ in found[:2]] == [DETAILS_ACTION, SHARE_ACTION]
    assert "share_in_channel" not in [action for action, _ in found]  # each hit is shared on its own


def test_an_unknown_symbol_gets_did_you_mean(live_app: LiveApp) -> None:
    body = docs(live_app, "A.1060(25)")
    assert "Did you mean *A.1006(25)*" in as_text(body["blocks"])


def test_docs_alone_shows_usage_and_the_library(live_app: LiveApp) -> None:
    body = docs(live_app, "")
    text = as_text(body["blocks"])
    assert "/docs add" in text and "Circular Letter No.4004" in text and "Showing 1–5 of 6" in text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("x" * 600, "keep it under 500"),
        ("!!! ???", "no words to search for"),
        ("kind:resolution", "I don't know the filter"),
        ("help", "Usage of /docs"),
        ("add", "Only the Partnerships Section adds documents"),
    ],
)
def test_bad_input_gets_usage(live_app: LiveApp, typed: str, expected: str) -> None:
    assert expected in docs(live_app, typed)["text"]


def test_hostile_text_is_escaped(live_app: LiveApp) -> None:
    body = docs(live_app, "<!channel> <script>alert(1)</script> ' OR 1=1 --")
    assert "<!channel>" not in as_text(body) and "Nothing matches" in body["text"]


def test_share_uploads_the_file_into_the_channel_and_records_it(live_app: LiveApp) -> None:
    document_id = add_document(live_app, "SAMPLE/FILE/1", samples.pdf("shared"), "sample.pdf")
    texts = share(live_app, document_id, 2)
    assert "Sharing *SAMPLE/FILE/1* in <#C_GENERAL>" in texts[0]
    assert "is shared in <#C_GENERAL>" in texts[1]
    assert list(live_app.fake.uploaded_files.values()) == [samples.pdf("shared")]
    (completed,) = live_app.fake.calls_to("files.completeUploadExternal")
    assert (
        completed.params["channel_id"] == CHANNEL
        and f"<@{NKPO_USER}> shared" in completed.params["initial_comment"]
    )
    (uploaded,) = live_app.fake.calls_to("files.getUploadURLExternal")
    assert uploaded.params["filename"] == "sample.pdf"
    (recorded,) = rows(live_app, DocumentShare)
    file_id = completed.decoded("files")[0]["id"]
    assert (recorded.document_id, recorded.user_id, recorded.channel_id, recorded.slack_file_id) == (
        document_id, NKPO_USER, CHANNEL, file_id,
    )  # fmt: skip


def test_share_posts_the_link_of_an_online_document(live_app: LiveApp) -> None:
    document_id = add_document(live_app, "SAMPLE/LINK/1", url="https://example.org/sample-guide")
    assert "is shared in <#C_GENERAL>" in share(live_app, document_id, 1)[0]
    (posted,) = live_app.fake.calls_to("chat.postMessage")
    assert posted.params["channel"] == CHANNEL and "https://example.org/sample-guide" in as_text(
        posted.decoded("blocks")
    )
    assert f"<@{NKPO_USER}> shared" in posted.params["text"]
    assert [(s.channel_id, s.message_ts) for s in rows(live_app, DocumentShare)] == [
        (CHANNEL, posted_ts(live_app))
    ]
    assert live_app.fake.uploaded_files == {}


def posted_ts(live_app: LiveApp) -> str:
    return str(rows(live_app, DocumentShare)[0].message_ts)


def test_a_seeded_document_without_a_file_posts_its_card_naming_the_sharer(live_app: LiveApp) -> None:
    with live_app.deps.db.session() as session:
        seeded = session.scalars(select(Document).where(Document.symbol == "A.986(24)")).one().id
    assert "is shared in <#C_GENERAL>" in share(live_app, seeded, 1)[0]
    (posted,) = live_app.fake.calls_to("chat.postMessage")
    card = as_text(posted.decoded("blocks"))
    assert posted.params["channel"] == CHANNEL and validate_blocks(posted.decoded("blocks")) == []
    assert f"<@{NKPO_USER}> shared *A.986(24)*" in card and "technical cooperation" in card.lower()
    assert "The file is not in the library yet" in card and "Partnerships Section" in card
    assert [(s.channel_id, s.message_ts) for s in rows(live_app, DocumentShare)] == [
        (CHANNEL, posted_ts(live_app))
    ]


def test_a_file_gone_from_disk_is_reported_not_a_crash(live_app: LiveApp) -> None:
    document_id = add_document(live_app, "SAMPLE/GONE/1", samples.text(), "gone.txt")
    (stored,) = [d.stored_name for d in rows(live_app, Document) if d.id == document_id]
    (store(live_app).root / str(stored)).unlink()
    assert "missing from the library's store" in share(live_app, document_id, 1)[0]
    value = dict(buttons(docs(live_app, "SAMPLE/GONE/1")["blocks"]))[DETAILS_ACTION]
    live_app.slack.action(DETAILS_ACTION, value, response_url=live_app.fake.response_url())
    assert "missing from the library's store" in live_app.fake.wait_for("response_url", 2)[1].params["text"]
    assert live_app.fake.calls_to("files.getUploadURLExternal") == [] and rows(live_app, DocumentShare) == []


def test_an_upload_answered_429_is_retried_after_retry_after_then_shared(live_app: LiveApp) -> None:
    document_id = add_document(live_app, "SAMPLE/RETRY/1", samples.png(), "chart.png")
    live_app.fake.fail("files.getUploadURLExternal", status=429, retry_after=1)
    live_app.fake.fail("upload", status=429, retry_after=1)
    texts = share(live_app, document_id, 2)
    assert "is shared in" in texts[1]
    assert {c.method for c in live_app.fake.failed_calls} == {"files.getUploadURLExternal", "upload"}
    assert list(live_app.fake.uploaded_files.values()) == [samples.png()]
    assert (
        len(live_app.fake.calls_to("files.completeUploadExternal")) == 1
        and len(rows(live_app, DocumentShare)) == 1
    )


@pytest.mark.parametrize(
    ("fault", "said"),
    [({"status": 500, "times": 10}, "fatal_error"), ({"error": "not_in_channel"}, "not_in_channel")],
)
def test_a_failed_upload_is_reported_and_nothing_recorded(live_app: LiveApp, fault: dict, said: str) -> None:
    document_id = add_document(live_app, "SAMPLE/FAIL/1", samples.pdf(), "a.pdf")
    if "error" in fault:
        live_app.fake.error("files.completeUploadExternal", fault["error"])
    else:
        live_app.fake.fail("files.completeUploadExternal", **fault)
    texts = share(live_app, document_id, 2)
    assert (
        "I couldn't share *SAMPLE/FAIL/1*" in texts[1]
        and said in texts[1]
        and "Nothing was posted" in texts[1]
    )
    assert rows(live_app, DocumentShare) == []


def test_details_show_what_the_library_holds(live_app: LiveApp) -> None:
    body = docs(live_app, "cl 4004")
    value = dict(buttons(body["blocks"]))[DETAILS_ACTION]
    live_app.slack.action(DETAILS_ACTION, value, response_url=live_app.fake.response_url())
    (detail,) = live_app.fake.wait_for("response_url")
    assert "Circular Letter No.4004" in detail.params["text"] and "no file or link" in detail.params["text"]
    assert validate_blocks(detail.decoded("blocks")) == []


def form_values(
    by_dm: bool = False,
    chosen_programmes: tuple[str, ...] = (),
    chosen_arrangements: tuple[str, ...] = (),
    **values: str,
) -> dict:
    state: dict[str, Any] = {
        name: {"value": {"type": "plain_text_input", "value": values.get(name) or None}}
        for name in ("symbol", "title", "languages", "tags", "summary")
    }
    state["url"] = {"value": {"type": "url_text_input", "value": values.get("url") or None}}
    kind = values.get("kind", "other")
    state["kind"] = {"value": {"type": "static_select", "selected_option": {"value": kind}}}
    state["issued_on"] = {"value": {"type": "datepicker", "selected_date": values.get("issued_on")}}
    for block, action, chosen_values in (
        ("programmes", PROGRAMMES_SELECT, chosen_programmes),
        ("arrangements", ARRANGEMENTS_SELECT, chosen_arrangements),
    ):
        options = [{"text": {"type": "plain_text", "text": v}, "value": v} for v in chosen_values]
        state[block] = {action: {"type": "multi_external_select", "selected_options": options}}
    chosen = [{"value": "by_dm"}] if by_dm else []
    state["file"] = {"value": {"type": "checkboxes", "selected_options": chosen}}
    return state


def file_share(live_app: LiveApp, files: list[dict], user_id: str = SECRETARIAT) -> None:
    live_app.slack.event(
        {
            "type": "message",
            "subtype": "file_share",
            "channel": f"D{user_id}",
            "channel_type": "im",
            "user": user_id,
            "text": "",
            "ts": "1700000000.000200",
            "files": files,
        }
    )


def test_add_opens_a_form_for_the_secretariat(live_app: LiveApp) -> None:
    response = live_app.command("/docs", "add", user_id=SECRETARIAT, trigger_id="T_DOCS")
    assert response.status == 200 and not response.body.strip()
    (opened,) = live_app.fake.wait_for("views.open")
    view = opened.decoded("view")
    assert opened.params["trigger_id"] == "T_DOCS" and view["callback_id"] == FORM_CALLBACK
    assert validate_blocks(view["blocks"]) == []
    inputs = {b["block_id"] for b in view["blocks"] if b["type"] == "input"}
    assert {"symbol", "title", "kind", "url", "file", "programmes"} <= inputs


def test_a_form_with_a_link_adds_the_document_and_says_so_by_dm(live_app: LiveApp) -> None:
    response = live_app.slack.view_submission(
        FORM_CALLBACK,
        form_values(
            symbol="SAMPLE/ADD/1",
            title="Sample added note",
            url="https://example.org/added",
            tags="sample, added",
            issued_on="2024-02-01",
        ),
        user_id=SECRETARIAT,
    )
    assert response.status == 200 and not response.body.strip()
    (dm,) = live_app.fake.wait_for("chat.postMessage")
    assert dm.params["channel"] == f"D{SECRETARIAT}" and "is in the library" in dm.params["text"]
    added = [d for d in rows(live_app, Document) if d.symbol == "SAMPLE/ADD/1"]
    assert [(d.url, d.tags, d.added_by, d.origin) for d in added] == [
        ("https://example.org/added", ["sample", "added"], SECRETARIAT, "secretariat")
    ]
    assert "SAMPLE/ADD/1" in docs(live_app, "sample added")["text"]


def test_form_problems_show_inline_and_nothing_is_added(live_app: LiveApp) -> None:
    add_document(live_app, "SAMPLE/HAS/1", url="https://example.org/has")
    bad = live_app.slack.view_submission(
        FORM_CALLBACK, form_values(symbol="sample has 1", title="", url="ftp://x"), user_id=SECRETARIAT
    ).json()
    assert bad["response_action"] == "errors" and set(bad["errors"]) == {"symbol", "title", "url"}
    assert "looks like SAMPLE/HAS/1" in bad["errors"]["symbol"]
    neither = live_app.slack.view_submission(
        FORM_CALLBACK, form_values(symbol="SAMPLE/ADD/2", title="No link, no file"), user_id=SECRETARIAT
    ).json()
    assert "link" in neither["errors"]["url"]
    assert len(rows(live_app, Document)) == 7 and rows(live_app, PendingDocument) == []


def test_others_are_refused_everywhere_and_nothing_is_kept(live_app: LiveApp) -> None:
    assert "Only the Partnerships Section" in docs(live_app, "add")["text"]
    assert "Only the Partnerships Section" in docs(live_app, "add cancel")["text"]
    refused = live_app.slack.view_submission(
        FORM_CALLBACK,
        form_values(symbol="SAMPLE/X", title="X", url="https://example.org/x"),
        user_id=NKPO_USER,
    ).json()
    assert (
        refused["response_action"] == "errors"
        and "Only the Partnerships Section" in refused["errors"]["symbol"]
    )
    assert len(rows(live_app, Document)) == 6 and live_app.fake.calls_to("views.open") == []


def test_a_file_sent_by_dm_completes_the_pending_document(live_app: LiveApp) -> None:
    live_app.slack.view_submission(
        FORM_CALLBACK,
        form_values(by_dm=True, symbol="SAMPLE/DM/1", title="Sample sent by DM"),
        user_id=SECRETARIAT,
    )
    (prompt,) = live_app.fake.wait_for("chat.postMessage")
    assert "Now send me the file of *SAMPLE/DM/1*" in prompt.params["text"]
    assert [p.fields["symbol"] for p in rows(live_app, PendingDocument)] == ["SAMPLE/DM/1"]
    assert "SAMPLE/DM/1" not in [d.symbol for d in rows(live_app, Document)]  # nothing half-recorded

    content = samples.office("docx")
    sent = live_app.fake.host_file(content, "../../etc/Guide.docx")
    file_share(live_app, [sent])
    added = live_app.fake.wait_for("chat.postMessage", 2)[1]
    assert "*SAMPLE/DM/1* is in the library" in added.params["text"]
    (download,) = live_app.fake.calls_to("file_download")
    assert download.headers["authorization"] == "Bearer xoxb-test-token"
    (document,) = [d for d in rows(live_app, Document) if d.symbol == "SAMPLE/DM/1"]
    assert document.original_name == "Guide.docx" and document.mime_type.endswith("wordprocessingml.document")
    assert store(live_app).path_of(document.stored_name) is not None
    assert sorted(p.name for p in store(live_app).root.iterdir()) == [".incoming", document.stored_name]
    assert rows(live_app, PendingDocument) == []


@pytest.mark.parametrize(
    ("content", "name", "problem"),
    [
        (samples.EXE, "report.pdf", "not an allowed type"),
        (samples.png(), "report.pdf", "ends in .pdf but its content is PNG image"),
        (samples.office("docm"), "macros.docx", "not an allowed type"),
        (b"", "empty.txt", "the file is empty"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_and_the_document_still_waits(
    live_app: LiveApp, content: bytes, name: str, problem: str
) -> None:
    live_app.slack.view_submission(
        FORM_CALLBACK, form_values(by_dm=True, symbol="SAMPLE/DM/2", title="Waiting"), user_id=SECRETARIAT
    )
    live_app.fake.wait_for("chat.postMessage")
    file_share(live_app, [live_app.fake.host_file(content, name)])
    refused = live_app.fake.wait_for("chat.postMessage", 2)[1]
    assert "I can't add that file" in refused.params["text"] and problem in refused.params["text"]
    assert "SAMPLE/DM/2" not in [d.symbol for d in rows(live_app, Document)]
    assert [p.fields["symbol"] for p in rows(live_app, PendingDocument)] == ["SAMPLE/DM/2"]
    assert [p.name for p in store(live_app).root.iterdir()] == [".incoming"]
    assert list((store(live_app).root / ".incoming").iterdir()) == []

    file_share(live_app, [live_app.fake.host_file(samples.pdf("right"), "right.pdf")])
    assert "is in the library" in live_app.fake.wait_for("chat.postMessage", 3)[2].params["text"]


def test_a_file_over_the_limit_or_already_in_the_library_is_refused(live_app: LiveApp) -> None:
    add_document(live_app, "SAMPLE/HAVE/1", samples.pdf("have"), "have.pdf")
    live_app.slack.view_submission(
        FORM_CALLBACK, form_values(by_dm=True, symbol="SAMPLE/DM/3", title="Waiting"), user_id=SECRETARIAT
    )
    live_app.fake.wait_for("chat.postMessage")
    big = live_app.fake.host_file(b"%PDF-" + b"0" * (20 * 1024 * 1024), "big.pdf")
    file_share(live_app, [big])
    assert "larger than the 20 MB limit" in live_app.fake.wait_for("chat.postMessage", 2)[1].params["text"]
    assert live_app.fake.calls_to("file_download") == []
    file_share(live_app, [live_app.fake.host_file(samples.pdf("have"), "same.pdf")])
    assert (
        "already in the library as SAMPLE/HAVE/1"
        in live_app.fake.wait_for("chat.postMessage", 3)[2].params["text"]
    )
    assert "SAMPLE/DM/3" not in [d.symbol for d in rows(live_app, Document)]
    assert len(rows(live_app, PendingDocument)) == 1
    assert "Dropped: *SAMPLE/DM/3*" in docs(live_app, "add cancel", user_id=SECRETARIAT)["text"]
    assert rows(live_app, PendingDocument) == []


def test_a_failed_download_keeps_the_document_waiting(live_app: LiveApp, tmp_path: Path) -> None:
    live_app.slack.view_submission(
        FORM_CALLBACK, form_values(by_dm=True, symbol="SAMPLE/DM/4", title="Waiting"), user_id=SECRETARIAT
    )
    live_app.fake.wait_for("chat.postMessage")
    live_app.fake.fail("file_download", status=500)
    file_share(live_app, [live_app.fake.host_file(samples.pdf(), "a.pdf")])
    assert "could not fetch it from Slack" in live_app.fake.wait_for("chat.postMessage", 2)[1].params["text"]
    elsewhere = {"id": "F1", "name": "a.pdf", "size": 10, "url_private": "https://evil.example.org/a.pdf"}
    file_share(live_app, [elsewhere])
    assert "could not fetch it" in live_app.fake.wait_for("chat.postMessage", 3)[2].params["text"]
    assert len(rows(live_app, PendingDocument)) == 1 and "SAMPLE/DM/4" not in [
        d.symbol for d in rows(live_app, Document)
    ]


def test_a_pending_document_counts_nothing_in_the_library(live_app: LiveApp) -> None:
    live_app.slack.view_submission(
        FORM_CALLBACK, form_values(by_dm=True, symbol="SAMPLE/DM/5", title="Waiting"), user_id=SECRETARIAT
    )
    live_app.fake.wait_for("chat.postMessage")
    assert "Nothing matches" in docs(live_app, "SAMPLE/DM/5")["text"]
    with live_app.deps.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 6


def test_a_seeded_document_gets_its_file_through_the_form(live_app: LiveApp) -> None:
    live_app.slack.view_submission(
        FORM_CALLBACK,
        form_values(
            by_dm=True, symbol="circular letter no.4004", title="NKPO designation", kind="circular_letter"
        ),
        user_id=SECRETARIAT,
    )
    assert "Now send me the file" in live_app.fake.wait_for("chat.postMessage")[0].params["text"]
    file_share(live_app, [live_app.fake.host_file(samples.pdf("cl4004"), "CL4004.pdf")])
    assert "is in the library" in live_app.fake.wait_for("chat.postMessage", 2)[1].params["text"]
    (completed,) = [d for d in rows(live_app, Document) if d.symbol == "Circular Letter No.4004"]
    assert completed.original_name == "CL4004.pdf" and completed.edited_at is not None
    assert len(rows(live_app, Document)) == 6  # completed, not added twice
    assert "PDF file" in as_text(docs(live_app, "cl 4004")["blocks"])


def test_a_file_share_delivered_three_times_at_once_is_fetched_and_added_once(live_app: LiveApp) -> None:
    import threading

    live_app.slack.view_submission(
        FORM_CALLBACK, form_values(by_dm=True, symbol="SAMPLE/DM/3X", title="Thrice"), user_id=SECRETARIAT
    )
    live_app.fake.wait_for("chat.postMessage")
    live_app.fake.delay("file_download", 0.5)  # a slow download, so the repeats arrive meanwhile
    event = {"type": "message", "subtype": "file_share", "channel": f"D{SECRETARIAT}", "channel_type": "im",
             "user": SECRETARIAT, "text": "", "ts": "1700000000.000300",
             "files": [live_app.fake.host_file(samples.pdf("thrice"), "thrice.pdf")]}  # fmt: skip
    deliveries = [
        threading.Thread(
            target=live_app.slack.event, args=(event,), kwargs={"event_id": "EvTHRICE", "retry_num": n}
        )
        for n in range(3)
    ]
    for delivery in deliveries:
        delivery.start()
    for delivery in deliveries:
        delivery.join()
    live_app.fake.wait_for("chat.postMessage", 2, timeout=10)
    time.sleep(1.0)  # time for any repeat to do (wrongly) its own download and DM
    assert len(live_app.fake.calls_to("file_download")) == 1
    dms = [c.params["text"] for c in live_app.fake.calls_to("chat.postMessage")][1:]
    assert len(dms) == 1 and "*SAMPLE/DM/3X* is in the library" in dms[0]


def test_the_form_offers_programmes_and_arrangements_as_typed_and_links_them(live_app: LiveApp) -> None:
    from bot.services.imports import import_arrangements

    with live_app.deps.db.session() as session:
        import_arrangements(session, ROOT / "examples" / "arrangements.sample.csv")
    programmes = live_app.slack.block_suggestion(PROGRAMMES_SELECT, "ballast", user_id=SECRETARIAT).json()
    assert "bwm-convention" in [option["value"] for option in programmes["options"]]
    everything = live_app.slack.block_suggestion(PROGRAMMES_SELECT, "", user_id=SECRETARIAT).json()
    assert len(everything["options"]) >= 6
    found = live_app.slack.block_suggestion(ARRANGEMENTS_SELECT, "ballast", user_id=SECRETARIAT).json()
    assert [option["value"] for option in found["options"]] == ["SAMPLE-003"]
    values = form_values(
        symbol="SAMPLE/LINKED/1", title="Sample linked note", url="https://example.org/linked",
        chosen_programmes=("bwm-convention",), chosen_arrangements=("SAMPLE-003",),
    )  # fmt: skip
    assert live_app.slack.view_submission(FORM_CALLBACK, values, user_id=SECRETARIAT).json() is None
    live_app.fake.wait_for("chat.postMessage")
    with live_app.deps.db.session() as session:
        linked = session.scalars(select(Document).where(Document.symbol == "SAMPLE/LINKED/1")).one()
        assert [p.slug for p in linked.programmes] == ["bwm-convention"]
        assert [a.ref for a in linked.arrangements] == ["SAMPLE-003"]
