"""The bot's languages: English, French and Spanish, through gettext catalogs (Babel).

Every user-facing sentence is written in English in the code and looked up in the catalog of
the language wanted: `t(language, "Hello {name}", name=...)` and `tn(language, singular, plural,
n)` for plural forms. The catalogs are bot/locale/<lang>/LC_MESSAGES/messages.po, compiled to
.mo files that ship in the package (`make translations` extracts, updates and compiles them; a
test fails when a message has no French or Spanish translation). A message missing from a catalog
is shown in English, never as a key. Numbers and dates are written for the language by Babel.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache, lru_cache
from gettext import NullTranslations
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from babel.support import Translations

LANGUAGES = ("en", "fr", "es")
DEFAULT = "en"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


def language_of(value: str | None) -> str:
    """en, fr or es for a language or locale code ("fr-FR", "es_419", "FR"); English for anything else."""
    code = (value or "").replace("_", "-").split("-", 1)[0].strip().lower()
    return code if code in LANGUAGES else DEFAULT


@cache
def catalog(language: str) -> NullTranslations:
    """The compiled catalog of `language` (none for English: the code's own words)."""
    if language == DEFAULT:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [language], DOMAIN)


def t(language: str, message: str, /, **values: object) -> str:
    """`message` in `language`, with its {placeholders} filled in ("" stays "", not the catalog's header)."""
    text = catalog(language_of(language)).gettext(message) if message else message

    return text.format(**values) if values else text


def tn(language: str, singular: str, plural: str, count: int, /, **values: object) -> str:
    """The singular or plural form of a message for `count`, by the language's plural rules."""
    text = catalog(language_of(language)).ngettext(singular, plural, count)
    return text.format(count=count, **values)


# The language of what is being written now: the asker's for a reply, the channel's for a post.
# Set once per request by the dispatcher (handlers.context) and by jobs that post (`in_language`).
_current: ContextVar[str] = ContextVar("language", default=DEFAULT)


def current_language() -> str:
    return _current.get()


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Write in `language` inside the block (views call `_` and `_n`)."""
    token = _current.set(language_of(language))
    try:
        yield
    finally:
        _current.reset(token)


def _(message: str, /, **values: object) -> str:
    """`message` in the current language, with its {placeholders} filled in."""
    return t(_current.get(), message, **values)


def _n(singular: str, plural: str, count: int, /, **values: object) -> str:
    """The singular or plural form for `count` in the current language ({count} is filled in)."""
    return tn(_current.get(), singular, plural, count, **values)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; `t` translates it where it is shown."""
    return message


@lru_cache(maxsize=8192)
def number(language: str, value: float) -> str:
    """A figure written for the language: 13,000,000 / 13 000 000 / 13.000.000."""
    return format_decimal(value, locale=language_of(language), format="#,##0.###")


MONTH_YEAR = {"en": "MMMM yyyy", "fr": "MMMM yyyy", "es": "MMMM 'de' yyyy"}


def month_year(language: str, day: date) -> str:
    """ "December 2023", "décembre 2023", "diciembre de 2023"."""
    language = language_of(language)
    return format_date(day, MONTH_YEAR[language], locale=language)


def long_date(language: str, day: date) -> str:
    """ "1 March 2022", "1 mars 2022", "1 de marzo de 2022"."""
    language = language_of(language)
    return format_date(day, "d MMMM yyyy" if language != "es" else "d 'de' MMMM 'de' yyyy", locale=language)


# In the current language: what the views write.
def short_date(day: date) -> str:
    """ "1 Dec 2026", "1 déc. 2026", "1 dic 2026"."""
    return format_date(day, "d MMM yyyy", locale=_current.get())


def day_month(day: date) -> str:
    """ "16 Nov", "16 nov.", "16 nov"."""
    return format_date(day, "d MMM", locale=_current.get())


def day_and_time(moment: datetime) -> str:
    """ "Mon 7 Dec 2026, 09:00", "lun. 7 déc. 2026, 09:00"."""
    return format_datetime(moment, "EEE d MMM yyyy, HH:mm", locale=_current.get())


def figure(value: float) -> str:
    """A number written for the current language (1,234 / 1 234 / 1.234)."""
    return number(_current.get(), value)


def record_text(translations: Mapping[str, Mapping[str, object]] | None, name: str, written: str) -> str:
    """A record's text (a programme's summary, a card's answer) in the current language where its
    seeded translations have it, else as written (English)."""
    value = ((translations or {}).get(_current.get()) or {}).get(name)
    return value if isinstance(value, str) and value else written
