"""The value vocabularies of ``corpus/vocabularies.toml``: cities, lists, degrees, durations, severities.

What a city or an occupation list is, what they are called in each language and by what
other names a question calls them, and the wordings a source prints for each normalised
requirement value, are data an editor changes; this module is the one reader of that file.
A corpus without the file has empty vocabularies: a document that needs a city, a list or a
value then stops the build with an error saying the file is missing (a corpus of notices
and laws needs none). The vocabularies go into the build (``build.json``), so the web and
the question reader label and recognise exactly what the corpus defines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from ..model import LANGS
from .tomlfiles import load_toml

FILE_NAME = "vocabularies.toml"
# The value vocabularies a cell's wording is normalised by: the record field and the word for
# it in messages.
VALUE_FIELDS = {"degrees": ("min_degree", "degree"),
                "shortage_durations": ("shortage_duration", "shortage duration"),
                "severities": ("severity", "severity"),
                "experience_bounds": ("experience_bound", "experience bound")}
TABLES = ("cities", "lists", *VALUE_FIELDS)
# The values a list may require every row to state (the others are always required).
OPTIONAL_FIELDS = ("shortage_duration", "severity")
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class UnknownForm(ValueError):
    """A source wording that the normalised vocabulary does not cover."""


@dataclass
class Entry:
    """One vocabulary entry: its key, labels (``None`` where not set), and per kind the rest."""

    key: str
    labels: dict[str, str | None]
    aliases: list[str] = field(default_factory=list)
    doc: str | None = None  # a city's document
    city: str | None = None  # a list's city
    required: list[str] = field(default_factory=list)  # a list's optional values it requires
    forms: dict[str, list[str]] = field(default_factory=dict)  # a value's wordings per language

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"zh": self.labels.get("zh"), "en": self.labels.get("en")}
        for name in ("aliases", "doc", "city", "required", "forms"):
            value = getattr(self, name)
            if value:
                out[name] = value
        return out


class ValueVocabulary:
    """One normalised value vocabulary (degrees, durations, severities) and its forms."""

    def __init__(self, name: str, entries: dict[str, Entry]):
        self.name = name
        self.what = VALUE_FIELDS[name][1]
        self.entries = entries
        self._patterns: dict[str, re.Pattern[str] | None] = {}
        self._value_of: dict[tuple[str, str], str] = {}
        for lang in LANGS:
            forms = sorted(((form, e.key) for e in entries.values() for form in e.forms.get(lang, [])),
                           key=lambda f: -len(f[0]))
            for form, key in forms:
                self._value_of[lang, form.lower()] = key
            if not forms:
                self._patterns[lang] = None
                continue
            alternation = "|".join(re.escape(f) for f, _ in forms)
            self._patterns[lang] = re.compile(f"({alternation})" if lang == "zh" else rf"\b({alternation})", re.I)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.entries)

    def value(self, text: str, lang: str) -> str:
        """The value the leftmost form in ``text`` names; :class:`UnknownForm` when none does."""
        pattern = self._patterns.get(lang)
        match = pattern.search(text) if pattern else None
        if match is None:
            known = [f for e in self.entries.values() for f in e.forms.get(lang, [])]
            raise UnknownForm(f"{self.what} {text!r} is not one of {', '.join(known) or '(no forms)'} "
                              f"(add the wording to the forms of {FILE_NAME} [{self.name}])")
        return self._value_of[lang, match.group(1).lower()]


@dataclass
class Vocabularies:
    """Every vocabulary of a corpus; ``path`` is the file, ``found`` whether it exists."""

    path: Path
    found: bool
    cities: dict[str, Entry]
    lists: dict[str, Entry]
    values: dict[str, ValueVocabulary]

    @property
    def degrees(self) -> ValueVocabulary:
        return self.values["degrees"]

    @property
    def shortage_durations(self) -> ValueVocabulary:
        return self.values["shortage_durations"]

    @property
    def severities(self) -> ValueVocabulary:
        return self.values["severities"]

    @property
    def experience_bounds(self) -> ValueVocabulary:
        return self.values["experience_bounds"]

    def unknown(self, table: str, key: object) -> str:
        """Why ``key`` is not a key of ``table`` (cities, lists), for an error message."""
        known = self.cities if table == "cities" else self.lists
        what = "city" if table == "cities" else "list"
        if not self.found:
            return f"{what} {key!r} needs {self.path} (not found)"
        return (f"{what} {key!r} is not in {self.path.name} [{table}] (known: {', '.join(known) or 'none'}); "
                f"add it there")

    def to_dict(self) -> dict[str, Any]:
        """The vocabularies as the build keeps them (``build.json``)."""
        return {"cities": {k: e.to_dict() for k, e in self.cities.items()},
                "lists": {k: e.to_dict() for k, e in self.lists.items()},
                **{name: {k: e.to_dict() for k, e in v.entries.items()} for name, v in self.values.items()}}


def _line_of(raw: str, table: str, key: str) -> int | None:
    for number, line in enumerate(raw.splitlines(), 1):
        if re.match(rf"\s*\[\s*{re.escape(table)}\.\"?{re.escape(key)}\"?\s*\]", line):
            return number
    return None


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def load_vocabularies(corpus_dir: Path) -> Vocabularies:
    """The vocabularies of ``corpus_dir``; :class:`CorpusError` naming the line of a bad entry."""
    path = Path(corpus_dir) / FILE_NAME
    if not path.is_file():
        return Vocabularies(path, False, {}, {}, {name: ValueVocabulary(name, {}) for name in VALUE_FIELDS})
    raw, data = load_toml(path)
    unknown = sorted(set(data) - set(TABLES))
    if unknown:
        raise CorpusError(path, None, f"unknown vocabulary [{unknown[0]}] (the file holds {', '.join(TABLES)})")
    tables: dict[str, dict[str, Entry]] = {}
    for table in TABLES:
        entries: dict[str, Entry] = {}
        for key, item in (data.get(table) or {}).items():
            line = _line_of(raw, table, key)

            def fail(reason: str) -> CorpusError:
                return CorpusError(path, line, f"[{table}.{key}]: {reason}")

            if not KEY_PATTERN.match(key):
                raise fail("a key is lower-case words joined by '-'")
            if not isinstance(item, dict):
                raise fail("must be a table")
            labels = {lang: item.get(lang) for lang in LANGS}
            if any(v is not None and (not isinstance(v, str) or not v.strip()) for v in labels.values()):
                raise fail("zh and en labels are text")
            if not labels["en"]:
                raise fail("needs an en label (the key itself until an editor names it)")
            entry = Entry(key, labels)
            if table == "cities":
                if not _strings(item.get("aliases", [])):
                    raise fail("aliases is a list of names")
                entry.aliases = [a.lower() for a in item.get("aliases", [])]
                entry.doc = item.get("doc")
            elif table == "lists":
                entry.city = item.get("city")
                required = item.get("required", [])
                if not isinstance(required, list) or any(r not in OPTIONAL_FIELDS for r in required):
                    raise fail(f"required lists values among {', '.join(OPTIONAL_FIELDS)}")
                entry.required = list(required)
            else:
                forms = item.get("forms", {})
                if not isinstance(forms, dict) or set(forms) - set(LANGS) or not all(map(_strings, forms.values())):
                    raise fail("forms = { zh = [...], en = [...] }: the wordings in each language")
                entry.forms = {lang: list(v) for lang, v in forms.items()}
            entries[key] = entry
        tables[table] = entries
    vocabularies = Vocabularies(path, True, tables["cities"], tables["lists"],
                                {name: ValueVocabulary(name, tables[name]) for name in VALUE_FIELDS})
    for key, entry in vocabularies.lists.items():
        if entry.city not in vocabularies.cities:
            raise CorpusError(path, _line_of(raw, "lists", key),
                              f"[lists.{key}]: {vocabularies.unknown('cities', entry.city)}")
    return vocabularies


def unlabelled(vocabularies: dict[str, dict[str, dict[str, Any]]]) -> list[dict[str, str]]:
    """The entries of a build's vocabularies with no Chinese label (``kb check`` notices)."""
    return [{"vocabulary": table, "key": key, "en": entry.get("en") or key}
            for table, entries in vocabularies.items() for key, entry in entries.items() if not entry.get("zh")]
