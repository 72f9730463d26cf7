"""The eligibility self-check: which listed occupations a foreign talent meets.

Both catalogues print two hard requirements for every occupation: a minimum
degree (Qianhai: 学士 / 硕士 / 博士; Beijing: "学士及以上学位或相当学历" and the
like) and a minimum number of years of relevant experience. The build has
already reduced them to ``min_degree`` (bachelor | master | doctor) and
``experience_years``; this module compares a person's degree and years with
them.

The person may also give field keywords (English, simplified or traditional
Chinese). They choose the *candidates* through the ordinary search, so
"blockchain" reaches the Chinese-only Beijing catalogue through the term base;
without keywords every occupation is a candidate. Each candidate is then

* **qualified** -- both requirements met;
* a **near miss** -- exactly one unmet, with the gap (the degree needed, or the
  years still missing), so the page can say what stands in the way;
* **excluded** -- both unmet (only counted: a list of everything one does not
  qualify for helps nobody).

Occupations from a document whose stated period has ended on the as-of day (the
Beijing pilot's trial period, after 2024) are grouped the same way but apart, under
``ended``, with the document's validity: never mixed with current ones.

Every requirement carries the record's printed text and its source citation,
because the lists, not this knowledge base, are what an application is judged
against. Field-of-study and the competencies are deliberately not checked:
they are prose ("计算机等相关专业") that only a person can judge.

The result is plain JSON-serialisable data; the web page and the JSON API
render the same dictionary.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from ..errors import QueryTooComplex
from ..search import MAX_LIMIT, QueryError, normalise_query, searcher_for, strip_syntax
from ..store import KnowledgeBase
from ..userinput import parse_number, quoted
from .validity import validity_as_of

# Ordered lowest to highest; the comparison is by position.
DEGREES: tuple[str, ...] = ("none", "associate", "bachelor", "master", "doctor")
DEGREE_RANK: dict[str, int] = {d: i for i, d in enumerate(DEGREES)}
DEGREE_LABELS: dict[str, dict[str, str]] = {
    "none": {"zh": "无学位", "en": "No degree"},
    "associate": {"zh": "专科", "en": "Associate degree"},
    "bachelor": {"zh": "学士", "en": "Bachelor's degree"},
    "master": {"zh": "硕士", "en": "Master's degree"},
    "doctor": {"zh": "博士", "en": "Doctorate"},
}
MAX_YEARS = 80
REQUIREMENT_LABELS: dict[str, dict[str, str]] = {
    "degree": {"zh": "学历", "en": "Degree"},
    "experience": {"zh": "工作经历", "en": "Experience"},
}


def parse_degree(value: object) -> str:
    """The degree key for ``value`` (case and surrounding blanks ignored), or a QueryError."""
    key = value.strip().lower() if isinstance(value, str) else value
    if key not in DEGREE_RANK:
        raise QueryError(f"degree must be one of {', '.join(DEGREES)}, not {value!r}")
    return str(key)


def parse_years(value: object) -> int | float:
    """Years of experience as a number 0..MAX_YEARS (a numeric string from a form is accepted)."""
    number: float | None = None
    if isinstance(value, bool):
        number = None  # True is an int to Python, not a number of years to a person
    elif isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        parsed = parse_number(value.strip(), low=0, high=MAX_YEARS, fraction=True)  # the one bounded parser
        number = None if parsed is None else float(parsed)
    if number is None or not math.isfinite(number) or not 0 <= number <= MAX_YEARS:
        shown = quoted(value) if isinstance(value, str) else repr(value)
        raise QueryError(f"years must be a number from 0 to {MAX_YEARS}, not {shown}")
    return _tidy(number)


def _tidy(number: float) -> int | float:
    """5.0 → 5 and 2.5 → 2.5, so the JSON shows years as a person would write them."""
    number = round(float(number), 2)
    return int(number) if number.is_integer() else number


def _source(record: dict[str, Any]) -> dict[str, Any]:
    src = record["source"]
    return {"doc": src["doc"], "table": src["table"], "row": src["row"]}


def requirements(record: dict[str, Any], degree: str, years: float) -> list[dict[str, Any]]:
    """The record's degree and experience requirements, each checked against the person's."""
    citation = record["source"]["citation"]
    checks = [
        ("degree", record["degree"], record["min_degree"], degree,
         DEGREE_RANK[degree] >= DEGREE_RANK[record["min_degree"]]),
        ("experience", record["experience"], record["experience_years"], years,
         years >= record["experience_years"]),
    ]
    return [{"key": key, "label": REQUIREMENT_LABELS[key],
             "required": {"zh": printed["zh"], "en": printed["en"]},
             "needed": needed, "have": have, "met": met,
             "citation": {"zh": citation["zh"], "en": citation["en"]},
             "source": _source(record)}
            for key, printed, needed, have, met in checks]


def _gap(record: dict[str, Any], years: float, unmet: list[str]) -> dict[str, Any]:
    gap: dict[str, Any] = {}
    if "degree" in unmet:
        gap["degree"] = record["min_degree"]
    if "experience" in unmet:
        gap["experience"] = _tidy(record["experience_years"] - years)
    return gap


def title_unofficial(record: dict[str, Any]) -> bool:
    """Whether the record's English title is this knowledge base's translation, not the source's."""
    return bool({"title", "title.en"} & set(record.get("unofficial") or []))


