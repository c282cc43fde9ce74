"""Everything the bot knows, as passages: each fact with its source and "as at" date.

The passages are the answer cards (storage/seed/answer_cards.toml and those the secretariat
writes), each figure of the dated partnership snapshot, every programme (summary, objectives,
scope, funder), the documents named in a question or found by search (symbol, title, summary,
tags), arrangements found by search, the NKPO record of a country, and recent announcements.

A passage says what it can answer besides what its subject is (`provides`: count, amount, date,
place, who, process, find, person), its published figures by label, the years those figures hold
for (`period`, from its "as at" label) and the years its text states (`years`). Cards, the snapshot
and programmes are read on every question (a few small queries) and turned into passages once per
process for their current values (cached by value), so an edit is seen by the next question.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import N_, long_date, month_year, number, t, tn
from bot.services import history
from bot.services.answers.reading import component_terms, text_terms, years_of
from bot.services.partnerships import latest_snapshot
from bot.services.search import search, symbol_key
from bot.services.vocabulary import tokens_of
from storage.models import (
    NATURE_LABELS,
    Announcement,
    AnswerCard,
    Arrangement,
    Document,
    Nkpo,
    PartnershipSnapshot,
    Programme,
)

HEADING = 1.0  # weight of a term in a passage's title, phrasings and keywords
BODY = 0.75  # in its text
COMPONENT = 0.5  # a word inside one of the field's phrases in it ("scheme" of "audit scheme")
DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Link:
    """Where the detail of an answer lives: the record `command` shows (by id, as its Details
    button does), or, with no record, the command to try."""

    command: str
    text: str = ""
    record_id: int | None = None
    url: str | None = None


@dataclass(frozen=True)
class Passage:
    """One piece of knowledge that can answer a question, with where it comes from."""

    key: str
    kind: str  # card, snapshot, programme, document, arrangement, nkpo, announcement
    title: str
    text: str
    source: str | None
    as_at: str | None
    link: Link | None
    provides: frozenset[str]
    figures: tuple[tuple[str, float], ...]
    period: frozenset[int]
    years: frozenset[int]
    terms: tuple[tuple[str, float], ...]
    headings: tuple[frozenset[str], ...]
    phrasings: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    words: frozenset[str]
    symbols: frozenset[str] = field(default=frozenset())
    language: str = "en"  # the language its text is written in

    @property
    def term_weights(self) -> dict[str, float]:
        return dict(self.terms)

    @property
    def figure(self) -> dict[str, float]:
        return dict(self.figures)


def make_passage(
    key: str,
    kind: str,
    title: str,
    text: str,
    *,
    headings: Iterable[str] = (),
    source: str | None = None,
    as_at: str | None = None,
    link: Link | None = None,
    provides: Iterable[str] = (),
    figures: dict[str, float] | None = None,
    symbols: Iterable[str] = (),
    language: str = "en",
) -> Passage:
    """A passage whose title and `headings` (phrasings, keywords) weigh more than its text; the
    title and each phrasing (not the keywords, the last heading of a card) are also kept whole."""
    heads = [title, *headings]
    weights: dict[str, float] = {}
    for part in heads:
        for term in text_terms(part, language):
            weights[term] = HEADING
    for term in text_terms(text, language):
        weights.setdefault(term, BODY)
    for part in (*heads, text):
        for term in component_terms(part, language):
            weights.setdefault(term, COMPONENT)
    words = frozenset(
        w for part in (*heads, text) for w in tokens_of(part) if len(w) >= 3 and not w.isdigit()
    )
    period = years_of(as_at or "")
    return Passage(
        key=key,
        kind=kind,
        title=title,
        text=text,
        source=source,
        as_at=as_at,
        link=link,
        provides=frozenset(provides) | ({"date"} if years_of(f"{title} {text}") or period else frozenset()),
        figures=tuple(sorted((figures or {}).items())),
        period=period,
        years=years_of(f"{title} {text}"),
        terms=tuple(weights.items()),
        headings=tuple(frozenset(text_terms(part, language)) for part in heads if text_terms(part, language)),
        phrasings=frozenset(" ".join(tokens_of(part)) for part in heads),
        pairs=frozenset(pair for part in (*heads, text) for pair in _pairs(text_terms(part, language))),
        words=words,
        symbols=frozenset(symbol_key(symbol) for symbol in symbols if symbol),
        language=language,
    )


def _pairs(terms: Sequence[str]) -> Iterable[tuple[str, str]]:
    """Terms that stand next to each other in a text ("dump", "wast"): a phrase the question may share."""
    return itertools.pairwise(terms)


# --------------------------------------------------------------------------- cards

CARD_COLUMNS = (
    AnswerCard.slug, AnswerCard.topic, AnswerCard.answer, AnswerCard.questions, AnswerCard.keywords,
    AnswerCard.source, AnswerCard.as_at_label, AnswerCard.link_kind, AnswerCard.link_ref,
    AnswerCard.provides, AnswerCard.figures, AnswerCard.translations,
)  # fmt: skip


def card_link(kind: str, ref: str) -> Link:
    """A card's link: a document symbol or programme slug (its record is looked up only when the
    card answers, see `with_record`), or a command and its text."""
    if kind == "document":
        return Link("/docs", ref)
    if kind == "programme":
        return Link("/programmes", ref)
    command, _, text = ref.partition(" ")
    return Link(command, text)


def in_language(
    fields: dict[str, object], translations: dict[str, dict[str, object]] | None, language: str
) -> dict[str, object]:
    """A record's texts in `language` where it has them, else as written (English)."""
    wanted = (translations or {}).get(language) or {}
    return {name: wanted.get(name) or value for name, value in fields.items()}


