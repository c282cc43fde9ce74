"""Handlers called directly with a Ctx on a rolled-back session (the middle depth)."""

import pytest
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.views.blocks import validate_blocks
from handlers.commands import COMMANDS
from handlers.context import Ctx, Request
from tests.conftest import SECRETARIAT


class NoMessenger:
    def __getattr__(self, name: str) -> None:
        raise AssertionError(f"this handler should not call the messenger ({name})")


def run(session: Session, settings: Settings, command: str, text: str = "", user_id: str = "U_NKPO1"):
    ctx = Ctx(Request(user_id=user_id, channel_id="C1", text=text), settings, session, NoMessenger())  # type: ignore[arg-type]
    reply = COMMANDS[command].handle(ctx)
    assert reply is not None
    assert validate_blocks(reply.blocks) == []
    return reply


def test_partnerships_without_words_shows_the_dated_snapshot(session: Session, settings: Settings) -> None:
    reply = run(session, settings, "/partnerships")
    assert "158" in reply.text and "December 2023" in reply.text and "TC 74/4(a)" in reply.text
    assert "55" in reply.text and "88" in reply.text and "15" in reply.text
    assert not reply.public


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_answers_help_with_its_usage(
    session: Session, settings: Settings, command: str
) -> None:
    reply = run(session, settings, command, "help")
    assert command in reply.text and "Usage" in reply.text


def test_unknown_digest_subcommand_gets_usage(session: Session, settings: Settings) -> None:
    reply = run(session, settings, "/digest", "sunscribe")
    assert "I don't know `/digest sunscribe`" in reply.text and "/digest subscribe" in reply.text


def test_announce_is_refused_to_non_secretariat(session: Session, settings: Settings) -> None:
    assert "Only the Partnerships Section" in run(session, settings, "/announce", "hello").text
    assert (
        "Only the Partnerships Section" not in run(session, settings, "/announce", "hello", SECRETARIAT).text
    )
