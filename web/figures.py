"""Figures ``/stats`` and ``/api/stats``: the occupation lists counted from the records.

The charts are drawn on the server as SVG bars (no script, nothing inline
that the Content-Security-Policy would have to allow) next to the same
numbers as a table, so they read without images too. The figures each
document states about itself are shown with the recomputed value.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template
from flask_babel import gettext

from kb.services import compare_stated, compute_stats

from . import get_kb
from .chrome import FACET_LABELS, N_

bp = Blueprint("figures", __name__)

CHARTS = ("list", "industry", "shortage_duration", "severity", "min_degree", "experience")
CHART_LABELS = {**FACET_LABELS, "experience": N_("Experience (years, as the document buckets it)")}


def stats_view() -> dict[str, Any]:
    kb = get_kb()

    def compute() -> dict[str, Any]:
        result = compute_stats(kb.records, kb.documents, kb.vocabularies)
        result["stated"] = compare_stated(result, kb.documents)
        return result

    return kb.memo("figures", compute)


def charts(stats: dict[str, Any]) -> list[dict[str, Any]]:
    """One chart per city and grouping: bars with their share of the largest bar."""
    out = []
    for city, counts in stats["cities"].items():
        for facet in CHARTS:
            values = counts.get(facet) or {}
            if not values:
                continue
            top = max(values.values())
            bars = [{"value": value, "count": count, "share": count / top} for value, count in values.items()]
            out.append({"city": city, "facet": facet, "label": gettext(CHART_LABELS[facet]), "bars": bars,
                        "total": sum(values.values())})
    return out


@bp.get("/stats")
def figures():  # type: ignore[no-untyped-def]
    """Charts and tables of the Qianhai and Beijing lists, computed from the records."""
    stats = stats_view()
    return render_template("figures/stats.html", stats=stats, charts=charts(stats))


@bp.get("/api/stats")
def api_stats():  # type: ignore[no-untyped-def]
    """Occupation counts per city, with the figures the documents state about themselves."""
    return jsonify(stats_view())
