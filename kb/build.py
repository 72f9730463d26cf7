"""``kb build``: the pipeline end to end, written to a data directory.

The corpus is read (:mod:`kb.reading`), cut into paragraph units and given its
curated English (:mod:`kb.translation`), its term base mined (:mod:`kb.terms`),
its paragraphs aligned and translations checked, and the search index written
(:mod:`kb.search.indexing`). The data directory
holds complete builds side by side and a ``current`` symbolic link to the one
in use::

    var/
      current -> builds/20261121T063000.123456
      build.lock              held by the kb build writing (below)
      builds/20261121T063000.123456/
        build.json            version, build format, summary, vocabularies
        documents.json  records.json  sections.json  errata.json  terms.json
        units.json  translations.json   (paragraph units; curated translations, QA, alignment)
        userdict.txt  segmenter.bin  dictionary.json  index/  postings/   (the search stage's files)
        SHA256SUMS            the sha256 of every file above, written last

A build is written into a fresh directory, the sha256 of each of its files
listed in ``SHA256SUMS`` (:mod:`kb.store` verifies them on every load), and
``current`` is swapped to it in one atomic rename, so a reader sees the old
build or the new one, never a half-written one, and a build that fails (a
malformed document, a stale erratum, a catalog that lost its translations)
leaves the previous build untouched.

One build at a time: ``kb build`` holds an exclusive lock on the data
directory (``fcntl.flock`` on ``build.lock``) from before it reads the corpus
until ``current`` is swapped and old builds are pruned; another waits for it,
or refuses with ``--no-wait``. Build names are their UTC stamps and always
increase (a clock set back still gets a later name), so ``current`` only ever
moves to the newest finished build, and pruning, which keeps the newest
:data:`KEEP_BUILDS`, never removes the build ``current`` points to nor the one
just written.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from . import __version__
from .errors import BuildLockedError, CorpusError, NotBuiltError
from .reading import Corpus, read_corpus
from .reading.amendments import link_amendments
from .reading.repeals import link_repeals
from .reading.references import inherit_references, resolve_references
from .reading.validity import read_validity
from .search.indexing import write_search_index
from .search.synonyms import SYNONYMS_FILE, load_synonyms
from .store import BUILD_FORMAT, TITLES_FILE, KnowledgeBase, current_build_dir, load_servable, write_checksums
from .terms import CEDICT_NOTICE, TermPair, Unit, aligned_units, build_term_base, curated_units
from .terms.numbers import numbers_in
from .terms.segment import zh_words
from .terms.cedict import cedict
from .translation.align import align_units, implausible_pairs
from .translation.catalog import Status as TranslationStatus, catalog_path
from .translation.house import house_findings, load_tables
from .translation.qa import Entry, established_renderings, number_findings, rendering_evidence, term_findings
from .translation.stage import lost_translations, report as translation_report, translate
from .translation.units import Unit as TextUnit

KEEP_BUILDS = 3
LOCK_FILE = "build.lock"
STAMP_FORMAT = "%Y%m%dT%H%M%S.%f"
STAMP_RE = re.compile(r"\d{8}T\d{6}\.\d{6}")
# A catalog may lose this many of the curated translations the last build has (an entry
# deleted on purpose, a paragraph merged); more is an error unless `kb build --allow-drop`.
DROP_ALLOWANCE = 3


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


def parse_corpus(corpus_dir: Path, cache_dir: Path | None = None, with_terms: bool = True,
                 keep: list[dict[str, Any]] | None = None) -> KnowledgeBaseData:
    """Read the corpus (:mod:`kb.reading`) and mine its term base (:mod:`kb.terms`); raise
    :class:`~kb.errors.CorpusError` on the first fault.

    ``with_terms=False`` leaves the term base out; ``cache_dir`` is where jieba may keep its
    dictionary cache; ``keep`` is the curated translations a previous build had, which no
    catalog may lose more than :data:`DROP_ALLOWANCE` of (checked before the term base is mined).
    """
    corpus = read_corpus(Path(corpus_dir))
    text_units, translated, entries = translate(Path(corpus_dir), corpus.documents, corpus.sections,
                                                corpus.records)
    if keep is not None:
        check_dropped(keep, translated, Path(corpus_dir))
    for doc in corpus.documents:
        doc["validity"] = read_validity(doc, [u for u in text_units if u.doc == doc["id"]])
    # Links between documents: the titles and numbers each cites, and the decisions that amend one.
    resolve_references(text_units, corpus.documents, {s.id for s in corpus.sections})
    link_amendments(corpus.documents, corpus.sections)
    # A later document that repeals one (…同时废止) ends it from that day.
    link_repeals(corpus.documents, text_units)
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
    qa: dict[str, list[dict[str, Any]]] = {"numbers": number_findings(qa_entries), "terms": [],
                                           # Official pairs that cannot translate each other.
                                           "pairs": implausible_pairs(alignment, text_units, corpus.sections,
                                                                      numbers_in)}
    dictionary = cedict() if with_terms else None
    if with_terms:
        # Every rendering the official English gives, even once: a single occurrence is a notice.
        qa["terms"] = term_findings(
            qa_entries, established_renderings(pair_dicts, domain_only=True, min_frequency=1),
            lambda text: zh_words(text, dictionary, cache_dir), rendering_evidence(pair_dicts, domain_only=True))
    # The curated entries among themselves: one rendering per term, one title per cited document,
    # document numbers in the house form, inclusive bounds, modality (kb.translation.house).
    qa.update(house_findings(qa_entries, load_tables(Path(corpus_dir), corpus.documents),
                             (lambda word: word in dictionary) if dictionary else None))
    # An official English unit cites what the Chinese it translates cites (now that it is aligned).
    inherit_references(text_units, corpus.documents)
    return KnowledgeBaseData(documents=corpus.documents, records=corpus.records, sections=corpus.sections,
                             errata=corpus.errata, vocabularies=corpus.vocabularies,
                             units=units, term_pairs=term_pairs, text_units=text_units,
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


@contextmanager
def build_lock(data_dir: Path, wait: bool = True,
               on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the data directory's build lock for the ``with`` block.

    ``fcntl.flock`` on ``build.lock``: the kernel releases it when the process ends, however
    it ends, so a killed build never leaves the directory locked. When another build holds
    it, :class:`BuildLockedError` if not ``wait``, else ``on_wait(holder)`` is called (holder:
    " (pid N)", or "" if unknown) and the lock waited for.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            holder = f" (pid {pid})" if pid.isdigit() else ""
            if not wait:
                raise BuildLockedError(f"another kb build{holder} is writing to {data_dir}") from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)  # who holds it, for the message above
        yield
    finally:
        os.close(fd)  # releases the lock


def write_build(data: KnowledgeBaseData, data_dir: Path, cache_dir: Path | None = None,
                wait: bool = True, on_wait: Callable[[str], None] | None = None,
                synonyms: dict[str, Any] | None = None) -> Path:
    """Write a build to a new directory and make it current atomically (under the build lock);
    ``synonyms`` is the reviewed synonym table (:func:`~kb.search.synonyms.load_synonyms`), as
    :func:`build` reads it from the corpus."""
    with build_lock(data_dir, wait, on_wait):
        return _write_build(data, Path(data_dir), cache_dir, synonyms)


def _next_stamp(builds: Path) -> str:
    """Now, as a build name, and later than every build there (the clock may have been set back)."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    names = [p.name for p in builds.iterdir() if STAMP_RE.fullmatch(p.name)]
    if names:
        newest = datetime.strptime(max(names), STAMP_FORMAT)
        now = max(now, newest + timedelta(microseconds=1))
    return now.strftime(STAMP_FORMAT)


