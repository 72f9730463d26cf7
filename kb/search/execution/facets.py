"""Facets: filtering by normalised values and counting every match by value.

Each document's facet values (kind, doc, list, city, industry, degree,
experience, duration, severity, and its id) are read once per searcher from
the index's stored fields into a table of integer codes by document number.
A filter is then a boolean mask (cached per combination of kind and filters)
and the counts over all matches are one ``bincount`` over every facet's codes at once.

``status`` (in force, trial period ended, ...) is not indexed: it depends on the
day asked about, so it is derived per request from each document's ``doc``
through a map of document → status computed for that day.
"""

from __future__ import annotations

import bisect
from typing import Any

import numpy as np

from ..indexing import FACETS

# Combinations of kind and filters whose masks are kept (queries are user input).
MAX_MASKS = 1000
# Days' statuses whose stacked facet codes are kept (one a day, as a request's day changes).
MAX_STACKS = 8


class FacetTable:
    """The facet values of every document of one open index."""

    def __init__(self, reader: Any):
        self.reader = reader
        self.size = reader.doc_count_all()
        self._table: dict[str, tuple[np.ndarray, list[str]]] | None = None
        self._allowed_masks: dict[tuple[Any, ...], np.ndarray] = {}
        self._status_codes: dict[tuple[Any, ...], tuple[np.ndarray, list[str]]] = {}
        self._stacks: dict[Any, tuple[list[str], list[int], list[list[str]], np.ndarray]] = {}

    def values(self) -> dict[str, tuple[np.ndarray, list[str]]]:
        """Every document's facet values, as codes by document number and the values the
        codes stand for (code 0 is "no value"), read once per searcher."""
        if self._table is None:
            table = {f: (np.zeros(self.size, dtype=np.int32), [""]) for f in FACETS + ("id",)}
            codes_of: dict[str, dict[str, int]] = {f: {"": 0} for f in table}
            for docnum, stored in self.reader.iter_docs():
                for facet, (codes, values) in table.items():
                    value = stored.get(facet) or ""
                    code = codes_of[facet].get(value)
                    if code is None:
                        code = codes_of[facet][value] = len(values)
                        values.append(value)
                    codes[docnum] = code
            self._table = table
        return self._table

    def value(self, facet: str, docnum: int) -> str:
        codes, values = self.values()[facet]
        return values[codes[docnum]]

    def allowed(self, kinds: list[str], filters: dict[str, str]) -> np.ndarray:
        """Which documents the kind and the filters let through."""
        key = (tuple(kinds), tuple(sorted(filters.items())))
        allowed = self._allowed_masks.get(key)
        if allowed is None:
            table = self.values()
            allowed = np.ones(self.size, dtype=bool)
            for facet, wanted in [("kind", kinds)] + [(k, [v]) for k, v in filters.items()]:
                codes, values = table[facet]
                allowed &= np.isin(codes, [values.index(w) for w in wanted if w in values])
            if len(self._allowed_masks) > MAX_MASKS:
                self._allowed_masks.clear()
            self._allowed_masks[key] = allowed
        return allowed

    def status_codes(self, statuses: dict[str, str]) -> tuple[np.ndarray, list[str]]:
        """Every document's status (by its ``doc``) as codes, and the statuses the codes stand for."""
        key = tuple(sorted(statuses.items()))
        found = self._status_codes.get(key)
        if found is None:
            doc_codes, docs = self.values()["doc"]
            values = [""] + sorted(set(statuses.values()))
            by_doc = np.array([values.index(statuses[d]) if d in statuses else 0 for d in docs], dtype=np.int32)
            found = (by_doc[doc_codes], values)
            if len(self._status_codes) > MAX_MASKS:
                self._status_codes.clear()
            self._status_codes[key] = found
        return found

    def status_allowed(self, statuses: dict[str, str], wanted: str) -> np.ndarray:
        """Which documents come from a document whose status is ``wanted``."""
        codes, values = self.status_codes(statuses)
        return codes == values.index(wanted) if wanted in values else np.zeros(self.size, dtype=bool)

    def counts(self, docnums: np.ndarray, statuses: dict[str, str] | None = None) -> dict[str, dict[str, int]]:
        """Documents by value for each facet, most first (then by value); ``status`` too, when
        the documents' statuses are given."""
        facets, offsets, values, stacked = self._stacked(statuses)
        # One count over every facet at once: each facet's codes shifted past the ones before.
        tally = np.bincount(stacked[:, docnums].ravel(), minlength=offsets[-1])
        present = np.flatnonzero(tally)
        found: dict[str, dict[str, int]] = {}
        for code, n in zip(present.tolist(), tally[present].tolist()):
            f = bisect.bisect_right(offsets, code) - 1
            if code > offsets[f]:  # each facet's first code is "no value"
                found.setdefault(facets[f], {})[values[f][code - offsets[f]]] = n
        return {facet: dict(sorted(found[facet].items(), key=lambda kv: (-kv[1], kv[0])))
                for facet in facets if facet in found}

    def _stacked(self, statuses: dict[str, str] | None) -> tuple[list[str], list[int], list[list[str]], np.ndarray]:
        """The facets counted (``status`` when statuses are given), where each one's codes begin,
        their values, and every document's codes as one array (facet × document), each facet's
        shifted by where its codes begin."""
        key = None if statuses is None else tuple(sorted(statuses.items()))
        found = self._stacks.get(key)
        if found is None:
            tables = dict(self.values())
            if statuses is not None:
                tables["status"] = self.status_codes(statuses)
            facets = [f for f in (*FACETS, "status") if f in tables]
            offsets, rows, start = [], [], 0
            for facet in facets:
                codes, values = tables[facet]
                offsets.append(start)
                rows.append(codes.astype(np.int64) + start)
                start += len(values)
            offsets.append(start)
            stacked = np.vstack(rows) if rows else np.zeros((0, self.size), dtype=np.int64)
            found = (facets, offsets, [tables[f][1] for f in facets], stacked)
            if len(self._stacks) > MAX_STACKS:
                self._stacks.clear()
            self._stacks[key] = found
        return found
