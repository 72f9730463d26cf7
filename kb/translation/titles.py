"""Section titles: what a search hit or a reader heading calls a section, in each language.

A section with a heading is called by its number and heading (``3.4 一般需要具有硕士及以上学历``).
A numbered clause or item without a heading (the Beijing notice's ``一、`` clauses, its
annexes' ``1.`` items) would be called by a bare number; it is called by its citation
within the document and its opening words instead:
``附件1 二、2 — 以下奖项获得者…`` / ``Annex 1, II.2 — Winners of the following awards…``.
The English of a Chinese-only section is this knowledge base's translation, its number
in the English form (``附件 1`` → ``Annex 1``, ``一`` → ``I``), never the Chinese one.
"""

from __future__ import annotations

import re
from typing import Any

from .units import KIND_CITATION, roman_citation

# How many opening words a title keeps: characters of Chinese, words of English.
OPENING_CHARS_ZH = 30
OPENING_WORDS_EN = 8
# Where an opening may end early: the end of its first clause or sentence.
_CLAUSE_END_ZH = re.compile(r"[，,：:；;。！？]")
_CLAUSE_END_EN = re.compile(r"[:;.!?](?=\s|$)")
_ZH_NUMERAL_DOT = re.compile(r"([一二三四五六七八九十]+)\.")
# A number that says nothing but its place (1, 一, II, (3)); 第十一条 / Article 11 name themselves.
BARE_NUMBER = re.compile(r"[（(]?[\d一二三四五六七八九十百IVXLC.]+[)）]?[.、]?")
DASH = " — "
ELLIPSIS = "…"


def opening_words(text: str | None, lang: str) -> str | None:
    """The first words of ``text``: up to the end of its first clause when that comes early,
    else :data:`OPENING_CHARS_ZH` characters or :data:`OPENING_WORDS_EN` words, with an
    ellipsis where anything is left out."""
    if not text:
        return None
    text = " ".join(text.split())
    if lang == "zh":
        end = _CLAUSE_END_ZH.search(text)
        if end and end.start() <= OPENING_CHARS_ZH:
            cut = text[:end.start()]
        else:
            cut = text[:OPENING_CHARS_ZH]
        cut = cut.rstrip()
        # A cited title cut inside its 《》 reads as broken: stop before it when words are left.
        if cut.count("《") > cut.count("》") and cut.rfind("《") >= OPENING_CHARS_ZH // 3:
            cut = cut[:cut.rfind("《")].rstrip()
        cut = cut.rstrip("（(《“‘、")
    else:
        words = text.split(" ")
        head = " ".join(words[:OPENING_WORDS_EN])
        end = _CLAUSE_END_EN.search(head)
        cut = head[:end.start()] if end else head
        cut = cut.rstrip(",;: ")
    if not cut:
        return None
    return cut if cut == text.rstrip("。.") or cut == text else cut + ELLIPSIS


def zh_place(citation: str) -> str:
    """A Chinese citation as a title shows it: ``附件1 二.2`` → ``附件1 二、2`` (the 、 that
    follows a Chinese numeral in the text itself)."""
    return _ZH_NUMERAL_DOT.sub(r"\1、", citation)


def _place(section: dict[str, Any], lang: str, from_zh: bool = False) -> str | None:
    """Where the section is in its document, as short as a title needs: its citation, else its
    number, else the name of its kind (前言 / Preface)."""
    place = section.get("citation") or section.get("number")
    if place:
        if from_zh:
            return roman_citation(place)
        return zh_place(place) if lang == "zh" else place
    kind = KIND_CITATION.get(section.get("kind") or "")
    return (kind[0] if lang == "zh" else kind[1]) if kind else None


def _joined(*parts: str | None, sep: str = " ") -> str | None:
    return sep.join(p for p in parts if p) or None


def section_title(zh: dict[str, Any] | None, en: dict[str, Any] | None) -> dict[str, str | None]:
    """The title of a section pair ``zh`` / ``en`` (either may be None) in both languages.

    Each language's comes from its own section; the English of a Chinese-only section from
    its curated translation (status unofficial or partial), numbered in the English form.
    """
    title: dict[str, str | None] = {"zh": None, "en": None}
    for lang, section in (("zh", zh), ("en", en)):
        if section is None:
            continue
        title[lang] = _title(section, section.get("heading"), section.get("body"), lang)
    curated = (zh or {}).get("translation") if en is None else None
    if zh is not None and curated and curated.get("status") in ("unofficial", "partial"):
        title["en"] = _title(zh, curated.get("heading"), curated.get("body"), "en", from_zh=True)
    return title


def _title(section: dict[str, Any], heading: str | None, body: str | None, lang: str,
           from_zh: bool = False) -> str | None:
    number = section.get("number")
    if from_zh and number:
        number = roman_citation(number)
    if heading:
        return _joined(number, heading)
    if not number and not section.get("citation"):
        # Nothing numbers it (a preamble, a paper's untitled introduction): no title of words.
        return None
    if number and not BARE_NUMBER.fullmatch(section.get("number") or ""):
        return number
    opening = opening_words(body, lang)
    return _joined(_place(section, lang, from_zh), opening, sep=DASH)
