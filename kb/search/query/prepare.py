"""Preparing a query's text: normalise, convert, split into language runs.

1. **normalise** -- NFKC (full-width letters and digits become ASCII), control
   characters dropped, whitespace collapsed, length capped;
2. **convert** -- traditional Chinese becomes simplified with OpenCC's
   ``tw2sp`` profile, which converts phrases too (軟體 → 软件, 資訊 → 信息); a run already
   in simplified characters is left as typed (核心 is not Taiwan's word for 内核);
3. **split into language runs** -- ``AI 训练师`` is an English run and a
   Chinese run, each analysed for its own language's fields; a run is
   consecutive Chinese characters, or consecutive Latin words ("green card").

English words are compared by Porter stem, as the index's English analyzer
stores them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from whoosh.lang.porter import stem as _porter_stem

from ...reading.text import has_cjk

MAX_QUERY_CHARS = 256
_LATIN_WORD = r"[A-Za-z0-9][A-Za-z0-9+#&'\-.]*"
_RUN_RE = re.compile(rf"[\u3400-\u9fff\uf900-\ufaff]+|{_LATIN_WORD}(?:\s+{_LATIN_WORD})*")
# Quotes, operators, field prefixes, wildcards and fuzzy marks: the query may use syntax.
SYNTAX_RE = re.compile(r'"|\b(?:AND|OR|NOT)\b|\b[a-z_]+:\S|[*?~]')

porter_stem = lru_cache(maxsize=50000)(_porter_stem)


def normalise_query(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_CHARS]


@lru_cache(maxsize=2)
def _converter(profile: str = "tw2sp"):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(profile)


_CJK_RUN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def to_simplified(text: str) -> str:
    """``text`` with its traditional Chinese in simplified. Only a run that holds a traditional
    character is converted: ``tw2sp`` also swaps Taiwan's words for the mainland's, and a
    simplified run must stay as typed (核心 "core" is not 内核 "kernel", 信息 stays)."""
    if not has_cjk(text):
        return text
    characters = _converter("t2s")

    def convert(match: re.Match[str]) -> str:
        run = match.group(0)
        return _converter().convert(run) if characters.convert(run) != run else run

    return _CJK_RUN_RE.sub(convert, text)


def strip_syntax(text: str) -> str:
    """The words of a query without its syntax (quotes, operators, field prefixes, wildcards)."""
    return " ".join(re.sub(r'["*?~()\[\]{}^+\-!:]|\b(?:AND|OR|NOT|TO)\b|\b[a-z_]+:', " ", text).split())


def english_stems(text: str) -> list[str]:
    return [porter_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower())]


@dataclass
class Run:
    text: str
    lang: str  # zh | en


def language_runs(text: str) -> list[Run]:
    return [Run(m.group(0), "zh" if has_cjk(m.group(0)) else "en") for m in _RUN_RE.finditer(text)]


def distinct_runs(text: str) -> list[Run]:
    """The language runs of ``text``, each once: "人才 人才 人才…" is one run's worth."""
    runs, seen = [], set()
    for run in language_runs(text):
        if (run.text, run.lang) not in seen:
            seen.add((run.text, run.lang))
            runs.append(run)
    return runs
