"""The query budget: how much work one search may ask for.

Queries are user input, and one search runs while others wait: an outside probe
(issue 19) sent 256 characters of prefixes and NOTs that cost 80-130 ms each, against
about 3 ms for a normal search, and 16 connections sending it held every other search up
for a second. So the work a query asks for is counted before it is done, and a query
over any of these limits is refused with :class:`~kb.errors.QueryTooComplex` (a 400
naming ``q`` on the web, an error from ``kb search``), saying what to simplify:

- **clauses** (:data:`MAX_CLAUSES`): the words, quoted phrases, patterns, ranges and
  ``field:value`` terms of a query that uses syntax, counted on its text before Whoosh's
  parser sees it (parsing costs a few tenths of a millisecond a clause);
- **NOT terms** (:data:`MAX_NOTS`): ``NOT`` and ``ANDNOT`` operators;
- **pattern words** (:data:`MAX_PATTERN_WORDS`): the index words all of a query's
  wildcards, prefixes and ranges stand for, in every field together;
- **index words and postings** (:data:`MAX_TERMS`, :data:`MAX_POSTINGS_SHARE`):
  what the final query tree will look up and read, plain words or syntax alike, as
  :meth:`~kb.search.execution.scoring.PostingsScorer.work` counts it. Postings are bounded
  relative to the index: a share of all the postings its text fields hold, as a normal
  search's postings grow with the index's text too. (A bound by the number of documents
  refused normal questions at 100x the corpus, where records and sections multiply but
  paragraph units do not: their postings grew four times faster than the documents.)

The limits sit well above every query of the relevance and question cases and the
benchmark's mix (the largest: 75 index words, 3.5% of the postings at the seeds' size; a 40-character
Chinese question stands for about 85 index words), and keep the costliest query accepted
within ten normal ones (``bench/budget.py`` measures it; figures in bench/README.md). A
query of the knowledge base's own text, not a person's, may be searched without the budget
(``Searcher.search(..., budget=False)``).
"""

from __future__ import annotations

import re

from ...errors import QueryTooComplex

MAX_CLAUSES = 8
MAX_NOTS = 4
MAX_PATTERN_WORDS = 96
MAX_TERMS = 128
# A fifth of the index's postings, less a little: at the seeds' size (39,529 postings, 1,775
# documents) the same bound as the four postings a document this replaced. The benchmark's
# costliest normal question reads 3.5% of them at 1x.
MAX_POSTINGS_SHARE = 0.18

# A clause of the query syntax, as Whoosh's parser splits it: an optional field prefix, then a
# quoted phrase, a range or a run of anything but spaces, parentheses, quotes and brackets;
# then an optional slop or boost (``"data engineer"~2``, ``[a TO b]^2``).
_CLAUSE = re.compile(r'(?:[^\s()"\[\]{}]+:)?(?:"[^"]*"?|\[[^\]]*\]?|\{[^}]*\}?|[^\s()"\[\]{}]+)(?:[~^][0-9.]*)?')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE"}
_NEGATIONS = {"NOT", "ANDNOT"}


# What marks a query that may cost several normal ones, read from its text alone (no parsing):
# operators, phrases, ranges, field:value, a wildcard (a question's closing "?" is none), or
# length beyond every normal query (the benchmark mix's longest is 77 characters).
COSTLY_CHARS = 96
_COSTLY_SYNTAX = re.compile(r'\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE|REQUIRE)\b|"|\[|\{|\*|\?(?=\w)|\b\w+:\S')


def costly(text: str) -> bool:
    """Whether a query may cost several normal ones (syntax or length): :mod:`kb.serving` runs
    such queries one at a time per process, so they never queue ahead of normal searches."""
    return len(text) > COSTLY_CHARS or _COSTLY_SYNTAX.search(text) is not None


def check_syntax(text: str) -> None:
    """Refuse a query in the syntax with more clauses or NOT terms than the budget allows
    (before it is parsed: parsing is itself the cost)."""
    tokens = [m.group(0) for m in _CLAUSE.finditer(text)]
    clauses = sum(1 for t in tokens if t not in _OPERATORS)
    nots = sum(1 for t in tokens if t in _NEGATIONS)
    if nots > MAX_NOTS:
        raise QueryTooComplex(f"is too complex to search: it has {nots} NOT terms (at most {MAX_NOTS}); "
                              "leave some out")
    if clauses > MAX_CLAUSES:
        raise QueryTooComplex(f"is too complex to search: it has {clauses} words, phrases or patterns with "
                              f"query syntax (at most {MAX_CLAUSES}); search fewer at once, or without the "
                              "syntax (quotes, AND/OR/NOT, field:, *, ?) as plain words")


def check_pattern_words(words: int) -> None:
    """Refuse patterns that stand for more index words than the budget allows."""
    if words > MAX_PATTERN_WORDS:
        raise QueryTooComplex(f"is too complex to search: its wildcards, prefixes or ranges stand for more than "
                              f"{MAX_PATTERN_WORDS} index words; make them longer (engin* rather than en*) "
                              "or use fewer")


def check_work(terms: int, postings: int, total_postings: int) -> None:
    """Refuse a query tree that would look up more index words or read more postings than
    the budget allows (``total_postings``: all the postings of the index's text fields)."""
    if terms > MAX_TERMS:
        raise QueryTooComplex(f"is too long to search: it stands for {terms} index words in all fields "
                              f"(at most {MAX_TERMS}); use fewer words")
    allowed = max(int(MAX_POSTINGS_SHARE * total_postings), 1)
    if postings > allowed:
        raise QueryTooComplex(f"is too broad to search: its words are found in {postings:,} places in the "
                              f"index (at most {allowed:,}); use fewer or rarer words")
