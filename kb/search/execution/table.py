"""The posting table: every text field's posting lists, decoded once at build time.

Reading a term's postings from Whoosh costs about a tenth of a millisecond
(a hash look-up in its terms file, a matcher, one unpickling per block), and a
query names dozens of terms, most of them new to a process that has just
started or that meets a new question. So ``kb build``, once the index is
written, reads every posting list of the text fields a block at a time and
writes them beside the index as flat arrays:

- ``terms.json``: each field's words in Whoosh's order (sorted by code point,
  which is UTF-8 byte order) and where the field's words start in the arrays;
- ``offsets.npy``: where each word's postings start and end;
- ``ids.npy`` (document numbers) and ``weights.npy`` (term frequencies, stored
  as float32 as Whoosh stores them, so nothing is rounded);
- ``scores.npy``: each posting's BM25F score (:mod:`.bm25`, float64), fixed once the index
  is: a query's terms are then slices, not a formula over every posting of every word the
  process has not met yet;
- ``position_offsets.npy`` and ``positions.npy``: each posting's token
  positions, for phrases.

The searcher maps the arrays (``mmap``), so opening the table costs the word
list only, and a word's postings, its document frequency and the words a
prefix begins are array slices and a binary search. The table is derived from
the index it sits beside, in the same staged build, so the two cannot
disagree; anything it does not hold (the facet fields) is read from Whoosh
as before.
"""

from __future__ import annotations

import bisect
import json
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from .bm25 import average_length, bm25, idf

# The table's folder in a build directory, beside ``index/``.
TABLE_DIR = "postings"


def write_posting_table(searcher: Any, lists: Any, fields: tuple[str, ...], directory: Path) -> None:
    """Decode every posting list of ``fields`` (through ``lists``, a
    :class:`~.postings.PostingLists` without a table) into ``directory``."""
    reader = searcher.reader()
    words: list[str] = []
    starts: dict[str, list[int]] = {}
    # Typed arrays, four or eight bytes an entry: a 100× corpus has tens of millions of them.
    offsets = array("q", [0])
    ids = array("i")
    weights = array("f")
    position_offsets = array("q", [0])
    positions = array("i")
    for field in fields:
        first = len(words)
        field_words = sorted(w.decode("utf-8") if isinstance(w, bytes) else w for w in reader.lexicon(field)) \
            if field in reader.indexed_field_names() else []
        decode = searcher.schema[field].format.decoder("positions")
        for word in field_words:
            for base, block_ids, block_weights, values in lists.blocks(field, word, values=True):
                ids.fromlist([d + base for d in block_ids])
                weights.fromlist(list(block_weights))
                for value in values:
                    positions.extend(decode(value))
                    position_offsets.append(len(positions))
            offsets.append(len(ids))
        words += field_words
        starts[field] = [first, len(field_words)]
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {name: np.frombuffer(values, dtype=dtype) if len(values) else np.zeros(0, dtype=dtype)
              for name, values, dtype in (("offsets", offsets, np.int64), ("ids", ids, np.int32),
                                          ("weights", weights, np.float32),
                                          ("position_offsets", position_offsets, np.int64),
                                          ("positions", positions, np.int32))}
    arrays["scores"] = _scores(reader, lists, starts, arrays["offsets"], arrays["ids"], arrays["weights"])
    for name, values in arrays.items():
        np.save(directory / f"{name}.npy", values)
    with (directory / "terms.json").open("w", encoding="utf-8") as fh:
        json.dump({"fields": starts, "words": words}, fh, ensure_ascii=False)


def _scores(reader: Any, lists: Any, starts: dict[str, list[int]], offsets: np.ndarray, ids: np.ndarray,
            weights: np.ndarray) -> np.ndarray:
    """Every posting's BM25F score, field by field (each word's idf, each document's length)."""
    documents = reader.doc_count_all()
    scores = np.zeros(len(ids), dtype=np.float64)
    for field, (first, count) in starts.items():
        if not count:
            continue
        bounds = offsets[first:first + count + 1]
        frequencies = np.diff(bounds)
        # math.log word by word, as the scorer computes an idf (numpy's log may differ in the last bit).
        idfs = np.repeat(np.array([idf(documents, int(f)) for f in frequencies.tolist()], dtype=np.float64),
                         frequencies)
        start, end = int(bounds[0]), int(bounds[-1])
        field_ids = ids[start:end].astype(np.int64)
        average = average_length(reader.field_length(field), documents)
        scores[start:end] = bm25(idfs, weights[start:end].astype(np.float64), lists.field_lengths(field)[field_ids],
                                 average)
    return scores