def card_passages(session: Session, language: str = "en") -> list[Passage]:
    rows = session.execute(select(*CARD_COLUMNS).order_by(AnswerCard.id))
    passages = []
    for slug, topic, answer, questions, keywords, source, as_at, kind, ref, provides, figures, texts in rows:
        shown = in_language({"topic": topic, "answer": answer, "questions": questions or [],
                             "keywords": keywords or ""}, texts, language)  # fmt: skip
        written = language if (texts or {}).get(language) else "en"
        passages.append(
            card_passage(
                slug,
                str(shown["topic"]),
                str(shown["answer"]),
                tuple(shown["questions"]),  # type: ignore[arg-type]
                str(shown["keywords"]),
                source,
                as_at,
                kind,
                ref,
                tuple(provides or ()),
                tuple(sorted((figures or {}).items())),
                written,
            )
        )
    return passages


@lru_cache(maxsize=4096)
def card_passage(
    slug: str,
    topic: str,
    answer: str,
    questions: tuple[str, ...],
    keywords: str,
    source: str | None,
    as_at: str | None,
    link_kind: str | None,
    link_ref: str | None,
    provides: tuple[str, ...],
    figures: tuple[tuple[str, float], ...],
    language: str = "en",
) -> Passage:
    link = card_link(link_kind, link_ref) if link_kind and link_ref else None
    symbols = [link_ref] if link_kind == "document" and link_ref else []
    return make_passage(
        f"card:{slug}", "card", topic, answer, headings=[*questions, keywords], source=source, as_at=as_at,
        link=link, provides=provides, figures=dict(figures), symbols=symbols, language=language,
    )  # fmt: skip


# --------------------------------------------------------------------------- the snapshot


