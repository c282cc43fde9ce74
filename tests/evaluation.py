"""The /ask evaluation set (tests/data/questions.toml) and how an answer is judged against it.

Shared by tests/services/test_answer_accuracy.py (the assertions) and bench/answers.py
(the accuracy table and latency figures).
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from bot.services.answers import Answer, answer_question

QUESTIONS = Path(__file__).parent / "data" / "questions.toml"


@dataclass(frozen=True)
class Case:
    text: str
    expect: tuple[str, ...]
    category: str
    split: str

    @property
    def must_not_answer(self) -> bool:
        return not self.expect


@dataclass(frozen=True)
class Outcome:
    case: Case
    answer: Answer
    seconds: float

    @property
    def correct(self) -> bool:
        if self.case.must_not_answer:
            return not self.answer.answered
        return self.answer.answered and self.answer.matched in self.case.expect


def load_cases(path: Path = QUESTIONS) -> list[Case]:
    with open(path, "rb") as handle:
        rows = tomllib.load(handle)["question"]
    return [Case(r["text"], tuple(r["expect"]), r["category"], r["split"]) for r in rows]


def evaluate(session: Session, cases: Iterable[Case]) -> list[Outcome]:
    outcomes = []
    for case in cases:
        started = time.perf_counter()
        answer = answer_question(session, case.text)
        outcomes.append(Outcome(case, answer, time.perf_counter() - started))
    return outcomes


def share_correct(outcomes: Iterable[Outcome]) -> float:
    outcomes = list(outcomes)
    return sum(o.correct for o in outcomes) / len(outcomes) if outcomes else 1.0
