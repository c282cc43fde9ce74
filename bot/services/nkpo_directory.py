"""The NKPO directory: recording, editing and retiring NKPOs with the history of every change,
users' requests to be recorded (nothing is on record until the secretariat confirms), and how
many Member States have an NKPO on record.

Who may change the directory is the caller's question (Settings.is_secretariat). An NKPO is
keyed by its member state and the person (storage.models.person_key), so importing the same
file twice, or confirming the same person twice, changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.i18n import _
from bot.services.nkpo import Country, resolve_country
from bot.text import InputError, clean, read_date
from storage.db import rows_changed
from storage.models import Nkpo, NkpoChange, NkpoRegistration, person_key, utcnow

LIMITS = {"person_name": 200, "position": 200, "ministry": 200, "email": 200, "source": 200}
EMAIL = re.compile(r"^[^@\s<>|`*]+@[^@\s<>|`*]+\.[^@\s<>|`*]+$")
SLACK_USER = re.compile(r"^[UW][A-Z0-9_]{2,39}$")
STATUSES = ("active", "retired")
# What a change records, in the order it is shown.
RECORDED = ("member_state", "person_name", "position", "ministry", "email", "slack_user_id",
            "designated_on", "source", "status")  # fmt: skip


@dataclass(frozen=True)
class NkpoFields:
    """A checked description of an NKPO."""

    country: Country
    person_name: str
    position: str | None = None
    ministry: str | None = None
    email: str | None = None
    slack_user_id: str | None = None
    designated_on: date | None = None
    source: str | None = None
    status: str = "active"
    is_sample: bool = False

    def values(self) -> dict[str, Any]:
        """The columns of the Nkpo row these fields describe."""
        return {
            "member_state": self.country.name,
            "iso2": self.country.iso2,
            "iso3": self.country.iso3,
            "person_name": self.person_name,
            "person_key": person_key(self.person_name),
            "position": self.position,
            "ministry": self.ministry,
            "email": self.email,
            "slack_user_id": self.slack_user_id,
            "designated_on": self.designated_on,
            "source": self.source,
            "status": self.status,
            "is_sample": self.is_sample,
        }

    def as_raw(self) -> dict[str, Any]:
        """As check_fields takes it (and as a registration keeps it, in JSON)."""
        raw = {name: value for name, value in self.values().items() if name in RECORDED}
        raw["country"] = self.country.iso3
        raw["designated_on"] = self.designated_on.isoformat() if self.designated_on else ""
        return raw


def check_fields(raw: Mapping[str, Any]) -> tuple[NkpoFields | None, dict[str, str]]:
    """Check an NKPO's description (keys as NkpoFields, the country as `country`): the fields, or a
    problem per field name (as the forms' block ids)."""
    problems: dict[str, str] = {}
    text = {name: clean(str(raw.get(name) or "")) for name in (*LIMITS, "country", "slack_user_id", "status")}
    match = resolve_country(text["country"], guess=False) if text["country"] else None
    if not text["country"]:
        problems["country"] = _(
            "Give the Member State: a country's name in English, French or Spanish, or its ISO code "
            "(e.g. Kenya, KEN, Royaume-Uni)."
        )
    elif match is None:
        problems["country"] = _(
            "I don't know {typed} as a country; give a country's name in English, French or Spanish, or "
            "its ISO code (e.g. Kenya, KEN, Royaume-Uni).",
            typed=repr(text["country"][:60]),
        )
    if not text["person_name"]:
        problems["person_name"] = _("Give the NKPO's name.")
    for name, limit in LIMITS.items():
        if len(text[name]) > limit:
            problems[name] = _(
                "Keep it to {limit} characters (it has {length}).", limit=limit, length=len(text[name])
            )
    if text["email"] and not EMAIL.match(text["email"]):
        problems["email"] = _("{typed} is not an e-mail address.", typed=repr(text["email"][:60]))
    if text["slack_user_id"] and not SLACK_USER.match(text["slack_user_id"]):
        problems["slack_user_id"] = _("A Slack user is an id such as U0123ABCD.")
    status = text["status"].lower() or "active"
    if status not in STATUSES:
        problems["status"] = _("The status is active or retired.")
    designated_on = _date(raw.get("designated_on"), problems)
    if problems or match is None:
        return None, problems
    return (
        NkpoFields(
            country=match.country,
            person_name=text["person_name"],
            position=text["position"] or None,
            ministry=text["ministry"] or None,
            email=text["email"].lower() or None,
            slack_user_id=text["slack_user_id"] or None,
            designated_on=designated_on,
            source=text["source"] or None,
            status=status,
            is_sample=bool(raw.get("is_sample")),
        ),
        {},
    )


def _date(value: Any, problems: dict[str, str]) -> date | None:
    try:
        return read_date(value)
    except ValueError as error:
        problems["designated_on"] = f"{error}."
        return None


def nkpo(session: Session, nkpo_id: int) -> Nkpo | None:
    return session.get(Nkpo, nkpo_id)


def find_nkpo(session: Session, member_state: str, name: str) -> Nkpo | None:
    """The NKPO of this member state (as shown) with this name, active or retired."""
    return session.scalars(
        select(Nkpo).where(Nkpo.member_state == member_state, Nkpo.person_key == person_key(name))
    ).one_or_none()


def save_nkpo(
    session: Session,
    fields: NkpoFields,
    by: str,
    note: str = "",
    existing: Nkpo | None = None,
    keep_slack_user: bool = False,
    keep_status: bool = False,
) -> tuple[Nkpo, str | None]:
    """Add an NKPO, or bring `existing` (else the one with the same member state and person) in line
    with `fields`; every change is recorded with `by` (a user id, or "import") and `note`.

    Returns the NKPO and what was done: added, edited, retired, reinstated, or None when nothing
    differed. `keep_slack_user` leaves the Slack user as it is when `fields` has none (an import
    that could not map an e-mail); `keep_status` leaves a known NKPO active or retired as it is (an
    import neither retires nor brings back). InputError if the edit would make it another NKPO on record.
    """
    values = fields.values()
    if keep_slack_user and fields.slack_user_id is None:
        del values["slack_user_id"]
    same = find_nkpo(session, fields.country.name, fields.person_name)
    if existing is None:
        existing = same
    if keep_status and existing is not None:
        del values["status"]
    elif same is not None and same is not existing:
        raise InputError(
            _(
                "{name} is already on record for {country}; nothing changed.",
                name=same.person_name,
                country=same.member_state,
            )
        )
    now = utcnow()
    if existing is None:
        record = Nkpo(**values, added_at=now, updated_at=now)
        session.add(record)
        session.flush()
        changes = {name: [None, _shown(values[name])] for name in RECORDED if values.get(name)}
        _record(session, record, "added", by, note, changes, now)
        return record, "added"
    changes = {
        name: [_shown(getattr(existing, name)), _shown(values[name])]
        for name in RECORDED
        if name in values and getattr(existing, name) != values[name]
    }
    differs = changes or any(
        getattr(existing, name) != values[name] for name in ("iso2", "iso3", "is_sample")
    )
    if not differs:
        return existing, None
    for name, value in values.items():
        setattr(existing, name, value)
    existing.updated_at = now
    session.flush()
    action = "edited"
    if "status" in changes:
        action = "retired" if fields.status == "retired" else "reinstated"
    _record(session, existing, action, by, note, changes, now)
    return existing, action


def _shown(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _record(
    session: Session, record: Nkpo, action: str, by: str, note: str, changes: dict[str, Any], now: datetime
) -> None:
    session.add(
        NkpoChange(
            nkpo_id=record.id, action=action, changed_by=by, changed_at=now, changes=changes, note=note
        )
    )
    session.flush()


def history(session: Session, nkpo_ids: list[int], limit: int = 10) -> list[NkpoChange]:
    """The latest changes to these NKPOs, newest first."""
    if not nkpo_ids:
        return []
    return list(
        session.scalars(
            select(NkpoChange)
            .where(NkpoChange.nkpo_id.in_(nkpo_ids))
            .order_by(NkpoChange.changed_at.desc(), NkpoChange.id.desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class DirectorySummary:
    """How many Member States (and people) have an NKPO on record, as at the directory's last change."""

    member_states: int
    people: int
    as_at: datetime | None


def directory_summary(session: Session) -> DirectorySummary:
    active = Nkpo.status == "active"
    states = session.scalar(select(func.count(func.distinct(Nkpo.member_state))).where(active)) or 0
    people = session.scalar(select(func.count()).select_from(Nkpo).where(active)) or 0
    as_at = session.scalar(select(func.max(NkpoChange.changed_at)))
    return DirectorySummary(states, people, as_at)


def request_registration(session: Session, user_id: str, fields: NkpoFields) -> NkpoRegistration:
    """Keep a user's request to be recorded as an NKPO until the secretariat decides; InputError if
    they already have one waiting."""
    waiting = session.scalars(
        select(NkpoRegistration).where(
            NkpoRegistration.user_id == user_id, NkpoRegistration.status == "pending"
        )
    ).first()
    if waiting is not None:
        raise InputError(
            _(
                "Your request #{number} ({country}) is still waiting for the Partnerships Section; they will "
                "answer it before you can send another.",
                number=waiting.id,
                country=waiting.member_state,
            )
        )
    raw = fields.as_raw() | {"slack_user_id": user_id, "status": "active"}
    registration = NkpoRegistration(
        user_id=user_id, member_state=fields.country.name, fields=raw, status="pending", notices=[]
    )
    session.add(registration)
    session.flush()
    return registration


def pending_registrations(session: Session, limit: int = 5) -> tuple[list[NkpoRegistration], int]:
    """The requests still waiting for the secretariat, oldest first (at most `limit`), and how many."""
    waiting = NkpoRegistration.status == "pending"
    count = session.scalar(select(func.count()).select_from(NkpoRegistration).where(waiting)) or 0
    oldest = select(NkpoRegistration).where(waiting).order_by(NkpoRegistration.id).limit(limit)
    return list(session.scalars(oldest)), count


def registration(session: Session, registration_id: int) -> NkpoRegistration | None:
    return session.get(NkpoRegistration, registration_id)


def decide_registration(
    session: Session, registration_id: int, by: str, confirm: bool
) -> tuple[NkpoRegistration | None, Nkpo | None]:
    """Confirm (the person goes on record) or decline a request, once: (None, None) when it was
    decided already or is unknown. The conditional UPDATE holds the row until the caller commits."""
    now = utcnow()
    changed = rows_changed(
        session,
        update(NkpoRegistration)
        .where(NkpoRegistration.id == registration_id, NkpoRegistration.status == "pending")
        .values(status="confirmed" if confirm else "declined", decided_by=by, decided_at=now),
    )
    if changed != 1:
        return None, None
    request = session.get(NkpoRegistration, registration_id, populate_existing=True)
    assert request is not None
    if not confirm:
        return request, None
    fields, problems = check_fields(request.fields)
    if fields is None:
        raise InputError(
            _(
                "Request #{number} can't be recorded: {problems}",
                number=registration_id,
                problems=" ".join(problems.values()),
            )
        )
    record, _action = save_nkpo(
        session, fields, by, note=f"registration #{registration_id} by {request.user_id}"
    )
    request.nkpo_id = record.id
    session.flush()
    return request, record


def keep_notices(session: Session, request: NkpoRegistration, notices: list[tuple[str, str]]) -> None:
    """Remember the secretariat's messages about a request ([channel, ts]), to update once decided."""
    request.notices = [list(notice) for notice in notices]
    session.flush()
