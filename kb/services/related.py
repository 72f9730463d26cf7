"""Related occupations in the other city, found with the search engine.

Qianhai and Beijing list different occupations under different names
(区块链工程师 in Qianhai, 区块链研发工程师 in Beijing), with different
requirements. For a record, this module asks the ordinary bilingual search for
occupations like it and keeps those in the other city, so a person who misses
one list's requirement can see what the other list asks for the same work.

The query is built from the record itself, not from a hand-made table of
pairs: its Chinese title, its English title when there is one (the search
carries it across through the term base) and its Chinese specialties. Words
that occur in a third or more of all occupations' titles and specialties
(等, 相关, 专业, 专才) say nothing about the work and would make every record
resemble every other; they are blanked out first.

A hit is kept only when it is strong on two scales: against the best
other-city hit (the ranking's own sense of "close") and against the record's
own score for the same query (so a record with no real counterpart, such as
临床诊疗医师, gets an empty list instead of its least-bad match).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..errors import UnknownItemError
from ..userinput import quoted
from ..search import MAX_LIMIT, QueryError, jieba_tokens, searcher_for
from ..store import KnowledgeBase
from .eligibility import title_unofficial

# A word in more than this share of occupations' titles and specialties is boilerplate.
GENERIC_SHARE = 1 / 3
# A related hit scores at least this share of the best other-city hit ...
RELATIVE_TO_BEST = 0.3
# ... and at least this share of the record's own score for the query. The own score is
# high (the whole title and specialties match as phrases), so the share is small; it was
# set on the real catalogues where true counterparts score 0.04-0.25 and word-overlap
# noise (a shared 管理 or 工程师 alone) mostly below 0.02.
RELATIVE_TO_SELF = 0.02
# Characters the search would read as query syntax (quotes, wildcards, field prefixes).
_SYNTAX_CHARS = re.compile(r'["*?~:^\\]')

COMPARISON_LABELS: dict[str, dict[str, str]] = {
    "degree": {"zh": "学历", "en": "Degree"},
    "experience": {"zh": "工作经历", "en": "Experience"},
    "specialties": {"zh": "专业", "en": "Specialties"},
    "industry": {"zh": "行业", "en": "Industry"},
}

def generic_words(kb: KnowledgeBase) -> frozenset[str]:
    """Chinese words common to so many occupations' titles and specialties that they do not
    discriminate; computed once per build and kept with it (a server keeps nothing per build
    beyond the builds it holds)."""

    def compute() -> frozenset[str]:
        searcher_for(kb)  # configures jieba with the build's user dictionary, as the index was
        counts: Counter[str] = Counter()
        for record in kb.records:
            text = record["title"]["zh"] + "\n" + (record["specialties"]["zh"] or "")
            counts.update({w for w, _, _ in jieba_tokens(text)})
        limit = GENERIC_SHARE * len(kb.records)
        return frozenset(w for w, n in counts.items() if n >= limit)

    return kb.memo("generic words", compute)


def _without(text: str, words: frozenset[str]) -> str:
    """``text`` with ``words`` blanked by their offsets, so the punctuation between phrases stays."""
    chars = list(text)
    for word, start, end in jieba_tokens(text):
        if word in words:
            chars[start:end] = " " * (end - start)
    return " ".join("".join(chars).split())


def related_query(kb: KnowledgeBase, record: dict[str, Any]) -> str:
    """The search query that describes ``record``: titles and Chinese specialties, boilerplate removed."""
    generic = generic_words(kb)
    # Lower case, so an English title never reads as AND/OR/NOT syntax.
    parts = [_without(record["title"]["zh"], generic), (record["title"]["en"] or "").lower(),
             _without(record["specialties"]["zh"] or "", generic)]
    return " ".join(_SYNTAX_CHARS.sub(" ", p) for p in parts if p.strip())


def _pair(value: dict[str, Any] | None) -> dict[str, Any]:
    value = value or {}
    return {"zh": value.get("zh"), "en": value.get("en")}


def compare(this: dict[str, Any], other: dict[str, Any]) -> list[dict[str, Any]]:
    """Degree, experience, specialties and industry of two occupations side by side."""
    rows = [
        ("degree", _pair(this["degree"]), _pair(other["degree"]), this["min_degree"], other["min_degree"]),
        ("experience", _pair(this["experience"]), _pair(other["experience"]),
         this["experience_years"], other["experience_years"]),
        ("specialties", _pair(this["specialties"]), _pair(other["specialties"]),
         " ".join((this["specialties"]["zh"] or "").split()), " ".join((other["specialties"]["zh"] or "").split())),
        ("industry", _pair(this["industry"]), _pair(other["industry"]),
         this["industry"]["key"], other["industry"]["key"]),
    ]
    return [{"key": key, "label": COMPARISON_LABELS[key], "this": a, "other": b,
             "values": {"this": va, "other": vb}, "same": va == vb}
            for key, a, b, va, vb in rows]


def related_occupations(kb: KnowledgeBase, record_id: str, limit: int = 5) -> list[dict[str, Any]]:
    """Occupations in the other city that resemble ``record_id``, best first."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be a whole number between 1 and {MAX_LIMIT}, not {limit!r}")
    record = kb.get(record_id)  # UnknownItemError for an id nothing has
    if record.get("item") != "occupation":
        raise UnknownItemError(f"{quoted(record_id)} is a section, not an occupation; "
                               "related occupations exist only for occupations")
    query = related_query(kb, record)
    # No city filter: the record's own score is the yardstick for "strong enough".
    # The query is the record's own text, not a person's: the query budget is not for it.
    result = searcher_for(kb).search(query, kind="occupation", limit=MAX_LIMIT, budget=False)
    hits = result["hits"]
    own = next((h["score"] for h in hits if h["id"] == record_id), None)
    others = [h for h in hits if kb.get(h["id"])["city"] != record["city"]]
    if not others:
        return []
    best = others[0]["score"]
    floor = max(RELATIVE_TO_BEST * best, RELATIVE_TO_SELF * (own if own is not None else best))
    related = []
    for hit in others:
        if hit["score"] < floor or len(related) >= limit:
            break  # hits come best first
        other = kb.get(hit["id"])
        related.append({"id": other["id"], "city": other["city"], "list": other["list"],
                        "title": {"zh": other["title"]["zh"], "en": other["title"]["en"]},
                        "unofficial": title_unofficial(other), "score": hit["score"],
                        "comparison": compare(record, other)})
    return related
