"""The eligibility self-check: which listed occupations a foreign talent meets.

Both catalogues print two hard requirements for every occupation: a minimum
degree (Qianhai: 学士 / 硕士 / 博士; Beijing: "学士及以上学位或相当学历" and the
like) and a minimum number of years of relevant experience. The build has
already reduced them to ``min_degree`` (bachelor | master | doctor) and
``experience_years``; this module compares a person's degree and years with
them.

The person may also give their field (English, simplified or traditional
Chinese). It chooses the *candidates* through the ordinary search, so
"blockchain" reaches the Chinese-only Beijing catalogue through the term base;
without a field every occupation is a candidate. The search finds anything that
shares one word ("design" finds a remuneration design specialist for "chip
design"), so the field is then checked as a third requirement: each of its
words -- with the renderings the search expanded it to (chip → 芯片) -- must
occur in the position's title, competencies or specialties, in either language.
Candidates are ranked by fit: the field first, then the degree, then the years,
then the search's own order. Each candidate is then

* **qualified** -- every requirement met;
* a **near miss** -- its field matches and exactly one of degree and years is
  unmet, with the gap (the degree needed, or the years still missing);
* **other field** -- its field does not match: listed apart, never "qualified";
* **excluded** -- the field matches but both degree and years are unmet (only
  counted: a list of everything one does not qualify for helps nobody).

Each requirement has a status: ``met``, ``not_met``, or ``not_stated`` (the
list states no such requirement for the position). Years are compared with the
bound the original text states (``experience_bound``): 3年以上 is met by 3
years, 超过3年 ("more than 3 years") only by more.

Occupations from a document whose stated period has ended on the as-of day (the
Beijing pilot's trial period, after 2024) are grouped the same way but apart, under
``ended``, with the document's validity: never mixed with current ones.

Every requirement carries the record's printed text and its source citation,
because the lists, not this knowledge base, are what an application is judged
against. The field check reads words, not meaning: whether one's degree is in
"计算机等相关专业" is still for a person to judge against the clause shown.

The result is plain JSON-serialisable data; the web page and the JSON API
render the same dictionary.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from ..errors import QueryTooComplex
from ..reading.text import has_cjk
from ..search import MAX_LIMIT, QueryError, jieba_tokens, normalise_query, searcher_for, strip_syntax, to_simplified
from ..search.analysis import english_analyzer
from ..search.query.prepare import language_runs
from ..search.query.question import ZH_QUESTION_WORDS_SET
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
    "field": {"zh": "专业领域", "en": "Field"},
}
STATUSES = ("met", "not_met", "not_stated")


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


def _stems(text: str) -> list[str]:
    """English words as the index stores them (stemmed, stop words dropped)."""
    return [token.text for token in english_analyzer()(text)]


def field_concepts(keywords: str, expansions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The words of a field, each with the forms that count as it: ``[{"word", "forms"}]``.

    A word the search expanded (chip → 芯片, 人工智能 → artificial intelligence) counts in any
    of its renderings; the expansion's ``from`` is the stemmed English word or the Chinese word."""
    renderings: dict[str, set[str]] = {}
    for expansion in expansions:
        renderings.setdefault(expansion["from"], {expansion["from"]}).add(expansion["term"])
    concepts: dict[str, tuple[str, set[str]]] = {}  # source -> (the words as typed, forms)
    for run in language_runs(keywords):
        if run.lang == "en":
            words = [(t.text, run.text[t.startchar:t.endchar]) for t in english_analyzer()(run.text, chars=True)]
            for source in [f for f in renderings if not has_cjk(f)]:
                parts = source.split()
                if all(any(stem == part for stem, _ in words) for part in parts):
                    typed = " ".join(word for stem, word in words if stem in parts)
                    concepts.setdefault(source, (typed, renderings[source]))
                    words = [(stem, word) for stem, word in words if stem not in parts]
            for stem, word in words:
                concepts.setdefault(stem, (word, {stem}))
        else:
            for word, _, _ in jieba_tokens(run.text):
                if word in ZH_QUESTION_WORDS_SET:
                    continue  # 的, 和, 及: function words, as the English analyzer drops "and"
                covering = [f for f in renderings if has_cjk(f) and f in word]
                for source in covering or [word]:
                    concepts.setdefault(source, (source, renderings.get(source, {source})))
    return [{"word": typed, "forms": sorted(forms)} for typed, forms in concepts.values()]


