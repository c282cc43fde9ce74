"""Replies to questions: the answer with its source and date, or an honest "I don't know"."""

from __future__ import annotations

from typing import Any

from bot.i18n import N_, _
from bot.services.answers import Answer, Disliked, Link, Unanswered
from bot.services.answers.cards import (
    MAX_ANSWER,
    MAX_AS_AT,
    MAX_PHRASING,
    MAX_PHRASINGS,
    MAX_SOURCE,
    MAX_TOPIC,
)
from bot.services.history import COMMAND as HISTORY
from bot.views.blocks import (
    HELPFUL_ACTION,
    NOT_RIGHT_ACTION,
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
from bot.views.history import show_thread_button
from bot.views.results import DETAILS_ACTION, details_button
from storage.models import AnswerCard, Question

ANSWER_ACTION = "answer_unanswered"
CARD_FORM_CALLBACK = "answer_card_form"
CARD_FIELD_ACTION = "value"

EXAMPLES = N_("`how many MoUs are there?` or `where is the NKPO form?`")
COMMAND_HINT = N_("You can also try `/partnerships`, `/programmes`, `/docs` or `/nkpo`.")
NOTED = N_("I've noted the question so the Partnerships Section can add an answer.")
NO_WORDS = N_(":slightly_smiling_face: I can only read words so far. Ask me something like {examples}")
UNSURE = N_(":mag: I couldn't find an answer to that in what I know, so I won't guess.")
# The state of a button that re-runs a question already recorded (Share in channel): not recorded again.
RECORDED = ViewState(recorded=True)
NOT_ALLOWED = N_(
    ":lock: Only the Partnerships Section can see the unanswered questions. Ask me anything else, though!"
)


def small_talk_reply(kind: str) -> Reply:
    """The answer to a greeting ("hi") or to thanks ("thanks!")."""
    if kind == "thanks":
        text = _(":slightly_smiling_face: You're welcome! Ask me anything else whenever you like.")
    else:
        text = _(
            ":wave: Hello! Ask me about partnerships, programmes, documents or NKPOs, e.g. {examples}",
            examples=_(EXAMPLES),
        )
    return Reply(text=text)


def ask_again(question: str) -> str:
    """The value of a button that asks `question` (shown as a new message, as Details is)."""
    return Rerun("/ask", question).encode()


def answer_reply(answer: Answer, *, shareable: bool, question_key: str | None = None) -> Reply:
    """The reply to a question: the fact first, then where it comes from and as at when, then the
    record's Details (and Open), "Share in channel" when `shareable` (an answer only the asker
    sees), and 👍 / 👎 when the question is kept (`question_key`, its ref)."""
    if answer.kind == "no_words":
        return Reply(text=_(NO_WORDS, examples=_(EXAMPLES)))
    if not answer.answered:
        return _not_answered(answer)
    blocks: list[Block] = []
    blocks.append(section(escape(answer.text)))
    blocks.append(context(_provenance(answer)))
    buttons = _detail_buttons(answer.link)
    if shareable:
        buttons.append(share_button("/ask", answer.question, RECORDED))
    if question_key is not None:
        buttons.extend(feedback_buttons(question_key))
    if buttons:
        blocks.append(actions(*buttons))
    text = answer.text + (
        " ({})".format(_("source: {source}", source=answer.source)) if answer.source else ""
    )
    if answer.as_at:
        text += ", " + _("as at {date}", date=answer.as_at)
    return Reply(text=escape(text), blocks=blocks)


def feedback_buttons(question_key: str) -> list[Block]:
    return [
        button(_("👍 Helpful"), HELPFUL_ACTION, question_key),
        button(_("👎 Not right"), NOT_RIGHT_ACTION, question_key),
    ]


def feedback_noted(vote: int, recorded: bool) -> Reply:
    if not recorded:
        return Reply(text=_("That answer is no longer on record, so I couldn't note your feedback."))
    if vote > 0:
        return Reply(text=_(":+1: Thanks, noted: that answer helped."))
    return Reply(
        text=_(
            ":memo: Thanks, noted: the Partnerships Section sees the answers people found wrong and can "
            "correct them."
        )
    )


def _provenance(answer: Answer) -> str:
    parts = []
    if answer.source:
        parts.append(_("Source: {source}", source=escape(answer.source)))
    if answer.as_at:
        parts.append(_("as at {date}", date=escape(answer.as_at)))
    if answer.title:
        parts.append(_("about “{title}”", title=escape(answer.title)))
    link = answer.link
    if link is not None and link.record_id is None and not _thread_of(link):
        parts.append(_("more: {command}", command=f"`{escape(f'{link.command} {link.text}'.strip())}`"))
    return " · ".join(parts) or _("From what the bot knows")


def _thread_of(link: Link) -> int | None:
    """The thread of the old Yammer group's history an answer links to (`/history <thread id>`)."""
    return int(link.text) if link.command == HISTORY and link.text.isdigit() else None


def _detail_buttons(link: Link | None) -> list[Block]:
    """Details of the record (the button of result lists), and Open for a document with a link; for a
    discussion of the old Yammer group, Show thread."""
    thread = _thread_of(link) if link is not None else None
    if thread is not None:
        return [show_thread_button(thread)]
    if link is None or link.record_id is None:
        return []
    buttons = [details_button(link.command, link.text, link.record_id, 1)]
    if link.url:
        buttons.append(link_button(_("Open"), link.url))
    return buttons


def _not_answered(answer: Answer) -> Reply:
    lead = answer.text or _(UNSURE)

    blocks: list[Block] = [section(escape(lead))]
    if answer.suggestions:
        blocks.append(section(_("The closest topics I know:")))
        # "Ask this" shows the answer to that topic as a new message, as a Details button does.
        blocks.extend(
            section(f"• {escape(topic.title)}", button(_("Ask this"), DETAILS_ACTION, ask_again(topic.title)))
            for topic in answer.suggestions
        )
    blocks.append(context(f"{_(COMMAND_HINT)} {_(NOTED)}"))
    return Reply(text=f"{lead} {_(COMMAND_HINT)}", blocks=blocks)


def unanswered_reply(unanswered: list[Unanswered], disliked: list[Disliked]) -> Reply:
    """The declined questions (counted, newest first), each with Answer to write a card for it, and
    the answers people marked 👎, for the secretariat."""
    if not unanswered and not disliked:
        return Reply(text=_("No unanswered questions on record, and no answer marked as wrong."))
    blocks: list[Block] = [header(_("Questions I could not answer ({count})", count=len(unanswered)))]
    for entry in unanswered[:MAX_LISTED]:
        question = entry.question
        when = question.asked_at.strftime("%Y-%m-%d %H:%M UTC")
        times = " · " + _("asked {count} times", count=entry.times) if entry.times > 1 else ""
        why = _(REASONS[question.reason]) if question.reason in REASONS else ""
        asker = _("{user} via {via}", user=f"<@{escape(question.user_id)}>", via=escape(question.via))
        blocks.append(
            section(
                f"“{escape(truncate(question.text, 500))}”\n{asker} · {when}{times}"
                + (f" · {why}" if why else ""),
                button(_("Answer"), ANSWER_ACTION, str(question.id)),
            )
        )
    if not unanswered:
        blocks.append(section(_("Every question asked lately found an answer.")))
    if disliked:
        blocks.append(header(_("Answers marked 👎 ({count})", count=len(disliked))))
        for item in disliked[:MAX_DISLIKED]:
            got = escape(item.question.matched or _("no answer"))
            text = escape(truncate(item.question.text, 300))
            asked = _("“{question}” answered from {record}", question=text, record=f"`{got}`")
            blocks.append(section(f"{asked} · 👎 {item.down} · 👍 {item.up}"))
    blocks.append(
        context(_("*Answer* opens a form: the card you write answers the next question like it at once."))
    )
    lines = "; ".join(escape(truncate(u.question.text, 80)) for u in unanswered[:MAX_LISTED])
    return Reply(
        text=_("{count} unanswered questions: {list}", count=len(unanswered), list=lines), blocks=blocks[:50]
    )


REASONS = {
    "missing_year": N_("no figure for that period"),
    "breakdown": N_("a breakdown the figures lack"),
    "person": N_("a person's name"),
    "names": N_("partners' names"),
    "advice": N_("advice"),
    "prediction": N_("a forecast"),
    "unpublished": N_("a fact not published"),
    "nkpo_not_on_record": N_("no NKPO on record"),
    "unsure": N_("no matching knowledge"),
}
MAX_LISTED = 20
MAX_DISLIKED = 10
CARD_FIELDS = ("topic", "answer", "questions", "source", "as_at")


def card_form(question: Question) -> dict[str, Any]:
    """The modal for writing an answer card for a declined question (its id in private_metadata)."""
    return {
        "type": "modal",
        "callback_id": CARD_FORM_CALLBACK,
        "private_metadata": str(question.id),
        "title": {"type": "plain_text", "text": truncate(_("Answer a question"), 24)},
        "submit": {"type": "plain_text", "text": truncate(_("Save answer"), 24)},
        "close": {"type": "plain_text", "text": truncate(_("Cancel"), 24)},
        "blocks": [
            section(_("*Asked:* “{question}”", question=escape(truncate(question.text, 500)))),
            _card_input("topic", _("Topic"), truncate(question.text, MAX_TOPIC), _("Up to 150 characters.")),
            _card_input("answer", _("Answer"), "", _("The fact first, in a sentence or two."), multiline=True,
                        max_length=MAX_ANSWER),
            _card_input("questions", _("Other ways to ask it"), "", _("Optional: one question a line."),
                        multiline=True, optional=True, max_length=MAX_PHRASING * MAX_PHRASINGS),
            _card_input("source", _("Source"), "", _("Optional: a document symbol or who says so."),
                        optional=True, max_length=MAX_SOURCE),
            _card_input("as_at", _("As at"), "", _("Optional: when the fact holds, e.g. December 2023."),
                        optional=True, max_length=MAX_AS_AT),
        ],
    }  # fmt: skip


def _card_input(
    block_id: str,
    label: str,
    initial: str,
    hint: str,
    *,
    multiline: bool = False,
    optional: bool = False,
    max_length: int = MAX_TOPIC,
) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": CARD_FIELD_ACTION, "max_length": max_length}
    if multiline:
        element["multiline"] = True
    if initial:
        element["initial_value"] = initial
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": element,
        "hint": {"type": "plain_text", "text": hint},
        "optional": optional,
    }


def card_values(view: dict[str, Any]) -> dict[str, str]:
    """What was typed in each field of the card form ('' when left empty)."""
    values = view.get("state", {}).get("values", {})
    return {
        name: str((values.get(name, {}).get(CARD_FIELD_ACTION) or {}).get("value") or "")
        for name in CARD_FIELDS
    }


def card_saved(card: AnswerCard) -> Reply:
    text = _(
        ":white_check_mark: Saved the answer card “{topic}”. The next question like “{question}” gets it.",
        topic=escape(card.topic),
        question=escape(truncate(card.questions[0], 200)),
    )
    return Reply(text=text, blocks=[section(text), context(_("Card {slug}", slug=f"`{escape(card.slug)}`"))])


CARD_GONE = N_(
    "That question has been answered already, or is no longer on record: `/ask unanswered` lists the rest."
)
