"""A pseudo-translation for tests: in French and Spanish every message comes back marked and a
third longer ("⟪Share in channel ~~~~~⟫"), so a test sees which texts went through the catalog, in
which language, and that the views hold Slack's limits with longer text, whatever the catalogs hold."""

from __future__ import annotations

from gettext import NullTranslations

import pytest

import bot.i18n

MARKS = {"fr": "⟪fr ", "es": "⟪es "}
END = "⟫"


class PseudoTranslations(NullTranslations):
    def __init__(self, language: str) -> None:
        super().__init__()
        self.mark = MARKS[language]

    def _wrap(self, message: str) -> str:
        return f"{self.mark}{message} {'~' * (len(message) // 3)}{END}"

    def gettext(self, message: str) -> str:
        return self._wrap(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._wrap(msgid1 if n == 1 else msgid2)


def use_pseudo_catalogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """French and Spanish are the pseudo-translations until the test ends; English stays English."""
    real = bot.i18n.catalog

    def catalog(language: str) -> NullTranslations:
        return PseudoTranslations(language) if language in MARKS else real(language)

    monkeypatch.setattr(bot.i18n, "catalog", catalog)


def marked(text: str, language: str) -> bool:
    """Whether `text` carries a message translated into `language` (by the pseudo-catalog)."""
    return MARKS[language] in text
