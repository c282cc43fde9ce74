"""What was asked and how it went: questions kept for the secretariat, and 👍 / 👎 on answers."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.services.answers.service import Answer
from storage.models import AnswerFeedback, Question, utcnow


def new_ref() -> str:
    """A key for a question not kept yet, for its answer's buttons ("q" and 16 hex digits: never all
    digits, which would read as an id)."""
    return "q" + secrets.token_hex(8)


def record_question(
    session: Session,
    *,
    user_id: str,
    channel_id: str | None,
    via: str,
    answer: Answer,
    ref: str | None = None,
) -> Question:
    """Keep the question and whether it was answered (and why not), so the secretariat can add answers."""
    question = Question(
        ref=ref,
        user_id=user_id,
        channel_id=channel_id,
        via=via,
        text=answer.question,
        answered=answer.answered,
        matched=answer.matched,
        score=answer.confidence,
        reason=answer.reason,
        asked_at=utcnow(),
    )
    session.add(question)
    session.flush()
    return question


@dataclass(frozen=True)
class Unanswered:
    """A declined question, as typed the last time, with how often it was asked and why declined."""

    question: Question
    times: int


def recent_unanswered(session: Session, limit: int = 20, since: datetime | None = None) -> list[Unanswered]:
    """The questions the bot declined, the same text (folded) counted once, newest first."""
    key = func.lower(func.trim(Question.text))
    latest = (
        select(key.label("key"), func.max(Question.id).label("latest"), func.count().label("times"))
        .where(Question.answered.is_(False), Question.resolved_by.is_(None))
        .group_by(key)
    )
    if since is not None:
        latest = latest.where(Question.asked_at >= since)
    grouped = latest.subquery()
    rows = session.execute(
        select(Question, grouped.c.times)
        .join(grouped, Question.id == grouped.c.latest)
        .order_by(Question.asked_at.desc(), Question.id.desc())
        .limit(limit)
    )
    return [Unanswered(question, int(times)) for question, times in rows]


def question_id_of(session: Session, key: str) -> int | None:
    """The id of the question a button names: by its ref, or by its id (buttons sent before refs)."""
    if key.isdigit():
        return int(key)
    if not key or len(key) > 32:
        return None
    found: int | None = session.scalar(select(Question.id).where(Question.ref == key))
    return found


def record_feedback(session: Session, question_id: int, user_id: str, vote: int) -> bool:
    """Keep a user's 👍 (+1) or 👎 (-1) on the answer to a recorded question (their latest vote).
    False when the question is not on record."""
    if vote not in (1, -1) or session.get(Question, question_id) is None:
        return False
    existing = session.scalars(
        select(AnswerFeedback).where(
            AnswerFeedback.question_id == question_id, AnswerFeedback.user_id == user_id
        )
    ).first()
    if existing is None:
        session.add(AnswerFeedback(question_id=question_id, user_id=user_id, vote=vote, voted_at=utcnow()))
    else:
        existing.vote, existing.voted_at = vote, utcnow()
    session.flush()
    return True


@dataclass(frozen=True)
class Disliked:
    """An answer people marked 👎: the question, what answered it, and the votes."""

    question: Question
    down: int
    up: int


def disliked_answers(session: Session, limit: int = 10) -> list[Disliked]:
    """Answers with more 👎 than 👍, the most disliked first."""
    votes = (
        select(
            AnswerFeedback.question_id,
            func.sum(case((AnswerFeedback.vote < 0, 1), else_=0)).label("down"),
            func.sum(case((AnswerFeedback.vote > 0, 1), else_=0)).label("up"),
        )
        .group_by(AnswerFeedback.question_id)
        .subquery()
    )
    rows = session.execute(
        select(Question, votes.c.down, votes.c.up)
        .join(votes, Question.id == votes.c.question_id)
        .where(votes.c.down > votes.c.up)
        .order_by((votes.c.down - votes.c.up).desc(), Question.id.desc())
        .limit(limit)
    )
    return [Disliked(question, int(down), int(up)) for question, down, up in rows]