@lru_cache(maxsize=64)
def snapshot_passages(
    total: int, loa: int, mou: int, ipa: int, as_at_label: str, source: str | None, language: str = "en"
) -> tuple[Passage, ...]:
    """A passage per figure of the snapshot (the total and each nature), each stating them all."""
    n = {name: number(language, value) for name, value in (("total", total), ("loa", loa), ("mou", mou),
                                                            ("ipa", ipa))}  # fmt: skip
    when = t(language, "as at {date}", date=as_at_label)
    whole = t(language, "{total} partnership arrangements in all ({loa} letters of agreement, {mou} MoUs or "
              "framework agreements, {ipa} implementing partner agreements)", **n)  # fmt: skip
    figures: dict[str, float] = {"total": total, "loa": loa, "mou": mou, "ipa": ipa}
    rows = [
        ("total", t(language, "Partnership arrangements in force"),
         t(language, "{total} partnership arrangements were in force {when}: {loa} letters of agreement "
           "(LoAs), {mou} MoUs or framework agreements and {ipa} implementing partner agreements (IPAs).",
           when=when, **n),
         [t(language, "partnership arrangements agreements IMO has signed in force"),
          t(language, "breakdown by nature of arrangement")]),
        ("loa", t(language, "Letters of agreement (LoAs) in force"),
         t(language, "{loa} letters of agreement (LoAs), one-off financial support sent to IMO, were in "
           "force {when}, out of {whole}.", when=when, whole=whole, **n),
         [t(language, "letters of agreement IMO has signed in force")]),
        ("mou", t(language, "MoUs and framework agreements in force"),
         t(language, "{mou} memorandums of understanding (MoUs) or framework agreements were in force "
           "{when}, out of {whole}.", when=when, whole=whole, **n),
         [t(language, "memorandums of understanding framework agreements IMO has signed in force")]),
        ("ipa", t(language, "Implementing partner agreements (IPAs) in force"),
         t(language, "{ipa} implementing partner agreements (IPAs) were in force {when}, out of {whole}.",
           when=when, whole=whole, **n),
         [t(language, "implementing partner agreements IMO has signed in force")]),
    ]  # fmt: skip
    return tuple(
        make_passage(
            f"snapshot:{name}",
            "snapshot",
            title,
            text,
            headings=headings,
            source=source,
            as_at=as_at_label,
            link=Link("/partnerships"),
            provides=("count",),
            figures=figures,
            language=language,
        )
        for name, title, text, headings in rows
    )


def snapshot_of(snapshot: PartnershipSnapshot | None, language: str = "en") -> tuple[Passage, ...]:
    if snapshot is None:
        return ()
    label = snapshot.as_at_label if language == "en" else month_year(language, snapshot.as_at)
    return snapshot_passages(
        snapshot.total, snapshot.loa_count, snapshot.mou_count, snapshot.ipa_count, label, snapshot.source,
        language,
    )  # fmt: skip


# --------------------------------------------------------------------------- records


PROGRAMME_COLUMNS = (
    Programme.id, Programme.slug, Programme.name, Programme.scope, Programme.region, Programme.summary,
    Programme.objectives, Programme.funding_partner, Programme.status, Programme.period, Programme.source,
    Programme.sdgs, Programme.translations,
)  # fmt: skip
SCOPE_WORDS = {"global": N_("A global programme"), "regional": N_("A regional programme")}
STATUS_WORDS = {"ongoing": N_("ongoing"), "completed": N_("completed"), "planned": N_("planned")}


def programme_passages(session: Session, language: str = "en") -> list[Passage]:
    rows = session.execute(select(*PROGRAMME_COLUMNS).order_by(Programme.id))
    passages = []
    for *fields, sdgs, texts in rows:
        record_id, slug, name, scope, region, summary, objectives, funder, status, period, source = fields
        written_in = {"name": name, "summary": summary, "objectives": objectives, "region": region or ""}
        shown = in_language(written_in, texts, language)
        written = language if (texts or {}).get(language) else "en"
        passages.append(
            programme_passage(
                record_id,
                slug,
                str(shown["name"]),
                scope,
                str(shown["region"]) or None,
                str(shown["summary"]),
                str(shown["objectives"]),
                funder,
                status,
                period,
                source,
                tuple(sdgs or ()),
                written,
            )
        )
    return passages


@lru_cache(maxsize=4096)
def programme_passage(
    record_id: int,
    slug: str,
    name: str,
    scope: str,
    region: str | None,
    summary: str,
    objectives: str,
    funding_partner: str | None,
    status: str,
    period: str | None,
    source: str | None,
    sdgs: tuple[str, ...] = (),
    language: str = "en",
) -> Passage:
    """The programme's name first, then what it does, who funds it, its SDGs, scope and status."""
    where = t(language, "in {region}", region=region) if region else t(language, "worldwide")
    parts = [f"{name}: {summary.strip()}", objectives.strip()]
    if funding_partner:
        parts.append(t(language, "It is funded by {funder}.", funder=funding_partner))
    if sdgs:
        parts.append(t(language, "It serves SDG {goals}.", goals=" & ".join(str(goal) for goal in sdgs)))
    kind = t(language, SCOPE_WORDS.get(scope, N_("A programme")))
    parts.append(f"{kind} ({where}), {t(language, STATUS_WORDS.get(status, status))}.")
    provides = ["who"] if funding_partner else []
    return make_passage(
        f"programme:{slug}", "programme", name, " ".join(p for p in parts if p),
        headings=[region or "", funding_partner or "", t(language, "programme")], source=source, as_at=period,
        link=Link("/programmes", slug, record_id), provides=provides, language=language,
    )  # fmt: skip


