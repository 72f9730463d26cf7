"""Related occupations in the other cities: the same work under another list's name.

Qianhai and Beijing list different occupations under different names
(区块链工程师 in Qianhai, 区块链研发工程师 in Beijing), with different
requirements. For a record, this module finds the occupations of the other
cities that do the same work, so a person who misses one list's requirement
can see what another list asks for it.

Two occupations are related by their **titles** and their **field**:

* the words of both titles (jieba's words of the Chinese, the English stems),
  each weighted by its specificity: the inverse of how many occupations use it
  anywhere in their title, competencies or specialties. A word that a third or
  more of all occupations use (设计, 专才, 研究, "specialist") says nothing about
  the work and weighs nothing: 芯片设计工程师 and 薪酬设计专才 share only 设计.
  The similarity is the cosine of the two weighted word sets;
* the **sector** of their industries (``corpus/industries.toml``): the cities cut
  industries differently, so the comparison is one level up (科技服务业 and
  集成电路 are both technology). An occupation of another sector keeps only a
  share of its title similarity (:data:`OTHER_SECTOR`).

Only a similarity of :data:`MIN_SCORE` or more relates: a record with no
counterpart (临床诊疗医师) gets an empty list, not its least-bad match. Each
related occupation carries its document's validity, since a counterpart from a
list whose trial has ended is no way forward.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from typing import Any

from ..errors import UnknownItemError
from ..search import MAX_LIMIT, QueryError, jieba_tokens, searcher_for
from ..search.analysis import english_analyzer
from ..store import KnowledgeBase
from ..userinput import quoted
from .eligibility import title_unofficial
from .validity import validity_as_of

# A word used by this share of occupations or more is boilerplate (weight 0).
GENERIC_SHARE = 1 / 3
# The least title similarity that relates two occupations (0-1). Set on the real catalogues:
# true counterparts score 0.3-0.85 (区块链工程师 / 区块链研发工程师 0.84), a shared 工程师 or
# 研发 alone 0.05-0.15.
MIN_SCORE = 0.2
# The weight of a specialty's word, as a share of a title word's.
SPECIALTY_SHARE = 0.5
# The share of its similarity an occupation of another sector keeps.
OTHER_SECTOR = 0.75

COMPARISON_LABELS: dict[str, dict[str, str]] = {
    "degree": {"zh": "学历", "en": "Degree"},
    "experience": {"zh": "工作经历", "en": "Experience"},
    "specialties": {"zh": "专业", "en": "Specialties"},
    "industry": {"zh": "行业", "en": "Industry"},
}


def _words(zh: str | None, en: str | None) -> set[str]:
    """Chinese words and English stems of a text; one-letter words ("R" of R&D) are not words."""
    words = {w.lower() for w, _, _ in jieba_tokens(zh or "")}
    words |= {t.text for t in english_analyzer()(en or "")}
    return {w for w in words if len(w) > 1 or not w.isascii()}


def _record_words(record: dict[str, Any]) -> set[str]:
    def joined(lang: str) -> str:
        return "\n".join([record["title"][lang] or "", *(record["competencies"][lang] or []),
                          record["specialties"][lang] or ""])
    return _words(joined("zh"), joined("en"))


def word_weights(kb: KnowledgeBase) -> dict[str, float]:
    """Each word's specificity: log(occupations / occupations using it), 0 for boilerplate;
    computed once per build and kept with it."""

    def compute() -> dict[str, float]:
        searcher_for(kb)  # configures jieba with the build's user dictionary, as the index was
        used: Counter[str] = Counter()
        for record in kb.records:
            used.update(_record_words(record))
        total = len(kb.records)
        return {w: 0.0 if n >= GENERIC_SHARE * total else math.log(total / n) for w, n in used.items()}

    return kb.memo("related word weights", compute)


def generic_words(kb: KnowledgeBase) -> frozenset[str]:
    """The words that weigh nothing: used by a third or more of all occupations."""
    return frozenset(w for w, weight in word_weights(kb).items() if weight == 0.0)


def title_words(kb: KnowledgeBase, record: dict[str, Any]) -> dict[str, float]:
    """The words of ``record``'s titles with their weights (boilerplate left out), and its
    specialties' words at :data:`SPECIALTY_SHARE` of theirs (the field one studied)."""
    weights = word_weights(kb)
    out = {w: weights.get(w, 0.0) * SPECIALTY_SHARE
           for w in _words(record["specialties"]["zh"], record["specialties"]["en"])}
    out |= {w: weights.get(w, 0.0) for w in _words(record["title"]["zh"], record["title"]["en"])}
    return {w: out[w] for w in sorted(out) if out[w] > 0}


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """The cosine of two weighted word sets."""
    shared = sum(a[w] * b[w] for w in a.keys() & b.keys())
    if not shared:
        return 0.0
    return shared / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


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


def _sector(record: dict[str, Any]) -> str:
    return record["industry"].get("sector") or record["industry"]["key"]


def related_occupations(kb: KnowledgeBase, record_id: str, limit: int = 5,
                        as_of: date | None = None) -> list[dict[str, Any]]:
    """Occupations in the other cities that do the work of ``record_id``, best first, each with
    the shared title words, whether its sector is the same, and its document's validity on
    ``as_of`` (today by default)."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be a whole number between 1 and {MAX_LIMIT}, not {limit!r}")
    record = kb.get(record_id)  # UnknownItemError for an id nothing has
    if record.get("item") != "occupation":
        raise UnknownItemError(f"{quoted(record_id)} is a section, not an occupation; "
                               "related occupations exist only for occupations")
    words = title_words(kb, record)
    scored = []
    for other in kb.records:
        if other["city"] == record["city"]:
            continue
        theirs = title_words(kb, other)
        same_sector = _sector(other) == _sector(record)
        score = similarity(words, theirs) * (1.0 if same_sector else OTHER_SECTOR)
        if score >= MIN_SCORE:
            scored.append((score, same_sector, sorted(words.keys() & theirs.keys()), other))
    scored.sort(key=lambda s: -s[0])  # stable: equal scores keep the build's order
    as_of = as_of or date.today()
    related = []
    for score, same_sector, shared, other in scored[:limit]:
        validity = validity_as_of(kb.documents[other["doc"]], as_of)
        related.append({"id": other["id"], "city": other["city"], "list": other["list"],
                        "title": {"zh": other["title"]["zh"], "en": other["title"]["en"]},
                        "unofficial": title_unofficial(other), "score": round(score, 4),
                        "shared_words": shared, "same_sector": same_sector,
                        "validity": {key: validity[key] for key in ("status", "label", "ended", "message",
                                                                  "effective_from", "effective_until")},
                        "comparison": compare(record, other)})
    return related
