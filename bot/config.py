"""Settings: the one place that reads the environment.

Every variable of the contract is parsed and checked here, once, at start-up. A missing
or malformed value raises ConfigError with one line that names the variable, so that a
process fails fast instead of half-starting.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

DEFAULT_DATABASE_URL = "sqlite:///nkpo.db"
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
EMAIL = re.compile(r"^[^@\s<>|`*]+@[^@\s<>|`*]+\.[^@\s<>|`*]+$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_api_url: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    port: int = 3000
    web_concurrency: int = 2
    announcements_channel: str | None = None
    digest_channel: str | None = None
    digest_schedule: str = "0 9 * * mon"
    digest_timezone: str = "UTC"
    digest_grace_hours: int = 72
    # Days before an arrangement ends to remind the secretariat, widest first (90, 30, 7).
    reminder_days: tuple[int, ...] = (90, 30, 7)
    reminder_schedule: str = "0 8 * * *"
    reminder_channel: str | None = None
    secretariat_user_ids: frozenset[str] = frozenset()
    documents_dir: Path = Path("documents")
    max_document_mb: int = 20
    log_level: str = "INFO"
    # Not read from the environment: how long a Web API call may take (tests shorten it).
    slack_timeout: int = 10
    partnerships_contact: str | None = None
    default_language: str = "en"
    channel_languages: tuple[tuple[str, str], ...] = ()  # (channel ID, language) pairs

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from `env` (default: os.environ); raise ConfigError on bad values."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        return cls(
            slack_bot_token=_token(get("SLACK_BOT_TOKEN"), "SLACK_BOT_TOKEN", "xoxb-"),
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_app_token=_token(get("SLACK_APP_TOKEN"), "SLACK_APP_TOKEN", "xapp-"),
            slack_api_url=_api_url(get("SLACK_API_URL")),
            database_url=normalise_database_url(get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            port=_int(get("PORT"), "PORT", 3000, 1, 65535),
            web_concurrency=_int(get("WEB_CONCURRENCY"), "WEB_CONCURRENCY", 2, 1, 64),
            announcements_channel=_channel(get("ANNOUNCEMENTS_CHANNEL"), "ANNOUNCEMENTS_CHANNEL"),
            digest_channel=_channel(get("DIGEST_CHANNEL"), "DIGEST_CHANNEL"),
            digest_schedule=_schedule(
                get("DIGEST_SCHEDULE") or "0 9 * * mon", get("DIGEST_TIMEZONE") or "UTC"
            ),
            digest_timezone=_timezone(get("DIGEST_TIMEZONE") or "UTC"),
            digest_grace_hours=_int(get("DIGEST_GRACE_HOURS"), "DIGEST_GRACE_HOURS", 72, 0, 24 * 30),
            reminder_days=_days(get("REMINDER_DAYS")),
            reminder_schedule=_schedule(
                get("REMINDER_SCHEDULE") or "0 8 * * *", get("DIGEST_TIMEZONE") or "UTC", "REMINDER_SCHEDULE"
            ),
            reminder_channel=_channel(get("REMINDER_CHANNEL"), "REMINDER_CHANNEL"),
            secretariat_user_ids=_user_ids(get("SECRETARIAT_USER_IDS")),
            documents_dir=Path(get("DOCUMENTS_DIR") or "documents"),
            max_document_mb=_int(get("MAX_DOCUMENT_MB"), "MAX_DOCUMENT_MB", 20, 1, 1024),
            log_level=_log_level(get("LOG_LEVEL") or "INFO"),
            partnerships_contact=_contact(get("PARTNERSHIPS_CONTACT")),
            default_language=_language(get("DEFAULT_LANGUAGE") or "en", "DEFAULT_LANGUAGE"),
            channel_languages=_channel_languages(get("CHANNEL_LANGUAGES")),
        )

    def require(self, *names: str, purpose: str) -> None:
        """Raise ConfigError unless every named setting (by its variable name) is set."""
        for name in names:
            if not getattr(self, name.lower()):
                raise ConfigError(f"{name} is not set: {purpose} needs it (see .env.example)")

    def is_secretariat(self, user_id: str) -> bool:
        return user_id in self.secretariat_user_ids

    def channel_language(self, channel_id: str | None) -> str:
        """The language of posts in a channel: its own (CHANNEL_LANGUAGES), else DEFAULT_LANGUAGE."""
        return dict(self.channel_languages).get(channel_id or "", self.default_language)

    @property
    def max_document_bytes(self) -> int:
        return self.max_document_mb * 1024 * 1024


def normalise_database_url(url: str) -> str:
    """Accept the usual spellings of a PostgreSQL URL and use the psycopg 3 driver for all."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if not url.startswith(("sqlite:", "postgresql+")):
        raise ConfigError(f"DATABASE_URL must be a sqlite:/// or postgresql:// URL, not {url.split(':')[0]}:")
    return url


