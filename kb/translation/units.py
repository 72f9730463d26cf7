"""Paragraph units: the smallest citable, alignable, translatable piece of a document.

A section's body is a list of paragraphs (blank-line separated, as the reader reflowed
them); each becomes a :class:`Unit` with the id ``SECTION:pN`` -- ``liu-migration:zh:s2:p3``
is the third paragraph of section s2 of the Chinese Liu paper,
``beijing-notice:zh:annex-1.2.8:p1`` the one paragraph of Annex 1, II.8. The colon keeps
unit ids apart from section ids, some of which already end in ``.pN`` (a paper's bold
lead-in paragraphs are sections of their own: ``shanghai-study:zh:1.2.p1``); the dotted
form is still understood where it names no section (:func:`resolve_alias`).

Ids depend only on the section's id and the paragraph's position, so they are the same
on every build of the same text. A normative document's article says what its units are
(:mod:`kb.reading.schemes`): its paragraphs (款) ``…:art41:p2``, their items (项)
``…:art49:p1:i3`` and sub-items (目) ``…:p1:i3:s2``, the same in each language.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ..model import Section
from ..reading import schemes
from ..reading.text import book_title
from ..userinput import parse_number

# More paragraphs than any section has: a larger number in an id names no unit.
MAX_UNIT_NUMBER = 100_000
CAPTION_RE = re.compile(r"^(?:图|表|Figure|Table)\s*\d+")
ENUMERATED_RE = re.compile(r"^(?:\d+[.．、]|[（(]\d+[)）]|[一二三四五六七八九十]+、|[•·])")
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
ZH_NUMERALS = "一二三四五六七八九十"
# How a section of a given kind is cited when it has no number of its own.
KIND_CITATION = {
    "title": ("标题", "Title"), "abstract": ("摘要", "Abstract"), "preface": ("前言", "Preface"),
    "introduction": ("引言", "Introduction"), "closing": ("落款", "Closing"), "author": ("作者简介", "About the author"),
}
STATUSES = ("official", "unofficial", "outdated", "missing")


@dataclass
class Unit:
    """One paragraph, numbered clause or list item of a section, in one language.

    ``counterparts`` are the aligned units of the other language's official version
    (n-to-m, ``alignment`` says which shape, e.g. ``"1-1"`` or ``"2-1"``);
    ``translation`` is the curated English of a Chinese unit that has none, with its
    ``status`` (``unofficial``, or ``outdated`` when the Chinese changed since it was
    written). ``text_status`` says per language whether the text is official, unofficial,
    outdated or missing (``text_status``).
    """

    id: str
    doc: str
    lang: str
    section: str
    number: int
    order: int
    text: str
    kind: str = "paragraph"  # paragraph | item | caption
    citation: dict[str, str | None] = field(default_factory=dict)
    counterparts: list[str] = field(default_factory=list)
    alignment: str | None = None
    translation: dict[str, Any] | None = None
    text_status: dict[str, str] = field(default_factory=dict)
    notes: list[dict[str, Any]] = field(default_factory=list)
    # The titles and document numbers it cites, resolved where the knowledge base has them
    # ({"text", "doc", "article"}; kb.reading.references).
    references: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["item"] = "unit"
        return data


def unit_id(section_id: str, number: int) -> str:
    return f"{section_id}:p{number}"


def resolve_alias(item_id: str, known: set[str] | dict[str, Any]) -> str | None:
    """``DOC:LANG:PATH.pN`` names unit ``DOC:LANG:PATH:pN`` when it is not a section id itself.
    ``N`` is read by the bounded parser: an id whose number is not one (``٣``, 4,301 digits)
    names nothing."""
    match = re.fullmatch(r"(.+)\.p([^.]+)", item_id)
    if not match or item_id in known:
        return None
    number = parse_number(match.group(2), low=1, high=MAX_UNIT_NUMBER)
    if number is None:
        return None
    candidate = unit_id(match.group(1), int(number))
    return candidate if candidate in known else None


def paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p.strip()] if body else []


def roman_citation(text: str) -> str:
    """``附件1 二.2`` → ``Annex 1, II.2``; ``二（一）.2`` → ``II(1).2``; ``表 1`` → ``Table 1``.

    A numeral in brackets is a sub-clause, numbered in arabic figures in English as the
    items of an official English version are (``(1)``), never a roman one in full-width
    brackets.
    """
    text = re.sub(f"[（(]([{ZH_NUMERALS}]+)[)）]", lambda m: f"({_zh_value(m.group(1)) or m.group(1)})", text)
    text = re.sub(r"（(\d+)）", r"(\1)", text)
    text = re.sub(r"附件\s*(\d+)\s*", r"Annex \1, ", text)
    text = re.sub(r"^表\s*(\d+)", r"Table \1", text).replace("附录", "Appendix")
    text = re.sub(f"[{ZH_NUMERALS}]+", lambda m: ROMAN[_zh_value(m.group(0)) - 1]
                  if 0 < _zh_value(m.group(0)) <= len(ROMAN) else m.group(0), text)
    return text.strip().rstrip(",")


def _zh_value(numeral: str) -> int:
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + ZH_NUMERALS.index(numeral[1]) + 1
    return ZH_NUMERALS.index(numeral[0]) + 1 if len(numeral) == 1 else 0


def cited_in(doc: dict[str, Any], place: dict[str, str]) -> dict[str, str | None]:
    """A place in a document cited with the document's title: 《X》第十条 / X, Article 10."""
    title = doc.get("title") or {}
    return {"zh": f"{book_title(title.get('zh') or doc['id'])}{place['zh']}",
            "en": f"{title.get('en') or doc['id']}, {place['en']}"}


