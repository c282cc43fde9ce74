"""What a process holds once and hands to every entry point: the settings and the database handle."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from storage.db import Database


@dataclass(frozen=True)
class Deps:
    """The settings and the database handle; the web app, console, scheduler and CLI each make one."""

    settings: Settings
    db: Database
