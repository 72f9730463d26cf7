"""Reports over a built term base: look-up, renderings, consistency.

Behind ``kb terms lookup``, ``kb terms check`` and the web's term base page.
They read the stored term base and aligned units of a build; nothing is
reparsed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from ..store import KnowledgeBase
from .english import stem_key
from .numbers import number_mismatches
from .termhood import by_termhood
from .units import TermPair, Unit


def consistency_report(kb: KnowledgeBase) -> dict[str, Any]:
    """Terms rendered more than one way (both directions), units whose numbers differ,
    records whose normalised values disagree between versions, the curated translations'
    departures from renderings the official English established (checked at build time by
    :mod:`kb.translation.qa`), and the curated entries' disagreements among themselves: a term
    of ``corpus/curated_terms.toml`` or a cited document's title given more than one way
    (:mod:`kb.translation.house`)."""
    base = kb.terms
    pairs = [TermPair(**p) for p in base["pairs"]]
    units = [Unit(**u) for u in base["units"]]
    return {
        "zh_terms": renderings_report(pairs, "zh"),
        "en_terms": renderings_report(pairs, "en"),
        "number_mismatches": number_mismatches(units),
        "value_disagreements": [n for n in kb.notes() if n["kind"] in ("disagreement", "missing")],
        "curated_departures": kb.translations["qa"]["terms"],
        # The curated entries among themselves: a house term, or a cited document's title,
        # rendered more than one way (kb.translation.house).
        "curated_consistency": kb.translations["qa"].get("consistency", []),
        "cited_titles": kb.translations["qa"].get("cited_titles", []),
    }


def renderings_report(pairs: list[TermPair], source: str = "zh") -> list[dict[str, Any]]:
    """Terms with more than one rendering in the other language, majority first.

    Renderings are compared case-insensitively and by stem, so "Specialist" and
    "specialists" are one rendering; "blockchain" and "block chain" are two. Only official
    pairs count: the curated English is checked against them by the translation QA.
    """
    other = "en" if source == "zh" else "zh"
    groups: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for pair in pairs:
        if pair.kind not in ("sub-term",) or not pair.official:
            continue
        term = getattr(pair, source)
        rendering = getattr(pair, other)
        key = stem_key(rendering) if other == "en" else rendering
        entry = groups[term if source == "zh" else stem_key(term)]
        slot = entry.setdefault(key, {"rendering": rendering, "count": 0, "places": []})
        slot["count"] += pair.frequency
        slot["places"] += [p for p in pair.places if p not in slot["places"]]
    report = []
    for term, renderings in groups.items():
        if len(renderings) < 2:
            continue
        ordered = sorted(renderings.values(), key=lambda r: -r["count"])
        if source == "en":
            term = next(p.en for p in pairs if p.kind == "sub-term" and stem_key(p.en) == term)
        report.append({"term": term, "language": source, "majority": ordered[0]["rendering"],
                       "renderings": ordered, "total": sum(r["count"] for r in ordered)})
    report.sort(key=lambda r: (-len(r["renderings"]), -r["total"], r["term"]))
    return report


def lookup(pairs: Iterable[dict[str, Any]], text: str, order: str = "termhood") -> list[dict[str, Any]]:
    """Pairs containing ``text`` in either language: domain terms first by termhood (or, with
    ``order="frequency"``, most frequent first)."""
    needle = text.strip().lower()
    if not needle:
        return []
    hits = [p for p in pairs if needle in p["zh"].lower() or needle in p["en"].lower()]
    return sorted(hits, key=by_termhood if order == "termhood" else by_frequency)


def by_frequency(pair: dict[str, Any]) -> tuple[Any, ...]:
    return (-pair["frequency"], len(pair["zh"]) + len(pair["en"]), pair["zh"], pair["en"])
