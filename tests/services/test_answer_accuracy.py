"""The floors on the evaluation sets: the share answered correctly, and no question that must be
declined answered. The blind batches were written from shared/domain.md alone (tests/data/blind)."""

import pytest
from sqlalchemy.orm import Session

from tests.evaluation import BLIND, QUESTIONS, TUNE_BATCHES, batch_path, evaluate, load_cases, share_correct

FLOOR = 0.95


def test_the_blind_batches_are_large_and_have_questions_to_decline() -> None:
    for name in TUNE_BATCHES:
        cases = load_cases(batch_path(name))
        assert len(cases) >= 60 and sum(c.must_not_answer for c in cases) >= 15, name
        assert all(c.facts for c in cases if not c.must_not_answer), name


@pytest.mark.parametrize("name", ["en_a", "en_b", "en_c", "en_d", "en_f"])
def test_a_blind_batch_is_answered_correctly(session: Session, name: str) -> None:
    outcomes = evaluate(session, load_cases(batch_path(name)))
    misses = [(o.case.text, o.answer.kind, o.answer.reason, o.reply[:80]) for o in outcomes if not o.correct]
    assert share_correct(outcomes) >= FLOOR, misses
    assert [o.case.text for o in outcomes if o.case.must_not_answer and o.answer.answered] == []


def test_the_first_set_is_answered_with_the_records_it_expects(session: Session) -> None:
    outcomes = evaluate(session, load_cases(QUESTIONS))
    misses = [(o.case.text, o.answer.matched, o.answer.confidence) for o in outcomes if not o.correct]
    assert share_correct(outcomes) >= FLOOR, misses
    assert [o.case.text for o in outcomes if o.case.must_not_answer and o.answer.answered] == []


FOREIGN_FLOOR = 0.88  # the French and Spanish batches: tuned on, and the sealed ones are scored apart


@pytest.mark.parametrize("name", ["fr_a", "fr_b", "es_a", "es_b"])
def test_a_french_or_spanish_batch_is_answered_correctly(session: Session, name: str) -> None:
    outcomes = evaluate(session, load_cases(batch_path(name)))
    misses = [(o.case.text, o.answer.kind, o.answer.reason, o.reply[:80]) for o in outcomes if not o.correct]
    assert share_correct(outcomes) >= FOREIGN_FLOOR, misses


# The sealed batches' scores when they were scored, once (README, "Questions in plain words"): a floor
# against regressions, never a target to tune on. Only the score is shown, never the questions.
SEALED_FLOORS = {"en": 0.94, "fr": 0.89, "es": 0.83}


@pytest.mark.parametrize("name", sorted(SEALED_FLOORS))
def test_the_sealed_batches_keep_their_scores(session: Session, name: str) -> None:
    outcomes = evaluate(session, load_cases(BLIND / "sealed" / f"{name}.toml"))
    score = share_correct(outcomes)
    assert score >= SEALED_FLOORS[name], f"sealed/{name} fell to {score:.1%}"
