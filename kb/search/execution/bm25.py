"""BM25F as Whoosh scores it, in one place: the posting table's precomputed scores
(:mod:`.table`) and the scorer's own (:mod:`.scoring`, for what the table does not hold) are
the same arithmetic in the same order, so they agree to the last bit."""

from __future__ import annotations

import math

import numpy as np

# Whoosh's BM25F defaults, which the index was always searched with.
K1 = 1.2
B = 0.75


def idf(documents: int, frequency: int) -> float:
    """Whoosh's idf: ``log(N / (df + 1)) + 1``."""
    return math.log(documents / (frequency + 1)) + 1


def average_length(total_length: float, documents: int) -> float:
    """A field's mean (quantised) length, 1 where the field is empty (no division by zero)."""
    return (total_length / (documents or 1)) or 1


def bm25(idfs: float | np.ndarray, weights: np.ndarray, lengths: np.ndarray, average: float) -> np.ndarray:
    """Each posting's score: its word's ``idfs`` (one, or one per posting), its term frequency
    ``weights`` and its document's quantised field ``lengths``."""
    return idfs * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / average))
