"""What bench/http.py and bench/profile.py share: the data, the requests and the bot's settings.

- `load_scale` fills a fresh database with the issue's scale: sample arrangements and documents
  (bench/synthetic.py) and a synthetic Yammer export imported with the real importer
  (bench/history.py), each timed.
- `MIXES`: each command's texts, sent in turn, as (text, user).
- `bot_environment`: the environment `python -m bot serve` gets (and bench/profile.py builds its
  Settings from), pointing at the fake Slack Web API.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import history, synthetic
from storage.db import Database
from tests.evaluation import load_cases

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"
SECRETARIAT = "U0BENCHSEC"
NKPO = "U0BENCHNKPO"
# The evaluation set's questions, and questions about what the old Yammer group said (answered from
# the imported history when it scores near the best passage of the official knowledge).
ASK_HISTORY = [
    "what did members say about ballast water training",
    "What did members say about ballast water training in Kenya?",
    "did anyone discuss port state control in the yammer group?",
    "what did colleagues say about piracy and armed robbery",
    "has anyone written about oil spill response workshops",
]
ASK = [case.text for case in load_cases()] + ASK_HISTORY
MIXES: dict[str, list[tuple[str, str]]] = {
    "/partnerships": [(text, NKPO) for text in (
        "", "djibouti", "ballast water", "kenya training", "Sample partner 01234", "loa",
        "mou hosting events", "seafarers year:2019", "piracy type:mou", "djibuti", "oil spill response",
        "sdg:14", "zzyzx", "year:abc",
    )],
    "/programmes": [(text, NKPO) for text in (
        "", "ballast water", "scope:regional", "piracy", "djibuti code", "sids ldc", "norad", "scope:moon",
    )],
    "/docs": [(text, NKPO) for text in (
        "cl 4004", "A1006", "tc 74/4 a", "ballast water", "oil spill response", "hydrografy", "zzyzx", "",
    )],
    "/nkpo": [(text, NKPO) for text in ("", "UK", "Kenya", "Côte d'Ivoire", "djibuti", "Atlantis", "help")],
    "/digest": [(text, NKPO) for text in ("status", "preview", "help", "frobnicate")],
    "/announce": [
        ("list", SECRETARIAT), ("Sample announcement for the benchmark: please ignore.", SECRETARIAT),
        ("Free pizza", NKPO), ("help", NKPO),
    ],
    "/ask": [(text, NKPO) for text in ASK],
    # bench/history.py's mix (words, from:, years, a rare word, no match, hostile text), and help.
    "/history": [(text, NKPO) for _, text in history.MIX] + [("help", NKPO)],
}  # fmt: skip


@dataclass(frozen=True)
class Loaded:
    """Seconds each part of `load_scale` took, and the importer's report."""

    records_seconds: float
    export_seconds: float
    import_seconds: float
    summary: str

    @property
    def seconds(self) -> float:
        return self.records_seconds + self.export_seconds + self.import_seconds


def load_scale(
    database: Database, documents_dir: Path, arrangements: int, documents: int, messages: int
) -> Loaded:
    """Migrate, load the sample records, then write and import a synthetic export of `messages`
    messages (none when 0); on PostgreSQL, vacuum and analyse after each (bench/synthetic.py)."""
    records = synthetic.load(database, arrangements, documents)
    if not messages:
        return Loaded(records, 0.0, 0.0, "no messages")
    with tempfile.TemporaryDirectory(prefix="nkpo-export-") as folder:
        export = Path(folder) / "export"
        started = time.perf_counter()
        history.write_export(export, messages)
        written = time.perf_counter() - started
        print(f"  importing {messages:,} messages", file=sys.stderr, flush=True)
        imported, summary = history.load(database, export, documents_dir)
    return Loaded(records, written, imported, summary)


def describe(kind: str, loaded: Loaded, arrangements: int, documents: int, messages: int) -> str:
    return (
        f"{kind}: {arrangements:,} sample arrangements and {documents:,} documents loaded in "
        f"{loaded.records_seconds:.0f} s; {messages:,} Yammer messages written in "
        f"{loaded.export_seconds:.0f} s and imported in {loaded.import_seconds:.0f} s "
        f"({loaded.summary.split(';')[0]}); {loaded.seconds:.0f} s in all"
    )


def bot_environment(database_url: str, slack_api_url: str, folder: Path, workers: int = 2) -> dict[str, str]:
    """The environment of `python -m bot serve` for the benchmarks (this process's, less its Slack and
    database settings)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    return base | {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack_api_url,
        "DATABASE_URL": database_url,
        "WEB_CONCURRENCY": str(workers),
        "SECRETARIAT_USER_IDS": SECRETARIAT,
        "ANNOUNCEMENTS_CHANNEL": "C0BENCHNEWS",
        "DIGEST_CHANNEL": "C0BENCHDIGEST",
        "DOCUMENTS_DIR": str(folder / "documents"),
        "LOG_LEVEL": "WARNING",
    }
