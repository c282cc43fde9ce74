"""Sending the digest: claim the due period, deliver each recipient's copy once, finish what others left.

Used by the clock (bot/scheduler.py) and by `python -m bot digest --send`; every run
opens its own short sessions and commits after each step, so the database always says
what has been sent (see bot/services/digest_runs.py for the claim and the records).

Each message part is posted through bot/posting.py, keyed by run, recipient and part: the
attempt is recorded before Slack is called, and whenever Slack does not answer (a timeout, a
5xx) or the sender dies before recording what Slack accepted, the next try looks for the part
in the recipient's channel history (conversations.history) and records it instead of posting it
again. The delivery is marked "sending" while its parts go out, so the next owner knows which
recipient and part that is.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TextIO

from slack_sdk.errors import SlackClientError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.i18n import in_language
from bot.messenger import Messenger, slack_problem
from bot.pacing import Pacer
from bot.posting import post_once
from bot.services.digest import (
    Period,
    collect_digest,
    digest_trigger,
    dm_channel,
    due_period,
    next_digest,
    remember_dm_channel,
)
from bot.services.digest_runs import (
    OWED,
    RunTally,
    beat,
    claim_period,
    delivery_failed,
    find_run,
    finish_run,
    in_flight,
    is_stale,
    owed_deliveries,
    owed_runs,
    part_sent,
    start_delivery,
    take_over,
    unsent_deliveries,
)
from bot.views.blocks import Reply
from bot.views.digest import digest_parts, digest_preview, period_label, when
from bot.views.plain import render
from storage.models import DigestDelivery, DigestRun, utcnow

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
LATE_AFTER = timedelta(hours=1)
# Errors that will fail every recipient alike: stop the pass instead of trying them all.
FATAL_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "missing_scope"}
)


class Unconfirmed(Exception):
    """A part did not land (Slack refused it), or Slack did not confirm it and the channel's history
    does not show it yet: the delivery is owed, and the next run looks in the history first."""


@dataclass(frozen=True)
class RunReport:
    """What one run did for one period, in a line for the log and the terminal."""

    period: Period
    outcome: str  # sent | incomplete | already sent | in progress elsewhere | missed
    detail: str

    @property
    def ok(self) -> bool:
        return self.outcome in ("sent", "already sent", "in progress elsewhere")

    def line(self, timezone: str) -> str:
        return f"digest {period_label(self.period, timezone)} [{self.period.key}]: {self.detail}"


def _period(run: DigestRun) -> Period:
    return Period(run.period_start, run.period_end)


class DigestSender:
    """One process's go at the digest; `owner` names it in the runs it claims or takes over."""

    def __init__(
        self, deps: Deps, messenger: Messenger, pacer: Pacer | None = None, clock: Clock = utcnow
    ) -> None:
        self.deps = deps
        self.settings = deps.settings
        self.messenger = messenger
        self.pacer = pacer or Pacer()
        self.clock = clock
        self.trigger = digest_trigger(self.settings.digest_schedule, self.settings.digest_timezone)
        self.grace = timedelta(hours=self.settings.digest_grace_hours)
        self.owner = f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def due_period(self) -> Period:
        return due_period(self.trigger, self.clock())

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
        reports = self.finish_owed(also_key=period.key)
        if any(report.period.key == period.key for report in reports):
            return reports
        with self.deps.db.session() as session:
            existing = find_run(session, period.key)
            if existing is not None:
                return [*reports, self._not_ours(existing)]
        if within_grace and now - period.end > self.grace:
            detail = (
                f"missed: it was due {when(period.end, self.settings.digest_timezone)}, more than "
                f"DIGEST_GRACE_HOURS={self.settings.digest_grace_hours} ago; not sent"
            )
            return [*reports, RunReport(period, "missed", detail)]
        return [*reports, self._claim_and_send(period, now)]

    def finish_owed(self, also_key: str | None = None) -> list[RunReport]:
        """Take over runs left unfinished (owner gone, or recipients that failed) and deliver what is owed."""
        now = self.clock()
        reports = []
        with self.deps.db.session() as session:
            runs = owed_runs(session, now - self.grace, also_key)
        for run in runs:
            if not is_stale(run, now):
                reports.append(self._not_ours(run))
                continue
            with self.deps.db.session() as session:
                if not take_over(session, run.id, self.owner, now):
                    continue
                for delivery in in_flight(session, run.id):
                    log.warning(
                        "digest %s: the previous sender stopped while sending part %d to %s; "
                        "its channel is checked before the part is sent again",
                        run.period_key,
                        delivery.parts_sent + 1,
                        delivery.recipient,
                    )
            log.info("digest %s: taken over from %s to finish what is owed", run.period_key, run.claimed_by)
            reports.append(self._deliver(run.id, _period(run), run.summary["parts"], resumed=True))
        return reports

    def _not_ours(self, run: DigestRun) -> RunReport:
        if run.status == "done":
            finished = run.finished_at.strftime("%Y-%m-%d %H:%M UTC") if run.finished_at else "earlier"
            return RunReport(
                _period(run), "already sent", f"already sent (finished {finished}); nothing to do"
            )
        age = int((self.clock() - run.heartbeat_at).total_seconds())
        return RunReport(
            _period(run),
            "in progress elsewhere",
            f"being sent by {run.claimed_by} (last heard from {age} s ago); nothing to do here",
        )

    def _claim_and_send(self, period: Period, now: datetime) -> RunReport:
        with self.deps.db.session() as session, self.in_its_language():
            content = collect_digest(session, period)
            parts = digest_parts(content, self.settings.digest_timezone, late=now - period.end > LATE_AFTER)
        frozen = [{"text": part.text, "blocks": part.blocks} for part in parts]
        try:
            with self.deps.db.session() as session:
                run_id = claim_period(
                    session, period, frozen, content.counts, self.settings.digest_channel, self.owner, now
                ).id
        except IntegrityError:
            with self.deps.db.session() as session:
                run = find_run(session, period.key)
            if run is None:
                raise
            return self._not_ours(run)
        log.info("digest %s: claimed by %s (%d message part(s))", period.key, self.owner, len(frozen))
        return self._deliver(run_id, period, frozen, resumed=False)

    def _deliver(self, run_id: int, period: Period, frozen: list[dict[str, Any]], resumed: bool) -> RunReport:
        parts = [Reply(text=part["text"], blocks=part["blocks"], public=True) for part in frozen]
        with self.deps.db.session() as session:
            owed = [delivery.id for delivery in owed_deliveries(session, run_id)]
        stopped = ""
        for delivery_id in owed:
            with self.deps.db.session() as session:
                if not beat(session, run_id, self.owner, self.clock()):
                    stopped = "another process took the run over"
                    break
                delivery = session.get(DigestDelivery, delivery_id)
                if delivery is None or delivery.status not in OWED:
                    continue
                start_delivery(session, delivery)
                kind, recipient, first_part = delivery.kind, delivery.recipient, delivery.parts_sent
            problem = self._send_parts(delivery_id, kind, recipient, parts, first_part)
            if problem in FATAL_ERRORS:
                stopped = f"Slack refuses every call ({problem})"
                break
        with self.deps.db.session() as session:
            run = session.get(DigestRun, run_id)
            assert run is not None
            counts = finish_run(session, run, self.owner, self.clock(), stopped or "pass complete")
            failures = [f"{d.recipient} ({d.last_error})" for d in unsent_deliveries(session, run_id)]
        return self._report(period, counts, failures, resumed, stopped)

    def _send_parts(
        self, delivery_id: int, kind: str, recipient: str, parts: list[Reply], first_part: int
    ) -> str | None:
        """Send the parts not yet recorded; each is recorded in its own transaction. The problem, if any."""
        try:
            channel = recipient if kind == "channel" else self._dm_channel(recipient)
            for number, part in enumerate(parts[first_part:], start=first_part + 1):
                self.pacer.wait(channel)
                with self.deps.db.session() as session:
                    delivery = session.get(DigestDelivery, delivery_id)
                    assert delivery is not None

                    def record(
                        ts: str, session: Session = session, delivery: DigestDelivery = delivery
                    ) -> None:
                        part_sent(session, delivery, ts, len(parts), self.clock())

                    key = f"digest:{delivery.run_id}:{recipient}:{number}"
                    result = post_once(
                        session, self.messenger, key, channel, part, on_posted=record, clock=self.clock
                    )
                if result.outcome != "posted":
                    raise Unconfirmed(result.problem or "not posted")
            return None
        except (SlackClientError, OSError, Unconfirmed) as error:
            problem = str(error) if isinstance(error, Unconfirmed) else slack_problem(error)
            with self.deps.db.session() as session:
                delivery = session.get(DigestDelivery, delivery_id)
                assert delivery is not None
                delivery_failed(session, delivery, problem)
                attempts, status = delivery.attempts, delivery.status
            log.warning(
                "digest delivery to %s failed (attempt %d, %s): %s",
                recipient,
                attempts,
                "given up" if status == "failed" else "retried at the next run",
                problem,
            )
            return problem

    def _dm_channel(self, user_id: str) -> str:
        with self.deps.db.session() as session:
            channel = dm_channel(session, user_id)
        if channel:
            return channel
        self.pacer.wait()
        channel = self.messenger.open_dm(user_id)
        with self.deps.db.session() as session:
            remember_dm_channel(session, user_id, channel)
        return channel

    def _report(
        self, period: Period, counts: RunTally, failures: list[str], resumed: bool, stopped: str
    ) -> RunReport:
        verb = "finished" if resumed else "sent"
        detail = f"{verb}: {counts.sent} of {counts.total} recipient(s) have it"
        if counts.owed:
            detail += f"; {counts.owed} owed, retried at the next run"
        if counts.failed:
            detail += f"; {counts.failed} given up after repeated failures"
        if failures:
            shown = ", ".join(failures[:5]) + (f" and {len(failures) - 5} more" if len(failures) > 5 else "")
            detail += f" [{shown}]"
        if stopped:
            detail += f"; stopped: {stopped}"
        return RunReport(period, "incomplete" if counts.owed else "sent", detail)


def log_reports(reports: list[RunReport], timezone: str) -> None:
    for report in reports:
        (log.info if report.ok else log.warning)("%s", report.line(timezone))


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
    log_reports(reports, timezone)
    for report in reports:
        out.write(report.line(timezone) + "\n")
    return 0 if all(report.ok for report in reports) else 1
