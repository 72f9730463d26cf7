"""Query execution: BM25F over the Whoosh index's postings, vectorised with numpy.

Whoosh builds and stores the index (postings, positions, field lengths,
stored fields), and its query objects describe what to find. Executing those
queries with Whoosh's own matchers costs a Python call per posting per query
node; the queries here have dozens of nodes (each word in three fields, an
all-words clause, a phrase clause, expansions into the other language), and
facets need every match, not just the top ten. So the common node types are
executed here instead, a whole posting list at a time:

- a **term** is its posting list as arrays (document numbers, BM25F scores): for a
  text field a slice of the build's posting table, scored when the build wrote it
  (:mod:`.table`), else read once from Whoosh, scored and cached (:mod:`.postings`); the
  score is Whoosh's own BM25F formula (:mod:`.bm25`: ``idf * tf * (K1 + 1) / (tf + K1 *
  (1 - B + B * length / avglength))``, the same quantised field lengths, the same idf) times
  the query's boost;
- **Or** is the union of its children, scored by the sum of their scores;
  **And** the intersection, scored the same way; a compound's boost
  multiplies its sum, as in Whoosh;
- a **phrase** matches where the index's token positions have its words one
  after another (the table's positions, as document × stride + position
  numbers intersected word by word), and scores like the And of its words;
- **Every** matches every document;
- the query syntax's operators as Whoosh's matchers define them: **Not** every
  document its child does not match, scoring 1 (inside an Or, ``a NOT b`` is
  "a, or not b", as in Whoosh); **AndNot** (``a ANDNOT b``) and **Require**
  (``a REQUIRE b``) the first child's matches without (with) the second's, with
  the first's scores; **AndMaybe** (``a ANDMAYBE b``) the first's matches, with
  the second's scores added where it matches too.

Any other node (a phrase with slop, ``"data engineer"~2``) is run with
Whoosh's matcher and its matches and scores are taken as they are, so every
query Whoosh can answer can be answered here, with the same result set. (NOT
ran that way until issue 19: an inverse matcher steps through every document
in Python, 80-130 ms for a query of NOTs.) Wildcards, fuzzy terms and ranges
never get here: the syntax replaces them by the index words they stand for.

:meth:`PostingsScorer.work` says what a query tree will cost before it runs
(index words looked up, postings read, index-sized steps), for the query budget
(:mod:`kb.search.query.budget`).

A sub-tree the query holds in several places (the same object) is executed
once per query. A result is a pair of arrays the size of the index: which
documents match, and their scores. Filters, facet counts and the top-N are array operations
on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.query import And, AndMaybe, AndNot, Every, Not, NullQuery, Or, Phrase, Query, Require, Term

from .bm25 import average_length, bm25, idf
from .postings import PostingLists
from .table import PostingTable
# What one posting costs when Whoosh's matcher steps through it (a phrase with slop), counted
# in postings read as arrays: its Python calls per posting cost this many times more.
WHOOSH_POSTING_COST = 25
# Document number times this plus token position: one integer per occurrence (positions are
# below 2**32, document numbers far below 2**31).
POSITION_STRIDE = 2**32


@dataclass
class Work:
    """What executing a query tree costs, counted before it runs: index words looked up
    (terms, and a phrase's words twice), postings read (a phrase's token positions too; a posting
    Whoosh's matcher steps through counts :data:`WHOOSH_POSTING_COST` times), and steps
    (compound nodes and Every, each an operation on index-sized arrays). A sub-tree in
    several places counts once, as it runs once."""

    terms: int = 0
    postings: int = 0
    steps: int = 0


@dataclass
class Matches:
    """Which documents a query node matches, and their scores (both index-sized arrays)."""

    mask: np.ndarray
    scores: np.ndarray


class PostingsScorer:
    """Executes Whoosh query trees against one open Whoosh searcher."""

    def __init__(self, searcher: Any, table: PostingTable | None = None):
        self.searcher = searcher
        self.lists = PostingLists(searcher, table)
        self.size = self.lists.size

    def term_scores(self, field: str, text: str, boost: float) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding ``text`` in ``field`` and their BM25F scores times ``boost``
        (arrays the caller must not change)."""
        table = self.lists.table
        if table is not None and table.holds(field):
            # Scored at build time: a slice of the table (most queries meet words new to them).
            ids, scores = table.scored(field, text)
        else:
            key = ("bm25", field, text)
            found = self.lists.cached(key)
            if found is None:
                ids, weights = self.lists.postings(field, text)
                lengths = self.lists.field_lengths(field)[ids]
                average = average_length(self.lists.reader.field_length(field), self.size)
                found = (ids, bm25(idf(self.size, len(ids)), weights, lengths, average))
                self.lists.remember(key, found, len(ids))
            ids, scores = found
        return ids, scores if boost == 1 else scores * boost

    def work(self, query: Query) -> Work:
        """What :meth:`run` would do for ``query`` (document frequencies only: no posting is read)."""
        work, seen, todo = Work(), set(), [query]
        while todo:
            node = todo.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, Term):
                work.terms += 1
                work.postings += self.lists.doc_frequency(node.fieldname, node.text)
            elif isinstance(node, Phrase):
                work.steps += 1
                postings = sum(self.lists.doc_frequency(node.fieldname, word) for word in node.words)
                # Each word is looked up twice (its postings for the candidates, then its
                # positions), and its positions are about as many as its postings; with slop,
                # Whoosh's matcher steps through them.
                work.terms += 2 * len(node.words)
                work.postings += 2 * postings if node.slop == 1 else 2 * postings * WHOOSH_POSTING_COST
            elif isinstance(node, (Or, And, Not, AndNot, AndMaybe, Require, Every)) or node is NullQuery:
                work.steps += 1
                todo.extend(node.children())
            else:
                # Any other node is Whoosh's to run, document by document.
                work.steps += 1
                work.postings += self.size * WHOOSH_POSTING_COST
        return work

    def run(self, query: Query) -> Matches:
        """The documents ``query`` matches and their BM25F scores."""
        # The planner puts one sub-tree in several places (a word's terms in the all-words
        # clause, the some-words clause and the bonus clause): each is executed once per query.
        return self._run(query, {})

    def _run(self, query: Query, done: dict[int, tuple[Query, Matches]]) -> Matches:
        # Keyed by identity: the same object is the same sub-tree, and hashing a Whoosh
        # tree walks all of it. The entry keeps its query alive, so no later object of this
        # run can be given the same id.
        found = done.get(id(query))
        if found is None:
            found = done[id(query)] = (query, self._execute(query, done))
        return found[1]

    def _execute(self, query: Query, done: dict[int, tuple[Query, Matches]]) -> Matches:
        if isinstance(query, Term):
            ids, scores = self.term_scores(query.fieldname, query.text, query.boost)
            return self._terms([ids], [scores])
        if isinstance(query, Or):
            # The union, scored by the sum: the direct terms' postings summed at once (one
            # bincount, not an index-sized array each), the other children added in place.
            ids, scores, parts = [], [], []
            for sub in query.subqueries:
                if isinstance(sub, Term) and id(sub) not in done:
                    found = self.term_scores(sub.fieldname, sub.text, sub.boost)
                    ids.append(found[0])
                    scores.append(found[1])
                else:
                    parts.append(self._run(sub, done))
            matches = self._terms(ids, scores)
            for part in parts:
                np.logical_or(matches.mask, part.mask, out=matches.mask)
                matches.scores += part.scores
            if query.boost != 1:
                matches.scores *= query.boost
            return matches
        if isinstance(query, And):
            if not query.subqueries:
                return self._empty()
            parts = [self._run(q, done) for q in query.subqueries]
            mask = parts[0].mask.copy()
            scores = parts[0].scores.copy()
            for part in parts[1:]:
                mask &= part.mask
                scores += part.scores
            scores *= mask  # in place: no more index-sized arrays than the two it returns
            if query.boost != 1:
                scores *= query.boost
            return Matches(mask, scores)
        if isinstance(query, Phrase):
            return self._phrase(query, done)
        if isinstance(query, Every):
            return Matches(np.ones(self.size, dtype=bool), np.ones(self.size, dtype=np.float64) * query.boost)
        if isinstance(query, Not):
            # Whoosh's InverseMatcher: every live document the child misses, each scoring 1.
            mask = ~self._run(query.query, done).mask & self.lists.live()
            return Matches(mask, mask.astype(np.float64))
        if isinstance(query, (AndNot, Require)):
            first, second = self._run(query.a, done), self._run(query.b, done)
            mask = first.mask & (~second.mask if isinstance(query, AndNot) else second.mask)
            return Matches(mask, np.where(mask, first.scores, 0.0))
        if isinstance(query, AndMaybe):
            first, second = self._run(query.a, done), self._run(query.b, done)
            return Matches(first.mask.copy(), np.where(first.mask, first.scores + second.scores, 0.0))
        if query is NullQuery:
            return self._empty()
        return self._with_whoosh(query)

    def _terms(self, ids: list[np.ndarray], scores: list[np.ndarray]) -> Matches:
        """The union of several terms' postings, scored by the sum: one array operation for
        all of them (an Or of a word's fields and forms holds a dozen terms)."""
        if not ids:
            return self._empty()
        if len(ids) == 1:  # a posting list names each document once: no sum to make
            matches = self._empty()
            matches.mask[ids[0]] = True
            matches.scores[ids[0]] = scores[0]
            return matches
        every = np.concatenate(ids)
        if not len(every):
            return self._empty()  # (bincount of nothing counts in integers)
        summed = np.bincount(every, weights=np.concatenate(scores), minlength=self.size)
        mask = np.zeros(self.size, dtype=bool)
        mask[every] = True
        return Matches(mask, summed)

    def _phrase(self, query: Phrase, done: dict[int, tuple[Query, Matches]]) -> Matches:
        """Documents holding the words one after another; scored like the And of the words."""
        if query.slop != 1:
            return self._with_whoosh(query)
        table = self.lists.table
        if table is None or not table.holds(query.fieldname):
            candidates = self._run(And([Term(query.fieldname, w) for w in query.words]), done)
            if not candidates.mask.any():
                return candidates
            mask = self._phrase_with_whoosh(query, candidates)
            return Matches(mask, np.where(mask, candidates.scores, 0.0) * query.boost)
        # Each occurrence as one number (document, position); the phrase is where the k-th
        # word's occurrences, shifted back k places, meet the first word's.
        places = self.places(query.fieldname, query.words[0])
        for shift, word in enumerate(query.words[1:], 1):
            if not len(places):
                break
            places = np.intersect1d(places, self.places(query.fieldname, word) - shift, assume_unique=True)
        if not len(places):
            return self._empty()
        mask = np.zeros(self.size, dtype=bool)
        mask[places // POSITION_STRIDE] = True
        # Scored like the And of its words, where the phrase stands.
        scores = np.zeros(self.size, dtype=np.float64)
        for word in query.words:
            ids, word_scores = self.term_scores(query.fieldname, word, 1.0)
            scores[ids] += word_scores
        return Matches(mask, np.where(mask, scores, 0.0) * query.boost)

    def places(self, field: str, word: str) -> np.ndarray:
        """Every occurrence of ``word`` in ``field`` as document × stride + position (cached)."""
        key = ("places", field, word)
        places = self.lists.cached(key)
        if places is None:
            docs, positions = self.lists.table.positions(field, word)
            places = docs * POSITION_STRIDE + positions
            self.lists.remember(key, places, len(places))
        return places

    def _phrase_with_whoosh(self, query: Phrase, candidates: Matches) -> np.ndarray:
        occurrences = [self.lists.positions(query.fieldname, w) for w in query.words]
        mask = np.zeros(self.size, dtype=bool)
        for docnum in np.flatnonzero(candidates.mask).tolist():
            later = [set(o.get(docnum, ())) for o in occurrences[1:]]
            if any(all(start + i in seen for i, seen in enumerate(later, 1))
                   for start in occurrences[0].get(docnum, ())):
                mask[docnum] = True
        return mask

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
