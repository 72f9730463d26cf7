"""The shortcuts that make hits and relevance cheaper give what the plain way gives.

English words are found by one scan per word family (snippets), and close pairs of concepts
in one merged pass (proximity): both are checked here against the direct computation (a
whole-word regular expression, every pair apart), on texts and positions made to exercise them.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from kb.search.execution import relevance
from kb.search.execution.scoring import POSITION_STRIDE
from kb.search.hits import snippets
from kb.search.hits.snippets import marks_for, snippet

WORDS = ("engineer", "engineers", "engineering", "talent", "talents", "visa", "permit", "work", "foreign",
         "the", "of", "an", "Engineer's", "re-engineering", "5g", "visas", "permits")


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) + rng.choice(("", "", ",", ".", ";\n")) for _ in range(words))


def test_the_word_scan_marks_what_a_whole_word_pattern_marks() -> None:
    rng = random.Random(7)
    forms = {"engin": ("engineer", "engineers", "engineering"), "talent": ("talent", "talents"),
             "visa": ("visa", "visas"), "5g": ("5g",)}
    marks = marks_for({"zh": set(), "en": {"engin", "talent", "visa", "5g"}}, forms)
    texts = [_text(rng, n) for n in (20, 200, 1200)]
    for text in texts:
        scanned = snippets._whole_word_spans(text, marks.en, marks.en_prefixes)
        assert scanned and scanned == snippets._pattern_spans(text, marks.en, whole=True)
        # Whole words only: "re-engineering" marks "engineering", never "engineer" inside it.
        assert all(text[a:b].lower() in marks.en for a, b in scanned)
    # The same snippet the second time a text is asked for (nothing is kept between them).
    assert [snippet(t, marks, "en") for t in texts] == [snippet(t, marks, "en") for t in texts]
    assert "<mark>" in snippet(texts[0], marks, "en")


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
