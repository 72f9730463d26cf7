"""Paragraph alignment inside two aligned sections: Gale-Church, anchored by numbers and terms.

Sections already pair by path (:mod:`kb.reading.sections`; a normative document's articles by
their number, which their paths are made of). An article whose two versions have the same
paragraphs and items pairs them one to one by their structure; otherwise, inside a pair the two
versions usually have the same paragraphs, but not always: a translator splits a long
paragraph, merges two short ones, or adds a sentence of their own. The aligner finds
the most probable sequence of *beads* -- 1-1, 2-1, 1-2, 2-2, 1-0 and 0-1 groups of
paragraphs -- by dynamic programming over the classic Gale-Church cost: the prior of the
bead's shape, plus how far the English length is from the Chinese length times the
corpus' own ratio (a normal model whose mean and variance are measured on the
corpus, :func:`length_model`).

Length alone is blind between paragraphs of similar size, so two anchors adjust the
cost: the numbers each side states (digits, Chinese numerals, dates: a bead whose two
sides state the same numbers is cheaper, one whose numbers differ dearer) and the term
base's pairs (a Chinese term whose English rendering is on the other side). NLTK ships a
Gale-Church aligner, but it takes lengths only; anchors need the texts, so the few lines
of dynamic programming are here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:
    from ..model import Section
    from .units import Unit

# Bead shapes and their prior probabilities (Gale & Church 1993, table 5).
PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2,
          (2, 2): 0.011}
ANCHOR_WEIGHT = 4.0


@dataclass(frozen=True)
class LengthModel:
    """English characters per Chinese character: mean ``ratio`` and ``variance`` per character."""

    ratio: float
    variance: float


def length_model(pairs: Iterable[tuple[list[str], list[str]]]) -> LengthModel:
    """Measure the length model on paragraph pairs known to be 1-1 (equal paragraph counts)."""
    samples = [(len(z), len(e)) for zh, en in pairs if len(zh) == len(en) for z, e in zip(zh, en)]
    total_zh = sum(z for z, _ in samples)
    if not samples or not total_zh:
        return LengthModel(1.0, 6.8)  # Gale-Church's own constants
    ratio = sum(e for _, e in samples) / total_zh
    variance = sum((e - z * ratio) ** 2 / z for z, e in samples if z) / len(samples)
    return LengthModel(ratio, max(variance, 1.0))


def _length_cost(zh_len: int, en_len: int, model: LengthModel) -> float:
    if zh_len == 0 and en_len == 0:
        return 0.0
    mean = (zh_len + en_len / model.ratio) / 2
    delta = (en_len - zh_len * model.ratio) / math.sqrt(max(mean, 1.0) * model.variance)
    tail = math.erfc(abs(delta) / math.sqrt(2))  # two-sided probability of so large a delta
    return -math.log(max(tail, 1e-300))


Anchor = Callable[[str, str], float]


def align(zh: list[str], en: list[str], model: LengthModel,
          anchors: Iterable[Anchor] = ()) -> list[tuple[list[int], list[int]]]:
    """Beads as (Chinese paragraph indexes, English paragraph indexes), in order.

    Each anchor scores a candidate bead's two texts in [-1, 1] (1: they agree, -1: they
    contradict, 0: it cannot tell); the scores lower or raise the bead's cost.
    """
    anchors = list(anchors)
    inf = float("inf")
    cost = [[inf] * (len(en) + 1) for _ in range(len(zh) + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (len(en) + 1) for _ in range(len(zh) + 1)]
    cost[0][0] = 0.0
    for i in range(len(zh) + 1):
        for j in range(len(en) + 1):
            if cost[i][j] == inf:
                continue
            for (di, dj), prior in PRIORS.items():
                ni, nj = i + di, j + dj
                if ni > len(zh) or nj > len(en):
                    continue
                zh_text, en_text = "".join(zh[i:ni]), " ".join(en[j:nj])
                step = -math.log(prior) + _length_cost(len(zh_text), len(en_text), model)
                if di and dj:
                    step -= ANCHOR_WEIGHT * sum(anchor(zh_text, en_text) for anchor in anchors)
                if cost[i][j] + step < cost[ni][nj]:
                    cost[ni][nj] = cost[i][j] + step
                    back[ni][nj] = (di, dj)
    beads: list[tuple[list[int], list[int]]] = []
    i, j = len(zh), len(en)
    while i or j:
        step = back[i][j]
        assert step is not None
        di, dj = step
        beads.append((list(range(i - di, i)), list(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


def number_anchor(numbers: Callable[[str, str], dict[float, int]]) -> Anchor:
    """Agreement of the numbers the two sides state (Jaccard over the multisets, signed)."""
    def score(zh_text: str, en_text: str) -> float:
        zh, en = numbers(zh_text, "zh"), numbers(en_text, "en")
        if not zh and not en:
            return 0.0
        shared = sum(min(zh.get(k, 0), en.get(k, 0)) for k in set(zh) | set(en))
        total = sum(max(zh.get(k, 0), en.get(k, 0)) for k in set(zh) | set(en))
        return 2 * shared / total - 1
    return score


def term_anchor(renderings: dict[str, list[str]]) -> Anchor:
    """Share of the Chinese side's known terms whose English rendering the other side has."""
    def score(zh_text: str, en_text: str) -> float:
        lowered = en_text.lower()
        found = [zh for zh in renderings if zh in zh_text]
        if not found:
            return 0.0
        hits = sum(any(r in lowered for r in renderings[zh]) for zh in found)
        return hits / len(found) * 0.5  # terms repeat across paragraphs: a weaker anchor than numbers
    return score


