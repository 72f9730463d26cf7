"""Numbers an aligned unit states, in each language, for the consistency report.

Two versions of a unit that state different numbers are a translation to
check (a year, a count, a share). Chinese and English write numbers
differently: digits with 万/亿 or thousand/million, number words, Chinese
numerals that are counts only in context (六成 = 60%, 十八大 = 18, but 一般 is
a word), month names that are numbers only in a date.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .units import Unit

_ZH_UNITS = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3}
_EN_UNITS = {"trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3}
_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                        "august", "september", "october", "november", "december"], 1)}


_EN_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A Chinese numeral counts as a number when it has a 十, is an ordinal (第…) or is followed by a
# measure word; "一般" or "统一" are words, not numbers.
_ZH_NUMERAL_RE = re.compile(r"(第)?([一二两三四五六七八九十]{1,3})(成|个|年|项|届|次|倍|名|大|类|批|种|条)?")


def _zh_numeral_value(text: str) -> int | None:
    if "十" in text:
        tens, _, units = text.partition("十")
        if len(tens) > 1 or len(units) > 1:
            return None
        return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGITS.get(units, 0) if units else 0)
    return _ZH_DIGITS.get(text) if len(text) == 1 else None


def numbers_in(text: str, lang: str) -> Counter[float]:
    """The numbers a text states: digits with 万/亿 or thousand/million applied, number words,
    Chinese numerals (六成 = 60, 十八大 = 18), English month names."""
    found: Counter[float] = Counter()
    if lang == "zh":
        for match in re.finditer(r"(\d+(?:\.\d+)?)\s*(万亿|亿|万|千)?", text):
            value = float(match.group(1)) * _ZH_UNITS.get(match.group(2) or "", 1)
            found[round(value, 6)] += 1
        for match in _ZH_NUMERAL_RE.finditer(text):
            value = _zh_numeral_value(match.group(2))
            if value is None or not (match.group(1) or match.group(3) or "十" in match.group(2)):
                continue
            if text[match.end(2):match.end(2) + 1] == "分" or (value == 1 and not match.group(1)):
                continue  # 十分 is "very"; a lone 一 is mostly an article ("a"), not a count
            found[float(value * 10 if match.group(3) == "成" else value)] += 1
    else:
        text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
        for match in re.finditer(r"(\d+(?:\.\d+)?)(?:st|nd|rd|th)?\s*(trillion|billion|million|thousand)?",
                                 text, re.I):
            value = float(match.group(1)) * _EN_UNITS.get((match.group(2) or "").lower(), 1)
            found[round(value, 6)] += 1
        # "one" is left out: "one of", "one-stop" are idiom, not counts.
        for word in re.findall(r"\b(" + "|".join(w for w in _EN_WORDS if _EN_WORDS[w] >= 2) + r")\b", text, re.I):
            found[float(_EN_WORDS[word.lower()])] += 1
        # A month counts only in a date ("April 2019"); "may" is mostly a verb.
        for month in re.findall(r"\b(" + "|".join(_MONTHS) + r")\b(?=\s+(?:\d{1,2},?\s+)?\d{4})", text, re.I):
            found[float(_MONTHS[month.lower()])] += 1
    return found


def number_mismatches(units: list[Unit]) -> list[dict[str, Any]]:
    """Aligned units whose two versions state different numbers."""
    findings = []
    for unit in units:
        if not unit.official:
            continue
        zh, en = numbers_in(unit.zh, "zh"), numbers_in(unit.en, "en")
        if zh == en:
            continue
        only_zh = sorted((zh - en).elements())
        only_en = sorted((en - zh).elements())
        findings.append({"place": unit.place, "kind": unit.kind,
                         "only_zh": [_fmt(n) for n in only_zh], "only_en": [_fmt(n) for n in only_en],
                         "zh": unit.zh, "en": unit.en})
    return findings


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
