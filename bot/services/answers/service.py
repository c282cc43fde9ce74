"""Answering a question in plain words from everything the bot knows, or declining honestly.

`answer_question` serves `/ask`, mentions and direct messages alike:
1. the question is read (reading.py) against the words of the knowledge (knowledge.py);
2. the passages are ranked by how much of the question's weight they cover (scoring.py);
3. the question is declined when it asks for something the bot does not hold, whatever matches:
   advice, a forecast, a person's name, a breakdown the figures lack, a figure for a year the bot
   has no figure for, or a kind of fact (a count, a date, an amount) the best passage does not give;
4. otherwise the reply is composed (composing.py): the fact first, a wrong premise corrected, two
   published counts added up, the kind of arrangement a form of support falls under.
Below THRESHOLD the bot says it could not find an answer and suggests the closest topics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import N_, current_language, t
from bot.services.answers import composing
from bot.services.answers.knowledge import (
    Link,
    Passage,
    digit_groups,
    history_passages,
    known_symbols,
    nkpo_passage,
    searched_passages,
    seed_symbols,
    static_passages,
)
from bot.services.answers.lexicon import WH_WORDS
from bot.services.answers.reading import Reading, detect_language, is_noise, read_question
from bot.services.answers.scoring import SYMBOL_WEIGHT, Index, Scored
from bot.services.nkpo import CountryMatch, country_codes_in, country_words, nkpo_for, resolve_country
from bot.services.search import symbol_key
from bot.services.vocabulary import STOPWORDS, read_concepts, stem, tokens_of, vocabulary, within_one_edit
from storage.models import Document, Programme
from storage.versions import VersionedCache

# Calibrated on the tune batches of tests/data/blind (see bench/answers.py).
THRESHOLD = 0.35
SUGGESTION_FLOOR = 0.2
SURE = 0.8  # a question naming something unknown ("the Mars programme") is answered only above this

# What a question may ask for that only some passages give: asked, it must be given.
STRICT_ASKS = frozenset({"count", "amount", "date", "place", "deadline", "entry_into_force"})


@dataclass(frozen=True)
class Suggestion:
    title: str


@dataclass(frozen=True)
class Answer:
    """What the bot says to a question, with where it comes from and how sure it is.

    kind: "answer" (answered), "unsure" (declined: `reason` says why, `text` what it knows nearby),
    "no_words" (nothing but emoji or punctuation).
    """

    question: str
    kind: str
    text: str = ""
    title: str | None = None
    source: str | None = None
    as_at: str | None = None
    link: Link | None = None
    confidence: float = 0.0
    matched: str | None = None
    matched_terms: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    reason: str | None = None
    language: str = "en"

    @property
    def answered(self) -> bool:
        return self.kind == "answer"

    @property
    def foreign(self) -> bool:
        return self.language != "en"


@dataclass
class Matched:
    """A question read against the knowledge, and the passages ranked for it."""

    reading: Reading
    index: Index
    ranked: list[Scored]
    extra: list[Passage]
    named: list[str]  # keys of the document symbols it names
    corrected: tuple[str, str] | None  # a symbol's digits as typed, and as they are
    # digits of a symbol typed without the symbol ("TC 74", the session): the answer must bear them
    partial: tuple[str, ...] = ()


@dataclass(frozen=True)
class Knowledge:
    """What every question is read against, in one language: derived from the data once per data
    version (the cards, the snapshot, programmes, announcements and the seed documents' symbols)."""

    index: Index
    symbols: dict[str, str]  # symbol key -> symbol, of the documents a question may name
    groups: dict[str, tuple[str, ...]]  # symbol key -> its digit groups
    symbol_digits: frozenset[str]
    known: frozenset[str]  # the words of the knowledge and the vocabulary
    covered: tuple[str, ...]  # the symbols the static passages already answer for


# Per process, keyed by the data version (storage/versions.py): an import, an edit or a new card is
# seen by the next question. Values are plain (passages, answers), never ORM objects.
KNOWLEDGE: VersionedCache[Knowledge] = VersionedCache(size=8)
# The searched passages weigh about four times an answer (pickled: 2.6 KiB against 0.7).
SEARCHED: VersionedCache[tuple[Passage, ...]] = VersionedCache(size=256)
ANSWERS: VersionedCache[Answer] = VersionedCache(size=2048)


def knowledge_of(session: Session, language: str) -> Knowledge:
    def make() -> Knowledge:
        static = static_passages(session, language)
        index = Index(static)
        covered = known_symbols(static)
        symbols = {symbol_key(s): s for s in seed_symbols(session)} | covered
        groups = {key: digit_groups(symbol) for key, symbol in symbols.items()}
        digits = frozenset(digits for group in groups.values() for digits in group)
        known = index.words | _vocabulary_words(language)
        return Knowledge(index, symbols, groups, digits, known, tuple(covered.values()))

    return KNOWLEDGE.get(session, language, make)


def match_question(session: Session, text: str) -> Matched:
    """Read `text` against what the bot knows and rank the passages for it."""
    language = detect_language(text)
    knowledge = knowledge_of(session, language)
    index, symbols, groups = knowledge.index, knowledge.symbols, knowledge.groups
    neutral = country_words() | country_codes_in(text)
    reading = read_question(text, knowledge.known, knowledge.symbol_digits, neutral, index.frequency.keys(),
                            language)  # fmt: skip

    named, corrected = _named_symbols(reading, groups)
    search_text = _search_text(reading)
    named_symbols = tuple(symbols[key] for key in named)
    extra = (
        list(
            SEARCHED.get(
                session,
                (search_text, named_symbols, language),
                lambda: tuple(
                    searched_passages(session, search_text, named_symbols, knowledge.covered, language)
                ),
            )
        )
        if reading.has_words
        else []
    )
    ranked = index.rank(reading.terms, frozenset(named), extra) if reading.terms or named else []
    typed = [token for token in tokens_of(text) if token.isdigit() and len(token) >= 2]
    partial = (
        ()
        if named or corrected
        else tuple(d for d in typed if d in knowledge.symbol_digits and d not in _year_tokens(reading))
    )
    return Matched(reading, index, ranked, extra, named, corrected, partial)


def _year_tokens(reading: Reading) -> set[str]:
    return {str(year) for year in reading.years}


def answer_question(session: Session, text: str) -> Answer:
    """Answer `text` from the knowledge, or say honestly why it cannot be answered (the same text is
    answered from the cache until the data changes)."""

    def make() -> Answer:
        matched = match_question(session, text)
        if not matched.reading.has_words:
            return Answer(question=text, kind="no_words")
        answer = _decide(session, matched)
        return replace(answer, link=with_record(session, answer.link))

    return ANSWERS.get(session, (text, current_language()), make)


def _decide(session: Session, matched: Matched) -> Answer:
    reading, ranked, index = matched.reading, matched.ranked, matched.index
    extra, named, corrected = matched.extra, matched.named, matched.corrected

    said = _said_verbatim(reading, index.passages)
    if said is not None:  # one of a card's own questions, as its author wrote it
        return _answered(reading, said.passage.text, said, said.passage.key)
    best = ranked[0] if ranked else None
    relevant = best is not None and best.score >= THRESHOLD
    asks, cues = reading.asks, reading.cues
    if best is not None and ("discussion" in cues or best.passage.key.startswith(YAMMER_FILE)):
        # what members said, or a file they shared: the thread itself, when it answers as well
        thread = None if asks & STRICT_ASKS else _from_history(session, reading, index)
        if thread is not None and thread.score >= best.score * HISTORY_RIVAL:
            return _answered(reading, thread.passage.text, thread, thread.passage.key)

    for scored in ranked:
        if scored.passage.figures and scored.score >= SUGGESTION_FLOOR:
            composed = composing.arithmetic(reading, scored.passage)
            if composed is not None:
                return _answered(reading, composed, scored, scored.passage.key)

    country = named_country(reading.text) if "nkpo" in reading.concepts else None
    if country is not None and (asks & {"person", "who"} or set(reading.terms) <= {"@nkpo"}):
        return _nkpo(session, reading, country)

    if "expansion" in asks or _bare_abbreviation(reading):
        reply = composing.expansion_reply(reading, composing.abbreviations_in(reading))
        if reply is not None:
            if relevant and best is not None:
                return _answered(reading, f"{reply} {best.passage.text}", best, best.passage.key)
            return _answered(reading, reply, None, "vocabulary")
        if "expansion" in asks and _unknown_abbreviation(reading):
            return _declined(
                reading, "unpublished", best, what=t(reading.language, composing.WHAT_IS_MISSING["expansion"])
            )

    if "advice" in cues:
        return _declined(reading, "advice", best)
    if "future" in cues and (_asks_figure(reading) or "date" in asks):
        return _declined(reading, "prediction", best)

    if "person" in asks:
        return _declined(reading, "person", best)
    if "names" in asks:
        return _declined(reading, "names", best)

    support = None if asks & STRICT_ASKS else composing.support_named(reading)

    if support is not None:
        composed = composing.support_reply(reading, support)
        if composed is not None:
            card = next((s for s in ranked if s.passage.key == "card:in-kind-support"), best)
            return _answered(reading, composed, card, f"support:{support.name}")

    strict = asks & STRICT_ASKS
    implied = _implied_figure(reading, ranked)
    eligible = [s for s in ranked if (strict | implied) <= s.passage.provides]
    if ("count" in strict or reading.numbers) and _about_partnerships(reading):  # the published count
        eligible.sort(key=lambda s: (s.passage.kind != "snapshot" or s.score < THRESHOLD, -s.score))
    chosen = eligible[0] if eligible else None
    breakdown = ("breakdown" in cues or bool(reading.parties)) and _asks_figure(reading)
    breakdown = breakdown or _one_country_s_arrangements(reading)
    if breakdown and best is not None and best.score >= SUGGESTION_FLOOR:
        # A wrong figure is corrected even so ("the USD 31 million budget: how was it split?").
        if (
            chosen is not None
            and chosen.score >= THRESHOLD
            and composing.check_claims(reading, chosen.passage, None).wrong
        ):
            check = composing.check_claims(reading, chosen.passage, None)
            return _answered(reading, composing.with_premise(chosen.passage.text, check, reading), chosen,
                             chosen.passage.key)  # fmt: skip
        return _declined(reading, "breakdown", chosen or best)
    if not relevant or best is None or _mostly_unknown(reading, index, extra, bool(named)):
        said = None if strict else _from_history(session, reading, index)
        if said is not None:
            return _answered(reading, said.passage.text, said, said.passage.key)
        return _declined(reading, "unsure", None, ranked)
    if reading.unknown_names and best.score < SURE:
        return _declined(reading, "unsure", None, ranked)
    if reading.unknown_attributes:
        what = t(reading.language, "“{word}”", word=reading.unknown_attributes[0])
        return _declined(reading, "unpublished", best, what=what)

    if chosen is None or chosen.score < THRESHOLD:
        missing = sorted(strict - best.passage.provides)
        what = (
            t(reading.language, composing.WHAT_IS_MISSING.get(missing[0], N_("that")))
            if missing
            else t(reading.language, "that")
        )
        return _declined(reading, "unpublished", best, what=what)
    passage = chosen.passage
    outside = reading.years - passage.period
    if passage.period and outside and _asks_figure(reading):
        return _declined(reading, "missing_year", chosen, years=_years(outside), as_at=passage.as_at or "")
    other_instance = reading.named_years - passage.years - passage.period
    if (  # a programme's work in a year it has nothing for ("what did it fund in 2017?"), not a claim
        passage.kind == "programme"
        and passage.years
        and reading.years
        and not reading.years & (passage.years | passage.period)
        and "yes_no" not in cues
        and not reading.numbers
        and re.search(r"\b(?:in|en|during|durante|pendant)\s+(?:19|20)\d\d\b", " ".join(reading.tokens))
    ):
        other_instance = reading.years

    if passage.years and other_instance:  # "the 2022 UN Ocean Conference": not the one on record
        held = _years(passage.years)
        return _declined(
            reading, "missing_year", chosen, lead="other_year", years=_years(other_instance), as_at=held
        )
    if matched.partial and not set(matched.partial) <= _digits_of(passage):
        return _declined(reading, "unpublished", chosen, what=t(reading.language, _missing(strict)))
    check = composing.check_claims(reading, passage, corrected if passage.symbols else None)
    text = composing.with_premise(passage.text, check, reading)
    return _answered(reading, text, chosen, passage.key)


def _digits_of(passage: Passage) -> set[str]:
    written = " ".join([passage.text, passage.source or "", *passage.symbols])
    return {token for token in tokens_of(written) if token.isdigit()}


def _missing(strict: frozenset[str]) -> str:
    """What a declined question asked for ("a count", "a date"), or "that"."""
    missing = sorted(strict)
    return composing.WHAT_IS_MISSING.get(missing[0], N_("that")) if missing else N_("that")


# --------------------------------------------------------------------------- helpers


def _answered(reading: Reading, text: str, scored: Scored | None, matched: str) -> Answer:
    passage = scored.passage if scored else None
    return Answer(
        question=reading.text,
        kind="answer",
        text=text,
        title=passage.title if passage else None,
        source=passage.source if passage else None,
        as_at=passage.as_at if passage else None,
        link=passage.link if passage else None,
        confidence=round(scored.score, 3) if scored else 1.0,
        matched=matched,
        matched_terms=scored.matched if scored else (),
        language=reading.language,
    )


def _declined(
    reading: Reading,
    reason: str,
    nearby: Scored | None,
    ranked: list[Scored] | None = None,
    lead: str | None = None,
    **values: str,
) -> Answer:
    """A refusal saying why (`reason`, and its lead sentence unless `lead` names another), with what the
    bot knows nearby when that is on the topic, and the closest topics when nothing is."""
    lead = composing.decline_lead(reading.language, lead or reason, **values)

    on_topic = nearby is not None and nearby.score >= SUGGESTION_FLOOR and reason != "unsure"
    nearby_text = (
        t(reading.language, composing.NEARBY, text=nearby.passage.text) if on_topic and nearby else ""
    )
    text = f"{lead} {nearby_text}" if nearby_text else lead

    suggestions = tuple(
        Suggestion(s.passage.title)
        for s in (ranked or [])[:3]
        if s.score >= SUGGESTION_FLOOR and any(not t.startswith("§") for t in s.matched)
    )
    passage = nearby.passage if on_topic and nearby else None
    return Answer(
        question=reading.text,
        kind="unsure",
        text=text,
        title=passage.title if passage else None,
        source=passage.source if passage else None,
        as_at=passage.as_at if passage else None,
        link=passage.link if passage else None,
        confidence=round(nearby.score, 3) if nearby else 0.0,
        matched=nearby.passage.key if nearby else None,
        suggestions=suggestions,
        reason=reason,
        language=reading.language,
    )


UNKNOWN_MOST = 0.45  # a question whose unknown words carry this share of its weight is about something else


HISTORY_FLOOR = THRESHOLD  # what the old group said, offered as the knowledge would be
HISTORY_RIVAL = 0.8  # asked what members said, a thread that scores this share of the best passage wins
YAMMER_FILE = "document:Yammer file "  # a file of the old group, in the library (bot.services.history_import)


def _from_history(session: Session, reading: Reading, index: Index) -> Scored | None:
    """When the official knowledge has nothing, what the old Yammer group said about it: the best
    thread, ranked with the knowledge's own weights, labelled as community discussion (never for a
    figure or a date: those come from published sources only)."""
    if not reading.terms:
        return None
    found = history_passages(session, reading.text, limit=3, language=reading.language)
    ranked = [s for s in index.rank(reading.terms, frozenset(), found) if s.passage.kind == "history"]
    best = ranked[0] if ranked else None
    if best is None or best.score < HISTORY_FLOOR or _mostly_unknown(reading, index, [best.passage], False):
        return None
    return best


def _mostly_unknown(reading: Reading, index: Index, extra: list[Passage], symbol: bool) -> bool:
    """Whether most of what the question says is unknown to the knowledge ("the USD to EUR exchange
    rate", "the salary of an NKPO"): then a passage sharing its other words does not answer it.
    A symbol the question names counts as known, as do the words of records search found."""
    found = {term for passage in extra for term, _ in passage.terms}
    weights = [(index.weight(term), term in index.frequency or term in found) for term in reading.terms]
    total = sum(weight for weight, _ in weights) + (index.rarest * SYMBOL_WEIGHT if symbol else 0.0)
    unknown = sum(weight for weight, known in weights if not known)
    return total > 0 and unknown / total >= UNKNOWN_MOST


def _implied_figure(reading: Reading, ranked: list[Scored]) -> set[str]:
    """A question that states a figure ("i heard IMO has 200 arrangements") asks about a figure:
    a count (or an amount), when a passage that gives one is among the relevant ones."""
    if not reading.numbers or reading.asks & {"count", "amount"}:
        return set()
    wanted = "amount" if any(number.amount for number in reading.numbers) else "count"
    relevant = [s for s in ranked if s.score >= THRESHOLD]
    return {wanted} if any(wanted in s.passage.provides for s in relevant) else set()


def _asks_figure(reading: Reading) -> bool:
    return bool(reading.asks & {"count", "amount"}) or bool(reading.numbers)


def _years(years: set[int] | frozenset[int]) -> str:
    return ", ".join(str(year) for year in sorted(years))


def _bare_abbreviation(reading: Reading) -> bool:
    """A question that is only an abbreviation and "what is" / "?" ("SIDS?", "what is BBNJ")."""
    content = [t for t in reading.terms if not t.startswith("@")]
    return (
        not content
        and not reading.asks - {"who"}
        and bool(composing.abbreviations_in(reading))
        and len(reading.tokens) <= 4
        and not any(token.isdigit() for token in reading.tokens)
    )


ABBREVIATION = re.compile(r"\b[A-Z]{2,6}\b")


def _unknown_abbreviation(reading: Reading) -> bool:
    """Whether the question writes an abbreviation in capitals ("DPP") that the vocabulary does not know."""
    known = vocabulary().abbreviations
    return any(tokens_of(word) not in known for word in ABBREVIATION.findall(reading.text))


ARRANGEMENT_CONCEPTS = frozenset({"loa", "mou", "ipa"})
PARTNERSHIP_WORDS = (
    *("partnership", "partnerships", "partner", "arrangement", "arrangements"),
    *("partenariat", "partenariats", "accord", "accords"),
    *("asociacion", "asociaciones", "acuerdo", "acuerdos", "alianza", "alianzas"),
)


@cache
def _partnership_terms(language: str) -> frozenset[str]:
    return frozenset(stem(word, language) for word in PARTNERSHIP_WORDS)


def _about_partnerships(reading: Reading) -> bool:
    """A question about IMO's partnership arrangements as such (not one kind, not another count)."""
    return bool(_partnership_terms(reading.language) & set(reading.terms)) or bool(
        reading.concepts & ARRANGEMENT_CONCEPTS
    )


def _one_country_s_arrangements(reading: Reading) -> bool:
    """A question about the arrangements of one Member State ("Does Panama have an MoU in force?",
    "combien d'accords le Sénégal a signé"): the published figures have no breakdown by country."""
    about = bool(reading.concepts & ARRANGEMENT_CONCEPTS) or any(
        term in ("arrang", "accord", "acuerdo", "agreement") for term in reading.terms
    )
    if not about or "nkpo" in reading.concepts or "kind_of" in reading.cues:
        return False
    if not (_asks_figure(reading) or "yes_no" in reading.cues or not WH_WORDS & set(reading.tokens)):
        return False
    match = named_country(reading.text)
    if match is None or match.guessed:
        return False
    name = tokens_of(match.country.name)
    in_concepts = {word for concept, phrase in read_concepts(reading.tokens) if concept for word in phrase}
    greeting = re.search(rf"\b(?:from|desde|depuis) {' '.join(name)}\b", " ".join(tokens_of(reading.text)))
    return not set(name) <= in_concepts and greeting is None


def _said_verbatim(reading: Reading, passages: list[Passage]) -> Scored | None:
    """The passage one of whose questions (or title) the question is, word for word ("what can you
    do?", a question the secretariat wrote a card for): it answers, whatever else is read in it."""
    typed = " ".join(reading.tokens)
    for passage in passages:
        if typed in passage.phrasings:
            return Scored(passage, 1.0, ())
    return None


def _context_sentence(scored: Scored) -> str:
    text = scored.passage.text
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


@cache
def _vocabulary_words(language: str) -> frozenset[str]:
    """The words of the field's phrases in one language, and its abbreviations: what a misspelt word
    of a question in that language may be read as (never a word of another language)."""
    phrases = [
        tokens_of(phrase)
        for concept in vocabulary().concepts.values()
        for phrase in (*concept.phrases.get(language, ()), *concept.abbreviations)
    ]
    return frozenset(
        word for phrase in phrases for word in phrase if len(word) >= 3 and word not in STOPWORDS
    )


def _search_text(reading: Reading) -> str:
    """The question's content words as typed (corrected), for search: no filler, no stop words."""
    words = [t for t in reading.tokens if not is_noise(t, reading.language) and not t.isdigit()]
    return " ".join(dict.fromkeys(words))


def _named_symbols(
    reading: Reading, groups: dict[str, tuple[str, ...]]
) -> tuple[list[str], tuple[str, str] | None]:
    """Symbols whose digit groups all stand in the question; else one within a slip of a long
    digit group typed ("4040" -> Circular Letter No.4004), with what was typed."""
    digits = [token for token in tokens_of(reading.text) if token.isdigit()]
    named = [key for key, wanted in groups.items() if wanted and all(g in digits for g in wanted)]
    if named:
        return named, None
    for typed in digits:
        if len(typed) < 3:
            continue
        for key, wanted in groups.items():
            longest = max(wanted, key=len) if wanted else ""
            if len(longest) >= 3 and within_one_edit(typed, longest):
                return [key], None if typed == longest else (typed, longest)

    return [], None


# --------------------------------------------------------------------------- NKPOs

LONGEST_COUNTRY_NAME = 5  # words ("Saint Vincent and the Grenadines")
SHORTEST_GUESSED_COUNTRY = 5  # letters of a single word taken as a misspelt country name


def named_country(question: str) -> CountryMatch | None:
    """The country a question names, by name, variant or ISO code (bot.services.nkpo.resolve_country).

    The longest name wins; a near miss counts only as a single word of SHORTEST_GUESSED_COUNTRY
    letters or more, and function words never count ("is", "in" and "no" are ISO codes too).
    """
    typed = question.split()
    spans = [
        (size, start) for size in range(min(LONGEST_COUNTRY_NAME, len(typed)), 0, -1)
        for start in range(len(typed) - size + 1)
    ]  # fmt: skip
    for exact in (True, False):  # a name as typed anywhere before a near miss ("combien" ~ Colombia)
        for size, start in spans:
            span = " ".join(typed[start : start + size])
            words = tokens_of(span)
            short_code = len(span) <= 3 and span.isupper()  # "UK", "KEN"; not "is", "in", "est" or "sur"
            if not words or all(word in STOPWORDS or (len(word) <= 3 and not short_code) for word in words):
                continue
            if all((word,) in vocabulary().phrases for word in words):
                continue  # the field's own words ("MoU", "IMO"), not a country
            guess = not exact and size == 1 and len(words) == 1 and len(words[0]) >= SHORTEST_GUESSED_COUNTRY
            match = resolve_country(span, guess=guess)
            if match is not None:
                return match
    return None


def _nkpo(session: Session, reading: Reading, match: CountryMatch) -> Answer:
    country = match.country
    nkpo = nkpo_for(session, country)
    if nkpo is None:
        answer = _declined(reading, "nkpo_not_on_record", None, country=country.name)
        return replace(answer, source="Circular Letter No.4004", link=Link("/nkpo", country.name))
    passage: Passage = nkpo_passage(nkpo, country.name)
    return _answered(reading, passage.text, Scored(passage, 1.0, ("@nkpo",)), passage.key)


def with_record(session: Session, link: Link | None) -> Link | None:
    """The link with the id (and URL) of the document or programme a card names, when on record."""
    if link is None or link.record_id is not None:
        return link
    if link.command == "/docs":
        document = session.scalars(select(Document).where(Document.symbol == link.text).limit(1)).first()
        return Link(link.command, link.text, document.id, document.url) if document else link
    if link.command == "/programmes":
        programme = session.scalars(select(Programme).where(Programme.slug == link.text).limit(1)).first()
        return Link(link.command, link.text, programme.id) if programme else link
    return link
