"""Reading a built knowledge base back from its data directory.

:class:`KnowledgeBase` loads the build that ``current`` points to, without
reparsing the corpus, and answers look-ups by id. The CLI and the web app use
it; both get the same dictionaries, which are the JSON contract.

A build lists the sha256 of every one of its files in ``SHA256SUMS`` (the
format of ``sha256sum``, so ``sha256sum -c SHA256SUMS`` checks it by hand too),
written last, before the build is swapped in. Loading a build verifies them
first, so a build damaged since (truncated, overwritten, a file deleted or
added) is refused whole with :class:`~kb.errors.DamagedBuildError` rather than
read half-way. A process loads a build once, so it hashes it once (about 6 MB
at 1x, some milliseconds). :func:`load_current`, which long-running processes
use, serves the newest intact build before a damaged one instead, and logs the
damage.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from collections.abc import Callable
from typing import Any

from .errors import DamagedBuildError, NotBuiltError, OutdatedBuildError, UnknownItemError
from .translation.titles import section_title
from .translation.units import cited_in, resolve_alias, stored_section_places
from .userinput import quoted

DEFAULT_DATA_DIR = "var"
# What a build directory holds and how, as ``kb build`` writes it into ``build.json``. A
# build of another format is refused with "run `kb build`" rather than read half-way (format
# 2: the search index pickles ``kb.search.analysis.JiebaTokenizer``; builds without a format
# name ``kb.analysis.JiebaTokenizer``, which no longer exists; format 3: paragraph units
# in ``units.json`` and curated translations in ``translations.json``; format 4: the text
# fields' posting lists decoded in ``postings/``; format 5: the checksums of its files in
# ``SHA256SUMS``; format 6: each posting's BM25F score in ``postings/scores.npy``, the context words of
# sections and documents in ``contexts.json`` and every section's title in ``titles.json``).
BUILD_FORMAT = 6
# Every section's title in both languages, as :meth:`KnowledgeBase.section_title` gives it.
TITLES_FILE = "titles.json"
CHECKSUMS = "SHA256SUMS"
log = logging.getLogger(__name__)


def data_dir_from_env(value: str | os.PathLike[str] | None = None) -> Path:
    return Path(value or os.environ.get("KB_DATA_DIR") or DEFAULT_DATA_DIR)


def current_build_dir(data_dir: Path) -> Path:
    """The build directory ``current`` points to now (which may not exist)."""
    current = Path(data_dir) / "current"
    return current.resolve() if current.is_symlink() else current


def _build_files(build_dir: Path) -> list[str]:
    return sorted(p.relative_to(build_dir).as_posix() for p in build_dir.rglob("*")
                  if p.is_file() and p.name != CHECKSUMS)


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def write_checksums(build_dir: Path) -> None:
    """List the sha256 of every file of a finished build in ``SHA256SUMS`` (``kb build``'s last write)."""
    lines = [f"{_sha256(build_dir / name)}  {name}\n" for name in _build_files(build_dir)]
    with (build_dir / CHECKSUMS).open("w", encoding="utf-8") as fh:
        fh.writelines(lines)


def verify_checksums(build_dir: Path) -> int:
    """How many files match ``SHA256SUMS``; :class:`DamagedBuildError` naming the first that does
    not, is missing or is not part of the build."""
    try:
        listed = (build_dir / CHECKSUMS).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise DamagedBuildError(build_dir, f"{CHECKSUMS} is missing or unreadable") from None
    expected: dict[str, str] = {}
    for number, line in enumerate(listed, 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name:
            raise DamagedBuildError(build_dir, f"{CHECKSUMS} line {number} is not a checksum line")
        expected[name] = digest
    present = _build_files(build_dir)
    for name in present:
        if name not in expected:
            raise DamagedBuildError(build_dir, f"{name} is not part of the build (not in {CHECKSUMS})")
    for name, digest in expected.items():
        path = build_dir / name
        if not path.is_file():
            raise DamagedBuildError(build_dir, f"{name} is missing")
        try:
            found = _sha256(path)
        except OSError as exc:
            raise DamagedBuildError(build_dir, f"{name} cannot be read ({exc.strerror})") from None
        if found != digest:
            raise DamagedBuildError(build_dir, f"{name} does not match its checksum in {CHECKSUMS}")
    return len(expected)


class KnowledgeBase:
    """A loaded build: documents, records, sections and their paragraph units, indexed by id."""

    def __init__(self, build_dir: Path, meta: dict[str, Any], documents: list[dict[str, Any]],
                 records: list[dict[str, Any]], sections: list[dict[str, Any]],
                 errata: list[dict[str, Any]], units: list[dict[str, Any]] | None = None):
        self.build_dir = build_dir
        self.meta = meta
        self.documents = {d["id"]: d for d in documents}
        self.records = records
        self.sections = sections
        self.errata = errata
        self.units = units or []
        self.verified = 0  # how many files matched their checksums when the build was loaded
        self._places: dict[str, dict[str, str]] | None = None  # section places, computed on first use
        self._terms: dict[str, Any] | None = None
        self._translations: dict[str, Any] | None = None
        self._titles: dict[str, dict[str, str | None]] | None = None
        self._memo: dict[Any, Any] = {}
        self._by_id: dict[str, dict[str, Any]] = {r["id"]: r for r in records}
        self._by_id.update({s["id"]: s for s in sections})
        self._by_id.update({u["id"]: u for u in self.units})

    @classmethod
    def load(cls, data_dir: Path | str | None = None) -> "KnowledgeBase":
        """The build ``current`` points to, verified (:class:`DamagedBuildError` if damaged)."""
        root = data_dir_from_env(data_dir)
        build_dir = current_build_dir(root)
        if not build_dir.is_dir():
            raise NotBuiltError("no knowledge base has been built yet (run `kb build` first)",
                                where=f"data directory: {root}")
        return cls.from_build_dir(build_dir)

    @classmethod
    def from_build_dir(cls, build_dir: Path) -> KnowledgeBase:
        """One build directory, current or not (an older build kept beside it), verified first."""

        def read(name: str) -> Any:
            with (build_dir / name).open(encoding="utf-8") as fh:
                return json.load(fh)

        try:
            meta = read("build.json")
        except (OSError, ValueError):
            meta = None  # missing or damaged: the checksums say which
        found = meta.get("format") if isinstance(meta, dict) else None
        if isinstance(meta, dict) and found != BUILD_FORMAT:
            # Another version's build (before format 5 a build had no checksums to verify).
            raise OutdatedBuildError(f"the build was written by another version of kb "
                                     f"(build format {found or 1}, this version reads {BUILD_FORMAT}); "
                                     f"run `kb build` again", where=f"build: {build_dir}")
        verified = verify_checksums(build_dir)
        if not isinstance(meta, dict):
            raise DamagedBuildError(build_dir, "build.json cannot be read")
        try:
            kb = cls(build_dir, meta, read("documents.json"), read("records.json"),
                     read("sections.json"), read("errata.json"), read("units.json"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # The files match what kb build wrote, yet cannot be read: still not to be served.
            raise DamagedBuildError(build_dir, f"cannot be read ({type(exc).__name__}: {exc})") from None
        kb.verified = verified
        return kb

    @property
    def vocabularies(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The corpus's cities, lists and value vocabularies as built (``build.json``):
        ``{"cities": {key: {"zh", "en", "aliases", "doc"}}, "lists": {...}, "degrees": {...}, ...}``."""
        return self.meta.get("vocabularies") or {}

    @property
    def terms(self) -> dict[str, Any]:
        """The term base of this build (``pairs``, aligned ``units``, the dictionary ``notice``)."""
        if self._terms is None:
            self._terms = self._read_part("terms.json", "term base")
        return self._terms

    @property
    def translations(self) -> dict[str, Any]:
        """Curated translations of this build: per-document ``documents`` status, the translated
        ``entries`` (context, zh, en, translator comment) and the paragraph ``alignment`` beads."""
        if self._translations is None:
            self._translations = self._read_part("translations.json", "translations")
        return self._translations

    def _read_part(self, name: str, what: str) -> Any:
        """A part of the build read on first use (most requests need neither)."""
        path = self.build_dir / name
        try:
            with path.open(encoding="utf-8") as fh:
                return json.load(fh)
        except (OSError, ValueError) as exc:
            # Verified when the build was loaded: it was damaged since.
            raise DamagedBuildError(self.build_dir, f"its {what} ({name}) cannot be read "
                                                    f"({type(exc).__name__})") from None

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """A value derived from this build, computed on first use: a build never changes, so
        reports over it (consistency, figures, related occupations) are computed once."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def get(self, item_id: str) -> dict[str, Any]:
        item = self._by_id.get(item_id)
        if item is None:
            alias = resolve_alias(item_id, self._by_id)
            item = self._by_id.get(alias) if alias else None
        if item is None:
            raise UnknownItemError(f"no record, section or paragraph unit has the id {quoted(item_id)}")
        return item

    def units_of(self, section: dict[str, Any]) -> list[dict[str, Any]]:
        return [self._by_id[u] for u in section.get("units", [])]

    def unit_english(self, unit: dict[str, Any]) -> dict[str, Any]:
        """A Chinese unit's English: its aligned official counterparts, else its curated
        translation (``status`` unofficial, outdated or missing)."""
        if unit["counterparts"]:
            return {"text": "\n\n".join(self._by_id[c]["text"] for c in unit["counterparts"]),
                    "status": "official", "units": unit["counterparts"]}
        curated = unit.get("translation") or {"text": None, "status": "missing"}
        return {"text": curated["text"], "status": curated["status"], "units": []}

    def counterpart(self, section: dict[str, Any]) -> dict[str, Any] | None:
        return self._by_id.get(section["counterpart"]) if section.get("counterpart") else None

    def section_pair(self, item_id: str) -> dict[str, dict[str, Any] | None]:
        """A section and its counterpart as ``{"zh": ..., "en": ...}``."""
        section = self.get(item_id)
        pair: dict[str, dict[str, Any] | None] = {"zh": None, "en": None}
        pair[section["lang"]] = section
        other = self.counterpart(section)
        if other is not None:
            pair[other["lang"]] = other
        return pair

    def section_title(self, section_id: str) -> dict[str, str | None]:
        """What a section is called in both languages (:mod:`kb.translation.titles`): its number
        and heading, or, for a clause without a heading, its place and opening words. Read from
        the build's ``titles.json`` (a copy: the caller's to change), where the build wrote
        every section's; computed otherwise (an alias, a knowledge base not read from a build)."""
        stored = self._stored_titles().get(section_id)
        return dict(stored) if stored is not None else self.computed_section_title(section_id)

    def section_titles(self) -> dict[str, dict[str, str | None]]:
        """Every section's title, by id, computed (what a build writes to ``titles.json``)."""
        return {section["id"]: self.computed_section_title(section["id"]) for section in self.sections}

    def _stored_titles(self) -> dict[str, dict[str, str | None]]:
        if self._titles is None:
            path = self.build_dir / TITLES_FILE
            self._titles = self._read_part(TITLES_FILE, "section titles") if path.is_file() else {}
        return self._titles

    def computed_section_title(self, section_id: str) -> dict[str, str | None]:
        """:meth:`section_title` computed from the section, its counterpart and its place."""
        pair = self.section_pair(section_id)
        title = section_title(pair["zh"], pair["en"])
        if title["en"] is None and pair["zh"] is not None and pair["zh"].get("number"):
            # A Chinese-only article without a curated heading: its place, as its citation says it.
            title["en"] = self._section_places().get(pair["zh"]["id"], {}).get("en")
        return title

    def section_citation(self, section_id: str) -> dict[str, str | None]:
        """How to cite a section in full, in both languages: its document's title and its place
        (《某市外籍人才服务条例》第十条 / Regulations ..., Article 10); each language's from that
        language's own section where there is one, the English of a Chinese-only section from
        its curated heading or its structure."""
        pair = self.section_pair(section_id)
        places = self._section_places()
        cites: dict[str, str | None] = {}
        for lang in ("zh", "en"):
            section = pair[lang] or pair["zh" if lang == "en" else "en"]
            assert section is not None
            document = self.documents.get(section["doc"]) or {"id": section["doc"]}
            cites[lang] = cited_in(document, places[section["id"]])[lang]
        return cites

    def _section_places(self) -> dict[str, dict[str, str]]:
        """Every section's place in its document, each within its parent's (computed once)."""
        if self._places is None:
            self._places = stored_section_places(self.sections)
        return self._places

    def children(self, section_id: str) -> list[dict[str, Any]]:
        return [s for s in self.sections if s.get("parent") == section_id]

    def notes(self) -> list[dict[str, Any]]:
        return [note for item in [*self.records, *self.sections, *self.units] for note in item.get("notes", [])]


# Builds kept loaded by a long-running process: the current one and the one it replaced
# (requests that started on it finish on it).
KEEP_LOADED = 2
_loaded: dict[Path, KnowledgeBase] = {}
# Damaged builds this process has found no intact build to serve instead of (a build never
# changes, so it is not hashed again on every request).
_refused: dict[Path, DamagedBuildError] = {}


def load_current(data_dir: Path | str | None = None) -> KnowledgeBase:
    """The build ``current`` points to now, loaded once per process and reused while it stays
    current; after ``kb build`` swaps the link, the next call loads the new build whole.

    Where the current build is damaged, the newest intact build before it is served instead
    and the damage logged (once per process); with none, :class:`DamagedBuildError`."""
    root = data_dir_from_env(data_dir)
    build_dir = current_build_dir(root)
    kb = _loaded.get(build_dir)
    if kb is None:
        if build_dir in _refused:
            raise _refused[build_dir]
        try:
            kb, damage = load_servable(root)
        except DamagedBuildError as exc:
            log.error("%s; no intact build to serve instead", exc.explain())
            _refused[exc.build_dir] = exc
            while len(_refused) > KEEP_LOADED:
                _refused.pop(next(iter(_refused)))
            raise
        # The link may have moved between resolving and loading: key by what was asked for.
        key = damage.build_dir if damage is not None else kb.build_dir
        if damage is not None:
            log.error("%s\n  serving %s, the newest intact build before it", damage.explain(), kb.build_dir.name)
        _loaded[key] = kb
        while len(_loaded) > KEEP_LOADED:
            _loaded.pop(next(iter(_loaded)))
    return kb


def load_servable(data_dir: Path | str | None = None) -> tuple[KnowledgeBase, DamagedBuildError | None]:
    """The build to serve: the current one, or where it is damaged the newest intact build
    before it, with the damage found (``None`` when the current build is intact)."""
    root = data_dir_from_env(data_dir)
    try:
        return KnowledgeBase.load(root), None
    except DamagedBuildError as damage:
        for older in previous_builds(root, damage.build_dir):
            try:
                return KnowledgeBase.from_build_dir(older), damage
            except NotBuiltError:
                continue
        raise


def previous_builds(data_dir: Path, build_dir: Path) -> list[Path]:
    """The finished builds older than ``build_dir``, newest first (a build's name is its stamp)."""
    builds = Path(data_dir) / "builds"
    if not builds.is_dir():
        return []
    return sorted((p for p in builds.iterdir()
                   if p.is_dir() and not p.name.startswith(".") and p.name < build_dir.name), reverse=True)
