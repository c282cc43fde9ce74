"""Reading a question: its language, the terms that carry its meaning, and what it asks for.

A question is read into a `Reading`:
- `language`: English, French or Spanish, from its function words and accents;
- `terms`: the concepts of the field's vocabulary (bot.services.vocabulary: "MoU" = "memorandum of
  understanding" = "protocole d'accord" -> `@mou`) and every other content word, stemmed. Filler
  ("hi", "quick question", "right now", "pls", "sorry if this is obvious") and the words that only
  say what kind of answer is wanted ("how many", "when") are not terms: they never lower a score;
- `asks`: the kinds of fact wanted besides what something is: count, amount, date, place, person,
  names, deadline, entry_into_force, expansion, process, find, who;
- `cues`: what makes a question one the bot must decline whatever it knows (advice, prediction,
  breakdown), or one it answers by a small step (sum, difference, complement, yes_no, claim);
- `years`, `numbers`: the years and figures it mentions, to check a figure's period and a premise.

Misspelt words are read as the knowledge's own words (vocabulary.closest), so "budjet" finds
"budget" and "djibuti" finds "djibouti".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.services.answers.lexicon import (
    ACCENTS,
    ARTICLES,
    ASKS,
    ATTRIBUTE_OF,
    CUES,
    FILLER,
    FILLER_PHRASES,
    FUNCTION_WORDS,
    PARTY_WORDS,
    PLACE_WORDS,
    SHORTHAND,
    STOPWORDS_OF,
    WH_WORDS,
)
from bot.services.vocabulary import STOPWORDS, UNDECOMPOSED, closest, read_concepts, stem, tokens_of
from bot.text import fold

YEAR = re.compile(r"(?<![\d.,/])((?:19|20)\d\d)(?:\s*(?:-|–|/|to|a|au|al|hasta)\s*((?:19|20)?\d\d))?(?![\d])")
NUMBER = re.compile(
    r"(?<![\w.,/])(?:usd|us\$|\$|eur|€)?\s*(\d{1,3}(?:[,. ]\d{3})+|\d+(?:[.,]\d+)?)\s*"
    r"(millions?|millones|mio|mn|m|k|thousand|mil)?(?![\w/(])",
)
ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th|e|eme|er|re|o|a)\b")


@dataclass(frozen=True)
class Number:
    """A figure the question mentions, with the labels next to it ("88 LoAs" -> 88, {"@loa"})."""

    value: float
    labels: tuple[str, ...]  # the terms next to it, nearest first
    amount: bool  # written as money or millions


@dataclass(frozen=True)
class Reading:
    text: str
    language: str
    tokens: tuple[str, ...]
    terms: tuple[str, ...]
    unknown: tuple[str, ...]
    asks: frozenset[str]
    cues: frozenset[str]
    years: frozenset[int]
    numbers: tuple[Number, ...]
    corrections: tuple[tuple[str, str], ...]
    parties: tuple[str, ...] = ()  # names after "with", "in", "for": a partner or a place
    unknown_names: tuple[str, ...] = ()  # capitalised words the knowledge does not know ("Mars")
    named_years: frozenset[int] = frozenset()  # years that name one of several ("the 2022 conference")
    unknown_attributes: tuple[str, ...] = ()  # "the salary of an NKPO": what of it the bot has no word for

    @property
    def concepts(self) -> frozenset[str]:
        return frozenset(term[1:] for term in self.terms if term.startswith("@"))

    @property
    def has_words(self) -> bool:
        return bool(self.tokens)


# --------------------------------------------------------------------------- language


@lru_cache(maxsize=1)
def _telling_words() -> dict[str, frozenset[str]]:
    """Per language, its function, stop and filler words that neither other language uses."""
    own = {
        "en": FUNCTION_WORDS["en"] | STOPWORDS | FILLER["en"],
        "fr": FUNCTION_WORDS["fr"] | STOPWORDS_OF["fr"] | FILLER["fr"],
        "es": FUNCTION_WORDS["es"] | STOPWORDS_OF["es"] | FILLER["es"],
    }
    return {lang: frozenset(w for w in found if len(w) > 1 and not any(w in own[o] for o in own if o != lang))
            for lang, found in own.items()}  # fmt: skip


# A French elision: a lone d, l, j, n, m, s, t, c or qu before an apostrophe and a word ("d'accord").
ELISION = re.compile(r"(?<![^\W\d_])(?:[dljnmstc]|qu)['’](?=[^\W\d_])")


def detect_language(text: str) -> str:
    """en, fr or es: the language with most of the words only it uses (and its accents); English
    when none is ahead, since questions in any language borrow English terms."""
    tokens = [SHORTHAND.get(token, token) for token in tokens_of(text)]
    raw = text.casefold()
    telling = _telling_words()
    score = {lang: sum(token in words for token in tokens) for lang, words in telling.items()}
    for lang, accents in ACCENTS.items():
        score[lang] += 2 * sum(ch in accents for ch in raw)
    score["fr"] += len(ELISION.findall(raw))  # d'accord, l'OMI, qu'est-ce

    best = max(score, key=lambda lang: (score[lang], lang == "en"))
    return best if score[best] > score["en"] else "en"


# --------------------------------------------------------------------------- terms


def is_noise(token: str, language: str) -> bool:
    """A token that can carry no meaning a fact could match: stop word, filler, lone letter (English
    ones in any language: questions mix English in)."""
    if len(token) == 1 and not token.isdigit():
        return True
    return (
        token in STOPWORDS
        or token in STOPWORDS_OF.get(language, frozenset())
        or token in FILLER["en"]
        or token in FILLER.get(language, frozenset())
        or stem(token, language) in filler_stems(language)
    )


@lru_cache(maxsize=4)
def filler_stems(language: str) -> frozenset[str]:
    """The stems of the filler words ("asked", "asking" are filler as "ask" is)."""
    filler = FILLER["en"] | FILLER.get(language, frozenset())
    return frozenset(stem(word, language) for word in filler if len(word) >= 3)


def terms_of(tokens: Sequence[str], language: str = "en") -> list[str]:
    """The terms of folded tokens: a phrase of one of the field's concepts as `@concept`, repeated
    once for each content word of the phrase as written (so "ballast water" weighs two words);
    every other content word stemmed. Numbers are not terms: figures and years are read apart."""
    counts: dict[str, int] = {}
    for concept, phrase in read_concepts(tokens):
        if concept is not None:
            content = [w for w in phrase if not is_noise(w, language)] or list(phrase)
            counts[f"@{concept}"] = max(counts.get(f"@{concept}", 0), min(len(content), 2), 1)
            continue
        word = phrase[0]
        if word.isdigit() or is_noise(word, language):
            continue
        counts.setdefault(stem(word, language), 1)
    return [term for term, times in counts.items() for _ in range(times)]


@lru_cache(maxsize=8192)
def component_terms(text: str, language: str = "en") -> tuple[str, ...]:
    """The content words inside the concept phrases of a text, stemmed ("audit scheme" -> audit,
    scheme): a question that names part of a concept ("which scheme") still finds it."""
    return tuple(
        stem(word, language)
        for concept, phrase in read_concepts(tokens_of(text))
        if concept is not None and len(phrase) > 1
        for word in phrase
        if not word.isdigit() and not is_noise(word, language)
    )


@lru_cache(maxsize=8192)
def text_terms(text: str, language: str = "en") -> tuple[str, ...]:
    """The terms of a text of the knowledge (cached by value: knowledge texts repeat)."""
    return tuple(terms_of(tokens_of(text), language))


# --------------------------------------------------------------------------- what is asked


@lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def _matching(table: dict[str, dict[str, tuple[str, ...]]], plain: str, language: str) -> frozenset[str]:
    """The names of the table whose patterns, in the question's language or any, match it."""
    found = set()
    for name, by_language in table.items():
        patterns = (*by_language.get(language, ()), *by_language.get("any", ()))
        if patterns and _compiled(patterns).search(plain):
            found.add(name)
    return frozenset(found)


