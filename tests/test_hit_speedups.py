"""The shortcuts that make hits and relevance cheaper give what the plain way gives.

A long English text that hits again is read once into its words' places (snippets), and
close pairs of concepts are found in one merged pass (proximity): both are checked here
against the direct computation, on texts and positions made to exercise them.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from kb.search.execution import relevance
from kb.search.execution.scoring import POSITION_STRIDE
from kb.search.hits import snippets
from kb.search.hits.snippets import Marks, marks_for, snippet

WORDS = ("engineer", "engineers", "engineering", "talent", "talents", "visa", "permit", "work", "foreign",
         "the", "of", "an", "Engineer's", "re-engineering", "5g", "visas", "permits")


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) + rng.choice(("", "", ",", ".", ";\n")) for _ in range(words))


def test_a_kept_long_text_marks_what_scanning_it_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    forms = {"engin": ("engineer", "engineers", "engineering"), "talent": ("talent", "talents"),
             "visa": ("visa", "visas"), "5g": ("5g",)}
    marks = marks_for({"zh": set(), "en": {"engin", "talent", "visa", "5g"}}, forms)
    texts = [_text(rng, n) for n in (200, 400, 1200)]
    assert all(len(t) >= snippets.LONG_TEXT for t in texts)
    monkeypatch.setattr(snippets, "_kept", type(snippets._kept)())
    monkeypatch.setattr(snippets, "_seen", type(snippets._seen)())
    first = [snippet(t, marks, "en") for t in texts]  # seen once: scanned
    assert not snippets._kept
    second = [snippet(t, marks, "en") for t in texts]  # seen again: read into places and kept
    assert len(snippets._kept) == len(texts)
    third = [snippet(t, marks, "en") for t in texts]  # from the kept places
    assert first == second == third
    long_text = snippets.LONG_TEXT
    for text in texts:
        kept = snippets._whole_word_spans(text, marks.en, marks.en_prefixes)
        monkeypatch.setattr(snippets, "LONG_TEXT", 10**9)  # the scan, for the same text
        scanned = snippets._whole_word_spans(text, marks.en, marks.en_prefixes)
        monkeypatch.setattr(snippets, "LONG_TEXT", long_text)
        assert kept == scanned and kept
        # Whole words only: "re-engineering" marks "engineering", never "engineer" inside it.
        assert all(text[a:b].lower() in marks.en for a, b in kept)
    assert "<mark>" in first[0]


def test_kept_texts_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snippets, "_kept", type(snippets._kept)())
    monkeypatch.setattr(snippets, "_seen", type(snippets._seen)())
    monkeypatch.setattr(snippets, "KEPT_TEXTS", 3)
    marks = Marks(frozenset(), frozenset({"visa"}), ("visa",))
    rng = random.Random(3)
    texts = [_text(rng, 300) for _ in range(6)]
    for text in texts + texts:
        snippet(text, marks, "en")
    assert len(snippets._kept) == 3 and list(snippets._kept) == texts[-3:]


def _brute_pairs(found: list[tuple[int, np.ndarray]], runs: list[int], size: int) -> np.ndarray:
    pairs = np.zeros(size)
    for (i, first), (j, second) in itertools.combinations(found, 2):
        if runs[i] != runs[j]:
            continue
        docs = {int(a // POSITION_STRIDE) for a in first for b in second
                if a // POSITION_STRIDE == b // POSITION_STRIDE and abs(int(a) - int(b)) <= relevance.WINDOW}
        for d in docs:
            pairs[d] += 1
    return pairs


@pytest.mark.parametrize("seed", range(12))
def test_close_pairs_in_one_pass_count_what_each_pair_apart_counts(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size, concepts = 30, int(rng.integers(2, 7))
    runs = [int(r) for r in rng.integers(0, 2, concepts)]
    found = []
    for i in range(concepts):
        docs = rng.integers(0, size, 25)
        positions = rng.integers(0, 60, 25)
        places = np.unique(docs.astype(np.int64) * POSITION_STRIDE + positions)
        if len(places) and rng.random() > 0.1:
            found.append((i, places))
    if len({runs[i] for i, _ in found}) == len(found):
        runs = [0] * concepts  # one run: every pair counts
    assert np.array_equal(relevance._close_pairs(found, runs, size), _brute_pairs(found, runs, size))
