"""Snippets and highlights: the query's words marked in a hit's text, safely.

The words to mark are the query's own and its expansions (Chinese as jieba
words, matched longest first so 区块链 wins over 区块; English by Porter stem,
so "engineers" is marked for "engineer"). A snippet is the window of the text
(:data:`SNIPPET_CHARS` per language) holding the most matches; a title is
marked whole. Text is HTML-escaped first and only ``<mark>`` is added, so
whatever the source documents contain, a page shows it as text.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from ..query.prepare import porter_stem

SNIPPET_CHARS = {"zh": 90, "en": 220}


def match_spans(text: str, highlight: dict[str, set[str]], lang: str) -> list[tuple[int, int]]:
    """Where the query's words (and their expansions) occur in ``text``, in text order."""
    if lang == "zh":
        return _word_spans(text, highlight["zh"])
    places = _english_words(text)
    stems = highlight["en"]
    if len(stems) > len(places):
        found = [span for stem, spans in places.items() if stem in stems for span in spans]
    else:
        found = [span for stem in stems for span in places.get(stem, ())]
    return sorted(found)


ENGLISH_WORD = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=8192)
def _english_words(text: str) -> dict[str, tuple[tuple[int, int], ...]]:
    """Where each Porter stem occurs in ``text``. Hit texts come from a fixed set (records,
    sections, paragraph units), so each is stemmed once per process rather than once per
    query: stemming every word of every hit was most of a search's time."""
    places: dict[str, list[tuple[int, int]]] = {}
    for m in ENGLISH_WORD.finditer(text):
        places.setdefault(porter_stem(m.group(0).lower()), []).append(m.span())
    return {stem: tuple(spans) for stem, spans in places.items()}


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, position = [], start
    for a, b in spans:
        if start <= a and b <= end:
            out.append(html.escape(text[position:a]))
            out.append(f"<mark>{html.escape(text[a:b])}</mark>")
            position = b
    out.append(html.escape(text[position:end]))
    return "".join(out)


def highlighted(text: str | None, highlight: dict[str, set[str]], lang: str) -> str | None:
    """All of ``text`` (a title), escaped, matches in ``<mark>``."""
    if not text:
        return None
    return _marked(text, match_spans(text, highlight, lang), 0, len(text))


def snippet(text: str | None, highlight: dict[str, set[str]], lang: str) -> str | None:
    """The best window of ``text`` around the query's words, escaped, matches in ``<mark>``."""
    if not text:
        return None
    text = text[:20000]
    spans = match_spans(text, highlight, lang)
    width = SNIPPET_CHARS[lang]
    start = 0
    if spans:
        # The window holding the most matches (spans are in text order: a sliding window).
        best_start, best_count, right = spans[0][0], 0, 0
        for left, (a, _) in enumerate(spans):
            right = max(right, left)
            while right < len(spans) and spans[right][0] < a + width:
                right += 1
            if right - left > best_count:
                best_start, best_count = a, right - left
        start = max(0, best_start - width // 4)
    end = min(len(text), start + width)
    body = _marked(text, spans, start, end).replace("\n", " ")
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _word_spans(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Where ``words`` (lower case) occur in ``text``, ignoring case, left to right, the longest
    word at each place (区块链 wins over 区块), never overlapping: what a regular expression
    alternating the words longest first finds, without compiling one per query."""
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters change length in lower case (İ): positions would drift.
        pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)) if w),
                             re.IGNORECASE)
        return [m.span() for m in pattern.finditer(text)] if pattern.pattern else []
    found = []
    for word in words:
        if not word:
            continue
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