def plain_text(text: str) -> str:
    """The text folded to words and single spaces ("What's the TC budget?" -> "what s the tc budget ?"),
    keeping ? = + for the patterns that look at them, chat shorthand spelt out ("hw many" -> "how many")."""
    folded = fold(text).translate(UNDECOMPOSED)
    return " ".join(SHORTHAND.get(word, word) for word in re.findall(r"[^\W_]+|[?=+]", folded))


# --------------------------------------------------------------------------- years and figures


def years_of(text: str) -> frozenset[int]:
    """Years and periods mentioned: "2018-19" and "2018/2019" give both years."""
    found: set[int] = set()
    for match in YEAR.finditer(fold(text)):
        first = int(match.group(1))
        found.add(first)
        if match.group(2):
            last = (
                int(match.group(2)) if len(match.group(2)) == 4 else first // 100 * 100 + int(match.group(2))
            )
            if first < last <= first + 10:
                found.update(range(first + 1, last + 1))
    return frozenset(found)


def _value(digits: str, scale: str | None) -> float:
    cleaned = re.sub(r"[,. ](?=\d{3}\b)", "", digits).replace(",", ".")
    value = float(cleaned)
    if scale in ("million", "millions", "millones", "mio", "mn", "m"):
        value *= 1_000_000
    elif scale in ("k", "thousand", "mil"):
        value *= 1_000
    return value


