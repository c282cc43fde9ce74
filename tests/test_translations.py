"""The message catalogs: every message the code says is translated into French and Spanish, with the
same placeholders, and the compiled catalogs that ship are those of the .po files (make translations)."""

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n import LOCALE_DIR, t, tn

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"t": (2,), "tn": (2, 3), "N_": None, "_": None, "_n": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def catalog(language: str):  # type: ignore[no-untyped-def]
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=language)


def messages_in_code() -> set[str]:
    found: set[str] = set()
    for package in ("bot", "handlers", "storage"):
        for _name, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_message_in_the_code_is_translated(language: str) -> None:
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog(language) if m.id}
    missing = sorted(messages_in_code() - translated.keys())
    assert missing == [], f"run `make translations` and translate: {missing[:10]}"
    untranslated = [
        key
        for key, m in translated.items()
        if not all(m.string if isinstance(m.string, tuple) else (m.string,)) or "fuzzy" in m.flags
    ]  # every plural form too (French has three: one, many, other)
    assert untranslated == []
    for key, message in translated.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= set(PLACEHOLDER.findall(key)) | {"count"}, (
                key,
                string,
            )


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_compiled_catalog_is_the_po_file(language: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalog(language))
    shipped = (LOCALE_DIR / language / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert shipped == compiled.getvalue(), "run `make translations` to compile the catalogs"


def test_a_message_is_shown_in_the_language_asked_and_in_english_when_unknown() -> None:
    assert t("fr", "as at {date}", date="décembre 2023") == "au mois de décembre 2023"
    assert t("es-ES", "as at {date}", date="diciembre de 2023") == "a diciembre de 2023"
    assert t("de", "as at {date}", date="December 2023") == "as at December 2023"
    assert t("fr", "A sentence no catalog has") == "A sentence no catalog has"
    assert tn("en", "{count} day", "{count} days", 2) == "2 days"
