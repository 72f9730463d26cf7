"""Snippets and highlights: the query's words marked in a hit's text, safely.

The words to mark are the query's own and its expansions: Chinese as jieba
words, matched anywhere, longest first (区块链 wins over 区块); English by
Porter stem, so "engineers" is marked for "engineer" (:func:`marks_for` turns
the stems into the build's words that have them, matched as whole words); stop
words, which the index drops ("in", "of", "for"), are never marked. A
snippet is the window of the text (:data:`SNIPPET_CHARS` per language)
holding the most matches; a title is marked whole. A text is scanned once per word (Chinese) or
per word family's shortest member (English), with ``str.find``: a query's words are few and
most are not in a given text, so this beats reading the text into its words' places, even
for a text seen again (measured on the bench's query mix: keeping 256 read texts cost 70% more
than scanning). Text is HTML-escaped first and only ``<mark>`` is added, so
whatever the source documents contain, a page shows it as text.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import STOP_WORDS

from ..query.prepare import porter_stem

SNIPPET_CHARS = {"zh": 90, "en": 220}


@dataclass(frozen=True)
class Marks:
    """The words to mark in one query's hits, per language, in lower case: Chinese words
    (matched anywhere in the text) and English words (matched as whole words)."""

    zh: frozenset[str]
    en: frozenset[str]
    # The English words that no other of them begins (engineer, not engineers): each place
    # where one of these begins a word is read to the word's end and kept if the word is one
    # of ``en``, so each text is scanned once per prefix, not once per word.
    en_prefixes: tuple[str, ...] = ()


def surface_forms(en_words: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Every word of a build's English vocabulary (``en_words``: word → stem), by its stem."""
    forms: dict[str, list[str]] = {}
    for word, stem in en_words.items():
        forms.setdefault(stem, []).append(word)
    return {stem: tuple(words) for stem, words in forms.items()}


def marks_for(highlight: dict[str, set[str]], forms: dict[str, tuple[str, ...]]) -> Marks:
    """A query's words to highlight (Chinese words, English stems) as the words to mark.

    An English stem becomes the vocabulary's words that have it (engin → engineer,
    engineers, engineering), once per query; the hits' texts are then searched for those
    words, instead of every word of every hit being stemmed."""
    english: set[str] = set()
    for stem in highlight["en"]:
        if stem in STOP_WORDS:
            continue  # the index drops them ("in", "of", "for"): they matched nothing
        if stem in forms:
            english.update(forms[stem])
        elif porter_stem(stem) == stem:
            english.add(stem)  # a word the vocabulary lacks that is its own stem (a number)
    words = sorted(w for w in english if w)
    prefixes: list[str] = []
    for word in words:  # in sorted order a word's prefixes come before it
        if not prefixes or not word.startswith(prefixes[-1]):
            prefixes.append(word)
    return Marks(frozenset(w for w in highlight["zh"] if w and w not in STOP_WORDS), frozenset(words),
                 tuple(prefixes))


def match_spans(text: str, marks: Marks, lang: str) -> list[tuple[int, int]]:
    """Where the query's words (and their expansions) occur in ``text``, in text order."""
    if lang == "zh":
        return _substring_spans(text, marks.zh)
    return _whole_word_spans(text, marks.en, marks.en_prefixes)


# The characters html.escape changes: most windows hold none, and then need no escaping.
HTML_SPECIAL = re.compile("[&<>\"']")


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    escape = html.escape if HTML_SPECIAL.search(text, start, end) else str
    out, position = [], start
    for a, b in spans[bisect.bisect_left(spans, (start,)):]:
        if a >= end:
            break
        if b <= end:
            out.append(escape(text[position:a]))
            out.append(f"<mark>{escape(text[a:b])}</mark>")
            position = b
    out.append(escape(text[position:end]))
    return "".join(out)


def highlighted(text: str | None, marks: Marks, lang: str) -> str | None:
    """All of ``text`` (a title), escaped, matches in ``<mark>``."""
    if not text:
        return None
    return _marked(text, match_spans(text, marks, lang), 0, len(text))


def snippet(text: str | None, marks: Marks, lang: str) -> str | None:
    """The best window of ``text`` around the query's words, escaped, matches in ``<mark>``."""
    if not text:
        return None
    text = text[:20000]
    spans = match_spans(text, marks, lang)
    width = SNIPPET_CHARS[lang]
    start = 0
    if spans:
        # The window holding the most matches: for each match, how many begin within the
        # window it starts (spans are in text order, so a binary search counts them).
        starts = [a for a, _ in spans]
        best_start, best_count = starts[0], 0
        for left, a in enumerate(starts):
            count = bisect.bisect_left(starts, a + width, left) - left
            if count > best_count:
                best_start, best_count = a, count
        start = max(0, best_start - width // 4)
    end = min(len(text), start + width)
    body = _marked(text, spans, start, end).replace("\n", " ")
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


# The hits' texts are the build's own strings, the same objects query after query (a string
# keeps its hash): their lower case is remembered, the most recently used, rather than made
# again for every hit (a long English section took 20-40 µs to lower).
LOWERED_TEXTS = 1024


@lru_cache(maxsize=LOWERED_TEXTS)
def _lowered(text: str) -> str:
    """``text`` in lower case to search in, or "" where lower case changes its length (a few
    characters do, such as İ): positions found in it would drift, so a pattern is used."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else ""


def _substring_spans(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """Where ``words`` (lower case) occur in ``text``, ignoring case, left to right, the longest
    word at each place (区块链 wins over 区块), never overlapping: what a regular expression
    alternating the words longest first finds, without compiling one per query (compiling
    costs more than the search)."""
    lowered = _lowered(text) if words else ""
    if not lowered:
        return _pattern_spans(text, words, whole=False) if words and text else []
    found = []
    for word in words:  # str.find, word by word: most words of a query are not in a given text
        at = lowered.find(word)
        while at >= 0:
            found.append((at, -len(word)))
            at = lowered.find(word, at + 1)
    spans, position = [], 0
    for start, negative_length in sorted(found):
        if start >= position:
            position = start - negative_length
            spans.append((start, position))
    return spans


def _whole_word_spans(text: str, words: frozenset[str], prefixes: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where ``words`` (lower case) occur in ``text`` as whole English words (no Latin letter
    or digit on either side), ignoring case, in text order."""
    lowered = _lowered(text) if words else ""
    if not lowered:
        return _pattern_spans(text, words, whole=True) if words and text else []
    found = []
    for prefix in prefixes:
        at = lowered.find(prefix)
        while at >= 0:
            if at == 0 or lowered[at - 1] not in WORD_CHARS:  # a word begins here
                word = ENGLISH_WORD.match(lowered, at)
                end = word.end() if word else at + len(prefix)
                if lowered[at:end] in words:
                    found.append((at, end))
            at = lowered.find(prefix, at + 1)
    return sorted(found)


# What an English word is made of, for whole-word matches (as in the index's English analysis).
WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
ENGLISH_WORD = re.compile("[a-z0-9]+")


def _pattern_spans(text: str, words: frozenset[str], whole: bool) -> list[tuple[int, int]]:
    alternation = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    pattern = rf"(?<![A-Za-z0-9])(?:{alternation})(?![A-Za-z0-9])" if whole else alternation
    return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
