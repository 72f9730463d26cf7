"""Term base exchange: TBX-Basic (ISO 30042) and a sheet (CSV or Excel .xlsx).

TBX is written in the TBX-Basic dialect of ISO 30042:2008 (``<martif
type="TBX-Basic">``), the form that CAT tools (Trados MultiTerm, memoQ,
Phrase, OmegaT) import. Each term pair is a ``termEntry`` with a Chinese and
an English ``langSet``; its kind goes into ``admin type="projectSubset"``,
how it was found, its frequency and places into a ``note``, and an
unofficial (curated) English term is marked ``admittedTerm`` where official
ones are ``preferredTerm``.

Each entry carries a reliability code (``descrip type="reliabilityCode"``, the ISO 12620
data category, on the 1-10 scale of TBX where 10 is most reliable): 10 for an official
pair (the English is the issuer's or the authors', as in the Qianhai list), 6 for a
curated translation (this knowledge base's English for a Chinese-only title, value or
heading), 3 for a dictionary-only pair (a CC-CEDICT gloss found in a curated
translation: neither the source nor a translator chose it as a term). Pairs of general
language (``general``, :mod:`.termhood`) are left out unless asked for.

:func:`validate_tbx_basic` checks a document against the TBX-Basic core
structure and its data categories, so an export can be verified by parsing it
back.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import Any

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_BASIC_CATEGORIES = {
    # reliabilityCode: ISO 12620's data category (TBX-Default), which TBX-Basic importers keep as a note.
    "descrip": {"definition", "subjectField", "context", "reliabilityCode"},
    "termNote": {"partOfSpeech", "administrativeStatus", "termLocation", "termType", "grammaticalGender",
                 "geographicalUsage"},
    "admin": {"source", "projectSubset", "customerSubset"},
    "xref": {"externalCrossReference", "xGraphic"},
}
ADMIN_STATUS = {True: "preferredTerm-admn-sts", False: "admittedTerm-admn-sts"}
UNOFFICIAL_NOTE = "this knowledge base's translation (unofficial): the source is Chinese only"
RELIABILITY = {"official": 10, "curated": 6, "dictionary": 3}
# The language tags of both exchange files, this TBX and the TMX (:mod:`kb.services.tmx`), so a
# CAT tool pairs the term base with the memory: zh-CN is the tag Trados, memoQ, Phrase and OmegaT
# map to Chinese (Simplified); the English is not tied to one country.
LANG_TAGS = {"zh": "zh-CN", "en": "en"}


def reliability(pair: dict[str, Any]) -> str:
    """official (the source's own English) > curated (this knowledge base's translation) >
    dictionary (a dictionary gloss found in a curated translation)."""
    if pair["official"]:
        return "official"
    return "dictionary" if pair["kind"] == "sub-term" else "curated"


def export_tbx(pairs: list[dict[str, Any]], notice: str, include_general: bool = False) -> str:
    if not include_general:
        pairs = [p for p in pairs if not p.get("general")]
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    title = ET.SubElement(ET.SubElement(file_desc, "titleStmt"), "title")
    title.text = "Foreign-talent policy term base (Chinese/English)"
    source = ET.SubElement(file_desc, "sourceDesc")
    ET.SubElement(source, "p").text = (
        "Mined from the aligned Chinese and English versions of the documents of the policy-kb corpus: "
        "the Qianhai list of occupations in short supply, the Beijing notice (Chinese only; English terms "
        "from it are this knowledge base's curated translation, unofficial) and two research papers.")
    ET.SubElement(source, "p").text = notice
    encoding = ET.SubElement(header, "encodingDesc")
    ET.SubElement(encoding, "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, pair in enumerate(pairs, 1):
        entry = ET.SubElement(body, "termEntry", {"id": f"t{number}"})
        ET.SubElement(entry, "descrip", {"type": "subjectField"}).text = "foreign talent policy"
        ET.SubElement(entry, "admin", {"type": "projectSubset"}).text = pair["kind"]
        level = reliability(pair)
        ET.SubElement(entry, "descrip", {"type": "reliabilityCode"}).text = str(RELIABILITY[level])
        places = ", ".join(pair["places"])
        ET.SubElement(entry, "note").text = (f"reliability: {level}; method: {pair['method']}; "
                                             f"frequency: {pair['frequency']}; termhood: {pair.get('termhood', 0)}; "
                                             f"places: {places}")
        for lang in ("zh", "en"):
            lang_set = ET.SubElement(entry, "langSet", {XML_LANG: LANG_TAGS[lang]})
            tig = ET.SubElement(lang_set, "tig")
            ET.SubElement(tig, "term").text = pair[lang]
            official = pair["official"] or lang == "zh"
            ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = ADMIN_STATUS[official]
            if not official:
                ET.SubElement(tig, "note").text = UNOFFICIAL_NOTE
    ET.indent(root, space=" ")
    declaration = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                   '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n')
    return declaration + ET.tostring(root, encoding="unicode") + "\n"


class TBXError(ValueError):
    """A TBX document that breaks the TBX-Basic structure."""


def validate_tbx_basic(text: str) -> list[dict[str, str]]:
    """Parse a TBX-Basic document; return its entries as ``{language: term}`` (the primary
    subtag of the langSet's tag: ``zh`` for ``zh-CN``); raise :class:`TBXError`."""
    try:
        root = ET.fromstring(text.split("\n", 2)[2] if text.startswith("<?xml") else text)
    except ET.ParseError as exc:
        raise TBXError(f"not well-formed XML: {exc}") from None
    if root.tag != "martif" or root.get("type") != "TBX-Basic":
        raise TBXError("root must be <martif type=\"TBX-Basic\">")
    if root.find("martifHeader/fileDesc/sourceDesc") is None:
        raise TBXError("martifHeader/fileDesc/sourceDesc is required")
    body = root.find("text/body")
    if body is None:
        raise TBXError("text/body is required")
    entries = []
    for entry in body:
        if entry.tag != "termEntry":
            raise TBXError(f"body may hold only termEntry, not {entry.tag}")
        terms: dict[str, str] = {}
        for child in entry:
            if child.tag in TBX_BASIC_CATEGORIES and child.get("type") not in TBX_BASIC_CATEGORIES[child.tag]:
                raise TBXError(f"{child.tag} type {child.get('type')!r} is not a TBX-Basic data category")
            if child.tag == "langSet":
                lang = child.get(XML_LANG)
                if not lang:
                    raise TBXError("langSet needs xml:lang")
                tigs = child.findall("tig")
                if not tigs:
                    raise TBXError("langSet needs at least one tig")
                for tig in tigs:
                    term = tig.findall("term")
                    if len(term) != 1 or not (term[0].text or "").strip():
                        raise TBXError("each tig holds exactly one non-empty term")
                    for note in tig.findall("termNote"):
                        if note.get("type") not in TBX_BASIC_CATEGORIES["termNote"]:
                            raise TBXError(f"termNote type {note.get('type')!r} is not TBX-Basic")
                    terms[lang.split("-")[0].lower()] = term[0].text or ""
            elif child.tag not in ("descrip", "admin", "note", "xref", "transacGrp", "descripGrp"):
                raise TBXError(f"termEntry may not hold {child.tag}")
        if len(terms) < 1:
            raise TBXError(f"termEntry {entry.get('id')} has no langSet")
        entries.append(terms)
    return entries


TERM_COLUMNS = ["zh", "en", "kind", "official", "frequency", "method", "places", "termhood", "general", "reliability"]


def term_rows(pairs: list[dict[str, Any]]) -> list[list[Any]]:
    """The term base as a sheet's rows, one per pair, in :data:`TERM_COLUMNS` order (CSV and xlsx)."""
    return [[pair["zh"], pair["en"], pair["kind"], "yes" if pair["official"] else "no", pair["frequency"],
             pair["method"], " ".join(pair["places"]), pair.get("termhood", 0),
             "yes" if pair.get("general") else "no", reliability(pair)] for pair in pairs]


def export_terms_csv(pairs: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TERM_COLUMNS)
    writer.writerows(term_rows(pairs))
    return buffer.getvalue()


def export_terms_xlsx(pairs: list[dict[str, Any]]) -> bytes:
    """The same sheet as :func:`export_terms_csv` as an Excel workbook (Chinese intact whatever
    the reader's code page), the header row frozen."""
    from openpyxl import Workbook  # only here: the rest of the package never needs it

    book = Workbook()
    sheet = book.active
    sheet.title = "terms"
    sheet.append(TERM_COLUMNS)
    for row in term_rows(pairs):
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
