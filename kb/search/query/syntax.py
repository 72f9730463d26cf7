"""Query syntax: quotes, AND/OR/NOT, ``field:value``, wildcards, fuzzy terms, ranges.

A query that uses syntax is parsed with Whoosh's ``MultifieldParser`` over the
text fields of both languages (``title:`` means the English title). Syntax
that does not parse is searched as plain words. Patterns are bounded, since
queries are user input: each wildcard, prefix, fuzzy term, range or regex is
replaced by the index words it stands for, at most :data:`MAX_PATTERN_TERMS`
per field and :data:`MAX_QUERY_PATTERN_TERMS` for the whole query; a pattern
with nothing literal before its first ``*`` or ``?`` (``*ing``) would stand
for the whole vocabulary, so the query is searched as plain words instead.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import FuzzyTerm, MultiTerm, Or, Query, Regex, Term, Wildcard

from ...reading.text import has_cjk
from ..indexing import FIELD_BOOSTS, TEXT_FIELDS

# Index words a wildcard, prefix, fuzzy term or range may stand for (per field).
MAX_PATTERN_TERMS = 64
# ... and all of a query's patterns together (``a* OR b* OR c*`` in six fields).
MAX_QUERY_PATTERN_TERMS = 256


class UnboundedPattern(ValueError):
    """A wildcard with nothing literal before it: it would match every word of the index."""


def syntax_query(text: str, schema: Any, reader: Any) -> Query | None:
    """The query ``text`` describes in Whoosh's syntax, patterns bounded; None when it is not
    valid syntax or has an unbounded pattern (the caller searches it as plain words)."""
    fields = list(TEXT_FIELDS["zh"] + TEXT_FIELDS["en"])
    boosts = {f: FIELD_BOOSTS[f.split("_")[0]] for f in fields}
    text = re.sub(r"\btitle:", "title_en:", text)
    parser = MultifieldParser(fields, schema, fieldboosts=boosts, group=OrGroup)
    try:
        parsed = parser.parse(text)
    except Exception:  # whoosh's parser raises many kinds; any of them means "not syntax"
        return None
    if parsed is None or "Error" in type(parsed).__name__ or repr(parsed).count("ErrorQuery"):
        return None
    budget = [MAX_QUERY_PATTERN_TERMS]
    try:
        return bounded(parsed, reader, budget)
    except UnboundedPattern:
        return None


def bounded(query: Query, reader: Any, budget: list[int]) -> Query:
    """``query`` with each pattern replaced by the index words it stands for, within
    ``budget`` (a one-item list, shared by all of a query's patterns)."""
    if not query.is_leaf():
        return query.apply(lambda sub: bounded(sub, reader, budget))
    if not isinstance(query, MultiTerm):
        return query
    if isinstance(query, (Wildcard, Regex)):
        literal = query._find_prefix(query.text)
        if len(literal) < 2 and not has_cjk(literal):
            raise UnboundedPattern(query.text)
    if isinstance(query, FuzzyTerm):
        # Edits beyond two find unrelated words; the first letter is taken as typed.
        query = FuzzyTerm(query.fieldname, query.text, boost=query.boost, maxdist=min(query.maxdist, 2),
                          prefixlength=max(query.prefixlength, 1))
    words = []
    for word in itertools.islice(query._btexts(reader), min(MAX_PATTERN_TERMS, budget[0])):
        words.append(word.decode("utf-8") if isinstance(word, bytes) else word)
    budget[0] -= len(words)
    return Or([Term(query.fieldname, w, boost=query.boost) for w in words])
