"""/ask, mentions, DMs and the App Home over signed HTTP, against the fake Slack Web API."""

import json
import time

import pytest
from sqlalchemy import func, select

from bot.views.blocks import HELPFUL_ACTION, NOT_RIGHT_ACTION, SHARE_ACTION, validate_blocks
from bot.views.results import DETAILS_ACTION
from handlers.events import messages
from handlers.slack import settle
from storage.models import DigestSubscription, Question, SlackEvent
from tests.conftest import SECRETARIAT, LiveApp


def mention(text: str, ts: str = "1700000001.000200", **extra: str) -> dict:
    return {"type": "app_mention", "user": "U_NKPO1", "text": f"<@UBOT> {text}", "ts": ts,
            "channel": "C_GENERAL", "event_ts": ts, **extra}  # fmt: skip


def direct_message(text: str, **extra: str) -> dict:
    ts = "1700000002.000100"
    return {"type": "message", "channel_type": "im", "user": "U_NKPO1", "text": text, "ts": ts,
            "channel": "D_NKPO1", "event_ts": ts, **extra}  # fmt: skip


def questions(live_app: LiveApp) -> list[Question]:
    """The questions kept (after the ack: waited for)."""
    assert settle()
    with live_app.deps.db.session() as session:
        return list(session.scalars(select(Question).order_by(Question.id)))


def buttons(blocks: list[dict]) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_ask_command_answers_with_the_dated_figure_and_records_the_question(live_app: LiveApp) -> None:
    body = live_app.command("/ask", "how many MoUs are there?").json()
    assert body["response_type"] == "ephemeral"
    assert "88" in body["text"] and "December 2023" in body["text"] and "TC 74/4(a)" in body["text"]
    assert validate_blocks(body["blocks"]) == []
    share = next(e for e in buttons(body["blocks"]) if e["action_id"] == SHARE_ACTION)
    assert json.loads(share["value"]) == {
        "command": "/ask",
        "text": "how many MoUs are there?",
        "state": {"recorded": 1},
    }
    [question] = questions(live_app)
    assert (question.via, question.answered, question.matched) == ("slash", True, "snapshot:mou")


def test_a_shared_answer_is_posted_publicly_and_not_counted_twice(live_app: LiveApp) -> None:
    body = live_app.command("/ask", "what is an nkpo").json()
    share = next(e for e in buttons(body["blocks"]) if json.loads(e["value"])["command"] == "/ask")
    live_app.slack.action(SHARE_ACTION, share["value"], response_url=live_app.fake.response_url())
    posted = live_app.fake.wait_for("response_url")[0].params
    assert posted["response_type"] == "in_channel" and "focal point" in posted["text"]
    assert validate_blocks(posted["blocks"]) == []
    assert len(questions(live_app)) == 1


def test_a_document_answer_offers_the_document(live_app: LiveApp) -> None:
    body = live_app.command("/ask", "where is the NKPO designation form?").json()
    feedback = (HELPFUL_ACTION, NOT_RIGHT_ACTION)  # their value is the question's ref
    values = [json.loads(e["value"]) for e in buttons(body["blocks"]) if e["action_id"] not in feedback]
    details = next(v for v in values if v["command"] == "/docs")
    assert details["text"] == "Circular Letter No.4004" and details["state"]["detail"] > 0
    assert {e["action_id"] for e in buttons(body["blocks"])} == {
        DETAILS_ACTION, SHARE_ACTION, HELPFUL_ACTION, NOT_RIGHT_ACTION,
    }  # fmt: skip
    assert validate_blocks(body["blocks"]) == []


