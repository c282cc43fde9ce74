"""Which language to write to a user in: the one they chose in the App Home, else their Slack locale
(users.info with include_locale, kept in user_languages for LOCALE_TTL and refreshed on the
user_change event), else DEFAULT_LANGUAGE.

A user nobody has looked up yet is looked up while they wait, within half a second
(Messenger.user_locale quick); when Slack is slow or failing the answer goes out in
DEFAULT_LANGUAGE and the locale is fetched after the ack, for next time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk.errors import SlackClientError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.i18n import LANGUAGES, language_of
from bot.messenger import Messenger, slack_problem
from storage.models import UserLanguage, utcnow

log = logging.getLogger(__name__)

LOCALE_TTL = timedelta(days=7)
# What a user may choose in the App Home: a language, or "as in Slack" (their locale).
AS_IN_SLACK = "slack"
CHOICES = (*LANGUAGES, AS_IN_SLACK)


@dataclass(frozen=True)
class UserLanguageFound:
    """The language to use, and whether the Slack locale should be fetched after the ack."""

    language: str
    fetch_later: bool = False


def _row(session: Session, user_id: str) -> UserLanguage | None:
    return session.get(UserLanguage, user_id)


def stored_language(row: UserLanguage | None, default: str, now: datetime) -> UserLanguageFound | None:
    """The language the row decides, or None when it decides nothing (no choice, no fresh locale)."""
    if row is None:
        return None
    if row.chosen in LANGUAGES:
        return UserLanguageFound(row.chosen)
    if row.fetched_at is not None and now - row.fetched_at < LOCALE_TTL:
        return UserLanguageFound(language_of(row.slack_locale) if row.slack_locale else default)
    return None


def user_language(
    session: Session, messenger: Messenger, user_id: str, default: str, now: datetime | None = None
) -> UserLanguageFound:
    """The language to write to `user_id` in now (see the module's docstring)."""
    now = now or utcnow()
    row = _row(session, user_id)
    found = stored_language(row, default, now)
    if found is not None or not user_id:
        return found or UserLanguageFound(default)
    try:
        locale = messenger.user_locale(user_id, quick=True)
    except (SlackClientError, OSError) as error:
        problem = slack_problem(error)
        log.info("users.info for %s did not answer in time (%s): %s for now", user_id, problem, default)

        stale = row.slack_locale if row is not None else None
        return UserLanguageFound(language_of(stale) if stale else default, fetch_later=True)
    remember_locale(session, user_id, locale, now)
    return UserLanguageFound(language_of(locale) if locale else default)


def fetch_locale(session: Session, messenger: Messenger, user_id: str) -> None:
    """Look the user's locale up without hurry (after the ack) and keep it; a failure is logged."""
    try:
        locale = messenger.user_locale(user_id, quick=False)
    except (SlackClientError, OSError) as error:
        log.warning("users.info for %s failed: %s", user_id, slack_problem(error))
        return
    remember_locale(session, user_id, locale)


def remember_locale(session: Session, user_id: str, locale: str | None, now: datetime | None = None) -> None:
    """Keep the locale Slack gave for `user_id` (None: Slack has none), as read at `now`."""
    _upsert(session, user_id, slack_locale=(locale or "")[:20] or None, fetched_at=now or utcnow())


def _upsert(session: Session, user_id: str, **values: object) -> None:
    """Insert the user's row or update it, in one statement: two first requests at once both land."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values["updated_at"] = utcnow()
    statement = insert(UserLanguage).values(user_id=user_id, **values)
    session.execute(statement.on_conflict_do_update(index_elements=["user_id"], set_=values))
    row = session.get(UserLanguage, user_id)
    if row is not None:
        session.refresh(row)


def forget_locale(session: Session, user_id: str) -> None:
    """The user changed their profile (user_change): read their locale again on their next request."""
    row = _row(session, user_id)
    if row is not None:
        row.fetched_at = None
        session.flush()


def choose_language(session: Session, user_id: str, choice: str) -> str | None:
    """Keep the user's choice (en, fr, es, or AS_IN_SLACK to follow their locale again); the choice
    kept, or None for a value that is not one of CHOICES (nothing changes)."""
    if choice not in CHOICES:
        return None
    _upsert(session, user_id, chosen=None if choice == AS_IN_SLACK else choice)
    return choice


def chosen_language(session: Session, user_id: str) -> str:
    """What the user chose in the App Home: a language, or AS_IN_SLACK."""
    row = _row(session, user_id)
    return row.chosen if row is not None and row.chosen in LANGUAGES else AS_IN_SLACK
