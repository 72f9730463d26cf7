"""``kb build``: parse the corpus and write the knowledge base to a data directory.

The data directory holds complete builds side by side and a ``current``
symbolic link to the one in use::

    var/
      current -> builds/20261121T063000.123456
      builds/20261121T063000.123456/{build,documents,records,sections}.json

A build is written into a fresh directory and ``current`` is swapped to it in
one atomic rename, so a reader sees the old build or the new one, never a
half-written one, and a build that fails (a malformed document, a stale
erratum) leaves the previous build untouched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import __version__, analysis, crosslang, indexing, terms
from .searching import english_stems as searching_stems
from .errata import load_errata
from .errors import CorpusError
from .manifest import load_manifest
from .model import Occupation, Section
from .normalise import Industries
from .parsers import PARSERS, ParsedFile
from .records import build_table_records
from .sections import build_sections
from .text import read_lines
from .translation.align import align_units
from .translation.curated import Applied
from .translation.qa import Entry, established_renderings, number_findings, term_findings
from .translation.stage import report as translation_report, translate
from .translation.units import Unit as TextUnit

KEEP_BUILDS = 3


@dataclass
class KnowledgeBaseData:
    """Everything one build produces, before it is written."""

    documents: list[dict[str, Any]]
    records: list[Occupation]
    sections: list[Section]
    errata: list[dict[str, Any]] = field(default_factory=list)
    units: list[terms.Unit] = field(default_factory=list)  # aligned units the term base is mined from
    term_pairs: list[terms.TermPair] = field(default_factory=list)
    text_units: list[TextUnit] = field(default_factory=list)  # paragraphs, items, clauses
    translations: list[Applied] = field(default_factory=list)
    translation_entries: list[dict[str, Any]] = field(default_factory=list)
    translation_qa: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    alignment: list[dict[str, Any]] = field(default_factory=list)


def parse_corpus(corpus_dir: Path, cache_dir: Path | None = None, with_terms: bool = True) -> KnowledgeBaseData:
    """Parse every document of the manifest; raise :class:`CorpusError` on the first fault.

    ``with_terms`` also mines the term base (:mod:`kb.terms`); ``cache_dir`` is where
    jieba may keep its dictionary cache.
    """
    corpus_dir = Path(corpus_dir)
    docs = load_manifest(corpus_dir, set(PARSERS))
    industries = Industries(corpus_dir / "industries.toml")
    errata_path = corpus_dir / "errata.toml"
    errata = load_errata(errata_path, {d.id for d in docs})
    records: list[Occupation] = []
    sections: list[Section] = []
    columns: dict[str, dict[str, dict[str, list[str] | None]]] = {}
    for doc in docs:
        parsed: list[ParsedFile] = []
        for spec in doc.files:
            lines = read_lines(spec.path)
            if not any(line.stripped for line in lines):
                raise CorpusError(spec.path, None, "the file is empty")
            try:
                parsed.append(PARSERS[spec.parser](doc, spec, lines))
            except CorpusError:
                raise
            except (IndexError, ValueError, AttributeError, KeyError) as exc:
                # A parser meeting input it was not written for must still name the file.
                raise CorpusError(spec.path, None,
                                  f"the {spec.parser} parser could not read this file "
                                  f"({type(exc).__name__}: {exc}); is it the right parser?") from exc
        table_records: dict[str, list[str]] = {}
        for table in doc.tables:
            table_rows = build_table_records(doc, table, parsed, industries, errata, errata_path)
            table_records[table.key] = [r.id for r in table_rows]
            records.extend(table_rows)
        sections.extend(build_sections(doc, parsed, table_records, errata, errata_path))
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
    documents = [d.to_dict() | {"table_columns": columns.get(d.id, {})} for d in docs]
    text_units, translated, entries = translate(corpus_dir, documents, sections, records)
    units: list[terms.Unit] = []
    term_pairs: list[terms.TermPair] = []
    if with_terms:
        units = terms.aligned_units([r.to_dict() for r in records], [s.to_dict() for s in sections],
                                    {d["id"]: d for d in documents})
        term_pairs = terms.build_term_base(units, cache_dir)
    # Term pairs anchor the paragraph alignment, so it runs once the term base exists.
    pair_dicts = [p.to_dict() for p in term_pairs]
    alignment = align_units(text_units, sections, established_renderings(pair_dicts), terms.numbers_in)
    qa_entries = [Entry(e["context"], e["zh"], e["en"], e["doc"], e["comment"]) for e in entries]
    qa = {"numbers": number_findings(qa_entries), "terms": []}
    if with_terms:
        dictionary = terms.cedict()
        qa["terms"] = term_findings(
            qa_entries, established_renderings(pair_dicts, lambda w: terms.general_frequency(w, cache_dir)),
            lambda text: terms.zh_words(text, dictionary, cache_dir))
    return KnowledgeBaseData(
        documents=documents, records=records, sections=sections, units=units, term_pairs=term_pairs,
        text_units=text_units, translations=translated, translation_entries=entries, translation_qa=qa,
        alignment=alignment,
        errata=[{"doc": e.doc, "target": e.target, "field": e.field, "found": e.found,
                 "correct": e.correct, "action": e.action, "reason": e.reason} for e in errata])


def summarise(data: KnowledgeBaseData) -> dict[str, Any]:
    sections_by_lang = Counter(s.lang for s in data.sections)
    pairs = sum(1 for s in data.sections if s.lang == "zh" and s.counterpart)
    notes = Counter(n["kind"] for item in [*data.records, *data.sections] for n in item.notes)
    term_kinds = Counter(p.kind for p in data.term_pairs)
    return {
        "documents": len(data.documents),
        "sections": dict(sorted(sections_by_lang.items(), reverse=True)),
        "records": len(data.records),
        "records_by_list": dict(Counter(r.list for r in data.records)),
        "aligned_pairs": pairs,
        "notes": dict(sorted(notes.items())),
        "term_pairs": dict(sorted(term_kinds.items())),
        "units": dict(sorted(Counter(u.lang for u in data.text_units).items(), reverse=True)),
        "translations": {r.doc: {"total": r.total, "translated": r.translated, "stale": len(r.stale),
                                 "missing": len(r.missing)} for r in data.translations},
    }


def _write_json(path: Path, payload: Any) -> None:
    with path.open("w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def write_search_index(staging: Path, data: KnowledgeBaseData, cache_dir: Path) -> None:
    """The search index, its jieba user dictionary and the cross-language dictionary."""
    pairs = [p.to_dict() for p in data.term_pairs]
    userdict = staging / "userdict.txt"
    userdict.write_text("\n".join(indexing.userdict_terms(pairs)) + "\n", encoding="utf-8")
    docs = indexing.search_documents([r.to_dict() for r in data.records], [s.to_dict() for s in data.sections],
                                     pairs, {d["id"]: d for d in data.documents})
    indexing.write_index(staging / "index", docs, userdict, cache_dir)
    zh_vocab: Counter[str] = Counter()
    en_words: dict[str, str] = {}
    zh_text: list[str] = []
    for doc in docs:
        if doc["kind"] == "term":
            continue
        for name in indexing.TEXT_FIELDS["zh"]:
            text = doc.get(name) or ""
            zh_text.append(text)
            zh_vocab.update(w.lower() for w, _, _ in analysis.jieba_tokens(text))
        for name in indexing.TEXT_FIELDS["en"]:
            for word in re.findall(r"[a-z0-9]+", (doc.get(name) or "").lower()):
                if word not in en_words:
                    en_words[word] = searching_stems(word)[0]
    _write_json(staging / "dictionary.json", crosslang.build_dictionary(
        pairs, zh_vocab, set(en_words.values()), "\n".join(zh_text), en_words))


def write_build(data: KnowledgeBaseData, data_dir: Path, cache_dir: Path | None = None) -> Path:
    """Write a build to a new directory and make it current atomically."""
    data_dir = Path(data_dir)
    builds = data_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%f")
    staging = builds / f".staging-{stamp}-{os.getpid()}"
    staging.mkdir()
    try:
        _write_json(staging / "documents.json", data.documents)
        _write_json(staging / "records.json", [r.to_dict() for r in data.records])
        _write_json(staging / "sections.json", [s.to_dict() for s in data.sections])
        _write_json(staging / "errata.json", data.errata)
        _write_json(staging / "units.json", [u.to_dict() for u in data.text_units])
        _write_json(staging / "translations.json", {
            "documents": translation_report(data.translations), "entries": data.translation_entries,
            "qa": data.translation_qa, "alignment": data.alignment})
        _write_json(staging / "terms.json", {
            "notice": terms.CEDICT_NOTICE,
            "pairs": [p.to_dict() for p in data.term_pairs],
            "units": [asdict(u) for u in data.units],
        })
        write_search_index(staging, data, cache_dir or data_dir / "cache")
        _write_json(staging / "build.json", {
            "version": __version__, "built_at": stamp, "summary": summarise(data)})
        final = builds / stamp
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    link = data_dir / "current"
    tmp_link = data_dir / f".current-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    tmp_link.symlink_to(Path("builds") / stamp)
    os.replace(tmp_link, link)
    _prune(builds, keep=final)
    return final


def _prune(builds: Path, keep: Path) -> None:
    """Remove old builds (a reader may still hold the previous one, so keep a few)."""
    finished = sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: p.name)
    for old in finished[:-KEEP_BUILDS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def build(corpus_dir: Path, data_dir: Path) -> tuple[Path, dict[str, Any]]:
    cache_dir = Path(data_dir) / "cache"
    data = parse_corpus(corpus_dir, cache_dir=cache_dir)
    path = write_build(data, data_dir, cache_dir)
    return path, summarise(data)
