"""The field's vocabulary, one table for the whole bot: search and the answering service read
abbreviations, synonyms and misspellings the same way.

- storage/seed/vocabulary.toml: each of the field's terms with the phrases that name it in English, French and
  Spanish ("MoU" = "memorandum of understanding" = "framework agreement" = "protocole d'accord" =
  "acuerdo marco"), and, for abbreviations, what they stand for in each language.
- `read_concepts(tokens)`: folded tokens read left to right, the longest phrase of a concept
  first: the one reading of the vocabulary. Search widens a concept into its English phrases
  (the records are in English); the answering service takes the concept as one term.
- `closest(word, candidates)`: the one rule for reading a misspelt word as a known one.
- `stem(word, language)`: Snowball's stemmer for English, French or Spanish.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.text import fold
from storage.seed import SEED_DIR

LANGUAGES = ("en", "fr", "es")
Phrase = tuple[str, ...]
TOKEN = re.compile(r"[^\W_]+")
# Letters that Unicode does not decompose into a base letter and an accent.
UNDECOMPOSED = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ı": "i", "ħ": "h", "ŧ": "t", "œ": "oe", "æ": "ae", "ß": "ss"}
)


def tokens_of(text: str) -> tuple[str, ...]:
    """Folded word tokens (case and accents dropped, punctuation splits): "d'accord" -> d, accord."""
    return tuple(TOKEN.findall(fold(text or "").translate(UNDECOMPOSED)))


VOCABULARY_FILE = SEED_DIR / "vocabulary.toml"


@dataclass(frozen=True)
class Concept:
    """A term of the field: the phrases that name it, by language, and for an abbreviation what it
    stands for (`expansion`, by language)."""

    name: str
    phrases: dict[str, tuple[str, ...]]
    expansion: dict[str, str] = field(default_factory=dict)
    abbreviations: tuple[str, ...] = ()

    def all_phrases(self) -> Iterable[Phrase]:
        for language in LANGUAGES:
            for phrase in self.phrases.get(language, ()):
                yield tokens_of(phrase)
        for abbreviation in self.abbreviations:
            yield tokens_of(abbreviation)


@dataclass(frozen=True)
class Vocabulary:
    """The concepts, and every phrase of every language (folded tokens) to the concept it names."""

    concepts: dict[str, Concept]
    phrases: dict[Phrase, str]
    longest: int
    abbreviations: dict[Phrase, str]


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary file, read once per process."""
    with open(VOCABULARY_FILE, "rb") as handle:
        rows = tomllib.load(handle)["concept"]
    concepts = {
        row["name"]: Concept(
            row["name"],
            {language: tuple(row.get(language, ())) for language in LANGUAGES},
            dict(row.get("expansion", {})),
            tuple(row.get("abbreviations", ())),
        )
        for row in rows
    }
    phrases: dict[Phrase, str] = {}
    for concept in concepts.values():
        for phrase in concept.all_phrases():
            phrases.setdefault(phrase, concept.name)
    abbreviations = {
        tokens_of(abbreviation): concept.name
        for concept in concepts.values()
        for abbreviation in concept.abbreviations
    }
    return Vocabulary(concepts, phrases, max(map(len, phrases)), abbreviations)


# PostgreSQL's english stop words: dropped by search on both databases, so both find the same things.
_STOPWORDS = """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves what which who whom
this that these those am is are was were be been being have has had having do does did doing
a an the and but if or because as until while of at by for with about against between into
through during before after above below to from up down in out on off over under again
further then once here there when where why how all any both each few more most other some
such no nor not only own same so than too very s t can will just don should now"""
STOPWORDS = frozenset(_STOPWORDS.split())


def read_concepts(tokens: Sequence[str]) -> list[tuple[str | None, Phrase]]:
    """Folded tokens read left to right: each phrase of a concept (the longest first) as
    (concept, its words), every other token as (None, (token,))."""
    table = vocabulary()
    read: list[tuple[str | None, Phrase]] = []
    index = 0
    while index < len(tokens):
        for size in range(min(table.longest, len(tokens) - index), 0, -1):
            phrase = tuple(tokens[index : index + size])
            concept = table.phrases.get(phrase)
            if concept is not None:
                read.append((concept, phrase))
                index += size
                break
        else:
            read.append((None, (tokens[index],)))
            index += 1
    return read


def english_phrases(concept: str) -> tuple[Phrase, ...]:
    """The phrases search widens a concept into: its English ones and its abbreviations (the
    records are written in English)."""
    entry = vocabulary().concepts[concept]
    return tuple(tokens_of(phrase) for phrase in (*entry.abbreviations, *entry.phrases["en"]) if phrase)


def allowed_edits(word: str) -> int:
    """How many slips a misspelt word may have: one up to 7 letters, two from 8."""
    return 1 if len(word) <= 7 else 2


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The known word `word` most likely misspells: same first letter, length within the allowed
    slips, and an edit distance (transpositions count once) within them; None when none is close.

    The one typo rule of the bot, for search over the index's words and for questions over the
    knowledge's words. Short words get one slip ("nkop" -> "nkpo"), long ones two, so that a
    different word ("weather") is not read as a known one ("water")."""
    if len(word) < 3 or word.isdigit():
        return None
    allowed = allowed_edits(word)
    near = [c for c in candidates if c and c[0] == word[0] and abs(len(c) - len(word)) <= allowed]
    best = process.extractOne(word, near, scorer=OSA.distance, score_cutoff=allowed)
    if best is None:
        return None
    found = str(best[0])
    if len(word) <= 4 and sorted(found) != sorted(word):
        return None  # a short word: only letters swapped ("nkop"), not another word ("core", "code")
    return found


def within_one_edit(first: str, second: str) -> bool:
    """Whether two words differ by at most one edit (a transposition counts once)."""
    return OSA.distance(first, second, score_cutoff=1) <= 1


STEMMER_LANGUAGES = {"en": "english", "fr": "french", "es": "spanish"}


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(STEMMER_LANGUAGES.get(language, "english"))


@lru_cache(maxsize=16384)
def stem(word: str, language: str = "en") -> str:
    """Snowball's stem in `language`, with British and American spellings and short plurals made one."""
    if word.isdigit():
        return word
    if language == "en":
        word = word.replace("isation", "ization")
        if word in ("program", "programs"):
            word = "programme"
        if word.startswith("partnership"):
            word = "partner"  # partners and partnerships: the same subject here

    result = str(_stemmer(language).stemWord(word))
    if result == word and word.endswith("s") and not word.endswith("ss") and 3 <= len(word) <= 6:
        result = word[:-1]  # abbreviations: "mous" -> "mou", "ldcs" -> "ldc"
    return result