def align_units(units: list[Unit], sections: list["Section"], renderings: dict[str, list[str]] | None = None,
                numbers: Callable[[str, str], dict[float, int]] | None = None) -> list[dict[str, Any]]:
    """Pair the units of every aligned section pair; returns one record per bead.

    Sets each unit's ``counterparts``, ``alignment`` and ``text_status``; a unit the
    other version has no counterpart for says so in a note.
    """
    by_section: dict[str, list[Unit]] = {}
    for unit in units:
        by_section.setdefault(unit.section, []).append(unit)
    pairs = [(s, by_section.get(s.id, []), by_section.get(s.counterpart or "", []))
             for s in sections if s.lang == "zh" and s.counterpart]
    model = length_model(([u.text for u in zh], [u.text for u in en]) for _, zh, en in pairs)
    anchors: list[Anchor] = []
    if numbers is not None:
        anchors.append(number_anchor(numbers))
    if renderings:
        anchors.append(term_anchor(renderings))
    beads_out: list[dict[str, Any]] = []
    for section, zh, en in pairs:
        for zh_idx, en_idx in _structural(section, zh, en) or align(
                [u.text for u in zh], [u.text for u in en], model, anchors):
            group_zh, group_en = [zh[i] for i in zh_idx], [en[j] for j in en_idx]
            bead_shape = f"{len(group_zh)}-{len(group_en)}"
            for unit in group_zh:
                _pair(unit, group_en, "en", bead_shape)
            for unit in group_en:
                _pair(unit, group_zh, "zh", bead_shape)
            beads_out.append({"section": section.id, "shape": bead_shape,
                              "zh": [u.id for u in group_zh], "en": [u.id for u in group_en]})
    return beads_out


def _structural(section: "Section", zh: list[Unit], en: list[Unit]) -> list[tuple[list[int], list[int]]]:
    """An article whose two versions have the same paragraphs and items (``p1``, ``p1:i1`` …)
    pairs them one to one, in order; otherwise (none, or the counts differ) the aligner decides."""
    if not section.unit_keys or not zh:
        return []
    keys_zh = [u.id[len(u.section) + 1:] for u in zh]
    keys_en = [u.id[len(u.section) + 1:] for u in en]
    return [([i], [i]) for i in range(len(zh))] if keys_zh == keys_en else []


def _pair(unit: Unit, others: list[Unit], other_lang: str, bead_shape: str) -> None:
    unit.counterparts = [o.id for o in others]
    unit.alignment = bead_shape
    unit.text_status = {unit.lang: "official", other_lang: "official" if others else "missing"}
    if not others:
        names = {"zh": "Chinese", "en": "English"}
        unit.notes.append({"kind": "alignment", "target": unit.id, "field": None, "supplied_by": None,
                           "text": f"No {names[other_lang]} counterpart: the {names[other_lang]} version has "
                                   f"no paragraph that translates this one."})