def document_passage(document: Document, language: str = "en") -> Passage:
    shown = in_language(
        {"title": document.title, "summary": document.summary}, document.translations, language
    )
    written = language if (document.translations or {}).get(language) else "en"
    issued = (
        " " + t(language, "Issued {date}.", date=long_date(language, document.issued_on))
        if document.issued_on
        else ""
    )
    text = f"{document.symbol}: {shown['title']}. {str(shown['summary']).strip()}{issued}".strip()
    return make_passage(
        f"document:{document.symbol}", "document", document.symbol, text,
        headings=[str(shown["title"]), " ".join(document.tags or ())], source=document.symbol,
        link=Link("/docs", document.symbol, document.id, document.url), provides=("find",),
        symbols=[document.symbol], language=written,
    )  # fmt: skip


NATURE_WORDS = {
    "loa": N_("a letter of agreement"),
    "mou": N_("a memorandum of understanding (MoU) or framework agreement"),
    "ipa": N_("an implementing partner agreement"),
}
SAMPLE_NOTE = N_("(This is a sample record, not IMO data.)")


def arrangement_passage(arrangement: Arrangement, language: str = "en") -> Passage:
    partner = arrangement.partner.name
    nature = t(language, NATURE_WORDS[arrangement.nature])
    if arrangement.signed_on:
        text = t(
            language,
            "IMO has {nature} with {partner}: {title}, signed {date}.",
            nature=nature,
            partner=partner,
            title=arrangement.title,
            date=long_date(language, arrangement.signed_on),
        )
    else:
        text = t(language, "IMO has {nature} with {partner}: {title}.", nature=nature, partner=partner,
                 title=arrangement.title)  # fmt: skip
    if arrangement.is_sample:
        text += " " + t(language, SAMPLE_NOTE)
    programme = arrangement.programme.name if arrangement.programme else ""
    return make_passage(
        f"arrangement:{arrangement.ref}", "arrangement", f"{NATURE_LABELS[arrangement.nature]}: {partner}",
        text,
        headings=[partner, arrangement.member_state or "", programme], link=Link("/partnerships", partner,
        arrangement.id), provides=("who",), language=language,
    )  # fmt: skip


def nkpo_passage(nkpo: Nkpo, country_name: str, language: str = "en") -> Passage:
    position = f", {nkpo.position}" if nkpo.position else ""
    text = t(language, "The NKPO of {country} is {person}{position}.", country=country_name,
             person=nkpo.person_name, position=position)  # fmt: skip
    if nkpo.is_sample:
        text += " " + t(language, SAMPLE_NOTE)
    return make_passage(
        f"nkpo:{nkpo.iso3 or nkpo.member_state}", "nkpo",
        t(language, "NKPO of {country}", country=country_name), text, headings=[nkpo.member_state],
        source=t(language, "NKPO records"),

        as_at=long_date(language, nkpo.updated_at.date()), link=Link("/nkpo", country_name),
        provides=("person", "who"), language=language,
    )  # fmt: skip


RECENT_ANNOUNCEMENTS = 20


def announcement_passages(session: Session, language: str = "en") -> list[Passage]:
    """The latest posted announcements (the community's news, as their author wrote them), newest first."""
    rows = session.scalars(
        select(Announcement)
        .where(Announcement.status == "posted")
        .order_by(Announcement.posted_at.desc())
        .limit(RECENT_ANNOUNCEMENTS)
    )
    passages = []
    for row in rows:
        when = row.posted_at or row.added_at
        passages.append(
            make_passage(
                f"announcement:{row.id}",
                "announcement",
                row.title or t(language, "Announcement"),
                row.body,
                source=t(language, "Announcement by the Partnerships Section"),
                as_at=long_date(language, when.date()),
                link=Link("/announce", "list"),
                provides=("date",),
            )
        )
    return passages


# --------------------------------------------------------------------------- gathering

HITS_PER_SEARCH = 4