def _field_texts(record: dict[str, Any]) -> tuple[str, set[str]]:
    """The record's title, competencies and specialties: the Chinese text and the English stems."""
    def joined(lang: str) -> str:
        return "\n".join([record["title"][lang] or "", *(record["competencies"][lang] or []),
                          record["specialties"][lang] or ""])
    return joined("zh").lower(), set(_stems(joined("en")))


def _form_found(form: str, zh_text: str, en_stems: set[str]) -> bool:
    if has_cjk(form):
        return form.lower() in zh_text
    stems = _stems(form) or form.split()
    # An expansion's source is already stemmed ("artifici intellig"); a Latin word may stand
    # in the Chinese text too (AI训练师, EDA).
    return (all(s in en_stems for s in stems) or all(s in en_stems for s in form.split())
            or (form.isascii() and len(form) > 1 and form.lower() in zh_text))


def field_fit(record: dict[str, Any], concepts: list[dict[str, Any]]) -> list[str]:
    """The field's words that ``record``'s title, competencies or specialties hold."""
    zh_text, en_stems = _field_texts(record)
    return [c["word"] for c in concepts if any(_form_found(f, zh_text, en_stems) for f in c["forms"])]


def _status(met: bool | None) -> str:
    return "not_stated" if met is None else "met" if met else "not_met"


def years_met(have: float, needed: int | None, bound: str) -> bool | None:
    """Whether ``have`` years meet ``needed`` as the text bounds it; None when none is stated."""
    if needed is None:
        return None
    return have > needed if bound == "exclusive" else have >= needed


