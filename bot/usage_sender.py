"""The weekly usage report to the secretariat by DM, each member's copy in their own language:
claimed once per digest period and delivered with the digest's machinery (bot/run_sender.py),
right after the digest on DIGEST_SCHEDULE."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from bot.digest_sender import DigestSender
from bot.i18n import in_language
from bot.run_sender import RunReport, in_each_language
from bot.services.digest import Period
from bot.services.digest_runs import claim_run, find_run
from bot.services.usage import usage_report
from bot.views.blocks import Reply
from bot.views.usage import usage_reply
from storage.models import DigestRun

log = logging.getLogger(__name__)


class UsageSender(DigestSender):
    kind = "usage"

    def label(self, run: DigestRun) -> str:
        return self.period_label(Period(run.period_start, run.period_end))

    def period_label(self, period: Period) -> str:
        return super().period_label(period).replace("digest", "usage report", 1)

    def run_key(self, period: Period) -> str:
        return f"usage:{period.key}"

    def preview(self) -> list[Reply]:
        """The report `send_due` would send now (in DEFAULT_LANGUAGE); nothing is claimed or sent."""
        period = self.due_period()
        with self.deps.db.session() as session, in_language(self.settings.default_language):
            return [
                usage_reply(usage_report(session, period.start, period.end), self.settings.digest_timezone)
            ]

    def _claim_and_send(self, period: Period, now: datetime) -> RunReport:
        key = self.run_key(period)
        recipients = [("dm", user_id) for user_id in sorted(self.settings.secretariat_user_ids)]
        if not recipients:
            return RunReport(
                self.period_label(period), key, "nothing to send", "no SECRETARIAT_USER_IDS to send it to"
            )
        languages = self.recipient_languages(recipients)  # each member reads it in their own language
        default = self.settings.default_language
        with self.deps.db.session() as session:
            report = usage_report(session, period.start, period.end)
        translated = in_each_language(
            [default, *languages.values()], lambda: [usage_reply(report, self.settings.digest_timezone)]
        )
        counts = {"questions": report.this.questions, "answered": report.this.answered}
        try:
            with self.deps.db.session() as session:
                run = claim_run(
                    session,
                    self.kind,
                    key,
                    period,
                    translated[default],
                    counts,
                    recipients,
                    self.owner,
                    now,
                    translated,
                    languages,
                )
                self.record_claim(session, run, counts)
                run_id, summary = run.id, run.summary
        except IntegrityError:
            with self.deps.db.session() as session:
                found = find_run(session, key)
            if found is None:
                raise
            return self._not_ours(found)
        log.info("usage report %s: claimed by %s", key, self.owner)
        return self._deliver(run_id, self.period_label(period), key, summary, resumed=False)