def _token(value: str | None, name: str, prefix: str) -> str | None:
    if value is not None and not value.startswith(prefix):
        raise ConfigError(f"{name} must start with {prefix}")
    return value


def _api_url(value: str | None) -> str | None:
    if value is None:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"SLACK_API_URL must be an http(s) URL such as http://127.0.0.1:8999/api/, not {value!r}"
        )
    return value if value.endswith("/") else value + "/"


def _int(value: str | None, name: str, default: int, low: int, high: int) -> int:
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None
    if not low <= number <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, not {number}")
    return number


def _channel(value: str | None, name: str) -> str | None:
    if value is not None and not CHANNEL_ID.match(value):
        raise ConfigError(f"{name} must be a Slack channel ID such as C0123ABCD, not {value!r}")
    return value


LANGUAGES = ("en", "fr", "es")


def _language(value: str, name: str) -> str:
    if value.lower() not in LANGUAGES:
        raise ConfigError(f"{name} must be en, fr or es, not {value!r}")
    return value.lower()


def _channel_languages(value: str | None) -> tuple[tuple[str, str], ...]:
    """C123:fr,C456:es -> (("C123", "fr"), ("C456", "es"))."""
    found: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in (value or "").split(","))):
        channel, _, language = item.partition(":")
        channel = channel.strip().removeprefix("#")
        if not CHANNEL_ID.match(channel) or channel.startswith("D"):
            raise ConfigError(
                f"CHANNEL_LANGUAGES must list channel:language pairs such as C0123ABCD:fr, not {item!r}"
            )
        found[channel] = _language(language.strip(), "CHANNEL_LANGUAGES")
    return tuple(found.items())


def _contact(value: str | None) -> str | None:
    """An e-mail address, or a channel ID (a leading # is allowed: #C0123ABCD)."""
    if value is None:
        return None
    channel = value.removeprefix("#")
    if CHANNEL_ID.match(channel) and not channel.startswith("D"):
        return channel
    if EMAIL.match(value):
        return value
    raise ConfigError(
        f"PARTNERSHIPS_CONTACT must be an e-mail address or a channel ID such as C0123ABCD, not {value!r}"
    )


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"DIGEST_TIMEZONE must be an IANA time zone such as Europe/London, not {value!r}"
        ) from None
    return value


def _schedule(value: str, timezone: str, name: str = "DIGEST_SCHEDULE") -> str:
    example = "0 9 * * mon" if name == "DIGEST_SCHEDULE" else "0 8 * * *"
    try:
        CronTrigger.from_crontab(value, timezone=ZoneInfo(_timezone(timezone)))
    except ValueError as error:
        raise ConfigError(
            f"{name} must be crontab syntax such as '{example}', not {value!r} ({error})"
        ) from None
    return value


def _days(value: str | None) -> tuple[int, ...]:
    """REMINDER_DAYS: whole numbers of days from 1 to 3650, comma-separated; kept widest first."""
    if value is None:
        return (90, 30, 7)
    parts = [part.strip() for part in value.split(",")]
    if not all(part.isdigit() and 1 <= int(part) <= 3650 for part in parts):
        raise ConfigError(
            "REMINDER_DAYS must be a comma-separated list of days from 1 to 3650 such as 90,30,7, "
            f"not {value!r}"
        )
    return tuple(sorted({int(part) for part in parts}, reverse=True))


def _user_ids(value: str | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    ids = [part.strip() for part in value.split(",") if part.strip()]
    for user_id in ids:
        if not USER_ID.match(user_id):
            raise ConfigError(
                f"SECRETARIAT_USER_IDS must be Slack user IDs such as U0123ABCD, not {user_id!r}"
            )
    return frozenset(ids)


def _log_level(value: str) -> str:
    level = value.upper()
    if level not in logging.getLevelNamesMapping():
        raise ConfigError(f"LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, not {value!r}")
    return level
