"""Logging set-up: one format, and secrets (tokens, the signing secret, response URLs) masked."""

from __future__ import annotations

import logging
import re

SECRET = re.compile(r"\b(xox[abposer]-|xapp-)[A-Za-z0-9-]+")
# Anyone holding a response_url can post into that conversation for half an hour: Slack's (hooks.slack.com,
# also URL-encoded, as Bolt logs raw bodies at DEBUG), and any URL logged as a response_url.
_URL_TAIL = r"[^\s\"'&,}\]\\]+"
HOOK = re.compile(r"(https?(?::|%3A)(?://|%2F%2F)hooks\.slack\.com(?:/|%2F))" + _URL_TAIL, re.IGNORECASE)
WEBHOOK_LOGGER = "slack_sdk.webhook"
ANY_URL = re.compile(r"(https?://)[^\s,]+")
KEYED_URL = re.compile(
    r"(response_urls?(?:\"|'|%22)?\s*(?::|=|%3A|%3D)\s*(?:\[|%5B)?\s*(?:\"|'|%22)?)(https?(?::|%3A))"
    + _URL_TAIL,
    re.IGNORECASE,
)


class RedactSecrets(logging.Filter):
    """Masks Slack tokens, response URLs, and any exact secret it is given, in log messages and arguments."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = tuple(secret for secret in secrets if secret)

    def redact(self, text: str) -> str:
        text = SECRET.sub(lambda m: m.group(1) + "***", text)
        text = HOOK.sub(lambda m: m.group(1) + "***", text)
        text = KEYED_URL.sub(lambda m: m.group(1) + m.group(2) + "***", text)
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if record.name.startswith(WEBHOOK_LOGGER):  # every URL it calls is a response URL
            redacted = ANY_URL.sub(lambda m: m.group(1) + "***", redacted)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def configure_logging(level: str, secrets: tuple[str, ...] = ()) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Alembic lists each of its autogenerate plugins at INFO on every upgrade: noise for an operator.
    logging.getLogger("alembic.runtime.plugins").setLevel(max(root.level, logging.WARNING))
