import logging

import pytest

from bot.config import ConfigError, Settings
from bot.logs import RedactSecrets


def test_defaults_need_no_configuration() -> None:
    settings = Settings.from_env({})
    assert settings.database_url == "sqlite:///nkpo.db"
    assert settings.port == 3000
    assert settings.digest_schedule == "0 9 * * mon"
    assert settings.digest_timezone == "UTC"
    assert settings.secretariat_user_ids == frozenset()
    assert settings.reminder_days == (90, 30, 7) and settings.reminder_schedule == "0 8 * * *"
    assert settings.reminder_channel is None


def test_reminder_days_are_kept_widest_first_once_each() -> None:
    assert Settings.from_env({"REMINDER_DAYS": "7, 30,90,30"}).reminder_days == (90, 30, 7)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DIGEST_SCHEDULE": "every monday"}, "DIGEST_SCHEDULE"),
        ({"DIGEST_SCHEDULE": "0 25 * * *"}, "DIGEST_SCHEDULE"),
        ({"DIGEST_TIMEZONE": "Mars/Olympus"}, "DIGEST_TIMEZONE"),
        ({"PORT": "eighty"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_API_URL": "ftp://example"}, "SLACK_API_URL"),
        ({"SECRETARIAT_USER_IDS": "U123ABC, alice"}, "SECRETARIAT_USER_IDS"),
        ({"DIGEST_CHANNEL": "#general"}, "DIGEST_CHANNEL"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"PARTNERSHIPS_CONTACT": "the section"}, "PARTNERSHIPS_CONTACT"),
        ({"PARTNERSHIPS_CONTACT": "<!channel>@x.org"}, "PARTNERSHIPS_CONTACT"),
        ({"REMINDER_DAYS": "90, thirty"}, "REMINDER_DAYS"),
        ({"REMINDER_DAYS": "30,0"}, "REMINDER_DAYS"),
        ({"REMINDER_DAYS": "-7"}, "REMINDER_DAYS"),
        ({"REMINDER_DAYS": "30,,7"}, "REMINDER_DAYS"),
        ({"REMINDER_SCHEDULE": "daily"}, "REMINDER_SCHEDULE"),
        ({"REMINDER_CHANNEL": "reminders"}, "REMINDER_CHANNEL"),
    ],
)
def test_malformed_settings_fail_with_one_line_naming_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError) as error:
        Settings.from_env(env)
    assert str(error.value).startswith(named)
    assert "\n" not in str(error.value)


def test_values_are_parsed() -> None:
    settings = Settings.from_env(
        {
            "DATABASE_URL": "postgres://u@h/db",
            "SECRETARIAT_USER_IDS": "U01AAA, U02BBB",
            "SLACK_API_URL": "http://127.0.0.1:8999/api",
            "DIGEST_TIMEZONE": "Europe/London",
        }
    )
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert settings.is_secretariat("U02BBB") and not settings.is_secretariat("U03CCC")
    assert settings.slack_api_url == "http://127.0.0.1:8999/api/"


def test_serve_refuses_to_start_without_signing_secret() -> None:
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET is not set"):
        Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"}).require("SLACK_SIGNING_SECRET", purpose="serve")


def test_secrets_are_not_in_repr_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings.from_env(
        {"SLACK_BOT_TOKEN": "xoxb-123-secret", "SLACK_SIGNING_SECRET": "shh-signing"}
    )
    assert "xoxb-123-secret" not in repr(settings) and "shh-signing" not in repr(settings)
    logger = logging.getLogger("test.redact")
    logger.addFilter(RedactSecrets(("shh-signing",)))
    with caplog.at_level(logging.INFO, logger="test.redact"):
        logger.info("token %s secret %s", "xoxb-123-secret", "shh-signing")
    assert "xoxb-123-secret" not in caplog.text and "shh-signing" not in caplog.text
    assert "xoxb-***" in caplog.text


@pytest.mark.parametrize(
    "logged",
    [
        "token=x&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F2%2FSECRETPART&trigger_id=1",
        "payload={'response_url': 'https://hooks.slack.com/actions/T1/2/SECRETPART', 'user': 'U1'}",
        "payload=%7B%22response_url%22%3A%22http%3A%2F%2F127.0.0.1%3A9%2Fresponse%2FSECRETPART%22%7D",
        "{'response_urls': ['http://127.0.0.1:9/response/SECRETPART']}",
        "Sending a request - url: https://hooks.slack.com/commands/T1/2/SECRETPART, body: {}",
    ],
)
def test_response_urls_are_masked_in_logs(caplog: pytest.LogCaptureFixture, logged: str) -> None:
    logger = logging.getLogger("test.redact.urls")
    logger.addFilter(RedactSecrets())
    with caplog.at_level(logging.DEBUG, logger="test.redact.urls"):
        logger.debug("%s", logged)
    assert "SECRETPART" not in caplog.text and "***" in caplog.text


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("partnerships@example.org", "partnerships@example.org"),
        ("#C0PARTNER", "C0PARTNER"),
        ("G0ABC", "G0ABC"),
    ],
)
def test_partnerships_contact_is_an_email_or_a_channel(given: str, kept: str) -> None:
    assert Settings.from_env({"PARTNERSHIPS_CONTACT": given}).partnerships_contact == kept