# -- Plausibility of the official pairs ----------------------------------------------------------
#
# A pair the aligner (or an article's number) made is still only a claim that one text translates
# the other. Two tests catch the pairs that cannot be. The length test: how far the English length
# is from what the Chinese leads one to expect, as a Gale-Church z-score, under the corpus' own
# model measured on the 1-1 beads (the aligner's 4.3 English characters per character, with what
# both versions print alike -- digits, Latin letters, an e-mail address -- counted one for one:
# 4.6 per Chinese character or punctuation mark). The number test: a number changed between the
# versions (each states a number the other does not: 10 working days against 5). A number only
# one side states is not enough: official English restructures (近两年 dropped, the list's year
# added to its name, 前海一路 written Qianhai 1st Road), so omissions alone never count.
#
# The threshold is chosen from the corpus: the hand-checked pairs of the Qianhai list and the
# papers lie within z -3.8 … +2.4, bead and section alike; the only pairs beyond ±6 are the Liu
# byline (the author line and a biography the English lacks, paired with "Liu Guofu", z -12) and
# Table 3's caption (followed in the English by the table's body, which the Chinese extraction
# lacks, z +18), both wrong as translation-memory segments.
IMPLAUSIBLE_Z = 6.0
_HAN_RE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e]")  # characters and their punctuation
_SPACE_RE = re.compile(r"\s")
# An item's or sub-item's label is structure, paired by its key: (3) is no number of the text.
_LABEL_RE = {"zh": re.compile(r"^\s*(?:[（(][〇零一二两三四五六七八九十百]+[)）]|\d+[.．、])\s*"),
             "en": re.compile(r"^\s*(?:\(\d+\)|\d+\.)\s+")}


def _han_and_other(zh_text: str) -> tuple[int, int]:
    han = len(_HAN_RE.findall(zh_text))
    return han, len(_SPACE_RE.sub("", zh_text)) - han


def plausibility_model(beads: list[dict[str, Any]], units: list[Unit]) -> LengthModel:
    """The length model the pairs are judged by, measured on the 1-1 beads the aligner found
    (the aligner's own model is measured before aligning, on paragraphs zipped in order, so a
    caption printed on the other side of its text inflates its variance), and measured again
    without the beads it finds implausible, until none is left out: one bad pair must not
    widen the tolerance that judges it."""
    by_id = {u.id: u for u in units}
    samples = [(by_id[b["zh"][0]].text, " ".join(by_id[b["en"][0]].text.split()))
               for b in beads if len(b["zh"]) == 1 and len(b["en"]) == 1]
    model = LengthModel(1.0, 6.8)  # Gale-Church's own constants, for a corpus with no pairs
    for _ in range(10):
        counts = [(_han_and_other(zh), len(en)) for zh, en in samples]
        han = sum(h for (h, _), _ in counts)
        if not han:
            return model
        ratio = (sum(e for _, e in counts) - sum(o for (_, o), _ in counts)) / han
        residuals = [(e - ratio * h - o) ** 2 / max(h + o / ratio, 1.0) for (h, o), e in counts]
        model = LengthModel(ratio, max(sum(residuals) / len(residuals), 1.0))
        kept = [(zh, en) for zh, en in samples if abs(length_z(zh, en, model)) <= IMPLAUSIBLE_Z]
        if len(kept) == len(samples):
            break
        samples = kept
    return model


def expected_english(zh_text: str, model: LengthModel) -> float:
    """The English length a Chinese text leads one to expect: the model's ratio per Chinese
    character, and one for one for what both print alike (digits, Latin letters, e-mail addresses,
    punctuation)."""
    han, other = _han_and_other(zh_text)
    return model.ratio * han + other


def length_z(zh_text: str, en_text: str, model: LengthModel) -> float:
    """How many standard deviations the English length is from the expected one (Gale-Church's
    delta: the variance grows with the length)."""
    expected = expected_english(zh_text, model)
    en_len = len(" ".join(en_text.split()))
    mean = (expected + en_len) / model.ratio / 2
    return (en_len - expected) / math.sqrt(max(mean, 1.0) * model.variance)