def numbers_of(text: str, language: str, symbol_digits: Collection[str]) -> tuple[Number, ...]:
    """The figures a question states, each with the terms next to it (its labels); years, ordinals
    ("24th"), SDG numbers and the digits of document symbols are not figures."""
    folded = fold(text)
    found = []
    periods = [year.span() for year in YEAR.finditer(folded) if year.group(2)]
    for match in NUMBER.finditer(folded):
        digits, scale = match.group(1), match.group(2)
        plain_digits = re.sub(r"\D", "", digits)
        if any(start <= match.start() < end for start, end in periods):  # the "19" of "2018-19"
            continue

        before = folded[max(0, match.start() - 25) : match.start()]
        if plain_digits in symbol_digits or re.search(r"(?:sdg|odd|ods|goal|objectif|objetivo)\s*$", before):
            continue
        if YEAR.fullmatch(digits.strip()) and not scale:
            continue
        if re.match(r"\s*(?:st|nd|rd|th|e|eme|er|o|a)\b", folded[match.end(1) :]) and not scale:
            continue
        after = folded[match.end() : match.end() + 40]
        # Nearest first: the words right after the number, then the two before it.
        labels = dict.fromkeys(
            [*terms_of(tokens_of(after)[:4], language), *terms_of(tokens_of(before)[-2:], language)]
        )
        amount = bool(scale) or bool(re.search(r"(?:usd|\$|eur|€)\s*$", folded[: match.start(1)]))
        found.append(Number(_value(digits, scale), tuple(labels), amount))
    return tuple(found)


# --------------------------------------------------------------------------- the reading


def _without_filler_phrases(text: str, language: str) -> str:
    folded = " ".join(tokens_of(text))
    for phrase in FILLER_PHRASES.get(language, ()):
        folded = re.sub(rf"\b{phrase}\b", " ", folded)
    return folded


SLACK_MARKUP = re.compile(r"<([^>|]*)(?:\|([^>]*))?>")
EMOJI_CODE = re.compile(r":[a-z0-9_+'-]+:", re.IGNORECASE)


def without_markup(text: str) -> str:
    """Slack's markup as what it shows (a link's label, nothing for a mention) and no emoji codes."""
    return EMOJI_CODE.sub(" ", SLACK_MARKUP.sub(lambda m: m.group(2) or "", text))


def parties_named(text: str, known_words: Collection[str], countries: Collection[str]) -> tuple[str, ...]:
    """Names written with a capital after "with", "in", "for" that are a country or unknown to the
    knowledge ("MoUs with Wakanda", "partners in Kenya"; not "in ITCP 2018-2019")."""
    found: list[str] = []
    typed = text.replace(",", " , ").split()
    for position, word in enumerate(typed[1:], start=1):
        before = typed[position - 1].casefold()
        if before in ("the", "la", "le", "el") and position > 1:
            before = typed[position - 2].casefold()
        tokens = tokens_of(word)
        named = before in PARTY_WORDS and word[:1].isupper() and bool(tokens)
        if named and position >= 2 and "nkpo" in tokens_of(" ".join(typed[max(0, position - 3) : position])):
            continue  # "the new NKPO for Gabon": who is asking, not with whom
        if named and all(token in countries or token not in known_words for token in tokens):
            found.append(tokens[0])

    return tuple(found)


NAMING_YEAR = re.compile(
    r"\b(?:the|of the|a|le|la|les|du|de la|el|los|las|del)\s+"
    r"((?:19|20)\d\d(?:\s*[-/]\s*(?:19|20)?\d\d)?)\s+(?=[a-z])"
)


def naming_years(text: str) -> frozenset[int]:
    """Years written as the name of one of several things ("the 2022 UN Ocean Conference", "the
    2016-2017 ITCP"): a question about that one, not a claim about a date."""
    return frozenset(year for match in NAMING_YEAR.finditer(fold(text)) for year in years_of(match.group(1)))


def _concept_digits(tokens: Sequence[str]) -> frozenset[int]:
    """Numbers that are part of a concept's name ("2030 Agenda"): not years the question asks about."""
    return frozenset(
        int(word) for concept, phrase in read_concepts(tokens) if concept for word in phrase if word.isdigit()
    )


