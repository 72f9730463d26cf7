"""Amendments: a decision (决定) that amends a document of the knowledge base, linked to it.

A document whose title reads 关于修改《X》的决定 (or 〈X〉) amends X when the knowledge base
holds X (by title, as :mod:`.references` matches them). X then lists the decision in
``amended_by`` -- ``{"doc", "title", "number", "effective_from", "articles", "note"}``, the
note in both languages ("amended by 某市人民政府令第21号, in force from 2026-09-01") -- and the
decision names X in ``amends`` (``{"doc", "title", "note"}``); every article of X the decision's clauses name (第十条, not
counting the new wording they quote, “…”) carries a note of kind ``amendment`` with the
clause, in both of X's languages. A decision whose X is not in the knowledge base keeps
``amends`` with the title and ``doc`` null.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Note, Section
from .docnumbers import number_en
from .references import article_id, title_key
from .schemes import ZH_NUMERAL, zh_number
from .text import book_title

AMENDS_RE = re.compile(r"关于修改《(?P<title>[^《》]+)》的决定")
QUOTED_RE = re.compile(r"“[^”]*”")
ARTICLE_RE = re.compile(rf"第(?P<n>[{ZH_NUMERAL}\d]+)条(?:之(?P<sub>[{ZH_NUMERAL}]+))?")


def link_amendments(documents: list[dict[str, Any]], sections: list[Section]) -> None:
    """Set every document's ``amends`` and ``amended_by``; note the articles amended."""
    for doc in documents:
        doc["amends"], doc["amended_by"] = None, []
    by_title = {title_key(d["title"]["zh"]): d for d in documents if (d.get("title") or {}).get("zh")}
    by_id = {s.id: s for s in sections}
    for decision in documents:
        title = (decision["title"].get("zh") or "").replace("〈", "《").replace("〉", "》")
        match = AMENDS_RE.search(title)
        if not match:
            continue
        target = by_title.get(title_key(match.group("title")))
        if target is None or target is decision:
            decision["amends"] = {"doc": None, "title": {"zh": match.group("title"), "en": None},
                                  "note": {"zh": f"修改{book_title(match.group('title'))}（不在本知识库中）",
                                           "en": f"Amends {book_title(match.group('title'))} (not in the knowledge base)"}}
            continue
        effective = (decision.get("validity") or {}).get("effective_from")
        name_zh = decision.get("number") or book_title(decision["title"]["zh"])
        # The decree number in its English form, else the decision's English title: never the
        # Chinese number inside the English note.
        name_en = (number_en(decision.get("number"), decision.get("issuer"))
                   or decision["title"].get("en") or name_zh)
        note = {"zh": f"经{name_zh}修改" + (f"，自{effective}起施行" if effective else ""),
                "en": f"Amended by {name_en}" + (f", in force from {effective}" if effective else "")}
        named: list[tuple[str, Section]] = []
        for clause in sections:
            if clause.doc != decision["id"] or clause.lang != "zh" or clause.kind != "clause":
                continue
            for article in ARTICLE_RE.finditer(QUOTED_RE.sub("", clause.body)):
                section_id = article_id(target["id"], zh_number(article.group("n")) or 0, article.group("sub"))
                if section_id in by_id and all(section_id != s for s, _ in named):
                    named.append((section_id, clause))
        target["amended_by"].append({
            "doc": decision["id"], "title": dict(decision["title"]), "number": decision.get("number"),
            "effective_from": effective, "articles": [s for s, _ in named], "note": note})
        decision["amends"] = {"doc": target["id"], "title": dict(target["title"]),
                              "note": {"zh": f"修改{book_title(target['title']['zh'])}",
                                       "en": f"Amends {target['title'].get('en') or target['title']['zh']}"}}
        for section_id, clause in named:
            where = f"{book_title(decision['title']['zh'])}{clause.citation or ''}"
            for section in (by_id[section_id], by_id.get(by_id[section_id].counterpart or "")):
                if section is not None:
                    section.notes.append(Note(
                        "amendment", section.id, supplied_by=decision["id"],
                        text=f"{note['en']} ({note['zh']}): {where} {clause.body}").to_dict())
