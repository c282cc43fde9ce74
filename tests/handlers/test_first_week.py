"""The edges a first week of real use hit, at the handler depth: a mistyped command, a bare filter,
ended arrangements, the ITCP figures beside the list, greetings and thanks, what a shared copy
carries, and whom to ask."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services.search import today
from bot.services.small_talk import small_talk
from bot.text import FILTER_EXAMPLES, InputError
from bot.views.blocks import for_channel, validate_blocks
from handlers.actions import ACTIONS
from handlers.commands import COMMANDS, UNKNOWN
from handlers.context import Ctx
from storage.models import Question
from tests.conftest import MakeCtx
from tests.records import arrangement


def say(make_ctx: MakeCtx, command: str, text: str = "", **fields: object) -> str:
    ctx = make_ctx(text, command=command, **fields)
    reply = (COMMANDS.get(command) or UNKNOWN).handle(ctx)
    assert reply is not None and validate_blocks(reply.blocks) == []
    return reply.text + " " + str(reply.blocks)


@pytest.mark.parametrize(
    ("typed", "meant"), [("/partnership", "/partnerships"), ("/doc", "/docs"), ("/programs", "/programmes"),
                         ("/anounce", "/announce"), ("/nkpos", "/nkpo")],
)  # fmt: skip
def test_an_unknown_command_suggests_the_nearest(make_ctx: MakeCtx, typed: str, meant: str) -> None:
    answer = say(make_ctx, typed, "ballast water")
    assert f"I don't know `{typed}`" in answer and f"Did you mean `{meant}`?" in answer
    assert f"`{meant} ballast water`" in answer


def test_nothing_near_suggests_nothing(make_ctx: MakeCtx) -> None:
    assert "Did you mean" not in say(make_ctx, "/weather")


@pytest.mark.parametrize(("command", "name"), [("/partnerships", "type"), ("/partnerships", "year"),
                                               ("/partnerships", "sdg"), ("/partnerships", "status"),
                                               ("/programmes", "scope")])  # fmt: skip
def test_a_bare_filter_gets_a_real_example(make_ctx: MakeCtx, command: str, name: str) -> None:
    with pytest.raises(InputError) as refused:
        say(make_ctx, command, f"{name}:")
    assert f"e.g. `{FILTER_EXAMPLES[name]}`" in str(refused.value) and "..." not in str(refused.value)
    say(make_ctx, command, FILTER_EXAMPLES[name])  # the example itself works


def test_ended_arrangements_are_shown_as_ended(session: Session, make_ctx: MakeCtx) -> None:
    arrangement(session, "E-1", "Sample partner Ended", "mou", signed_on=date(2020, 1, 1),
                ends_on=today() - timedelta(days=30), summary="Sample port training.")  # fmt: skip
    assert "Nothing matches" in say(make_ctx, "/partnerships", "port training")
    ended = say(make_ctx, "/partnerships", "port training status:ended")
    assert (
        "Sample partner Ended" in ended and "ended " in ended and "Matching “port training”, ended" in ended
    )
    assert "E-1" not in say(make_ctx, "/partnerships")
    assert "in force" in say(make_ctx, "/partnerships", "sample")


def test_programmes_say_the_figures_are_the_itcps_and_the_list_is_on_record(make_ctx: MakeCtx) -> None:
    answer = say(make_ctx, "/programmes")
    assert "16 global and 8 regional" in answer and "are the 2018-2019 ITCP's" in answer
    assert "programmes and topics on record here" in answer


@pytest.mark.parametrize("typed", ["hi", "Hello!", "hey there :wave:", "thanks!", "Thank you so much",
                                   "merci", "gracias", "bonjour", "good morning", "thx"])  # fmt: skip
def test_greetings_and_thanks_are_answered_and_not_recorded(
    session: Session, make_ctx: MakeCtx, typed: str
) -> None:
    before = session.scalar(select(func.count()).select_from(Question))
    answer = say(make_ctx, "/ask", typed)
    kind = (
        "Hello",
        "welcome",
        "Bonjour",
        "Je vous en prie",
        "De nada",
    )  # answered in the greeting's language
    assert "won't guess" not in answer and any(word in answer for word in kind)
    assert session.scalar(select(func.count()).select_from(Question)) == before


@pytest.mark.parametrize("typed", ["hi how many MoUs are there?", "thanks but where is the NKPO form",
                                   "hello world peace"])  # fmt: skip
def test_a_question_with_a_greeting_is_still_a_question(typed: str) -> None:
    assert small_talk(typed) is None


def share(make_ctx: MakeCtx, reply_text: str) -> str:
    ctx: Ctx = make_ctx(via="button", value=reply_text)
    shared = ACTIONS["share_in_channel"](ctx)
    assert shared is not None and shared.public
    return shared.text + " " + str(shared.blocks)


def test_a_shared_copy_carries_the_answer_only(make_ctx: MakeCtx) -> None:
    from bot.views.blocks import Rerun

    mine = say(make_ctx, "/partnerships")
    assert "Search with words" in mine and "No arrangements have been imported yet" in mine
    shared = share(make_ctx, Rerun("/partnerships", "").encode())
    assert "158" in shared and "Search with words" not in shared and "imported yet" not in shared
    assert "Shared by" in shared
    guide = share(make_ctx, Rerun("/nkpo", "").encode())
    assert "Look up a country's NKPO" not in guide and "Circular Letter No.4004" in guide


def test_for_channel_drops_hint_blocks_only() -> None:
    from bot.views.blocks import Reply, context, hint, section

    reply = Reply(text="t", blocks=[section("the answer"), hint("type this next"), context("source")])
    kept = for_channel(reply, "U1").blocks
    assert [b.get("text", {}).get("text") or b["elements"][0]["text"] for b in kept] == [
        "the answer", "source", "Shared by <@U1>",
    ]  # fmt: skip


def test_whom_to_ask_is_the_partnerships_contact(make_ctx: MakeCtx, settings: object) -> None:
    ctx = make_ctx(command="/nkpo")
    with_contact = replace(ctx, settings=replace(ctx.settings, partnerships_contact="nkpo-help@example.org"))
    reply = COMMANDS["/nkpo"].handle(with_contact)
    assert reply is not None and "<mailto:nkpo-help@example.org|nkpo-help@example.org>" in str(reply.blocks)
    channel = replace(ctx, settings=replace(ctx.settings, partnerships_contact="C0PARTNERS"))
    answer = UNKNOWN.handle(replace(channel, request=replace(ctx.request, command="/nope")))
    assert answer is not None and "Partnerships Section (<#C0PARTNERS>)" in answer.text
