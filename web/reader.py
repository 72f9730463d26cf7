"""The reader: each document's sections in order, Chinese and English side by side.

A row is a Chinese section and its English counterpart (or one of them alone,
said plainly), and inside it the section's paragraphs, pair by pair: an aligned
group of Chinese and English paragraph units (1-1, or n-to-m where the translator
split or merged), or a Chinese unit and this knowledge base's translation,
labelled. Rows and paragraphs have stable anchors made from their paths, so
``/docs/qianhai-list#s-2.3`` and ``/docs/liu-migration#p-s2-p3`` are permalinks
that survive rebuilds, and a search hit on a section links straight to its row.
A cited title or document number the knowledge base holds links to what it cites.
A law (a document a normative scheme read) also gets the facts its header states,
a contents list of its chapters, and on each article an amendment names the note
in both languages with the decision's clause. ``/api/docs/<doc>`` is the same as JSON.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, jsonify, render_template, request, url_for
from flask_babel import gettext
from markupsafe import Markup, escape

from kb.errors import UnknownItemError
from kb.reading.docnumbers import number_en
from kb.reading.references import english_references
from kb.store import KnowledgeBase
from kb.userinput import quoted

from . import as_of, get_kb, validity
from .params import known

bp = Blueprint("reader", __name__)


def section_anchor(section: dict[str, Any], kb: KnowledgeBase) -> str:
    """The row anchor of a section: its path, or the Chinese counterpart's path."""
    if section["lang"] != "zh":
        other = kb.counterpart(section)
        if other is not None:
            section = other
        else:
            return f"s-{section['lang']}-{section['path']}"
    return f"s-{section['path']}"


def section_url(section_id: str) -> str:
    kb = get_kb()
    section = kb.get(section_id)
    return f"/docs/{section['doc']}#{section_anchor(section, kb)}"


