"""Query execution: BM25F over the Whoosh index's postings, vectorised with numpy.

Whoosh builds and stores the index (postings, positions, field lengths,
stored fields), and its query objects describe what to find. Executing those
queries with Whoosh's own matchers costs a Python call per posting per query
node; the queries here have dozens of nodes (each word in three fields, an
all-words clause, a phrase clause, expansions into the other language), and
facets need every match, not just the top ten. So the common node types are
executed here instead, a whole posting list at a time:

- a **term** is its posting list, read once from Whoosh and cached as arrays
  (document numbers, weights), scored with Whoosh's own BM25F formula
  (``idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avglength))``,
  the same quantised field lengths, the same idf) times the query's boost;
- **Or** is the union of its children, scored by the sum of their scores;
  **And** the intersection, scored the same way; a compound's boost
  multiplies its sum, as in Whoosh;
- a **phrase** matches where the index's token positions have its words one
  after another, and scores like the And of its words;
- **Every** matches every document.

Any other node (wildcards, fuzzy terms, ranges, NOT from the query syntax) is
run with Whoosh's matcher and its matches and scores are taken as they are,
so every query Whoosh can answer can be answered here, with the same result
set.

A result is a pair of arrays the size of the index: which documents match,
and their scores. Filters, facet counts and the top-N are array operations
on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.query import And, Every, Or, Phrase, Query, Term
from whoosh.util.numeric import byte_to_length

# Whoosh's BM25F defaults, which the index was always searched with.
K1 = 1.2
B = 0.75
# Posting lists kept in memory, counted in postings (a few MB of arrays).
CACHE_POSTINGS = 2_000_000

_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


@dataclass
class Matches:
    """Which documents a query node matches, and their scores (both index-sized arrays)."""

    mask: np.ndarray
    scores: np.ndarray


class PostingsScorer:
    """Executes Whoosh query trees against one open Whoosh searcher."""

    def __init__(self, searcher: Any):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        # Posting arrays by (field, word); their BM25F scores by ("bm25", field, word);
        # position tables by ("positions", field, word).
        self._postings: dict[tuple[str, ...], Any] = {}
        self._cached = 0
        self._lengths: dict[str, np.ndarray] = {}

    # -- index statistics -----------------------------------------------------------------
    def field_lengths(self, field: str) -> np.ndarray:
        """Every document's (quantised) length in ``field``, as Whoosh's scorer sees it."""
        lengths = self._lengths.get(field)
        if lengths is None:
            lengths = np.zeros(self.size, dtype=np.float64)
            for leaf, base in self.reader.leaf_readers():
                # Whoosh keeps each document's length as one byte in a column; reading the
                # column whole is one call instead of one per document.
                column = leaf._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
                if column is not None:
                    codes = np.frombuffer(column.load(), dtype=np.uint8)
                    lengths[base:base + len(codes)] = _BYTE_TO_LENGTH[codes]
            self._lengths[field] = lengths
        return lengths

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The document numbers holding ``text`` in ``field`` and its weight in each."""
        key = (field, text)
        found = self._postings.get(key)
        if found is not None:
            return found
        ids: list[int] = []
        weights: list[float] = []
        for base, block_ids, block_weights, _ in self._blocks(field, text, values=False):
            ids.extend([d + base for d in block_ids] if base else block_ids)
            weights.extend(block_weights)
        found = (np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64))
        self._remember(key, found, len(ids))
        return found

    def _remember(self, key: tuple[str, ...], value: Any, size: int) -> None:
        # Emptied whole when full: simple, and the words people search for come back at once.
        if self._cached + size > CACHE_POSTINGS:
            self._postings.clear()
            self._cached = 0
        self._postings[key] = value
        self._cached += size

    def _blocks(self, field: str, text: str, values: bool) -> Iterator[tuple[int, Sequence[int], Sequence[float],
                                                                             Sequence[Any]]]:
        """A term's postings a block at a time: (document base, ids, weights, encoded values)."""
        for leaf, base in self.reader.leaf_readers():
            if (field, text) not in leaf:
                continue
            matcher = leaf.postings(field, text)
            if isinstance(matcher, W3LeafMatcher):
                # Whole blocks as Whoosh stores them (128 postings, one unpickling each), instead
                # of three method calls per posting: the difference is most of a cold query's time.
                while matcher.is_active():
                    matcher._read_ids()
                    matcher._read_weights()
                    if values:
                        matcher._read_values()
                    yield base, matcher._ids, matcher._weights, matcher._values if values else ()
                    matcher._next_block()
                continue
            ids, weights, encoded = [], [], []
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                if values:
                    encoded.append(matcher.value())
                matcher.next()
            yield base, ids, weights, encoded

    def term_scores(self, field: str, text: str, boost: float) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding ``text`` in ``field`` and their BM25F scores times ``boost``."""
        key = ("bm25", field, text)
        found = self._postings.get(key)
        if found is None:
            ids, weights = self.postings(field, text)
            idf = math.log(self.size / (len(ids) + 1)) + 1
            avg = (self.reader.field_length(field) / (self.size or 1)) or 1
            lengths = self.field_lengths(field)[ids]
            found = (ids, idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / avg)))
            self._remember(key, found, len(ids))
        ids, scores = found
        return ids, scores * boost

    # -- execution --------------------------------------------------------------------------
    def run(self, query: Query) -> Matches:
        """The documents ``query`` matches and their BM25F scores."""
        if isinstance(query, Term):
            matches = self._empty()
            ids, scores = self.term_scores(query.fieldname, query.text, query.boost)
            matches.mask[ids] = True
            matches.scores[ids] = scores
            return matches
        if isinstance(query, Or):
            if not query.subqueries:
                return self._empty()
            parts = [self.run(q) for q in query.subqueries]
            mask = np.logical_or.reduce([p.mask for p in parts])
            scores = np.add.reduce([p.scores for p in parts]) * query.boost
            return Matches(mask, scores)
        if isinstance(query, And):
            if not query.subqueries:
                return self._empty()
            parts = [self.run(q) for q in query.subqueries]
            mask = np.logical_and.reduce([p.mask for p in parts])
            scores = np.where(mask, np.add.reduce([p.scores for p in parts]), 0.0) * query.boost
            return Matches(mask, scores)
        if isinstance(query, Phrase):
            return self._phrase(query)
        if isinstance(query, Every):
            return Matches(np.ones(self.size, dtype=bool), np.ones(self.size, dtype=np.float64) * query.boost)
        return self._with_whoosh(query)

    def positions(self, field: str, text: str) -> dict[int, tuple[int, ...]]:
        """Where ``text`` occurs in ``field``: token positions by document number."""
        key = ("positions", field, text)
        found = self._postings.get(key)
        if found is not None:
            return found
        found = {}
        decode = self.searcher.schema[field].format.decoder("positions")
        for base, block_ids, _, values in self._blocks(field, text, values=True):
            for docnum, value in zip(block_ids, values):
                found[base + docnum] = tuple(decode(value))
        self._remember(key, found, sum(len(p) for p in found.values()))
        return found

    def _phrase(self, query: Phrase) -> Matches:
        """Documents holding the words one after another; scored like the And of the words."""
        if query.slop != 1:
            return self._with_whoosh(query)
        candidates = self.run(And([Term(query.fieldname, w) for w in query.words]))
        if not candidates.mask.any():
            return candidates
        occurrences = [self.positions(query.fieldname, w) for w in query.words]
        mask = np.zeros(self.size, dtype=bool)
        for docnum in np.flatnonzero(candidates.mask).tolist():
            later = [set(o.get(docnum, ())) for o in occurrences[1:]]
            if any(all(start + i in seen for i, seen in enumerate(later, 1))
                   for start in occurrences[0].get(docnum, ())):
                mask[docnum] = True
        return Matches(mask, np.where(mask, candidates.scores, 0.0) * query.boost)

    def _with_whoosh(self, query: Query) -> Matches:
        """Matches and scores of a node type executed by Whoosh's own matcher."""
        matches = self._empty()
        matcher = query.matcher(self.searcher)
        ids: list[int] = []
        scores: list[float] = []
        while matcher.is_active():
            ids.append(matcher.id())
            scores.append(matcher.score())
            matcher.next()
        if ids:
            matches.mask[ids] = True
            matches.scores[ids] = scores
        return matches

    def _empty(self) -> Matches:
        return Matches(np.zeros(self.size, dtype=bool), np.zeros(self.size, dtype=np.float64))


def top(matches: Matches, allowed: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers of the best ``limit`` allowed matches, best first, ties by index order;
    and every allowed match (for the total and the facets)."""
    hits = np.flatnonzero(matches.mask & allowed)
    if len(hits) > limit:
        best = np.argpartition(-matches.scores[hits], limit - 1)[:limit]
        # Keep every document tied with the last one kept, so ties break by index order.
        cutoff = matches.scores[hits[best]].min()
        chosen = hits[matches.scores[hits] >= cutoff]
    else:
        chosen = hits
    order = np.lexsort((chosen, -matches.scores[chosen]))
    return chosen[order][:limit], hits
