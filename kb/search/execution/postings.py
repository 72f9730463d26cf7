"""Posting lists read from the Whoosh index a block at a time, kept as numpy arrays.

Whoosh stores a term's postings in blocks of 128 (document numbers, weights
and, for phrase fields, encoded positions); its matcher hands them out one
call per posting. Here a whole block is read at once, a term's list becomes
two arrays (document numbers, weights), and the lists are cached per
process, bounded by :data:`CACHE_POSTINGS` postings. Field lengths are read
as whole columns, quantised as Whoosh's scorer sees them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.util.numeric import byte_to_length

from .table import PostingTable

# Posting lists kept in memory, counted in postings (a few MB of arrays).
CACHE_POSTINGS = 2_000_000

_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


class PostingLists:
    """The postings, positions and field lengths of one open Whoosh searcher, cached."""

    def __init__(self, searcher: Any, table: PostingTable | None = None):
        self.searcher = searcher
        # The build's decoded postings of the text fields (:mod:`.table`), when it has them.
        self.table = table
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        # Posting arrays by (field, word); derived arrays (BM25F scores, position tables)
        # by a key that names them.
        self._postings: dict[tuple[str, ...], Any] = {}
        self._cached = 0
        self._lengths: dict[str, np.ndarray] = {}
        self._live: np.ndarray | None = None

    @property
    def total_postings(self) -> int:
        """All the postings of the text fields (the posting table's; a searcher always has one,
        and only the build step reading Whoosh itself has none, where no budget applies)."""
        if self.table is None:
            raise RuntimeError("the posting table is not loaded")
        return self.table.total

    def live(self) -> np.ndarray:
        """Which document numbers hold a document (a build writes none deleted, but Whoosh's
        NOT skips deleted ones, and so does this)."""
        if self._live is None:
            live = np.ones(self.size, dtype=bool)
            if self.reader.has_deletions():
                live[[d for d in range(self.size) if self.reader.is_deleted(d)]] = False
            self._live = live
        return self._live

    def field_lengths(self, field: str) -> np.ndarray:
        """Every document's (quantised) length in ``field``, as Whoosh's scorer sees it."""
        lengths = self._lengths.get(field)
        if lengths is None:
            lengths = np.zeros(self.size, dtype=np.float64)
            for leaf, base in self.reader.leaf_readers():
                # Whoosh keeps each document's length as one byte in a column; reading the
                # column whole is one call instead of one per document.
                column = leaf._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
                if column is not None:
                    codes = np.frombuffer(column.load(), dtype=np.uint8)
                    lengths[base:base + len(codes)] = _BYTE_TO_LENGTH[codes]
            self._lengths[field] = lengths
        return lengths

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The document numbers holding ``text`` in ``field`` and its weight in each."""
        if self.table is not None and self.table.holds(field):
            return self.table.postings(field, text)
        key = (field, text)
        found = self._postings.get(key)
        if found is None:
            found = self.read(field, text)
            self.remember(key, found, len(found[0]))
        return found

    def read(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """A term's postings read from Whoosh (uncached)."""
        ids: list[int] = []
        weights: list[float] = []
        for base, block_ids, block_weights, _ in self.blocks(field, text, values=False):
            ids.extend([d + base for d in block_ids] if base else block_ids)
            weights.extend(block_weights)
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)

    def doc_frequency(self, field: str, text: str) -> int:
        """How many documents hold ``text`` in ``field``."""
        if self.table is not None and self.table.holds(field):
            return self.table.doc_frequency(field, text)
        return self.searcher.doc_frequency(field, text)

    def expand_prefix(self, field: str, prefix: str) -> Iterator[str]:
        """The words of ``field`` that begin with ``prefix``, in the index's order."""
        if self.table is not None and self.table.holds(field):
            yield from self.table.expand_prefix(field, prefix)
            return
        for word in self.reader.expand_prefix(field, prefix):
            yield word.decode("utf-8") if isinstance(word, bytes) else word

    def remember(self, key: tuple[str, ...], value: Any, size: int) -> None:
        # Emptied whole when full: simple, and the words people search for come back at once.
        if self._cached + size > CACHE_POSTINGS:
            self._postings.clear()
            self._cached = 0
        self._postings[key] = value
        self._cached += size

    def blocks(self, field: str, text: str, values: bool) -> Iterator[tuple[int, Sequence[int], Sequence[float],
                                                                             Sequence[Any]]]:
        """A term's postings a block at a time: (document base, ids, weights, encoded values)."""
        for leaf, base in self.reader.leaf_readers():
            if (field, text) not in leaf:
                continue
            matcher = leaf.postings(field, text)
            if isinstance(matcher, W3LeafMatcher):
                # Whole blocks as Whoosh stores them (128 postings, one unpickling each), instead
                # of three method calls per posting: the difference is most of a cold query's time.
                while matcher.is_active():
                    matcher._read_ids()
                    matcher._read_weights()
                    if values:
                        matcher._read_values()
                    yield base, matcher._ids, matcher._weights, matcher._values if values else ()
                    matcher._next_block()
                continue
            ids, weights, encoded = [], [], []
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                if values:
                    encoded.append(matcher.value())
                matcher.next()
            yield base, ids, weights, encoded

    def cached(self, key: tuple[str, ...]) -> Any:
        """A value stored with :meth:`remember`, or None."""
        return self._postings.get(key)

    def positions(self, field: str, text: str) -> dict[int, tuple[int, ...]]:
        """Where ``text`` occurs in ``field``: token positions by document number."""
        key = ("positions", field, text)
        found = self._postings.get(key)
        if found is not None:
            return found
        found = {}
        decode = self.searcher.schema[field].format.decoder("positions")
        for base, block_ids, _, values in self.blocks(field, text, values=True):
            for docnum, value in zip(block_ids, values):
                found[base + docnum] = tuple(decode(value))
        self.remember(key, found, sum(len(p) for p in found.values()))
        return found
