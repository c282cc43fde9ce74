"""Seed knowledge: the facts the bot ships with, kept as TOML files beside this module.

`load_seed` is idempotent. A record missing from the database is inserted; a seeded
record nobody has edited is brought up to date with the file; a record the secretariat
edited (`edited_at` set) or created itself (`origin` not "seed") is never touched.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AnswerCard, Base, Document, PartnershipSnapshot, Programme

SEED_DIR = Path(__file__).parent


@dataclass
class SeedReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_edits: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.kept_edits} kept as edited by the secretariat"
        )


@dataclass(frozen=True)
class SeedKind:
    file: str
    table: str
    model: type[Base]
    key: tuple[str, ...]


KINDS = (
    SeedKind("snapshot.toml", "snapshot", PartnershipSnapshot, ("as_at", "source")),
    SeedKind("programmes.toml", "programme", Programme, ("slug",)),
    SeedKind("documents.toml", "document", Document, ("symbol",)),
    SeedKind("answer_cards.toml", "card", AnswerCard, ("slug",)),
)


TRANSLATED = ("fr", "es")


def read_translations(seed_dir: Path = SEED_DIR) -> dict[str, dict[str, dict[str, dict[str, Any]]]]:
    """translations/<language>.toml: language -> kind (card, programme, document) -> key -> fields."""
    found: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
    for language in TRANSLATED:
        path = seed_dir / "translations" / f"{language}.toml"
        if path.exists():
            with open(path, "rb") as handle:
                found[language] = tomllib.load(handle)
    return found


def read_seed(kind: SeedKind, seed_dir: Path = SEED_DIR) -> list[dict[str, Any]]:
    """The records of one seed file, as dicts of column values, with their French and Spanish
    texts (translations/fr.toml, es.toml) in `translations` for the kinds that have them."""
    with open(seed_dir / kind.file, "rb") as handle:
        records: list[dict[str, Any]] = tomllib.load(handle).get(kind.table, [])
    columns = set(kind.model.__table__.columns.keys())
    if "translations" in columns:
        texts = read_translations(seed_dir)
        for record in records:
            key = record[kind.key[0]]
            record["translations"] = {
                language: dict(by_kind[kind.table][key])
                for language, by_kind in texts.items()
                if key in by_kind.get(kind.table, {})
            }

    for record in records:
        unknown = set(record) - columns
        if unknown:
            raise ValueError(
                f"{kind.file}: unknown field(s) {sorted(unknown)} in {record.get(kind.key[0])!r}"
            )
    return records


def load_seed(session: Session, seed_dir: Path = SEED_DIR) -> SeedReport:
    """Insert or refresh the seed records; see the module docstring for the rules."""
    report = SeedReport()
    for kind in KINDS:
        for record in read_seed(kind, seed_dir):
            _load_record(session, kind, record, report)
    session.flush()
    return report


def _load_record(session: Session, kind: SeedKind, record: dict[str, Any], report: SeedReport) -> None:
    model: Any = kind.model
    conditions = [getattr(model, name) == record[name] for name in kind.key]
    existing = session.scalars(select(model).where(*conditions)).one_or_none()
    if existing is None:
        session.add(model(**record, origin="seed"))
        report.inserted += 1
    elif existing.origin != "seed" or existing.edited_at is not None:
        report.kept_edits += 1
    elif any(_differs(getattr(existing, name), value) for name, value in record.items()):
        for name, value in record.items():
            setattr(existing, name, value)
        report.updated += 1
    else:
        report.unchanged += 1


def _differs(current: Any, wanted: Any) -> bool:
    if isinstance(current, list):
        return [str(item) for item in current] != [str(item) for item in wanted]
    if isinstance(current, date) and isinstance(wanted, date):
        return current != wanted
    return bool(current != wanted)
