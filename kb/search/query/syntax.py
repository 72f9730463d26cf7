"""Query syntax: quotes, AND/OR/NOT, ``field:value``, wildcards, ranges.

A query that uses syntax is parsed with Whoosh's ``MultifieldParser`` over the
text fields of both languages (``title:`` means the English title), built once
per index. Syntax that does not parse is searched as plain words. Patterns are
bounded, since queries are user input: before parsing, the query's clauses
and NOT terms are counted against the budget (:mod:`.budget`); after it, each
wildcard, prefix, range or fuzzy term is replaced by the index words it stands
for, all of a query's patterns together at most
:data:`~.budget.MAX_PATTERN_WORDS` (more is refused, not cut short). A pattern
with nothing literal before its first ``*`` or ``?`` (``*ing``, ``a*``) would
stand for most of the vocabulary, so the query is searched as plain words
instead.

Prefixes and ranges over the text fields are expanded from the posting table's
sorted word lists (a binary search), wildcards from the table's words with
their literal prefix; anything else (the facet fields) by Whoosh.
"""

from __future__ import annotations

import bisect
import copy
import fnmatch
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import FuzzyTerm, MultiTerm, Or, Phrase, Prefix, Query, Regex, Term, TermRange, Wildcard

from ...reading.text import has_cjk
from ..execution.postings import PostingLists
from ..indexing import FIELD_BOOSTS, TEXT_FIELDS
from .budget import MAX_PATTERN_WORDS, check_pattern_words, check_syntax


class UnboundedPattern(ValueError):
    """A pattern with too little literal before it: it would match most words of the index."""


class _Term(Term):
    """Whoosh's Term, copied shallowly when given another boost: normalising a parsed tree
    re-boosts every word of every field, and Whoosh deep-copies each one (a third of the
    time a long query takes to parse). Nothing changes a query once it is built."""

    def with_boost(self, boost: float) -> Term:
        query = copy.copy(self)
        query.boost = boost
        return query


class _Phrase(Phrase):
    """Whoosh's Phrase, copied shallowly when given another boost (as :class:`_Term`)."""

    def with_boost(self, boost: float) -> Phrase:
        query = copy.copy(self)
        query.boost = boost
        return query


class SyntaxParser:
    """Reads query syntax against one open index (its schema, and its words for patterns)."""

    def __init__(self, schema: Any, lists: PostingLists):
        fields = list(TEXT_FIELDS["zh"] + TEXT_FIELDS["en"])
        boosts = {f: FIELD_BOOSTS[f.split("_")[0]] for f in fields}
        # Built once: constructing Whoosh's parser costs about as much as parsing a short query.
        self.parser = MultifieldParser(fields, schema, fieldboosts=boosts, group=OrGroup, termclass=_Term,
                                       phraseclass=_Phrase)
        self.lists = lists
        self.reader = lists.reader

    def parse(self, text: str, budget: bool = True) -> Query | None:
        """The query ``text`` describes, patterns replaced by their words; None when it is not
        valid syntax or has an unbounded pattern (the caller searches it as plain words).
        :class:`~kb.errors.QueryTooComplex` when it is over the budget (when ``budget``)."""
        if budget:
            check_syntax(text)
        text = re.sub(r"\btitle:", "title_en:", text)
        try:
            parsed = self.parser.parse(text)
        except Exception:  # whoosh's parser raises many kinds; any of them means "not syntax"
            return None
        if parsed is None or "Error" in type(parsed).__name__ or repr(parsed).count("ErrorQuery"):
            return None
        try:
            return self.bounded(parsed, [MAX_PATTERN_WORDS])
        except UnboundedPattern:
            return None

    def bounded(self, query: Query, budget: list[int]) -> Query:
        """``query`` with each pattern replaced by the index words it stands for; ``budget`` (a
        one-item list shared by all of a query's patterns) is how many more words they may
        stand for."""
        if not query.is_leaf():
            return query.apply(lambda sub: self.bounded(sub, budget))
        if not isinstance(query, MultiTerm):
            return query
        if isinstance(query, (Wildcard, Regex, Prefix)):
            literal = query.text if isinstance(query, Prefix) else query._find_prefix(query.text)
            if len(literal) < 2 and not has_cjk(literal):
                raise UnboundedPattern(query.text)
        if isinstance(query, FuzzyTerm):
            # Edits beyond two find unrelated words; the first letter is taken as typed.
            query = FuzzyTerm(query.fieldname, query.text, boost=query.boost, maxdist=min(query.maxdist, 2),
                              prefixlength=max(query.prefixlength, 1))
        # One word more than the budget: enough to know it is over, without reading them all.
        words = list(itertools.islice(self._words(query), budget[0] + 1))
        budget[0] -= len(words)
        if budget[0] < 0:
            check_pattern_words(MAX_PATTERN_WORDS + 1)
        return Or([Term(query.fieldname, w, boost=query.boost) for w in words])

    def _words(self, query: MultiTerm) -> Iterator[str]:
        """The index words ``query`` stands for, in the index's order."""
        field = query.fieldname
        table = self.lists.table
        if table is not None and table.holds(field):
            if isinstance(query, Prefix):
                return table.expand_prefix(field, query.text)
            if isinstance(query, Wildcard):
                pattern = re.compile(fnmatch.translate(query.text))
                return (w for w in table.expand_prefix(field, query._find_prefix(query.text)) if pattern.match(w))
            if isinstance(query, TermRange):
                return _in_range(table.words(field), query)
        return _decoded(query._btexts(self.reader))


def _decoded(words: Iterable[bytes | str]) -> Iterator[str]:
    for word in words:
        yield word.decode("utf-8") if isinstance(word, bytes) else word


def _in_range(words: list[str], query: TermRange) -> Iterator[str]:
    """The words of a sorted list within ``query``'s range, as Whoosh's ``TermRange`` finds them
    (code-point order is UTF-8 byte order)."""
    start = 0 if query.start is None else bisect.bisect_left(words, query.start)
    for word in itertools.islice(words, start, None):
        if query.start is not None and word == query.start and query.startexcl:
            continue
        if query.end is not None and (word > query.end or (word == query.end and query.endexcl)):
            return
        yield word
