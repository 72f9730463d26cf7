"""Termhood: how specific a Chinese term is to this domain, not how frequent it is.

Raw frequency puts general language on top (能力 ability, 专业 professional, 经历
experience): the words every competency list repeats. Termhood compares a word's
frequency in this corpus with its frequency in general language, the jieba dictionary's
counts (compiled from a general corpus, :func:`kb.terms.segment.general_frequency`), by
Dunning's log-likelihood ratio G² (Rayson & Garside's keyword form): with ``a`` the
word's occurrences in the corpus of ``c`` words and ``b`` its count in the general
corpus of ``d`` words,

    E1 = c·(a+b)/(c+d),  E2 = d·(a+b)/(c+d),  G² = 2·(a·ln(a/E1) + b·ln(b/E2)),

signed negative when the word is rarer here than in general language. The corpus count
is C-value's (Frantzi & Ananiadou) for nested terms: occurrences inside a longer word of
the corpus (开拓 inside 开拓创新, a jieba word of its own) are not occurrences of the
shorter term. G² grows with both evidence and contrast: a word general language hardly
knows (区块链, 专才) scores far above its frequency rank. On a corpus this small and this
focused it still rewards sheer repetition (能力 scores high), so the default order puts
the ``general`` pairs last and sorts each group by G² (:func:`by_termhood`).

A sub-term pair is marked ``general`` when its Chinese word is a word of general
language: more frequent than :data:`GENERAL_PER_MILLION` per million words in the
general corpus, or rarer in this corpus than there (negative G²). That is the one notion
of "general" the translation QA uses too (:mod:`kb.translation.qa`): a general word does
not bind a translator to one rendering. (The weirdness ratio of the two relative
frequencies does not separate them here: 经历 experience is as over-represented in this
corpus as 移民 migration, because every competency list repeats it.)

Whole-unit pairs (titles, values, labels, headings) are domain by nature -- they are
the terminology of the documents themselves -- and are never marked general; their
termhood is the same G² computed for the whole Chinese unit, so a value repeated over
many records (本科 Bachelor's degree) ranks high and a title stated once ranks with the
rarer sub-terms.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from ..reading.text import has_cjk
from .segment import general_frequency, tokenizer
from .units import TermPair

# A word more frequent than this in general language (per million words, jieba's dictionary)
# is a word of general language.
GENERAL_PER_MILLION = 23.0
WHOLE_UNIT_KINDS = ("title", "value", "label", "heading")


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """Signed G² of ``a`` occurrences in ``c`` corpus words against ``b`` in ``d`` general words."""
    if a <= 0 and b <= 0:
        return 0.0
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    g2 = 2 * ((a * math.log(a / e1) if a > 0 else 0.0) + (b * math.log(b / e2) if b > 0 else 0.0))
    return g2 if a / c >= b / d else -g2


class Termhood:
    """Termhood of Chinese terms against this corpus' Chinese text and jieba's general counts."""

    def __init__(self, corpus_texts: Iterable[str], cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self.tk = tokenizer(cache_dir)
        self.tk.check_initialized()
        self.text = "\n".join(corpus_texts)
        self.tokens = Counter(w for w in self.tk.cut(self.text) if w.strip())
        self.corpus_words = max(1, sum(self.tokens.values()))
        self.general_words = self.tk.total
        self._counts: dict[str, int] = {}

    def corpus_count(self, term: str) -> int:
        """Occurrences of ``term`` in the corpus as a term of its own: C-value's correction
        takes away those nested in a longer word (开拓 inside 开拓创新)."""
        if term not in self._counts:
            nested = sum(n for token, n in self.tokens.items() if term in token and token != term)
            self._counts[term] = max(self.text.count(term) - nested, 0)
        return self._counts[term]

    def general_count(self, term: str) -> int:
        return int(self.tk.FREQ.get(term, 0))

    def per_million(self, term: str) -> float:
        return general_frequency(term, self.cache_dir)

    def score(self, term: str) -> float:
        return log_likelihood(max(self.corpus_count(term), 1), self.general_count(term),
                              self.corpus_words, self.general_words)

    def is_general(self, term: str) -> bool:
        """A word of general language: common there, or rarer here than there."""
        return has_cjk(term) and (self.per_million(term) > GENERAL_PER_MILLION or self.score(term) < 0)


def rank_pairs(pairs: list[TermPair], termhood: Termhood) -> None:
    """Set ``termhood`` (G², rounded) and ``general`` on every pair."""
    for pair in pairs:
        pair.termhood = round(termhood.score(pair.zh), 2)
        pair.general = pair.kind not in WHOLE_UNIT_KINDS and termhood.is_general(pair.zh)


def by_termhood(pair: dict[str, Any]) -> tuple[Any, ...]:
    """Sort key of the default term list: domain pairs first, then by termhood, then frequency."""
    return (bool(pair.get("general")), -float(pair.get("termhood", 0.0)), -pair["frequency"], pair["zh"], pair["en"])