def changed_numbers(zh_texts: list[str], en_texts: list[str],
                    numbers: Callable[[str, str], dict[float, int]]) -> tuple[list[float], list[float]]:
    """The numbers only each side states, when both have one (a number changed); else ([], [])."""
    zh = set().union(*(numbers(_LABEL_RE["zh"].sub("", t), "zh") for t in zh_texts))
    en = set().union(*(numbers(_LABEL_RE["en"].sub("", t), "en") for t in en_texts))
    only_zh, only_en = sorted(zh - en), sorted(en - zh)
    return (only_zh, only_en) if only_zh and only_en else ([], [])


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def implausible_pairs(beads: list[dict[str, Any]], units: list[Unit], sections: list["Section"],
                      numbers: Callable[[str, str], dict[float, int]] | None = None) -> list[dict[str, Any]]:
    """The official pairs (beads of units, and aligned sections) implausible by length or by
    their numbers, one finding each naming both sides' ids; marks the bead (``implausible``)
    and notes both sides (kind ``implausible``). A section is judged only where none of its
    beads already is: one fault, one finding."""
    model = plausibility_model(beads, units)
    by_id = {u.id: u for u in units}
    by_section: dict[str, list[Unit]] = {}
    for unit in units:
        by_section.setdefault(unit.section, []).append(unit)
    findings: list[dict[str, Any]] = []
    flagged_sections: set[str] = set()

    def judge(zh_texts: list[str], en_texts: list[str]) -> dict[str, Any] | None:
        zh_text, en_text = "".join(zh_texts), " ".join(en_texts)
        z = length_z(zh_text, en_text, model)
        only_zh, only_en = changed_numbers(zh_texts, en_texts, numbers) if numbers else ([], [])
        reasons = (["length"] if abs(z) > IMPLAUSIBLE_Z else []) + (["numbers"] if only_zh else [])
        if not reasons:
            return None
        return {"reasons": reasons, "z": round(z, 2),
                "length": {"zh": len(_SPACE_RE.sub("", zh_text)), "en": len(" ".join(en_text.split())),
                           "expected_en": round(expected_english(zh_text, model))},
                "numbers": {"only_zh": [_fmt(n) for n in only_zh], "only_en": [_fmt(n) for n in only_en]}}

    for bead in beads:
        if not bead["zh"] or not bead["en"]:
            continue
        zh, en = [by_id[i] for i in bead["zh"]], [by_id[i] for i in bead["en"]]
        verdict = judge([u.text for u in zh], [u.text for u in en])
        if verdict:
            finding = {"level": "unit", "section": bead["section"], "zh": bead["zh"], "en": bead["en"], **verdict}
            finding["text"] = _explain(finding, model)
            bead["implausible"] = {k: finding[k] for k in ("reasons", "z", "length", "numbers", "text")}
            for unit in zh + en:
                unit.notes.append({"kind": "implausible", "target": unit.id, "field": None, "supplied_by": None,
                                   "text": finding["text"]})
            findings.append(finding)
            flagged_sections.add(bead["section"])
    by_sid = {s.id: s for s in sections}
    for section in sections:
        if section.lang != "zh" or not section.counterpart or section.id in flagged_sections:
            continue
        other = by_sid.get(section.counterpart)
        if other is None:
            continue
        sides = [[t for t in [s.heading or ""] + [u.text for u in by_section.get(s.id, [])] if t]
                 for s in (section, other)]
        if not sides[0] or not sides[1]:
            continue
        verdict = judge(*sides)
        if verdict:
            finding = {"level": "section", "section": section.id, "zh": [section.id], "en": [other.id], **verdict}
            finding["text"] = _explain(finding, model)
            for s in (section, other):
                s.notes.append({"kind": "implausible", "target": s.id, "field": None, "supplied_by": None,
                                "text": finding["text"]})
            findings.append(finding)
    return findings


def _explain(finding: dict[str, Any], model: LengthModel) -> str:
    """The finding in words, naming both sides."""
    pair = f"{' + '.join(finding['zh'])} ↔ {' + '.join(finding['en'])}"
    why = []
    if "length" in finding["reasons"]:
        length = finding["length"]
        word = "short" if finding["z"] < 0 else "long"
        why.append(f"the English is implausibly {word}: {length['en']} characters where the Chinese "
                   f"({length['zh']}) leads one to expect about {length['expected_en']} "
                   f"({model.ratio:.1f} per Chinese character; z {finding['z']:+.1f}, beyond ±{IMPLAUSIBLE_Z:g})")
    if "numbers" in finding["reasons"]:
        numbers = finding["numbers"]
        why.append(f"the numbers disagree: {', '.join(numbers['only_zh'])} only in the Chinese, "
                   f"{', '.join(numbers['only_en'])} only in the English")
    return (f"Implausible official pair {pair}: {'; '.join(why)}. Check the pairing; the pair is left out of "
            f"the official translation memory.")
