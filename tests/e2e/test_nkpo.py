"""The NKPO directory over signed HTTP: register -> the secretariat confirms once; add, edit, retire
with the form; the directory's count; countries in English, French and Spanish."""

import json
from typing import Any

from sqlalchemy import select

from bot.views.blocks import validate_blocks
from bot.views.nkpo import CONFIRM_ACTION, DECLINE_ACTION, FORM_CALLBACK
from storage.models import Nkpo, NkpoRegistration
from tests.conftest import NKPO_USER, SECRETARIAT, LiveApp


def form_state(**values: str) -> dict[str, Any]:
    state: dict[str, Any] = {
        name: {"value": {"type": "plain_text_input", "value": values.get(name) or None}}
        for name in ("country", "person_name", "position", "ministry", "source")
    }
    state["email"] = {"value": {"type": "email_text_input", "value": values.get("email") or None}}
    if "slack_user_id" in values:
        state["slack_user_id"] = {"value": {"type": "users_select", "selected_user": values["slack_user_id"]}}
    if "status" in values:
        state["status"] = {"value": {"type": "static_select", "selected_option": {"value": values["status"]}}}
    return state


def opened_form(live_app: LiveApp, text: str, user_id: str) -> dict[str, Any]:
    assert live_app.command("/nkpo", text, user_id=user_id).status == 200
    (opened,) = live_app.fake.wait_for("views.open")
    view = opened.decoded("view")
    assert (
        view["callback_id"] == FORM_CALLBACK
        and validate_blocks([b for b in view["blocks"] if b["type"] != "input"]) == []
    )
    return dict(view)


def submit(live_app: LiveApp, view: dict[str, Any], user_id: str, **values: str) -> Any:
    return live_app.slack.view_submission(
        FORM_CALLBACK, form_state(**values), user_id=user_id, private_metadata=view["private_metadata"]
    )


def nkpo_says(live_app: LiveApp, text: str, user_id: str = NKPO_USER) -> str:
    body = live_app.command("/nkpo", text, user_id=user_id).json()
    assert validate_blocks(body.get("blocks", [])) == []
    return json.dumps(body, ensure_ascii=False)


def test_a_registration_reaches_the_secretariat_and_is_on_record_only_once_confirmed(
    live_app: LiveApp,
) -> None:
    view = opened_form(live_app, "register", NKPO_USER)
    answer = submit(live_app, view, NKPO_USER, country="Reino Unido", person_name="Sample Person R",
                    position="Head of Cooperation (sample)", email="r@example.org")  # fmt: skip
    assert answer.status == 200 and answer.json() is None
    posts = live_app.fake.wait_for("chat.postMessage", 2)
    by_channel = {call.params["channel"]: call for call in posts}
    notice = by_channel[f"D{SECRETARIAT}"]
    assert "Sample Person R" in json.dumps(notice.decoded("blocks")) and "request #1" in notice.params["text"]
    assert "has gone to the Partnerships Section" in by_channel[f"D{NKPO_USER}"].params["text"]
    assert "No NKPO is on record for *United Kingdom*" in nkpo_says(live_app, "UK")

    refused = live_app.slack.action(
        CONFIRM_ACTION, "1", user_id=NKPO_USER, response_url=live_app.fake.response_url()
    )
    assert refused.status == 200
    assert "Only the Partnerships Section" in live_app.fake.wait_for("response_url")[0].params["text"]
    for _ in range(2):  # a double click decides once
        live_app.slack.action(
            CONFIRM_ACTION, "1", user_id=SECRETARIAT, response_url=live_app.fake.response_url()
        )
    answers = " | ".join(call.params["text"] for call in live_app.fake.wait_for("response_url", 3))
    assert answers.count("was confirmed by") == 1 and answers.count("already decided") == 1
    (updated,) = live_app.fake.wait_for("chat.update")
    assert updated.params["channel"] == f"D{SECRETARIAT}" and updated.params["ts"]
    assert "confirmed by" in updated.params["text"] and CONFIRM_ACTION not in json.dumps(updated.params)
    outcome = live_app.fake.wait_for("chat.postMessage", 3)[-1]
    assert (
        outcome.params["channel"] == f"D{NKPO_USER}" and "confirmed you as the NKPO" in outcome.params["text"]
    )
    shown = nkpo_says(live_app, "Royaume-Uni")
    assert "Sample Person R" in shown and f"<@{NKPO_USER}>" in shown
    with live_app.deps.db.session() as session:
        (request,) = session.scalars(select(NkpoRegistration)).all()
        assert (request.status, request.decided_by) == ("confirmed", SECRETARIAT)


