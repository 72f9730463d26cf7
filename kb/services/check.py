"""``kb check``: everything a reader should know about the corpus, grouped.

Lists every alignment gap, zh/en disagreement or missing value, recovered
displaced cell, applied erratum and unofficial translation, official pair implausible
by length or numbers, and compares the
figures each document states about itself with the figures computed from its
records. The corpus is *consistent with its notes* when every finding is
explained by a note on its item and every stated figure is reproduced; that
is when ``kb check`` exits 0.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from ..reading.vocabularies import unlabelled
from ..translation.house import unexplained as house_problems
from ..store import KnowledgeBase
from .stats import compare_stated, compute_stats
from .validity import documents_as_of


def translation_findings(kb: KnowledgeBase) -> dict[str, Any]:
    """Per document, curated entries translated, stale and missing; numbers the English lacks;
    departures from the renderings the official English established (checked at build time,
    :mod:`kb.translation.qa`); the house checks of the entries among themselves (one rendering
    per term, one title per cited document, document numbers, bounds, modality:
    :mod:`kb.translation.house`)."""
    data = kb.translations
    return {"documents": data["documents"], **data["qa"]}


def official_places(finding: dict[str, Any]) -> str:
    """Where the official English gives the rendering a curated translation departs from."""
    official = finding.get("official") or {}
    places = official.get("places") or []
    count = official.get("frequency")
    return ", ".join(places) + (f" ({count} occurrence{'' if count == 1 else 's'})" if count else "")


GROUPS = (
    ("alignment", "Alignment gaps (sections without a counterpart)"),
    ("disagreement", "Chinese/English disagreements"),
    ("missing", "Values one version lacks (supplied by the other)"),
    ("recovered", "Displaced cells put back"),
    ("erratum", "Errata applied (corpus/errata.toml)"),
    ("unofficial", "Unofficial translations"),
    ("translation", "Curated translations outdated (the Chinese changed since)"),
    ("amendment", "Articles amended by a decision in the knowledge base"),
)


def unresolved_references(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Titles and document numbers the texts cite that the knowledge base does not hold, most
    cited first, each with its count and the units citing it (:mod:`kb.reading.references`)."""
    cited: dict[str, list[str]] = defaultdict(list)
    for unit in kb.units:
        for ref in unit.get("references") or []:
            if ref["doc"] is None:
                # A title is one citation whatever article it names: 《X》 and 《X》第19条 count together.
                title = ref["text"][:ref["text"].index("》") + 1] if ref["text"].startswith("《") else ref["text"]
                cited[title].append(unit["id"])
    return [{"text": text, "count": len(places), "places": places}
            for text, places in sorted(cited.items(), key=lambda item: (-len(item[1]), item[0]))]


def run_check(kb: KnowledgeBase, as_of: date | None = None) -> dict[str, Any]:
    """Every finding of ``kb check``; ``validity`` is each document's on ``as_of`` (today by
    default): a stated period ended or not begun is a notice, never a problem."""
    findings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for note in kb.notes():
        findings[note["kind"]].append(note)
    problems: list[str] = []
    # Structural consistency: every claim a note or link makes must hold in the data.
    for section in kb.sections:
        other = kb.counterpart(section)
        if section.get("counterpart") and (other is None or other.get("counterpart") != section["id"]):
            problems.append(f"{section['id']}: counterpart {section['counterpart']} does not point back")
        if not section.get("counterpart") and not any(n["kind"] == "alignment" for n in section["notes"]):
            problems.append(f"{section['id']}: no counterpart and no note saying why")
    for record in kb.records:
        doc = kb.documents[record["doc"]]
        languages = {f["lang"] for f in doc["files"]}
        noted = {n.get("field") for n in record["notes"]}
        for field in ("title", "competencies", "specialties", "degree", "experience"):
            # A sheet prints a field in the languages it has a column of it in.
            for lang in (set(doc["sheet"]["columns"].get(field, {})) if doc.get("sheet") else languages):
                if record[field][lang] is None and field not in noted:
                    problems.append(f"{record['id']}: {field}.{lang} is missing and no note says why")
        unofficial_en = [f for f in record["unofficial"] if f.endswith(".en") and f != "industry.en"]
        if unofficial_en and not any(n["kind"] == "unofficial" for n in record["notes"]):
            problems.append(f"{record['id']}: its unofficial English ({', '.join(unofficial_en)}) carries no note")
    for erratum in kb.errata:
        if not any(n["kind"] == "erratum" and n["target"].endswith(erratum["target"].split(":")[-1])
                   for n in findings["erratum"]):
            problems.append(f"erratum {erratum['doc']} {erratum['target']} was not applied")
    stated = compare_stated(compute_stats(kb.records, kb.documents, kb.vocabularies), kb.documents)
    for figure in stated:
        if not figure["ok"]:
            problems.append(f"{figure['doc']}: states {figure['facet']} {figure['value'] or ''} = "
                            f"{figure['stated']}, the records give {figure['computed']}")
    translations = translation_findings(kb)
    problems += [f"{f['place']}: the English lacks {', '.join(f['only_zh'] + f['document_numbers'])} "
                 f"(curated translation, {f['doc']})" for f in translations["numbers"]]
    # A rendering the official English gives once is a notice; from MIN_FREQUENCY on it binds.
    problems += [f"{f['place']}: {f['zh']} is not rendered {' / '.join(f['expected'])} as the official "
                 f"English renders it in {official_places(f)}, and no translator comment explains it"
                 for f in translations["terms"] if not f["explained"] and f.get("severity") != "notice"]
    # The curated entries among themselves (kb.translation.house); modality gives notices only.
    problems += house_problems(translations)
    return {
        "ok": not problems,
        "translations": translations,
        "groups": {kind: findings.get(kind, []) for kind, _ in GROUPS},
        "errata": kb.errata,
        "stated": stated,
        "references": {"unresolved": unresolved_references(kb)},
        # Cities and lists `kb add` named, awaiting an editor's labels: a notice, not a failure.
        "vocabularies": {"unlabelled": unlabelled(kb.vocabularies)},
        # Official pairs that cannot translate each other (kb.translation.align): a finding, noted
        # on both sides and left out of the official translation memory, not a failure.
        "implausible": translations.get("pairs", []),
        "problems": problems,
        "validity": [{"doc": doc_id, **v} for doc_id, v in
                     documents_as_of(kb.documents, as_of or date.today()).items()],
    }
