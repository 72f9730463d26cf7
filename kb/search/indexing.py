"""The search index: schema and writing (Whoosh).

One index holds three kinds of documents, ranked together and filterable by
``kind``: occupation records, sections (a Chinese section and its English
counterpart are one document, so a hit shows both; a Chinese-only section's
English fields hold its curated translation) and term pairs. Text
fields come in a Chinese and an English version with weights title (3) >
requirements (2) > body (1); facet fields hold the normalised values.

The index is written into the build directory while the build is staged, so
it goes live with the rest of the build in one atomic swap; a failed build
commits nothing (the writer is a context manager). Beside it go jieba's user
dictionary (the term base's Chinese words), the cross-language dictionary
(:mod:`.crosslang`) and the text fields' posting lists decoded into arrays
(:mod:`.execution.table`), all read by the searcher.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.fields import ID, KEYWORD, TEXT, Schema

from ..reading.schemes import NORMATIVE_KINDS, path_parts
from .analysis import SEGMENTER, chinese_analyzer, configure, english_analyzer, jieba_tokens, write_segmenter
from .crosslang import build_dictionary
from .execution.postings import PostingLists
from .contexts import CONTEXTS_FILE, write_contexts
from .execution.table import TABLE_DIR, write_posting_table
from .query.prepare import english_stems

FACETS = ("kind", "doc", "list", "city", "industry", "min_degree", "experience_years",
          "shortage_duration", "severity")
TEXT_FIELDS = {
    "zh": ("title_zh", "req_zh", "body_zh"),
    "en": ("title_en", "req_en", "body_en"),
}
FIELD_BOOSTS = {"title": 3.0, "req": 2.0, "body": 1.0}


def make_schema() -> Schema:
    fields: dict[str, Any] = {"id": ID(stored=True, unique=True)}
    for facet in FACETS:
        fields[facet] = KEYWORD(stored=True, sortable=True, commas=False, lowercase=False)
    for lang, names in TEXT_FIELDS.items():
        for name in names:
            analyzer = chinese_analyzer() if lang == "zh" else english_analyzer()
            fields[name] = TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS[name.split("_")[0]],
                                phrase=True, stored=False)
    return Schema(**fields)


def term_id(pair: dict[str, Any]) -> str:
    digest = hashlib.sha1(f"{pair['kind']}|{pair['zh']}|{pair['en']}".encode()).hexdigest()[:10]
    return f"term:{digest}"


def _join(*parts: Any) -> str:
    out = []
    for part in parts:
        if isinstance(part, list):
            out.extend(str(p) for p in part if p)
        elif part:
            out.append(str(part))
    return "\n".join(out)


def search_documents(records: list[dict[str, Any]], sections: list[dict[str, Any]],
                     pairs: list[dict[str, Any]], documents: dict[str, dict[str, Any]],
                     units: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Index documents for every record, section (pair), passage (paragraph unit) and term pair."""
    docs: list[dict[str, Any]] = []
    for r in records:
        docs.append({
            "id": r["id"], "kind": "occupation", "doc": r["doc"], "list": r["list"], "city": r["city"],
            "industry": r["industry"]["key"], "min_degree": r["min_degree"],
            "experience_years": str(r["experience_years"]),
            "shortage_duration": r["shortage_duration"] or "", "severity": r["severity"] or "",
            "title_zh": r["title"]["zh"], "title_en": r["title"]["en"],
            "req_zh": _join(r["competencies"]["zh"], r["specialties"]["zh"], r["degree"]["zh"],
                            r["experience"]["zh"]),
            "req_en": _join(r["competencies"]["en"], r["specialties"]["en"], r["degree"]["en"],
                            r["experience"]["en"]),
            "body_zh": _join(r["industry"]["zh"], r["other"]["zh"], r["shortage_duration_label"]["zh"],
                             r["severity_label"]["zh"]),
            "body_en": _join(r["industry"]["en"], r["other"]["en"], r["shortage_duration_label"]["en"],
                             r["severity_label"]["en"]),
        })
    by_id = {s["id"]: s for s in sections}
    places = english_places(sections)
    for s in sections:
        other = by_id.get(s["counterpart"]) if s.get("counterpart") else None
        if s["lang"] == "en" and other is not None:
            continue  # indexed with its Chinese counterpart
        pair = {s["lang"]: s, **({other["lang"]: other} if other else {})}
        zh, en = pair.get("zh"), pair.get("en")
        # A Chinese-only section is found in English through this knowledge base's translation.
        curated = (zh or {}).get("translation") or {} if en is None else {}
        docs.append({
            "id": s["id"], "kind": "section", "doc": s["doc"],
            "city": documents.get(s["doc"], {}).get("city") or "",
            # A Chinese-only article without a curated heading is still "Article 10" in English.
            "title_zh": _heading(zh, documents),
            "title_en": _heading(en, documents) or curated.get("heading")
            or (places.get(s["id"]) if (zh or {}).get("number") else None) or "",
            "body_zh": _join(zh["body"], zh["footnotes"]) if zh else "",
            "body_en": _join(en["body"], en["footnotes"]) if en else curated.get("body") or "",
        })
    docs += passage_documents(units or [], by_id, documents)
    for p in pairs:
        docs.append({"id": term_id(p), "kind": "term", "doc": "term-base", "title_zh": p["zh"],
                     "title_en": p["en"]})
    return docs


def english_places(sections: list[dict[str, Any]]) -> dict[str, str]:
    """Each section's place in its document in English (Article 10, Chapter II, Annex 1, II.1),
    as a citation names it: :func:`kb.translation.units.section_places`."""
    from ..translation.units import stored_section_places

    found = stored_section_places(sections)
    return {section_id: place["en"] for section_id, place in found.items() if place.get("en")}


