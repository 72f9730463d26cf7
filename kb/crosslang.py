"""The cross-language dictionary the search uses to carry a query to the other language.

Built by ``kb build`` from the term base first (the corpus's own renderings,
most frequent first) and CC-CEDICT second, and limited to words the index
actually contains, so an expansion can always match something. Keys are what
the query side computes: Porter stems for English (``"green card"`` →
``"green card"``, ``"headhunting"`` → ``"headhunt"``), jieba words for Chinese.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from whoosh.lang.porter import stem as porter_stem

from .terms import cedict

PER_KEY = 5


def _stems(text: str) -> str:
    return " ".join(porter_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()))


def build_dictionary(pairs: list[dict[str, Any]], zh_vocab: Counter[str], en_vocab: set[str]) -> dict[str, Any]:
    en_to_zh: dict[str, list[dict[str, str]]] = defaultdict(list)
    zh_to_en: dict[str, list[dict[str, str]]] = defaultdict(list)

    def add(table: dict[str, list[dict[str, str]]], key: str, term: str, source: str) -> None:
        if key and term and len(table[key]) < PER_KEY and all(e["term"] != term for e in table[key]):
            table[key].append({"term": term, "source": source})

    for pair in sorted((p for p in pairs if p["kind"] != "heading" and p["official"]),
                       key=lambda p: -p["frequency"]):
        if len(pair["en"].split()) <= 4:
            add(en_to_zh, _stems(pair["en"]), pair["zh"], "term base")
        if len(pair["zh"]) <= 8:
            add(zh_to_en, pair["zh"], pair["en"], "term base")
    dictionary = cedict()
    for zh in sorted(zh_vocab, key=lambda w: -zh_vocab[w]):
        glosses = dictionary.get(zh)
        if not glosses:
            continue
        for gloss in glosses:
            words = gloss.split()
            if len(words) > 3 or (len(zh) == 1 and len(words) > 1):
                continue
            key = _stems(gloss)
            add(en_to_zh, key, zh, "dictionary")
            if len(words) > 1 and all(w[:1].isupper() for w in words):
                # A name ("Niels Henrik Abel"): each of its words finds it ("Abel Prize" → 阿贝尔).
                for name in words:
                    if len(name) >= 4:
                        add(en_to_zh, _stems(name), zh, "dictionary")
            if all(stem in en_vocab for stem in key.split()):
                add(zh_to_en, zh, gloss, "dictionary")
    return {"en_to_zh": dict(en_to_zh), "zh_to_en": dict(zh_to_en)}
