"""Counts of occupation records, computed from the records themselves.

``kb stats`` groups by list, industry, severity, shortage duration, minimum
degree and experience, per city. A document can state how its own figures
bucket experience (``experience_buckets`` in the manifest: the Qianhai report
counts "10 years" with "5 years or more"); the buckets are applied to the
records' values, never typed in. ``stated`` figures in the manifest -- numbers
a report prints in its own text -- are compared with the computed ones.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

FACETS = ("list", "industry", "shortage_duration", "severity", "min_degree", "experience")


def experience_bucket(years: int, buckets: list[int] | None) -> str:
    if not buckets:
        return str(years)
    fitting = [b for b in sorted(buckets) if b <= years]
    return str(fitting[-1] if fitting else years)


def _ordered(counter: Counter[str], order: tuple[str, ...] = ()) -> dict[str, int]:
    known = [k for k in order if k in counter]
    rest = sorted((k for k in counter if k not in order), key=lambda k: (len(k), k))
    return {k: counter[k] for k in known + rest}


def compute_stats(records: list[dict[str, Any]], documents: dict[str, dict[str, Any]],
                  vocabularies: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """``{"cities": {city: {"records": n, FACET: {value: count}}}, "industries": {key: {zh, en}}}``;
    values in the order of the build's ``vocabularies`` (lowest degree first, mildest shortage
    first, longest shortage first), others after them."""
    order = {name: tuple(vocabularies.get(name, {})) for name in ("degrees", "shortage_durations", "severities")} \
        if vocabularies else {}
    cities: dict[str, Any] = {}
    industries: dict[str, dict[str, str]] = {}
    for city in sorted({r["city"] for r in records}):
        rows = [r for r in records if r["city"] == city]
        counts: dict[str, Counter[str]] = {facet: Counter() for facet in FACETS}
        by_list_industry: dict[str, Counter[str]] = {}
        for r in rows:
            buckets = documents.get(r["doc"], {}).get("experience_buckets")
            counts["list"][r["list"]] += 1
            counts["industry"][r["industry"]["key"]] += 1
            by_list_industry.setdefault(r["list"], Counter())[r["industry"]["key"]] += 1
            if r["shortage_duration"]:
                counts["shortage_duration"][r["shortage_duration"]] += 1
            if r["severity"]:
                counts["severity"][r["severity"]] += 1
            counts["min_degree"][r["min_degree"]] += 1
            counts["experience"][experience_bucket(r["experience_years"], buckets)] += 1
            industries.setdefault(r["industry"]["key"], {"zh": r["industry"]["zh"], "en": r["industry"]["en"]})
        cities[city] = {
            "records": len(rows),
            "list": _ordered(counts["list"]),
            "industry": dict(counts["industry"].most_common()),
            "industry_by_list": {k: dict(v.most_common()) for k, v in by_list_industry.items()},
            "shortage_duration": _ordered(counts["shortage_duration"],
                                          tuple(reversed(order.get("shortage_durations", ())))),
            "severity": _ordered(counts["severity"], order.get("severities", ())),
            "min_degree": _ordered(counts["min_degree"], order.get("degrees", ())),
            "experience": _ordered(counts["experience"]),
        }
    return {"cities": cities, "industries": industries}


def compare_stated(stats: dict[str, Any], documents: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each figure a document states about itself, with the computed value and whether they match."""
    results = []
    for doc in documents.values():
        stated = doc.get("stated") or {}
        city = doc.get("city")
        computed_city = stats["cities"].get(city, {})
        for facet, expected in stated.items():
            if facet == "records":
                results.append({"doc": doc["id"], "facet": "records", "value": None, "stated": expected,
                                "computed": computed_city.get("records", 0),
                                "ok": computed_city.get("records", 0) == expected})
                continue
            computed = computed_city.get(facet, {})
            for value, count in expected.items():
                got = computed.get(str(value), 0)
                results.append({"doc": doc["id"], "facet": facet, "value": str(value), "stated": count,
                                "computed": got, "ok": got == count})
    return results


def coverage(documents: dict[str, dict[str, Any]], sections: list[dict[str, Any]], records: list[dict[str, Any]],
             units: list[dict[str, Any]], term_pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """What the knowledge base holds, for its home page: documents, sections and paragraph
    units per language, occupation records, term pairs."""
    def per_lang(items: list[dict[str, Any]]) -> dict[str, int]:
        counts = Counter(item["lang"] for item in items)
        return {"total": len(items), "zh": counts["zh"], "en": counts["en"]}

    return {"documents": len(documents), "sections": per_lang(sections), "units": per_lang(units),
            "records": len(records), "terms": len(term_pairs)}
