"""Where a term occurs, cited as a reader cites it, and how far a pair can be relied on.

A term pair's places are ids (an occupation record ``qh-d09``, a section
``qianhai-list:zh:2.1``, a table's column labels ``qianhai-list:table-1``, a
paragraph unit). A translator needs the citation instead: the document's title
and the place in it (《前海外籍人才紧缺职业清单》表2 第2行 / "List of ..., Table 2,
row 2"), in both languages, as the build stored it for records and units and as
:meth:`kb.store.KnowledgeBase.section_citation` gives it for sections.
"""

from __future__ import annotations

from typing import Any

from ..errors import UnknownItemError
from .tbx import RELIABILITY, reliability


def place_citation(kb: Any, place: str) -> dict[str, str]:
    """The citation of a term base place (a record, section, unit or table id; a curated
    entry's context ``id#field`` is cited by its item), in ``zh`` and ``en``."""
    item_id = place.split("#", 1)[0]
    try:
        item = kb.get(item_id)
    except UnknownItemError:
        # A table's column labels (``doc:table-1``) stand for the table's section, in either language.
        doc, _, rest = item_id.partition(":")
        for lang in ("zh", "en"):
            try:
                kb.get(f"{doc}:{lang}:{rest}")
            except UnknownItemError:
                continue
            return _both(kb.section_citation(f"{doc}:{lang}:{rest}"), place)
        title = (kb.documents.get(doc) or {}).get("title") or {}
        return {"zh": f"《{title['zh']}》" if title.get("zh") else place, "en": title.get("en") or place}
    if item.get("item") == "occupation":
        return _both(item["source"]["citation"], place)
    if item.get("item") == "unit":
        return _both(item["citation"], place)
    return _both(kb.section_citation(item_id), place)


def _both(citation: dict[str, Any], place: str) -> dict[str, str]:
    return {"zh": citation.get("zh") or citation.get("en") or place,
            "en": citation.get("en") or citation.get("zh") or place}


def pair_entry(kb: Any, pair: dict[str, Any], max_places: int | None = None) -> dict[str, Any]:
    """A stored pair as a term entry: the pair, its reliability (official, curated or
    dictionary, with the TBX reliability code) and its places (the first ``max_places``) cited."""
    level = reliability(pair)
    places = pair["places"] if max_places is None else pair["places"][:max_places]
    return {**pair, "reliability": {"level": level, "code": RELIABILITY[level]},
            "cited_places": [{"id": p, "citation": place_citation(kb, p)} for p in places]}
