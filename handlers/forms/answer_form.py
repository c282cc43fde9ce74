"""The answer-card form: checked inline; the card is written in the same request and used at once."""

from __future__ import annotations

from bot.i18n import _
from bot.services.answers.cards import check_card, unanswered_question, write_card
from bot.views.answers import CARD_GONE, NOT_ALLOWED, card_saved, card_values
from bot.views.blocks import Reply
from handlers.context import Ctx, FormErrors


def handle(ctx: Ctx) -> Reply | None:
    if not ctx.is_secretariat:
        raise FormErrors({"answer": _(NOT_ALLOWED)})
    metadata = str(ctx.request.payload.get("private_metadata", ""))
    question = unanswered_question(ctx.session, int(metadata)) if metadata.isdigit() else None
    if question is None:
        raise FormErrors({"answer": _(CARD_GONE)})
    values = card_values(ctx.request.payload)
    fields, problems = check_card(values["topic"], values["answer"], values["questions"], values["source"],
                                  values["as_at"])  # fmt: skip
    if fields is None:
        raise FormErrors(problems)
    card = write_card(ctx.session, fields, question, ctx.request.user_id)
    saved = card_saved(card)
    ctx.later(lambda _later: saved)
    return None