def section_place(section: Section, heading_en: str | None = None,
                  parent: dict[str, str] | None = None) -> dict[str, str]:
    """Where a section stands in its document, in both languages: 第十条 / Article 10 (a
    normative document's structure), its stated citation, 第2.1节 / section 2.1, 附录 /
    Appendix, or its heading in quotation marks.

    A section numbered within its parent (the appendix's 2, a sub-clause's （1）, a
    definition named by its heading) is placed after the parent's place, as a reader
    would cite it (附录第2节（1） / Appendix, section 2(1)); one whose number already
    carries the parent's (2.1 in 2) stands alone."""
    structural = schemes.section_citation(section.path) if section.kind in schemes.NORMATIVE_KINDS else None
    if structural:
        return {"zh": structural["zh"], "en": structural["en"]}
    if section.citation:
        return {"zh": section.citation,
                "en": roman_citation(section.citation) if section.lang == "zh" else section.citation}
    if section.kind in KIND_CITATION:
        zh, en = KIND_CITATION[section.kind]
        return {"zh": zh, "en": en}
    if section.number and re.fullmatch(r"[\d.]+", section.number):
        zh, en, joiner = f"第{section.number}节", f"section {section.number}", ", "
    elif section.number:
        zh, en, joiner = section.number, roman_citation(section.number), "" if section.number[0] in "（(" else " "
    elif section.heading:
        # A Chinese-only section without an English heading is cited by its Chinese one, not
        # by its id: the English citation of a paragraph no one has translated yet.
        own = heading_en or section.heading
        zh, en, joiner = f"“{section.heading}”", f"“{own}”", ", "
    else:
        return {"zh": section.path, "en": section.path}
    if parent is None:
        return {"zh": zh, "en": en}
    return {"zh": f"{parent['zh']}{zh}", "en": f"{parent['en']}{joiner}{en}"}


def stored_section_places(sections: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """:func:`section_places` of a build's stored sections (dicts, as sections.json holds them)."""
    names = set(Section.__dataclass_fields__)
    return section_places([Section(**{k: v for k, v in s.items() if k in names}) for s in sections])


def section_places(sections: list[Section], translated: bool = True) -> dict[str, dict[str, str]]:
    """The place of every section (:func:`section_place`), each within its parent's; with
    ``translated``, a Chinese-only section's English place uses its curated heading (the build
    reads the corpus alone first, so a catalog's comments never depend on its own English)."""
    by_id = {s.id: s for s in sections}
    places: dict[str, dict[str, str]] = {}

    def place(section: Section) -> dict[str, str]:
        if section.id not in places:
            heading_en = (section.translation or {}).get("heading") if translated else None
            places[section.id] = section_place(section, heading_en, within(section))
        return places[section.id]

    def within(section: Section) -> dict[str, str] | None:
        parent = by_id.get(section.parent) if section.parent else None
        if parent is None or parent.kind == "title":
            return None
        number, above = section.number or "", parent.number or ""
        if above and number.startswith(above + "."):
            return None  # 2.1 in 2: the number says where it stands
        return place(parent)

    for section in sections:
        place(section)
    return places


def unit_citation(cite: dict[str, str | None], number: int, total: int) -> dict[str, str | None]:
    """A paragraph's citation: its section's, with the paragraph number where there are several."""
    if total == 1:
        return dict(cite)
    return {"zh": f"{cite['zh']} 第{number}段", "en": f"{cite['en']}, para. {number}"}


def structural_citation(cite: dict[str, str | None], key: str, keys: list[str]) -> dict[str, str | None]:
    """An article's unit in the legal form: 《X》第四十九条第（三）项 / X, Article 49, item (3);
    the paragraph (第一款 / paragraph 1) is named where the article has several."""
    paragraphs = max(int(k.split(":")[0][1:]) for k in keys)
    part = schemes.unit_citation(key, paragraphs)
    if not part["zh"]:
        return dict(cite)
    return {"zh": f"{cite['zh']}{part['zh']}", "en": f"{cite['en']}, {part['en']}"}


def build_units(sections: list[Section], documents: dict[str, dict[str, Any]]) -> list[Unit]:
    """Every paragraph of every section as a unit, in document order per language."""
    units: list[Unit] = []
    order: dict[tuple[str, str], int] = {}
    places = section_places(sections, translated=False)
    for section in sections:
        texts = paragraphs(section.body)
        cite = cited_in(documents[section.doc], places[section.id])
        # An article's units are named by its structure (p2, p1:i3); other units by position.
        keys = section.unit_keys[:len(texts)] if len(section.unit_keys) >= len(texts) else []
        for n, text in enumerate(texts, start=1):
            key = (section.doc, section.lang)
            order[key] = order.get(key, 0) + 1
            if keys:
                kind = schemes.unit_kind(keys[n - 1])
            else:
                kind = "caption" if CAPTION_RE.match(text) else "item" if (
                    section.kind == "item" or ENUMERATED_RE.match(text)) else "paragraph"
            citation = structural_citation(cite, keys[n - 1], keys) if keys else unit_citation(cite, n, len(texts))
            units.append(Unit(
                id=f"{section.id}:{keys[n - 1]}" if keys else unit_id(section.id, n),
                doc=section.doc, lang=section.lang, section=section.id,
                number=n, order=order[key], text=text, kind=kind, citation=citation,
                text_status={section.lang: "official"},
            ))
    return units
