"""The translation stage of a build: units, their alignment, and the curated English.

:func:`translate` runs after the reading stage has produced sections and records:
it cuts sections into units, applies each document's catalog to its Chinese-only
text and reports, per document, what is translated, stale and missing. Alignment
(:func:`align_units`) runs once the term base exists, because term pairs anchor it.
``kb translations`` (status and catalog updates over the whole corpus) is
:mod:`.catalogs`, which runs the build's reading; this module never imports the build.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..model import Occupation, Section
from .catalog import Status, catalog_path, lookup, read_catalog
from .curated import apply, sources
from .units import Unit, build_units


def translate(corpus_dir: Path, documents: list[dict[str, Any]], sections: list[Section],
              records: list[Occupation]) -> tuple[list[Unit], list[Status], list[dict[str, Any]]]:
    """Units for every section, curated English applied; returns units, per-document
    results and the translated entries (for QA and the translation memory)."""
    units = build_units(sections, {d["id"]: d for d in documents})
    by_section: dict[str, list[str]] = {}
    for unit in units:
        by_section.setdefault(unit.section, []).append(unit.id)
    for section in sections:
        section.units = by_section.get(section.id, [])
    results: list[Status] = []
    entries: list[dict[str, Any]] = []
    for doc in documents:
        needed = sources(doc, sections, units, records)
        if not needed:
            continue
        path = catalog_path(corpus_dir, doc["id"])
        catalog = read_catalog(path)
        found = lookup(catalog, needed)
        result = apply(doc, sections, units, records, found)
        results.append(result)
        comments = {e.msgctxt: e.tcomment for e in catalog} if catalog is not None else {}
        entries += [{"doc": doc["id"], "context": s.context, "zh": s.text, "en": found[s.context].text,
                     "comment": comments.get(s.context, "")}
                    for s in needed if found[s.context].status == "translated"]
    return units, results, entries


def report(results: list[Status]) -> list[dict[str, Any]]:
    return [asdict(r) for r in results]


def lost_translations(previous: list[dict[str, Any]], results: list[Status]) -> dict[str, list[str]]:
    """Per document, the contexts a previous build had a curated English for (its ``entries``)
    whose entry is now missing from the catalog (deleted, emptied, or the catalog gone). Text
    that changed (stale) or that the corpus no longer has is not lost: only the catalog's own
    losses count."""
    missing = {(r.doc, context) for r in results for context in r.missing}
    lost: dict[str, list[str]] = {}
    for entry in previous:
        if (entry["doc"], entry["context"]) in missing:
            lost.setdefault(entry["doc"], []).append(entry["context"])
    return lost
