"""``kb build``: the pipeline end to end, written to a data directory.

The corpus is read (:mod:`kb.reading`), cut into paragraph units and given its
curated English (:mod:`kb.translation`), its term base mined (:mod:`kb.terms`),
its paragraphs aligned and translations checked, and the search index written
(:mod:`kb.search.indexing`). The data directory
holds complete builds side by side and a ``current`` symbolic link to the one
in use::

    var/
      current -> builds/20261121T063000.123456
      builds/20261121T063000.123456/
        build.json            version, build format, summary
        documents.json  records.json  sections.json  errata.json  terms.json
        units.json  translations.json   (paragraph units; curated translations, QA, alignment)
        userdict.txt  dictionary.json  index/  postings/   (the search stage's files)

A build is written into a fresh directory and ``current`` is swapped to it in
one atomic rename, so a reader sees the old build or the new one, never a
half-written one, and a build that fails (a malformed document, a stale
erratum) leaves the previous build untouched.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import __version__
from .reading import Corpus, read_corpus
from .reading.amendments import link_amendments
from .reading.references import resolve_references
from .reading.validity import read_validity
from .search.indexing import write_search_index
from .store import BUILD_FORMAT
from .terms import CEDICT_NOTICE, TermPair, Unit, aligned_units, build_term_base, curated_units
from .terms.numbers import numbers_in
from .terms.segment import zh_words
from .terms.cedict import cedict
from .translation.align import align_units
from .translation.catalog import Status as TranslationStatus
from .translation.qa import Entry, established_renderings, number_findings, term_findings
from .translation.stage import report as translation_report, translate
from .translation.units import Unit as TextUnit

KEEP_BUILDS = 3


@dataclass
class KnowledgeBaseData(Corpus):
    """Everything one build produces, before it is written: the corpus read, and its term base."""

    units: list[Unit] = field(default_factory=list)  # aligned units the term base is mined from
    term_pairs: list[TermPair] = field(default_factory=list)
    text_units: list[TextUnit] = field(default_factory=list)  # paragraphs, items, clauses
    translations: list[TranslationStatus] = field(default_factory=list)
    translation_entries: list[dict[str, Any]] = field(default_factory=list)
    translation_qa: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    alignment: list[dict[str, Any]] = field(default_factory=list)


def parse_corpus(corpus_dir: Path, cache_dir: Path | None = None, with_terms: bool = True) -> KnowledgeBaseData:
    """Read the corpus (:mod:`kb.reading`) and mine its term base (:mod:`kb.terms`); raise
    :class:`~kb.errors.CorpusError` on the first fault.

    ``with_terms=False`` leaves the term base out; ``cache_dir`` is where jieba may keep its
    dictionary cache.
    """
    corpus = read_corpus(Path(corpus_dir))
    text_units, translated, entries = translate(Path(corpus_dir), corpus.documents, corpus.sections,
                                                corpus.records)
    for doc in corpus.documents:
        doc["validity"] = read_validity(doc, [u for u in text_units if u.doc == doc["id"]])
    # Links between documents: the titles and numbers each cites, and the decisions that amend one.
    resolve_references(text_units, corpus.documents, {s.id for s in corpus.sections})
    link_amendments(corpus.documents, corpus.sections)
    units: list[Unit] = []
    term_pairs: list[TermPair] = []
    if with_terms:
        units = aligned_units([r.to_dict() for r in corpus.records], [s.to_dict() for s in corpus.sections],
                              {d["id"]: d for d in corpus.documents}) + curated_units(entries)
        # Termhood compares each term's frequency in all the Chinese text with general language.
        record_ids = {r.id for r in corpus.records}
        chinese = [f"{s.heading}\n{s.body}" for s in corpus.sections if s.lang == "zh"]
        chinese += [u.zh for u in units if u.place in record_ids]
        term_pairs = build_term_base(units, cache_dir, chinese)
    # Term pairs anchor the paragraph alignment, so it runs once the term base exists.
    pair_dicts = [p.to_dict() for p in term_pairs]
    alignment = align_units(text_units, corpus.sections, established_renderings(pair_dicts), numbers_in)
    qa_entries = [Entry(e["context"], e["zh"], e["en"], e["doc"], e["comment"]) for e in entries]
    qa: dict[str, list[dict[str, Any]]] = {"numbers": number_findings(qa_entries), "terms": []}
    if with_terms:
        dictionary = cedict()
        qa["terms"] = term_findings(
            qa_entries, established_renderings(pair_dicts, domain_only=True),
            lambda text: zh_words(text, dictionary, cache_dir))
    return KnowledgeBaseData(documents=corpus.documents, records=corpus.records, sections=corpus.sections,
                             errata=corpus.errata, units=units, term_pairs=term_pairs, text_units=text_units,
                             translations=translated, translation_entries=entries, translation_qa=qa,
                             alignment=alignment)


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
        pairs = [p.to_dict() for p in data.term_pairs]
        _write_json(staging / "terms.json", {
            "notice": CEDICT_NOTICE,
            "pairs": pairs,
            "units": [asdict(u) for u in data.units],
        })
        write_search_index(staging, [r.to_dict() for r in data.records], [s.to_dict() for s in data.sections],
                           pairs, {d["id"]: d for d in data.documents}, cache_dir or data_dir / "cache",
                           units=[u.to_dict() for u in data.text_units])
        _write_json(staging / "build.json", {
            "version": __version__, "format": BUILD_FORMAT, "built_at": stamp, "summary": summarise(data)})
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
