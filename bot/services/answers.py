"""Answering questions in plain words from the knowledge the bot holds.

`answer_question` serves `/ask`, mentions and direct messages alike. The knowledge is the
answer cards, the dated partnership snapshot (counts are read from it, never from a card),
and the programme, document and arrangement records. Matching is lexical on purpose: it is
fast, runs offline, and every answer can be traced to the words that matched.

How a question is matched: its words are folded, corrected against the knowledge's own
vocabulary when misspelt (rapidfuzz), read for the field's abbreviations and synonyms (the
concepts of bot.services.search, so the whole bot has one vocabulary: "MoU", "memoranda of
understanding" and "framework agreement" are all the term `mou`), stripped of function words
and stemmed. Stemming is Snowball's: the search index stems inside the database, and answer
cards are not in it. "How many", "number of" and the like become one `#count` term, so that
a count is only answered by knowledge that holds a figure. Each topic is scored by how much
of the question's weight (IDF over the topics) it covers, and how closely the question
matches its best phrasing. Words the knowledge has never seen ("Atlantis", "weather") weigh
the most: a question about something unknown is not answered with whatever shares one word.
Below THRESHOLD the bot says it could not find an answer; it never composes a figure.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

import snowballstemmer
from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.nkpo import CountryMatch, nkpo_for, resolve_country
from bot.services.partnerships import latest_snapshot
from bot.services.search import STOPWORDS as SEARCH_STOPWORDS
from bot.services.search import read_concepts, search
from bot.text import fold
from storage.models import (
    NATURE_LABELS,
    AnswerCard,
    Arrangement,
    Document,
    PartnershipSnapshot,
    Programme,
    Question,
    utcnow,
)

# Calibrated on the tune part of tests/data/questions.toml (see bench/answers.py).
THRESHOLD = 0.6
SUGGESTION_FLOOR = 0.2
COUNT = "#count"
QUESTION_KINDS = {"who": "#who", "whom": "#who", "whose": "#who", "when": "#when"}
EXACT_PHRASING = 90


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Search's stop words, and the words a question wraps its subject in.
STOPWORDS = SEARCH_STOPWORDS | word_set(
    """also anything could done get gets give got im know let like might mine much must need plz pls
    one please tell thank thanks thats thing things thx us want whats whose would hi hello hey ok okay show
    explain find see look looking question quick wondering wonder curious anyone someone"""
)
# Chat shorthand for function words, so that "hw many r in force" reads as it is meant.
SHORTHAND = {"hw": "how", "wht": "what", "wat": "what", "r": "are", "u": "you", "ur": "your", "abt": "about"}
COUNT_PHRASES = re.compile(
    r"\b(?:how\s+many|how\s+much|number\s+of|count\s+of|total\s+(?:number|count)\s+of|"
    r"combien|cu[aá]nt[oa]s?)\b"
)
# Function words of French and Spanish: enough to notice a question is not in English.
FOREIGN_WORDS = word_set(
    """le la les des du est sont une combien quel quelle quels quelles qui comment ou pourquoi vous
    nous je il elle fait avec pour dans sur que qu el los las es son cuantos cuantas cuanto que como
    donde por para hay con del y una quien cual cuales de en au aux al lo"""
)
ENGLISH_HINTS = word_set("the is are what how many where who which does do of and")
TOKEN = re.compile(r"[a-z]+|\d+")
SLACK_MARKUP = re.compile(r"<([^>|]*)(?:\|([^>]*))?>")
EMOJI_CODE = re.compile(r":[a-z0-9_+'-]+:")
_stemmer = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Link:
    """Where the detail of an answer lives: the record `command` shows (by id, as its Details
    button does), or, with no record, the command to try."""

    command: str
    text: str = ""
    record_id: int | None = None
    url: str | None = None


@dataclass(frozen=True)
class Topic:
    """Something the bot can answer: an answer card, a snapshot figure, or a record."""

    key: str
    title: str
    answer: str
    source: str | None
    as_at: str | None
    link: Link | None
    phrasings: tuple[frozenset[str], ...]
    terms: frozenset[str]
    words: frozenset[str]
    plain_phrasings: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    title: str


@dataclass(frozen=True)
class Answer:
    """What the bot says to a question, with where it comes from and how sure it is.

    kind: "answer" (answered), "unsure" (nothing scored above the threshold), "no_words"
    (nothing but emoji or punctuation), "not_english" (a question it cannot read yet).
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
    foreign: bool = False

    @property
    def answered(self) -> bool:
        return self.kind == "answer"


