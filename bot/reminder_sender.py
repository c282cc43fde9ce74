"""Sending the reminders: what is owed today, claimed once per arrangement and threshold, delivered
to each member of the secretariat by DM (in their own language) and to REMINDER_CHANNEL (in its
language), with the machinery of the digest
(bot/run_sender.py). Used by the clock (REMINDER_SCHEDULE) and `python -m bot reminders --send`.

The claim is one transaction: the run (its frozen message and one delivery per recipient) and a
`reminder_claims` row per arrangement, unique by arrangement, end date and threshold. A second run
finds nothing owed and sends nothing; two runs racing make the same INSERT and one of them fails;
a run that dies mid-send is finished by the next one (or the clock's retries) from its records.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import TextIO

from sqlalchemy.exc import IntegrityError

from bot.i18n import in_language
from bot.run_sender import RunReport, RunSender, in_each_language, log_reports
from bot.services.digest import Period
from bot.services.digest_runs import claim_run
from bot.services.reminders import claim_reminders, owed_reminders, today
from bot.views.blocks import Reply
from bot.views.plain import render
from bot.views.reminders import nothing_owed, reminder_parts
from storage.models import DigestRun

log = logging.getLogger(__name__)
KEEP_FINISHING = timedelta(days=3)  # an unfinished reminders run is finished for this long


class ReminderSender(RunSender):
    kind = "reminders"

    def label(self, run: DigestRun) -> str:
        return "reminders"

    def owed_since(self, now: datetime) -> datetime:
        return now - KEEP_FINISHING

    def recipients(self) -> list[tuple[str, str]]:
        channel = [("channel", self.settings.reminder_channel)] if self.settings.reminder_channel else []
        return channel + [("dm", user_id) for user_id in sorted(self.settings.secretariat_user_ids)]

    def preview(self) -> list[Reply]:
        """What `send_due` would send now (in DEFAULT_LANGUAGE); nothing is claimed or sent."""
        on = today(self.settings.digest_timezone, self.clock())
        with self.deps.db.session() as session, in_language(self.settings.default_language):
            owed = owed_reminders(session, self.settings.reminder_days, on)
            return reminder_parts(owed, on, max(self.settings.reminder_days)) if owed else []

    def send_due(self) -> list[RunReport]:
        """Finish runs left unfinished, then claim and send what is owed now (nothing when nothing is)."""
        reports = self.finish_owed()
        now = self.clock()
        on = today(self.settings.digest_timezone, now)
        key = f"reminders:{now:%Y-%m-%dT%H:%M:%S}:{uuid.uuid4().hex[:8]}"
        recipients = self.recipients()
        if not recipients:
            detail = "nobody to remind: set SECRETARIAT_USER_IDS (or REMINDER_CHANNEL)"
            return [*reports, RunReport("reminders", key, "missed", detail)]
        languages = self.recipient_languages(recipients)  # each in their own language, the channel in its
        default = self.settings.default_language
        try:
            with self.deps.db.session() as session:
                owed = owed_reminders(session, self.settings.reminder_days, on)
                if not owed:
                    return [*reports, RunReport("reminders", key, "nothing to send", nothing_owed(on))]
                widest = max(self.settings.reminder_days)
                translated = in_each_language(
                    [default, *languages.values()], lambda: reminder_parts(owed, on, widest)
                )
                parts = translated[default]
                counts = {"arrangements": len(owed)}
                run = claim_run(
                    session,
                    self.kind,
                    key,
                    Period(now, now),
                    parts,
                    counts,
                    recipients,
                    self.owner,
                    now,
                    translated,
                    languages,
                )
                claim_reminders(session, run.id, owed, now)
                self.record_claim(session, run, counts)
                run_id, run_summary = run.id, run.summary
        except IntegrityError:
            detail = "another run claimed these reminders at the same moment; it sends them"
            return [*reports, RunReport("reminders", key, "in progress elsewhere", detail)]
        log.info("reminders %s: %d arrangement(s) claimed by %s", key, len(owed), self.owner)
        return [*reports, self._deliver(run_id, "reminders", key, run_summary, resumed=False)]


def run_reminders_command(sender: ReminderSender, send: bool, out: TextIO) -> int:
    """`python -m bot reminders --preview | --send`: print what is owed now, or send it once; the
    exit code."""
    if not send:
        parts = sender.preview()
        on = today(sender.settings.digest_timezone, sender.clock())
        if not parts:
            out.write(nothing_owed(on) + "\n")
            return 0
        out.write("The reminders owed now; preview only, nothing sent or claimed.\n")
        for number, part in enumerate(parts, start=1):
            out.write(f"\n--- message {number}\n{render(part)[0]}\n")
        return 0
    reports = sender.send_due()
    log_reports(reports)
    for report in reports:
        out.write(report.line() + "\n")
    return 0 if all(report.ok for report in reports) else 1
