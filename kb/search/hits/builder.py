"""Hits as the JSON contract gives them: one per result, both languages side by side.

An occupation shows its title and a snippet of its competencies and
specialties; a section its number and heading and a snippet of its body, with
its counterpart's (or, for a Chinese-only section, this knowledge base's translation,
listed in ``unofficial``); a passage (one paragraph unit) its section's title, its text in
both languages, its ``section`` and its ``citation``; a term pair its two sides, kind, frequency and places.
A language a hit lacks is ``null``. ``marked_title`` is the title with the
query's words marked, for pages that highlight titles too.
"""

from __future__ import annotations

import html
from typing import Any

from ...store import KnowledgeBase
from ..indexing import term_id
from .snippets import Marks, highlighted, marks_for, snippet, surface_forms

LANGS = ("zh", "en")
# Places a term hit lists in its snippet.
TERM_PLACES = 5


class HitBuilder:
    """Builds hits from one build's records, sections and term pairs."""

    def __init__(self, kb: KnowledgeBase, en_words: dict[str, str]):
        self.kb = kb
        self.terms_by_id = {term_id(p): p for p in kb.terms["pairs"]}
        self.forms = surface_forms(en_words)

    def marks(self, highlight: dict[str, set[str]]) -> Marks:
        """A query's words to highlight as the words to mark in its hits."""
        return marks_for(highlight, self.forms)

    def hit(self, hit_id: str, kind: str, score: float, marks: Marks) -> dict[str, Any]:
        # Each kind's builder leaves "score" empty in its place in the contract's key order.
        if kind == "term":
            hit = self._term(hit_id)
        elif kind == "occupation":
            hit = self._occupation(hit_id, marks)
        elif kind == "passage":
            hit = self._passage(hit_id, marks)
        else:
            hit = self._section(hit_id, marks)
        hit["score"] = round(score, 4)
        hit["marked_title"] = {lang: highlighted(hit["title"][lang], marks, lang) for lang in LANGS}
        return hit

    def _term(self, hit_id: str) -> dict[str, Any]:
        pair = self.terms_by_id[hit_id]
        places = ", ".join(pair["places"][:TERM_PLACES])
        return {"id": hit_id, "kind": "term", "doc": "term-base",
                "title": {"zh": pair["zh"], "en": pair["en"]},
                "snippet": {"zh": html.escape(f"{pair['kind']} ×{pair['frequency']}: {places}"),
                            "en": html.escape(pair["method"])},
                "score": None, "official": pair["official"]}

    def _occupation(self, hit_id: str, marks: Marks) -> dict[str, Any]:
        item = self.kb.get(hit_id)
        separator = {"zh": "；", "en": "; "}
        texts = {lang: separator[lang].join(item["competencies"][lang]) + "\n" + (item["specialties"][lang] or "")
                 if item["competencies"][lang] else None for lang in LANGS}
        return {"id": hit_id, "kind": "occupation", "doc": item["doc"], "title": dict(item["title"]),
                "snippet": {lang: snippet(texts[lang], marks, lang) for lang in LANGS},
                "score": None, "unofficial": item["unofficial"]}

    def passage_texts(self, unit: dict[str, Any]) -> dict[str, str | None]:
        """A unit's text in both languages: its own, and the other's (aligned, else curated)."""
        if unit["lang"] == "en":
            return {"zh": None, "en": unit["text"]}
        return {"zh": unit["text"], "en": self.kb.unit_english(unit)["text"]}

    def _passage(self, hit_id: str, marks: Marks) -> dict[str, Any]:
        unit = self.kb.get(hit_id)
        texts = self.passage_texts(unit)
        # A Chinese-only paragraph reads in English through this knowledge base's translation.
        unofficial = ["snippet.en"] if unit["lang"] == "zh" and not unit["counterparts"] and texts["en"] else []
        return {"id": hit_id, "kind": "passage", "doc": unit["doc"], "title": self._section_title(unit["section"]),
                "snippet": {lang: snippet(texts[lang], marks, lang) for lang in LANGS},
                "unofficial": unofficial, "score": None, "section": unit["section"],
                "citation": dict(unit["citation"])}

    def _section_title(self, section_id: str) -> dict[str, str | None]:
        """A section's title in both languages (a Chinese-only section's English from this
        knowledge base's translation): :meth:`KnowledgeBase.section_title`, computed once per
        section (a build never changes); a copy, since a hit is the caller's to change."""
        return dict(self.kb.memo(("section title", section_id), lambda: self.kb.section_title(section_id)))

    def _section(self, hit_id: str, marks: Marks) -> dict[str, Any]:
        item = self.kb.get(hit_id)
        pair = self.kb.section_pair(hit_id)
        title = self._section_title(hit_id)
        bodies = {lang: pair[lang]["body"] if pair[lang] else None for lang in LANGS}
        unofficial: list[str] = []
        curated = item.get("translation") if pair["en"] is None else None
        if curated and curated["status"] in ("unofficial", "partial"):
            # A Chinese-only section reads in English through this knowledge base's translation.
            bodies["en"] = curated["body"]
            unofficial = [f"{name}.en" for name, value in (("title", title["en"]), ("body", curated["body"]))
                          if value]
        return {"id": hit_id, "kind": "section", "doc": item["doc"], "title": title,
                "snippet": {lang: snippet(bodies[lang], marks, lang) for lang in LANGS},
                "unofficial": unofficial,
                "score": None, "counterpart": item.get("counterpart")}
