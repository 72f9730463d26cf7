"""The items of the knowledge base: documents, sections, occupation records, notes.

These are plain dataclasses with a ``to_dict`` that gives the JSON contract the
CLI, the web API and later the search index share. A field that exists in one
language only is ``None`` in the other, never absent.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

LANGS = ("zh", "en")


def bilingual(zh: Any = None, en: Any = None) -> dict[str, Any]:
    """A ``{"zh": ..., "en": ...}`` pair; a missing language is ``None``."""
    return {"zh": zh, "en": en}


@dataclass
class Note:
    """Something a reader should know about a record or section.

    ``kind`` is one of ``disagreement`` (the Chinese and English versions say
    different things), ``missing`` (one version lacks a value the other has),
    ``recovered`` (a value put back from a displaced cell), ``erratum`` (an
    entry of ``corpus/errata.toml`` was applied), ``unofficial`` (a curated
    translation, not the issuer's), ``translation`` (a curated translation is outdated), ``alignment`` (a section with no
    counterpart in the other language) and ``amendment`` (a decision in the knowledge base
    amends this article; ``supplied_by`` names it).
    """

    kind: str
    target: str
    text: str
    field: str | None = None
    supplied_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Section:
    """One headed section of a document, in one language."""

    id: str
    doc: str
    lang: str
    path: str  # readable, stable key inside the document, e.g. "2.3", "annex-1.2.2"
    number: str | None  # the heading number as printed, e.g. "2.3", "二", "（1）"
    heading: str | None
    body: str = ""
    kind: str = "section"  # title | abstract | preface | section | table | definition | clause | item;
    # a normative document's part | chapter | section | article
    order: int = 0
    level: int = 1
    parent: str | None = None
    footnotes: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    citation: str | None = None
    counterpart: str | None = None
    notes: list[dict[str, Any]] = field(default_factory=list)
    source: dict[str, Any] = field(default_factory=dict)
    units: list[str] = field(default_factory=list)  # its paragraph units, in order
    # The curated English of a section with no official counterpart:
    # {"heading", "body", "status": unofficial|partial|outdated|missing, "label"}.
    translation: dict[str, Any] | None = None
    # The structural keys of its units (an article's ``p1``, ``p1:i3``), from the reader that
    # knows its scheme; empty: units are numbered by position. Shown through the units' ids.
    unit_keys: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["unit_keys"]
        data["item"] = "section"
        return data


@dataclass
class Occupation:
    """One row of an occupation table, both languages merged."""

    id: str
    doc: str
    list: str
    city: str
    number: int
    title: dict[str, Any]
    industry: dict[str, Any]
    competencies: dict[str, Any]
    specialties: dict[str, Any]
    degree: dict[str, Any]
    min_degree: str
    experience: dict[str, Any]
    experience_years: int
    shortage_duration: str | None
    shortage_duration_label: dict[str, Any]
    severity: str | None
    severity_label: dict[str, Any]
    other: dict[str, Any]
    notes: list[dict[str, Any]] = field(default_factory=list)
    unofficial: list[str] = field(default_factory=list)
    source: dict[str, Any] = field(default_factory=dict)
    kind: str = "occupation"
    # Per field and language: official | unofficial | outdated | missing (fields not listed are official).
    text_status: dict[str, dict[str, str]] = field(default_factory=dict)
    # Whether experience_years itself is enough (inclusive: 3年以上) or not (exclusive: 超过3年).
    experience_bound: str = "inclusive"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["item"] = "occupation"
        return data
