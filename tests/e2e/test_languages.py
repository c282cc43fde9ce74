"""Over signed HTTP: each user is answered in their Slack locale's language, or the one they chose in
the App Home; channel posts in the channel's language; questions in the language they are asked."""

import json
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot.views.blocks import SHARE_ACTION, validate_blocks
from bot.views.home import LANGUAGE_ACTION
from tests.conftest import LiveApp, serve_live
from tests.fakes.slack_api import FakeSlackAPI

FRENCH, SPANISH = "U_FRENCH1", "U_SPANISH1"


def home_opened(user: str) -> dict:
    return {"type": "app_home_opened", "user": user, "channel": "D_HOME", "tab": "home",
            "event_ts": "1700000003.000100"}  # fmt: skip


def text_of(body: dict) -> str:
    return body["text"] + json.dumps(body.get("blocks", []), ensure_ascii=False)


def partnerships_until(live_app: LiveApp, user: str, words: str) -> str:
    """/partnerships as `user` until its answer has `words` (a choice is committed just after the
    home tab it changes is published), or the last answer after 5 s."""
    deadline = time.monotonic() + 5
    while True:
        shown = text_of(live_app.command("/partnerships", user_id=user).json())
        if words in shown or time.monotonic() > deadline:
            return shown
        time.sleep(0.05)


@pytest.fixture
def speakers(live_app: LiveApp) -> LiveApp:
    live_app.fake.set_locale(FRENCH, "fr-FR")
    live_app.fake.set_locale(SPANISH, "es-ES")
    return live_app


def test_the_commands_answer_in_the_slack_locale_s_language(speakers: LiveApp) -> None:
    french = speakers.command("/partnerships", user_id=FRENCH).json()
    assert "Accords de partenariat en vigueur" in text_of(french) and "décembre 2023" in text_of(french)
    spanish = speakers.command("/partnerships", user_id=SPANISH).json()
    assert "Acuerdos de asociación en vigor" in text_of(spanish) and "diciembre de 2023" in text_of(spanish)
    english = speakers.command("/partnerships").json()
    assert "Partnership arrangements in force" in text_of(english)
    assert "Programmes du PICT" in text_of(speakers.command("/programmes", user_id=FRENCH).json())
    assert "Programas del PICT" in text_of(speakers.command("/programmes", user_id=SPANISH).json())
    assert "récapitulatif" in speakers.command("/digest", "status", user_id=FRENCH).json()["text"]
    assert "resumen" in speakers.command("/digest", "status", user_id=SPANISH).json()["text"]
    assert "Ce que je peux faire" in text_of(speakers.command("/nothing", user_id=FRENCH).json())
    assert "Uso de /partnerships" in speakers.command("/partnerships", "help", user_id=SPANISH).json()["text"]
    for body in (french, spanish):
        assert validate_blocks(body["blocks"]) == []
    # each user's locale was asked for once, with include_locale, and kept
    lookups = speakers.fake.calls_to("users.info")
    assert sorted(call.params["user"] for call in lookups) == sorted([FRENCH, SPANISH, "U_NKPO1"])
    assert all(str(call.params.get("include_locale")).lower() in ("true", "1") for call in lookups), [
        c.params for c in lookups
    ]


def test_questions_are_answered_in_the_language_asked(speakers: LiveApp) -> None:
    french = speakers.command("/ask", "combien de partenariats l'OMI a-t-elle ?").json()
    assert "158" in french["text"] and "accords de partenariat" in french["text"]
    spanish = speakers.command("/ask", "¿cómo designo a un NKPO?").json()
    assert "4004" in spanish["text"] and "circular" in spanish["text"].lower()
    assert "Compartir en el canal" in json.dumps(spanish["blocks"], ensure_ascii=False)


def test_the_app_home_is_in_the_user_s_language_and_offers_another(speakers: LiveApp) -> None:
    speakers.slack.event(home_opened(FRENCH))
    [published] = speakers.fake.wait_for("views.publish")
    view = published.decoded("view")
    assert "Ce que je peux faire" in json.dumps(view, ensure_ascii=False)
    assert validate_blocks(view["blocks"]) == []
    speakers.slack.home_select(LANGUAGE_ACTION, "es", user_id=FRENCH)
    again = speakers.fake.wait_for("views.publish", 2)[1].decoded("view")
    assert "Lo que puedo hacer" in json.dumps(again, ensure_ascii=False)
    assert "Acuerdos de asociación" in partnerships_until(speakers, FRENCH, "Acuerdos de asociación")
    speakers.slack.home_select(LANGUAGE_ACTION, "slack", user_id=FRENCH)
    speakers.fake.wait_for("views.publish", 3)
    assert "Accords de partenariat" in partnerships_until(speakers, FRENCH, "Accords de partenariat")
    speakers.slack.home_select(LANGUAGE_ACTION, "klingon", user_id=FRENCH)  # not a choice: nothing changes
    assert "Accords de partenariat" in text_of(speakers.command("/partnerships", user_id=FRENCH).json())


def test_a_slow_users_info_answers_in_the_default_now_and_in_the_locale_next(speakers: LiveApp) -> None:
    speakers.fake.delay("users.info", 1.5)
    first = speakers.command("/partnerships", user_id=FRENCH).json()
    assert "Partnership arrangements in force" in text_of(first)  # DEFAULT_LANGUAGE, within the ack
    speakers.fake.wait_for("users.info", 2, timeout=10)  # fetched again after the ack, for next time
    assert "Accords de partenariat" in text_of(speakers.command("/partnerships", user_id=FRENCH).json())


def test_a_changed_profile_is_read_again(speakers: LiveApp) -> None:
    assert "Accords" in text_of(speakers.command("/partnerships", user_id=FRENCH).json())
    speakers.fake.set_locale(FRENCH, "es-MX")
    assert "Accords" in text_of(speakers.command("/partnerships", user_id=FRENCH).json())  # still kept
    speakers.slack.event({"type": "user_change", "user": {"id": FRENCH, "locale": "es-MX"},
                          "event_ts": "1700000004.000100"})  # fmt: skip
    assert "Acuerdos de asociación" in partnerships_until(speakers, FRENCH, "Acuerdos de asociación")


@pytest.fixture
def french_channel(live_app: LiveApp, fake_slack: FakeSlackAPI) -> Iterator[LiveApp]:
    settings = replace(live_app.deps.settings, channel_languages=(("C_FRANCAIS", "fr"),))
    with serve_live(replace(live_app.deps, settings=settings), fake_slack) as live:
        yield live


def test_a_shared_answer_is_posted_in_the_channel_s_language(french_channel: LiveApp) -> None:
    body = french_channel.command("/partnerships", channel_id="C_FRANCAIS").json()  # an English user
    assert "Partnership arrangements in force" in text_of(body)
    share = next(e for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == SHARE_ACTION)  # fmt: skip
    french_channel.slack.action(SHARE_ACTION, share["value"], channel_id="C_FRANCAIS",
                                response_url=french_channel.fake.response_url())  # fmt: skip
    [shared] = french_channel.fake.wait_for("response_url")
    assert shared.params["response_type"] == "in_channel"
    assert "Accords de partenariat en vigueur" in shared.params["text"] + json.dumps(
        shared.params["blocks"], ensure_ascii=False
    )
