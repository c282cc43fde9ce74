"""Replies to questions: the answer with its source and date, or an honest "I don't know"."""

from __future__ import annotations

from bot.services.answers import Answer, Link
from bot.views.blocks import (
    Block,
    Reply,
    Rerun,
    ViewState,
    actions,
    button,
    context,
    escape,
    header,
    link_button,
    section,
    share_button,
    truncate,
)
from bot.views.results import DETAILS_ACTION, details_button
from storage.models import Question

EXAMPLES = "`how many MoUs are there?` or `where is the NKPO form?`"
COMMAND_HINT = "You can also try `/partnerships`, `/programmes`, `/docs` or `/nkpo`."
NOTED = "I've noted the question so the Partnerships Section can add an answer."
NO_WORDS = f":slightly_smiling_face: I can only read words so far. Ask me something like {EXAMPLES}"
NOT_ENGLISH = (
    ":globe_with_meridians: Sorry, I only understand English so far. Could you ask in English? "
    f"For example {EXAMPLES}"
)
FOREIGN_NOTE = (
    ":globe_with_meridians: I only understand English so far; this is what I found for the words I know."
)
UNSURE = ":mag: I couldn't find an answer to that in what I know, so I won't guess."
# The state of a button that re-runs a question already recorded (Share in channel): not recorded again.
RECORDED = ViewState(recorded=True)
NOT_ALLOWED = (
    ":lock: Only the Partnerships Section can see the unanswered questions. Ask me anything else, though!"
)


def small_talk_reply(kind: str) -> Reply:
    """The answer to a greeting ("hi") or to thanks ("thanks!")."""
    if kind == "thanks":
        text = ":slightly_smiling_face: You're welcome! Ask me anything else whenever you like."
    else:
        text = f":wave: Hello! Ask me about partnerships, programmes, documents or NKPOs, e.g. {EXAMPLES}"
    return Reply(text=text)


def ask_again(question: str) -> str:
    """The value of a button that asks `question` (shown as a new message, as Details is)."""
    return Rerun("/ask", question).encode()


def answer_reply(answer: Answer, *, shareable: bool) -> Reply:
    """The reply to a question; `shareable` adds "Share in channel" (for answers only the asker sees)."""
    if answer.kind == "no_words":
        return Reply(text=NO_WORDS)
    if not answer.answered:
        return _not_answered(answer)
    blocks: list[Block] = []
    if answer.foreign:
        blocks.append(context(FOREIGN_NOTE))
    blocks.append(section(f"*{escape(answer.title or '')}*\n{escape(answer.text)}"))
    blocks.append(context(_provenance(answer)))
    detail = _detail_buttons(answer.link)
    if detail:
        blocks.append(actions(*detail))
    if shareable:
        blocks.append(actions(share_button("/ask", answer.question, RECORDED)))
    text = answer.text + (f" (source: {answer.source})" if answer.source else "")
    if answer.as_at:
        text += f", as at {answer.as_at}"
    return Reply(text=text, blocks=blocks)


def _provenance(answer: Answer) -> str:
    parts = []
    if answer.source:
        parts.append(f"Source: {escape(answer.source)}")
    if answer.as_at:
        parts.append(f"as at {escape(answer.as_at)}")
    parts.append(f"matched “{escape(answer.title or '')}”, confidence {answer.confidence:.0%}")
    link = answer.link
    if link is not None and link.record_id is None:
        parts.append(f"more: `{escape(f'{link.command} {link.text}'.strip())}`")
    return " · ".join(parts)


def _detail_buttons(link: Link | None) -> list[Block]:
    """Details of the record (the button of result lists), and Open for a document with a link."""
    if link is None or link.record_id is None:
        return []
    buttons = [details_button(link.command, link.text, link.record_id, 1)]
    if link.url:
        buttons.append(link_button("Open", link.url))
    return buttons


def _not_answered(answer: Answer) -> Reply:
    lead = NOT_ENGLISH if answer.kind == "not_english" else UNSURE
    blocks: list[Block] = [section(lead)]
    if answer.suggestions:
        blocks.append(section("The closest topics I know:"))
        # "Ask this" shows the answer to that topic as a new message, as a Details button does.
        blocks.extend(
            section(
                f"• {escape(s.title)}", button("Ask this", DETAILS_ACTION, Rerun("/ask", s.title).encode())
            )
            for s in answer.suggestions
        )
    blocks.append(context(f"{COMMAND_HINT} {NOTED}"))
    return Reply(text=f"{lead} {COMMAND_HINT}", blocks=blocks)


def unanswered_reply(questions: list[Question]) -> Reply:
    """The recent questions nobody got an answer to, for the secretariat to write answer cards."""
    if not questions:
        return Reply(text="No unanswered questions on record: every recent question found an answer.")
    blocks: list[Block] = [header(f"Recent unanswered questions ({len(questions)})")]
    for question in questions:
        when = question.asked_at.strftime("%Y-%m-%d %H:%M UTC")
        blocks.append(
            section(
                f"“{escape(truncate(question.text, 500))}”\n"
                f"<@{escape(question.user_id)}> via {escape(question.via)} · {when}"
            )
        )
    blocks.append(context("Add an answer card to storage/seed/answer_cards.toml to teach me these."))
    lines = "; ".join(truncate(q.text, 80) for q in questions)
    return Reply(text=f"{len(questions)} recent unanswered questions: {lines}", blocks=blocks[:50])
