"""Contexts: the index words of what encloses a section or a paragraph.

A clause often lacks a word the question holds that its document's title or an enclosing
heading states (the award clause of Beijing's talent criteria does not say 认定标准; the
annex's title does), and coverage credits it for them (:mod:`.execution.relevance`). A
section's context is the words of its parent's heading, the parent's parent's, and so on up
to its document's title, in both languages (jieba words and English stems, as the index has
them); a paragraph's starts at its own section.

The words are fixed once a build is: ``kb build`` writes each section's chain (its heading's
words and its ancestors') and each document title's words to ``contexts.json``, so the searcher
reads them instead of segmenting headings on the queries that first meet them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .analysis import query_tokens
from .query.prepare import english_stems

CONTEXTS_FILE = "contexts.json"


def index_words(zh: str | None, en: str | None) -> frozenset[str]:
    """The words a heading holds as the index has them (jieba words, English stems), both languages."""
    words = {w.lower() for w, _, _ in query_tokens(zh)} if zh else set()
    if en:
        words.update(english_stems(en))
    return frozenset(words)


class Contexts:
    """The context words of one build's sections and documents, computed on first use and kept."""

    def __init__(self, sections: dict[str, dict[str, Any]], documents: dict[str, dict[str, Any]]):
        self.sections = sections
        self.documents = documents
        self._chains: dict[str, frozenset[str]] = {}

    def chain(self, section_id: str | None, doc: str) -> frozenset[str]:
        """The words of a section's heading and its ancestors' and of its document's title
        (``section_id`` None: the title's alone)."""
        key = section_id or f"{doc}:"
        known = self._chains.get(key)
        if known is None:
            if section_id is None:
                title = (self.documents.get(doc) or {}).get("title") or {}
                known = index_words(title.get("zh"), title.get("en"))
            else:
                section = self.sections[section_id]
                heading_en = (section.get("translation") or {}).get("heading")
                other = self.sections.get(section["counterpart"]) if section.get("counterpart") else None
                known = index_words(section.get("heading"), heading_en or (other or {}).get("heading")) \
                    | self.chain(section.get("parent"), doc)
            self._chains[key] = known
        return known


def write_contexts(path: Path, sections: list[dict[str, Any]], documents: dict[str, dict[str, Any]]) -> None:
    """Every section's chain and every document title's words, as :func:`read_contexts` reads them."""
    contexts = Contexts({s["id"]: s for s in sections}, documents)
    chains = {"sections": {s["id"]: sorted(contexts.chain(s["id"], s["doc"])) for s in sections},
              "documents": {doc: sorted(contexts.chain(None, doc)) for doc in documents}}
    with path.open("w", encoding="utf-8") as fh:
        json.dump(chains, fh, ensure_ascii=False)


def read_contexts(path: Path) -> dict[str, frozenset[str]]:
    """The chains :func:`write_contexts` wrote, keyed as :meth:`Contexts.chain` keys them."""
    with path.open(encoding="utf-8") as fh:
        chains = json.load(fh)
    found = {doc + ":": frozenset(words) for doc, words in chains["documents"].items()}
    found.update((section_id, frozenset(words)) for section_id, words in chains["sections"].items())
    return found
