"""Aligned units: pieces of text that say the same thing in both languages.

Every pair of the term base is found in, and counted over, aligned units.
Each unit keeps the id of the record or section it comes from: a record's
title, each competency when both versions list the same number, its
specialties and value labels; a table's column labels; a section's heading;
a section's paragraphs when both versions have the same number of them (else
its whole body), with figure and table captions paired by their number.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

@dataclass
class Unit:
    """Text that says the same thing in both languages, with where it comes from."""

    zh: str
    en: str
    place: str
    kind: str  # title | label | value | heading | text
    official: bool = True


@dataclass
class TermPair:
    zh: str
    en: str
    kind: str  # title | label | value | heading | sub-term
    method: str
    frequency: int = 0
    places: list[str] = field(default_factory=list)
    official: bool = True
    termhood: float = 0.0  # log-likelihood of the Chinese term, this corpus against general language
    general: bool = False  # a pair of general language (:mod:`.termhood`), not domain terminology

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def aligned_units(records: list[dict[str, Any]], sections: list[dict[str, Any]],
                  documents: dict[str, dict[str, Any]]) -> list[Unit]:
    units: list[Unit] = []
    for r in records:
        official = "title.en" not in r["unofficial"]
        if r["title"]["zh"] and r["title"]["en"]:
            units.append(Unit(r["title"]["zh"], r["title"]["en"], r["id"], "title", official))
        industry_official = "industry.en" not in r["unofficial"]
        if r["industry"]["zh"] and r["industry"]["en"]:  # no English: no curated one yet, or none read
            units.append(Unit(r["industry"]["zh"], r["industry"]["en"], r["id"], "value", industry_official))
        # Curated (unofficial) English joins the term base as such, never as evidence of the source's usage.
        def official_field(key: str) -> bool:
            return f"{key}.en" not in r["unofficial"]
        competencies = r["competencies"]
        if competencies["en"] and competencies["zh"] and len(competencies["zh"]) == len(competencies["en"]):
            units += [Unit(zh, en, r["id"], "text", official_field("competencies"))
                      for zh, en in zip(r["competencies"]["zh"], r["competencies"]["en"])]
        for key in ("specialties",):
            if r[key]["zh"] and r[key]["en"]:
                units.append(Unit(r[key]["zh"], r[key]["en"], r["id"], "text", official_field(key)))
        for key in ("degree", "experience", "shortage_duration_label", "severity_label"):
            if r[key]["zh"] and r[key]["en"]:
                units.append(Unit(r[key]["zh"], r[key]["en"], r["id"], "value", official_field(key)))
    for doc in documents.values():
        for table, columns in (doc.get("table_columns") or {}).items():
            zh, en = columns.get("zh") or [], columns.get("en") or []
            if zh and len(zh) == len(en):
                units += [Unit(z, e, f"{doc['id']}:{table}", "label") for z, e in zip(zh, en)]
    by_id = {s["id"]: s for s in sections}
    for s in sections:
        if s["lang"] != "zh" or not s.get("counterpart"):
            continue
        other = by_id[s["counterpart"]]
        if s["heading"] and other["heading"] and s["kind"] not in ("abstract",):
            units.append(Unit(s["heading"], other["heading"], s["id"], "heading"))
        zh_paras, zh_captions = _split_captions(s["body"])
        en_paras, en_captions = _split_captions(other["body"])
        units += [Unit(caption, en_captions[number], s["id"], "text")
                  for number, caption in zh_captions.items() if number in en_captions]
        if zh_paras and len(zh_paras) == len(en_paras):
            units += [Unit(z, e, s["id"], "text") for z, e in zip(zh_paras, en_paras)]
        elif zh_paras and en_paras:
            units.append(Unit(" ".join(zh_paras), " ".join(en_paras), s["id"], "text"))
    return units


def curated_units(entries: list[dict[str, Any]]) -> list[Unit]:
    """The curated translations of Chinese-only paragraphs and headings as unofficial units
    (record fields are already units, from their records)."""
    units = []
    for entry in entries:
        item, _, part = entry["context"].partition("#")
        if part and part != "heading":
            continue
        units.append(Unit(entry["zh"], entry["en"], item, "heading" if part else "text", official=False))
    return units


_CAPTION_RE = re.compile(r"^(?:图|表|Figure|Table)\s*(\d+)\s*[：:]?")


def _split_captions(body: str) -> tuple[list[str], dict[str, str]]:
    """Paragraphs of a body, with figure and table captions set apart by their number
    (a caption can sit before its paragraph in one language and after it in the other)."""
    paragraphs, captions = [], {}
    for paragraph in (p for p in body.split("\n\n") if p):
        match = _CAPTION_RE.match(paragraph)
        if match:
            captions[match.group(1)] = paragraph
        else:
            paragraphs.append(paragraph)
    return paragraphs, captions
