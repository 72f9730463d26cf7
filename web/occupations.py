"""Occupation pages ``/occupations/<id>`` and the item API ``/api/items/<id>``.

The page and its twin share :func:`occupation_view`: the record as the build
wrote it (the contract of ``kb show --json``), its related occupations in the
other city with their requirements compared, and the rows of the two-column
table with bilingual labels.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, render_template

from kb.errors import UnknownItemError
from kb.services import related_occupations
from kb.userinput import quoted

from . import as_of, get_kb, validity
from .reader import unit_url

bp = Blueprint("occupations", __name__)

# The record's fields in the order the page shows them, with bilingual labels.
FIELDS: list[tuple[str, dict[str, str]]] = [
    ("title", {"zh": "职业名称", "en": "Occupation"}),
    ("industry", {"zh": "行业", "en": "Industry"}),
    ("competencies", {"zh": "能力素质要求", "en": "Competencies"}),
    ("specialties", {"zh": "专业要求", "en": "Specialties"}),
    ("degree", {"zh": "学历要求", "en": "Degree"}),
    ("experience", {"zh": "工作经历", "en": "Experience"}),
    ("shortage_duration_label", {"zh": "紧缺持续时间", "en": "Shortage duration"}),
    ("severity_label", {"zh": "紧缺程度", "en": "Severity"}),
    ("other", {"zh": "其他", "en": "Other"}),
]


def lookup(item_id: str) -> dict[str, Any]:
    try:
        return get_kb().get(item_id)
    except UnknownItemError as exc:
        abort(404, description=str(exc))


def occupation_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The two-column table: each field's label and value per language, and whether the
    English is the knowledge base's own (unofficial) translation."""
    rows = []
    for field, label in FIELDS:
        value = record.get(field)
        if not value or (value.get("zh") is None and value.get("en") is None):
            continue
        cells = {}
        for lang in ("zh", "en"):
            text = value.get(lang)
            cells[lang] = list(text) if isinstance(text, list) else ([text] if text else [])
        rows.append({"field": field, "label": label, "zh": cells["zh"], "en": cells["en"],
                     "unofficial": f"{field}.en" in record.get("unofficial", [])})
    return rows


def related(item_id: str) -> list[dict[str, Any]]:
    kb = get_kb()
    day = as_of()  # each related item carries its document's validity on this day
    return kb.memo(("related", item_id, day), lambda: related_occupations(kb, item_id, as_of=day))


def occupation_view(item_id: str) -> dict[str, Any]:
    record = lookup(item_id)
    if record.get("item") != "occupation":
        abort(404, description=f"{quoted(item_id)} is a section, not an occupation; see /api/items/{item_id}")
    return {"record": record, "rows": occupation_rows(record),
            "related": related(item_id), "validity": validity(record["doc"])}


@bp.get("/occupations/<path:item_id>")
def show(item_id: str):  # type: ignore[no-untyped-def]
    """One occupation, every field in both languages, with its source and related occupations."""
    view = occupation_view(item_id)
    return render_template("occupations/show.html", **view)


@bp.get("/api/items/<path:item_id>")
def api_item(item_id: str):  # type: ignore[no-untyped-def]
    """One occupation record (with related occupations), a section with its counterpart, title
    and citation, or a paragraph unit with its English (the aligned official units, or the
    curated translation)."""
    kb = get_kb()
    found = lookup(item_id)
    if found.get("item") == "occupation":
        return jsonify({**found, "related": related(item_id), "validity": validity(found["doc"])})
    if found.get("item") == "unit":
        return jsonify({**found, "english": kb.unit_english(found), "url": unit_url(found["id"]),
                        "validity": validity(found["doc"])})
    pair = kb.section_pair(item_id)
    # Its title and full citation as the reader and `kb show` give them (the stored sections'
    # ``citation`` is only the number a scheme states).
    return jsonify({"id": item_id, "kind": "section", "doc": found["doc"], "zh": pair["zh"], "en": pair["en"],
                    "title": kb.section_title(item_id), "citation": kb.section_citation(item_id),
                    "validity": validity(found["doc"])})