def _write_build(data: KnowledgeBaseData, data_dir: Path, cache_dir: Path | None,
                 synonyms: dict[str, Any] | None = None) -> Path:
    """The build itself; the caller holds the build lock."""
    builds = data_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    for leftover in builds.glob(".staging-*"):
        # Only a build holding the lock writes here: these are builds that were killed.
        shutil.rmtree(leftover, ignore_errors=True)
    stamp = _next_stamp(builds)
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
        # Every section's title, as the knowledge base will give it (hits, readers and citations
        # show them on every request; computing one takes its document's section places).
        _write_json(staging / TITLES_FILE, KnowledgeBase(
            staging, {}, data.documents, [r.to_dict() for r in data.records], [s.to_dict() for s in data.sections],
            data.errata, [u.to_dict() for u in data.text_units]).section_titles())
        write_search_index(staging, [r.to_dict() for r in data.records], [s.to_dict() for s in data.sections],
                           pairs, {d["id"]: d for d in data.documents}, cache_dir or data_dir / "cache",
                           units=[u.to_dict() for u in data.text_units],
                           synonyms=synonyms)
        _write_json(staging / "build.json", {
            "version": __version__, "format": BUILD_FORMAT, "built_at": stamp, "summary": summarise(data),
            # The corpus's cities, lists and values (kb.reading.vocabularies): labels and cues.
            "vocabularies": data.vocabularies.to_dict() if data.vocabularies else {}})
        write_checksums(staging)  # last: every file is written
        final = builds / stamp
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    current = current_build_dir(data_dir)
    # Compare before swapping: current only ever moves forward (to the newest finished build).
    if not (STAMP_RE.fullmatch(current.name) and current.name > final.name):
        link = data_dir / "current"
        tmp_link = data_dir / f".current-{os.getpid()}"
        if tmp_link.is_symlink() or tmp_link.exists():
            tmp_link.unlink()
        tmp_link.symlink_to(Path("builds") / stamp)
        os.replace(tmp_link, link)
    _prune(data_dir, keep=final)
    return final


