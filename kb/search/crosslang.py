"""The cross-language dictionary the search uses to carry a query to the other language.

Built by ``kb build`` from the term base first (the corpus's own renderings,
most frequent first) and CC-CEDICT second, and limited to words the index
actually contains, so an expansion can always match something. Keys are what
the query side computes: Porter stems for English (``"green card"`` →
``"green card"``, ``"headhunting"`` → ``"headhunt"``), jieba words for Chinese.

A dictionary gloss must also be a sense the corpus uses: where its Chinese word
occurs in aligned text (a passage and its English, an occupation's fields),
the gloss is kept only if some aligned English holds it (芯片 is printed
"chip", 碎片 never is, so chip → 芯片 alone; 认定 is never "maintain"). An
English key keeps the word forms the aligned English prints (``forms``, by
plural-insensitive stem), so "shares" does not reach 共享, printed "sharing".
A Chinese word the index lacks (所得税) is kept with its glosses the English
text prints as a phrase ("income tax"), so a Chinese query for it still
reaches the English text (``absent``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from ..terms import cedict
from ..terms.english import EN_STOPWORDS, plural_stem
from .query.prepare import english_stems

PER_KEY = 5
# A gloss is a sense the corpus uses when the aligned English holds it in at least this share
# of the aligned units that hold its Chinese word (部分 is "market share" once in 11: no).
SENSE_SHARE = 0.25
# A word of a gloss the aligned text does not print whole is kept alone when the aligned English
# of the Chinese word holds it at least this many times as often as aligned English at large.
PART_LIFT = 3.0
# Glosses kept for a Chinese word the index lacks, and the longest such words.
ABSENT_PER_KEY = 2
ABSENT_MAX_CHARS = 6


class Senses:
    """Which glosses of a Chinese word the corpus's aligned text uses (aligned: pairs of a
    Chinese text and its English)."""

    def __init__(self, aligned: list[tuple[str, str]]):
        self.units = [(zh, [(w, porter) for w in re.findall(r"[a-z0-9]+", en.lower())
                            for porter in english_stems(w)]) for zh, en in aligned if zh and en]
        self._stems = [{p for _, p in words} for _, words in self.units]
        self._holding: dict[str, list[int]] = {}

    def lift(self, zh: str, stem: str) -> float:
        """How much likelier the aligned English of ``zh`` holds ``stem`` than aligned English at
        large: "pilot" for 试点 is far likelier, "carry" and "out" (carry out) are not."""
        holding = [i for i, (text, _) in enumerate(self.units) if zh in text]
        overall = sum(1 for stems in self._stems if stem in stems)
        if not holding or not overall:
            return 0.0
        inside = sum(1 for i in holding if stem in self._stems[i])
        return (inside / len(holding)) / (overall / len(self.units))

    def attested(self, zh: str, gloss_key: str) -> tuple[bool, set[str]]:
        """(the gloss is usable, the plural-insensitive forms the aligned English prints for its
        words). Usable: the aligned English holds every word of the gloss in at least
        :data:`SENSE_SHARE` of the aligned units holding ``zh``, or ``zh`` occurs in no aligned
        text at all (nothing says otherwise)."""
        stems = set(gloss_key.split())
        holding = self._holding.get(zh)
        if holding is None:
            holding = self._holding[zh] = [i for i, (text, _) in enumerate(self.units) if zh in text]
        forms: set[str] = set()
        count = 0
        for i in holding:
            if stems <= self._stems[i]:
                count += 1
                forms |= {plural_stem(w) for w, porter in self.units[i][1] if porter in stems}
        return (not holding or count >= SENSE_SHARE * len(holding)), forms


def _stems(text: str) -> str:
    """The key of an English text: its Porter stems, as the query side computes them."""
    return " ".join(english_stems(text))


def build_dictionary(pairs: list[dict[str, Any]], zh_vocab: Counter[str], en_vocab: set[str],
                     zh_text: str = "", en_words: dict[str, str] | None = None,
                     aligned: list[tuple[str, str]] | None = None, en_text: str = "",
                     synonyms: dict[str, Any] | None = None) -> dict[str, Any]:
    """``en_to_zh`` and ``zh_to_en`` expansions, plus ``en_words`` (each English word of the
    index with its stem, for typo matching), ``absent`` (glosses of Chinese words the index
    lacks) and ``synonyms`` (the reviewed table, :mod:`.synonyms`). A dictionary word counts as
    present when it is a word of the index or occurs in the Chinese text (博士后, which jieba
    indexes as 博士 + 后); its glosses are checked against ``aligned`` (:class:`Senses`)."""
    en_to_zh: dict[str, list[dict[str, Any]]] = defaultdict(list)
    zh_to_en: dict[str, list[dict[str, Any]]] = defaultdict(list)
    senses = Senses(aligned or [])

    def add(table: dict[str, list[dict[str, Any]]], key: str, term: str, source: str,
            zh: str | None = None) -> None:
        if not key or not term or len(table[key]) >= PER_KEY or any(e["term"] == term for e in table[key]):
            return
        entry: dict[str, Any] = {"term": term, "source": source}
        if source == "dictionary" and zh is not None:
            usable, forms = senses.attested(zh, key if table is en_to_zh else _stems(term))
            if not usable:
                return  # a sense the corpus never uses (chip → 碎片, 认定 → maintain)
            if table is en_to_zh and forms:
                entry["forms"] = sorted(forms)
        table[key].append(entry)

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
            add(en_to_zh, key, zh, "dictionary", zh)
            if len(words) > 1 and all(w[:1].isupper() for w in words):
                # A name ("Niels Henrik Abel"): each of its words finds it ("Abel Prize" → 阿贝尔).
                for name in words:
                    if len(name) >= 4:
                        add(en_to_zh, _stems(name), zh, "dictionary", zh)
            if all(stem in en_vocab for stem in key.split()):
                add(zh_to_en, zh, gloss, "dictionary", zh)
            if len(words) > 1 and not senses.attested(zh, key)[0]:
                # A gloss of several words the aligned text does not print whole: the word of it
                # most particular to this word's aligned English (试点 "pilot scheme" → "pilot"),
                # if it is particular enough (not "out" of "carry out trial").
                lifts = [(senses.lift(zh, _stems(w)), w.lower()) for w in words
                         if w.lower() not in EN_STOPWORDS and _stems(w) in en_vocab]
                if lifts and max(lifts)[0] >= PART_LIFT:
                    add(zh_to_en, zh, max(lifts)[1], "dictionary", zh)
            if (len(words) == 2 and words[0].isalpha() and words[0][:1].islower()
                    and words[1].lower() not in EN_STOPWORDS):  # "engage in" has no head noun
                heads.append((_stems(words[1]), zh))
    # A two-word gloss also answers its head noun ("computer chip" → chip → 芯片), after the
    # words whose own gloss is that noun.
    for key, zh in heads:
        add(en_to_zh, key, zh, "dictionary", zh)
    return {"en_to_zh": {k: v for k, v in en_to_zh.items() if v},
            "zh_to_en": {k: v for k, v in zh_to_en.items() if v}, "en_words": en_words or {},
            "absent": absent_glosses(dictionary, present, en_text),
            "synonyms": synonyms or {}}


def absent_glosses(dictionary: dict[str, list[str]], present: set[str], en_text: str) -> dict[str, list[str]]:
    """For each dictionary word the Chinese text lacks (所得税), its glosses of two or more words
    that the English text prints as a phrase ("income tax"): a Chinese query for the word
    reaches the English that says it."""
    stems = english_stems(en_text)
    phrases = {" ".join(stems[i:i + n]) for n in (2, 3, 4) for i in range(len(stems) - n + 1)}
    found: dict[str, list[str]] = {}
    for zh, glosses in dictionary.items():
        if zh in present or not 2 <= len(zh) <= ABSENT_MAX_CHARS or not re.fullmatch(r"[\u3400-\u9fff]+", zh):
            continue
        kept = [g for g in glosses if len(g.split()) > 1 and _stems(g) in phrases
                and not all(w in EN_STOPWORDS for w in g.lower().split())]
        if kept:
            found[zh] = kept[:ABSENT_PER_KEY]
    return found
