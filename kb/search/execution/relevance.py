"""Relevance beyond BM25: how much of the question a document holds, weighed by specificity.

BM25 sums a score per matched word, so a document matching three common words of a long
question (high-end, talent, criteria) outranks the one matching its rare word (Turing). Here
each content word of the query is a concept (:class:`~..query.plan.Concept`) weighing its
inverse document frequency, and a document's **coverage** is the share of the query's IDF mass
it holds (its expansion into the other language counts :data:`WIDER_CREDIT` of the word itself,
a typo's correction or a compound it begins :data:`NEAR_CREDIT`; a word found only that way weighs
as a word found nowhere, and an English word typed beside a word found nowhere, as in "bank
account", counts :data:`NEAR_CREDIT` too). The score is multiplied by a coordination factor
that grows with coverage (:func:`coordinate`), and coverage is also each hit's
**confidence**: when the best hit holds too little of the question (below
:data:`CONFIDENT`), nothing answers it.

**Proximity**: a passage whose matched words stand close together (within :data:`WINDOW`
tokens in one field) holds the question's phrase more nearly than one that scatters them;
each close pair of concepts typed together (one language run: 第十一条 and a law's name, apart,
are two pieces, and a passage citing "the law's Article 11" is not nearer for it) adds a little
(:data:`PROXIMITY_BONUS`), computed over the index's token positions for the best matches at once.

Everything is arrays over the matches (index-sized masks per concept, postings the query's
execution has already read and cached), so the cost is a few array operations per word.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..query.plan import Concept, Group
from .scoring import POSITION_STRIDE, Matches, PostingsScorer

# A word found only through its translation counts this share of the word itself; through a
# typo's correction or a compound it begins (bank → back), this less sure share.
WIDER_CREDIT = 0.8
NEAR_CREDIT = 0.5
# The score is multiplied by FLOOR + (1 - FLOOR) * coverage ** POWER: holding all the question's
# specific words matters more than matching its common words often.
FLOOR = 0.05
POWER = 3.0
# A word the query holds that a passage or section lacks but its document's title or an
# enclosing heading states ("… under Beijing's talent criteria": 认定标准 is the annex's title,
# not the award clause's words) counts this share, among the best CONTEXT_CANDIDATES matches.
CONTEXT_CREDIT = 0.5
CONTEXT_CANDIDATES = 100
# Below this coverage the best hit does not answer the question (``no_confident_match``).
CONFIDENT = 0.4
# Two matched concepts within this many tokens of each other in one field are close.
WINDOW = 6
PROXIMITY_BONUS = 0.05
# At most this many close pairs count: proximity orders near-equals, it does not outweigh
# what the words themselves say (a passage citing a law by its name holds that name's words
# close together, not the law's own article).
CLOSE_PAIRS = 3
# Proximity is looked for among the best this-many matches (positions cost per occurrence).
PROXIMITY_CANDIDATES = 200


class Relevance:
    """Coverage, confidence and proximity of one query's matches."""

    def __init__(self, scorer: PostingsScorer, concepts: list[Concept],
                 context: Callable[[int], frozenset[str]] | None = None):
        self.scorer = scorer
        self.concepts = concepts
        self.size = scorer.size
        # The index words of a document's context (its document's title, its enclosing
        # headings), by document number; empty for what has none.
        self.context = context

    def _mask(self, groups: list[Group]) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        for field_name, words in groups:
            ids = self.scorer.term_scores(field_name, words[0], 1.0)[0]
            for word in words[1:]:
                ids = np.intersect1d(ids, self.scorer.term_scores(field_name, word, 1.0)[0], assume_unique=True)
            mask[ids] = True
        return mask

    def coverage(self, matches: Matches | None = None) -> np.ndarray | None:
        """Each document's share of the query's IDF mass (0-1), the best of ``matches`` also
        credited for their context; None when the query has no content word to weigh."""
        if not self.concepts:
            return None
        found = [self._credit(concept) for concept in self.concepts]
        held = np.zeros(self.size, dtype=np.float64)
        weights, absent = [], 0
        credits: list[tuple[float, np.ndarray, Concept]] = []
        for i, (concept, (credit, frequency)) in enumerate(zip(self.concepts, found)):
            if not frequency and not credit.any():
                absent += 1
                continue
            if frequency and self._beside_unknown(i, found):
                credit = credit * NEAR_CREDIT
            # A word found only through a guess at what was meant (bank → back) weighs as a word
            # found nowhere: how common the guess is says nothing about how specific the word is.
            idf = math.log(self.size / (frequency + 1)) + 1 if frequency else math.log(self.size) + 1
            weights.append(idf)
            held += idf * credit
            credits.append((idf, credit, concept))
        if matches is not None and self.context is not None:
            self._credit_context(held, credits, matches)
        # A word nothing holds (laureate, tourists) weighs as its inverse document frequency
        # says: found nowhere, it is rarer than any word found once. It lowers every document's
        # share alike, so it tells confidence, never the ranking.
        total = sum(weights) + absent * (math.log(self.size) + 1)
        return held / total if total else None

    def _credit(self, concept: Concept) -> tuple[np.ndarray, int]:
        """Where the concept is held (1 for the word itself, else its expansion's share, else a
        near form's) and in how many documents the word or its translation stands (0: only a
        guess at what was meant finds anything, or nothing does)."""
        own = self._mask(concept.own)
        # A concept without expansions or near forms (most) needs no more than its own mask.
        credit = own.astype(np.float64)
        frequency = int(own.sum())
        for groups, share in ((concept.wider, WIDER_CREDIT), (concept.near, NEAR_CREDIT)):
            if groups:
                credit = np.where(credit > 0, credit, self._mask(groups) * share)
                if share == WIDER_CREDIT and not frequency:
                    # Found only in the other language: the same word, as specific as there.
                    frequency = int(np.count_nonzero(credit))
        return credit, frequency

    def _beside_unknown(self, i: int, found: list[tuple[np.ndarray, int]]) -> bool:
        """Whether English concept ``i`` was typed next to a word the knowledge base has nowhere
        (neither it nor its translation): "bank account", "minimum wage", "driving licence" name
        one thing, and where the corpus has "account" or "drive" alone it is in another sense, so
        the word counts a near form's share. Chinese runs are left alone: their words follow one
        another without spaces, and a missing verb or measure word beside a noun is common."""
        concept = self.concepts[i]
        if concept.lang != "en":
            return False
        return any(0 <= j < len(self.concepts) and not found[j][1] and self.concepts[j].lang == "en"
                   and self.concepts[j].run == concept.run for j in (i - 1, i + 1))

    def _credit_context(self, held: np.ndarray, credits: list[tuple[float, np.ndarray, Concept]],
                        matches: Matches) -> None:
        hits = np.flatnonzero(matches.mask)
        if len(hits) > CONTEXT_CANDIDATES:
            hits = hits[np.argpartition(-matches.scores[hits], CONTEXT_CANDIDATES - 1)[:CONTEXT_CANDIDATES]]
        # Which concepts each word names (a concept by its own words, translations and itself),
        # so a context is met with one set intersection, and only the concepts it names are tried.
        naming: dict[str, list[int]] = {}
        for k, (_, _, c) in enumerate(credits):
            for word in {w for _, words in c.own + c.wider for w in words} | {c.word}:
                naming.setdefault(word, []).append(k)
        names = frozenset(naming)
        for d in hits.tolist():
            words = self.context(d)
            if not words:
                continue
            common = names.intersection(words)
            if not common:
                continue
            # In the concepts' order, as the credits are summed.
            for k in sorted({k for word in common for k in naming[word]}):
                idf, credit, _ = credits[k]
                if credit[d] < CONTEXT_CREDIT:
                    held[d] += idf * (CONTEXT_CREDIT - credit[d])

    def proximity(self, matches: Matches, allowed: np.ndarray) -> np.ndarray:
        """A bonus factor per document (1 where no two concepts stand close) for the best
        :data:`PROXIMITY_CANDIDATES` matches."""
        bonus = np.ones(self.size, dtype=np.float64)
        table = self.scorer.lists.table
        runs = [c.run for c in self.concepts]
        if table is None or len(set(runs)) == len(runs):
            return bonus  # no two concepts typed together: no pair to find close
        hits = np.flatnonzero(matches.mask & allowed)
        if not len(hits):
            return bonus
        if len(hits) > PROXIMITY_CANDIDATES:
            hits = hits[np.argpartition(-matches.scores[hits], PROXIMITY_CANDIDATES - 1)[:PROXIMITY_CANDIDATES]]
        candidate = np.zeros(self.size, dtype=bool)
        candidate[hits] = True
        pairs = np.zeros(self.size, dtype=np.float64)
        for field_name in {g[0] for c in self.concepts for g in c.own if g[0].startswith("body")}:
            found = [(i, self._places(field_name, c, candidate)) for i, c in enumerate(self.concepts)]
            found = [(i, p) for i, p in found if len(p)]
            if len({runs[i] for i, _ in found}) < len(found):  # two concepts of one run occur
                pairs += _close_pairs(found, runs, self.size)
        return bonus + PROXIMITY_BONUS * np.minimum(pairs, CLOSE_PAIRS)

    def _places(self, field_name: str, concept: Concept, candidate: np.ndarray) -> np.ndarray:
        """The concept's own words' occurrences in ``field_name`` in the ``candidate`` documents
        (a mask over the index), as document × stride + position, sorted."""
        table = self.scorer.lists.table
        if not table.holds(field_name):
            return np.empty(0, dtype=np.int64)
        found = []
        for group_field, words in concept.own:
            if group_field != field_name or len(words) != 1:
                continue
            # The scorer's places of the word (cached: its phrases read the same words).
            places = self.scorer.places(field_name, words[0])
            found.append(places[candidate[places // POSITION_STRIDE]])
        return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)


def _close_pairs(found: list[tuple[int, np.ndarray]], runs: list[int], size: int) -> np.ndarray:
    """Per document, how many pairs of concepts typed together (one run) have occurrences within
    :data:`WINDOW` tokens of each other. ``found``: (concept index, its sorted places) per
    concept that occurs.

    All occurrences are merged into one sorted sequence, so a pair is close when two
    occurrences a few steps apart in it are within the window: one pass per step (at most a few
    steps, since places in a window are few), whatever the number of concepts."""
    places = np.concatenate([p for _, p in found])
    concept = np.concatenate([np.full(len(p), i, dtype=np.int64) for i, p in found])
    order = np.argsort(places, kind="stable")
    places, concept = places[order], concept[order]
    run = np.asarray(runs, dtype=np.int64)[concept]
    count = len(runs)
    codes = []
    for step in range(1, len(places)):
        near = places[step:] - places[:-step] <= WINDOW  # same document: the stride is far wider
        if not near.any():
            break
        a, b = concept[:-step][near], concept[step:][near]
        keep = (a != b) & (run[:-step][near] == run[step:][near])
        docs = places[step:][near][keep] // POSITION_STRIDE
        lo, hi = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
        codes.append((docs * count + lo) * count + hi)
    pairs = np.zeros(size, dtype=np.float64)
    if codes:
        unique = np.unique(np.concatenate(codes))
        np.add.at(pairs, unique // (count * count), 1)
    return pairs


def coordinate(coverage: np.ndarray) -> np.ndarray:
    """The factor a score is multiplied by for the share of the question a document holds."""
    return FLOOR + (1 - FLOOR) * coverage ** POWER