@dataclass
class Analysed:
    """A question reduced to the terms that carry its meaning."""

    terms: list[str] = field(default_factory=list)
    foreign: bool = False
    has_words: bool = False
    plain: str = ""


# --------------------------------------------------------------------------- text


@lru_cache(maxsize=8192)
def words_of(text: str) -> tuple[str, ...]:
    """Folded word tokens, letters and digits split apart ("sdg14" -> "sdg", "14")."""
    text = SLACK_MARKUP.sub(lambda m: m.group(2) or "", text)
    text = EMOJI_CODE.sub(" ", fold(text))
    return tuple(SHORTHAND.get(word, word) for word in TOKEN.findall(text))


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """Snowball's English stem, with British and American spellings and short plurals made one."""
    if word.isdigit():
        return word
    word = word.replace("isation", "ization")
    if word in ("program", "programs"):
        word = "programme"
    result = str(_stemmer.stemWord(word))
    if result == word and word.endswith("s") and not word.endswith("ss") and 3 <= len(word) <= 6:
        result = word[:-1]  # abbreviations: "mous" -> "mou", "ldcs" -> "ldc"
    return result


def marker_terms(words: Sequence[str]) -> list[str]:
    """`#count` for "how many" and its kin; `#who`/`#when` for the kind of answer asked for."""
    plain = " ".join(words)
    markers = [COUNT] if COUNT_PHRASES.search(plain) else []
    markers.extend(sorted({QUESTION_KINDS[w] for w in words if w in QUESTION_KINDS}))
    return markers


def without_count_phrases(words: Sequence[str]) -> list[str]:
    return COUNT_PHRASES.sub(" ", " ".join(words)).split()