def test_details_of_an_answer_open_the_programme_and_ask_this_is_a_new_question(live_app: LiveApp) -> None:
    body = live_app.command("/ask", "who funds the east asia marine projects?").json()
    details = next(e for e in buttons(body["blocks"]) if e["action_id"] == DETAILS_ACTION)
    live_app.slack.action(DETAILS_ACTION, details["value"], response_url=live_app.fake.response_url())
    shown = live_app.fake.wait_for("response_url")[0].params
    assert "*Funding partner*" in json.dumps(shown["blocks"]) and validate_blocks(shown["blocks"]) == []
    unsure = live_app.command("/ask", "ballast water pump brands, paint colours and tank sizes").json()
    ask_this = next(b["accessory"] for b in unsure["blocks"] if "accessory" in b)
    live_app.slack.action(DETAILS_ACTION, ask_this["value"], response_url=live_app.fake.response_url())
    answered = live_app.fake.wait_for("response_url", 2)[1].params
    assert "ballast water" in answered["text"] and validate_blocks(answered["blocks"]) == []
    assert [(q.via, q.answered) for q in questions(live_app)] == [
        ("slash", True),
        ("slash", False),
        ("button", True),
    ]


def test_ask_without_a_question_gets_usage_and_too_long_gets_one_line(live_app: LiveApp) -> None:
    assert "Usage of /ask" in live_app.command("/ask", "").json()["text"]
    too_long = live_app.command("/ask", "x" * 5000).json()["text"]
    assert "5,000 characters" in too_long and "under 500" in too_long
    assert questions(live_app) == []


def test_an_unknowable_question_is_not_answered_and_is_recorded(live_app: LiveApp) -> None:
    body = live_app.command("/ask", "who is the NKPO of Atlantis").json()
    assert "I don't hold people's names" in body["text"] and validate_blocks(body["blocks"]) == []
    [question] = questions(live_app)

    assert question.answered is False and question.text == "who is the NKPO of Atlantis"


def test_unanswered_questions_are_for_the_secretariat_only(live_app: LiveApp) -> None:
    live_app.command("/ask", "what is the salary of an NKPO")
    refused = live_app.command("/ask", "unanswered").json()
    assert "Only the Partnerships Section" in refused["text"]
    listed = live_app.command("/ask", "unanswered", user_id=SECRETARIAT).json()
    assert "what is the salary of an NKPO" in json.dumps(listed["blocks"])
    assert "<@U_NKPO1>" in json.dumps(listed["blocks"]) and validate_blocks(listed["blocks"]) == []


def test_a_mention_is_answered_in_its_thread(live_app: LiveApp) -> None:
    assert live_app.slack.event(mention("how many LoAs")).status == 200
    post = live_app.fake.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == "C_GENERAL" and post.params["thread_ts"] == "1700000001.000200"
    assert "55" in post.params["text"] and "December 2023" in post.params["text"]
    assert validate_blocks(post.decoded("blocks")) == []
    assert SHARE_ACTION not in json.dumps(post.decoded("blocks"))
    assert questions(live_app)[0].via == "mention"


def test_a_direct_message_is_answered_in_the_dm(live_app: LiveApp) -> None:
    live_app.slack.event(direct_message("who funds the east asia marine projects?"))
    post = live_app.fake.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == "D_NKPO1" and "thread_ts" not in post.params
    assert "Norad" in post.params["text"] and validate_blocks(post.decoded("blocks")) == []
    assert questions(live_app)[0].via == "dm"


def test_a_retried_event_is_answered_once(live_app: LiveApp) -> None:
    event = direct_message("what is the ITCP?")
    assert live_app.slack.event(event, event_id="EvRETRY0001").status == 200
    assert live_app.slack.event(event, event_id="EvRETRY0001", retry_num=1).status == 200
    assert live_app.slack.event(event, event_id="EvRETRY0001", retry_num=2).status == 200
    live_app.fake.wait_for("chat.postMessage")
    time.sleep(0.5)  # give a wrongly repeated answer the time to show up
    assert len(live_app.fake.calls_to("chat.postMessage")) == 1
    assert len(questions(live_app)) == 1
    with live_app.deps.db.session() as session:
        assert session.scalar(select(func.count()).select_from(SlackEvent)) == 1


