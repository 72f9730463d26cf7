"""Reading the whole corpus: every document of the manifest, parsed and merged.

:func:`read_corpus` runs the reading stage end to end for each document: its
files are read (:mod:`.text`), parsed by the parser the manifest names
(:mod:`.parsers`), their table rows merged into occupation records
(:mod:`.records`) and their sections aligned across languages
(:mod:`.sections`), with the errata applied on the way (:mod:`.errata`). The
first fault stops it with a :class:`~kb.errors.CorpusError` naming the file
and line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from ..model import Occupation, Section
from .errata import load_errata
from .manifest import load_manifest
from .metadata import apply_header_metadata
from .normalise import Industries
from .parsers import PARSERS, ParsedFile
from .parsers.detect import detect_parser
from .records import build_table_records
from .sections import build_sections
from .sheets import parse_sheet
from .text import read_lines
from .vocabularies import Vocabularies, load_vocabularies


@dataclass
class Corpus:
    """What the reading stage produces: documents, occupation records, sections, errata applied."""

    documents: list[dict[str, Any]]
    records: list[Occupation]
    sections: list[Section]
    errata: list[dict[str, Any]] = field(default_factory=list)
    vocabularies: Vocabularies | None = None


def read_corpus(corpus_dir: Path) -> Corpus:
    """Parse every document of the manifest; raise :class:`CorpusError` on the first fault."""
    corpus_dir = Path(corpus_dir)
    vocabularies = load_vocabularies(corpus_dir)
    docs = load_manifest(corpus_dir, set(PARSERS), vocabularies)
    industries = Industries(corpus_dir / "industries.toml")
    errata_path = corpus_dir / "errata.toml"
    errata = load_errata(errata_path, {d.id for d in docs})
    records: list[Occupation] = []
    sections: list[Section] = []
    columns: dict[str, dict[str, dict[str, list[str] | None]]] = {}
    # A document's header as printed, per language (the normative reader's metadata lines).
    headers: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for doc in docs:
        # A spreadsheet is rows only (kb.reading.sheets); every other file is text to parse.
        parsed: list[ParsedFile] = parse_sheet(doc) if doc.sheet is not None else []
        for spec in doc.files if doc.sheet is None else []:
            lines = read_lines(spec.path)
            if not any(line.stripped for line in lines):
                raise CorpusError(spec.path, None, "the file is empty")
            if spec.parser is None:
                spec.parser = detect_parser(doc, spec, lines)
            try:
                parsed.append(PARSERS[spec.parser](doc, spec, lines))
            except CorpusError:
                raise
            except (IndexError, ValueError, AttributeError, KeyError) as exc:
                # A parser meeting input it was not written for must still name the file.
                raise CorpusError(spec.path, None,
                                  f"the {spec.parser} parser could not read this file "
                                  f"({type(exc).__name__}: {exc}); is it the right parser?") from exc
            if not parsed[-1].rows and not any(s.paragraphs or s.heading for s in parsed[-1].sections):
                # A parser that finds nothing must say so: an empty success would drop the file.
                raise CorpusError(spec.path, None, f"the {spec.parser} parser found no text in this file; "
                                                   f"is it the right parser for this file and language?")
        if any(pf.header for pf in parsed):
            # A normative document's header says what the manifest entry need not.
            doc.metadata = apply_header_metadata(doc, parsed, corpus_dir / "manifest.toml")
        if not doc.title.get("zh"):
            raise CorpusError(corpus_dir / "manifest.toml", doc.manifest_line,
                              f"document {doc.id!r}: needs title = {{ zh = ... }}: the header of "
                              f"{', '.join(s.name for s in doc.files)} states no title")
        table_records: dict[str, list[str]] = {}
        for table in doc.tables:
            table_rows = build_table_records(doc, table, parsed, industries, errata, errata_path,
                                             vocabularies)
            table_records[table.key] = [r.id for r in table_rows]
            records.extend(table_rows)
        sections.extend(build_sections(doc, parsed, table_records, errata, errata_path))
        if any(pf.header for pf in parsed):
            headers[doc.id] = {"zh": [], "en": []}
            for pf in parsed:
                headers[doc.id][pf.spec.lang] = list(pf.header)
        columns[doc.id] = {table.key: {lang: next((pf.columns.get(table.key) for pf in parsed
                                                   if pf.spec.lang == lang and pf.columns.get(table.key)), None)
                                       for lang in ("zh", "en")}
                           for table in doc.tables}
    for erratum in errata:
        if not erratum.applied:
            raise CorpusError(errata_path, erratum.line,
                              f"erratum for {erratum.doc} {erratum.target} matches no record or section")
    ids = Counter([r.id for r in records] + [s.id for s in sections])
    duplicates = [i for i, n in ids.items() if n > 1]
    if duplicates:
        raise CorpusError(corpus_dir / "manifest.toml", None, f"duplicate ids: {', '.join(duplicates)}")
    documents = [d.to_dict() | {"table_columns": columns.get(d.id, {}), "header": headers.get(d.id)}
                 for d in docs]
    return Corpus(
        documents=documents, records=records, sections=sections, vocabularies=vocabularies,
        errata=[{"doc": e.doc, "target": e.target, "field": e.field, "found": e.found,
                 "correct": e.correct, "action": e.action, "reason": e.reason} for e in errata])
