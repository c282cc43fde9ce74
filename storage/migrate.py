"""Apply migrations and load seed knowledge: what `python -m bot db upgrade` runs."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from storage.db import Database
from storage.seed import SeedReport, load_seed

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def upgrade(database: Database, revision: str = "head") -> SeedReport:
    """Bring the schema to `revision`, then, at the head, load the seed knowledge (idempotent);
    an older revision's schema cannot hold today's seed."""
    command.upgrade(alembic_config(database.engine), revision)
    if revision != "head":
        return SeedReport()
    with database.session() as session:
        report = load_seed(session)

    log.info("database upgraded; seed: %s", report)
    return report
