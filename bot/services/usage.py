"""How the bot is used, week over week, for the secretariat: the weekly usage report and `/ask stats`.

Questions come from `questions` (asked, answered, declined), 👎 from `answer_feedback`, commands
from `command_uses` (which command and how, never who), shares from `document_shares`, and the
digest's subscribers from `digest_subscriptions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, insert, or_, select
from sqlalchemy.orm import Session

from storage.models import AnswerFeedback, CommandUse, DigestSubscription, Document, DocumentShare, Question

TOP = 5


def record_command(session: Session, command: str, via: str) -> None:
    """Count one use of a slash command (in Slack or the console)."""
    session.execute(insert(CommandUse).values(command=command[:40], via=via[:20]))  # Core: once a request


@dataclass(frozen=True)
class Figures:
    """One week of use."""

    questions: int
    answered: int
    declined: list[tuple[str, int]]  # the most frequent declined questions, as last typed, and how often
    thumbs_down: int
    commands: dict[str, int]
    shared: list[tuple[str, str, int]]  # symbol, title, shares
    subscribers: int

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.questions if self.questions else None


@dataclass(frozen=True)
class UsageReport:
    """This week [start, end) against the week before it."""

    start: datetime
    end: datetime
    this: Figures
    last: Figures


def figures(session: Session, start: datetime, end: datetime) -> Figures:
    asked = and_(Question.asked_at >= start, Question.asked_at < end)
    questions = session.scalar(select(func.count()).select_from(Question).where(asked)) or 0
    answered = (
        session.scalar(select(func.count()).select_from(Question).where(asked, Question.answered.is_(True)))
        or 0
    )
    text = func.lower(func.trim(Question.text))
    declined = session.execute(
        select(func.max(Question.text), func.count().label("times"))
        .where(asked, Question.answered.is_(False))
        .group_by(text)
        .order_by(func.count().desc(), func.max(Question.id).desc())
        .limit(TOP)
    ).all()
    thumbs_down = (
        session.scalar(
            select(func.count())
            .select_from(AnswerFeedback)
            .where(AnswerFeedback.vote < 0, AnswerFeedback.voted_at >= start, AnswerFeedback.voted_at < end)
        )
        or 0
    )
    commands = session.execute(
        select(CommandUse.command, func.count())
        .where(CommandUse.used_at >= start, CommandUse.used_at < end)
        .group_by(CommandUse.command)
        .order_by(func.count().desc(), CommandUse.command)
    ).all()
    shared = session.execute(
        select(Document.symbol, Document.title, func.count().label("times"))
        .join(DocumentShare, DocumentShare.document_id == Document.id)
        .where(DocumentShare.shared_at >= start, DocumentShare.shared_at < end)
        .group_by(Document.id, Document.symbol, Document.title)
        .order_by(func.count().desc(), Document.symbol)
        .limit(TOP)
    ).all()
    return Figures(
        questions=questions,
        answered=answered,
        declined=[(str(question), int(times)) for question, times in declined],
        thumbs_down=thumbs_down,
        commands={str(name): int(count) for name, count in commands},
        shared=[(str(symbol), str(title), int(times)) for symbol, title, times in shared],
        subscribers=subscribers_at(session, end),
    )


def subscribers_at(session: Session, moment: datetime) -> int:
    """Digest subscribers at `moment`: subscribed before it, and still on, or turned off after it
    (a subscription's updated_at is when it was last turned on or off)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(DigestSubscription)
            .where(
                DigestSubscription.subscribed_at < moment,
                or_(DigestSubscription.active.is_(True), DigestSubscription.updated_at >= moment),
            )
        )
        or 0
    )


def usage_report(session: Session, start: datetime, end: datetime) -> UsageReport:
    """The week [start, end) and the one of the same length before it."""
    return UsageReport(
        start, end, figures(session, start, end), figures(session, start - (end - start), start)
    )
