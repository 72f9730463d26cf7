"""The translation memory: aligned Chinese/English segments as TMX 1.4b, for CAT tools.

Three sources give segments, each a translation unit (``tu``) with its source id and
citation as ``<prop>``\\ s and whose English it is:

* **official** -- the Qianhai list's records (title, industry, each competency when both
  versions list the same number, specialties, values) and the paragraph beads of every
  aligned section pair (``translations.json`` ``alignment``: an n-to-m bead is joined
  into one segment; 1-0 and 0-1 beads have nothing to pair). The English is the
  issuer's or the authors';
* **unofficial** -- the curated translations (``translations.json`` ``entries``: unit
  paragraphs, headings and record fields of the Chinese-only documents), this knowledge
  base's own English.

A paragraph pair is cut into sentences (at 。！？； and at . ? ! ; before a space or the
end); when both sides yield the same number of sentences, the segments are
sentence-level (``x-level`` ``sentence``), else the pair stays one paragraph-level
segment. Every ``tu`` carries ``<prop type="x-english">official|unofficial</prop>``;
``official_only`` leaves the unofficial ones out. A bead the build found implausible as a
translation (by length or numbers, :func:`kb.translation.align.implausible_pairs`) is one
paragraph-level segment marked ``<prop type="x-implausible">`` with the reason, and
``official_only`` leaves it out too: it is not a pair a translator can rely on.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Iterable

from .. import __version__
from ..terms.tbx import LANG_TAGS

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ZH_SENTENCE_RE = re.compile(r"(?<=[。！？；])")
EN_SENTENCE_RE = re.compile(r"(?<=[.?!;])\s+(?=[A-Z0-9(“\"‘'])")
MAX_RATIO_DRIFT = 2.5
# Abbreviations after which a full stop ends no sentence.
EN_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|et al|No|Nos|Art|para|Fig|vs|Dr|Mr|Ms|Prof|U\.S)\.$")


@dataclass
class Segment:
    zh: str
    en: str
    source_id: str
    citation: str
    official: bool
    level: str = "paragraph"  # sentence | paragraph
    implausible: str | None = None  # why the pair cannot be a translation (an official bead)


def split_sentences(text: str, lang: str) -> list[str]:
    text = " ".join(text.split()) if lang == "en" else text.strip()
    if lang == "zh":
        parts = ZH_SENTENCE_RE.split(text)
    else:
        parts = []
        for piece in EN_SENTENCE_RE.split(text):
            if parts and EN_ABBREVIATIONS.search(parts[-1]):
                parts[-1] += " " + piece
            else:
                parts.append(piece)
    return [p.strip() for p in parts if p.strip()]


def sentence_segments(zh: str, en: str, source_id: str, citation: str, official: bool) -> list[Segment]:
    """Sentence-level segments when both sides split into as many sentences, else the paragraph.

    (A length-based sentence aligner was tried here and dropped: a Chinese sentence often
    holds three English ones, a bead shape Gale-Church does not allow, and it paired the
    Qianhai list's sentences wrongly. Equal counts are the safe case, when no pair's
    length ratio strays from the paragraph's by more than :data:`MAX_RATIO_DRIFT`: equal
    counts by coincidence, one side split where the other is not, pair the wrong sentences.)"""
    zh_parts, en_parts = split_sentences(zh, "zh"), split_sentences(en, "en")
    if len(zh_parts) > 1 and len(zh_parts) == len(en_parts) and _plausible(zh_parts, en_parts):
        return [Segment(z, e, source_id, citation, official, "sentence") for z, e in zip(zh_parts, en_parts)]
    return [Segment(zh.strip(), " ".join(en.split()), source_id, citation, official)]


def _plausible(zh_parts: list[str], en_parts: list[str]) -> bool:
    ratio = sum(map(len, en_parts)) / max(sum(map(len, zh_parts)), 1)
    return all(ratio / MAX_RATIO_DRIFT <= len(e) / max(len(z), 1) <= ratio * MAX_RATIO_DRIFT
               for z, e in zip(zh_parts, en_parts))


def memory_segments(kb: Any, official_only: bool = False) -> list[Segment]:
    """Every aligned segment of a build (a :class:`~kb.store.KnowledgeBase`), official first."""
    units = {u["id"]: u for u in kb.units}
    records = {r["id"]: r for r in kb.records}
    segments: list[Segment] = []
    for unit in kb.terms.get("units", []):
        # The Qianhai records' aligned fields; the curated ones come from the entries below.
        if unit["official"] and unit["place"] in records and unit["kind"] != "heading":
            cite = records[unit["place"]]["source"]["citation"]
            segments += sentence_segments(unit["zh"], unit["en"], unit["place"], cite["zh"] or "", True)
    for bead in kb.translations.get("alignment", []):
        if not bead["zh"] or not bead["en"]:
            continue
        zh = "".join(units[i]["text"] for i in bead["zh"])
        en = " ".join(units[i]["text"] for i in bead["en"])
        source_id = "+".join(bead["zh"])
        citation = units[bead["zh"][0]]["citation"].get("zh") or ""
        if bead.get("implausible"):
            if not official_only:
                segments.append(Segment(zh.strip(), " ".join(en.split()), source_id, citation, True,
                                        implausible=bead["implausible"]["text"]))
            continue
        segments += sentence_segments(zh, en, source_id, citation, True)
    if not official_only:
        for entry in kb.translations.get("entries", []):
            segments += sentence_segments(entry["zh"], entry["en"], entry["context"],
                                          _citation(entry["context"], units, records, kb), False)
    return [s for s in segments if s.zh and s.en]


def _citation(context: str, units: dict[str, Any], records: dict[str, Any], kb: Any) -> str:
    if context in units:
        return units[context]["citation"].get("zh") or ""
    item = context.split("#", 1)[0]
    if item in records:
        return records[item]["source"]["citation"]["zh"] or ""
    try:
        section = kb.get(item)
    except Exception:  # an entry whose place the build no longer has: cite it by its id
        return item
    return (section.get("citation") or section.get("path") or item) if isinstance(section, dict) else item


def export_tmx(segments: Iterable[Segment]) -> str:
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {
        "creationtool": "policy-kb", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "policy-kb", "adminlang": "en", "srclang": LANG_TAGS["zh"], "datatype": "plaintext"})
    body = ET.SubElement(root, "body")
    for number, segment in enumerate(segments, 1):
        tu = ET.SubElement(body, "tu", {"tuid": str(number), "segtype": segment.level})
        for prop, value in (("x-source-id", segment.source_id), ("x-citation", segment.citation),
                            ("x-english", "official" if segment.official else "unofficial"),
                            ("x-level", segment.level)):
            ET.SubElement(tu, "prop", {"type": prop}).text = value
        if segment.implausible:
            ET.SubElement(tu, "prop", {"type": "x-implausible"}).text = segment.implausible
        if not segment.official:
            ET.SubElement(tu, "note").text = "English: this knowledge base's translation (unofficial)"
        for lang, text in (("zh", segment.zh), ("en", segment.en)):
            ET.SubElement(ET.SubElement(tu, "tuv", {XML_LANG: LANG_TAGS[lang]}), "seg").text = text
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def tmx_summary(segments: list[Segment]) -> dict[str, int]:
    return {f"{'official' if s else 'unofficial'}_{level}": sum(1 for x in segments
                                                                  if x.official == s and x.level == level)
            for s in (True, False) for level in ("sentence", "paragraph")}
