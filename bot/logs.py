"""Logging set-up: one format, and secrets masked in every record."""

from __future__ import annotations

import logging
import re

SECRET = re.compile(r"\b(xox[abposer]-|xapp-)[A-Za-z0-9-]+")


class RedactSecrets(logging.Filter):
    """Masks Slack tokens, and any exact secret it is given, in log messages and arguments."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = tuple(secret for secret in secrets if secret)

    def redact(self, text: str) -> str:
        text = SECRET.sub(lambda m: m.group(1) + "***", text)
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
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
