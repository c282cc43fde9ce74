"""/announce over signed HTTP: preview and Post, the form, edits and withdrawals, and refusals."""

import json

import pytest
from sqlalchemy import func, select

from bot.views.announcements import (
    APPLY_ACTION,
    CANCEL_ACTION,
    DISCARD_ACTION,
    FORM_CALLBACK,
    KEEP_ACTION,
    LINK_SELECT,
    POST_ACTION,
    WITHDRAW_ACTION,
)
from bot.views.blocks import validate_blocks
from storage.models import Announcement
from tests.conftest import NKPO_USER, SECRETARIAT, LiveApp


def announcements(live_app: LiveApp) -> list[Announcement]:
    with live_app.deps.db.session() as session:
        return list(session.scalars(select(Announcement).order_by(Announcement.id)))


def buttons(body: dict) -> dict[str, str]:
    return {
        e["action_id"]: e["value"] for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]
    }


def form_values(title: str = "", body: str = "", link: str = "") -> dict:
    values: dict = {name: {"value": {"type": "plain_text_input", "value": value or None}} for name, value in
                    (("title", title), ("body", body))}  # fmt: skip
    chosen = {"text": {"type": "plain_text", "text": link}, "value": link} if link else None
    values["link"] = {LINK_SELECT: {"type": "external_select", "selected_option": chosen}}
    return values


def draft(live_app: LiveApp, text: str) -> str:
    body = live_app.command("/announce", text, user_id=SECRETARIAT).json()
    assert validate_blocks(body["blocks"]) == [] and body["response_type"] == "ephemeral"
    return buttons(body)[POST_ACTION]


def test_secretariat_previews_then_posts_once(live_app: LiveApp) -> None:
    body = live_app.command("/announce", "Webinar on 3 May <!channel> & all", user_id=SECRETARIAT).json()
    assert "Preview" in json.dumps(body["blocks"]) and set(buttons(body)) == {POST_ACTION, CANCEL_ACTION}
    assert live_app.fake.calls_to("chat.postMessage") == []
    assert [a.status for a in announcements(live_app)] == ["draft"]

    value = buttons(body)[POST_ACTION]
    for _ in range(2):  # a double click posts once
        live_app.slack.action(
            POST_ACTION, value, user_id=SECRETARIAT, response_url=live_app.fake.response_url()
        )
    answers = live_app.fake.wait_for("response_url", 2)
    posted = live_app.fake.calls_to("chat.postMessage")
    assert len(posted) == 1 and posted[0].params["channel"] == "CANNOUNCE"
    blocks = posted[0].decoded("blocks")
    assert validate_blocks(blocks) == []
    assert "&lt;!channel&gt; &amp; all" in json.dumps(blocks) and "<!channel>" not in json.dumps(blocks)
    texts = " | ".join(a.params["text"] for a in answers)
    # the second click either finds it posted or, while the first is still at Slack, being posted
    assert texts.count("is posted in <#CANNOUNCE>") == 1
    assert texts.count("already posted") + texts.count("is being posted right now") == 1
    (stored,) = announcements(live_app)
    assert (stored.status, stored.channel_id) == ("posted", "CANNOUNCE") and stored.message_ts
    assert stored.author_user_id == SECRETARIAT and stored.posted_at is not None


def test_others_are_refused_and_nothing_is_posted_or_kept(live_app: LiveApp) -> None:
    value = draft(live_app, "A real draft")
    reply = live_app.command("/announce", "Free pizza", user_id=NKPO_USER).json()
    assert "Only the Partnerships Section" in reply["text"]
    live_app.slack.action(POST_ACTION, value, user_id=NKPO_USER, response_url=live_app.fake.response_url())
    assert "Only the Partnerships Section" in live_app.fake.wait_for("response_url")[0].params["text"]
    submitted = live_app.slack.view_submission(FORM_CALLBACK, form_values("Hi", "Body"), user_id=NKPO_USER)
    assert submitted.json()["response_action"] == "errors"
    assert "Only the Partnerships Section" in submitted.json()["errors"]["body"]
    for text in ("edit 1 changed", "delete 1", "edit 1"):
        assert "Only the Partnerships Section" in live_app.command("/announce", text).json()["text"]
    for action in (APPLY_ACTION, DISCARD_ACTION, WITHDRAW_ACTION, KEEP_ACTION):
        live_app.slack.action(action, "1", user_id=NKPO_USER, response_url=live_app.fake.response_url())
    refusals = live_app.fake.wait_for("response_url", 5)[1:]
    assert all("Only the Partnerships Section" in call.params["text"] for call in refusals)
    assert live_app.fake.calls_to("chat.postMessage") == [] and live_app.fake.calls_to("chat.update") == []
    assert [a.status for a in announcements(live_app)] == ["draft"]


