"""Handlers called directly with a Ctx on a rolled-back session (the middle depth)."""

import pytest
from sqlalchemy.orm import Session

from bot.views.blocks import Reply, validate_blocks
from handlers.commands import COMMANDS
from tests.conftest import NKPO_USER, SECRETARIAT, MakeCtx


def run(make_ctx: MakeCtx, command: str, text: str = "", user_id: str = NKPO_USER) -> Reply:
    """Run a command's handler as `user_id` typed it; it answers with valid blocks and posts nothing."""
    request = make_ctx(text, user_id=user_id, command=command)
    reply = COMMANDS[command].handle(request)
    assert reply is not None
    assert validate_blocks(reply.blocks) == []
    assert request.messenger.calls == []  # type: ignore[attr-defined]
    return reply


def test_partnerships_without_words_shows_the_dated_snapshot(session: Session, make_ctx: MakeCtx) -> None:
    reply = run(make_ctx, "/partnerships")
    assert "158" in reply.text and "December 2023" in reply.text and "TC 74/4(a)" in reply.text
    assert "55" in reply.text and "88" in reply.text and "15" in reply.text
    assert not reply.public


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_answers_help_with_its_usage(session: Session, make_ctx: MakeCtx, command: str) -> None:
    reply = run(make_ctx, command, "help")
    assert command in reply.text and "Usage" in reply.text


def test_unknown_digest_subcommand_gets_usage(session: Session, make_ctx: MakeCtx) -> None:
    reply = run(make_ctx, "/digest", "sunscribe")
    assert "I don't know `/digest sunscribe`" in reply.text and "/digest subscribe" in reply.text


def test_announce_is_refused_to_non_secretariat(session: Session, make_ctx: MakeCtx) -> None:
    assert "Only the Partnerships Section" in run(make_ctx, "/announce", "hello").text
    assert "Only the Partnerships Section" not in run(make_ctx, "/announce", "hello", SECRETARIAT).text
