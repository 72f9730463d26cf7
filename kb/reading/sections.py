"""Sections: ids, section errata, and the alignment of Chinese and English trees.

A section's id is ``DOC:LANG:PATH`` -- e.g. ``qianhai-list:en:2.3`` or
``beijing-notice:zh:annex-1.2.2`` -- built from heading numbers, so it is the
same on every build and readable in a URL or a citation; a normative document's are
made from its structure and the article's number (``art41``, ``ch2.sec1``: :mod:`.schemes`),
so its articles pair by number. Sections pair across languages by path (``1.1`` with ``1.1``, ``appendix.3.d2`` with its English
definition, the papers' ``title`` and ``abstract``); a section without a
counterpart carries a note saying so and why.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import CorpusError
from ..model import Note, Section
from . import schemes
from .errata import Erratum, stale
from .manifest import DocumentSpec
from .parsers import ParsedFile, RawSection

LANG_NAMES = {"zh": "Chinese", "en": "English"}


def section_id(doc: str, lang: str, path: str) -> str:
    return f"{doc}:{lang}:{path}"


def _apply_section_errata(doc: DocumentSpec, raws: list[RawSection], errata: list[Erratum],
                          errata_path: Path) -> dict[tuple[str, str], list[Note]]:
    notes: dict[tuple[str, str], list[Note]] = {}
    for erratum in errata:
        if erratum.doc != doc.id or ":" not in erratum.target:
            continue
        lang, path = erratum.target.split(":", 1)
        raw = next((s for s in raws if s.lang == lang and s.path == path), None)
        if raw is None:
            raise stale(erratum, errata_path, f"no section {erratum.target}")
        if erratum.field == "heading":
            if raw.heading != erratum.found:
                raise stale(erratum, errata_path, f"the heading now reads {raw.heading!r}")
            raw.heading = erratum.correct
        elif erratum.field == "body" and erratum.action == "drop":
            start = next((i for i, p in enumerate(raw.paragraphs) if erratum.found in p), None)
            if start is None:
                raise stale(erratum, errata_path, f"section {erratum.target} has no text {erratum.found!r}")
            kept = raw.paragraphs[start][:raw.paragraphs[start].index(erratum.found)].rstrip()
            del raw.paragraphs[start:]
            if kept:
                raw.paragraphs.append(kept)
        else:
            raise stale(erratum, errata_path, f"field {erratum.field!r} cannot be corrected on a section")
        erratum.applied += 1
        sid = section_id(doc.id, lang, path)
        notes.setdefault((lang, path), []).append(Note(
            "erratum", sid, field=erratum.field, supplied_by="errata",
            text=f"Corrected by corpus/errata.toml: {erratum.describe()}. {erratum.reason}"))
    return notes


def build_sections(doc: DocumentSpec, parsed: list[ParsedFile], table_records: dict[str, list[str]],
                   errata: list[Erratum], errata_path: Path) -> list[Section]:
    raws: list[tuple[ParsedFile, RawSection]] = [(pf, s) for pf in parsed for s in pf.sections]
    erratum_notes = _apply_section_errata(doc, [s for _, s in raws], errata, errata_path)
    sections: list[Section] = []
    seen: dict[str, int] = {}
    order = {"zh": 0, "en": 0}
    for pf, raw in raws:
        sid = section_id(doc.id, raw.lang, raw.path)
        if sid in seen:
            raise CorpusError(pf.spec.path, raw.first_line,
                              f"section id {sid} is used twice (first at line {seen[sid]})")
        seen[sid] = raw.first_line
        order[raw.lang] = order.get(raw.lang, 0) + 1
        source = {"doc": doc.id, "path": f"corpus/{pf.spec.name}", "lines": [raw.first_line, raw.last_line]}
        if raw.page:
            source["page"] = raw.page
        sections.append(Section(
            id=sid, doc=doc.id, lang=raw.lang, path=raw.path, number=raw.number, heading=raw.heading,
            body="\n\n".join(p for p in raw.paragraphs if p), kind=raw.kind, order=order[raw.lang],
            level=raw.level,
            parent=section_id(doc.id, raw.lang, raw.parent_path) if raw.parent_path else None,
            footnotes=list(raw.footnotes), records=list(table_records.get(raw.table or "", [])),
            citation=raw.citation, source=source, unit_keys=list(raw.unit_keys),
            notes=[n.to_dict() for n in erratum_notes.get((raw.lang, raw.path), [])],
        ))
    _align(doc, sections)
    return sections


def _align(doc: DocumentSpec, sections: list[Section]) -> None:
    by_key = {(s.lang, s.path): s for s in sections}
    langs = {s.lang for s in sections}
    full_translation = any(f.translates for f in doc.files)
    for section in sections:
        other_lang = "en" if section.lang == "zh" else "zh"
        other = by_key.get((other_lang, section.path))
        if other is not None:
            section.counterpart = other.id
            continue
        if other_lang not in langs:
            reason = f"The document exists in {LANG_NAMES[section.lang]} only."
        elif full_translation and section.kind in schemes.NORMATIVE_KINDS and schemes.path_parts(section.path):
            # An official English may cover some articles only; the rest await a curated one.
            reason = (f"No {LANG_NAMES[other_lang]} counterpart: the {LANG_NAMES[other_lang]} version covers "
                      f"some articles only; a curated translation can supply the others.")
        elif full_translation:
            reason = (f"No {LANG_NAMES[other_lang]} counterpart: the {LANG_NAMES[other_lang]} version "
                      f"has no section {section.number or section.path}.")
        else:
            reason = (f"No {LANG_NAMES[other_lang]} counterpart: the document's "
                      f"{LANG_NAMES[other_lang]} covers only its title and abstract.")
        section.notes.append(Note("alignment", section.id, text=reason).to_dict())
