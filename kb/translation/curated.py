"""Applying the curated translations to a build: sections, units and occupation records.

A document without an official English (the Beijing notice, the papers' bodies) needs
an English for every heading, paragraph and record field. :func:`sources` lists what
needs one; :func:`apply` fills it from the document's catalog (:mod:`.catalog`), marks
each English ``unofficial`` (or ``outdated`` when its Chinese has changed since, in
which case the English is not used, or ``missing``), and says so in the record's,
section's and unit's ``text_status`` and notes, so every page, export and API answer
can label it as this knowledge base's translation, not the issuer's.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Note, Occupation, Section
from ..reading.docnumbers import number_en
from .catalog import Source, Status, Translation, tally
from .units import Unit, cited_in, roman_citation, section_places, unit_citation

LABEL = {"zh": "本知识库译文（非官方）", "en": "This knowledge base's translation (unofficial)"}
RECORD_TEXT_FIELDS = ("specialties", "degree", "experience", "other")


def _needs_english(section: Section) -> bool:
    return section.lang == "zh" and section.counterpart is None


def _record_needs_english(record: Occupation) -> bool:
    """A row printed in Chinese only (its table has no English version)."""
    return not (record.source.get("files") or {}).get("en")


def sources(doc: dict[str, Any], sections: list[Section], units: list[Unit],
            records: list[Occupation]) -> list[Source]:
    """Every piece of this document's Chinese-only text, in document order."""
    found: list[Source] = []
    by_section: dict[str, list[Unit]] = {}
    for unit in units:
        by_section.setdefault(unit.section, []).append(unit)
    for section in sections:
        if section.doc != doc["id"] or not _needs_english(section):
            continue
        where = (section.source.get("path", ""), section.source.get("lines", [0])[0])
        cite = section.citation or section.number or section.path
        if section.heading:
            found.append(Source(f"{section.id}#heading", section.heading, f"heading of {cite}", where))
        for unit in by_section.get(section.id, []):
            found.append(Source(unit.id, unit.text, unit.citation.get("en") or "", where))
    for record in records:
        if record.doc != doc["id"] or not _record_needs_english(record):
            continue
        files = record.source.get("files", {}).get("zh") or {}
        where = (files.get("path", ""), (files.get("lines") or [0])[0])
        cite = record.source.get("citation", {}).get("zh") or record.id
        found.append(Source(f"{record.id}#title", record.title["zh"], f"title, {cite}", where))
        found.append(Source(f"{record.id}#industry", record.industry["zh"], f"industry, {cite}", where))
        for n, item in enumerate(record.competencies["zh"] or [], start=1):
            found.append(Source(f"{record.id}#competencies.{n}", item, f"competency {n}, {cite}", where))
        for name in RECORD_TEXT_FIELDS:
            value = getattr(record, name)["zh"]
            if value:
                found.append(Source(f"{record.id}#{name}", value, f"{name}, {cite}", where))
    return found


def apply(doc: dict[str, Any], sections: list[Section], units: list[Unit], records: list[Occupation],
          found: dict[str, Translation]) -> Status:
    """Put the catalog's English on the document's sections, units and records."""
    result = tally(Status(doc["id"]), found)
    unit_by_section: dict[str, list[Unit]] = {}
    for unit in units:
        unit_by_section.setdefault(unit.section, []).append(unit)
    for section in sections:
        if section.doc == doc["id"] and _needs_english(section):
            _apply_section(section, unit_by_section.get(section.id, []), found)
    # A section cited by its heading, and a section within it, is cited in English by the
    # translated heading (the build's citations had only the Chinese to go by).
    places = section_places([s for s in sections if s.doc == doc["id"]])
    for section in sections:
        if section.doc == doc["id"] and section.translation and not section.unit_keys:
            section_units = unit_by_section.get(section.id, [])
            cite = cited_in(doc, places[section.id])
            for unit in section_units:
                unit.citation["en"] = unit_citation(cite, unit.number, len(section_units))["en"]
    for record in records:
        if record.doc == doc["id"] and _record_needs_english(record):
            _apply_record(record, found, doc)
    return result


def _status(translation: Translation | None) -> str:
    if translation is None or translation.status == "missing":
        return "missing"
    return "unofficial" if translation.status == "translated" else "outdated"


