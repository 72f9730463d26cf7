"""What ``kb add`` shows before (or after) it writes: the new document as the corpus reads it.

From the corpus read with the addition (:attr:`kb.adding.add.Addition.kb`): the document's
metadata and where each value was read, its validity today, its section tree with each
section's citation and where it was read (the lines of the text the build reads, and a PDF's
page), the references its text makes (resolved to a document of the knowledge base, or not),
its occupation records, its translation status, and the ``kb check`` findings on the result.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..services.validity import validity_as_of
from .add import Addition, _page_of


def build_preview(addition: Addition, as_of: date | None = None) -> dict[str, Any]:
    kb = addition.kb
    doc = kb.documents[addition.doc_id]
    sections = []
    for s in kb.sections:
        if s["doc"] != addition.doc_id:
            continue
        lines = (s.get("source") or {}).get("lines") or [None, None]
        sections.append({"id": s["id"], "lang": s["lang"], "kind": s["kind"], "level": s["level"],
                         "citation": s.get("citation"), "heading": s.get("heading"),
                         "units": len(s.get("units") or []), "lines": lines,
                         "file": (s.get("source") or {}).get("path"),
                         "page": _page_of(addition, lines[0]) if s["lang"] == addition.lang else None})
    resolved: list[dict[str, Any]] = []
    unresolved: list[dict[str, Any]] = []
    for unit in kb.units:
        if unit["doc"] != addition.doc_id:
            continue
        for ref in unit.get("references") or []:
            (resolved if ref.get("doc") else unresolved).append({"unit": unit["id"], **ref})
    records = [{"id": r["id"], "title": r.get("title"), "list": r.get("list")}
               for r in kb.records if r.get("doc") == addition.doc_id]
    translation = next((t for t in kb.translations["documents"] if t["doc"] == addition.doc_id), None)
    check = addition.check or {}
    notes = {kind: len([n for n in found if n["target"].startswith(addition.doc_id + ":")])
             for kind, found in (check.get("groups") or {}).items()}
    return {
        "doc": addition.doc_id,
        "format": addition.format,
        "lang": addition.lang,
        "pages": addition.extracted.page_count if addition.extracted else None,
        "document": {key: doc.get(key) for key in ("title", "kind", "number", "issuer", "date", "city", "languages")},
        "files": [{"path": f["path"], "lang": f["lang"], "parser": f["parser"], "translates": f["translates"]}
                  for f in doc["files"]],
        "from": ((doc.get("metadata") or {}).get("from") or {}),
        "validity": validity_as_of(doc, as_of or date.today()),
        "sections": sections,
        "references": {"resolved": resolved, "unresolved": unresolved},
        "records": records,
        "translation": {"total": translation["total"], "translated": translation["translated"],
                        "missing": len(translation["missing"]), "stale": len(translation["stale"])}
        if translation else None,
        "check": {"ok": check.get("ok"), "problems": check.get("problems", []), "notes": notes},
        "mapping": addition.mapping,
        "vocabulary_additions": addition.vocabulary_additions,
        "writes": sorted(addition.files) + ["manifest.toml"],
    }
