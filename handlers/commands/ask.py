"""/ask <question>: answered by the answering service; mentions and DMs come through here too."""

from __future__ import annotations

from bot.services.answers import answer_question, recent_unanswered, record_question
from bot.text import clean_input
from bot.views.answers import NOT_ALLOWED, RECORDED, answer_reply, unanswered_reply
from bot.views.blocks import Reply
from bot.views.help import usage
from handlers.context import Command, Ctx


def handle(ctx: Ctx) -> Reply:
    question = clean_input(ctx.request.text)
    if question.lower() in ("", "help"):
        return usage(COMMAND)
    if question.lower() == "unanswered":
        if not ctx.is_secretariat:
            return Reply(text=NOT_ALLOWED)
        return unanswered_reply(recent_unanswered(ctx.session))
    answer = answer_question(ctx.session, question)
    via = asked_via(ctx)
    if answer.kind != "no_words" and via != "share":
        record_question(
            ctx.session,
            user_id=ctx.request.user_id,
            channel_id=ctx.request.channel_id,
            via=via,
            answer=answer,
        )
    return answer_reply(answer, shareable=via in ("slash", "button", "console"))


def asked_via(ctx: Ctx) -> str:
    """How the question came: slash, button, share (a recorded question re-run), mention, dm or console.

    A button re-runs the command with its state in the payload (handlers/actions/rerun.py);
    RECORDED in that state marks a question that was recorded when first asked.
    """
    payload = ctx.request.payload
    state = payload.get("state")
    if isinstance(state, dict) and state.get("recorded") == RECORDED["recorded"]:
        return "share"
    if ctx.request.via == "console":
        return "console"
    if payload.get("command"):
        return "slash"
    if "state" in payload:
        return "button"
    return "mention" if payload.get("type") == "app_mention" else "dm"


COMMAND = Command(
    name="/ask",
    summary="ask a question in plain words",
    usage=(
        "`/ask <question>` e.g. `/ask how many MoUs are there?`; mention me or send me a direct message "
        "to ask the same way\n`/ask unanswered` the recent questions I could not answer (secretariat only)"
    ),
    handle=handle,
)
