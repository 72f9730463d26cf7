"""The cross-language dictionary the search uses to carry a query to the other language.

Built by ``kb build`` from the term base first (the corpus's own renderings,
most frequent first) and CC-CEDICT second, and limited to words the index
actually contains, so an expansion can always match something. Keys are what
the query side computes: Porter stems for English (``"green card"`` →
``"green card"``, ``"headhunting"`` → ``"headhunt"``), jieba words for Chinese.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from ..terms import cedict
from .query.prepare import english_stems

PER_KEY = 5


def _stems(text: str) -> str:
    """The key of an English text: its Porter stems, as the query side computes them."""
    return " ".join(english_stems(text))


def build_dictionary(pairs: list[dict[str, Any]], zh_vocab: Counter[str], en_vocab: set[str],
                     zh_text: str = "", en_words: dict[str, str] | None = None) -> dict[str, Any]:
    """``en_to_zh`` and ``zh_to_en`` expansions, plus ``en_words`` (each English word of the
    index with its stem, for typo matching). A dictionary word counts as present when it is a
    word of the index or occurs in the Chinese text (博士后, which jieba indexes as 博士 + 后)."""
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
    present = set(zh_vocab)
    substrings = {zh_text[i:i + n] for n in (2, 3, 4) for i in range(len(zh_text) - n + 1)}
    present |= {w for w in dictionary if 2 <= len(w) <= 4 and w in substrings}
    heads: list[tuple[str, str]] = []
    for zh in sorted(present, key=lambda w: (-zh_vocab.get(w, 0), w)):
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
            if len(words) == 2 and words[0].isalpha() and words[0][:1].islower():
                heads.append((_stems(words[1]), zh))
    # A two-word gloss also answers its head noun ("computer chip" → chip → 芯片), after the
    # words whose own gloss is that noun (chip → 碎片 comes first, 芯片 second).
    for key, zh in heads:
        add(en_to_zh, key, zh, "dictionary")
    return {"en_to_zh": dict(en_to_zh), "zh_to_en": dict(zh_to_en), "en_words": en_words or {}}
