"""The consistency report behind ``kb terms check`` (and, later, the web page).

Reads the stored term base and aligned units of a build; nothing is reparsed.
"""

from __future__ import annotations

from typing import Any

from .store import KnowledgeBase
from .terms import TermPair, Unit, number_mismatches, renderings_report


def consistency_report(kb: KnowledgeBase) -> dict[str, Any]:
    base = kb.terms
    pairs = [TermPair(**p) for p in base["pairs"]]
    units = [Unit(**u) for u in base["units"]]
    return {
        "zh_terms": renderings_report(pairs, "zh"),
        "en_terms": renderings_report(pairs, "en"),
        "number_mismatches": number_mismatches(units),
        "value_disagreements": [n for n in kb.notes() if n["kind"] in ("disagreement", "missing")],
    }
