"""Partnership arrangements: the published snapshot, the latest on record, one arrangement, filters."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bot.i18n import N_, _
from bot.services.search import Filters, concept_of, search
from bot.text import InputError
from storage.models import NATURES, Arrangement, PartnershipSnapshot

YEAR = re.compile(r"^\d{4}$")
UNSAFE = re.compile(r"[^\w .,:/()'-]")
STATUSES = {"in-force": "in_force", "inforce": "in_force", "in_force": "in_force", "ended": "ended",
            "all": None}  # fmt: skip
IN_FORCE = Filters(status="in_force")
TYPE_HELP = N_(
    "loa (letter of agreement), mou (MoU / framework agreement) or ipa (implementing partner agreement)"
)


def latest_snapshot(session: Session) -> PartnershipSnapshot | None:
    """The most recent published count of arrangements in force, if any is on record."""
    return session.scalars(
        select(PartnershipSnapshot).order_by(PartnershipSnapshot.as_at.desc()).limit(1)
    ).one_or_none()


def latest_arrangements(session: Session, limit: int = 5) -> list[Arrangement]:
    """The most recently signed arrangements in force on record (undated ones last)."""
    return [hit.record for hit in search(session, "arrangements", "", IN_FORCE, limit=limit).hits]


def arrangement(session: Session, arrangement_id: int) -> Arrangement | None:
    """One arrangement with its partner and programme, or None if it is no longer on record."""
    return session.scalars(
        select(Arrangement)
        .where(Arrangement.id == arrangement_id)
        .options(joinedload(Arrangement.partner), joinedload(Arrangement.programme))
    ).one_or_none()


def partnership_filters(raw: dict[str, str]) -> Filters:
    """`type:`, `year:`, `sdg:` and `status:` as typed, checked; InputError says what is wrong and what
    works. Without `status:`, only arrangements in force (`status:ended`: the ended ones; `status:all`)."""
    nature = year = sdg = None
    status: str | None = "in_force"
    if "status" in raw:
        wanted = raw["status"].lower()
        if wanted not in STATUSES:
            raise InputError(
                _(
                    "`status:` can be `ended`, `in-force` or `all`, not {value}; e.g. `status:ended`.",
                    value=f"`{shown(raw['status'])}`",
                )
            )
        status = STATUSES[wanted]
    if "type" in raw:
        nature = concept_of(raw["type"].replace("-", " ").replace("_", " "))
        if nature not in NATURES:
            raise InputError(
                _(
                    "`type:` can be {types}; {value} is not one of them.",
                    types=_(TYPE_HELP),
                    value=f"`{shown(raw['type'])}`",
                )
            )
    if "year" in raw:
        if not YEAR.match(raw["year"]) or not 1900 <= int(raw["year"]) <= 2100:
            raise InputError(
                _("`year:` needs a year such as `year:2019`, not {value}.", value=f"`{shown(raw['year'])}`")
            )
        year = int(raw["year"])
    if "sdg" in raw:
        value = raw["sdg"].lower().removeprefix("sdg")
        if not value.isdigit() or not 1 <= int(value) <= 17:
            raise InputError(
                _(
                    "There are 17 SDGs: `sdg:` takes a number from 1 to 17, e.g. `sdg:14`, not {value}.",
                    value=f"`{shown(raw['sdg'])}`",
                )
            )
        sdg = int(value)
    return Filters(nature=nature, year=year, sdg=sdg, status=status)


def shown(value: str) -> str:
    """A user's value, short and stripped of mark-up characters, to quote back in a message."""
    return UNSAFE.sub("", value)[:30]