def test_a_declined_registration_records_nobody(live_app: LiveApp) -> None:
    view = opened_form(live_app, "register", NKPO_USER)
    submit(live_app, view, NKPO_USER, country="KEN", person_name="Sample Person K")
    live_app.fake.wait_for("chat.postMessage", 2)
    live_app.slack.action(DECLINE_ACTION, "1", user_id=SECRETARIAT, response_url=live_app.fake.response_url())
    assert "was declined by" in live_app.fake.wait_for("response_url")[0].params["text"]
    assert "did not confirm" in live_app.fake.wait_for("chat.postMessage", 3)[-1].params["text"]
    with live_app.deps.db.session() as session:
        assert session.scalars(select(Nkpo)).all() == []


def test_a_bad_form_is_flagged_inline_and_keeps_nothing(live_app: LiveApp) -> None:
    view = opened_form(live_app, "register", NKPO_USER)
    errors = submit(live_app, view, NKPO_USER, country="Atlantis", email="nope").json()["errors"]
    assert set(errors) == {"country", "person_name", "email"}
    with live_app.deps.db.session() as session:
        assert session.scalars(select(NkpoRegistration)).all() == []


def test_the_secretariat_adds_edits_and_retires_with_who_and_when(live_app: LiveApp) -> None:
    assert "No Member State has an NKPO on record" in nkpo_says(live_app, "")
    view = opened_form(live_app, "add Kenia", SECRETARIAT)
    assert "Kenya" in json.dumps(view)
    assert submit(live_app, view, SECRETARIAT, country="Kenya", person_name="Sample Person A",
                  position="Director (sample)", slack_user_id="U0SAMPLEA").json() is None  # fmt: skip
    assert "is added" in live_app.fake.wait_for("chat.postMessage")[0].params["text"]
    assert "1 Member State has an NKPO on record in this directory, as at" in nkpo_says(live_app, "")

    live_app.fake.reset()
    view = opened_form(live_app, "edit KEN", SECRETARIAT)
    filled = json.dumps(view)
    assert '"initial_value": "Sample Person A"' in filled and '"initial_user": "U0SAMPLEA"' in filled
    submit(live_app, view, SECRETARIAT, country="Kenya", person_name="Sample Person A",
           position="Director (sample)", status="retired")  # fmt: skip
    assert "is retired" in live_app.fake.wait_for("chat.postMessage")[0].params["text"]
    assert "No NKPO is on record for *Kenya*" in nkpo_says(live_app, "Kenya")
    history = nkpo_says(live_app, "Kenya", SECRETARIAT)
    assert (
        f"retired by <@{SECRETARIAT}>: Slack, Status" in history and f"added by <@{SECRETARIAT}>" in history
    )


def test_others_cannot_add_or_edit(live_app: LiveApp) -> None:
    for text in ("add", "edit Kenya"):
        assert "Only the Partnerships Section adds and edits NKPOs" in nkpo_says(live_app, text)
    answer = live_app.slack.view_submission(
        FORM_CALLBACK, form_state(country="Kenya", person_name="X"), private_metadata='{"mode": "add"}'
    )
    assert "Only the Partnerships Section" in answer.json()["errors"]["country"]
    assert live_app.fake.calls_to("views.open") == []
    with live_app.deps.db.session() as session:
        assert session.scalars(select(Nkpo)).all() == []


def test_editing_a_sample_nkpo_keeps_it_marked_as_a_sample(live_app: LiveApp) -> None:
    from bot.services.imports import import_nkpos
    from tests.services.test_nkpo_directory import SAMPLE

    with live_app.deps.db.session() as session:
        import_nkpos(session, SAMPLE, None)
    view = opened_form(live_app, "edit Fiji", SECRETARIAT)
    submit(
        live_app, view, SECRETARIAT, country="Fiji", person_name="Sample Person C", position="Acting (sample)"
    )
    live_app.fake.wait_for("chat.postMessage")
    shown = nkpo_says(live_app, "Fiji")
    assert "Acting (sample)" in shown and "Sample record: fictional" in shown


def test_a_request_that_reaches_no_one_is_kept_said_so_and_waits_under_nkpo(live_app: LiveApp) -> None:
    view = opened_form(live_app, "register", NKPO_USER)
    live_app.fake.error("conversations.open", "user_not_found")  # the secretariat's DM cannot be opened
    submit(live_app, view, NKPO_USER, country="Ghana", person_name="Sample Person G")
    (told,) = live_app.fake.wait_for("chat.postMessage")
    assert told.params["channel"] == f"D{NKPO_USER}" and "couldn't reach" in told.params["text"]
    waiting = live_app.command("/nkpo", "", user_id=SECRETARIAT).json()
    assert validate_blocks(waiting["blocks"]) == []
    shown = json.dumps(waiting)
    assert "waiting for you: 1" in shown and "Sample Person G" in shown and CONFIRM_ACTION in shown
    assert "waiting for you" not in nkpo_says(live_app, "")  # only the secretariat sees them
    live_app.slack.action(CONFIRM_ACTION, "1", user_id=SECRETARIAT, response_url=live_app.fake.response_url())
    assert "was confirmed by" in live_app.fake.wait_for("response_url")[0].params["text"]
    assert "Sample Person G" in nkpo_says(live_app, "Ghana")
