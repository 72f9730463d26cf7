"""``kb translations``: the corpus' curated catalogs as a whole, status and update.

Both read the corpus the way a build does (:func:`kb.build.parse_corpus`, without the
term base) to list every piece of Chinese-only text that needs an English, then compare
it with, or merge it into, each document's catalog (:mod:`.catalog`). They live apart
from :mod:`.stage`, which the build imports, so the build and the translation stage never
import each other.
"""

from __future__ import annotations

from pathlib import Path

from ..build import parse_corpus
from .catalog import Source, Status, catalog_path, read_catalog, status, update
from .curated import sources
from .units import build_units


def catalog_sources(corpus_dir: Path) -> list[tuple[str, Path, list[Source]]]:
    """For each document with Chinese-only text: its id, catalog path and what needs English.

    The units are cut again from the sections as read, so each entry's comment (its place)
    is the citation the corpus alone gives: the build's own units are cited by their
    translated headings once the catalog has them, which would make a catalog's comments
    change with its own translations and ``update`` never reach the same bytes twice.
    """
    data = parse_corpus(corpus_dir, with_terms=False)
    by_id = {doc["id"]: doc for doc in data.documents}
    units = build_units(data.sections, by_id)
    return [(doc["id"], catalog_path(corpus_dir, doc["id"]), found)
            for doc in data.documents
            if (found := sources(doc, data.sections, units, data.records))]


def catalog_status(corpus_dir: Path) -> list[Status]:
    return [status(doc, path, found) for doc, path, found in catalog_sources(corpus_dir)]


def update_catalogs(corpus_dir: Path) -> dict[str, dict[str, int]]:
    wanted = catalog_sources(corpus_dir)
    for _, path, _ in wanted:
        read_catalog(path)  # every catalog must read before any is rewritten
    return {doc: update(doc, path, found) for doc, path, found in wanted}
