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

from bot.services.answers.knowledge import Passage
from bot.services.answers.reading import Number, Reading
from bot.services.vocabulary import VOCABULARY_FILE, read_concepts, stem, tokens_of, vocabulary

NATURES = ("loa", "mou", "ipa")
NATURE_NAMES = {
    "loa": ("letters of agreement (LoAs)", "letter of agreement (LoA)"),
    "mou": ("MoUs or framework agreements", "memorandum of understanding (MoU) or framework agreement"),
    "ipa": ("implementing partner agreements (IPAs)", "implementing partner agreement (IPA)"),
    "total": ("partnership arrangements", "partnership arrangement"),
    "global": ("global programmes", "global programme"),
    "regional": ("regional programmes", "regional programme"),
    "budget": ("the budget", "the budget"),
}
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


def figure_text(value: float) -> str:
    return f"{value:,.0f}" if value >= 10_000 else f"{value:g}"


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
    wrong: list[str] = []
    confirmed = False
    primary = passage.key.split(":", 1)[1] if passage.kind == "snapshot" else None
    for number in reading.numbers:
        label = label_of(number, figures)

        if label is None and number.amount and "budget" in figures:
            label = "budget"
        if label is None and primary in figures and not number.amount:
            label = primary
        if label is None:
            continue
        actual = figures[label]
        if abs(actual - number.value) < 0.5:
            confirmed = True
            continue
        other = _named_by(number.value, figures, label)
        note = f" ({figure_text(number.value)} is the number of {NATURE_NAMES[other][0]})" if other else ""
        wrong.append(f"{figure_text(actual)}, not {figure_text(number.value)}{note}")
    if passage.years and not passage.period:
        claimed = reading.years - passage.years
        if claimed and not (reading.years & passage.years):
            wrong.append(f"{_years(passage.years)}, not {_years(claimed)}")
        elif reading.years & passage.years:
            confirmed = True
    if corrected_symbol is not None:
        typed, symbol = corrected_symbol
        wrong.append(f"{symbol}, not {typed}")
    return Check(tuple(wrong), confirmed)


def _named_by(value: float, figures: dict[str, float], besides: str) -> str | None:
    for label, figure in figures.items():
        if label != besides and abs(figure - value) < 0.5 and label in NATURE_NAMES:
            return label
    return None


def _years(years: frozenset[int]) -> str:
    return "-".join(str(y) for y in sorted(years)) if len(years) == 2 else ", ".join(map(str, sorted(years)))


def with_premise(text: str, check: Check, reading: Reading) -> str:
    """The passage's text, after "Not quite" and what was wrong, or "Yes" for a confirmed claim."""
    if check.wrong:
        return f"Not quite ({'; '.join(check.wrong)}): {text}"
    if check.confirmed and "yes_no" in reading.cues:
        return f"Yes: {text}"
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


NEGATIONS = frozenset({"non", "not", "excluding", "except", "aside", "without", "besides", "apart", "sauf",
                       "hors", "excepto", "sin", "pas", "exclu", "excluant", "excluyendo"})  # fmt: skip
NUMERIC_SUM = frozenset({"plus", "add", "together", "combined", "sum", "altogether", "ensemble", "juntos",
                         "juntas", "suma", "additionne", "sumar"})  # fmt: skip


def arithmetic(reading: Reading, passage: Passage) -> str | None:
    """A sum, difference or complement of the passage's published counts that the question asks,
    or the total of its parts ("how many programmes in total" of 16 global and 8 regional)."""
    figures = passage.figure
    named, negated = labels_in(reading, figures)
    named = [label for label in named if label not in AMOUNT_LABELS]
    cues = reading.cues
    when = f" as at {passage.as_at}" if passage.as_at else ""
    counted = "count" in reading.asks or "=" in reading.text
    summed = "sum" in cues and bool(NUMERIC_SUM & set(reading.tokens) or "+" in reading.text)
    if len(named) >= 2 and (summed or (counted and ("sum" in cues or _says_total(reading)))):
        parts = " and ".join(f"{figure_text(figures[label])} {NATURE_NAMES[label][0]}" for label in named)
        return (
            f"{figure_text(sum(figures[label] for label in named))} {_scope(passage)} in all: {parts}{when}."
        )
    if len(named) == 2 and "difference" in cues and counted:
        first, second = sorted(named, key=lambda label: -figures[label])
        gap = figures[first] - figures[second]
        return (
            f"There are {figure_text(gap)} more {NATURE_NAMES[first][0]} ({figure_text(figures[first])}) "
            f"than {NATURE_NAMES[second][0]} ({figure_text(figures[second])}){when}."
        )
    excluded = negated or (named if "complement" in cues else [])
    if len(excluded) == 1 and not set(named) - set(excluded) and counted and "total" in figures:
        (label,) = excluded
        others = " and ".join(
            f"{figure_text(figures[other])} {NATURE_NAMES[other][0]}"
            for other in NATURES
            if other != label and other in figures
        )
        return (
            f"{figure_text(figures['total'] - figures[label])} of the {figure_text(figures['total'])} "
            f"partnership arrangements in force are not {NATURE_NAMES[label][0]}: {others}{when}."
        )
    counts = {label: value for label, value in figures.items() if label not in AMOUNT_LABELS}
    if not named and counted and _says_total(reading) and "total" not in figures and len(counts) >= 2:
        parts = " and ".join(
            f"{figure_text(value)} {NATURE_NAMES[label][0]}" for label, value in counts.items()
        )
        return f"{figure_text(sum(counts.values()))} {_scope(passage)} in all: {parts}{when}."
    return None


