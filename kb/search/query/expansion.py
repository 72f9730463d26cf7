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

Before them come the reviewed synonyms (``corpus/synonyms.toml``, :mod:`..synonyms`):
a term of the table anywhere in the run (fintech, 世界500强) brings the others. A
dictionary gloss whose word forms the aligned text records (``forms``) is used only
for the forms it prints ("chip"/"chips" → 芯片; "shares" is not the "sharing" of
共享). A Chinese word the index lacks is carried by its glosses the English text
prints (所得税 → "income tax"), or, not in the dictionary, by the glosses of its
parts put together when they make an English term the term base knows
(个人所得税 = 个人 + 所得税 → "personal income tax" → 个税).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

from ...reading.text import has_cjk
from ...terms import EN_STOPWORDS
from ...terms.english import plural_stem
from ..analysis import query_tokens
from .prepare import Run, english_stems, porter_stem

MAX_EXPANSIONS = 8
# Renderings kept per dictionary key.
RENDERINGS_PER_KEY = 3
# A Chinese word the dictionary lacks is read as at most this many parts, each rendered at
# most PART_RENDERINGS ways.
MAX_PARTS = 3
PART_RENDERINGS = 3


def expansions(runs: list[Run], dictionary: dict[str, Any],
               indexed: Callable[[str], bool] = lambda word: True) -> list[dict[str, Any]]:
    """``{"term", "from", "source", "lang"}`` for each word the query is carried to;
    ``indexed`` says whether the index holds a Chinese word (one it lacks is carried by its
    glosses or its parts')."""
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    table_terms = synonyms(runs, dictionary.get("synonyms") or {})
    # Words a table term holds are carried as that term, not one by one ("green card" is not
    # 绿色 + 身份证).
    held = {w for _, key in table_terms for w in (key.split() if key.isascii() else [key])}
    for term, key in table_terms:
        if term not in seen:
            seen.add(term)
            found.append({"term": term, "from": key, "source": "synonym table",
                          "lang": "zh" if has_cjk(term) else "en"})
    for run in runs:
        typed = {}
        if run.lang == "en":
            typed = {porter_stem(w): w for w in re.findall(r"[a-z0-9]+", run.text.lower())}
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
            tokens = [w for w, _, _ in query_tokens(run.text)]
            keys = [run.text] + tokens
            table, target = dictionary["zh_to_en"], "en"
        covered: set[str] = set()
        for key in keys:
            if run.lang == "en" and all(w in EN_STOPWORDS or w in held for w in key.split()):
                continue  # "in", "for": no word to carry across; a table term's words: carried
            if run.lang == "zh" and any(key in h or h in key for h in held if not h.isascii()):
                continue
            if (run.lang == "zh" and len(key) >= 2 and key not in table and key not in covered
                    and key in tokens and not indexed(key)):
                # A word the index lacks: its glosses, or its parts' (个人所得税 → 个税).
                for term, lang, source in _absent(key, dictionary):
                    if term not in seen:
                        seen.add(term)
                        found.append({"term": term, "from": key, "source": source, "lang": lang,
                                      "phrase": True})
                covered.add(key)
                continue
            if key in covered or key not in table or (run.lang == "zh" and len(key) < 2):
                continue
            entries = table[key]
            if any(e["source"] == "term base" for e in entries):
                # The corpus's own rendering beats the general dictionary.
                entries = [e for e in entries if e["source"] == "term base"]
            entries = [e for e in entries if _form_attested(e, key, typed)]
            for entry in entries[:RENDERINGS_PER_KEY]:
                term, source = entry["term"], entry["source"]
                if term in seen or (target == "zh" and len(term) < 2):
                    continue
                seen.add(term)
                found.append({"term": term, "from": key, "source": source, "lang": target})
            covered.update(key.split())
    return found[:MAX_EXPANSIONS]


def synonyms(runs: list[Run], table: dict[str, Any]) -> list[tuple[str, str]]:
    """(term, the table's term the query holds) for each synonym of a term in the query: a
    Chinese term anywhere in it, spaces aside (世界500强 is three runs: 世界, 500, 强), an
    English one as consecutive words (by stem)."""
    found = []
    text = "".join(run.text for run in runs).replace(" ", "")
    for key, others in table.get("zh", {}).items():
        if key.replace(" ", "") in text:
            found += [(term, key) for term in others]
    stems = " " + " ".join(english_stems(" ".join(run.text for run in runs))) + " "
    for key, others in table.get("en", {}).items():
        if f" {key} " in stems:
            found += [(term, key) for term in others]
    return found


def _form_attested(entry: dict[str, Any], key: str, typed: dict[str, str]) -> bool:
    """A dictionary gloss's sense holds for the word as typed: the aligned text prints that form
    ("chips" for 芯片), not only another part of speech ("sharing" for 共享, not "shares")."""
    forms = entry.get("forms")
    if not forms:
        return True
    words = [typed[stem] for stem in key.split() if stem in typed]
    return all(plural_stem(w) in forms for w in words)


def _absent(word: str, dictionary: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(term, lang, source) a Chinese word the index lacks is carried to: its glosses the English text
    prints; else, read as parts the dictionary renders, the English term they make together when
    the term base or dictionary knows it, and that term's Chinese (个人 + 所得税 → "personal
    income tax" → 个税)."""
    absent = dictionary.get("absent") or {}
    if word in absent:
        return [(gloss, "en", "dictionary") for gloss in absent[word]]
    parts = _parts(word, dictionary["zh_to_en"], absent)
    if not parts:
        return []
    renderings = []
    for part in parts:
        entries = dictionary["zh_to_en"].get(part)
        renderings.append([e["term"] for e in entries[:PART_RENDERINGS]] if entries else absent[part][:PART_RENDERINGS])
    for combination in itertools.product(*renderings):
        english = " ".join(combination)
        key = " ".join(english_stems(english))
        entries = dictionary["en_to_zh"].get(key)
        if entries:
            return [(english, "en", "dictionary")] + [(e["term"], "zh", e["source"])
                                                      for e in entries[:RENDERINGS_PER_KEY]]
    return []


def _parts(word: str, table: dict[str, Any], absent: dict[str, Any]) -> list[str]:
    """``word`` as consecutive dictionary words of two or more characters, longest first from the
    left (个人所得税 → 个人 + 所得税); [] when it is not wholly made of them."""
    parts, at = [], 0
    while at < len(word):
        for end in range(len(word), at + 1, -1):
            if table.get(word[at:end]) or word[at:end] in absent:
                if end - at < len(word):
                    parts.append(word[at:end])
                    at = end
                    break
        else:
            return []
        if len(parts) > MAX_PARTS:
            return []
    return parts


def prefix_key(stem: str, table: dict[str, Any]) -> str:
    """For a word the dictionary lacks, the longest key that is most of its beginning
    (postdoctoral → postdoc): a shortened or derived form of the same word."""
    if " " in stem or len(stem) < 7:
        return stem
    for size in range(len(stem) - 1, max(5, int(len(stem) * 0.7)) - 1, -1):
        if stem[:size] in table:
            return stem[:size]
    return stem
