"""The evaluation set: the share answered correctly, and no must-not-answer question answered."""

from sqlalchemy.orm import Session

from tests.evaluation import evaluate, load_cases, share_correct


def test_evaluation_set_is_large_and_varied_enough() -> None:
    cases = load_cases()
    answerable = [c for c in cases if not c.must_not_answer]
    assert len(answerable) >= 60 and len(cases) - len(answerable) >= 12
    assert {"abbreviation", "expansion", "plural", "typo", "word_order", "casual", "count"} <= {
        c.category for c in answerable
    }
    assert {c.split for c in cases} == {"tune", "heldout"}


def test_share_answered_correctly_is_at_least_95_percent(session: Session) -> None:
    outcomes = evaluate(session, load_cases())
    misses = [(o.case.text, o.answer.matched, o.answer.confidence) for o in outcomes if not o.correct]
    assert share_correct(outcomes) >= 0.95, misses


def test_no_must_not_answer_question_is_answered(session: Session) -> None:
    outcomes = evaluate(session, [c for c in load_cases() if c.must_not_answer])
    answered = [(o.case.text, o.answer.matched) for o in outcomes if o.answer.answered]
    assert answered == []
