"""Text analysis for the search index: a jieba tokenizer that fits Whoosh, and opening the index.

jieba's own ``ChineseAnalyzer`` records character offsets as token positions
and emits overlapping sub-words (集成电路 → 集成, 成电, 电路, 集成电路), which
breaks phrase queries and multiplies query terms. :class:`JiebaTokenizer`
yields each word once, counts positions one by one and records character
offsets for highlighting. It lives at module level and holds no state, so the
schema Whoosh pickles into the index stays loadable; the jieba dictionary it
uses is configured per process by :func:`configure` (with the user dictionary
of the build: the term base's Chinese terms, so 区块链 or 精算师 stay whole).

jieba's dictionary (half a million words and prefixes) takes most of a second to load, more
than a one-off ``kb search`` spends on everything else. So ``kb build`` writes the
tokenizer's dictionary as the index was made with it, user words included, into the build
(:data:`SEGMENTER`, :func:`write_segmenter`): its entries grouped by their first character,
each group loaded when a text first holds that character (a server loads them all before it
forks its workers: :func:`load_dictionary`). jieba looks up only substrings of
the text it segments, each starting with one of its characters, so the words are the same
as with the whole dictionary loaded (tests/test_segmenter.py compares them on the corpus).

English text goes through Whoosh's stemming analyzer, so "headhunting" meets
"headhunter" and "appraisal" meets "appraiser".

Whoosh pickles the schema, analyzers included, into the index, so the index
names this module's import path (``kb.search.analysis.JiebaTokenizer``). An
index written when the tokenizer lived elsewhere (``kb.analysis`` before the
package had stages) cannot be unpickled: :func:`open_index` refuses it with
:class:`~kb.errors.OutdatedBuildError`, which says to run ``kb build``. The
build format in ``build.json`` (:data:`kb.store.BUILD_FORMAT`) refuses such a
build before it gets that far; this is the guard for an index that slips past.
"""

from __future__ import annotations

import marshal
from array import array
import mmap
import pickle
import re
import struct
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh.analysis import LowercaseFilter, StemmingAnalyzer, Token, Tokenizer
from whoosh.filedb.filestore import FileStorage
from whoosh.index import _DEF_INDEX_NAME, FileIndex

from ..errors import OutdatedBuildError
from ..terms import new_jieba_tokenizer

_PUNCTUATION = re.compile(r"^[\s\W_]+$", re.UNICODE)
_lock = threading.Lock()
_jieba = None
# The user dictionary's words now in _jieba, with what jieba's own dictionary had for each
# before (None: the word was not in it), so a later build's words can replace them.
_user_words: dict[str, int | None] = {}
# When _jieba's dictionary comes from a build's segmenter file: its groups, loaded as needed.
_shards: _Shards | None = None

# The build's file of jieba's dictionary as the index was made with it (see the module's text).
SEGMENTER = "segmenter.bin"
_HEADER = struct.Struct("<4sQ")
_MAGIC = b"kbsg"


def _read_userdict(userdict: Path | None) -> set[str]:
    if userdict is None or not userdict.is_file():
        return set()
    return {line.strip() for line in userdict.read_text(encoding="utf-8").splitlines() if line.strip()}


class _Shards:
    """A segmenter file's groups of dictionary entries by first character, put into a
    tokenizer's ``FREQ`` when a text first holds that character."""

    def __init__(self, path: Path, freq: dict[str, int]):
        with path.open("rb") as fh:
            self.data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        magic, size = _HEADER.unpack_from(self.data, 0)
        if magic != _MAGIC:
            raise OutdatedBuildError("the search index was written by another version of kb; run `kb build`",
                                     where=f"build: {path.parent}",
                                     detail=f"{path.name} is not a segmenter file this version reads")
        self.total, chars, ends = marshal.loads(self.data[_HEADER.size:_HEADER.size + size])
        self.index = dict(zip(chars, range(len(chars))))  # a character's group: its number
        self.ends = array("Q")
        self.ends.frombytes(ends)  # where each group ends, from the end of the header
        self.base = _HEADER.size + size
        self.freq = freq
        self.loaded: set[str] = set()
        self.path = path

    def load(self, text: str) -> None:
        missing = set(text) - self.loaded
        if not missing:
            return
        with _lock:
            for char in missing - self.loaded:
                number = self.index.get(char)
                if number is not None:
                    start = self.base + (self.ends[number - 1] if number else 0)
                    self.freq.update(marshal.loads(self.data[start:self.base + self.ends[number]]))
                self.loaded.add(char)

    def load_all(self) -> None:
        self.load("".join(self.index))


def load_dictionary() -> None:
    """All of the configured dictionary's groups at once, for a server: its master loads them
    before its workers fork (a third of a second, shared), so no request pays for a group's
    first use. A one-off command keeps loading only what its text needs; so does a worker
    that meets a newer build (its groups load as its searches need them)."""
    shards = _shards
    if shards is not None:
        shards.load_all()


