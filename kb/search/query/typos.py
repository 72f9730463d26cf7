"""Tolerating typos: English words the index lacks, matched to the nearest index words.

A word of four letters or more that is not an index word (after stemming) is
also searched as the index words within one edit of it (two for words of
eight letters or more), at a lower weight; an edit is an insertion, a
deletion, a substitution or a swap of two neighbours (the optimal string
alignment distance), and the first letter is taken as typed. ``did_you_mean``
offers the query with each such word replaced by its nearest index word
(blockchian → blockchain), unless the index or the cross-language dictionary
knows the word.
"""

from __future__ import annotations

import re
from typing import Any

from .prepare import porter_stem

# Shorter words have too many neighbours one edit away to guess from.
MIN_WORD_CHARS = 4
# Words this long may be two edits from what was meant; shorter ones one.
LONG_WORD_CHARS = 8


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance of two words, giving up (limit + 1) once it exceeds ``limit``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _limit(word: str) -> int:
    return 2 if len(word) >= LONG_WORD_CHARS else 1


class Typos:
    """The English words of one index (each with its stem), for matching words it lacks."""

    def __init__(self, en_words: dict[str, str]):
        self.en_words = en_words
        self.stems = set(en_words.values())
        self._words_by_initial: dict[str, list[str]] = {}
        for word in en_words:
            self._words_by_initial.setdefault(word[0], []).append(word)

    def near_words(self, word: str) -> list[str]:
        """Index words within one edit (two for long words) of a word the index lacks."""
        limit = _limit(word)
        return [w for w in self._words_by_initial.get(word[:1], [])
                if abs(len(w) - len(word)) <= limit and edit_distance(w, word, limit) <= limit]

    def corrections(self, stem: str, word: str | None) -> set[str]:
        """The stems to search besides ``stem`` (of ``word``, as typed) when the index lacks it."""
        if not word or stem in self.stems or len(word) < MIN_WORD_CHARS:
            return set()
        return {self.en_words[w] for w in self.near_words(word)}

    def did_you_mean(self, text: str, dictionary_keys: Any) -> str | None:
        """The query with each English word the index does not know replaced by its nearest
        index word, when there is one (blockchian → blockchain)."""
        corrected, changed = text, False
        for word in re.findall(rf"[A-Za-z]{{{MIN_WORD_CHARS},}}", text):
            lower = word.lower()
            stem = porter_stem(lower)
            if stem in self.stems or stem in dictionary_keys:
                continue  # a word the index or the cross-language dictionary knows is no typo
            near = self.near_words(lower)
            if near:
                best = min(near, key=lambda w: (edit_distance(w, lower, 2), -len(w), w))
                corrected = re.sub(rf"\b{re.escape(word)}\b", best, corrected)
                changed = True
        return corrected if changed else None
