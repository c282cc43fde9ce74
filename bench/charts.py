"""Chart speed with 100,000 sample arrangements, and the web worker's memory before and after a chart.

    python -m bench.charts [--arrangements N] [--repeat N] [--pg URL | --no-pg]

Loads synthetic records (all marked is_sample, fictional names; bench/synthetic.py) into a fresh
SQLite file in a temporary folder and into a fresh PostgreSQL database it creates and drops
itself, then times what `/partnerships chart` does after the ack: the counts
(bot.services.charts.chart_data, a session per call) and the drawing (bot.views.charts.draw_png),
for each kind of chart. The first chart of a process also imports matplotlib; it is reported on
its own. Target: < 1 s a chart.

Then a process of its own builds the web app as a gunicorn worker does (bot.web.WebApp) and reports
its RSS, that matplotlib is not loaded, and its RSS after drawing one chart of each kind (a worker
that has drawn keeps matplotlib). Target: < 150 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.search import local_server
from bench.synthetic import load
from bot.services.charts import KINDS, chart_data
from bot.views.charts import draw_png
from storage.db import Database
from storage.models import utcnow
from tests.databases import temporary_database

TARGET_S, TARGET_RSS_MB = 1.0, 150.0
LOADED: set[str] = set()
ROOT = Path(__file__).resolve().parent.parent
WORKER = """
import json, sys
from pathlib import Path
def rss():
    status = Path("/proc/self/status").read_text().splitlines()
    return int(next(line.split()[1] for line in status if line.startswith("VmRSS:"))) / 1024
from bot.config import Settings
from bot.deps import Deps
from bot.web import WebApp
from storage.db import Database
settings = Settings(slack_bot_token="xoxb-bench", slack_signing_secret="bench", database_url=sys.argv[1])
app = WebApp(Deps(settings, Database(settings.database_url)))
started = rss(), "matplotlib" in sys.modules
from bot.services.charts import KINDS, chart_data
from bot.views.charts import draw_png
from storage.models import utcnow
with app.deps.db.session() as session:
    for kind in KINDS:
        draw_png(chart_data(session, kind, utcnow().date()), utcnow().date())
print(json.dumps({"start_mb": started[0], "matplotlib_at_start": started[1], "after_mb": rss()}))
"""


Results = dict[str, tuple[list[float], list[float]]]


def measure(database: Database, repeat: int) -> tuple[float, Results]:
    on = utcnow().date()
    started = time.perf_counter()
    with database.session() as session:
        draw_png(chart_data(session, "nature", on), on)  # the first: matplotlib is imported
    first = time.perf_counter() - started
    results: Results = {}
    for kind in KINDS:
        counting: list[float] = []
        drawing: list[float] = []
        for _ in range(repeat):
            started = time.perf_counter()
            with database.session() as session:
                data = chart_data(session, kind, on)
            counted = time.perf_counter()
            png = draw_png(data, on)
            counting.append(counted - started)
            drawing.append(time.perf_counter() - counted)
            assert png.startswith(b"\x89PNG") and not data.is_empty
        results[kind] = (counting, drawing)
    return first, results


def report(label: str, seconds: float, first: float, results: Results) -> bool:
    cold = "matplotlib already loaded" if LOADED else "the process's first: it imports matplotlib"
    LOADED.add("matplotlib")
    print(f"\n{label}: loaded in {seconds:.0f} s; first chart, by nature ({cold}): {first:.2f} s")
    print(f"  {'chart':<10} {'count ms':>9} {'draw ms':>9} {'total p50':>10} {'total max':>10}")
    met = first < TARGET_S
    for kind, (counting, drawing) in results.items():
        totals = [c + d for c, d in zip(counting, drawing, strict=True)]
        met = met and max(totals) < TARGET_S
        print(
            f"  {kind:<10} {1000 * statistics.median(counting):>9.0f} "
            f"{1000 * statistics.median(drawing):>9.0f} "
            f"{1000 * statistics.median(totals):>9.0f}  {1000 * max(totals):>9.0f}"
        )
    print(f"  target < {TARGET_S:.0f} s a chart (the first included): {'met' if met else 'MISSED'}")
    return met


def worker_memory(url: str) -> bool:
    result = subprocess.run(
        [sys.executable, "-c", WORKER, url], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    memory = json.loads(result.stdout.strip().splitlines()[-1])
    met = not memory["matplotlib_at_start"] and memory["after_mb"] < TARGET_RSS_MB
    print(
        f"\nweb worker: {memory['start_mb']:.0f} MB RSS at start, matplotlib loaded at start: "
        f"{memory['matplotlib_at_start']}; {memory['after_mb']:.0f} MB after drawing one chart of each kind; "
        f"target < {TARGET_RSS_MB:.0f} MB: {'met' if met else 'MISSED'}"
    )
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.charts", description=__doc__.split("\n")[0])
    parser.add_argument("--arrangements", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed charts per kind (default 5)")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)
    print(
        f"chart benchmark: {args.arrangements:,} sample arrangements, {args.repeat} charts per kind",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="nkpo-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        database = Database(url)
        try:
            seconds = load(database, args.arrangements, 0)
            met = report("SQLite", seconds, *measure(database, args.repeat))
            met = worker_memory(url) and met
        finally:
            database.dispose()
    if not args.no_pg:
        with temporary_database(local_server(args.pg), "nkpo_bench") as pg_url:
            database = Database(pg_url)
            try:
                seconds = load(database, args.arrangements, 0)
                met = report("PostgreSQL", seconds, *measure(database, args.repeat)) and met
            finally:
                database.dispose()
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
