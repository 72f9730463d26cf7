"""Tolerating typos: English words the index lacks, matched to the nearest index words.

A word of four letters or more that is not an index word (after stemming) is
also searched as the index words within one edit of it (two for words of
eight letters or more), at a lower weight; an edit is an insertion, a
deletion, a substitution or a swap of two neighbours (the optimal string
alignment distance, the restricted Damerau-Levenshtein distance), and the
first letter is taken as typed. ``did_you_mean``
offers the query with each such word replaced by its nearest index word
(blockchian → blockchain), unless the index or the cross-language dictionary
knows the word.

The distances and the nearest-word search are rapidfuzz's (C++): one call per
word scans its initial's share of the vocabulary, with the edit limit as the
score cutoff.
"""

from __future__ import annotations

import re
from typing import Any


from .prepare import porter_stem

# Shorter words have too many neighbours one edit away to guess from.
MIN_WORD_CHARS = 4
# Words this long may be two edits from what was meant; shorter ones one.
LONG_WORD_CHARS = 8


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

    def near_words(self, word: str) -> list[tuple[str, int]]:
        """Index words within one edit (two for long words) of a word the index lacks, with their
        distance, in the index's order."""
        # Imported when a word is missing, not with the search: its C++ module takes longer to
        # load than a one-off `kb search` for words the index has spends searching.
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        candidates = self._words_by_initial.get(word[:1], [])
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=_limit(word), limit=None)
        return [(candidates[i], distance) for _, distance, i in sorted(found, key=lambda match: match[2])]

    def corrections(self, stem: str, word: str | None) -> set[str]:
        """The stems to search besides ``stem`` (of ``word``, as typed) when the index lacks it."""
        if not word or stem in self.stems or len(word) < MIN_WORD_CHARS:
            return set()
        return {self.en_words[w] for w, _ in self.near_words(word)}

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
                best = min(near, key=lambda match: (match[1], -len(match[0]), match[0]))[0]
                corrected = re.sub(rf"\b{re.escape(word)}\b", best, corrected)
                changed = True
        return corrected if changed else None
