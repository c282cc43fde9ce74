"""How well and how fast /ask answers: the accuracy table of the evaluation set, and latency.

    .venv/bin/python bench/answers.py [--misses] [--repeat N] [--arrangements N]

Runs on a fresh SQLite database migrated and seeded in a temporary folder (DATABASE_URL is
not read); with --arrangements, also N sample arrangements and N/10 sample documents
(bench/synthetic.py), to see that records found through the search service keep answers
fast and right however many there are. Prints the share answered correctly by category and by
split (tune / heldout), the must-not-answer record, and p50/p95 of answer_question over all
questions.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import synthetic
from bot.services.answers import THRESHOLD
from storage.db import Database
from storage.migrate import upgrade
from tests.evaluation import Outcome, evaluate, load_cases, share_correct


def table(outcomes: list[Outcome], label: str, key: str) -> None:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[getattr(outcome.case, key)].append(outcome)
    print(f"\n{label:<16} {'n':>4} {'correct':>8}")
    for name in sorted(groups):
        group = groups[name]
        print(f"{name:<16} {len(group):>4} {share_correct(group):>8.1%}")
    print(f"{'all':<16} {len(outcomes):>4} {share_correct(outcomes):>8.1%}")


def correct_at(outcome: Outcome, threshold: float) -> bool:
    """Would this question be judged correct if the threshold were `threshold`?"""
    answered = outcome.answer.confidence >= threshold and outcome.answer.kind in ("answer", "unsure")
    if outcome.case.must_not_answer:
        return not answered
    return answered and outcome.answer.matched in outcome.case.expect


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the tune questions answered wrongly")
    parser.add_argument(
        "--heldout-misses", action="store_true", help="list the held-out misses too (not for tuning)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the set (default 5)")
    parser.add_argument("--arrangements", type=int, default=0, help="sample arrangements to add (default 0)")
    args = parser.parse_args()
    cases = load_cases()
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{folder}/bench.db")
        if args.arrangements:
            synthetic.load(database, args.arrangements, args.arrangements // 10)
        else:
            upgrade(database)
        with database.session() as session:
            outcomes = evaluate(session, cases)
            timings = [o.seconds for _ in range(args.repeat) for o in evaluate(session, cases)]
        database.dispose()
    table(outcomes, "category", "category")
    table(outcomes, "split", "split")
    positives = [o for o in outcomes if not o.case.must_not_answer]
    negatives = [o for o in outcomes if o.case.must_not_answer]
    answered_wrongly = sum(1 for o in negatives if o.answer.answered)
    print(f"\nshould answer:    {share_correct(positives):.1%} of {len(positives)}")
    print(f"must not answer:  {answered_wrongly} of {len(negatives)} answered (must be 0)")
    quantiles = statistics.quantiles(timings, n=100)
    print(
        f"latency of answer_question over {len(timings)} calls (SQLite, seed data"
        f"{f' and {args.arrangements:,} sample arrangements' if args.arrangements else ''}): "
        f"p50 {quantiles[49] * 1000:.1f} ms, p95 {quantiles[94] * 1000:.1f} ms"
    )
    print("\ncalibration on the tune split (answered when the best score >= threshold):")
    tune = [o for o in outcomes if o.case.split == "tune"]
    for step in range(8, 17):
        threshold = step / 20
        right = sum(correct_at(o, threshold) for o in tune)
        marker = "  <- THRESHOLD" if abs(threshold - THRESHOLD) < 1e-9 else ""
        print(f"  {threshold:.2f}  {right / len(tune):6.1%}{marker}")
    if args.misses:
        print("\nmisses:")
        for o in outcomes:
            if not o.correct and (o.case.split == "tune" or args.heldout_misses):
                got = o.answer.matched if o.answer.answered else f"(unanswered; best {o.answer.matched})"
                print(
                    f"  [{o.case.split}] {o.case.text!r}: expected {list(o.case.expect) or 'no answer'}, "
                    f"got {got} at {o.answer.confidence:.2f}"
                )


if __name__ == "__main__":
    main()