def _apply_section(section: Section, units: list[Unit], found: dict[str, Translation]) -> None:
    heading = found.get(f"{section.id}#heading")
    statuses = [_status(heading)] if section.heading else []
    texts = []
    for unit in units:
        translation = found.get(unit.id)
        status = _status(translation)
        statuses.append(status)
        unit.text_status = {"zh": "official", "en": status}
        unit.translation = {"text": translation.text if status == "unofficial" else None, "status": status}
        if status == "unofficial":
            texts.append(translation.text)
        elif status == "outdated":
            unit.notes.append(Note("translation", unit.id, field="en", text=_outdated_text()).to_dict())
    overall = _overall(statuses)
    section.translation = {
        # The section's number in English (附件 1 → Annex 1, 二 → II), so the English column
        # shows no Chinese beside the translated heading.
        "number": _number_en(section.number),
        "heading": heading.text if heading is not None and heading.status == "translated" else None,
        "body": "\n\n".join(texts) if texts else None,
        "status": overall,
        "label": LABEL if overall != "missing" else None,
    }
    if overall == "outdated":
        section.notes.append(Note("translation", section.id, field="en", text=_outdated_text()).to_dict())


def _number_en(number: str | None) -> str | None:
    """附件 1 → Annex 1, 二 → II, （三） → (3); None where the rule leaves Chinese (第二章)."""
    english = roman_citation(number) if number else None
    return english if english and not re.search(r"[\u4e00-\u9fff]", english) else None


def _overall(statuses: list[str]) -> str:
    if not statuses or all(s == "unofficial" for s in statuses):
        return "unofficial"
    if "outdated" in statuses:
        return "outdated"
    return "missing" if all(s == "missing" for s in statuses) else "partial"


def _outdated_text() -> str:
    return ("Translation outdated: the Chinese changed since this knowledge base's English was written; "
            "`kb translations update` marks it for revision.")


def _apply_record(record: Occupation, found: dict[str, Translation], doc: dict[str, Any]) -> None:
    status: dict[str, str] = {}

    def english(context: str) -> str | None:
        translation = found.get(context)
        name = context.split("#", 1)[1].split(".", 1)[0]
        current = _status(translation)
        # A field is as good as its worst item (one outdated competency makes the list outdated).
        previous = status.get(name)
        rank = ["unofficial", "missing", "outdated"]
        status[name] = current if previous is None or rank.index(current) > rank.index(previous) else previous
        return translation.text if current == "unofficial" and translation is not None else None

    record.title["en"] = english(f"{record.id}#title")
    record.industry["en"] = english(f"{record.id}#industry")
    items = [english(f"{record.id}#competencies.{n}") for n in range(1, len(record.competencies["zh"] or []) + 1)]
    record.competencies["en"] = items if items and all(items) else None
    for name in RECORD_TEXT_FIELDS:
        value = getattr(record, name)
        if value["zh"]:
            value["en"] = english(f"{record.id}#{name}")
    record.unofficial = record.unofficial + [f"{name}.en" for name, s in status.items()
                                             if s == "unofficial" and f"{name}.en" not in record.unofficial]
    record.text_status = {name: {"zh": "official", "en": s} for name, s in status.items()}
    citation = record.source.get("citation", {})
    if citation.get("en") is None and record.title["en"]:
        table = record.source.get("table", {})
        zh_caption = (table.get("zh") or "").replace(" ", "")
        # The document number in its English form: no Chinese brackets in an English citation.
        number_in_english = number_en(doc.get("number"), doc.get("issuer"))
        number = f" ({number_in_english})" if number_in_english else ""
        citation["en"] = f"{doc['title']['en']}{number}, {roman_citation(zh_caption)}, No. {record.number}"
    translated = [name for name, s in status.items() if s == "unofficial"]
    if translated:
        record.notes.append(Note(
            "unofficial", record.id, field="en",
            text="The English of this record (" + ", ".join(translated) + ") is this knowledge base's own "
                 "translation (corpus/translations); the source is Chinese only.").to_dict())
    outdated = [name for name, s in status.items() if s == "outdated"]
    if outdated:
        record.notes.append(Note("translation", record.id, field="en",
                                 text=_outdated_text() + " Fields: " + ", ".join(outdated) + ".").to_dict())
