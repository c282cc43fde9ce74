"""Cleaning and parsing what users type, the same for Slack and the console."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from bot.i18n import _, figure

MAX_INPUT_CHARS = 500
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FILTER = re.compile(r"^([a-z]+):(.*)$", re.IGNORECASE)
# A real value of each filter, for a filter typed without one.
FILTER_EXAMPLES = {"type": "type:mou", "year": "year:2023", "sdg": "sdg:14", "scope": "scope:regional",
                   "status": "status:ended"}  # fmt: skip
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class InputError(ValueError):
    """What the user typed cannot be used; the message says why, in plain words."""


def clean(text: str | None) -> str:
    """Normalise Unicode (NFKC), drop control and direction-override characters, squeeze spaces."""
    text = unicodedata.normalize("NFKC", text or "")
    text = CONTROL.sub("", text)
    return " ".join(text.split())


def clean_multiline(text: str | None) -> str:
    """Like clean(), but keeps line breaks (at most one blank line in a row): for longer texts."""
    text = unicodedata.normalize("NFKC", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    lines = [" ".join(line.split()) for line in CONTROL.sub("", text).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def read_date(value: object) -> date | None:
    """A date as forms and CSV files give it (YYYY-MM-DD, or a date already); None when empty.
    ValueError says what is wrong ("'31/12/2023' is not a date like 2023-12-31")."""
    if isinstance(value, date):
        return value
    text = clean(str(value or ""))
    if not text:
        return None
    try:
        if not ISO_DATE.match(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text[:20]!r} is not a date like 2023-12-31") from None


def fold(text: str) -> str:
    """Lower-case and strip accents, for matching: "Côte d'Ivoire" -> "cote d'ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass
class Arguments:
    """A command's text split into free words and `name:value` filters."""

    words: str = ""
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def first_word(self) -> str:
        return self.words.split(" ", 1)[0].lower() if self.words else ""

    @property
    def rest(self) -> str:
        return self.words.split(" ", 1)[1] if " " in self.words else ""


def clean_input(text: str | None) -> str:
    """Cleaned text of what a user typed; InputError when it is over MAX_INPUT_CHARS."""
    cleaned = clean(text)
    if len(cleaned) > MAX_INPUT_CHARS:
        raise InputError(
            _(
                "That is {count} characters; please keep it under {limit}.",
                count=figure(len(cleaned)),
                limit=figure(MAX_INPUT_CHARS),
            )
        )
    return cleaned


def parse_arguments(text: str | None, allowed_filters: frozenset[str] = frozenset()) -> Arguments:
    """Split cleaned text into words and filters; raise InputError for unknown or repeated filters."""
    cleaned = clean_input(text)
    words: list[str] = []
    filters: dict[str, str] = {}
    for token in cleaned.split(" ") if cleaned else []:
        match = FILTER.match(token)
        if match and not token.lower().startswith(("http:", "https:", "mailto:")):
            name, value = match.group(1).lower(), match.group(2)
            if name not in allowed_filters:
                known = ", ".join(f"`{f}:`" for f in sorted(allowed_filters)) or _("none")
                typed = f"`{name}:`"
                raise InputError(
                    _("I don't know the filter {filter}. Filters here: {known}.", filter=typed, known=known)
                )
            if name in filters:
                raise InputError(_("The filter {filter} is given twice.", filter=f"`{name}:`"))
            if not value:
                example = FILTER_EXAMPLES.get(name, f"{name}:...")
                raise InputError(_("The filter {filter} needs a value, e.g. {example}.", filter=f"`{name}:`",
                                   example=f"`{example}`"))  # fmt: skip
            filters[name] = value
        else:
            words.append(token)
    return Arguments(words=" ".join(words), filters=filters)