def _mapped(path: Path) -> np.ndarray:
    # A plain array over the mapped file: slicing numpy's memmap subclass costs a Python call
    # per slice, on every posting list a query reads.
    return np.asarray(np.load(path, mmap_mode="r"))


_NO_IDS = np.zeros(0, dtype=np.int32)
_NO_SCORES = np.zeros(0, dtype=np.float64)
_NO_IDS.flags.writeable = _NO_SCORES.flags.writeable = False


class PostingTable:
    """A build's posting table, read-only, its arrays mapped from disk."""

    def __init__(self, directory: Path):
        with (directory / "terms.json").open(encoding="utf-8") as fh:
            terms = json.load(fh)
        words = terms["words"]
        self._words = {field: words[first:first + count] for field, (first, count) in terms["fields"].items()}
        self._first = {field: first for field, (first, _) in terms["fields"].items()}
        self._index: dict[str, dict[str, int]] = {}
        self._offsets = _mapped(directory / "offsets.npy")
        self._ids = _mapped(directory / "ids.npy")
        self._weights = _mapped(directory / "weights.npy")
        self._scores = _mapped(directory / "scores.npy")
        self._position_offsets = _mapped(directory / "position_offsets.npy")
        self._positions = _mapped(directory / "positions.npy")

    @property
    def total(self) -> int:
        """How many postings the table holds, in all its fields."""
        return len(self._ids)

    def holds(self, field: str) -> bool:
        """Whether ``field``'s postings are in the table (else they are Whoosh's to read)."""
        return field in self._words

    def _row(self, field: str, word: str) -> int | None:
        index = self._index.get(field)
        if index is None:
            # Built per field on first use: most searches touch a few of the six fields.
            index = self._index[field] = {w: i for i, w in enumerate(self._words[field], self._first[field])}
        return index.get(word)

    def postings(self, field: str, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers holding ``word`` in ``field`` and its frequency in each."""
        row = self._row(field, word)
        if row is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        start, end = int(self._offsets[row]), int(self._offsets[row + 1])
        return self._ids[start:end].astype(np.int64), self._weights[start:end].astype(np.float64)

    def scored(self, field: str, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers holding ``word`` in ``field`` and its BM25F score in each: read-only
        views of the table, for the caller to read, not change."""
        row = self._row(field, word)
        if row is None:
            return _NO_IDS, _NO_SCORES
        start, end = int(self._offsets[row]), int(self._offsets[row + 1])
        return self._ids[start:end], self._scores[start:end]

    def positions(self, field: str, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Every occurrence of ``word`` in ``field``: its document number and token position."""
        row = self._row(field, word)
        if row is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        start, end = int(self._offsets[row]), int(self._offsets[row + 1])
        bounds = self._position_offsets[start:end + 1]
        docs = np.repeat(self._ids[start:end].astype(np.int64), np.diff(bounds))
        return docs, self._positions[bounds[0]:bounds[-1]].astype(np.int64)

    def doc_frequency(self, field: str, word: str) -> int:
        row = self._row(field, word)
        return 0 if row is None else int(self._offsets[row + 1] - self._offsets[row])

    def words(self, field: str) -> list[str]:
        """The field's words, sorted as Whoosh sorts them (by code point)."""
        return self._words[field]

    def expand_prefix(self, field: str, prefix: str) -> Iterator[str]:
        """The field's words that begin with ``prefix``, in Whoosh's order."""
        words = self._words[field]
        for position in range(bisect.bisect_left(words, prefix), len(words)):
            if not words[position].startswith(prefix):
                return
            yield words[position]
