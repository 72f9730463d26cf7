"""The self-check ``/check-eligibility`` and its twin ``/api/check-eligibility``.

A person gives a degree, years of experience and, optionally, field keywords
in either language; :func:`kb.services.eligibility.check_eligibility` lists the
occupations in every city whose field, degree and years they meet, the near misses
with the requirement that is not met, and apart the positions of another field,
each requirement with its status and source clause.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, render_template, request

from kb.search import QueryError
from kb.services import DEGREE_LABELS, DEGREES, check_eligibility
from kb.services.eligibility import MAX_YEARS

from . import as_of, get_kb
from .params import known, number

bp = Blueprint("eligibility", __name__)

def eligibility_view(required: bool) -> dict[str, Any] | None:
    """The check for this request's parameters; None when the form has not been filled in."""
    degree = request.args.get("degree", "")
    raw_years = request.args.get("years", "")
    keywords = request.args.get("keywords", "")
    if not required and not degree and not raw_years:
        return None
    if not degree:
        abort(400, description=f"degree is required: one of {', '.join(DEGREES)}")
    years = number("years", low=0, high=MAX_YEARS, fraction=True)
    try:
        return check_eligibility(get_kb(), degree, years, keywords, as_of=as_of())
    except QueryError as exc:
        abort(400, description=str(exc))


@bp.get("/check-eligibility")
def check():  # type: ignore[no-untyped-def]
    """The self-check form and, once filled in, the occupations it qualifies for and the near misses."""
    result = eligibility_view(required=False)
    return render_template("eligibility/check.html", result=result, degrees=DEGREES, degree_labels=DEGREE_LABELS,
                           args=request.args, params=known("degree", "years", "keywords"))


@bp.get("/api/check-eligibility")
def api_check():  # type: ignore[no-untyped-def]
    """The self-check as JSON (``degree`` and ``years`` required, ``keywords`` optional)."""
    return jsonify(eligibility_view(required=True))