def unknown_attributes(tokens: Sequence[str], known_terms: Collection[str], language: str) -> tuple[str, ...]:
    """What a question asks "the X of" something for, when the knowledge has no word for X ("the
    office hours of the Section", "the salary of an NKPO"): an attribute the bot does not hold."""
    read = read_concepts(tokens)
    found: list[str] = []
    for position, (concept, phrase) in enumerate(read):
        if concept is not None or phrase[0] not in ATTRIBUTE_OF:
            continue
        before = read[max(0, position - 4) : position]
        content = [(c, p[0]) for c, p in before if c is not None or not is_noise(p[0], language)]
        has_article = any(c is None and p[0] in ARTICLES for c, p in before)
        asking = any(c is None and p[0] in WH_WORDS for c, p in read[max(0, position - 7) : position])
        if not content or not has_article or not asking:
            continue
        head_concept, head = content[-1]
        if head_concept is None and not head.isdigit() and stem(head, language) not in known_terms:
            found.append(head)
            continue
        owner = next(((c, p[0]) for c, p in read[position + 1 : position + 4]
                      if c is not None or not is_noise(p[0], language)), None)  # fmt: skip
        unknown_owner = owner is not None and owner[0] is None and not owner[1].isdigit()
        if owner is not None and unknown_owner and stem(owner[1], language) not in known_terms:
            found.append(owner[1])  # "the library of the city": the bot has no city

    return tuple(found)


def unknown_names(
    text: str, known_words: Collection[str], neutral: Collection[str], places: Collection[str]
) -> tuple[str, ...]:
    """Words written with a capital inside a sentence that the knowledge does not know and that are
    not a country or a place the asker is in: the name of something the bot knows nothing of."""
    found: list[str] = []
    for sentence in re.split(r"[.?!:;\n]+|\s-\s", text):
        for position, word in enumerate(sentence.split()):
            if not position or not word[:1].isupper():
                continue
            for token in tokens_of(word):
                if token in known_words or token in neutral or token in places or token.isdigit():
                    continue
                if not is_noise(token, "en") and len(token) > 2:
                    found.append(token)
    return tuple(found)


def place_names(text: str) -> frozenset[str]:
    """Names written with a capital after "from", "in", "at" ("greetings from Accra", "in Geneva"):
    where the asker is or was, which says nothing of what is asked when the knowledge does not know
    the place. A capitalised word elsewhere ("the Mars programme", "with Wakanda") is kept."""
    found: set[str] = set()
    words_typed = text.replace(",", " , ").split()
    for position, word in enumerate(words_typed[1:], start=1):
        before = words_typed[position - 1]
        after_place = before.casefold() in PLACE_WORDS or (
            before.casefold() in ("the", "la", "le", "el")
            and position > 1
            and words_typed[position - 2].casefold() in PLACE_WORDS
        )
        in_a_name = bool(found & set(tokens_of(before)))  # "from Port Louis": Louis too
        if word[:1].isupper() and (after_place or in_a_name):
            found.update(tokens_of(word))

    return frozenset(found)


def read_question(
    text: str,
    known_words: Collection[str],
    symbol_digits: Collection[str] = (),
    neutral: Collection[str] = (),
    known_terms: Collection[str] = (),
    language: str | None = None,
) -> Reading:
    """Read `text` against the words the knowledge holds (`known_words`, for misspellings), the
    digit groups of document symbols (`symbol_digits`, which are not figures) and words that say
    nothing of what is asked (`neutral`: country names, as in "greetings from Vanuatu")."""
    asked, text = text, without_markup(text)
    language = language or detect_language(text)
    raw = [SHORTHAND.get(token, token) for token in tokens_of(_without_filler_phrases(text, language))]
    tokens: list[str] = []
    corrections: list[tuple[str, str]] = []
    named = place_names(text)

    for token in raw:
        if (token in neutral or token in named) and token not in known_words:
            continue

        if (
            token not in known_words
            and not token.isdigit()
            and len(token) >= 4
            and not is_noise(token, language)
            and stem(token, language) not in known_terms
        ):
            fixed = closest(token, known_words)
            if fixed is not None:
                corrections.append((token, fixed))
                token = fixed
        tokens.append(token)
    plain = plain_text(text)
    for typed, fixed in corrections:
        plain = re.sub(rf"\b{re.escape(typed)}\b", fixed, plain)
    asks = _matching(ASKS, plain, language)
    cues = set(_matching(CUES, plain, language))
    terms = terms_of(tokens, language)
    if "@regular_budget" in terms:
        asks = asks - {"amount"}
    unknown = tuple(
        term for term in terms if not term.startswith("@") and term not in known_words and term.isalpha()
    )
    return Reading(
        text=asked,
        language=language,
        tokens=tuple(tokens),
        terms=tuple(terms),
        unknown=unknown,
        asks=asks,
        cues=frozenset(cues),
        years=years_of(text) - _concept_digits(tokens),
        named_years=naming_years(text) - _concept_digits(tokens),
        unknown_attributes=unknown_attributes(tokens, known_terms, language),
        unknown_names=unknown_names(text, known_words, neutral, named),
        numbers=numbers_of(text, language, symbol_digits),
        corrections=tuple(corrections),
        parties=parties_named(text, known_words, neutral),
    )
