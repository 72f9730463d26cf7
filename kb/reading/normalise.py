"""Normalised values that make occupations comparable across cities and languages.

Each source prints requirements in its own words ("硕士（博士优先）",
"Master's degree", "学士及以上学位"). Filters need one vocabulary:

* ``min_degree`` -- bachelor | master | doctor
* ``experience_years`` -- an integer (the minimum)
* ``shortage_duration`` -- near (<1 year) | short (1-3 years) | long (>3 years)
* ``severity`` -- moderate | relative | extreme
* ``industry`` -- a key from ``corpus/industries.toml``

A form not covered here raises :class:`UnknownForm`; the caller turns it into
an error that names the record, so a new wording is never silently defaulted.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError

DEGREES = ("bachelor", "master", "doctor")
DURATIONS = ("near", "short", "long")
SEVERITIES = ("moderate", "relative", "extreme")


_ZH_DEGREE = {"本科": "bachelor", "学士": "bachelor", "硕士": "master", "博士": "doctor"}
_EN_DEGREE = {"bachelor": "bachelor", "master": "master", "doctor": "doctor"}
_ZH_DURATION = {"近期临时": "near", "近期持续": "short", "长期持续": "long"}
_EN_DURATION = {"near future": "near", "short term": "short", "long term": "long"}
_ZH_SEVERITY = {"一般紧缺": "moderate", "比较紧缺": "relative", "极度紧缺": "extreme"}
_EN_SEVERITY = {"moderately": "moderate", "relatively": "relative", "extremely": "extreme"}


class UnknownForm(ValueError):
    """A source wording that the normalised vocabulary does not cover."""


def degree(text: str, lang: str) -> str:
    """Minimum degree of a degree requirement (the first degree it names)."""
    if lang == "zh":
        match = re.search("|".join(_ZH_DEGREE), text)
        if match:
            return _ZH_DEGREE[match.group(0)]
    else:
        match = re.search(r"\b(bachelor|master|doctor)", text, re.I)
        if match:
            return _EN_DEGREE[match.group(1).lower()]
    raise UnknownForm(f"degree {text!r} names no bachelor's, master's or doctor's degree")


def split_degree(text: str) -> tuple[str, str]:
    """Split Beijing's ``…相关专业学士及以上学位或相当学历`` into specialties and degree."""
    match = re.match(r"^(.*?)(学士|硕士|博士)(及以上学位.*)$", text.rstrip("。"))
    if not match:
        raise UnknownForm(f"education requirement {text!r} has no '学士/硕士/博士及以上学位'")
    return match.group(1).strip(), match.group(2) + match.group(3)


def experience_years(text: str, lang: str) -> int:
    pattern = r"(\d+)\s*年(?:以上|及以上)" if lang == "zh" else r"(\d+)\s+years?\b"
    match = re.search(pattern, text)
    if not match:
        raise UnknownForm(f"experience {text!r} states no number of years")
    return int(match.group(1))


def _vocabulary_value(what: str, text: str, table: dict[str, str]) -> str:
    for form, value in table.items():
        if form in text.lower():
            return value
    raise UnknownForm(f"{what} {text!r} is not one of {', '.join(table)}")


def shortage_duration(text: str, lang: str) -> str:
    return _vocabulary_value("shortage duration", text, _ZH_DURATION if lang == "zh" else _EN_DURATION)


def severity(text: str, lang: str) -> str:
    return _vocabulary_value("severity", text, _ZH_SEVERITY if lang == "zh" else _EN_SEVERITY)


@dataclass
class Industry:
    key: str
    zh: str
    en: str


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
            self.by_key[key] = Industry(key, entry["zh"], entry["en"])
            for form in [entry["zh"], entry["en"], *entry.get("aliases", [])]:
                self._forms[form.strip().lower()] = key

    def lookup(self, label: str) -> Industry:
        key = self._forms.get(label.strip().lower())
        if key is None:
            raise UnknownForm(f"industry {label!r} is not in {self.path.name} (add it, or an alias)")
        return self.by_key[key]