def terms_of(words: Sequence[str]) -> list[str]:
    """The terms of folded words: a phrase of one of the field's concepts as the concept's name
    ("memoranda of understanding", "MoUs" -> "mou"), any other content word stemmed, each once.

    A concept's name is repeated once for each content word of its phrase as written, so
    that "ballast water" weighs in a question as much as two words, and "BWM" finds it.
    """
    counts: dict[str, int] = {}
    for concept, phrase in read_concepts(words):
        content = [w for w in phrase if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
        if concept is not None:
            counts[concept] = max(counts.get(concept, 0), len(content), 1)
        elif content:
            counts.setdefault(stem(content[0]), 1)
    return [term for term, times in counts.items() for _ in range(times)]


@lru_cache(maxsize=4096)
def content_terms(text: str) -> tuple[str, ...]:
    """The content terms of a text, with its marker terms."""
    words = words_of(text)
    return tuple(marker_terms(words) + terms_of(without_count_phrases(words)))


def analyse(text: str, vocabulary: Sequence[str]) -> Analysed:
    """Fold, detect the language, correct typos against `vocabulary`, stem."""
    raw = words_of(text)
    result = Analysed(has_words=bool(raw), plain=" ".join(raw))
    foreign_hits = sum(word in FOREIGN_WORDS for word in raw)
    english_hits = sum(word in ENGLISH_HINTS for word in raw)
    result.foreign = foreign_hits >= 2 and foreign_hits > english_hits
    known = set(vocabulary)
    corrected: list[str] = []
    for word in without_count_phrases(raw):
        if result.foreign and word in FOREIGN_WORDS:
            continue
        if word not in known and word not in STOPWORDS:
            if result.foreign:
                continue  # an unknown word of another language tells nothing, nor is it a typo
            if not word.isdigit() and len(word) >= 4:
                word = correct_typo(word, vocabulary) or word
        corrected.append(word)  # stop words stay until the concepts are read ("letter of agreement")
    result.terms = marker_terms(raw) + terms_of(corrected)
    return result


def correct_typo(word: str, vocabulary: Sequence[str]) -> str | None:
    """The known word `word` is most likely a misspelling of, if one is close enough.

    A typo keeps the first letter and the length within one or two; short words get one
    slip ("nkop"), words of 6-8 letters need a closer match than long ones, so that a
    different word ("weather") is not read as a known one ("water").
    """
    cutoff = 75 if len(word) <= 5 else 85 if len(word) <= 8 else 80
    longest_gap = 1 if len(word) <= 8 else 2
    candidates = [
        known for known in vocabulary if known[0] == word[0] and abs(len(known) - len(word)) <= longest_gap
    ]
    match = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
    return None if match is None else str(match[0])


# --------------------------------------------------------------------------- knowledge


def make_topic(
    key: str,
    title: str,
    answer: str,
    phrasings: Iterable[str],
    extra: Iterable[str] = (),
    source: str | None = None,
    as_at: str | None = None,
    link: Link | None = None,
) -> Topic:
    """A topic whose phrasings are matched closely and whose extra text only widens its terms."""
    phrasings = [title, *phrasings]
    phrase_terms = tuple(frozenset(content_terms(p)) for p in phrasings if p)
    texts = [*phrasings, *extra]
    terms = frozenset().union(*phrase_terms, *(content_terms(t) for t in extra if t))
    words = frozenset(w for t in texts if t for w in words_of(t) if len(w) >= 3 and not w.isdigit())
    plain = tuple(" ".join(words_of(p)) for p in phrasings if p)
    return Topic(key, title, answer, source, as_at, link, phrase_terms, terms, words, plain)


def card_link(kind: str, ref: str) -> Link:
    """A card's link: a document symbol or programme slug (its record is looked up only when the
    card answers, see `with_record`), or a command and its text."""
    if kind == "document":
        return Link("/docs", ref)
    if kind == "programme":
        return Link("/programmes", ref)
    command, _, text = ref.partition(" ")
    return Link(command, text)


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


CARD_COLUMNS = (
    AnswerCard.slug, AnswerCard.topic, AnswerCard.answer, AnswerCard.questions, AnswerCard.keywords,
    AnswerCard.source, AnswerCard.as_at_label, AnswerCard.link_kind, AnswerCard.link_ref,
)  # fmt: skip


def card_topics(session: Session) -> list[Topic]:
    """A topic per answer card. Cards are read as plain rows and each topic is built once per
    process for the card's current values (card_topic is cached by value), so an edited card is
    seen at once and an unchanged one costs no work."""
    rows = session.execute(select(*CARD_COLUMNS).order_by(AnswerCard.id))
    return [
        card_topic(slug, topic, answer, tuple(questions), *rest)
        for slug, topic, answer, questions, *rest in rows
    ]


@lru_cache(maxsize=1024)
def card_topic(
    slug: str,
    topic: str,
    answer: str,
    questions: tuple[str, ...],
    keywords: str,
    source: str | None,
    as_at: str | None,
    link_kind: str | None,
    link_ref: str | None,
) -> Topic:
    link = card_link(link_kind, link_ref) if link_kind and link_ref else None
    return make_topic(
        f"card:{slug}", topic, answer, questions, [keywords], source=source, as_at=as_at, link=link
    )


def snapshot_topics(snapshot: PartnershipSnapshot) -> list[Topic]:
    """One topic per figure of the snapshot: the total and each nature, with its date."""
    whole = (
        f"{snapshot.total} partnership arrangements in all ({snapshot.loa_count} letters of agreement, "
        f"{snapshot.mou_count} MoUs or framework agreements, {snapshot.ipa_count} implementing partner "
        "agreements)"
    )
    when = f"as at {snapshot.as_at_label}"
    link = Link("/partnerships")
    figures = [
        (
            "total",
            "How many partnership arrangements are in force",
            f"{snapshot.total} partnership arrangements were in force {when}: {snapshot.loa_count} letters "
            f"of agreement (LoAs), {snapshot.mou_count} MoUs or framework agreements and "
            f"{snapshot.ipa_count} implementing partner agreements (IPAs).",
            [
                "How many partnership arrangements are there?",
                "How many partnerships does IMO have?",
                "Total number of arrangements and agreements in force",
            ],
        ),
        (
            "loa",
            "How many letters of agreement (LoAs) are in force",
            f"{snapshot.loa_count} letters of agreement (LoAs), one-off financial support sent to IMO, "
            f"were in force {when}, out of {whole}.",
            ["How many LoAs are there?", "Number of letters of agreement"],
        ),
        (
            "mou",
            "How many MoUs and framework agreements are in force",
            f"{snapshot.mou_count} memorandums of understanding (MoUs) or framework agreements were in "
            f"force {when}, out of {whole}.",
            [
                "How many MoUs are there?",
                "Number of memorandums of understanding",
                "How many framework agreements?",
            ],
        ),
        (
            "ipa",
            "How many implementing partner agreements (IPAs) are in force",
            f"{snapshot.ipa_count} implementing partner agreements (IPAs) were in force {when}, "
            f"out of {whole}.",
            ["How many IPAs are there?", "Number of implementing partner agreements"],
        ),
    ]
    extra = ["arrangements IMO has signed with partners, in force"]
    source, as_at = snapshot.source, snapshot.as_at_label
    return [
        make_topic(f"snapshot:{name}", title, text, phrasings, extra, source, as_at, link)
        for name, title, text, phrasings in figures
    ]


def programme_topic(programme: Programme) -> Topic:
    answer = programme.summary.strip()
    if programme.funding_partner:
        answer += f" It is funded by {programme.funding_partner}."
    where = programme.region or "worldwide"
    answer += f" Scope: {programme.scope} ({where}); {programme.status}."
    phrasings = [programme.summary]
    if programme.funding_partner:
        phrasings.append(f"Who funds the {programme.name}?")
    return make_topic(
        f"programme:{programme.slug}",
        programme.name,
        answer,
        phrasings,
        [programme.objectives, programme.region or "", programme.funding_partner or "", "programme project"],
        source=programme.source,
        as_at=programme.period,
        link=Link("/programmes", programme.slug, programme.id),
    )


def document_topic(document: Document) -> Topic:
    answer = f"{document.symbol}: {document.title}. {document.summary.strip()}".strip()
    return make_topic(
        f"document:{document.symbol}",
        document.symbol,
        answer,
        [document.title],
        [document.summary, " ".join(document.tags), "document"],
        source=document.symbol,
        link=Link("/docs", document.symbol, document.id, document.url),
    )


def arrangement_topic(arrangement: Arrangement) -> Topic:
    """An arrangement as a search result holds it (bot.services.search loads only what lists show)."""
    partner = arrangement.partner.name
    label = NATURE_LABELS[arrangement.nature]
    answer = f"IMO has a {label.lower()} with {partner}: {arrangement.title}"
    answer += f", signed {arrangement.signed_on:%d %B %Y}." if arrangement.signed_on else "."
    if arrangement.is_sample:
        answer += " (This is a sample record, not IMO data.)"
    programme = arrangement.programme.name if arrangement.programme else ""
    return make_topic(
        f"arrangement:{arrangement.ref}",
        f"{label} with {partner}",
        answer,
        [arrangement.title, partner],
        [arrangement.member_state or "", programme, "arrangement"],
        link=Link("/partnerships", partner, arrangement.id),
    )


# Records too many to hold as topics, found through search. Programmes are few (the ITCP has a
# couple of dozen) and are all topics: one query instead of a search per word of the question.
SEARCHED_TOPICS: dict[str, Callable[[Any], Topic]] = {
    "documents": document_topic,
    "arrangements": arrangement_topic,
}
HITS_PER_SEARCH = 5
WORD_BY_WORD = ("documents",)  # searched for each word as well as for all of them together
MAX_SEARCHED_WORDS = 8


def find_records(session: Session, question: str) -> list[Topic]:
    """Document and arrangement topics that might answer `question`, from the search service
    (bot.services.search: ranked, abbreviations widened, typos corrected).

    A question seldom has all its words in one document, so for documents each of its concepts
    and content words is searched on its own, and all of them together; arrangements, which
    answer few questions and are the largest table, are searched for all the words together
    only (measured in bench/answers.py: the same accuracy, a third of the searches). A search
    that only filters (a lone "MoU" among arrangements) says nothing about which record, and
    is left out.
    """
    words = [w for w in without_count_phrases(words_of(question)) if w not in FOREIGN_WORDS]
    parts = [
        " ".join(phrase)
        for concept, phrase in read_concepts(words)
        if concept is not None or phrase[0] not in STOPWORDS
    ]
    parts = list(dict.fromkeys(parts))[:MAX_SEARCHED_WORDS]
    together = " ".join(parts)
    searches = [*parts, together] if len(parts) > 1 else parts
    topics: dict[str, Topic] = {}
    for kind, topic_of in SEARCHED_TOPICS.items():
        for text in searches if kind in WORD_BY_WORD else [together]:
            page = search(session, kind, text, limit=HITS_PER_SEARCH)
            if page.query.is_empty:
                continue
            for hit in page.hits:
                topic = topic_of(hit.record)
                topics.setdefault(topic.key, topic)
    return list(topics.values())


LONGEST_COUNTRY_NAME = 5  # words ("Saint Vincent and the Grenadines")
SHORTEST_GUESSED_COUNTRY = 5  # letters of a single word taken as a misspelt country name


def named_country(question: str) -> CountryMatch | None:
    """The country a question names, by name, variant or ISO code (bot.services.nkpo.resolve_country).

    The longest name wins; a near miss counts only as a single word of SHORTEST_GUESSED_COUNTRY
    letters or more, and function words never count ("is", "in" and "no" are ISO codes too).
    """
    typed = question.split()
    for size in range(min(LONGEST_COUNTRY_NAME, len(typed)), 0, -1):
        for start in range(len(typed) - size + 1):
            span = " ".join(typed[start : start + size])
            words = words_of(span)
            if all(word in STOPWORDS or word in FOREIGN_WORDS for word in words):
                continue
            guess = size == 1 and len(words) == 1 and len(words[0]) >= SHORTEST_GUESSED_COUNTRY
            match = resolve_country(span, guess=guess)
            if match is not None:
                return match
    return None


def nkpo_topic(session: Session, question: str) -> Topic | None:
    """The NKPO of the country named in a question about NKPOs, from the records (bot.services.nkpo)."""
    if not any(concept == "nkpo" for concept, _ in read_concepts(words_of(question))):
        return None
    match = named_country(question)
    if match is None:
        return None
    country = match.country
    nkpo = nkpo_for(session, country)
    if nkpo is None:
        answer = (
            f"No NKPO is on record for {country.name}. Its Government can designate one with the form "
            "in Circular Letter No.4004."
        )
        source, as_at = "Circular Letter No.4004", None
    else:
        position = f", {nkpo.position}" if nkpo.position else ""
        answer = f"The NKPO of {country.name} is {nkpo.person_name}{position}."
        if nkpo.is_sample:
            answer += " (This is a sample record, not IMO data.)"
        source, as_at = "NKPO records", f"{nkpo.updated_at:%d %B %Y}"
    return make_topic(
        f"nkpo:{country.iso3}",
        f"NKPO of {country.name}",
        answer,
        [f"Who is the NKPO of {country.name}?"],
        [" ".join([*country.other_names, country.iso2, country.iso3])],
        source=source,
        as_at=as_at,
        link=Link("/nkpo", country.name),
    )


def knowledge(session: Session, question: str) -> list[Topic]:
    """Every topic that may answer `question`: cards, the snapshot's figures, every programme,
    the documents and arrangements search finds for it, and the NKPO of the country it names."""
    topics = card_topics(session)
    snapshot = latest_snapshot(session)
    if snapshot is not None:
        topics.extend(snapshot_topics(snapshot))
    topics.extend(programme_topic(p) for p in session.scalars(select(Programme).order_by(Programme.id)))
    topics.extend(find_records(session, question))
    nkpo = nkpo_topic(session, question)
    if nkpo is not None:
        topics.append(nkpo)
    return topics


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Scored:
    topic: Topic
    score: float
    matched: tuple[str, ...]


class Index:
    """Topics with the weights of their terms (inverse document frequency over the topics)."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self.topics = list(topics)
        frequency: Counter[str] = Counter()
        for topic in self.topics:
            frequency.update(topic.terms)
        self.frequency = frequency
        self.size = max(len(self.topics), 1)
        self.unknown_weight = math.log(1 + self.size / 0.5)
        self.vocabulary = sorted(set().union(*(t.words for t in self.topics)) - STOPWORDS)

    def weight(self, term: str) -> float:
        count = self.frequency.get(term, 0)
        if count == 0:
            return self.unknown_weight
        return math.log(1 + self.size / (count + 0.5))

    def rank(self, terms: Sequence[str], plain: str = "") -> list[Scored]:
        """Topics by score: the share of the question's weight they cover, nudged by how much of it
        one phrasing covers and how closely; a near-verbatim phrasing counts as a full match.

        A term's weight is its IDF times the times it stands in `terms` (see terms_of)."""
        query = Counter(terms)
        weights = {term: self.weight(term) * times for term, times in query.items()}
        total = sum(weights.values())
        ranked = []
        for topic in self.topics:
            matched = query.keys() & topic.terms
            exact = process.extractOne(plain, topic.plain_phrasings, scorer=fuzz.ratio) if plain else None
            verbatim = exact[1] / 100 if exact and exact[1] >= EXACT_PHRASING else 0.0
            if not matched and not verbatim:
                continue
            score = 0.0
            if matched:
                coverage = sum(weights[t] for t in matched) / total
                in_one = max(sum(weights[t] for t in matched & p) / total for p in topic.phrasings)
                closeness = max(self._dice(matched, p, weights, total) for p in topic.phrasings)
                score = coverage * (0.8 + 0.15 * in_one + 0.05 * closeness)
            ranked.append(Scored(topic, max(score, verbatim), tuple(sorted(matched))))
        ranked.sort(key=lambda s: (-s.score, s.topic.key))
        return ranked

    def _dice(
        self, matched: set[str], phrasing: frozenset[str], weights: dict[str, float], total: float
    ) -> float:
        if not phrasing:
            return 0.0
        shared = sum(weights[t] for t in matched & phrasing)
        return 2 * shared / (total + sum(weights.get(t) or self.weight(t) for t in phrasing))


def answer_question(session: Session, text: str) -> Answer:
    """Answer `text` from the knowledge, or say honestly that no answer was found."""
    index = Index(knowledge(session, text))
    query = analyse(text, index.vocabulary)
    if not query.has_words:
        return Answer(question=text, kind="no_words")
    ranked = index.rank(query.terms, query.plain)
    # A count is answered only by knowledge that holds a figure, never by a topic that merely
    # mentions the thing counted.
    eligible = [s for s in ranked if COUNT not in query.terms or COUNT in s.topic.terms]
    best = eligible[0] if eligible else None
    if best is not None and best.score >= THRESHOLD:
        topic = best.topic
        return Answer(
            question=text,
            kind="answer",
            text=topic.answer,
            title=topic.title,
            source=topic.source,
            as_at=topic.as_at,
            link=with_record(session, topic.link),
            confidence=round(best.score, 3),
            matched=topic.key,
            matched_terms=best.matched,
            foreign=query.foreign,
        )
    on_topic = [s for s in ranked if s.score >= SUGGESTION_FLOOR and any(t[0] != "#" for t in s.matched)]
    suggestions = tuple(Suggestion(s.topic.title) for s in on_topic[:3])
    return Answer(
        question=text,
        kind="not_english" if query.foreign else "unsure",
        confidence=round(best.score, 3) if best else 0.0,
        matched=best.topic.key if best else None,
        suggestions=suggestions,
        foreign=query.foreign,
    )


# --------------------------------------------------------------------------- the record


def record_question(
    session: Session, *, user_id: str, channel_id: str | None, via: str, answer: Answer
) -> Question:
    """Keep the question and whether it was answered, so the secretariat can add answer cards."""
    question = Question(
        user_id=user_id,
        channel_id=channel_id,
        via=via,
        text=answer.question,
        answered=answer.answered,
        matched=answer.matched,
        score=answer.confidence,
        asked_at=utcnow(),
    )
    session.add(question)
    session.flush()
    return question


def recent_unanswered(session: Session, limit: int = 20, since: datetime | None = None) -> list[Question]:
    """The latest questions the bot could not answer, newest first."""
    query = select(Question).where(Question.answered.is_(False))
    if since is not None:
        query = query.where(Question.asked_at >= since)
    return list(session.scalars(query.order_by(Question.asked_at.desc(), Question.id.desc()).limit(limit)))
