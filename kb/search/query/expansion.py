"""Carrying a query across languages through the build's cross-language dictionary.

Each run's words are looked up in the dictionary :mod:`kb.search.crosslang`
wrote at build time (the term base first, CC-CEDICT second, only words the
index contains), so an English query reaches the Chinese-only Beijing
catalogue and annexes, and a Chinese one the English translation. English is
looked up as the whole run, its two-word phrases and, when every content word
crosses over, word by word ("Abel Prize" → 阿贝尔 + 奖项; "green card" is not
"green" + something); Chinese as the run and its jieba words. The corpus's
own renderings beat the dictionary's, and at most :data:`MAX_EXPANSIONS` are
used.
"""

from __future__ import annotations

from typing import Any

from ...terms import EN_STOPWORDS
from ..analysis import query_tokens
from .prepare import Run, english_stems

MAX_EXPANSIONS = 8
# Renderings kept per dictionary key.
RENDERINGS_PER_KEY = 3


def expansions(runs: list[Run], dictionary: dict[str, Any]) -> list[dict[str, str]]:
    """``{"term", "from", "source", "lang"}`` for each word the query is carried to."""
    found: list[dict[str, str]] = []
    seen: set[str] = set()
    for run in runs:
        if run.lang == "en":
            words = english_stems(run.text)
            table, target = dictionary["en_to_zh"], "zh"
            phrases = [" ".join(words)] + [" ".join(words[i:i + 2]) for i in range(len(words) - 1)]
            # Word by word only when every word crosses over ("Abel Prize" → 阿贝尔 + 奖项);
            # "green card" is not "green" + something.
            content = [w for w in words if w not in EN_STOPWORDS]
            singles = words if len(words) == 1 or all(w in table for w in content) else []
            keys = (phrases if len(words) > 1 else []) + singles
            keys = [k if k in table else prefix_key(k, table) for k in keys]
        else:
            keys = [run.text] + [w for w, _, _ in query_tokens(run.text)]
            table, target = dictionary["zh_to_en"], "en"
        covered: set[str] = set()
        for key in keys:
            if key in covered or key not in table or (run.lang == "zh" and len(key) < 2):
                continue
            entries = table[key]
            if any(e["source"] == "term base" for e in entries):
                # The corpus's own rendering beats the general dictionary.
                entries = [e for e in entries if e["source"] == "term base"]
            for entry in entries[:RENDERINGS_PER_KEY]:
                term, source = entry["term"], entry["source"]
                if term in seen or (target == "zh" and len(term) < 2):
                    continue
                seen.add(term)
                found.append({"term": term, "from": key, "source": source, "lang": target})
            covered.update(key.split())
    return found[:MAX_EXPANSIONS]


def prefix_key(stem: str, table: dict[str, Any]) -> str:
    """For a word the dictionary lacks, the longest key that is most of its beginning
    (postdoctoral → postdoc): a shortened or derived form of the same word."""
    if " " in stem or len(stem) < 7:
        return stem
    for size in range(len(stem) - 1, max(5, int(len(stem) * 0.7)) - 1, -1):
        if stem[:size] in table:
            return stem[:size]
    return stem
