"""The clock process: the one place timed jobs are scheduled (Procfile `clock`, run exactly once).

APScheduler keeps its jobs in memory; the database, not the scheduler, records what has
already been done, so a restart or a second clock by mistake cannot double anything.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler

from handlers.context import Deps

log = logging.getLogger(__name__)


def build_scheduler(deps: Deps) -> BlockingScheduler:
    """A scheduler with every timed job registered under a stable id."""
    scheduler = BlockingScheduler(timezone=ZoneInfo(deps.settings.digest_timezone))
    return scheduler


def run_scheduler(deps: Deps) -> None:
    scheduler = build_scheduler(deps)
    jobs = scheduler.get_jobs()
    if not jobs:
        log.info("clock started; no timed jobs are defined yet")
    for job in jobs:
        log.info("clock: job %s, next run %s", job.id, job.next_run_time)
    scheduler.start()