def requirements(record: dict[str, Any], degree: str, years: float,
                 concepts: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The record's requirements, each checked against the person's: the field (when they gave
    one), the degree and the experience, each with its status and the record's clause."""
    citation = record["source"]["citation"]
    bound = record.get("experience_bound") or "inclusive"
    needed_degree = record.get("min_degree")
    checks: list[tuple[str, Any, Any, Any, bool | None, dict[str, Any]]] = []
    if concepts:
        matched = field_fit(record, concepts)
        checks.append(("field", record["specialties"], [c["word"] for c in concepts], matched,
                       len(matched) == len(concepts), {"matched": matched}))
    checks += [
        ("degree", record["degree"], needed_degree, degree,
         None if needed_degree is None else DEGREE_RANK[degree] >= DEGREE_RANK[needed_degree], {}),
        ("experience", record["experience"], record.get("experience_years"), years,
         years_met(years, record.get("experience_years"), bound), {"bound": bound}),
    ]
    return [{"key": key, "label": REQUIREMENT_LABELS[key],
             "required": {"zh": (printed or {}).get("zh"), "en": (printed or {}).get("en")},
             "needed": needed, "have": have, "met": bool(met), "status": _status(met), **extra,
             "citation": {"zh": citation["zh"], "en": citation["en"]},
             "source": _source(record)}
            for key, printed, needed, have, met, extra in checks]


def _gap(record: dict[str, Any], years: float, unmet: list[str]) -> dict[str, Any]:
    gap: dict[str, Any] = {}
    if "degree" in unmet:
        gap["degree"] = record["min_degree"]
    if "experience" in unmet:
        # Against "more than 3 years", 3 years are short by any amount above 0: the gap is the
        # difference, and the bound says whether reaching it is enough.
        gap["experience"] = _tidy(record["experience_years"] - years)
    return gap


def title_unofficial(record: dict[str, Any]) -> bool:
    """Whether the record's English title is this knowledge base's translation, not the source's."""
    return bool({"title", "title.en"} & set(record.get("unofficial") or []))


def assess(record: dict[str, Any], degree: str, years: float,
           concepts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One occupation as the self-check shows it: requirements, which are unmet, and by how much."""
    reqs = requirements(record, degree, years, concepts)
    unmet = [r["key"] for r in reqs if r["status"] == "not_met"]
    return {"id": record["id"], "city": record["city"], "list": record["list"],
            "title": {"zh": record["title"]["zh"], "en": record["title"]["en"]},
            "unofficial": title_unofficial(record),
            "requirements": reqs, "unmet": unmet, "gap": _gap(record, years, [u for u in unmet if u != "field"])}


def _fit(item: dict[str, Any]) -> tuple[int, ...]:
    """The sort key of fit: the field's words found (most first), then degree, then years met."""
    status = {r["key"]: r for r in item["requirements"]}
    field = status.get("field")
    return (-len(field["matched"]) if field else 0,
            status["degree"]["status"] == "not_met", status["experience"]["status"] == "not_met")


def _limit(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LIMIT:
        raise QueryError(f"limit must be a whole number between 1 and {MAX_LIMIT}, not {value!r}")
    return value


def _group(records: list[dict[str, Any]], degree: str, years: float, limit: int,
           concepts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The records a person qualifies for, nearly does, whose field is another, and how many of
    each (and excluded), best fit first (a stable sort: equal fits keep the search's order)."""
    qualified: list[dict[str, Any]] = []
    near_misses: list[dict[str, Any]] = []
    other_fields: list[dict[str, Any]] = []
    counts = {"qualified": 0, "near_misses": 0, "other_fields": 0, "excluded": 0}
    items = [assess(record, degree, years, concepts) for record in records]
    for item in sorted(items, key=_fit):
        if "field" in item["unmet"]:
            counts["other_fields"] += 1
            if len(other_fields) < limit:
                other_fields.append(item)
        elif not item["unmet"]:
            counts["qualified"] += 1
            if len(qualified) < limit:
                qualified.append(item)
        elif len(item["unmet"]) == 1:
            counts["near_misses"] += 1
            if len(near_misses) < limit:
                near_misses.append(item)
        else:
            counts["excluded"] += 1
    return {"qualified": qualified, "near_misses": near_misses, "other_fields": other_fields, "counts": counts}


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
    concepts: list[dict[str, Any]] = []
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
        # The field as the search read it: simplified, and spelled as it suggests when it did.
        concepts = field_concepts(did_you_mean or converted or to_simplified(strip_syntax(keywords)),
                                  result["expansions"])
    else:
        candidates = list(kb.records)  # the build's order: qh-d, qh-s, then bj

    as_of = as_of or date.today()
    validity = {doc_id: validity_as_of(doc, as_of) for doc_id, doc in kb.documents.items()}
    ended_docs = {doc_id for doc_id, v in validity.items() if v["ended"]}
    current = _group([r for r in candidates if r["doc"] not in ended_docs], degree, have_years, limit, concepts)
    ended = _group([r for r in candidates if r["doc"] in ended_docs], degree, have_years, limit, concepts)
    ended["documents"] = [{"doc": doc_id, "title": kb.documents[doc_id]["title"], "validity": validity[doc_id]}
                          for doc_id in kb.documents if doc_id in ended_docs
                          and any(r["doc"] == doc_id for r in candidates)]
    return {
        "input": {"degree": degree, "years": have_years, "keywords": keywords},
        "field": concepts,
        "as_of": as_of.isoformat(),
        **current,
        "ended": ended,
        "total_candidates": len(candidates),
        "expanded": expanded,
        "converted": converted,
        "did_you_mean": did_you_mean,
    }
