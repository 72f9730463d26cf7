"""Text analysis for the search index: a jieba tokenizer that fits Whoosh.

jieba's own ``ChineseAnalyzer`` records character offsets as token positions
and emits overlapping sub-words (集成电路 → 集成, 成电, 电路, 集成电路), which
breaks phrase queries and multiplies query terms. :class:`JiebaTokenizer`
yields each word once, counts positions one by one and records character
offsets for highlighting. It lives at module level and holds no state, so the
schema Whoosh pickles into the index stays loadable; the jieba dictionary it
uses is configured per process by :func:`configure` (with the user dictionary
of the build: the term base's Chinese terms, so 区块链 or 精算师 stay whole).

English text goes through Whoosh's stemming analyzer, so "headhunting" meets
"headhunter" and "appraisal" meets "appraiser".
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

from whoosh.analysis import LowercaseFilter, StemmingAnalyzer, Token, Tokenizer

_PUNCTUATION = re.compile(r"^[\s\W_]+$", re.UNICODE)
_lock = threading.Lock()
_jieba = None
_configured: str | None = None


def configure(userdict: Path | None = None, cache_dir: Path | None = None) -> None:
    """Load jieba once per process, with ``userdict`` (one term per line) added."""
    global _jieba, _configured
    key = str(userdict) if userdict else ""
    with _lock:
        if _jieba is not None and _configured == key:
            return
        import jieba  # only jieba itself: jieba.analyse costs half a second and leaks a file

        logging.getLogger("jieba").setLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            tokenizer.tmp_dir = str(cache_dir)
        tokenizer.initialize()
        if userdict is not None and userdict.is_file():
            for line in userdict.read_text(encoding="utf-8").splitlines():
                word = line.strip()
                if word:
                    tokenizer.add_word(word, freq=max(tokenizer.suggest_freq(word, tune=False), 50))
        _jieba, _configured = tokenizer, key


def jieba_tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for every non-punctuation word of ``text``."""
    if _jieba is None:
        configure()
    assert _jieba is not None
    return [(w, s, e) for w, s, e in _jieba.tokenize(text) if not _PUNCTUATION.match(w)]


class JiebaTokenizer(Tokenizer):
    """Whoosh tokenizer over jieba: one token per word, positions 0, 1, 2 …, character offsets."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,  # type: ignore[override]
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        for index, (word, start, end) in enumerate(jieba_tokens(value)):
            token.original = token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + index
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


def chinese_analyzer():  # type: ignore[no-untyped-def]
    """jieba words, lower-cased (Latin words inside Chinese text: AI, IoT, 5G)."""
    return JiebaTokenizer() | LowercaseFilter()


def english_analyzer():  # type: ignore[no-untyped-def]
    return StemmingAnalyzer()
