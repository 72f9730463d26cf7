"""The term base for translators: ``/terms`` and ``/api/terms``, TBX, CSV and TMX downloads.

Look-up works in either language (a substring of the Chinese or the
English), each pair with its reliability (official, curated or dictionary, the
TBX code), termhood, frequency and the places it occurs, cited and linked; pairs are
listed domain terms first, by termhood (:mod:`kb.terms.termhood`), general
language last. The
consistency report lists the terms rendered more than one way, majority
first, and the aligned units whose numbers differ. ``lookup=紧缺`` shows one Chinese
term's renderings across the corpus with example pairs (:mod:`kb.services.concordance`)
and that term's findings of the report. The downloads are the
same files ``kb export --format tbx|terms-csv|tmx`` writes: the TBX without
general-language pairs, the TMX (the translation memory) with ``official=1``
for the official segments only.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request
from markupsafe import Markup, escape

from kb.search import normalise_query, to_simplified
from kb.services.concordance import ConcordanceError, term_lookup
from kb.services.tmx import export_tmx, memory_segments
from kb.terms import consistency_report, export_terms_csv, export_tbx, lookup
from kb.terms.places import pair_entry
from kb.terms.tbx import export_terms_xlsx
from kb.terms.termhood import by_termhood

from . import get_kb
from .params import known, number
from .reader import place_url

bp = Blueprint("termbase", __name__)

# Excel opens a CSV file as UTF-8 only when it starts with the byte-order mark; without it the
# Chinese comes out as mojibake in the local code page.
EXCEL_BOM = "\ufeff"
PER_PAGE = 50
MAX_PLACES = 6  # places cited per pair in the list (the CSV and TBX carry them all)
MAX_PAGE = 100_000
TERM_KINDS = ("title", "value", "label", "heading", "sub-term")


def terms_view() -> dict[str, Any]:
    kb = get_kb()
    pairs = kb.terms["pairs"]
    query = normalise_query(request.args.get("q", ""))
    kind = request.args.get("kind") or None
    if kind is not None and kind not in TERM_KINDS:
        abort(400, description=f"kind must be one of {', '.join(TERM_KINDS)}, not {kind!r}")
    page = int(number("page", low=1, high=MAX_PAGE, default=1))
    converted = None
    if query:
        found = lookup(pairs, query)
        simplified = to_simplified(query)
        if simplified != query:
            converted = simplified
            found += [p for p in lookup(pairs, simplified) if p not in found]
    else:
        found = sorted(pairs, key=by_termhood)
    if kind:
        found = [p for p in found if p["kind"] == kind]
    pages = max(1, -(-len(found) // PER_PAGE))
    shown = [_linked(pair_entry(kb, p, MAX_PLACES)) for p in found[(page - 1) * PER_PAGE: page * PER_PAGE]]
    return {"query": query, "converted": converted, "kind": kind, "total": len(found), "page": page,
            "pages": pages, "per_page": PER_PAGE, "pairs": shown, "notice": kb.terms["notice"],
            "lookup": lookup_view()}


def lookup_view() -> dict[str, Any] | None:
    """The look-up of one Chinese term (``lookup=紧缺``): its renderings with counts and
    example pairs, the pairs that hold it, and its consistency findings."""
    text = normalise_query(request.args.get("lookup", ""))
    if not text:
        return None
    simplified = to_simplified(text)
    try:
        result = term_lookup(get_kb(), simplified)
    except ConcordanceError as exc:
        abort(400, description=f"lookup: {exc}")
    result["converted"] = simplified if simplified != text else None
    for group in [*result["renderings"], result["unidentified"]]:
        for example in group["examples"]:
            for place in example["places"]:
                place["url"] = place_url(place["id"])
    result["pairs"] = [_linked(p) for p in result["pairs"]]
    for finding in result["consistency"]["curated_departures"]:
        finding["cited_place"]["url"] = place_url(finding["cited_place"]["id"])
    return result


def _linked(entry: dict[str, Any]) -> dict[str, Any]:
    for place in entry["cited_places"]:
        place["url"] = place_url(place["id"])
    return entry


def marked(text: str, spans: list[tuple[int, int]]) -> Markup:
    """``text`` escaped, with ``spans`` (start, end) in ``<mark>``: the term in a Chinese
    example, its rendering in the English."""
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        out += [escape(text[at:start]), Markup("<mark>{}</mark>").format(text[start:end])]
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def _report() -> dict[str, Any]:
    kb = get_kb()
    return kb.memo("consistency report", lambda: consistency_report(kb))


@bp.get("/terms")
def terms():  # type: ignore[no-untyped-def]
    """Term look-up in either language, the consistency report and the downloads."""
    view = terms_view()
    return render_template("termbase/terms.html", **view, report=_report(), kinds=TERM_KINDS,
                           params=known("q", "kind", "page", "lookup"), marked=marked)


@bp.get("/api/terms")
def api_terms():  # type: ignore[no-untyped-def]
    """Term pairs (look-up with ``q``, paged), one term's renderings (``lookup``) and the
    consistency report, as JSON."""
    return jsonify({**terms_view(), "report": _report()})


@bp.get("/terms/export.tbx")
def export_tbx_file():  # type: ignore[no-untyped-def]
    """The term base as TBX-Basic, for CAT tools (general-language pairs left out)."""
    base = get_kb().terms
    return _download(export_tbx(base["pairs"], base["notice"]), "application/x-tbx+xml; charset=utf-8", "policy-kb-terms.tbx")


@bp.get("/terms/export.csv")
def export_csv_file():  # type: ignore[no-untyped-def]
    """The whole term base as a CSV sheet (UTF-8 with a byte-order mark, so Excel keeps the
    Chinese), the same as `kb export --format terms-csv -o FILE`."""
    return _download(EXCEL_BOM + export_terms_csv(get_kb().terms["pairs"]), "text/csv; charset=utf-8",
                     "policy-kb-terms.csv")


@bp.get("/terms/export.xlsx")
def export_xlsx_file():  # type: ignore[no-untyped-def]
    """The whole term base as an Excel workbook: the CSV sheet's columns and rows."""
    kb = get_kb()
    body = kb.memo("terms xlsx", lambda: export_terms_xlsx(kb.terms["pairs"]))
    response = Response(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = 'attachment; filename="policy-kb-terms.xlsx"'
    return response


@bp.get("/terms/export.tmx")
def export_tmx_file():  # type: ignore[no-untyped-def]
    """The translation memory as TMX 1.4b; ``official=1`` for the official segments only."""
    official = request.args.get("official", "") in ("1", "true", "yes")
    kb = get_kb()
    text = kb.memo(("tmx", official), lambda: export_tmx(memory_segments(kb, official_only=official)))
    name = "policy-kb-memory-official.tmx" if official else "policy-kb-memory.tmx"
    return _download(text, "application/x-tmx+xml; charset=utf-8", name)


def _download(text: str, content_type: str, filename: str) -> Response:
    response = Response(text, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
