"""Ranking passages for a question: how much of what it asks each one covers.

A question's terms weigh by how rare they are in the knowledge (inverse document frequency over
the passages), so a symbol or "Djibouti" counts for more than "programme". A passage's score is
the share of the question's weight it covers, its heading terms (title, phrasings) counting in
full and its text's a little less, times how much of its closest heading the question holds
("what exactly is a letter of agreement" holds all of "What is a letter of agreement?"). Words
the knowledge has never seen ("weather", "AFCON") keep a weight of their own, so a question about
something else is not answered because it shares one common word with a passage; filler never
counts (bot.services.answers.reading).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.services.answers.knowledge import Passage

UNKNOWN_SHARE = 0.45  # an unknown word weighs this share of the rarest known term's weight
SYMBOL_WEIGHT = 3.0  # a document symbol named in the question, as a share of the rarest weight
HEADING_FLOOR = 0.6  # the share of its score a passage keeps when the question holds none of a heading
PAIR_BONUS = 0.04  # for each pair of terms that stand together in the question and in the passage
MAX_PAIRS = 3


@dataclass(frozen=True)
class Scored:
    passage: Passage
    score: float
    matched: tuple[str, ...]


class Index:
    """Passages with the weights of their terms."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        frequency: Counter[str] = Counter()
        for passage in self.passages:
            frequency.update(term for term, _ in passage.terms)
        self.frequency = frequency
        self.size = max(len(self.passages), 1)
        self.rarest = math.log(1 + self.size / 0.5)
        self.words = frozenset().union(*(p.words for p in self.passages)) if self.passages else frozenset()

    def weight(self, term: str) -> float:
        count = self.frequency.get(term, 0)
        if count == 0:
            return self.rarest * UNKNOWN_SHARE
        return math.log(1 + self.size / (count + 0.5))

    def rank(
        self, terms: Sequence[str], symbols: frozenset[str] = frozenset(), extra: Sequence[Passage] = ()
    ) -> list[Scored]:
        """Passages (these and `extra`, scored with these weights) by the share of the question's
        weight they cover; a passage about a symbol the question names gets that symbol's weight."""
        query = Counter(terms)
        pairs = set(itertools.pairwise(terms))
        weights = {term: self.weight(term) * times for term, times in query.items()}
        symbol_weight = self.rarest * SYMBOL_WEIGHT if symbols else 0.0
        total = sum(weights.values()) + symbol_weight
        if total <= 0:
            return []
        ranked = []
        for passage in [*self.passages, *extra]:
            mine = passage.term_weights
            matched = [term for term in weights if term in mine]
            covered = sum(weights[term] * mine[term] for term in matched)
            if symbols and passage.symbols & symbols:
                covered += symbol_weight
                matched.append("§symbol")
            if covered <= 0:
                continue
            heading = max((self._held(heading, weights) for heading in passage.headings), default=0.0)
            score = covered / total * (HEADING_FLOOR + (1 - HEADING_FLOOR) * heading)
            shared = sum(pair in passage.pairs for pair in pairs)
            score += min(shared, MAX_PAIRS) * PAIR_BONUS
            ranked.append(Scored(passage, score, tuple(sorted(matched))))
        # Between equals: the passage that says what something is before one that also gives figures
        # or dates, the written answer before records.
        ranked.sort(
            key=lambda s: (
                -s.score,
                len(s.passage.provides),
                KIND_ORDER.get(s.passage.kind, 9),
                s.passage.key,
            )
        )

        return ranked

    def _held(self, heading: frozenset[str], weights: dict[str, float]) -> float:
        """The share of a heading's weight that the question holds."""
        whole = sum(self.weight(term) for term in heading)
        return sum(self.weight(term) for term in heading if term in weights) / whole if whole else 0.0


# Between passages that cover a question equally, the written answer first, then the figures, the
# programmes, and the records.
KIND_ORDER = {"card": 0, "snapshot": 1, "programme": 2, "nkpo": 3, "document": 4, "announcement": 5}
