"""Sending the digest: claim the due period, deliver each recipient's copy once, finish what others left.

Used by the clock (bot/scheduler.py) and by `python -m bot digest --send`; the claim and the
deliveries are the machinery of bot/run_sender.py (shared with the reminders and the usage report).
"""

from __future__ import annotations

import logging
import tempfile
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from apscheduler.triggers.cron import CronTrigger
from slack_sdk.errors import SlackClientError
from sqlalchemy.exc import IntegrityError

from bot.deps import Deps
from bot.i18n import in_language
from bot.messenger import slack_problem
from bot.run_sender import RunReport, RunSender, frozen_parts, log_reports
from bot.services.digest import Period, collect_digest, digest_trigger, due_period, next_digest
from bot.services.digest_runs import claim_period, find_run
from bot.views.blocks import Reply
from bot.views.charts import draw_png
from bot.views.digest import digest_parts, digest_preview, period_label, week_chart, week_chart_comment, when
from bot.views.plain import render
from storage.models import DigestRun

log = logging.getLogger(__name__)
LATE_AFTER = timedelta(hours=1)


class DigestSender(RunSender):
    """The weekly digest: the period just ended, to DIGEST_CHANNEL and every subscriber by DM."""

    kind = "digest"

    @property
    def trigger(self) -> CronTrigger:
        return digest_trigger(self.settings.digest_schedule, self.settings.digest_timezone)

    @property
    def grace(self) -> timedelta:
        return timedelta(hours=self.settings.digest_grace_hours)

    def label(self, run: DigestRun) -> str:
        return self.period_label(Period(run.period_start, run.period_end))

    def period_label(self, period: Period) -> str:
        return f"digest {period_label(period, self.settings.digest_timezone)}"

    def owed_since(self, now: datetime) -> datetime:
        return now - self.grace

    def due_period(self) -> Period:
        return due_period(self.trigger, self.clock())

    def run_key(self, period: Period) -> str:
        """The unique key of this kind's run for the period (the claim)."""
        return period.key

    def preview(self) -> list[Reply]:
        """The digest `send_due` would send now, built afresh; nothing is claimed or sent."""
        now = self.clock()
        period = due_period(self.trigger, now)
        with self.deps.db.session() as session, self.in_its_language():
            return digest_parts(
                collect_digest(session, period), self.settings.digest_timezone, now - period.end > LATE_AFTER
            )

    def in_its_language(self) -> AbstractContextManager[None]:
        """The digest is written once, in its channel's language (CHANNEL_LANGUAGES, DEFAULT_LANGUAGE),
        and the same words go to every subscriber."""
        return in_language(self.settings.channel_language(self.settings.digest_channel))

    def send_due(self, within_grace: bool = True) -> list[RunReport]:
        """Finish owed runs, then claim and send the due period (unless more than the grace period late)."""
        now = self.clock()
        period = due_period(self.trigger, now)
        key = self.run_key(period)
        reports = self.finish_owed(also_key=key)
        if any(report.key == key for report in reports):
            return reports
        with self.deps.db.session() as session:
            existing = find_run(session, key)
            if existing is not None:
                return [*reports, self._not_ours(existing)]
        if within_grace and now - period.end > self.grace:
            detail = (
                f"missed: it was due {when(period.end, self.settings.digest_timezone)}, more than "
                f"DIGEST_GRACE_HOURS={self.settings.digest_grace_hours} ago; not sent"
            )
            return [*reports, RunReport(self.period_label(period), key, "missed", detail)]
        return [*reports, self._claim_and_send(period, now)]

    def _claim_and_send(self, period: Period, now: datetime) -> RunReport:
        with self.deps.db.session() as session, self.in_its_language():
            content = collect_digest(session, period)
            parts = digest_parts(content, self.settings.digest_timezone, late=now - period.end > LATE_AFTER)
        frozen = frozen_parts(parts)
        try:
            with self.deps.db.session() as session:
                run = claim_period(
                    session, period, frozen, content.counts, self.settings.digest_channel, self.owner, now
                )
                self.record_claim(session, run, {k.replace(" ", "_"): v for k, v in content.counts.items()})
                run_id = run.id
        except IntegrityError:
            with self.deps.db.session() as session:
                found = find_run(session, period.key)
            if found is None:
                raise
            return self._not_ours(found)
        log.info("digest %s: claimed by %s (%d message part(s))", period.key, self.owner, len(frozen))
        report = self._deliver(
            run_id, self.period_label(period), period.key, {"parts": frozen}, resumed=False
        )
        if report.ok:
            self._send_chart(period, content.arrangement_counts)
        return report

    def _send_chart(self, period: Period, counts: dict[str, int]) -> None:
        """The week's chart (the new arrangements by nature), into DIGEST_CHANNEL after the digest, by
        the process that claimed the period only, so at most once: an upload has no key Slack could be
        asked about again, so a failed or unconfirmed one is logged and not tried again."""
        channel = self.settings.digest_channel
        if not channel or not any(counts.values()):
            return
        with self.in_its_language():
            data = week_chart(counts, period_label(period, self.settings.digest_timezone))
            png = draw_png(data, period.end.date())
            comment = week_chart_comment(data)
        with tempfile.TemporaryDirectory(prefix="nkpo-digest-chart-") as folder:
            path = Path(folder) / f"digest-{period.end.date().isoformat()}.png"
            path.write_bytes(png)
            try:
                self.messenger.upload(channel, path, path.name, data.title, comment)
            except (SlackClientError, OSError) as error:
                log.warning(
                    "digest %s: the week's chart was not shared (%s)", period.key, slack_problem(error)
                )
                return
        log.info("digest %s: the week's chart shared in %s", period.key, channel)


def run_digest_command(
    deps: Deps, sender: DigestSender, send: bool, out: TextIO, period_wanted: str = "next"
) -> int:
    """`python -m bot digest --preview [--period next|last] | --send`: print the next digest so far
    (what `/digest preview` shows) or the one just due, or send the due one once; the exit code."""
    timezone = deps.settings.digest_timezone
    if not send and period_wanted == "next":
        with deps.db.session() as session, sender.in_its_language():
            content, next_at = next_digest(session, sender.trigger, sender.clock())
            preview = digest_preview(content, timezone, next_at)
        out.write(
            "The next digest so far, as `/digest preview` shows it; `--period last` shows the one just due.\n"
        )
        out.write(f"\n{render(preview)[0]}\n")
        return 0
    if not send:
        period = sender.due_period()
        out.write(
            f"The digest just due, for {period_label(period, timezone)} [{period.key}]; preview only, "
            "nothing sent.\n"
        )
        with deps.db.session() as session:
            run = find_run(session, period.key)
        if run is not None:
            out.write(f"(This period is already claimed: {run.status}.)\n")
        for number, part in enumerate(sender.preview(), start=1):
            out.write(f"\n--- message {number}\n{render(part)[0]}\n")
        return 0
    reports = sender.send_due(within_grace=False)
    log_reports(reports)
    for report in reports:
        out.write(report.line() + "\n")
    return 0 if all(report.ok for report in reports) else 1
