"""Claiming a run and delivering each recipient's copy once: the weekly digest, the reminders and
the weekly usage report all go out through here (bot/digest_sender.py, bot/reminder_sender.py,
bot/usage_sender.py say what each one sends, to whom and when).

Every run opens its own short sessions and commits after each step, so the database always says
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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackClientError
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.i18n import in_language
from bot.messenger import Messenger, slack_problem
from bot.pacing import Pacer
from bot.posting import post_once
from bot.services import audit
from bot.services.digest import dm_channel, remember_dm_channel
from bot.services.digest_runs import (
    OWED,
    RunTally,
    beat,
    delivery_failed,
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
from bot.services.languages import user_language
from bot.views.blocks import Reply
from storage.models import DigestDelivery, DigestRun, utcnow

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
# Errors that will fail every recipient alike: stop the pass instead of trying them all.
FATAL_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "missing_scope"}
)


class Unconfirmed(Exception):
    """A part did not land (Slack refused it), or Slack did not confirm it and the channel's history
    does not show it yet: the delivery is owed, and the next run looks in the history first."""


@dataclass(frozen=True)
class RunReport:
    """What one run did, in a line for the log and the terminal."""

    label: str  # e.g. "digest 16–23 Nov 2026", "reminders"
    key: str
    outcome: str  # sent | incomplete | already sent | in progress elsewhere | missed | nothing to send
    detail: str

    @property
    def ok(self) -> bool:
        return self.outcome in ("sent", "already sent", "in progress elsewhere", "nothing to send")

    def line(self) -> str:
        return f"{self.label} [{self.key}]: {self.detail}"


def frozen_parts(parts: list[Reply]) -> list[dict[str, Any]]:
    """Message parts as a run keeps them: what each recipient gets, fixed at the claim."""
    return [{"text": part.text, "blocks": part.blocks} for part in parts]


def in_each_language(
    languages: Iterable[str], write: Callable[[], list[Reply]]
) -> dict[str, list[dict[str, Any]]]:
    """The parts `write` makes, frozen, in each of `languages` (bot.i18n's current language)."""
    return {language: frozen_parts(_written_in(language, write)) for language in sorted(set(languages))}


def _written_in(language: str, write: Callable[[], list[Reply]]) -> list[Reply]:
    with in_language(language):
        return write()


def parts_for(summary: Mapping[str, Any], recipient: str) -> list[dict[str, Any]]:
    """A recipient's copy of a run: in their language when the run was written in several (its
    `translated` parts and `languages` by recipient, fixed at the claim), else the run's one set."""
    language = (summary.get("languages") or {}).get(recipient)
    parts: list[dict[str, Any]] = (summary.get("translated") or {}).get(language) or summary["parts"]
    return parts


class RunSender:
    """One process's go at the runs of one kind; `owner` names it in the runs it claims or takes over,
    `actor` in the audit trail (the clock, or cli for a run by hand)."""

    kind = "digest"

    def __init__(
        self,
        deps: Deps,
        messenger: Messenger,
        pacer: Pacer | None = None,
        clock: Clock = utcnow,
        actor: str = audit.CLOCK,
    ) -> None:
        self.deps = deps
        self.settings = deps.settings
        self.messenger = messenger
        self.pacer = pacer or Pacer()
        self.clock = clock
        self.actor = actor
        self.owner = f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def label(self, run: DigestRun) -> str:
        """How reports name a run of this kind."""
        return self.kind

    def owed_since(self, now: datetime) -> datetime:
        """How far back unfinished runs of this kind are still finished."""
        raise NotImplementedError

    def finish_owed(self, also_key: str | None = None) -> list[RunReport]:
        """Take over runs left unfinished (owner gone, or recipients that failed) and deliver what is owed."""
        now = self.clock()
        reports = []
        with self.deps.db.session() as session:
            runs = owed_runs(session, self.kind, self.owed_since(now), also_key)
        for run in runs:
            if not is_stale(run, now):
                reports.append(self._not_ours(run))
                continue
            with self.deps.db.session() as session:
                if not take_over(session, run.id, self.owner, now):
                    continue
                for delivery in in_flight(session, run.id):
                    log.warning(
                        "%s %s: the previous sender stopped while sending part %d to %s; "
                        "its channel is checked before the part is sent again",
                        self.kind,
                        run.period_key,
                        delivery.parts_sent + 1,
                        delivery.recipient,
                    )
            log.info(
                "%s %s: taken over from %s to finish what is owed", self.kind, run.period_key, run.claimed_by
            )
            reports.append(self._deliver(run.id, self.label(run), run.period_key, run.summary, True))
        return reports

    def _not_ours(self, run: DigestRun) -> RunReport:
        if run.status == "done":
            finished = run.finished_at.strftime("%Y-%m-%d %H:%M UTC") if run.finished_at else "earlier"
            return RunReport(
                self.label(run),
                run.period_key,
                "already sent",
                f"already sent (finished {finished}); nothing to do",
            )
        age = int((self.clock() - run.heartbeat_at).total_seconds())
        return RunReport(
            self.label(run),
            run.period_key,
            "in progress elsewhere",
            f"being sent by {run.claimed_by} (last heard from {age} s ago); nothing to do here",
        )

    def recipient_languages(self, recipients: list[tuple[str, str]]) -> dict[str, str]:
        """The language of each recipient: a channel's own (CHANNEL_LANGUAGES, else DEFAULT_LANGUAGE),
        a person's own (their App Home choice, else their Slack locale, else DEFAULT_LANGUAGE), looked up
        before the claim, in a session of its own."""
        default = self.settings.default_language
        found = {}
        with self.deps.db.session() as session:
            for kind, recipient in recipients:
                if kind == "channel":
                    found[recipient] = self.settings.channel_language(recipient)
                else:
                    found[recipient] = user_language(session, self.messenger, recipient, default).language
        return found

    def record_claim(self, session: Session, run: DigestRun, counts: dict[str, int]) -> None:
        """The run in the audit trail, in the claim's transaction: who ran it and what it carries."""
        numbers = audit.counts(recipients=len(run.deliveries), **counts)
        audit.record(
            session, self.actor, f"{self.kind}.run", f"{self.label(run)} [{run.period_key}]", numbers
        )

    def _deliver(
        self, run_id: int, label: str, key: str, summary: Mapping[str, Any], resumed: bool
    ) -> RunReport:
        """Deliver what is owed of a run: each recipient gets `parts_for(summary, recipient)`."""
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
            parts = [
                Reply(text=part["text"], blocks=part["blocks"], public=True)
                for part in parts_for(summary, recipient)
            ]
            problem = self._send_parts(delivery_id, kind, recipient, parts, first_part)
            if problem in FATAL_ERRORS:
                stopped = f"Slack refuses every call ({problem})"
                break
        with self.deps.db.session() as session:
            run = session.get(DigestRun, run_id)
            assert run is not None
            counts = finish_run(session, run, self.owner, self.clock(), stopped or "pass complete")
            failures = [f"{d.recipient} ({d.last_error})" for d in unsent_deliveries(session, run_id)]
        return self._report(label, key, counts, failures, resumed, stopped)

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
                "%s delivery to %s failed (attempt %d, %s): %s",
                self.kind,
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
        self, label: str, key: str, counts: RunTally, failures: list[str], resumed: bool, stopped: str
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
        return RunReport(label, key, "incomplete" if counts.owed else "sent", detail)


def log_reports(reports: list[RunReport]) -> None:
    for report in reports:
        (log.info if report.ok else log.warning)("%s", report.line())
