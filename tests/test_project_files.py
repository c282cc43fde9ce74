"""The files a newcomer and an operator rely on agree with the code."""

import re
from pathlib import Path

from dotenv import dotenv_values

from bot.config import Settings
from handlers.commands import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_VARIABLES = {
    "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "DATABASE_URL", "PORT",
    "ANNOUNCEMENTS_CHANNEL", "DIGEST_CHANNEL", "DIGEST_SCHEDULE", "DIGEST_TIMEZONE", "SECRETARIAT_USER_IDS",
    "DOCUMENTS_DIR", "LOG_LEVEL",
}  # fmt: skip


def test_env_example_documents_every_variable_and_is_valid() -> None:
    values = dotenv_values(ROOT / ".env.example")
    assert set(values) >= CONTRACT_VARIABLES
    settings = Settings.from_env({k: v or "" for k, v in values.items()})
    assert settings.digest_schedule == "0 9 * * mon"
    source = (ROOT / "bot" / "config.py").read_text()
    assert set(re.findall(r'get\("([A-Z_]+)"\)', source)) == set(values)


def test_manifest_declares_every_command() -> None:
    manifest = (ROOT / "manifest.yml").read_text()
    declared = set(re.findall(r"- command: (/\w+)", manifest))
    assert declared == set(COMMANDS)


def test_manifest_grants_the_scope_the_yammer_import_looks_people_up_with() -> None:
    scopes = re.findall(r"^\s+- ([a-z:.]+)", (ROOT / "manifest.yml").read_text(), re.MULTILINE)
    assert "users:read.email" in scopes  # users.lookupByEmail, in `python -m bot import yammer`


def test_procfile_runs_migrations_web_and_one_clock() -> None:
    lines = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line)
    assert lines == {
        "release": "python -m bot db upgrade",
        "web": "python -m bot serve",
        "clock": "python -m bot scheduler",
    }