def searched_passages(
    session: Session,
    terms_text: str,
    named_symbols: Sequence[str],
    covered_symbols: Iterable[str] = (),
    language: str = "en",
) -> list[Passage]:
    """Documents and arrangements that search finds for the question's content words (one search
    each), and the documents whose symbol the question names; not the documents an answer card
    already covers (`covered_symbols`: the card answers, with the document's Details)."""
    passages: dict[str, Passage] = {}
    covered = {symbol_key(symbol) for symbol in covered_symbols}
    documents: list[Document] = []
    if named_symbols:
        documents.extend(session.scalars(select(Document).where(Document.symbol.in_(named_symbols))))
    if terms_text:
        documents.extend(
            hit.record
            for hit in search(session, "documents", terms_text, limit=HITS_PER_SEARCH, any_word=True).hits
        )
    for document in documents:
        if symbol_key(document.symbol) not in covered:
            passage = document_passage(document, language)
            passages.setdefault(passage.key, passage)
    if terms_text:
        for hit in search(session, "arrangements", terms_text, limit=HITS_PER_SEARCH, any_word=True).hits:
            passage = arrangement_passage(hit.record, language)
            passages.setdefault(passage.key, passage)
    return list(passages.values())


def static_passages(session: Session, language: str = "en") -> list[Passage]:
    """What every question is matched against, in `language` where the knowledge has it: cards, the
    snapshot, programmes, announcements."""
    return [
        *card_passages(session, language),
        *snapshot_of(latest_snapshot(session), language),
        *programme_passages(session, language),
        *announcement_passages(session, language),
    ]


def known_symbols(passages: Iterable[Passage]) -> dict[str, str]:
    """The documents the static passages are about: symbol key -> the symbol as cards link it."""
    found: dict[str, str] = {}
    for passage in passages:
        if passage.link is not None and passage.link.command == "/docs" and passage.link.text:
            found[symbol_key(passage.link.text)] = passage.link.text
    return found


def seed_symbols(session: Session) -> list[str]:
    """Symbols of the documents the library lists from day one (few): recognised in a question."""
    return list(session.scalars(select(Document.symbol).where(Document.origin == "seed")))


def digit_groups(symbol: str) -> tuple[str, ...]:
    return tuple(DIGITS.findall(symbol))


# --------------------------------------------------------------------------- the old group's history


def history_passages(session: Session, text: str, limit: int = 3, language: str = "en") -> list[Passage]:
    """The threads whose messages match a question's words (any of them, those matching more first),
    as passages for the answering service: who said it, when and in which group, a short excerpt,
    labelled as community discussion from the old Yammer group and not IMO's official word. Each
    links to `/history` with the thread's id, for its "Show thread" button; it is for the answering
    service to rank them below the official knowledge."""
    page = history.search_history(session, text, limit=limit, any_word=True)
    return [_history_passage(hit, page.people, language) for hit in page.hits]


def _history_passage(hit: history.ThreadHit, people: dict[str, history.Person], language: str) -> Passage:
    thread, message = hit.thread, hit.message
    starter = thread.starter.name if thread.starter else t(language, "someone")
    where = (
        t(language, "in the Yammer group “{group}”", group=thread.group)
        if thread.group
        else t(language, "in the old Yammer group")
    )
    parts = [
        t(
            language,
            "{person} started this discussion on {date} {where}.",
            person=starter,
            date=long_date(language, thread.started_at.date()),
            where=where,
        )
    ]
    if message.is_starter:
        parts.append(t(language, "They wrote: “{excerpt}”", excerpt=history.excerpt(message.body, people)))
    else:
        author = message.author.name if message.author else t(language, "Someone")
        parts.append(
            t(
                language,
                "{person} replied on {date}: “{excerpt}”",
                person=author,
                date=long_date(language, message.created_at.date()),
                excerpt=history.excerpt(message.body, people),
            )
        )
    replies = thread.messages - 1
    if replies > 0:
        parts.append(
            tn(language, "The thread has {count} reply.", "The thread has {count} replies.", replies)
        )
    parts.append(
        t(language, "This is community discussion from the old Yammer group, not IMO's official word.")
    )
    return make_passage(
        f"history:{thread.id}",
        "history",
        thread.title,
        " ".join(parts),
        source=t(language, history.SOURCE),
        as_at=long_date(language, thread.started_at.date()),
        link=Link(history.COMMAND, str(thread.id)),
        language=language,
    )
