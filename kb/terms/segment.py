"""Segmenting Chinese: jieba words as term candidates.

jieba splits the Chinese side of a unit into words; grammar words are dropped
by their part of speech, a token the dictionary does not know is also read as
the known words inside it, and adjacent tokens are merged when the dictionary
knows the compound (jieba's 2020 dictionary splits newer words: 区块 + 链).
:func:`new_jieba_tokenizer` is the one place a jieba tokenizer is made, for
the term base here and for the search index (:mod:`kb.search.analysis`).
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from ..reading.text import CJK, has_cjk

# Chinese tokens that are grammar, not terms.
ZH_STOPWORDS = frozenset("""
等 和 与 及 或 的 了 在 是 为 对 从 以 其 并 而 于 中 上 下 之 个 年 以上 以下 相关 有关 进行 具有 能够
一个 一些 我国 目前 同时 因此 通过 根据 其中 以及 或者 并且 已经 可以 需要 主要 一般 不断 这些 这种
""".split())


# A Chinese character or full-width punctuation: a space beside one is an extraction artefact
# (a PDF line break joined with a space, a justified gap), never part of a Chinese term.
_SPACE_BY_ZH_RE = re.compile(f"\\s+(?=[{CJK}\u3000-\u303f\uff01-\uff60“”‘’])|(?<=[{CJK}\u3000-\u303f\uff01-\uff60“”‘’])\\s+")


def zh_term(text: str) -> str:
    """The Chinese side of a term as written: without the spaces PDF extraction leaves beside
    Chinese characters (``人才 认定标准 （试行）`` → ``人才认定标准（试行）``, ``5G 技术`` →
    ``5G技术``); spaces between Latin words (``Java EE``) stay."""
    return _SPACE_BY_ZH_RE.sub("", text.strip())


_ABSENT = object()


def new_jieba_tokenizer(cache_dir: Path | None = None):  # type: ignore[no-untyped-def]
    """A fresh jieba tokenizer (its dictionary loads on first use) with jieba's log quiet and its
    dictionary cache in ``cache_dir`` rather than the shared /tmp."""
    # jieba reads its files through pkg_resources when that imports, else by path; the import
    # of pkg_resources alone costs a fifth of a second, more than segmenting a query does, so
    # it is hidden while jieba is imported (and only then).
    hidden = sys.modules.get("pkg_resources", _ABSENT)
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba  # only jieba itself: jieba.analyse costs half a second and leaks a file
    finally:
        if hidden is _ABSENT:
            del sys.modules["pkg_resources"]
        else:
            sys.modules["pkg_resources"] = hidden

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(cache_dir)
    return tokenizer


_tokenizer = None


def tokenizer(cache_dir: Path | None = None):  # type: ignore[no-untyped-def]
    """A jieba tokenizer without the build's user dictionary (the term base it would come from
    is what this package makes); the index's tokenizer is :func:`kb.search.analysis.configure`'s."""
    global _tokenizer
    if _tokenizer is None:
        _tokenizer = new_jieba_tokenizer(cache_dir)
    return _tokenizer


# jieba part-of-speech flags of words that are grammar, not terminology: conjunctions,
# prepositions, adverbs, pronouns, particles, numerals, classifiers, locality and time words.
NON_TERM_FLAGS = ("c", "p", "d", "r", "u", "m", "q", "f", "t", "y", "e", "o", "z")
_pos_tokenizer = None


def general_frequency(word: str, cache_dir: Path | None = None) -> float:
    """How often ``word`` occurs in general language, per million words (jieba's dictionary,
    compiled from a general corpus): a measure of how little a word belongs to this domain."""
    tk = tokenizer(cache_dir)
    tk.check_initialized()
    return tk.FREQ.get(word, 0) / tk.total * 1e6


def zh_words(text: str, dictionary: dict[str, list[str]], cache_dir: Path | None = None) -> list[str]:
    """Term candidates of ``text``: jieba words (grammar words dropped by their part of speech),
    plus adjacent-word compounds the dictionary knows (区块+链 → 区块链)."""
    global _pos_tokenizer
    if _pos_tokenizer is None:
        import jieba.posseg

        _pos_tokenizer = jieba.posseg.POSTokenizer(tokenizer(cache_dir))
    tagged = [(w.word, w.flag) for w in _pos_tokenizer.cut(text) if w.word.strip()]
    tokens = [word for word, _ in tagged]
    words = [word for word, flag in tagged if has_cjk(word) and len(word) >= 2
             and not flag.startswith(NON_TERM_FLAGS)]
    # A token the dictionary does not know (专业知识) is also read as the known words in it.
    for token in [t for t in words if t not in dictionary and len(t) >= 3]:
        position = 0
        while position < len(token):
            for size in range(min(4, len(token) - position), 1, -1):
                if token[position:position + size] in dictionary:
                    words.append(token[position:position + size])
                    position += size
                    break
            else:
                position += 1
    for size in (2, 3):
        for i in range(len(tokens) - size + 1):
            compound = "".join(tokens[i:i + size])
            if has_cjk(compound) and compound in dictionary and compound not in tokens:
                words.append(compound)
    return [w for w in words if w not in ZH_STOPWORDS]


def splits_into_known_words(word: str, dictionary: dict[str, list[str]]) -> bool:
    """Can ``word`` be read as two or more dictionary words of two characters or more?"""
    def split(rest: str, parts: int) -> bool:
        if not rest:
            return parts >= 2
        return any(rest[:size] in dictionary and split(rest[size:], parts + 1)
                   for size in range(min(len(rest), 4), 1, -1))
    return split(word, 0)
