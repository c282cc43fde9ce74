"""/announce over signed HTTP: preview and Post, the form, edits and withdrawals, and refusals."""

import json

from sqlalchemy import func, select

from bot.views.announcements import CANCEL_ACTION, FORM_CALLBACK, POST_ACTION
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
    return {name: {"value": {"type": "plain_text_input", "value": value or None}} for name, value in
            (("title", title), ("body", body), ("link", link))}  # fmt: skip


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
    for text in ("list", "edit 1 changed", "delete 1"):
        assert "Only the Partnerships Section" in live_app.command("/announce", text).json()["text"]
    assert live_app.fake.calls_to("chat.postMessage") == [] and live_app.fake.calls_to("chat.update") == []
    assert [a.status for a in announcements(live_app)] == ["draft"]


def test_empty_and_overlong_announcements_are_refused_and_not_kept(live_app: LiveApp) -> None:
    too_long = live_app.command("/announce", "x" * 3001, user_id=SECRETARIAT).json()["text"]
    assert "3,001 characters" in too_long and "3,000" in too_long
    blank = live_app.command("/announce", "edit 1", user_id=SECRETARIAT).json()["text"]
    assert "needs some text" in blank
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
        form_values("NKPO call", "Please designate your NKPO.", "tc 74/4(A)"),
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


def test_edit_and_delete_update_the_posted_message(live_app: LiveApp) -> None:
    value = draft(live_app, "First words")
    live_app.slack.action(POST_ACTION, value, user_id=SECRETARIAT, response_url=live_app.fake.response_url())
    live_app.fake.wait_for("response_url")
    (stored,) = announcements(live_app)

    assert live_app.command("/announce", f"edit {value} Better words", user_id=SECRETARIAT).status == 200
    assert "is updated" in live_app.fake.wait_for("response_url", 2)[1].params["text"]
    (edited,) = live_app.fake.calls_to("chat.update")
    assert (edited.params["channel"], edited.params["ts"]) == ("CANNOUNCE", stored.message_ts)
    assert "Better words" in json.dumps(edited.decoded("blocks")) and "edited" in json.dumps(
        edited.decoded("blocks")
    )

    live_app.command("/announce", f"delete {value}", user_id=SECRETARIAT)
    live_app.fake.wait_for("response_url", 3)  # answered after the change is committed
    withdrawn = live_app.fake.calls_to("chat.update")[1]
    assert withdrawn.params["ts"] == stored.message_ts and "withdrawn" in withdrawn.params["text"]
    assert [(a.status, a.body) for a in announcements(live_app)] == [("withdrawn", "Better words")]

    live_app.command("/announce", f"edit {value} Again", user_id=SECRETARIAT)
    answers = live_app.fake.wait_for("response_url", 4)
    assert "withdrawn, not posted" in answers[-1].params["text"]
    listing = live_app.command("/announce", "list", user_id=SECRETARIAT).json()
    assert f"#{value} withdrawn" in listing["text"] and validate_blocks(listing["blocks"]) == []
    assert len(live_app.fake.calls_to("chat.update")) == 2


def test_a_refused_update_leaves_the_record_unchanged(live_app: LiveApp) -> None:
    value = draft(live_app, "Stays")
    live_app.slack.action(POST_ACTION, value, user_id=SECRETARIAT, response_url=live_app.fake.response_url())
    live_app.fake.wait_for("response_url")
    live_app.fake.error("chat.update", "cant_update_message")
    live_app.command("/announce", f"edit {value} Changed", user_id=SECRETARIAT)
    assert "cant_update_message" in live_app.fake.wait_for("response_url", 2)[1].params["text"]
    assert [a.body for a in announcements(live_app)] == ["Stays"]


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