def _prune(data_dir: Path, keep: Path) -> None:
    """Remove old builds (a reader may still hold the previous one, so keep a few), never the
    one ``current`` points to nor the one just built."""
    builds = data_dir / "builds"
    protected = {keep.name, current_build_dir(data_dir).name}
    finished = sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: p.name)
    for old in finished[:-KEEP_BUILDS]:
        if old.name not in protected:
            shutil.rmtree(old, ignore_errors=True)


def served_translations(data_dir: Path) -> list[dict[str, Any]] | None:
    """The curated translations of the build being served (``None`` when there is none this
    version can read: nothing to compare a new build with)."""
    try:
        served, _damage = load_servable(data_dir)
        return served.translations.get("entries", [])
    except (NotBuiltError, OSError, ValueError):
        return None


def check_dropped(keep: list[dict[str, Any]], results: list[TranslationStatus], corpus_dir: Path) -> None:
    """:class:`CorpusError` naming the catalog that lost more than :data:`DROP_ALLOWANCE` of the
    curated translations in ``keep`` (a catalog cut short, emptied or gone), or the folder of
    catalogs when it is gone. A corpus that never had a catalog builds (with no curated English)."""
    lost_by_doc = lost_translations(keep, results)
    folder = catalog_path(corpus_dir, "-").parent
    if not folder.is_dir() and any(len(lost) > DROP_ALLOWANCE for lost in lost_by_doc.values()):
        raise CorpusError(folder, None, f"the folder of curated translations is missing: "
                          f"{sum(map(len, lost_by_doc.values()))} curated translations that the last build "
                          f"has are gone ({', '.join(sorted(lost_by_doc))}); restore it, or run "
                          f"`kb build --allow-drop` if that is meant")
    for doc, lost in lost_by_doc.items():
        if len(lost) > DROP_ALLOWANCE:
            shown = ", ".join(lost[:3]) + (f" and {len(lost) - 3} more" if len(lost) > 3 else "")
            raise CorpusError(catalog_path(corpus_dir, doc), None,
                              f"{len(lost)} curated translations that the last build has are gone "
                              f"({shown}); restore them, or run `kb build --allow-drop` if that is meant")


def build(corpus_dir: Path, data_dir: Path, allow_drop: bool = False, wait: bool = True,
          on_wait: Callable[[str], None] | None = None) -> tuple[Path, dict[str, Any]]:
    """Read the corpus and write it as the new current build, holding the build lock throughout."""
    data_dir = Path(data_dir)
    cache_dir = data_dir / "cache"
    with build_lock(data_dir, wait, on_wait):
        keep = None if allow_drop else served_translations(data_dir)
        data = parse_corpus(corpus_dir, cache_dir=cache_dir, keep=keep)
        synonyms = load_synonyms(Path(corpus_dir) / SYNONYMS_FILE)
        path = _write_build(data, data_dir, cache_dir, synonyms)
    return path, summarise(data)
