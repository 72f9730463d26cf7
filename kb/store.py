"""Reading a built knowledge base back from its data directory.

:class:`KnowledgeBase` loads the build that ``current`` points to, without
reparsing the corpus, and answers look-ups by id. The CLI and the web app use
it; both get the same dictionaries, which are the JSON contract.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from collections.abc import Callable
from typing import Any

from .errors import NotBuiltError, OutdatedBuildError, UnknownItemError
from .translation.units import resolve_alias
from .userinput import quoted

DEFAULT_DATA_DIR = "var"
# What a build directory holds and how, as ``kb build`` writes it into ``build.json``. A
# build of another format is refused with "run `kb build`" rather than read half-way (format
# 2: the search index pickles ``kb.search.analysis.JiebaTokenizer``; builds without a format
# name ``kb.analysis.JiebaTokenizer``, which no longer exists; format 3: paragraph units
# in ``units.json`` and curated translations in ``translations.json``; format 4: the text
# fields' posting lists decoded in ``postings/``).
BUILD_FORMAT = 4


def data_dir_from_env(value: str | os.PathLike[str] | None = None) -> Path:
    return Path(value or os.environ.get("KB_DATA_DIR") or DEFAULT_DATA_DIR)


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
        self._terms: dict[str, Any] | None = None
        self._translations: dict[str, Any] | None = None
        self._memo: dict[Any, Any] = {}
        self._by_id: dict[str, dict[str, Any]] = {r["id"]: r for r in records}
        self._by_id.update({s["id"]: s for s in sections})
        self._by_id.update({u["id"]: u for u in self.units})

    @classmethod
    def load(cls, data_dir: Path | str | None = None) -> "KnowledgeBase":
        root = data_dir_from_env(data_dir)
        current = root / "current"
        build_dir = current.resolve() if current.is_symlink() else current
        if not (build_dir / "build.json").is_file():
            raise NotBuiltError(f"no knowledge base in {root} (run `kb build` first)")
        return cls.from_build_dir(build_dir)

    @classmethod
    def from_build_dir(cls, build_dir: Path) -> KnowledgeBase:
        """One build directory, current or not (an older build kept beside it)."""

        def read(name: str) -> Any:
            with (build_dir / name).open(encoding="utf-8") as fh:
                return json.load(fh)

        meta = read("build.json")
        found = meta.get("format") if isinstance(meta, dict) else None
        if found != BUILD_FORMAT:
            raise OutdatedBuildError(f"the build in {build_dir} was written by another version of kb "
                                     f"(build format {found or 1}, this version reads {BUILD_FORMAT}); "
                                     f"run `kb build` again")
        return cls(build_dir, meta, read("documents.json"), read("records.json"),
                   read("sections.json"), read("errata.json"), read("units.json"))

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
        if not path.is_file():
            raise NotBuiltError(f"the build in {self.build_dir} has no {what} (run `kb build` again)")
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)

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

    def children(self, section_id: str) -> list[dict[str, Any]]:
        return [s for s in self.sections if s.get("parent") == section_id]

    def notes(self) -> list[dict[str, Any]]:
        return [note for item in [*self.records, *self.sections, *self.units] for note in item.get("notes", [])]


# Builds kept loaded by a long-running process: the current one and the one it replaced
# (requests that started on it finish on it).
KEEP_LOADED = 2
_loaded: dict[Path, KnowledgeBase] = {}


def load_current(data_dir: Path | str | None = None) -> KnowledgeBase:
    """The build ``current`` points to now, loaded once per process and reused while it stays
    current; after ``kb build`` swaps the link, the next call loads the new build whole."""
    root = data_dir_from_env(data_dir)
    current = root / "current"
    build_dir = current.resolve() if current.is_symlink() else current
    kb = _loaded.get(build_dir)
    if kb is None:
        kb = KnowledgeBase.load(root)
        # The link may have moved between resolving and loading: key by what was loaded.
        _loaded[kb.build_dir] = kb
        while len(_loaded) > KEEP_LOADED:
            _loaded.pop(next(iter(_loaded)))
    return kb