def write_segmenter(path: Path) -> None:
    """Write the tokenizer's dictionary as it is now (after :func:`configure` with the build's
    user dictionary) to ``path``: its entries grouped by first character, and its total."""
    if _jieba is None:
        configure()
    assert _jieba is not None
    _jieba.check_initialized()
    groups: dict[str, dict[str, int]] = {}
    for word, freq in _jieba.FREQ.items():
        groups.setdefault(word[0], {})[word] = freq
    chars = "".join(sorted(groups))
    blobs = [marshal.dumps(groups[char]) for char in chars]
    ends = array("Q")
    for blob in blobs:
        ends.append((ends[-1] if ends else 0) + len(blob))
    header = marshal.dumps((_jieba.total, chars, ends.tobytes()))
    with path.open("wb") as fh:
        fh.write(_HEADER.pack(_MAGIC, len(header)))
        fh.write(header)
        fh.writelines(blobs)


def configure(userdict: Path | None = None, cache_dir: Path | None = None, segmenter: Path | None = None) -> None:
    """Load jieba once per process, with ``userdict`` (one term per line) added; or, given a
    build's ``segmenter`` file that exists, take the dictionary from it (the user words are in it).

    A later call with another build's user dictionary changes only the words that differ, so
    a server picks up a rebuilt index without reloading jieba's dictionary (about a second);
    another build's segmenter file replaces the tokenizer, loading nothing until it segments.
    """
    global _jieba, _shards
    if segmenter is not None and segmenter.is_file():
        with _lock:
            if _shards is not None and _shards.path == segmenter:
                return
        tokenizer = new_jieba_tokenizer(cache_dir)
        tokenizer.FREQ = {}
        shards = _Shards(segmenter, tokenizer.FREQ)
        tokenizer.total = shards.total
        tokenizer.initialized = True
        with _lock:
            query_tokens.cache_clear()
            _jieba, _shards = tokenizer, shards
            _user_words.clear()
        return
    words = _read_userdict(userdict)
    with _lock:
        if _shards is not None:  # a build without a segmenter file: jieba's own dictionary again
            _jieba, _shards = None, None
            _user_words.clear()
            query_tokens.cache_clear()
        if _jieba is None:
            _jieba = new_jieba_tokenizer(cache_dir)
            _jieba.initialize()
        tokenizer = _jieba
        if set(_user_words) != words:
            query_tokens.cache_clear()  # segmented with the words about to change
        for word in set(_user_words) - words:
            before = _user_words.pop(word)
            if before is None:
                tokenizer.del_word(word)
            else:
                tokenizer.add_word(word, freq=before)
        for word in sorted(words - set(_user_words)):
            _user_words[word] = tokenizer.FREQ.get(word) or None
            tokenizer.add_word(word, freq=max(tokenizer.suggest_freq(word, tune=False), 50))


def jieba_tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for every non-punctuation word of ``text``."""
    tokenizer, shards = _jieba, _shards
    if tokenizer is None:
        configure()
        tokenizer, shards = _jieba, _shards
    assert tokenizer is not None
    if shards is not None:
        shards.load(text)
    return [(w, s, e) for w, s, e in tokenizer.tokenize(text) if not _PUNCTUATION.match(w)]


@lru_cache(maxsize=8192)
def query_tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    """:func:`jieba_tokens` of a query's (short) text, cached: one search segments the same
    words in several steps (understanding the question, planning, expansions, the answer
    card). Emptied whenever :func:`configure` changes jieba's words."""
    return tuple(jieba_tokens(text))


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
    """Whoosh's stemming analyzer, keeping one-character words: an article, item or annex is
    numbered 1-9 as often as 10-99 ("Article 3", "item (2)"), and a stop word of one letter
    ("a") is still dropped as a stop word."""
    return StemmingAnalyzer(minsize=1)


class _Storage(FileStorage):
    """Whoosh's file storage, keeping the files opened while an index is being opened: when a
    schema cannot be unpickled, Whoosh raises with its table of contents still open."""

    def __init__(self, path: str):
        super().__init__(path)
        self.opening: list[Any] | None = []

    def open_file(self, name: str, *args: Any, **kwargs: Any) -> Any:
        stream = super().open_file(name, *args, **kwargs)
        if self.opening is not None:
            self.opening.append(stream)
        return stream


def open_index(directory: Path) -> Any:
    """The Whoosh index in ``directory``; an index this version cannot read (its pickled schema
    names classes by import paths that have moved) is :class:`OutdatedBuildError`."""
    storage = _Storage(str(directory))
    try:
        return FileIndex(storage, indexname=_DEF_INDEX_NAME)
    except (ImportError, AttributeError, pickle.UnpicklingError, EOFError, TypeError) as exc:
        for stream in storage.opening or ():
            stream.close()
        raise OutdatedBuildError(f"the search index was written by another version of kb "
                                 f"and cannot be read ({type(exc).__name__}: {exc}); run `kb build` again",
                                 where=f"search index: {directory}") from None
    finally:
        storage.opening = None