def test_empty_and_overlong_announcements_are_refused_and_not_kept(live_app: LiveApp) -> None:
    too_long = live_app.command("/announce", "x" * 3001, user_id=SECRETARIAT).json()["text"]
    assert "3,001 characters" in too_long and "3,000" in too_long
    assert announcements(live_app) == []


def test_cancel_keeps_it_off_the_channel(live_app: LiveApp) -> None:
    value = draft(live_app, "Not yet")
    live_app.slack.action(
        CANCEL_ACTION, value, user_id=SECRETARIAT, response_url=live_app.fake.response_url()
    )
    assert "Cancelled" in live_app.fake.wait_for("response_url")[0].params["text"]
    live_app.slack.action(POST_ACTION, value, user_id=SECRETARIAT, response_url=live_app.fake.response_url())
    assert "already posted or cancelled" in live_app.fake.wait_for("response_url", 2)[1].params["text"]
    assert live_app.fake.calls_to("chat.postMessage") == []


def test_a_refused_post_keeps_the_draft_for_another_try(live_app: LiveApp) -> None:
    value = draft(live_app, "Try me")
    live_app.fake.error("chat.postMessage", "not_in_channel")
    live_app.slack.action(POST_ACTION, value, user_id=SECRETARIAT, response_url=live_app.fake.response_url())
    failed = live_app.fake.wait_for("response_url")[0].params
    assert "not_in_channel" in failed["text"] and POST_ACTION in json.dumps(failed["blocks"])
    assert [a.status for a in announcements(live_app)] == ["draft"]
    live_app.slack.action(POST_ACTION, value, user_id=SECRETARIAT, response_url=live_app.fake.response_url())
    live_app.fake.wait_for("response_url", 2)
    assert len(live_app.fake.calls_to("chat.postMessage")) == 1
    assert [a.status for a in announcements(live_app)] == ["posted"]


def test_no_text_opens_the_form_and_its_errors_show_inline(live_app: LiveApp) -> None:
    response = live_app.command("/announce", "", user_id=SECRETARIAT, trigger_id="T_FORM")
    assert response.status == 200
    (opened,) = live_app.fake.wait_for("views.open")
    view = opened.decoded("view")
    assert opened.params["trigger_id"] == "T_FORM" and view["callback_id"] == FORM_CALLBACK
    assert validate_blocks(view["blocks"]) == []
    assert {b["block_id"] for b in view["blocks"] if b["type"] == "input"} == {"title", "body", "link"}

    bad = live_app.slack.view_submission(
        FORM_CALLBACK, form_values("", "x" * 3001, "no-such-thing"), user_id=SECRETARIAT
    ).json()
    assert bad["response_action"] == "errors"
    assert set(bad["errors"]) == {"title", "body", "link"}
    assert "no-such-thing" in bad["errors"]["link"]
    assert announcements(live_app) == []
    assert live_app.fake.calls_to("chat.postMessage") == []


def test_a_valid_form_is_posted_with_its_link_and_the_author_told_by_dm(live_app: LiveApp) -> None:
    response = live_app.slack.view_submission(
        FORM_CALLBACK,
        form_values("NKPO call", "Please designate your NKPO.", "document:TC 74/4(a)"),
        user_id=SECRETARIAT,
    )
    assert response.status == 200 and not response.body.strip()  # the modal closes
    channel_post, dm = live_app.fake.wait_for("chat.postMessage", 2)
    assert channel_post.params["channel"] == "CANNOUNCE" and dm.params["channel"] == f"D{SECRETARIAT}"
    blocks = json.dumps(channel_post.decoded("blocks"))
    assert "NKPO call" in blocks and "TC 74/4(a)" in blocks
    assert "is posted in <#CANNOUNCE>" in dm.params["text"]
    (stored,) = announcements(live_app)
    assert (stored.title, stored.link_kind, stored.link_ref) == ("NKPO call", "document", "TC 74/4(a)")


def posted(live_app: LiveApp, text: str) -> Announcement:
    value = draft(live_app, text)
    live_app.slack.action(POST_ACTION, value, user_id=SECRETARIAT, response_url=live_app.fake.response_url())
    live_app.fake.wait_for("response_url")
    live_app.fake.reset()
    (stored,) = [a for a in announcements(live_app) if a.id == int(value)]
    return stored


