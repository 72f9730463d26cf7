"""Search: the page ``/`` and its JSON twin ``/api/search`` (the contract of ``kb search --json``).

Both read the same parameters -- ``q``, ``kind``, ``limit`` and any facet name
as a filter (``city=beijing``) -- and both show the same result; a bad
parameter is a 400 naming it, and so is a ``q`` that asks for more work than
one search may do (:mod:`kb.search.query.budget`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, jsonify, render_template, request

from kb.errors import QueryTooComplex
from kb.search import FACETS, MAX_LIMIT, QueryError, searcher_for

from kb.services.validity import search_notices

from . import as_of, get_kb
from .home import home_view
from .params import known, number

bp = Blueprint("search", __name__)

PAGE_SIZE = 20
# Parameters that are not filters.
RESERVED = {"q", "kind", "limit"}


def search_request() -> tuple[str, str | None, dict[str, str], int]:
    """The query, kind, filters and limit of this request; 400 for what cannot be read."""
    args = request.args
    query = args.get("q", "")
    kind = args.get("kind") or None
    limit = int(number("limit", low=1, high=MAX_LIMIT, default=10 if request.path.startswith("/api/") else PAGE_SIZE))
    filters: dict[str, str] = {}
    for key in args:
        if key in RESERVED:
            continue
        values = [v for v in args.getlist(key) if v != ""]
        if len(values) > 1:
            abort(400, description=f"filter {key!r} is given {len(values)} times; give it once")
        if key not in FACETS:
            abort(400, description=f"unknown parameter {key!r}; filters are {', '.join(FACETS)}")
        if values:
            filters[key] = values[0]
    return query, kind, filters, limit


def run_search(query: str, kind: str | None, filters: dict[str, str], limit: int) -> dict[str, Any]:
    searcher = searcher_for(get_kb())
    try:
        result = searcher.search(query, kind=kind, filters=filters, limit=limit, as_of=as_of())
    except QueryTooComplex as exc:
        abort(400, description=f"q {exc.detail}")
    except QueryError as exc:
        abort(400, description=str(exc))
    return search_notices(result, get_kb().documents, as_of())


def noticed_documents(result: dict[str, Any]) -> list[str]:
    """The documents of the answer and the hits whose validity has a notice, in order of first
    appearance: the page shows each one's banner once, above them all."""
    docs = ([result["answer"]["doc"]] if result.get("answer") else []) + [h["doc"] for h in result["hits"]]
    validity = result.get("validity") or {}
    return [d for d in dict.fromkeys(docs) if (validity.get(d) or {}).get("notice")]


@bp.get("/api/search")
def api_search():  # type: ignore[no-untyped-def]
    """Search results as JSON: the same object ``kb search --json`` prints."""
    return jsonify(run_search(*search_request()))


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    """The search page: one box, results as Chinese/English pairs, facets and search notes."""
    query, kind, filters, limit = search_request()
    result = run_search(query, kind, filters, limit) if (query.strip() or filters or kind) else None
    # Without a query the page is the home page: what the knowledge base covers.
    home = None if result else home_view(g.get("ui_lang") or "en")
    return render_template("search/index.html", result=result, home=home, noticed=noticed_documents(result) if result else [], query=query, kind=kind, filters=filters,
                           limit=limit, max_limit=MAX_LIMIT, facet_order=FACETS, params=known(*RESERVED, *FACETS))
