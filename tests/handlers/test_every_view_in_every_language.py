"""Every command's answer, the App Home and the forms rendered in English, French and Spanish: within
Slack's limits in each (longer French and Spanish text included), and in the language asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import handlers
from bot.deps import Deps
from bot.services.imports import import_arrangements
from bot.views.blocks import Reply, validate_blocks
from handlers.context import Request, dispatch
from handlers.events import EVENTS
from tests.conftest import SECRETARIAT
from tests.fakes.messenger import RecordingMessenger

ROOT = Path(__file__).resolve().parent.parent.parent
LANGUAGES = ("en", "fr", "es")

TYPED = [
    ("/partnerships", ""), ("/partnerships", "help"), ("/partnerships", "ballast"),
    ("/partnerships", "type:gift"), ("/partnerships", "zzzz qqqq"), ("/programmes", ""),
    ("/programmes", "piracy"), ("/programmes", "scope:nowhere"), ("/docs", ""), ("/docs", "4004"),
    ("/nkpo", ""), ("/nkpo", "France"), ("/digest", "status"), ("/digest", "preview"),
    ("/digest", "subscribe"), ("/digest", "unsubscribe"), ("/digest", "sometimes"), ("/announce", "list"),
    ("/announce", "help"), ("/ask", "how many MoUs are there?"), ("/ask", "who won the 1998 world cup?"),
    ("/ask", "unanswered"), ("/ask", "help"), ("/partnership", "mou"), ("/partnerships", "expiring"),
    ("/partnerships", "expiring days:365"), ("/partnerships", "chart"), ("/ask", "stats"), ("/audit", ""),
    ("/audit", "since:2026-01-01"),
]  # fmt: skip


def replies(deps: Deps, language: str, command: str, text: str, user_id: str = SECRETARIAT) -> list[Reply]:
    got: list[Reply] = []
    handler = handlers.COMMANDS.get(command, handlers.UNKNOWN).handle
    request = Request(user_id=user_id, via="slash", channel_id="C1", text=text, command=command,
                      language=language)  # fmt: skip
    dispatch(deps, request, RecordingMessenger(), [handler], got.append)
    return got


def test_every_command_s_answer_is_valid_and_in_the_language_asked(deps: Deps) -> None:
    with deps.db.session() as session:
        import_arrangements(session, ROOT / "examples" / "arrangements.sample.csv")
    for command, text in TYPED:
        english = replies(deps, "en", command, text)
        assert english, (command, text)
        for language in LANGUAGES:
            shown = english if language == "en" else replies(deps, language, command, text)
            for reply in shown:
                assert validate_blocks(reply.blocks) == [], (language, command, text)
                assert reply.text and "{" not in reply.text.replace("{}", ""), (language, command, text)
            asked = command == "/ask" and text not in ("unanswered", "help")  # answered in the question's
            if language != "en" and not asked:
                assert [r.text for r in shown] != [r.text for r in english], (language, command, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_app_home_is_valid_in_every_language(deps: Deps, language: str) -> None:
    messenger = RecordingMessenger()
    request = Request(user_id="U1", via="event", payload={"tab": "home"}, language=language)
    dispatch(deps, request, messenger, [EVENTS["app_home_opened"]], lambda reply: None)
    [(_user, view)] = messenger.homes
    assert validate_blocks(view["blocks"]) == []
    words = {"en": "What I can do", "fr": "Ce que je peux faire", "es": "Lo que puedo hacer"}[language]
    assert words in json.dumps(view, ensure_ascii=False)
