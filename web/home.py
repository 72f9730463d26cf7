"""The home page: what the knowledge base covers, its documents with their status, and
example questions for each of its users, each a link to a search.

``/`` without a query is the home page (with one, the search page: :mod:`web.search`);
``/api/home`` is its JSON twin, built from the same dictionary.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, url_for

from kb.services.stats import coverage

from . import get_kb, validity
from .chrome import N_, in_language

bp = Blueprint("home", __name__)

# Example questions per user: what each asks the knowledge base, in each interface language,
# with the search filters that fit it (a translator looks up terms).
EXAMPLES: list[dict[str, Any]] = [
    {"user": "foreign-talent", "label": N_("Foreign talent"), "questions": [
        {"zh": "芯片设计工程师能在北京工作吗", "en": "Can I work in Beijing as a chip designer?"},
        {"zh": "区块链工程师需要什么学历", "en": "What degree does a blockchain engineer need?"},
        {"zh": "计点积分", "en": "points-based score 85"},
    ]},
    {"user": "enquiry-staff", "label": N_("Enquiry staff"), "questions": [
        {"zh": "北京的目录还有效吗", "en": "Is the Beijing catalogue still valid?"},
        {"zh": "诺贝尔奖", "en": "Nobel Prize"},
        {"zh": "精算师需要几年工作经历", "en": "How many years of experience does an actuary need?"},
    ]},
    {"user": "translator", "label": N_("Translator"), "filters": {"kind": "term"}, "questions": [
        {"zh": "紧缺", "en": "high-demand occupation"},
        {"zh": "专才", "en": "specialist"},
        {"zh": "高精尖缺", "en": "high-end"},
    ]},
]


def home_view(lang: str) -> dict[str, Any]:
    """The home page's data: coverage counts, each document with its validity, and the
    example questions in ``lang`` with the search URL of each."""
    kb = get_kb()
    documents = [{"id": d["id"], "title": d["title"], "kind": d.get("kind"), "number": d.get("number"),
                  "validity": validity(d["id"]), "url": url_for("reader.document", doc_id=d["id"])}
                 for d in kb.documents.values()]
    examples = [{"user": e["user"], "label": in_language(e["label"], lang),
                 "questions": [{"text": q[lang], "url": url_for("search.index", q=q[lang], **e.get("filters", {}))}
                               for q in e["questions"]]}
                for e in EXAMPLES]
    return {"coverage": coverage(kb.documents, kb.sections, kb.records, kb.units, kb.terms["pairs"]),
            "documents": documents, "examples": examples}


@bp.get("/api/home")
def api_home():  # type: ignore[no-untyped-def]
    """The home page as JSON (example questions in the interface language)."""
    from .chrome import ui_language

    return jsonify(home_view(ui_language()))
