"""How well and how fast /ask answers: accuracy on the evaluation sets, and latency.

    .venv/bin/python -m bench.answers [--sealed] [--misses] [--repeat N] [--arrangements N]

Runs on a fresh SQLite database migrated and seeded in a temporary folder (DATABASE_URL is not
read); with --arrangements, also N sample arrangements and N/10 sample documents
(bench/synthetic.py), to see that records found through search keep answers fast and right.

For each set: the share answered correctly (a blind batch's answers must hold its facts; see
tests/evaluation.py), the answerable questions declined, and the questions that had to be
declined but were answered (wrong answers, which must be 0). The blind batches under
tests/data/blind were written from shared/domain.md alone (BRIEF.md); `--sealed` adds the sealed
ones, which are scored once, at the end of a piece of work, never to tune on. `--misses` lists
the questions got wrong (never with --sealed: the sealed questions are not for reading).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import synthetic
from bot.services import history, search
from bot.services.answers.service import ANSWERS, SEARCHED
from storage.db import Database
from storage.migrate import upgrade
from tests.evaluation import (
    QUESTIONS,
    SEALED_BATCHES,
    TUNE_BATCHES,
    Outcome,
    batch_path,
    evaluate,
    load_cases,
    share_correct,
)


def report(name: str, outcomes: list[Outcome]) -> None:
    answerable = [o for o in outcomes if not o.case.must_not_answer]
    declines = [o for o in outcomes if o.case.must_not_answer]
    declined_wrongly = sum(1 for o in answerable if not o.answer.answered)
    answered_wrongly = sum(1 for o in declines if o.answer.answered)
    print(
        f"{name:<16} {len(outcomes):>4} {share_correct(outcomes):>8.1%} {share_correct(answerable):>11.1%}"
        f" {declined_wrongly:>9} {answered_wrongly:>15}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sealed", action="store_true", help="also score the sealed blind batches (once!)")
    parser.add_argument("--misses", action="store_true", help="list the tune questions answered wrongly")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the sets (default 3)")
    parser.add_argument("--arrangements", type=int, default=0, help="sample arrangements to add (default 0)")
    args = parser.parse_args()
    if args.sealed and args.misses:
        parser.error("--misses lists questions: not with --sealed")
    sets = {"questions.toml": load_cases(QUESTIONS)}
    sets |= {f"blind/{name}": load_cases(batch_path(name)) for name in TUNE_BATCHES}
    if args.sealed:
        sets |= {f"sealed/{name}": load_cases(batch_path(name, sealed=True)) for name in SEALED_BATCHES}
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{folder}/bench.db")
        if args.arrangements:
            synthetic.load(database, args.arrangements, args.arrangements // 10)
        else:
            upgrade(database)
        with database.session() as session:
            results = {name: evaluate(session, cases) for name, cases in sets.items()}
            every = [case for cases in sets.values() for case in cases]
            timings: list[float] = []
            for _ in range(args.repeat):  # each question new to every cache but the knowledge's
                for cache in (ANSWERS, SEARCHED, search.PAGES, history.PAGES):
                    cache.clear()
                timings.extend(o.seconds for o in evaluate(session, every))
            repeated = [o.seconds for o in evaluate(session, every)]  # each asked again: from the cache
        database.dispose()
    print(f"{'set':<16} {'n':>4} {'correct':>8} {'answerable':>11} {'declined':>9} {'wrong answers':>15}")
    for name, outcomes in sorted(results.items(), key=lambda item: not item[0].startswith("sealed")):
        report(name, outcomes)
    sample = f" and {args.arrangements:,} sample arrangements" if args.arrangements else ""
    data = f"SQLite, seed data{sample}"
    for label, seconds in (("a question new to the caches", timings), ("the same asked again", repeated)):
        quantiles = statistics.quantiles(seconds, n=100)
        print(
            f"latency of answer_question, {label}, over {len(seconds)} calls ({data}): "
            f"p50 {quantiles[49] * 1000:.3f} ms, p95 {quantiles[94] * 1000:.3f} ms"
        )
    if args.misses:
        for name, outcomes in results.items():
            for o in outcomes:
                if not o.correct:
                    got = o.answer.matched if o.answer.answered else f"declined ({o.answer.reason})"
                    print(f"  [{name}] {o.case.text!r}: got {got}; reply {o.reply[:120]!r}")


if __name__ == "__main__":
    main()
