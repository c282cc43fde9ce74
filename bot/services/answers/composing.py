"""Composing a reply: the fact first, a premise corrected, a figure added up, or an honest refusal.

Everything here works on the facts of one passage: a sum or difference of two published counts,
the kind of arrangement a form of support falls under (storage/seed/vocabulary.toml), a claimed
figure or year checked against the passage's own. Nothing is composed that a passage does not hold.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from bot.i18n import N_, number, t
from bot.services.answers.knowledge import Passage
from bot.services.answers.lexicon import DENIALS, NEGATIONS, NUMERIC_SUM, TOTAL_WORDS
from bot.services.answers.reading import Number, Reading
from bot.services.vocabulary import VOCABULARY_FILE, read_concepts, stem, tokens_of, vocabulary

NATURES = ("loa", "mou", "ipa")
# Each figure's name, counted (plural) and as one kind (singular, with its article), for replies.
NATURE_NAMES = {
    "loa": (N_("letters of agreement (LoAs)"), N_("a letter of agreement (LoA)")),
    "mou": (
        N_("MoUs or framework agreements"),
        N_("a memorandum of understanding (MoU) or framework agreement"),
    ),
    "ipa": (N_("implementing partner agreements (IPAs)"), N_("an implementing partner agreement (IPA)")),
    "total": (N_("partnership arrangements"), N_("a partnership arrangement")),
    "global": (N_("global programmes"), N_("a global programme")),
    "regional": (N_("regional programmes"), N_("a regional programme")),
    "budget": (N_("the budget"), N_("the budget")),
}


def plural_name(language: str, label: str) -> str:
    return t(language, NATURE_NAMES[label][0])


def kind_name(language: str, label: str) -> str:
    return t(language, NATURE_NAMES[label][1])


# Terms of a question that name a figure's label.
LABEL_TERMS = {
    "@loa": "loa", "@mou": "mou", "@ipa": "ipa", "global": "global", "region": "regional",
    "budget": "budget", "arrang": "total", "partnership": "total", "agreement": "total",
}  # fmt: skip


AMOUNT_LABELS = frozenset({"budget"})


def label_of(number: Number, figures: dict[str, float]) -> str | None:
    """The figure of `figures` that the terms next to a number name (the nearest), if one; an amount
    of money only ever names an amount, a count only a count."""
    for term in number.labels:
        label = LABEL_TERMS.get(term)
        if label is None:
            continue
        if label not in figures and not (label == "total" and number.amount):
            return None  # the nearest label is one this passage has no figure for ("158 arrangements")
        if label in figures and (label in AMOUNT_LABELS) == number.amount:
            return label
    return None


def figure_text(value: float, language: str = "en") -> str:
    return number(language, value)


# --------------------------------------------------------------------------- premises


@dataclass(frozen=True)
class Check:
    """What the question claims, checked against the passage: wrong figures or years, or all right."""

    wrong: tuple[str, ...]
    confirmed: bool


def check_claims(reading: Reading, passage: Passage, corrected_symbol: tuple[str, str] | None) -> Check:
    """Figures the question states next to a label the passage has a figure for, years it gives for
    a passage that states dated events, and a misspelt symbol: each compared with the passage."""
    figures = passage.figure
    language = reading.language
    wrong: list[str] = []
    confirmed = False
    primary = passage.key.split(":", 1)[1] if passage.kind == "snapshot" else None
    for stated in reading.numbers:
        label = label_of(stated, figures)
        if label is None and stated.amount and "budget" in figures:
            label = "budget"
        if label is None and primary in figures and not stated.amount:
            label = primary
        if label is None:
            continue
        actual = figures[label]
        if abs(actual - stated.value) < 0.5:
            confirmed = True
            continue
        other = _named_by(stated.value, figures, label)
        claimed, real = figure_text(stated.value, language), figure_text(actual, language)
        if other:
            whose = plural_name(language, other)
            wrong.append(t(language, WRONG_FIGURE_OF, real=real, claimed=claimed, other=whose))
        else:
            wrong.append(t(language, WRONG, real=real, claimed=claimed))
    if passage.years and not passage.period:
        stated_years = reading.years - passage.years
        if stated_years and not (reading.years & passage.years):
            wrong.append(t(language, WRONG, real=_years(passage.years), claimed=_years(stated_years)))
        elif reading.years & passage.years:
            confirmed = True
    if corrected_symbol is not None:
        typed, symbol = corrected_symbol
        wrong.append(t(language, WRONG, real=symbol, claimed=typed))
    return Check(tuple(wrong), confirmed)


WRONG = N_("{real}, not {claimed}")
WRONG_FIGURE_OF = N_("{real}, not {claimed}: {claimed} is the number of {other}")


def _named_by(value: float, figures: dict[str, float], besides: str) -> str | None:
    for label, figure in figures.items():
        if label != besides and abs(figure - value) < 0.5 and label in NATURE_NAMES:
            return label
    return None


def _years(years: frozenset[int]) -> str:
    return "-".join(str(y) for y in sorted(years)) if len(years) == 2 else ", ".join(map(str, sorted(years)))


def denies(reading: Reading, text: str) -> bool:
    """Whether the text denies a concept a yes-or-no question asks about ("Does IMO have a regular
    budget?" against "IMO has no regular budget"), the question denying nothing itself."""
    if DENIALS & set(reading.tokens):
        return False
    asked = reading.concepts - {"imo"}
    read = read_concepts(tokens_of(text))
    return any(
        concept in asked and any(word in DENIALS for _, words in read[max(0, at - 2) : at] for word in words)
        for at, (concept, _) in enumerate(read)
    )


def with_premise(text: str, check: Check, reading: Reading) -> str:
    """The passage's text, after "Not quite" and what was wrong, "Yes" for a confirmed claim, or
    "No" when the passage denies what a yes-or-no question asks about."""
    if check.wrong:
        return t(
            reading.language,
            "Not quite ({corrections}): {text}",
            corrections="; ".join(check.wrong),
            text=text,
        )
    if check.confirmed and "yes_no" in reading.cues:
        return t(reading.language, "Yes: {text}", text=text)
    if "yes_no" in reading.cues and denies(reading, text):
        return t(reading.language, "No: {text}", text=text)
    return text


# --------------------------------------------------------------------------- small sums


def labels_in(reading: Reading, figures: dict[str, float]) -> tuple[list[str], list[str]]:
    """The figure labels the question names, in order, and those it names as left out ("non-framework",
    "not letters of agreement", "leaving aside the IPAs", "other than MoUs")."""
    named: list[str] = []
    negated: list[str] = []
    before: list[str] = []
    for concept, phrase in read_concepts(reading.tokens):
        term = f"@{concept}" if concept else stem(phrase[0])
        label = LABEL_TERMS.get(term)
        recent = before[-3:]
        left_out = bool(NEGATIONS & set(recent)) or before[-2:] == ["other", "than"]
        found = negated if left_out else named
        before.extend(phrase)
        if label and label in figures and label != "total" and label not in found:
            found.append(label)
    return named, negated


IN_ALL = N_("{total} {scope} in all: {parts}{when}.")
MORE_THAN = N_("There are {gap} more {more} ({first}) than {fewer} ({second}){when}.")
NOT_OF_KIND = N_("{rest} of the {total} partnership arrangements in force are not {kind}: {others}{when}.")


def arithmetic(reading: Reading, passage: Passage) -> str | None:
    """A sum, difference or complement of the passage's published counts that the question asks,
    or the total of its parts ("how many programmes in total" of 16 global and 8 regional)."""
    language = reading.language
    figures = passage.figure
    named, negated = labels_in(reading, figures)
    named = [label for label in named if label not in AMOUNT_LABELS]
    cues = reading.cues
    when = " " + t(language, "as at {date}", date=passage.as_at) if passage.as_at else ""
    counted = "count" in reading.asks or "=" in reading.text
    summed = "sum" in cues and bool(NUMERIC_SUM & set(reading.tokens) or "+" in reading.text)

    def shown(label: str) -> str:
        return figure_text(figures[label], language)

    def listed(labels: Sequence[str]) -> str:
        return t(language, " and ").join(f"{shown(label)} {plural_name(language, label)}" for label in labels)

    scope = _scope(passage, language)
    if len(named) >= 2 and (summed or (counted and ("sum" in cues or _says_total(reading)))):
        total = figure_text(sum(figures[label] for label in named), language)
        return t(language, IN_ALL, total=total, scope=scope, parts=listed(named), when=when)
    if len(named) == 2 and "difference" in cues and counted:
        first, second = sorted(named, key=lambda label: -figures[label])
        gap = figure_text(figures[first] - figures[second], language)
        more, fewer = plural_name(language, first), plural_name(language, second)
        return t(language, MORE_THAN, gap=gap, more=more, first=shown(first), fewer=fewer,
                 second=shown(second), when=when)  # fmt: skip
    excluded = negated or (named if "complement" in cues else [])
    if len(excluded) == 1 and not set(named) - set(excluded) and counted and "total" in figures:
        (label,) = excluded
        others = [other for other in NATURES if other != label and other in figures]
        rest = figure_text(figures["total"] - figures[label], language)
        kind = plural_name(language, label)
        return t(language, NOT_OF_KIND, rest=rest, total=shown("total"), kind=kind, others=listed(others),
                 when=when)  # fmt: skip
    counts = [label for label in figures if label not in AMOUNT_LABELS]
    about_parts = any(token.startswith("program") for token in reading.tokens)  # "programmes in total"
    if (
        not named
        and about_parts
        and counted
        and _says_total(reading)
        and "total" not in figures
        and len(counts) >= 2
    ):
        total = figure_text(sum(figures[label] for label in counts), language)
        return t(language, IN_ALL, total=total, scope=scope, parts=listed(counts), when=when)
    return None


def _says_total(reading: Reading) -> bool:
    return bool(TOTAL_WORDS & set(reading.tokens))


def _scope(passage: Passage, language: str) -> str:
    if {"global", "regional"} <= passage.figure.keys():
        if passage.as_at:
            return t(language, "programmes ({period} ITCP)", period=passage.as_at)
        return t(language, "programmes")
    return t(language, "arrangements")


# --------------------------------------------------------------------------- forms of support


@dataclass(frozen=True)
class Support:
    name: str
    nature: str
    in_kind: bool
    label: dict[str, str]
    triggers: tuple[tuple[tuple[str, ...], ...], ...]


@cache
def supports() -> tuple[Support, ...]:
    with open(VOCABULARY_FILE, "rb") as handle:
        rows = tomllib.load(handle).get("support", [])
    return tuple(
        Support(
            row["name"],
            row["nature"],
            bool(row["in_kind"]),
            dict(row["label"]),
            tuple(
                tuple(tuple(s.strip() for s in group.split("|")) for group in trigger)
                for trigger in row["triggers"]
            ),
        )
        for row in rows
    )


def _has_stem(tokens: Sequence[str], plain: str, prefixes: Sequence[str]) -> bool:
    for prefix in prefixes:
        if " " in prefix:
            if f" {prefix}" in f" {plain}":
                return True
        elif any(token.startswith(prefix) for token in tokens):
            return True
    return False


def support_named(reading: Reading) -> Support | None:
    """The form of support a question describes (a free expert, hosting an event...), if one."""
    plain = " ".join(tokens_of(reading.text))
    for support in supports():
        for trigger in support.triggers:
            if all(_has_stem(reading.tokens, plain, group) for group in trigger):
                return support
    return None


def support_reply(reading: Reading, support: Support) -> str | None:
    """Which arrangement the described support falls under, correcting a wrong kind if one is named."""
    named = [n for n in NATURES if f"@{n}" in reading.terms]
    if "kind_of" not in reading.cues and not (named and "yes_no" in reading.cues):
        return None  # a question naming a kind of support without asking which arrangement it is
    language = reading.language
    nature = kind_name(language, support.nature)
    label = support.label.get(language) or support.label.get("en", support.name)
    label = label[0].upper() + label[1:]
    if support.in_kind:
        text = t(language, "{support} is in-kind support, which IMO receives under {nature}.", support=label,
                 nature=nature)  # fmt: skip
    else:
        text = t(language, "{support} is given under {nature}.", support=label, nature=nature)
    if named and support.nature not in named:
        return t(language, "No: {text} (not under {other}).", text=text, other=kind_name(language, named[0]))
    if named or "yes_no" in reading.cues:
        return t(language, "Yes: {text}", text=text)
    return text


# --------------------------------------------------------------------------- expansions


def abbreviations_in(reading: Reading) -> list[str]:
    """The abbreviations of the field a question names as typed ("SIDS", "LC/LP"), in order."""
    table = vocabulary()
    found: list[str] = []
    tokens = tokens_of(reading.text)
    index = 0
    while index < len(tokens):
        for size in (2, 1):
            phrase = tuple(tokens[index : index + size])
            concept = table.abbreviations.get(phrase)
            if concept and len(phrase) == size:
                if concept not in found:
                    found.append(concept)
                index += size
                break
        else:
            index += 1
    return found


def expansion_reply(reading: Reading, concepts: Sequence[str]) -> str | None:
    table = vocabulary()
    parts = []
    for concept in concepts:
        entry = table.concepts[concept]
        expansion = entry.expansion.get(reading.language) or entry.expansion.get("en")
        if expansion:
            shown = _as_typed(reading, entry.abbreviations)
            parts.append(t(reading.language, "{abbreviation} stands for {expansion}", abbreviation=shown,
                           expansion=expansion))  # fmt: skip
    return "; ".join(parts) + "." if parts else None


def _as_typed(reading: Reading, abbreviations: Sequence[str]) -> str:
    """The abbreviation the question used (PICT, not ITCP, in a French question), in capitals."""
    typed = set(tokens_of(reading.text))
    for abbreviation in abbreviations:
        if set(tokens_of(abbreviation)) <= typed:
            return abbreviation.upper().replace(" ", "/")
    return abbreviations[0].upper().replace(" ", "/")


# --------------------------------------------------------------------------- refusals

DECLINE_LEADS = {
    "unsure": N_("I couldn't find an answer to that in what I know, so I won't guess."),
    "missing_year": N_("I don't have that figure for {years}: the figures I hold are as at {as_at}."),
    "other_year": N_("I only know of the one in {as_at}, not {years}."),
    "breakdown": N_("I don't have that breakdown: it is not in the figures published so far."),
    "advice": N_("I can't give legal or policy advice; the Partnerships Section can discuss your case."),
    "prediction": N_("I can't forecast figures or dates: I only give the published ones."),
    "person": N_(
        "I don't hold people's names or contact details, only the NKPOs on record in the directory "
        "(`/nkpo <country>`)."
    ),
    "names": N_(
        "I don't have the partners' names here: the full list is the annex to document TC 74/4(a), which "
        "the Partnerships Section keeps, and `/partnerships` searches the arrangements on record."
    ),
    "unpublished": N_("I don't have {what} for that: it is not in what has been published to me."),
    "nkpo_not_on_record": N_(
        "No NKPO is on record for {country}. Its Government can designate one with the form in Circular "
        "Letter No.4004."
    ),
}
WHAT_IS_MISSING = {
    "count": N_("a count"),
    "amount": N_("an amount"),
    "date": N_("a date"),
    "place": N_("a place"),
    "deadline": N_("a deadline"),
    "entry_into_force": N_("a date of entry into force"),
    "person": N_("a name"),
    "expansion": N_("an expansion"),
}

NEARBY = N_("What I know nearby: {text}")


def decline_lead(language: str, reason: str, **values: str) -> str:
    return t(language, DECLINE_LEADS[reason], **values)