def assess(record: dict[str, Any], degree: str, years: float) -> dict[str, Any]:
    """One occupation as the self-check shows it: requirements, which are unmet, and by how much."""
    reqs = requirements(record, degree, years)
    unmet = [r["key"] for r in reqs if not r["met"]]
    return {"id": record["id"], "city": record["city"], "list": record["list"],
            "title": {"zh": record["title"]["zh"], "en": record["title"]["en"]},
            "unofficial": title_unofficial(record),
            "requirements": reqs, "unmet": unmet, "gap": _gap(record, years, unmet)}


def _limit(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LIMIT:
        raise QueryError(f"limit must be a whole number between 1 and {MAX_LIMIT}, not {value!r}")
    return value


def _group(records: list[dict[str, Any]], degree: str, years: float, limit: int) -> dict[str, Any]:
    """The records a person qualifies for, nearly does, and how many of each (and excluded)."""
    qualified: list[dict[str, Any]] = []
    near_misses: list[dict[str, Any]] = []
    counts = {"qualified": 0, "near_misses": 0, "excluded": 0}
    for record in records:
        item = assess(record, degree, years)
        if not item["unmet"]:
            counts["qualified"] += 1
            if len(qualified) < limit:
                qualified.append(item)
        elif len(item["unmet"]) == 1:
            counts["near_misses"] += 1
            if len(near_misses) < limit:
                near_misses.append(item)
        else:
            counts["excluded"] += 1
    return {"qualified": qualified, "near_misses": near_misses, "counts": counts}


def check_eligibility(kb: KnowledgeBase, degree: str, years: float, keywords: str = "",
                      limit: int = 50, as_of: date | None = None) -> dict[str, Any]:
    """The occupations a person with ``degree`` and ``years`` qualifies for or nearly does.

    Occupations from a document whose stated period has ended on ``as_of`` (today by default)
    are never mixed with current ones: they are listed apart, under ``ended``, with the
    documents' validity saying why."""
    degree = parse_degree(degree)
    have_years = parse_years(years)
    limit = _limit(limit)
    if keywords is None:
        keywords = ""
    if not isinstance(keywords, str):
        raise QueryError(f"keywords must be text, not {type(keywords).__name__}")
    keywords = normalise_query(keywords)

    expanded: list[str] = []
    converted: str | None = None
    did_you_mean: str | None = None
    # Keywords that are nothing but syntax ("***") would search for everything in score
    # order; treating them as no keywords keeps the order readable.
    if strip_syntax(keywords):
        try:
            result = searcher_for(kb).search(keywords, kind="occupation", limit=MAX_LIMIT)
        except QueryTooComplex as exc:
            raise QueryError(f"keywords {exc.detail}") from None
        candidates = [kb.get(hit["id"]) for hit in result["hits"]]
        expanded, converted, did_you_mean = result["expanded"], result["converted"], result["did_you_mean"]
    else:
        candidates = list(kb.records)  # the build's order: qh-d, qh-s, then bj

    as_of = as_of or date.today()
    validity = {doc_id: validity_as_of(doc, as_of) for doc_id, doc in kb.documents.items()}
    ended_docs = {doc_id for doc_id, v in validity.items() if v["ended"]}
    current = _group([r for r in candidates if r["doc"] not in ended_docs], degree, have_years, limit)
    ended = _group([r for r in candidates if r["doc"] in ended_docs], degree, have_years, limit)
    ended["documents"] = [{"doc": doc_id, "title": kb.documents[doc_id]["title"], "validity": validity[doc_id]}
                          for doc_id in kb.documents if doc_id in ended_docs
                          and any(r["doc"] == doc_id for r in candidates)]
    return {
        "input": {"degree": degree, "years": have_years, "keywords": keywords},
        "as_of": as_of.isoformat(),
        **current,
        "ended": ended,
        "total_candidates": len(candidates),
        "expanded": expanded,
        "converted": converted,
        "did_you_mean": did_you_mean,
    }
