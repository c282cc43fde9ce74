"""The user's language: chosen in the App Home, else the Slack locale (cached), else the default."""

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from bot.config import ConfigError, Settings
from bot.services.languages import (
    AS_IN_SLACK,
    LOCALE_TTL,
    choose_language,
    chosen_language,
    fetch_locale,
    forget_locale,
    user_language,
)
from storage.models import utcnow
from tests.fakes.messenger import RecordingMessenger


def test_the_slack_locale_is_looked_up_once_and_kept(session: Session) -> None:
    messenger = RecordingMessenger(locales={"UFR": "fr-FR", "UES": "es-419", "UDE": "de-DE"})
    assert user_language(session, messenger, "UFR", "en").language == "fr"
    assert user_language(session, messenger, "UFR", "en").language == "fr"
    assert user_language(session, messenger, "UES", "en").language == "es"
    assert user_language(session, messenger, "UDE", "fr").language == "en"  # not one of ours: English
    assert user_language(session, messenger, "UNONE", "es").language == "es"  # no locale: the default
    assert messenger.locale_lookups == [("UFR", True), ("UES", True), ("UDE", True), ("UNONE", True)]


def test_a_slow_slack_gives_the_default_now_and_the_locale_after_the_ack(session: Session) -> None:
    messenger = RecordingMessenger(locales={"USLOW": "es-ES"}, slow_locales={"USLOW"})
    found = user_language(session, messenger, "USLOW", "fr")
    assert (found.language, found.fetch_later) == ("fr", True)
    fetch_locale(session, messenger, "USLOW")
    assert user_language(session, messenger, "USLOW", "fr").language == "es"


def test_a_stale_or_changed_locale_is_read_again(session: Session) -> None:
    messenger = RecordingMessenger(locales={"U1": "fr-FR"})
    user_language(session, messenger, "U1", "en")
    messenger.locales["U1"] = "es-ES"
    later = utcnow() + LOCALE_TTL + timedelta(minutes=1)
    assert user_language(session, messenger, "U1", "en", now=later).language == "es"
    messenger.locales["U1"] = "en-GB"
    forget_locale(session, "U1")  # user_change
    assert user_language(session, messenger, "U1", "fr").language == "en"


def test_the_app_home_choice_wins_until_the_user_goes_back_to_slack_s(session: Session) -> None:
    messenger = RecordingMessenger(locales={"U2": "fr-FR"})
    assert chosen_language(session, "U2") == AS_IN_SLACK
    assert choose_language(session, "U2", "es") == "es"
    assert user_language(session, messenger, "U2", "en").language == "es"
    assert messenger.locale_lookups == []
    assert choose_language(session, "U2", "klingon") is None and chosen_language(session, "U2") == "es"
    choose_language(session, "U2", AS_IN_SLACK)
    assert user_language(session, messenger, "U2", "en").language == "fr"


def test_languages_are_configured_per_channel() -> None:
    settings = Settings.from_env({"DEFAULT_LANGUAGE": "FR", "CHANNEL_LANGUAGES": "C123:es, #C456:en"})
    assert settings.default_language == "fr"
    assert [settings.channel_language(c) for c in ("C123", "C456", "C789", None)] == ["es", "en", "fr", "fr"]
    for bad in ({"DEFAULT_LANGUAGE": "de"}, {"CHANNEL_LANGUAGES": "C123"}, {"CHANNEL_LANGUAGES": "C1:pt"},
                {"CHANNEL_LANGUAGES": "general:fr"}):  # fmt: skip
        with pytest.raises(ConfigError, match="LANGUAGE"):
            Settings.from_env(bad)
