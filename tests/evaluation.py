"""The /ask evaluation sets and how an answer is judged against them.

Two kinds of set:
- tests/data/blind/*.toml (and sealed/*.toml): written blind from shared/domain.md by authors who
  never saw the cards, seed or code (tests/data/blind/BRIEF.md). A question is answered correctly
  when the bot answers and its reply holds every one of `facts` (each a list of alternatives;
  case, accents, apostrophes and thousands separators ignored), and a question to decline is
  correct when the bot declines it.
- tests/data/questions.toml: the first set, written with the cards; correct when the bot answers
  with the record it expects.

Shared by tests/services/test_answer_accuracy.py (the floors) and bench/answers.py (the tables).
"""

from __future__ import annotations

import re
import time
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from bot.i18n import in_language
from bot.services.answers import Answer, answer_question
from bot.views.answers import answer_reply

DATA = Path(__file__).parent / "data"
QUESTIONS = DATA / "questions.toml"
BLIND = DATA / "blind"
TUNE_BATCHES = ("en_a", "en_b", "en_c", "en_d", "en_e", "en_f", "fr_a", "es_a", "fr_b", "es_b")
SEALED_BATCHES = ("en", "fr", "es")


@dataclass(frozen=True)
class Case:
    text: str
    expect: tuple[str, ...]  # record ids (questions.toml); empty: must be declined
    category: str
    split: str
    facts: tuple[tuple[str, ...], ...] = ()
    blind: bool = False

    @property
    def must_not_answer(self) -> bool:
        return not self.expect and not self.facts


@dataclass(frozen=True)
class Outcome:
    case: Case
    answer: Answer
    reply: str
    seconds: float

    @property
    def correct(self) -> bool:
        if self.case.must_not_answer:
            return not self.answer.answered
        if not self.answer.answered:
            return False
        if self.case.blind:
            return holds_facts(self.reply, self.case.facts)
        return self.answer.matched in self.case.expect


def normalise(text: str) -> str:
    """Folded for comparing: no case or accents, one kind of apostrophe and dash, no thousands marks."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    text = re.sub(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}\b)", "", text)
    return " ".join(text.split())


def holds(reply: str, fact: str) -> bool:
    """Whether `fact` stands in the reply, not inside a longer word or number ("8" is not in "2018")."""
    wanted = normalise(fact)
    if not wanted:
        return True
    start = r"(?<![a-z0-9])" if wanted[0].isalnum() else ""
    end = r"(?![0-9])" if wanted[-1].isdigit() else ""
    return re.search(start + re.escape(wanted) + end, normalise(reply)) is not None


def holds_facts(reply: str, facts: Iterable[Iterable[str]]) -> bool:
    return all(any(holds(reply, alternative) for alternative in group) for group in facts)


def load_cases(path: Path = QUESTIONS) -> list[Case]:
    """The cases of a set: questions.toml, or a blind batch (by path)."""
    with open(path, "rb") as handle:
        rows = tomllib.load(handle)["question"]
    if path.parent.name in ("blind", "sealed"):
        split = "sealed" if path.parent.name == "sealed" else "tune"
        return [
            Case(
                r["text"],
                (),
                r.get("category", ""),
                split,
                tuple(tuple(group) for group in r["facts"]) if r["expect"] == "answer" else (),
                True,
            )
            for r in rows
        ]
    return [Case(r["text"], tuple(r["expect"]), r["category"], r["split"]) for r in rows]


def batch_path(name: str, sealed: bool = False) -> Path:
    return BLIND / "sealed" / f"{name}.toml" if sealed else BLIND / f"{name}.toml"


def evaluate(session: Session, cases: Iterable[Case]) -> list[Outcome]:
    outcomes = []
    for case in cases:
        started = time.perf_counter()
        answer = answer_question(session, case.text)
        seconds = time.perf_counter() - started
        with in_language(answer.language):  # as the /ask handler shows it
            reply = answer_reply(answer, shareable=False).text
        outcomes.append(Outcome(case, answer, reply, seconds))
    return outcomes


def share_correct(outcomes: Iterable[Outcome]) -> float:
    outcomes = list(outcomes)
    return sum(o.correct for o in outcomes) / len(outcomes) if outcomes else 1.0