def pressed(live_app: LiveApp, action_id: str, value: str, answers: int = 1) -> str:
    live_app.slack.action(action_id, value, user_id=SECRETARIAT, response_url=live_app.fake.response_url())
    return str(live_app.fake.wait_for("response_url", answers)[-1].params["text"])


def test_an_edit_is_previewed_then_posted_once(live_app: LiveApp) -> None:
    stored = posted(live_app, "First words")
    body = live_app.command("/announce", f"edit #{stored.id} Better words", user_id=SECRETARIAT).json()
    assert "Preview of your edit" in body["text"] and "Better words" in json.dumps(body["blocks"])
    assert validate_blocks(body["blocks"]) == [] and set(buttons(body)) == {APPLY_ACTION, DISCARD_ACTION}
    assert live_app.fake.calls_to("chat.update") == []
    assert [a.body for a in announcements(live_app)] == ["First words"]
    revision = buttons(body)[APPLY_ACTION]
    assert "is updated in <#CANNOUNCE>" in pressed(live_app, APPLY_ACTION, revision)
    assert "already posted or cancelled" in pressed(live_app, APPLY_ACTION, revision, 2)
    (edited,) = live_app.fake.calls_to("chat.update")
    assert (edited.params["channel"], edited.params["ts"]) == ("CANNOUNCE", stored.message_ts)
    assert "Better words" in json.dumps(edited.decoded("blocks")) and "edited" in json.dumps(
        edited.decoded("blocks")
    )
    assert [a.body for a in announcements(live_app)] == ["Better words"]


def test_an_edit_cancelled_changes_nothing(live_app: LiveApp) -> None:
    stored = posted(live_app, "Keep me")
    body = live_app.command("/announce", f"edit {stored.id} typo fix", user_id=SECRETARIAT).json()
    assert "Cancelled: the announcement is unchanged" in pressed(
        live_app, DISCARD_ACTION, buttons(body)[APPLY_ACTION]
    )
    assert "already posted or cancelled" in pressed(live_app, APPLY_ACTION, buttons(body)[APPLY_ACTION], 2)
    assert live_app.fake.calls_to("chat.update") == [] and [a.body for a in announcements(live_app)] == [
        "Keep me"
    ]


def test_edit_with_no_text_opens_the_form_filled_and_its_submission_is_previewed(live_app: LiveApp) -> None:
    value = live_app.slack.view_submission(
        FORM_CALLBACK,
        form_values("Call", "Please designate.", "programme:djibouti-code"),
        user_id=SECRETARIAT,
    )
    assert value.status == 200
    live_app.fake.wait_for("chat.postMessage", 2)
    (stored,) = announcements(live_app)
    live_app.fake.reset()
    live_app.command("/announce", f"edit {stored.id}", user_id=SECRETARIAT)
    view = live_app.fake.wait_for("views.open")[0].decoded("view")
    filled = json.dumps(view)
    assert '"initial_value": "Call"' in filled and '"initial_value": "Please designate."' in filled
    assert '"value": "programme:djibouti-code"' in filled and view["submit"]["text"] == "Preview"
    live_app.slack.view_submission(
        FORM_CALLBACK,
        form_values("Call", "Please designate by May.", "programme:djibouti-code"),
        user_id=SECRETARIAT,
        private_metadata=view["private_metadata"],
    )
    (dm,) = live_app.fake.wait_for("chat.postMessage")
    assert dm.params["channel"] == f"D{SECRETARIAT}" and "Preview of your edit" in dm.params["text"]
    assert (
        live_app.fake.calls_to("chat.update") == [] and announcements(live_app)[0].body == "Please designate."
    )


def test_delete_is_previewed_and_withdrawn_once(live_app: LiveApp) -> None:
    stored = posted(live_app, "Going away")
    body = live_app.command("/announce", f"delete {stored.id}", user_id=SECRETARIAT).json()
    assert "Withdraw announcement" in body["text"] and set(buttons(body)) == {WITHDRAW_ACTION, KEEP_ACTION}
    assert live_app.fake.calls_to("chat.update") == [] and announcements(live_app)[0].status == "posted"
    assert "stays as it is" in pressed(live_app, KEEP_ACTION, str(stored.id))
    assert "is withdrawn in <#CANNOUNCE>" in pressed(live_app, WITHDRAW_ACTION, str(stored.id), 2)
    assert "nothing to withdraw" in pressed(live_app, WITHDRAW_ACTION, str(stored.id), 3)
    (withdrawn,) = live_app.fake.calls_to("chat.update")
    assert withdrawn.params["ts"] == stored.message_ts and "withdrawn" in withdrawn.params["text"]
    assert [(a.status, a.body) for a in announcements(live_app)] == [("withdrawn", "Going away")]
    again = live_app.command("/announce", f"edit {stored.id} Again", user_id=SECRETARIAT).json()
    assert "withdrawn, not posted" in again["text"]


