"""Answer cards the secretariat writes from Slack, for a question the bot declined.

A card written here is used by the very next question (cards are read on every question) and
kept by `db upgrade`, which never touches a card whose origin is not the seed. The questions it
answers (the same text, folded) leave the unanswered list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.services import audit
from bot.text import clean, clean_multiline, fold
from storage.models import AnswerCard, Question, utcnow

MAX_TOPIC = 150
MAX_ANSWER = 2000
MAX_PHRASING = 200
MAX_PHRASINGS = 10
MAX_SOURCE = 200
MAX_AS_AT = 40


@dataclass(frozen=True)
class CardFields:
    """A checked card: its topic, answer, the questions it answers, and where the answer comes from."""

    topic: str
    answer: str
    questions: tuple[str, ...]
    source: str | None
    as_at: str | None


def check_card(
    topic: str, answer: str, phrasings: str, source: str, as_at: str
) -> tuple[CardFields | None, dict[str, str]]:
    """The fields of a card as typed in the form, checked: the card, or problems by field."""
    problems: dict[str, str] = {}
    topic, answer, source, as_at = clean(topic), clean_multiline(answer), clean(source), clean(as_at)
    questions = tuple(dict.fromkeys(clean(line) for line in phrasings.splitlines() if clean(line)))
    if not topic:
        problems["topic"] = "Give the card a topic, e.g. “Office hours of the Partnerships Section”."
    elif len(topic) > MAX_TOPIC:
        problems["topic"] = f"Keep the topic under {MAX_TOPIC} characters."
    if not answer:
        problems["answer"] = "Write the answer people should get."
    elif len(answer) > MAX_ANSWER:
        problems["answer"] = f"Keep the answer under {MAX_ANSWER:,} characters ({len(answer):,} now)."
    if len(questions) > MAX_PHRASINGS or any(len(q) > MAX_PHRASING for q in questions):
        problems["questions"] = f"At most {MAX_PHRASINGS} questions of {MAX_PHRASING} characters each."
    if len(source) > MAX_SOURCE:
        problems["source"] = f"Keep the source under {MAX_SOURCE} characters."
    if len(as_at) > MAX_AS_AT:
        problems["as_at"] = f"Keep the date under {MAX_AS_AT} characters, e.g. “December 2023”."
    if problems:
        return None, problems
    return CardFields(topic, answer, questions, source or None, as_at or None), {}


def unanswered_question(session: Session, question_id: int) -> Question | None:
    """A recorded question the bot declined and nobody has answered with a card yet."""
    question = session.get(Question, question_id)
    if question is None or question.answered or question.resolved_by:
        return None
    return question


def write_card(session: Session, fields: CardFields, question: Question, user_id: str) -> AnswerCard:
    """A new card answering `question` (and the phrasings given); every recorded question of the
    same text is marked answered by it."""
    card = AnswerCard(
        slug=_free_slug(session, fields.topic),
        topic=fields.topic,
        questions=list(dict.fromkeys([question.text, *fields.questions])),
        answer=fields.answer,
        source=fields.source,
        as_at_label=fields.as_at,
        keywords="",
        provides=[],
        figures={},
        origin="secretariat",
        edited_at=utcnow(),
    )
    session.add(card)
    session.flush()
    written = {"topic": card.topic, "answer": card.answer, "questions": " | ".join(card.questions),
               "source": card.source, "as_at": card.as_at_label, "question": f"#{question.id}"}  # fmt: skip
    changes = audit.differences({}, {name: value for name, value in written.items() if value})
    audit.record(session, user_id, "card.written", f"answer card {card.slug}: {card.topic}", changes)
    same = func.lower(func.trim(Question.text)) == question.text.strip().lower()
    session.execute(
        update(Question)
        .where(same, Question.answered.is_(False), Question.resolved_by.is_(None))
        .values(resolved_by=card.slug)
    )
    return card


def _free_slug(session: Session, topic: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", fold(topic)).strip("-")[:60] or "card"
    taken = set(session.scalars(select(AnswerCard.slug).where(AnswerCard.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
