"""Bench: one digest to N subscribers (default 500) against the local fake Slack Web API.

    .venv/bin/python bench/digest.py [--subscribers 500] [--cold] [--database-url URL]

Starts tests/fakes/slack_api.py on 127.0.0.1, a fresh database (a temporary SQLite file
unless --database-url is given), N active subscriptions and a week's worth of sample
records, then runs exactly what `python -m bot digest --send` runs, with the production
pacing. It reports the total time, the send rate the bot kept to (overall and its busiest
second), the smallest gap between two posts in one channel, and checks that every
recipient got the digest once and that a second run sends nothing. `--cold` leaves the
DM channels unknown, as for the first digest after people subscribe (one conversations.open
each). Results are also written to bench/results/digest.json. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.deps import Deps  # noqa: E402
from bot.digest_sender import DigestSender  # noqa: E402
from bot.messenger import SlackMessenger, make_web_client  # noqa: E402
from bot.pacing import CALLS_PER_SECOND, PER_CHANNEL_GAP  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Arrangement, DigestSubscription, Partner  # noqa: E402
from tests.fakes.slack_api import FakeSlackAPI  # noqa: E402

MAX_SUBSCRIBERS = 5000


def busiest_second(times: list[float]) -> int:
    """The most calls made within any one-second window."""
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def seed(database: Database, subscribers: int, cold: bool, now: datetime) -> None:
    with database.session() as session:
        partner = Partner(name="Sample partner (bench)", is_sample=True)
        session.add_all(
            Arrangement(ref=f"BENCH-{n}", title=f"Sample arrangement {n} (bench data)", nature="mou",
                        partner=partner, is_sample=True, added_at=now - timedelta(days=3))
            for n in range(30)
        )  # fmt: skip
        session.add_all(
            DigestSubscription(user_id=f"UBENCH{n:05d}", dm_channel_id=None if cold else f"DBENCH{n:05d}")
            for n in range(subscribers)
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--cold", action="store_true", help="no DM channel known yet: open each one")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args()
    if not 1 <= args.subscribers <= MAX_SUBSCRIBERS:
        parser.error(f"--subscribers must be 1..{MAX_SUBSCRIBERS}")
    logging.basicConfig(level=logging.WARNING)

    with tempfile.TemporaryDirectory() as folder, FakeSlackAPI() as fake:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        settings = Settings(
            slack_bot_token="xoxb-bench", slack_api_url=fake.url, database_url=url, digest_channel="CDIGEST"
        )
        database = Database(url)
        upgrade(database)
        deps = Deps(settings, database)
        sender = DigestSender(deps, SlackMessenger(make_web_client(settings)))
        seed(database, args.subscribers, args.cold, sender.due_period().end)

        started = time.monotonic()
        reports = sender.send_due(within_grace=False)
        elapsed = time.monotonic() - started
        again = DigestSender(deps, SlackMessenger(make_web_client(settings))).send_due(within_grace=False)

        posts = fake.calls_to("chat.postMessage")
        calls = sorted(
            call.at for call in fake.calls if call.method in ("chat.postMessage", "conversations.open")
        )
        per_channel: dict[str, list[float]] = defaultdict(list)
        for call in posts:
            per_channel[call.params["channel"]].append(call.at)
        gaps = [b - a for times in per_channel.values() for a, b in pairwise(times)]
        copies = Counter(call.params["channel"] for call in posts)
        parts = len(per_channel["CDIGEST"])
        result = {
            "subscribers": args.subscribers,
            "cold": args.cold,
            "database": url.split(":")[0],
            "outcome": reports[-1].detail,
            "second_run": again[-1].outcome,
            "total_seconds": round(elapsed, 2),
            "messages": len(posts),
            "conversations_open": len(fake.calls_to("conversations.open")),
            "parts_per_digest": parts,
            "rate_per_second": round((len(calls) - 1) / (calls[-1] - calls[0]), 2)
            if len(calls) > 1
            else None,
            "busiest_second": busiest_second(calls),
            "smallest_gap_in_one_channel": round(min(gaps), 3) if gaps else None,
            "limits": {"calls_per_second": CALLS_PER_SECOND, "per_channel_gap_seconds": PER_CHANNEL_GAP},
            "everyone_once": set(copies.values()) == {parts} and len(copies) == args.subscribers + 1,
            "failed_calls": len(fake.failed_calls),
        }
        database.dispose()

    for name, value in result.items():
        print(f"{name:>28}: {value}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "digest.json").write_text(json.dumps({"at": datetime.now(UTC).isoformat(), **result}, indent=2))
    return 0 if result["everyone_once"] and result["second_run"] == "already sent" else 1


if __name__ == "__main__":
    sys.exit(main())
