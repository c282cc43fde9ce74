"""Synthetic sample records for the benchmarks: plainly fictional, every row marked is_sample.

`load(database, arrangements, documents)` migrates a fresh database, fills it through the
same triggers that keep the search index in step in production, and on PostgreSQL
vacuums and analyses it.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select

from storage.db import Database
from storage.migrate import upgrade
from storage.models import Arrangement, Document, Partner, Programme, utcnow

SEED = 20231231
ADDED_OVER_MINUTES = 2 * 365 * 24 * 60
_COUNTRIES = """Kenya Ghana Nigeria Senegal Djibouti Egypt Morocco Tunisia Fiji Samoa Tonga Vanuatu Jamaica
Barbados Belize Guyana Panama Chile Peru Brazil Argentina Mexico Colombia Ecuador
Philippines Indonesia Malaysia Thailand Viet-Nam Cambodia Bangladesh India Pakistan
Sri-Lanka Maldives Oman Qatar Jordan Turkiye Georgia Ukraine Norway Sweden Denmark Finland
Iceland Ireland France Spain Portugal Italy Greece Malta Cyprus Croatia Mozambique
Madagascar Mauritius Seychelles Comoros Tanzania Angola Namibia Cameroon Gabon Liberia Togo
Benin"""
COUNTRIES = _COUNTRIES.split()
_SUBJECTS = """maritime safety security pollution prevention ballast water training seafarers port state
control oil spill response search rescue piracy armed robbery legislation audit capacity
building emissions energy efficiency fisheries biodiversity dumping wastes navigation
hydrography ship recycling women in maritime facilitation customs insurance liability
casualty investigation flag state marine environment ocean governance"""
SUBJECTS = _SUBJECTS.split()
_ACTIONS = """workshop seminar course fellowship study mission assessment needs review project donation
grant expert secondment hosting event centre programme phase follow-up"""
ACTIONS = _ACTIONS.split()
KINDS = ("government", "un_agency", "ifi", "ngo", "igo", "private_sector", "donor_agency")
SUPPORT = ("financial", "cash_supplement", "no_fee_experts", "hosting_events", "regional_presence")


def _words(rng: random.Random, pool: list[str], low: int, high: int) -> str:
    return " ".join(rng.choice(pool) for _ in range(rng.randint(low, high)))


def arrangement_rows(count: int, partner_ids: list[int], programme_ids: list[int]) -> list[dict[str, Any]]:
    """Sample arrangements, added over the last two years (about 1% of them in any one week)."""
    rng = random.Random(SEED)
    added = random.Random(SEED + 3)
    now = utcnow()
    rows = []
    for number in range(1, count + 1):
        nature = rng.choices(("loa", "mou", "ipa"), weights=(55, 88, 15))[0]
        signed = date(2005, 1, 1) + timedelta(days=rng.randint(0, 19 * 365))
        rows.append(
            {
                "ref": f"SAMPLE-{number:06d}",
                "title": f"Sample {_words(rng, SUBJECTS, 2, 3)} {rng.choice(ACTIONS)}",
                "nature": nature,
                "partner_id": rng.choice(partner_ids),
                "programme_id": rng.choice(programme_ids) if rng.random() < 0.4 else None,
                "member_state": rng.choice(COUNTRIES).replace("-", " "),
                "support_kinds": rng.sample(SUPPORT, rng.randint(1, 2)),
                "sdgs": [str(n) for n in sorted(rng.sample(range(1, 18), rng.randint(0, 2)))],
                "summary": f"Sample record for benchmarks: {_words(rng, SUBJECTS + ACTIONS, 8, 16)}.",
                "signed_on": signed,
                "is_sample": True,
                "source": "synthetic benchmark data",
                "added_at": now - timedelta(minutes=added.randint(0, ADDED_OVER_MINUTES)),
            }
        )
    return rows


def document_rows(count: int) -> list[dict[str, Any]]:
    rng = random.Random(SEED + 1)
    return [
        {
            "symbol": f"SAMPLE/DOC/{number:05d}",
            "title": f"Sample note on {_words(rng, SUBJECTS, 2, 4)}",
            "kind": rng.choice(("circular_letter", "resolution", "committee_document", "other")),
            "tags": rng.sample(SUBJECTS, 3),
            "summary": f"Sample document for benchmarks: {_words(rng, SUBJECTS + ACTIONS, 10, 20)}.",
            "issued_on": date(2000, 1, 1) + timedelta(days=rng.randint(0, 24 * 365)),
            "languages": ["en"],
        }
        for number in range(1, count + 1)
    ]


def load(database: Database, arrangements: int, documents: int, batch: int = 5000) -> float:
    """Migrate, then insert sample partners, arrangements and documents; return seconds taken."""
    started = time.perf_counter()
    upgrade(database)
    rng = random.Random(SEED + 2)
    with database.session() as session:
        session.execute(
            insert(Partner),
            [
                {"name": f"Sample partner {number:05d}", "kind": rng.choice(KINDS), "is_sample": True,
                 "country": rng.choice(COUNTRIES).replace("-", " ")}
                for number in range(1, 2001)
            ],
        )  # fmt: skip
        partner_ids = list(session.scalars(select(Partner.id)))
        programme_ids = list(session.scalars(select(Programme.id)))
    for kind, rows in (
        ("arrangements", arrangement_rows(arrangements, partner_ids, programme_ids)),
        ("documents", document_rows(documents)),
    ):
        model = Arrangement if kind == "arrangements" else Document
        for start in range(0, len(rows), batch):
            with database.session() as session:
                session.execute(insert(model), rows[start : start + batch])
            done = min(start + batch, len(rows))
            print(f"\r  loading {kind}: {done:,}/{len(rows):,}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    settle(database)
    return time.perf_counter() - started


def settle(database: Database) -> None:
    """PostgreSQL: vacuum and analyse after the load, as autovacuum soon would in production, so
    that it does not run in the middle of a measurement."""
    if database.engine.dialect.name == "postgresql":
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
