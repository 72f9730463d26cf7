"""JSON API: ``/api/items/<id>`` and ``/api/stats``."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify

from kb.errors import NotBuiltError, UnknownItemError
from kb.stats import compare_stated, compute_stats

from . import get_kb

bp = Blueprint("api", __name__, url_prefix="/api")


def _kb():  # type: ignore[no-untyped-def]
    try:
        return get_kb()
    except NotBuiltError as exc:
        abort(503, description=str(exc))


@bp.get("/items/<path:item_id>")
def item(item_id: str):  # type: ignore[no-untyped-def]
    """One occupation record, or a section with its counterpart."""
    kb = _kb()
    try:
        found = kb.get(item_id)
    except UnknownItemError as exc:
        abort(404, description=str(exc))
    if found["item"] == "occupation":
        return jsonify(found)
    pair = kb.section_pair(item_id)
    return jsonify({"id": item_id, "kind": "section", "doc": found["doc"], "zh": pair["zh"], "en": pair["en"]})


@bp.get("/stats")
def stats():  # type: ignore[no-untyped-def]
    """Occupation counts per city, with the figures the documents state about themselves."""
    kb = _kb()
    result = compute_stats(kb.records, kb.documents)
    result["stated"] = compare_stated(result, kb.documents)
    return jsonify(result)
