"""The clock process: the one place timed jobs are scheduled (Procfile `clock`, run exactly once).

APScheduler keeps its jobs in memory; the database, not the scheduler, records what has
already been done, so a restart or a second clock by mistake cannot double anything.
The web process never imports this module.

Jobs (module-level functions with stable ids, each opening its own sessions):
- `weekly-digest` on DIGEST_SCHEDULE in DIGEST_TIMEZONE: claim and send the period just ended,
  then the week's usage report to the secretariat.
- `digest-catch-up` once at start: the period that fell due while the clock was down, if it
  is within DIGEST_GRACE_HOURS (a no-op when it was sent), and its usage report.
- `reminders` on REMINDER_SCHEDULE in DIGEST_TIMEZONE: the arrangements owed a reminder. What
  a day missed while the clock was down owed is owed still, so the next run sends it.
- `digest-retry` every few minutes: finish runs (digest, reminders, usage report) whose sender
  died and recipients that failed.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.deps import Deps
from bot.digest_sender import DigestSender
from bot.messenger import SlackMessenger, make_web_client
from bot.reminder_sender import ReminderSender
from bot.run_sender import log_reports
from bot.services import audit
from bot.services.digest import digest_trigger
from bot.services.digest_runs import STALE_AFTER
from bot.usage_sender import UsageSender
from bot.views.digest import period_label, when
from storage.models import utcnow

log = logging.getLogger(__name__)
DIGEST_JOB = "weekly-digest"
CATCH_UP_JOB = "digest-catch-up"
RETRY_JOB = "digest-retry"
REMINDERS_JOB = "reminders"


def digest_sender(deps: Deps, actor: str = audit.CLOCK) -> DigestSender:
    """A sender posting through the Slack Web API at SLACK_API_URL, paced."""
    return DigestSender(deps, SlackMessenger(make_web_client(deps.settings)), actor=actor)


def reminder_sender(deps: Deps, actor: str = audit.CLOCK) -> ReminderSender:
    return ReminderSender(deps, SlackMessenger(make_web_client(deps.settings)), actor=actor)


def usage_sender(deps: Deps) -> UsageSender:
    return UsageSender(deps, SlackMessenger(make_web_client(deps.settings)))


def send_weekly_digest(deps: Deps) -> None:
    """The scheduled run: claim and send the period that has just ended, then its usage report."""
    log_reports(digest_sender(deps).send_due(within_grace=True))
    log_reports(usage_sender(deps).send_due(within_grace=True))


def send_reminders(deps: Deps) -> None:
    """The daily run: the arrangements owed a reminder, once each."""
    log_reports(reminder_sender(deps).send_due())


def catch_up_digest(deps: Deps) -> None:
    """At start: send the last period if it fell due while the clock was down (within the grace period)."""
    sender = digest_sender(deps)
    period, timezone = sender.due_period(), deps.settings.digest_timezone
    log.info(
        "clock: catching up the digest for %s (due %s, %s) if it was missed while the clock was down",
        period_label(period, timezone),
        when(period.end, timezone),
        timezone,
    )
    log_reports(sender.send_due(within_grace=True))
    log_reports(usage_sender(deps).send_due(within_grace=True))


def retry_owed_digests(deps: Deps) -> None:
    """Finish what is owed: deliveries that failed, and runs whose sender stopped (of every kind)."""
    for sender in (digest_sender(deps), reminder_sender(deps), usage_sender(deps)):
        log_reports(sender.finish_owed())


def build_scheduler(deps: Deps, now: datetime | None = None) -> BlockingScheduler:
    """A scheduler with every timed job registered under a stable id, in DIGEST_TIMEZONE."""
    settings = deps.settings
    settings.require("SLACK_BOT_TOKEN", purpose="the scheduler (it posts the digest)")
    timezone = ZoneInfo(settings.digest_timezone)
    scheduler = BlockingScheduler(timezone=timezone)
    common = {"args": [deps], "replace_existing": True, "coalesce": True, "max_instances": 1}
    scheduler.add_job(
        send_weekly_digest,
        digest_trigger(settings.digest_schedule, settings.digest_timezone),
        id=DIGEST_JOB,
        name="weekly digest",
        misfire_grace_time=max(1, settings.digest_grace_hours * 3600),
        **common,
    )
    scheduler.add_job(
        catch_up_digest, "date", run_date=now or utcnow(), id=CATCH_UP_JOB, name="digest catch-up", **common
    )
    scheduler.add_job(
        send_reminders,
        digest_trigger(settings.reminder_schedule, settings.digest_timezone),
        id=REMINDERS_JOB,
        name="reminders before arrangements end",
        misfire_grace_time=12 * 3600,
        **common,
    )
    scheduler.add_job(
        retry_owed_digests,
        IntervalTrigger(seconds=STALE_AFTER.total_seconds(), timezone=timezone),
        id=RETRY_JOB,
        name="digest retries",
        **common,
    )
    return scheduler


def run_scheduler(deps: Deps) -> None:
    now = utcnow()
    scheduler = build_scheduler(deps, now)
    if not deps.settings.digest_channel:
        log.warning("clock: DIGEST_CHANNEL is not set; the digest goes to subscribers' DMs only")
    for job in scheduler.get_jobs():
        log.info("clock: job %s, next run %s", job.id, job.trigger.get_next_fire_time(None, now))
    scheduler.start()