def test_a_refused_update_leaves_the_record_unchanged_for_another_try(live_app: LiveApp) -> None:
    stored = posted(live_app, "Stays")
    body = live_app.command("/announce", f"edit {stored.id} Changed", user_id=SECRETARIAT).json()
    live_app.fake.error("chat.update", "cant_update_message")
    failed = pressed(live_app, APPLY_ACTION, buttons(body)[APPLY_ACTION])
    assert "cant_update_message" in failed and "unchanged" in failed
    assert [a.body for a in announcements(live_app)] == ["Stays"]
    assert "is updated" in pressed(live_app, APPLY_ACTION, buttons(body)[APPLY_ACTION], 2)
    assert [a.body for a in announcements(live_app)] == ["Changed"]


@pytest.mark.parametrize(
    ("typed", "said"),
    [("delete", "`/announce delete <number>`"), ("list all", "takes no more words"),
     ("edit abc fix", "`/announce edit <number>`"), ("DELETE 2 now", "`/announce delete <number>`"),
     ("edit", "`/announce edit <number>`")],
)  # fmt: skip
def test_a_malformed_subcommand_gets_its_usage_and_never_a_draft(
    live_app: LiveApp, typed: str, said: str
) -> None:
    body = live_app.command("/announce", typed, user_id=SECRETARIAT).json()
    assert said in body["text"] and POST_ACTION not in json.dumps(body)
    assert announcements(live_app) == []


def test_everyone_reads_the_posted_announcements_latest_first_paged(live_app: LiveApp) -> None:
    for number in range(12):
        posted(live_app, f"News {number}")
    draft(live_app, "Not yet out")
    body = live_app.command("/announce", "list").json()
    assert validate_blocks(body["blocks"]) == []
    text = json.dumps(body["blocks"])
    assert "News 11" in text and "News 2" in text and 'News 1"' not in text and "Not yet out" not in text
    assert "12 in all" in text and "/announce edit" not in text
    (next_value,) = [v for k, v in buttons(body).items() if k == "results_next"]
    live_app.slack.action("results_next", next_value, response_url=live_app.fake.response_url())
    older = json.dumps(live_app.fake.wait_for("response_url")[0].params)
    assert "News 1" in older and "News 0" in older and "News 11" not in older
    mine = json.dumps(live_app.command("/announce", "list", user_id=SECRETARIAT).json())
    assert "draft" in mine and "/announce edit" in mine


def test_the_link_field_offers_documents_and_programmes_as_typed(live_app: LiveApp) -> None:
    answer = live_app.slack.block_suggestion(LINK_SELECT, "4004", block_id="link", callback_id=FORM_CALLBACK)
    groups = answer.json()["option_groups"]
    values = [option["value"] for group in groups for option in group["options"]]
    assert "document:Circular Letter No.4004" in values
    djibouti = live_app.slack.block_suggestion(LINK_SELECT, "djibouti", block_id="link").json()
    found = [option["value"] for group in djibouti["option_groups"] for option in group["options"]]
    assert "programme:djibouti-code" in found
    assert all(len(option["text"]["text"]) <= 75 for group in groups for option in group["options"])


def test_nothing_is_kept_when_no_channel_is_configured(live_app: LiveApp) -> None:
    from dataclasses import replace

    from handlers.commands import COMMANDS
    from handlers.context import Request, run_handler
    from tests.fakes.messenger import RecordingMessenger

    deps = replace(live_app.deps, settings=replace(live_app.deps.settings, announcements_channel=None))
    request = Request(SECRETARIAT, "slash", text="Hello")
    outcome = run_handler(deps, request, RecordingMessenger(), COMMANDS["/announce"].handle)
    assert outcome.reply is not None and "ANNOUNCEMENTS_CHANNEL" in outcome.reply.text
    with live_app.deps.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Announcement)) == 0
