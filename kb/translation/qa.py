"""Translation QA: the project checks its own English as it checks the official Qianhai pair.

Two checks run over every curated translation (:mod:`.catalog`):

* **numbers** -- every number, date, percentage, item number and document number the
  Chinese states appears in the English (2023 年 1 月 1 日 ↔ 1 January 2023, 试行 2 年 ↔
  two years, 50 万美元 ↔ USD 500,000, JCR 一、二区 ↔ JCR Q1/Q2, 20世纪60年代 ↔ the 1960s), and a document number
  (国科办才〔2022〕177号) is kept, in the house form ``Guo Ke Ban Cai [2022] No. 177`` (which
  :mod:`.house` requires) or as printed. The numbers are read by the term base's
  :func:`numbers_in`, so both checks count alike.
* **terms** -- where the official Qianhai English established a rendering (区块链 →
  blockchain, 专才 → specialist), a curated English whose Chinese has the term as a word
  (by the term base's segmentation, so 区块 inside 区块链 does not count) but none of its
  established renderings is a *departure*. A departure a translator meant is explained
  in the entry's translator comment, ``# term: 优化 = optimization (noun in the source)``,
  and is then reported as explained, not as a fault. Each departure names both places: the
  curated entry and the official places that established the rendering. How much binds: a
  rendering the official English gives in :data:`MIN_FREQUENCY` places or more is a
  *contradiction* (a fault until a translator explains it); one it gives once is a *notice*
  (reported, never a fault): a single occurrence, as a new official document brings, is not yet
  the issuer's terminology. A rendering is found in any of its forms (-ed, -ing, -ly, -ency:
  efficient ~ efficiently ~ efficiency).

  Only domain terms bind: a word of general language (技术, 国际, 实现) is rendered by
  context, and the official English renders it in many ways too. Whether a word is
  general is the term base's own mark (``general``, :mod:`kb.terms.termhood`: common in
  jieba's general-language dictionary, or rarer here than there); what remains is what
  the Qianhai English established for words rare outside this domain (知识产权, 区块链,
  专才, 服务业, 集成电路).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..reading.docnumbers import FILE_NUMBER_RE, house_form_in
from ..terms.english import find_span
from ..terms.numbers import numbers_in

DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]*〔\d{4}〕\d+号")
# JCR's journal zones (一区, 二区 ...) are its quartiles (Q1, Q2 ...).
ZH_ZONES_RE = re.compile(r"([一二三四])(?=(?:、[一二三四])*区)")
EN_QUARTILE_RE = re.compile(r"\bQ([1-4])\b")
ZONE_VALUE = {"一": 1, "二": 2, "三": 3, "四": 4}
# 第一作者, 排名第一, 第三方: an ordinal in Chinese is a word in English (first author).
EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
               "eighth": 8, "ninth": 9, "tenth": 10}
EN_ORDINAL_RE = re.compile(r"\b(" + "|".join(EN_ORDINALS) + r")\b", re.I)
# 一类比赛 is a Class I competition.
EN_CLASS_RE = re.compile(r"\b(?:Class|Category|Grade|Level|Tier)\s+(I{1,3}|IV)\b")
ROMAN_VALUE = {"I": 1, "II": 2, "III": 3, "IV": 4}
EXPLAINED_RE = re.compile(r"^term:\s*(\S+)\s*=\s*(.+)$", re.M)
# Established renderings need this much official evidence to bind a translator; less is a notice.
MIN_FREQUENCY = 2


@dataclass
class Entry:
    """One curated translation to check: where it is, the Chinese, the English, notes."""

    context: str
    zh: str
    en: str
    doc: str
    comment: str = ""


# 20世纪60年代 is the 1960s; 20世纪70～90年代 the 1970s to 1990s.
ZH_DECADES_RE = re.compile(r"(\d{1,2})\s*世纪\s*(\d0)(?:\s*[～~—–-]\s*(\d0))?\s*年代")


def _decades(match: re.Match[str]) -> str:
    base = (int(match.group(1)) - 1) * 100
    years = [str(base + int(d)) for d in match.groups()[1:] if d]
    return "～".join(years) + "年代"


def stated_numbers(text: str, lang: str) -> Counter[float]:
    if lang == "zh":
        text = ZH_DECADES_RE.sub(_decades, text)
    found = numbers_in(EN_QUARTILE_RE.sub("", text) if lang == "en" else text, lang)
    if lang == "zh":
        found.update(float(ZONE_VALUE[m.group(1)]) for m in ZH_ZONES_RE.finditer(text))
    else:
        found.update(float(m.group(1)) for m in EN_QUARTILE_RE.finditer(text))
        found.update(float(EN_ORDINALS[m.group(1).lower()]) for m in EN_ORDINAL_RE.finditer(text))
        found.update(float(ROMAN_VALUE[m.group(1)]) for m in EN_CLASS_RE.finditer(text))
    return found


def number_findings(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    findings = []
    for entry in entries:
        zh, en = stated_numbers(entry.zh, "zh"), stated_numbers(entry.en, "en")
        missing = sorted((zh - en).elements())
        # Kept as printed or in the house form (Guo Ke Ban Cai [2022] No. 177): the form is
        # :mod:`.house`'s check, this one's that the number is there.
        lost_numbers = [n for n in DOC_NUMBER_RE.findall(entry.zh)
                        if n not in entry.en and not ((m := FILE_NUMBER_RE.search(n)) and house_form_in(m, entry.en))]
        if not missing and not lost_numbers:
            continue
        findings.append({"doc": entry.doc, "place": entry.context, "only_zh": [_fmt(n) for n in missing],
                         "document_numbers": lost_numbers, "zh": entry.zh, "en": entry.en})
    return findings


def established_renderings(pairs: Iterable[dict[str, Any]], domain_only: bool = False,
                           min_frequency: int = MIN_FREQUENCY) -> dict[str, list[str]]:
    """Chinese term → the renderings the official English gives it (majority first).

    Only sub-term pairs from official units with at least ``min_frequency`` occurrences
    count, only multi-character terms (a one-character word is too ambiguous to bind),
    and, with ``domain_only``, only pairs the term base does not mark ``general``.
    """
    return {zh: found["renderings"] for zh, found in rendering_evidence(pairs, domain_only).items()
            if found["frequency"] >= min_frequency}


def rendering_evidence(pairs: Iterable[dict[str, Any]], domain_only: bool = False) -> dict[str, dict[str, Any]]:
    """Chinese term → what the official English established for it: its ``renderings``
    (majority first), how often it gives them (``frequency``) and where (``places``)."""
    renderings: dict[str, Counter[str]] = {}
    places: dict[str, list[str]] = {}
    for pair in pairs:
        if pair["kind"] != "sub-term" or not pair.get("official", True) or len(pair["zh"]) < 2:
            continue
        if domain_only and pair.get("general"):
            continue
        renderings.setdefault(pair["zh"], Counter())[pair["en"].lower()] += pair["frequency"]
        seen = places.setdefault(pair["zh"], [])
        seen += [p for p in pair.get("places", []) if p not in seen]
    return {zh: {"renderings": [en for en, _ in counts.most_common()], "frequency": sum(counts.values()),
                 "places": places[zh]} for zh, counts in renderings.items()}


def term_findings(entries: Iterable[Entry], renderings: dict[str, list[str]],
                  words: Callable[[str], Iterable[str]],
                  evidence: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Curated English that departs from an established rendering, explained or not.

    ``words`` segments Chinese the way the term base does (:func:`kb.terms.zh_words`);
    ``evidence`` (:func:`rendering_evidence`) says where the official English gives each
    rendering and how often: each finding's ``official`` (``places``, ``frequency``) and its
    ``severity``, ``contradiction`` from :data:`MIN_FREQUENCY` occurrences on, else ``notice``
    (without evidence, every departure is a contradiction).
    """
    findings = []
    for entry in entries:
        explained = {m.group(1): m.group(2).strip() for m in EXPLAINED_RE.finditer(entry.comment)}
        bases = [_uninflected(entry.en), _uninflected(_underived(entry.en))]
        for zh in sorted(set(words(entry.zh)) & renderings.keys()):
            forms = renderings[zh]
            if any(find_span(form, text) for form in forms for text in (entry.en, *bases)):
                continue
            official = (evidence or {}).get(zh) or {"places": [], "frequency": None}
            frequency = official["frequency"]
            findings.append({"doc": entry.doc, "place": entry.context, "zh": zh, "expected": forms,
                             "en": entry.en, "explained": explained.get(zh),
                             "official": {"places": list(official["places"]), "frequency": frequency},
                             "severity": "notice" if frequency is not None and frequency < MIN_FREQUENCY
                             else "contradiction"})
    return findings


def _uninflected(text: str) -> str:
    """The English with verbs' -ed and -ing endings taken back (optimized → optimize), so an
    established verb rendering is found in any of its forms."""
    return re.sub(r"\b([A-Za-z]{3,}?)(?:ed|ing)\b", r"\1e", text)


def _underived(text: str) -> str:
    """The English with an adjective's adverb and noun taken back to it (efficiently,
    efficiency → efficient; transparency → transparent), so an established adjective
    rendering is found where the translation needs the other part of speech."""
    text = re.sub(r"\b([A-Za-z]{4,}?)ly\b", r"\1", text)
    return re.sub(r"\b([A-Za-z]{3,}?)(e|a)ncy\b", r"\1\2nt", text)


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