@pytest.mark.parametrize(
    "event",
    [
        direct_message("how many MoUs", bot_id="B_OTHER"),
        direct_message("how many MoUs", subtype="bot_message"),
        direct_message("how many MoUs", user="UBOT", bot_id="BBOT"),
        mention("how many MoUs", bot_id="B_OTHER"),
        {**direct_message("how many MoUs"), "channel_type": "channel"},
    ],
)
def test_bot_messages_and_channel_chatter_are_ignored(live_app: LiveApp, event: dict) -> None:
    assert live_app.slack.event(event).status == 200
    time.sleep(0.3)
    assert live_app.fake.calls_to("chat.postMessage") == [] and questions(live_app) == []


def test_a_slow_answer_gets_a_placeholder_that_the_answer_replaces(
    live_app: LiveApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = messages.ask.handle

    def slow_answer(ctx):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        return answer(ctx)

    monkeypatch.setattr(messages, "SLOW_ANSWER_SECONDS", 0.05)
    monkeypatch.setattr(messages.ask, "handle", slow_answer)
    live_app.slack.event(mention("how many IPAs"))
    placeholder = live_app.fake.wait_for("chat.postMessage")[0].params
    assert "Looking that up" in placeholder["text"] and placeholder["thread_ts"] == "1700000001.000200"
    update = live_app.fake.wait_for("chat.update")[0]
    assert (
        update.params["channel"] == "C_GENERAL"
        and "15 implementing partner agreements" in update.params["text"]
    )
    assert validate_blocks(update.decoded("blocks")) == []
    assert len(live_app.fake.calls_to("chat.postMessage")) == 1


def test_a_fast_answer_is_posted_without_a_placeholder(live_app: LiveApp) -> None:
    live_app.slack.event(mention("what is BBNJ"))
    live_app.fake.wait_for("chat.postMessage")
    time.sleep(0.3)
    assert (
        len(live_app.fake.calls_to("chat.postMessage")) == 1 and live_app.fake.calls_to("chat.update") == []
    )


def home_opened(user: str) -> dict:
    return {"type": "app_home_opened", "user": user, "channel": "D_HOME", "tab": "home",
            "event_ts": "1700000003.000100"}  # fmt: skip


def test_app_home_shows_what_the_bot_does_the_snapshot_and_the_digest_state(live_app: LiveApp) -> None:
    live_app.slack.event(home_opened("U_NKPO1"))
    call = live_app.fake.wait_for("views.publish")[0]
    view = call.decoded("view")
    assert call.params["user_id"] == "U_NKPO1" and view["type"] == "home"
    assert len(view["blocks"]) <= 100 and validate_blocks(view["blocks"]) == []
    shown = json.dumps(view["blocks"])
    assert "/ask" in shown and "158" in shown and "December 2023" in shown
    assert "Circular Letter No.4004" in shown  # among the latest additions
    assert "don't get the weekly digest" in shown
    assert live_app.fake.calls_to("chat.postMessage") == []


def test_app_home_shows_an_active_digest_subscription(live_app: LiveApp) -> None:
    with live_app.deps.db.session() as session:
        session.add(DigestSubscription(user_id="U_SUBSCRIBED", active=True))
    live_app.slack.event(home_opened("U_SUBSCRIBED"))
    shown = json.dumps(live_app.fake.wait_for("views.publish")[0].decoded("view"))
    assert "You get the weekly digest" in shown


def card_values(**typed: str) -> dict:
    return {name: {"value": {"type": "plain_text_input", "value": typed.get(name) or None}}
            for name in ("topic", "answer", "questions", "source", "as_at")}  # fmt: skip


def test_the_secretariat_answers_a_declined_question_and_the_next_asker_gets_the_card(
    live_app: LiveApp,
) -> None:
    asked = "What are the office hours of the Partnerships Section?"
    assert "I don't have “hours”" in live_app.command("/ask", asked).json()["text"]
    live_app.command("/ask", asked.lower())  # asked twice: listed once, counted
    listed = live_app.command("/ask", "unanswered", user_id=SECRETARIAT).json()
    assert "asked 2 times" in json.dumps(listed["blocks"]) and validate_blocks(listed["blocks"]) == []
    answer_button = next(b["accessory"] for b in listed["blocks"] if "accessory" in b)
    live_app.slack.action(answer_button["action_id"], answer_button["value"], user_id=SECRETARIAT,
                          response_url=live_app.fake.response_url())  # fmt: skip
    [opened] = live_app.fake.wait_for("views.open")
    form = opened.decoded("view")
    assert validate_blocks([b for b in form["blocks"] if b["type"] != "input"]) == []
    question_id = form["private_metadata"]
    refused = live_app.slack.view_submission(form["callback_id"], card_values(topic="x", answer="y"),
                                             private_metadata=question_id).json()  # fmt: skip
    assert refused["response_action"] == "errors" and "Only the Partnerships Section" in json.dumps(refused)
    blank = live_app.slack.view_submission(
        form["callback_id"],
        card_values(topic="Office hours"),
        user_id=SECRETARIAT,
        private_metadata=question_id,
    ).json()
    assert blank["response_action"] == "errors" and set(blank["errors"]) == {"answer"}
    saved = live_app.slack.view_submission(
        form["callback_id"],
        card_values(topic="Office hours of the Partnerships Section",
                    answer="The Partnerships Section answers on working days, 9:00-17:00 London time (test).",
                    questions="when can I reach the partnerships section"),
        user_id=SECRETARIAT, private_metadata=question_id,
    )  # fmt: skip
    assert saved.status == 200 and not saved.body.strip()
    [dm] = live_app.fake.wait_for("chat.postMessage")
    assert "Saved the answer card" in dm.params["text"]
    again = live_app.command("/ask", "when can I reach the Partnerships Section?").json()
    assert "9:00-17:00" in again["text"]
    listed = live_app.command("/ask", "unanswered", user_id=SECRETARIAT).json()
    assert "office hours" not in json.dumps(listed).lower() and "No unanswered questions" in listed["text"]

    again_values = card_values(topic="Again", answer="Again")
    twice = live_app.slack.view_submission(
        form["callback_id"], again_values, user_id=SECRETARIAT, private_metadata=question_id
    ).json()
    assert twice["response_action"] == "errors" and "answered already" in json.dumps(twice)


def test_an_answer_marked_not_right_is_shown_to_the_secretariat(live_app: LiveApp) -> None:
    body = live_app.command("/ask", "how many IPAs are there?").json()
    down = next(e for e in buttons(body["blocks"]) if e["action_id"] == NOT_RIGHT_ACTION)
    assert down["value"].startswith("q") and settle()  # kept ms after the ack; a person clicks seconds after
    live_app.slack.action(NOT_RIGHT_ACTION, down["value"], response_url=live_app.fake.response_url())
    assert "Thanks, noted" in live_app.fake.wait_for("response_url")[0].params["text"]
    live_app.slack.action(NOT_RIGHT_ACTION, "999999", response_url=live_app.fake.response_url())
    assert "no longer on record" in live_app.fake.wait_for("response_url", 2)[1].params["text"]
    listed = json.dumps(
        live_app.command("/ask", "unanswered", user_id=SECRETARIAT).json()["blocks"], ensure_ascii=False
    )
    assert "Answers marked 👎 (1)" in listed and "snapshot:ipa" in listed
    shared = live_app.slack.action(SHARE_ACTION, next(e["value"] for e in buttons(body["blocks"])
                                                      if e["action_id"] == SHARE_ACTION),
                                   response_url=live_app.fake.response_url())  # fmt: skip
    assert shared.status == 200
    public = live_app.fake.wait_for("response_url", 3)[2].params
    assert NOT_RIGHT_ACTION not in json.dumps(public["blocks"]) and HELPFUL_ACTION not in json.dumps(
        public["blocks"]
    )


def test_greetings_and_thanks_by_dm_and_by_command_are_answered_and_not_recorded(live_app: LiveApp) -> None:
    live_app.slack.event(direct_message("thanks!"))
    (posted,) = live_app.fake.wait_for("chat.postMessage")
    assert "You're welcome" in posted.params["text"]
    assert "Hello!" in live_app.command("/ask", "hi").json()["text"]
    assert questions(live_app) == []
