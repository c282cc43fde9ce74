"""`/history` speed with 100,000 imported messages, on SQLite and PostgreSQL.

    python -m bench.history [--messages N] [--repeat N] [--pg URL | --no-pg]

Writes a synthetic Yammer export (plainly fictional: "Sample member 001", "Sample group of Testland";
threads of 1 to 9 messages over 2012-2023; each message 20 to 80 words, mostly common words that
searches drop, about a third words of the field drawn from bench/synthetic.py's pools of about 140) to
a temporary folder, imports it with the real importer (`import_yammer`, committed batch by batch as the
CLI does) into a fresh SQLite file and into a PostgreSQL database the script creates and drops, then runs
`/history` as a request does (its handler in a session of its own: parsing, the search, the view) for a
fixed mix, and `history_passages` for /ask. Prints the import time and p50/p95/p99 per query and over
the mix. Target: /history p95 < 20 ms.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.search import local_server, percentile
from bench.synthetic import ACTIONS, COUNTRIES, SUBJECTS, settle
from bot.config import Settings
from bot.deps import Deps
from bot.services.answers.knowledge import history_passages
from bot.services.documents import file_store
from bot.services.history_import import import_yammer
from bot.services.yammer_export import open_export
from bot.views.blocks import ViewState
from handlers.commands.history import COMMAND
from handlers.context import Request, run_handler
from storage.db import Database
from storage.migrate import upgrade
from tests.databases import temporary_database
from tests.fakes.messenger import RecordingMessenger

SEED = 20190312
# A message is mostly the words of any text (dropped from searches as stop words) and some words of
# the field: about 140 of them, each in about one message of ten.
_FILLER = "the of and to in we our for on with is this that will be at from as are it all have"
FILLER = _FILLER.split()
TOPICS = SUBJECTS + ACTIONS + [country.replace("-", " ") for country in COUNTRIES]
COLUMNS = [
    "id",
    "replied_to_id",
    "thread_id",
    "group_id",
    "sender_id",
    "body",
    "in_private_conversation",
    "created_at",
]
TARGET_P95_MS = 20.0
# (label, text of /history, the state a button carries); thread pages are filled in once loaded.
MIX: list[tuple[str, str]] = [
    ("two words", "ballast water"),
    ("broad word", "training"),
    ("abbreviation", "BWM"),
    ("words + from", "piracy from:sample.member.042"),
    ("from one person", "from:sample.member.017"),
    ("words + years", "port state control after:2015 before:2019"),
    ("years only", "after:2020"),
    ("rare word", "zanzibar"),
    ("no match", "zzyzx"),
    ("hostile text", "'; DROP TABLE yammer_messages; -- <!channel> \"x"),
]


def write_export(folder: Path, messages: int) -> None:
    """A synthetic export of about `messages` messages in threads of 1 to 9."""
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    people = [(str(100 + n), f"Sample member {n:03d}") for n in range(300)]
    groups = [
        ("9001", "Sample group of Testland"),
        ("9002", "Sample other group"),
        ("9003", "Sample third group"),
    ]
    start = datetime(2012, 1, 1, tzinfo=UTC)
    with open(folder / "Users.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "email"])
        writer.writerows((pid, name, f"member{pid}@example.org") for pid, name in people)
    with open(folder / "Groups.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "description"])
        writer.writerows((gid, name, "A fictional group for the benchmark.") for gid, name in groups)
    with open(folder / "Messages.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(COLUMNS)
        written, next_id = 0, 10_000_000
        while written < messages:
            thread_id = next_id
            group = rng.choice(groups)[0]
            when = start + timedelta(minutes=rng.randint(0, 12 * 365 * 24 * 60))
            for position in range(min(rng.randint(1, 9), messages - written)):
                sender = rng.choice(people)[0]
                words = " ".join(
                    rng.choice(TOPICS) if rng.random() < 0.3 else rng.choice(FILLER)
                    for _ in range(rng.randint(20, 80))
                )
                place = rng.choice(COUNTRIES).replace("-", " ")
                mention = f" [[user:{rng.choice(people)[0]}]]" if rng.random() < 0.2 else ""
                rare = " zanzibar" if next_id % 5000 == 0 else ""
                body = f"Sample message (fictional) from {place}:{mention} {words}{rare}."
                replied = "" if position == 0 else str(next_id - 1)
                at = (when + timedelta(hours=position)).strftime("%Y-%m-%d %H:%M:%S UTC")
                writer.writerow([next_id, replied, thread_id, group, sender, body, "false", at])
                next_id += 1
                written += 1


def load(database: Database, export: Path, documents: Path) -> tuple[float, str]:
    upgrade(database)
    started = time.perf_counter()
    opened = open_export(export)
    try:
        with database.session() as session:
            report = import_yammer(
                session, opened, file_store(settings(database, documents)), checkpoint=session.commit
            )
    finally:
        opened.close()
    settle(database)
    return time.perf_counter() - started, str(report)


def settings(database: Database, documents: Path) -> Settings:
    return Settings(database_url=database.url, documents_dir=documents)


def thread_states(database: Database) -> list[tuple[str, str, ViewState]]:
    """Show thread on the longest thread's first and last page, as the buttons carry them."""
    from sqlalchemy import func, select

    from storage.models import YammerMessage

    with database.session() as session:
        thread_id, count = session.execute(
            select(YammerMessage.thread_id, func.count())
            .group_by(YammerMessage.thread_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    return [
        ("Show thread", "", ViewState(1, thread_id)),
        (f"thread, page 2 ({count} msgs)", "", ViewState(2, thread_id)),
    ]


def measure(database: Database, documents: Path, repeat: int) -> list[tuple[str, list[float], str]]:
    deps = Deps(settings(database, documents), database)
    results = []
    cases = [(label, text, ViewState()) for label, text in MIX] + thread_states(database)
    for label, text, state in cases:
        timings: list[float] = []
        shown = ""
        for attempt in range(repeat + 3):
            request = Request(user_id="UBENCH", via="slash", text=text, command=COMMAND.name, state=state)
            started = time.perf_counter()
            outcome = run_handler(deps, request, RecordingMessenger(), COMMAND.handle)
            if attempt >= 3:
                timings.append((time.perf_counter() - started) * 1000)
            shown = (outcome.reply.text if outcome.reply else "")[:60]
        results.append((label, timings, shown))
    timings = []
    for attempt in range(repeat + 3):
        started = time.perf_counter()
        with database.session() as session:
            history_passages(session, "What did members say about ballast water training in Kenya?")
        if attempt >= 3:
            timings.append((time.perf_counter() - started) * 1000)
    results.append(("/ask passages", timings, ""))
    return results


def report(
    label: str, load_seconds: float, summary: str, results: list[tuple[str, list[float], str]]
) -> bool:
    print(f"\n{label}: imported in {load_seconds:.0f} s: {summary}")
    print(f"  {'query':<28} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  answer")
    every: list[float] = []
    for name, timings, shown in results:
        if name != "/ask passages":
            every.extend(timings)
        print(
            f"  {name:<28} {statistics.median(timings):>8.2f} {percentile(timings, 0.95):>8.2f} "
            f"{percentile(timings, 0.99):>8.2f}  {shown}"
        )
    p95 = percentile(every, 0.95)
    mix = f"{statistics.median(every):>8.2f} {p95:>8.2f} {percentile(every, 0.99):>8.2f}"
    met = "met" if p95 < TARGET_P95_MS else "MISSED"
    print(f"  {'/history, whole mix':<28} {mix}  target p95 < {TARGET_P95_MS:.0f} ms: {met}")
    return p95 < TARGET_P95_MS


def run(label: str, url: str, export: Path, folder: Path, repeat: int) -> bool:
    database = Database(url)
    try:
        seconds, summary = load(database, export, folder / f"documents-{label}")
        return report(label, seconds, summary, measure(database, folder / f"documents-{label}", repeat))
    finally:
        database.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.history", description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=60, help="timed requests per query (default 60)")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)
    print(f"/history benchmark: {args.messages:,} synthetic messages, {args.repeat} timed requests per query")
    with tempfile.TemporaryDirectory(prefix="nkpo-bench-history-") as name:
        folder = Path(name)
        write_export(folder / "export", args.messages)
        met = run("SQLite", f"sqlite:///{folder / 'bench.db'}", folder / "export", folder, args.repeat)
        if not args.no_pg:
            with temporary_database(local_server(args.pg), "nkpo_bench") as url:
                met = run("PostgreSQL", url, folder / "export", folder, args.repeat) and met
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