def passage_documents(units: list[dict[str, Any]], sections: dict[str, dict[str, Any]],
                      documents: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """A passage per Chinese paragraph unit with its English (the aligned official units, else
    the curated translation), and per English unit no Chinese unit is aligned to. A passage
    carries its section's heading, so a clause is found by its heading too."""
    by_id = {u["id"]: u for u in units}
    paired = {c for u in units if u["lang"] == "zh" for c in u["counterparts"]}
    docs = []
    for u in units:
        if u["lang"] == "en" and u["id"] in paired:
            continue
        if u["lang"] == "zh":
            zh = u["text"]
            en = "\n".join(by_id[c]["text"] for c in u["counterparts"] if c in by_id) or \
                ((u.get("translation") or {}).get("text") or "")
        else:
            zh, en = "", u["text"]
        section = sections.get(u["section"]) or {}
        other = sections.get(section.get("counterpart") or "") or {}
        zh_head, en_head = (section, other) if u["lang"] == "zh" else (other, section)
        docs.append({"id": u["id"], "kind": "passage", "doc": u["doc"],
                     "city": documents.get(u["doc"], {}).get("city") or "",
                     "title_zh": _heading(zh_head or None, documents),
                     "title_en": _heading(en_head or None, documents),
                     "body_zh": zh, "body_en": en})
    return docs


def _heading(section: dict[str, Any] | None, documents: dict[str, dict[str, Any]] | None = None) -> str:
    """A section's number and heading; an article's (chapter's …) also its document's title, so
    that 第四十一条 出境入境管理法 and Article 41 exit entry law find it by its citation."""
    if section is None:
        return ""
    heading = " ".join(p for p in (section.get("number"), section.get("heading")) if p)
    if documents and section.get("kind") in NORMATIVE_KINDS and path_parts(section.get("path") or ""):
        title = (documents.get(section["doc"], {}).get("title") or {}).get(section["lang"])
        if title:
            return f"{title} {heading}"
    return heading


def write_index(directory: Path, docs: list[dict[str, Any]], userdict: Path, cache_dir: Path | None) -> None:
    """Write a fresh index into ``directory`` (a new, empty folder of the staged build)."""
    configure(userdict, cache_dir)
    directory.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(directory), make_schema())
    with ix.writer() as writer:
        for doc in docs:
            writer.add_document(**{k: v for k, v in doc.items() if v not in (None, "")})


def userdict_terms(pairs: list[dict[str, Any]]) -> list[str]:
    """Chinese terms of the term base that are words (区块链, 精算师, 专才), for jieba.

    Whole titles stay out: as single words they would stop 训练师 matching AI训练师; so do
    the sub-term pairs found only in curated translations (the source's words segment the index).
    """
    words = {p["zh"] for p in pairs if p["kind"] in ("sub-term", "value", "label") and 2 <= len(p["zh"]) <= 6
             and (p["kind"] != "sub-term" or p.get("official", True))}
    return sorted(w for w in words if re.fullmatch(r"[\u3400-\u9fff]+", w))


def write_search_index(staging: Path, records: list[dict[str, Any]], sections: list[dict[str, Any]],
                       pairs: list[dict[str, Any]], documents: dict[str, dict[str, Any]], cache_dir: Path,
                       units: list[dict[str, Any]] | None = None,
                       synonyms: dict[str, Any] | None = None) -> None:
    """The search index, its jieba user dictionary and the cross-language dictionary (with the
    reviewed ``synonyms``, :mod:`.synonyms`), in ``staging``."""
    userdict = staging / "userdict.txt"
    userdict.write_text("\n".join(userdict_terms(pairs)) + "\n", encoding="utf-8")
    docs = search_documents(records, sections, pairs, documents, units)
    write_index(staging / "index", docs, userdict, cache_dir)
    write_segmenter(staging / SEGMENTER)  # jieba's words as the index has them, quick to load
    ix = index.open_dir(str(staging / "index"))
    with ix.searcher() as searcher:
        write_posting_table(searcher, PostingLists(searcher), TEXT_FIELDS["zh"] + TEXT_FIELDS["en"],
                            staging / TABLE_DIR)
    write_contexts(staging / CONTEXTS_FILE, sections, documents)
    zh_vocab: Counter[str] = Counter()
    en_words: dict[str, str] = {}
    zh_text: list[str] = []
    en_text: list[str] = []
    # Aligned text, to tell which dictionary senses the corpus uses: each passage and its
    # English, each occupation field and its English.
    aligned = [(doc.get(f"{name}_zh") or "", doc.get(f"{name}_en") or "") for doc in docs
               if doc["kind"] in ("passage", "occupation") for name in ("title", "req", "body")]
    for doc in docs:
        if doc["kind"] in ("term", "passage"):
            continue  # the words of passages are the words of their sections
        for name in TEXT_FIELDS["zh"]:
            text = doc.get(name) or ""
            zh_text.append(text)
            zh_vocab.update(w.lower() for w, _, _ in jieba_tokens(text))
        for name in TEXT_FIELDS["en"]:
            en_text.append(doc.get(name) or "")
            for word in re.findall(r"[a-z0-9]+", (doc.get(name) or "").lower()):
                if word not in en_words:
                    en_words[word] = english_stems(word)[0]
    dictionary = build_dictionary(pairs, zh_vocab, set(en_words.values()), "\n".join(zh_text), en_words,
                                  aligned=aligned, en_text="\n".join(en_text), synonyms=synonyms)
    with (staging / "dictionary.json").open("w", encoding="utf-8") as fh:
        json.dump(dictionary, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