def table_records(kb: KnowledgeBase, zh: dict[str, Any] | None, en: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The occupation records a table section holds, in table order, for the reader to list."""
    ids = (zh or {}).get("records") or (en or {}).get("records") or []
    out = []
    for record_id in ids:
        r = kb.get(record_id)
        out.append({"id": r["id"], "number": r["number"], "title": r["title"], "unofficial": r["unofficial"],
                    "degree": r["degree"], "experience": r["experience"]})
    return out


def unit_anchor(unit: dict[str, Any]) -> str:
    """``liu-migration:zh:s2:p3`` → ``p-s2-p3``; an English unit without a Chinese side → ``p-en-…``."""
    _, lang, rest = unit["id"].split(":", 2)
    path = rest.replace(":", "-")
    return f"p-{path}" if lang == "zh" else f"p-en-{path}"


def unit_url(unit_id: str) -> str:
    kb = get_kb()
    unit = kb.get(unit_id)
    if unit["lang"] != "zh" and unit.get("counterparts"):
        unit = kb.get(unit["counterparts"][0])
    return f"/docs/{unit['doc']}#{unit_anchor(unit)}"


def paragraph_pairs(kb: KnowledgeBase, zh: dict[str, Any] | None,
                    en: dict[str, Any] | None) -> list[dict[str, Any]]:
    """A section's paragraphs as pairs: aligned official units, or a Chinese unit and its
    curated English; an English unit the Chinese lacks stands alone where it falls."""
    zh_units = kb.units_of(zh) if zh else []
    en_units = kb.units_of(en) if en else []
    pairs: list[dict[str, Any]] = []
    placed: set[str] = set()
    i = 0
    while i < len(zh_units):
        group = [zh_units[i]]
        counterparts = zh_units[i]["counterparts"]
        # Chinese units of one n-to-m bead share their counterparts: one pair.
        while counterparts and i + 1 < len(zh_units) and zh_units[i + 1]["counterparts"] == counterparts:
            i += 1
            group.append(zh_units[i])
        i += 1
        others = [kb.get(c) for c in counterparts]
        placed.update(counterparts)
        first = group[0]
        curated = first.get("translation") if not others else None
        cited = [r for u in group for r in u.get("references", [])]
        if others:
            status, english = "official", [o["text"] for o in others]
            # The official English units' own (inherited at build time, kb.reading.references).
            cited_en = [r for o in others for r in o.get("references", [])]
        elif curated:
            status, english = curated["status"], [curated["text"]] if curated["text"] else []
            # This knowledge base's English cites what the Chinese cites, found the same way.
            cited_en = english_references(cited, " ".join(english), kb.documents) if english else []
        else:
            status, english, cited_en = first["text_status"].get("en", "missing"), [], []
        pairs.append({"anchor": unit_anchor(first), "ids": {"zh": [u["id"] for u in group],
                                                            "en": [o["id"] for o in others]},
                      "zh": [u["text"] for u in group], "en": english, "en_status": status,
                      "citation": first["citation"], "alignment": first.get("alignment"),
                      # What the Chinese cites; what the English cites (the same documents).
                      "references": cited, "references_en": cited_en})
    for position, unit in enumerate(en_units):
        if unit["id"] in placed:
            continue
        before = en_units[position - 1]["id"] if position else None
        at = next((k + 1 for k, p in enumerate(pairs) if before in p["ids"]["en"]), 0 if before is None else len(pairs))
        pairs.insert(at, {"anchor": unit_anchor(unit), "ids": {"zh": [], "en": [unit["id"]]}, "zh": [],
                          "en": [unit["text"]], "en_status": "official", "citation": unit["citation"],
                          "alignment": unit.get("alignment"),
                          "references": [], "references_en": unit.get("references", [])})
    return pairs


def amendment_as_of(amendment: dict[str, Any]) -> dict[str, Any]:
    """An amendment as of this request's day: ``status`` ``in-force`` from its
    ``effective_from`` on, ``not-yet-in-force`` before it (the note says so in both
    languages), like a document's validity, never stored in the build."""
    start = amendment.get("effective_from")
    if start and as_of().isoformat() < start:
        note = {"zh": f"{amendment['note']['zh']}（尚未生效）", "en": f"{amendment['note']['en']} (not yet in force)"}
        return amendment | {"status": "not-yet-in-force", "note": note}
    return amendment | {"status": "in-force"}


def article_amendments(kb: KnowledgeBase, zh: dict[str, Any]) -> list[dict[str, Any]]:
    """The amendments that name this article, each with its note in both languages and the
    decision's clause that makes it (found by the clause's citation, which the article's
    amendment note quotes), for the reader to show in both columns of the article's row."""
    document = kb.documents.get(zh["doc"]) or {}
    out = []
    for amendment in document.get("amended_by") or []:
        if zh["id"] not in amendment["articles"]:
            continue
        notes = [n["text"] for n in zh.get("notes", [])
                 if n["kind"] == "amendment" and n.get("supplied_by") == amendment["doc"]]
        clauses = [u for u in kb.units if u["doc"] == amendment["doc"] and u["lang"] == "zh"
                   and any(f"{u['citation']['zh']} {u['text']}" in note for note in notes)]
        current = amendment_as_of(amendment)
        out.append({"doc": amendment["doc"], "note": current["note"], "status": current["status"],
                    "effective_from": amendment["effective_from"],
                    "clauses": [{"id": u["id"], "url": unit_url(u["id"]), "citation": u["citation"], "text": u["text"],
                                 # 一 / I: what the citation adds to the decision's title.
                                 "number": {"zh": u["citation"]["zh"].rsplit("》", 1)[-1],
                                            "en": u["citation"]["en"].rsplit(", ", 1)[-1]}}
                                for u in clauses]})
    return out


def header_facts(document: dict[str, Any], validity_view: dict[str, Any]) -> list[dict[str, Any]]:
    """What a normative document's header states about it: its number and when it was adopted,
    promulgated and put in force, each with the header's own words in each language (the
    note under the title before the decree's sentence). Empty for documents no scheme read."""
    header = document.get("header")
    if not header:
        return []

    def words(kind: str, lang: str) -> dict[str, Any] | None:
        events = [e for e in header.get(lang) or [] if e["kind"] == kind]
        events.sort(key=lambda e: (bool(e.get("statement")), e["date"] is None))
        return events[0] if events else None

    facts = []
    if document.get("number"):
        facts.append({"kind": "number", "label": {"zh": "文号", "en": "Number"}, "value": document["number"],
                      "words": {}})
    for kind, label, fallback in (("adopted", {"zh": "通过", "en": "Adopted"}, None),
                                  ("promulgated", {"zh": "公布", "en": "Promulgated"}, "issued"),
                                  ("effective", {"zh": "施行", "en": "In force from"}, "effective_from")):
        zh, en = words(kind, "zh"), words(kind, "en")
        value = (zh or {}).get("date") or (en or {}).get("date") or (validity_view.get(fallback) if fallback else None)
        if value:
            facts.append({"kind": kind, "label": label, "value": value,
                          "words": {lang: e["text"] for lang, e in (("zh", zh), ("en", en)) if e and e.get("date")}})
    return facts


# The rows a contents list names: a law's parts, chapters and sections (节); in any other
# document the rows of the first two levels (its clauses and annexes, an annex's parts).
CONTENTS_KINDS = ("part", "chapter", "section")
CONTENTS_LEVELS = 2
# How the reader shows the text: one language or both side by side (``?view=``).
VIEWS = ("both", "zh", "en")


def contents(rows: list[dict[str, Any]], normative: bool) -> list[dict[str, Any]]:
    """The contents list of a reader, in order: each entry's anchor, kind, level and title in
    each language (:meth:`KnowledgeBase.section_title`)."""
    out = []
    for row in rows:
        section = row["zh"] or row["en"]
        if normative:
            zh, en = row["zh"], row["en"]
            if zh is None or zh.get("kind") not in CONTENTS_KINDS:
                continue
            translation = row["translation"] or {}
            english = (" ".join(x for x in (en.get("number"), en.get("heading")) if x) if en else
                       " ".join(x for x in (translation.get("number"), translation.get("heading")) if x)
                       if translation.get("heading") else None)
            out.append({"anchor": row["anchor"], "kind": zh["kind"], "level": row["level"],
                        "zh": " ".join(x for x in (zh.get("number"), zh.get("heading")) if x), "en": english or None})
        elif row["level"] <= CONTENTS_LEVELS and section.get("kind") != "title" and (row["title"]["zh"] or row["title"]["en"]):
            out.append({"anchor": row["anchor"], "kind": section.get("kind"), "level": row["level"],
                        "zh": row["title"]["zh"], "en": row["title"]["en"]})
    return out


def unofficial_english(row: dict[str, Any]) -> bool:
    """Whether a row's English is this knowledge base's translation anywhere (its heading or a
    paragraph): the reader says so once for the row. A paragraph whose English is its Chinese
    unchanged (a document number) is not translated, so it does not count."""
    curated = row["translation"] or {}
    if curated.get("status") in ("unofficial", "partial") and curated.get("heading"):
        return True
    return any(p["en_status"] == "unofficial" and p["en"] and p["en"] != p["zh"] for p in row["paragraphs"])


def reader_rows(kb: KnowledgeBase, doc_id: str) -> list[dict[str, Any]]:
    """The document's sections as aligned rows, in the Chinese order; an English section with
    no Chinese counterpart follows the row of the English section before it."""
    sections = [s for s in kb.sections if s["doc"] == doc_id]
    by_lang: dict[str, list[dict[str, Any]]] = {"zh": [], "en": []}
    for s in sections:
        by_lang.setdefault(s["lang"], []).append(s)
    rows: list[dict[str, Any]] = []
    row_of: dict[str, int] = {}
    for zh in by_lang["zh"]:
        en = kb.counterpart(zh)
        row_of[zh["id"]] = len(rows)
        if en is not None:
            row_of[en["id"]] = len(rows)
        rows.append({"anchor": section_anchor(zh, kb), "zh": zh, "en": en, "level": zh.get("level") or 1,
                     "title": kb.section_title(zh["id"]),
                     "records": table_records(kb, zh, en), "translation": zh.get("translation") if en is None else None,
                     "paragraphs": paragraph_pairs(kb, zh, en), "amendments": article_amendments(kb, zh)})
    insert_at = 0
    for en in by_lang["en"]:
        if en["id"] in row_of:
            insert_at = row_of[en["id"]] + 1
            continue
        rows.insert(insert_at, {"anchor": section_anchor(en, kb), "zh": None, "en": en, "level": en.get("level") or 1,
                                "title": kb.section_title(en["id"]),
                                "records": table_records(kb, None, en), "translation": None,
                                "paragraphs": paragraph_pairs(kb, None, en), "amendments": []})
        row_of = {k: (v + 1 if v >= insert_at else v) for k, v in row_of.items()}
        row_of[en["id"]] = insert_at
        insert_at += 1
    for row in rows:
        row["unofficial"] = unofficial_english(row)
        # A table whose every English title is this knowledge base's says so once, in its head.
        row["records_unofficial"] = bool(row["records"]) and all("title.en" in r["unofficial"] for r in row["records"])
    return rows


def reader_view_param() -> str:
    """The ``view`` parameter: ``both`` (the default), ``zh`` or ``en``; a 400 naming it otherwise."""
    value = request.args.get("view", "") or "both"
    if value not in VIEWS:
        abort(400, description=f"view must be one of {', '.join(VIEWS)}, not {quoted(value)}")
    return value


def document_view(doc_id: str) -> dict[str, Any]:
    view = reader_view_param()
    kb = get_kb()
    document = kb.documents.get(doc_id)
    if document is None:
        abort(404, description=f"no document has the id {quoted(doc_id)}; documents are {', '.join(kb.documents)}")
    records = [r["id"] for r in kb.records if r["doc"] == doc_id]
    rows = reader_rows(kb, doc_id)
    validity_view = validity(doc_id)
    return {"document": document | {"validity": validity_view, "facts": header_facts(document, validity_view),
                                    # The number as official English versions print it (Guo Ke Ban Cai [2022] No. 177).
                                    "number_en": number_en(document.get("number"), document.get("issuer")),
                                    "amended_by": [amendment_as_of(a) for a in document.get("amended_by") or []]},
            # A document a normative scheme read lists its chapters; others their first levels.
            "contents": contents(rows, bool(document.get("header"))), "rows": rows, "records": records,
            "view": view, "views": list(VIEWS)}


def documents_view() -> dict[str, Any]:
    kb = get_kb()
    docs = []
    for doc in kb.documents.values():
        sections = [s for s in kb.sections if s["doc"] == doc["id"]]
        docs.append({**doc, "validity": validity(doc["id"]), "number_en": number_en(doc.get("number"), doc.get("issuer")), "sections": {lang: sum(1 for s in sections if s["lang"] == lang) for lang in ("zh", "en")},
                     "records": sum(1 for r in kb.records if r["doc"] == doc["id"])})
    return {"documents": docs}


@bp.get("/docs/")
def documents():  # type: ignore[no-untyped-def]
    """Every document with its issuer, date, languages and counts."""
    return render_template("reader/documents.html", **documents_view())


@bp.get("/api/docs/")
def api_documents():  # type: ignore[no-untyped-def]
    """The documents as JSON."""
    return jsonify(documents_view())


@bp.get("/docs/<doc_id>")
def document(doc_id: str):  # type: ignore[no-untyped-def]
    """One document, Chinese and English aligned row by row, each row with a permalink."""
    return render_template("reader/document.html", **document_view(doc_id), params=known("view"))


@bp.get("/api/docs/<doc_id>")
def api_document(doc_id: str):  # type: ignore[no-untyped-def]
    """One document's aligned rows as JSON."""
    return jsonify(document_view(doc_id))


def reference_url(reference: dict[str, Any]) -> str | None:
    """Where a cited title or document number leads: the cited article's row, else the cited
    document; nothing when the knowledge base does not hold it."""
    if not reference.get("doc"):
        return None
    if reference.get("article"):
        return section_url(reference["article"])
    return url_for("reader.document", doc_id=reference["doc"])


def reference_spans(text: str, references: list[dict[str, Any]]) -> list[tuple[int, int, dict[str, Any]]]:
    """Where in ``text`` each reference is printed: ``(start, end, reference)``, in order.

    References are listed in the order the text cites them, so each is looked for after the
    one before (a title cited twice is found each time in its place); one not found there is
    looked for anywhere it does not overlap one already placed, and one not in the text at all
    (an English that names the cited document in other words) is left out."""
    spans: list[tuple[int, int, dict[str, Any]]] = []
    cursor = 0
    for reference in references:
        cited = reference.get("text") or ""
        if not cited:
            continue
        free = [m.start() for m in re.finditer(re.escape(cited), text)
                if not any(a < m.end() and m.start() < b for a, b, _ in spans)]
        start = next((p for p in free if p >= cursor), free[0] if free else None)
        if start is None:
            continue
        spans.append((start, start + len(cited), reference))
        cursor = start + len(cited)
    return sorted(spans, key=lambda span: span[0])


def linked_text(text: str, references: list[dict[str, Any]]) -> Markup:
    """``text`` escaped, with each cited title or number the knowledge base holds made a link
    to what it cites; one it does not hold is marked, with a title saying so, but not linked."""
    out, at = [], 0
    for start, end, reference in reference_spans(text, references):
        out.append(escape(text[at:start]))
        url = reference_url(reference)
        if url is None:
            out.append(Markup('<span class="reference unresolved" title="{}">{}</span>').format(
                gettext("Not in the knowledge base"), text[start:end]))
        else:
            out.append(Markup('<a class="reference" href="{}">{}</a>').format(url, text[start:end]))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def unplaced_references(texts: list[str], references: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The resolved references none of ``texts`` prints as such (an English that names the
    cited document in its own words): the reader lists them after the text, linked."""
    placed = {id(ref) for text in texts for _, _, ref in reference_spans(text, references)}
    return [r for r in references if id(r) not in placed and reference_url(r) is not None]


def place_url(place: str) -> str | None:
    """The page of a place the term base names: an occupation, a section, or (for places
    that are not items, like a whole table) nothing."""
    kb = get_kb()
    try:
        item = kb.get(place)
    except UnknownItemError:
        return None
    if item.get("item") == "occupation":
        return f"/occupations/{place}"
    if item.get("item") == "unit":
        return unit_url(place)
    return section_url(place)


@bp.app_context_processor
def reader_helpers() -> dict[str, Any]:
    return {"section_url": section_url, "place_url": place_url, "unit_url": unit_url, "linked_text": linked_text,
            "unplaced_references": unplaced_references, "reference_url": reference_url}
