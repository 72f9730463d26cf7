"""Normalised values that make occupations comparable across cities and languages.

Each source prints requirements in its own words ("硕士（博士优先）",
"Master's degree", "学士及以上学位"). Filters need one vocabulary:

* ``min_degree`` -- a key of ``[degrees]`` in ``corpus/vocabularies.toml`` (bachelor | master | doctor)
* ``experience_years`` -- an integer (the minimum)
* ``experience_bound`` -- a key of ``[experience_bounds]``: whether the minimum itself is
  enough (3年以上, "at least 3 years": inclusive) or not (超过3年, "more than 3 years": exclusive)
* ``shortage_duration`` -- a key of ``[shortage_durations]`` (near | short | long)
* ``severity`` -- a key of ``[severities]`` (moderate | relative | extreme)
* ``industry`` -- a key from ``corpus/industries.toml``

The wordings of each value are the vocabularies' ``forms`` (:mod:`.vocabularies`).

A form not covered here raises :class:`UnknownForm`; the caller turns it into
an error that names the record, so a new wording is never silently defaulted.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError
from .vocabularies import UnknownForm, Vocabularies

__all__ = ["Industries", "Industry", "UnknownForm", "degree", "experience_bound", "experience_years", "severity",
           "shortage_duration", "split_degree"]


def degree(text: str, lang: str, vocabularies: Vocabularies) -> str:
    """Minimum degree of a degree requirement (the first degree it names)."""
    return vocabularies.degrees.value(text, lang)


def split_degree(text: str) -> tuple[str, str]:
    """Split Beijing's ``…相关专业学士及以上学位或相当学历`` into specialties and degree."""
    match = re.match(r"^(.*?)(学士|硕士|博士)(及以上学位.*)$", text.rstrip("。"))
    if not match:
        raise UnknownForm(f"education requirement {text!r} has no '学士/硕士/博士及以上学位'")
    return match.group(1).strip(), match.group(2) + match.group(3)


def experience_years(text: str, lang: str) -> int:
    pattern = r"(\d+)\s*年" if lang == "zh" else r"(\d+)\s+years?\b"
    match = re.search(pattern, text)
    if not match:
        raise UnknownForm(f"experience {text!r} states no number of years")
    return int(match.group(1))


def experience_bound(text: str, lang: str, vocabularies: Vocabularies) -> str:
    """Whether ``text``'s number of years is itself enough: the bound its wording states;
    a plain "3 years" (no bound word) asks 3 years, so 3 are enough (inclusive)."""
    try:
        return vocabularies.experience_bounds.value(text, lang)
    except UnknownForm:
        return "inclusive"


def shortage_duration(text: str, lang: str, vocabularies: Vocabularies) -> str:
    return vocabularies.shortage_durations.value(text, lang)


def severity(text: str, lang: str, vocabularies: Vocabularies) -> str:
    return vocabularies.severities.value(text, lang)


@dataclass
class Industry:
    key: str
    zh: str
    en: str
    sector: str = ""


class Industries:
    """The shared industry vocabulary of ``corpus/industries.toml``."""

    def __init__(self, path: Path):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CorpusError(path, None, "industry vocabulary not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise CorpusError(path, None, f"not valid TOML: {exc}") from None
        self.path = path
        self.by_key: dict[str, Industry] = {}
        self._forms: dict[str, str] = {}
        for key, entry in data.items():
            if not entry.get("zh") or not entry.get("en"):
                raise CorpusError(path, None, f"industry {key!r} needs zh and en labels")
            self.by_key[key] = Industry(key, entry["zh"], entry["en"], str(entry.get("sector") or key))
            for form in [entry["zh"], entry["en"], *entry.get("aliases", [])]:
                self._forms[form.strip().lower()] = key

    def lookup(self, label: str) -> Industry:
        key = self._forms.get(label.strip().lower())
        if key is None:
            raise UnknownForm(f"industry {label!r} is not in {self.path.name} (add it, or an alias)")
        return self.by_key[key]
