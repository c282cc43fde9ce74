"""/ask <question>: answered by the answering service; mentions and DMs come through here too."""

from __future__ import annotations

from datetime import timedelta

from bot.i18n import N_, _, in_language
from bot.services.answers import (
    Answer,
    answer_question,
    detect_language,
    disliked_answers,
    new_ref,
    recent_unanswered,
    record_question,
)
from bot.services.small_talk import small_talk
from bot.services.usage import usage_report
from bot.text import clean_input
from bot.views.answers import NOT_ALLOWED, answer_reply, small_talk_reply, unanswered_reply
from bot.views.blocks import Reply
from bot.views.help import usage
from bot.views.usage import NOT_ALLOWED as STATS_NOT_ALLOWED
from bot.views.usage import usage_reply
from handlers.context import Command, Ctx, Handler
from storage.models import utcnow

WEEK = timedelta(days=7)


def handle(ctx: Ctx) -> Reply:
    question = clean_input(ctx.request.text)
    if question.lower() in ("", "help"):
        return usage(COMMAND)
    if question.lower() == "unanswered":
        if not ctx.is_secretariat:
            return Reply(text=_(NOT_ALLOWED))
        return unanswered_reply(recent_unanswered(ctx.session), disliked_answers(ctx.session))
    if question.lower() == "stats":
        if not ctx.is_secretariat:
            return Reply(text=_(STATS_NOT_ALLOWED))
        now = utcnow()
        return usage_reply(usage_report(ctx.session, now - WEEK, now), ctx.settings.digest_timezone)
    greeted = small_talk(question)
    if greeted is not None:  # answered in kind; not a question, so nothing is recorded
        with in_language(detect_language(question)):
            return small_talk_reply(greeted)
    answer = answer_question(ctx.session, question)
    via = asked_via(ctx)
    ref = None
    if answer.kind != "no_words" and via != "share":
        ref = new_ref()
        ctx.later(keep_question(answer, via, ref))
    with in_language(answer.language):  # the answer, its buttons and notes in the language asked
        return answer_reply(answer, shareable=via in ("slash", "button", "console"), question_key=ref)


def keep_question(answer: Answer, via: str, ref: str) -> Handler:
    """The question kept after the ack, under the ref its buttons carry: a write in the request held
    SQLite's one write lock through it, and every other worker's writes queued behind it."""

    def keep(ctx: Ctx) -> Reply | None:
        record_question(ctx.session, user_id=ctx.request.user_id, channel_id=ctx.request.channel_id, via=via,
                        answer=answer, ref=ref)  # fmt: skip
        return None

    return keep


def asked_via(ctx: Ctx) -> str:
    """How the question came (slash, button, mention, dm or console), or `share` for a question
    re-run by its Share in channel button: it was recorded when first asked."""
    return "share" if ctx.request.state.recorded else ctx.request.via


COMMAND = Command(
    name="/ask",
    summary=N_("ask a question in plain words"),
    usage=N_(
        "`/ask <question>` e.g. `/ask how many MoUs are there?`; mention me or send me a direct message "
        "to ask the same way\n`/ask unanswered` the questions I could not answer, to answer them, and the "
        "answers marked 👎 (secretariat only)\n`/ask stats` how the bot was used in the last seven days, "
        "against the seven before (secretariat only)"
    ),
    handle=handle,
)