def _says_total(reading: Reading) -> bool:
    return bool({"total", "all", "altogether", "overall", "tout", "todos", "todas"} & set(reading.tokens))


def _scope(passage: Passage) -> str:
    if {"global", "regional"} <= passage.figure.keys():
        return "programmes" + (f" ({passage.as_at} ITCP)" if passage.as_at else "")
    return "arrangements"


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


ASKS_KIND = frozenset({"@loa", "@mou", "@ipa", "@in_kind", "arrang", "agreement", "instrument", "categori",
                       "financi", "fall", "treat", "classifi", "accord", "acuerdo", "arreglo", "instrumento",
                       "type", "kind", "count", "consid", "cover"})  # fmt: skip


def support_reply(reading: Reading, support: Support) -> str | None:
    """Which arrangement the described support falls under, correcting a wrong kind if one is named."""
    asked = set(reading.terms) | {stem(token) for token in reading.tokens}
    if not ASKS_KIND & asked:
        return None
    nature_long = NATURE_NAMES[support.nature][1]
    label = support.label.get("en", support.name)
    if support.in_kind:
        text = f"{label[0].upper()}{label[1:]} is in-kind support, which IMO receives under a {nature_long}."
    else:
        text = f"{label[0].upper()}{label[1:]} is given under a {nature_long}."
    named = [n for n in NATURES if f"@{n}" in reading.terms]
    if named and support.nature not in named:
        return f"No: {text} (not under an {NATURE_NAMES[named[0]][1]})."
    if named or "yes_no" in reading.cues:
        return f"Yes: {text}"
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
        expansion = entry.expansion.get("en")
        if expansion:
            shown = entry.abbreviations[0].upper().replace(" ", "/")
            parts.append(f"{shown} stands for {expansion}")
    return "; ".join(parts) + "." if parts else None


# --------------------------------------------------------------------------- refusals

DECLINE_LEADS = {
    "unsure": "I couldn't find an answer to that in what I know, so I won't guess.",
    "missing_year": "I don't have that figure for {years}: the figures I hold are as at {as_at}.",
    "other_year": "I only know of the one in {as_at}, not {years}.",
    "breakdown": "I don't have that breakdown: it is not in the figures published so far.",
    "advice": "I can't give legal or policy advice; the Partnerships Section can discuss your case.",
    "prediction": "I can't forecast figures: I only give the published ones.",
    "person": (
        "I don't hold people's names or contact details, only the NKPOs on record in the directory "
        "(`/nkpo <country>`)."
    ),
    "names": (
        "I don't have the partners' names here: the full list is the annex to document TC 74/4(a), which "
        "the Partnerships Section keeps, and `/partnerships` searches the arrangements on record."
    ),
    "unpublished": "I don't have {what} for that: it is not in what has been published to me.",
    "nkpo_not_on_record": (
        "No NKPO is on record for {country}. Its Government can designate one with the form in Circular "
        "Letter No.4004."
    ),
}
WHAT_IS_MISSING = {
    "count": "a count", "amount": "an amount", "date": "a date", "place": "a place", "deadline": "a deadline",
    "entry_into_force": "a date of entry into force", "person": "a name",
}  # fmt: skip


def decline_lead(reason: str, **values: str) -> str:
    return DECLINE_LEADS[reason].format(**values)
