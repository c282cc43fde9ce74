"""The buttons of answers: 👍 / 👎 on an answer, and the secretariat's Answer on a declined question."""

from __future__ import annotations

from bot.i18n import _
from bot.services.answers import question_id_of, record_feedback
from bot.services.answers.cards import unanswered_question
from bot.views.answers import CARD_GONE, NOT_ALLOWED, card_form, feedback_noted
from bot.views.blocks import Reply
from handlers.context import Ctx
from handlers.web_api import open_form


def _question_id(ctx: Ctx) -> int | None:
    return question_id_of(ctx.session, ctx.request.value)


def _vote(ctx: Ctx, vote: int) -> Reply:
    """Keep the clicker's vote on the answer to the recorded question the button names."""
    question_id = _question_id(ctx)
    recorded = question_id is not None and record_feedback(
        ctx.session, question_id, ctx.request.user_id, vote
    )
    return feedback_noted(vote, recorded)


def handle_helpful(ctx: Ctx) -> Reply:
    return _vote(ctx, 1)


def handle_not_right(ctx: Ctx) -> Reply:
    return _vote(ctx, -1)


def handle_answer(ctx: Ctx) -> Reply | None:
    """Open the form for writing an answer card for a declined question (the secretariat only)."""
    if not ctx.is_secretariat:
        return Reply(text=_(NOT_ALLOWED))
    question_id = _question_id(ctx)
    question = unanswered_question(ctx.session, question_id) if question_id is not None else None
    if question is None:
        return Reply(text=_(CARD_GONE))
    return open_form(ctx, card_form(question))
