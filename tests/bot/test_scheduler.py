"""The clock's jobs, and that only the clock schedules."""

import subprocess
import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot.deps import Deps
from bot.scheduler import (
    CATCH_UP_JOB,
    DIGEST_JOB,
    REMINDERS_JOB,
    RETRY_JOB,
    build_scheduler,
    catch_up_digest,
    retry_owed_digests,
    send_reminders,
    send_weekly_digest,
)


def test_the_clock_registers_its_jobs_with_stable_ids_in_the_digest_time_zone(deps: Deps) -> None:
    from dataclasses import replace

    deps = replace(
        deps, settings=replace(deps.settings, digest_timezone="Europe/London", digest_grace_hours=48)
    )
    started = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    scheduler = build_scheduler(deps, started)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {DIGEST_JOB, CATCH_UP_JOB, RETRY_JOB, REMINDERS_JOB}
    weekly, catch_up, retry = jobs[DIGEST_JOB], jobs[CATCH_UP_JOB], jobs[RETRY_JOB]
    assert (weekly.func, catch_up.func, retry.func) == (
        send_weekly_digest,
        catch_up_digest,
        retry_owed_digests,
    )
    assert isinstance(weekly.trigger, CronTrigger) and weekly.trigger.timezone == ZoneInfo("Europe/London")
    assert weekly.trigger.get_next_fire_time(None, started) == datetime(
        2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Europe/London")
    )
    assert weekly.coalesce and weekly.max_instances == 1 and weekly.misfire_grace_time == 48 * 3600
    assert isinstance(catch_up.trigger, DateTrigger) and catch_up.trigger.run_date == started
    assert scheduler.timezone == ZoneInfo("Europe/London")
    reminders = jobs[REMINDERS_JOB]
    assert reminders.func is send_reminders and reminders.trigger.timezone == ZoneInfo("Europe/London")
    assert reminders.trigger.get_next_fire_time(None, started) == datetime(
        2026, 11, 26, 8, 0, tzinfo=ZoneInfo("Europe/London")
    )


def test_the_web_process_never_loads_a_scheduler() -> None:
    probe = (
        "import sys, bot.web; "
        "print([m for m in sys.modules if m.startswith(('bot.scheduler', 'apscheduler.schedulers'))])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=30, check=True
    )
    assert result.stdout.strip() == "[]"
