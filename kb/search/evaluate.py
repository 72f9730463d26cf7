"""``kb eval``: relevance cases against the search, with recall@10 and MRR.

A case file is JSON: ``{"cases": [...]}``; each case has ``q``, ``kind`` and
one expectation: ``expect_all`` (every id in the top 10), ``expect_first``
(this id at rank 1) or ``expect_text`` with an optional ``expect_doc`` (a hit
from that document whose text, in either language, contains the text). Term
cases look at the top 5. Optional ``filters`` narrow the search like
``--filter`` does, and ``depth`` says how many hits are looked at (1 for
``expect_first``).

A passage hit (one paragraph of a section) counts for its section: a case expecting
``beijing-notice:zh:annex-1.2.2`` is met by its paragraph ``…annex-1.2.2:p1`` at the same rank,
and a text case by the passage's text or its section's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..store import KnowledgeBase
from .searcher import Searcher


def _depth(case: dict[str, Any]) -> int:
    if "depth" in case:
        return int(case["depth"])
    return 5 if case.get("kind") == "term" else 10


def _hit_ids(hit: dict[str, Any]) -> set[str]:
    return {hit["id"], hit["section"]} if hit["kind"] == "passage" else {hit["id"]}


def _hit_text(kb: KnowledgeBase, hit: dict[str, Any]) -> str:
    parts = [hit["title"].get("zh") or "", hit["title"].get("en") or ""]
    if hit["kind"] in ("section", "passage"):
        pair = kb.section_pair(hit.get("section") or hit["id"])
        parts += [s["body"] for s in pair.values() if s]
    elif hit["kind"] == "occupation":
        parts.append(json.dumps(kb.get(hit["id"]), ensure_ascii=False))
    return "\n".join(parts).lower()


def judge(kb: KnowledgeBase, case: dict[str, Any], hits: list[dict[str, Any]]) -> dict[str, Any]:
    top = hits[: _depth(case)]
    ids = [_hit_ids(h) for h in top]

    def rank_of(wanted: str) -> int | None:
        return next((n for n, i in enumerate(ids, 1) if wanted in i), None)

    if "expect_all" in case:
        wanted = case["expect_all"]
        found = [i for i in wanted if rank_of(i)]
        ranks = [rank_of(i) or 0 for i in found]
        return {"passed": len(found) == len(wanted), "recall": len(found) / len(wanted),
                "rr": 1 / min(ranks) if ranks else 0.0, "missing": [i for i in wanted if i not in ids]}
    if "expect_first" in case:
        rank = rank_of(case["expect_first"])
        return {"passed": rank == 1, "recall": 1.0 if rank else 0.0, "rr": 1 / rank if rank else 0.0,
                "missing": [] if rank == 1 else [f"{case['expect_first']} at rank 1 (rank {rank})"]}
    text = case["expect_text"].lower()
    rank = next((n for n, h in enumerate(top, 1)
                 if (not case.get("expect_doc") or h["doc"] == case["expect_doc"]) and text in _hit_text(kb, h)),
                None)
    return {"passed": rank is not None, "recall": 1.0 if rank else 0.0, "rr": 1 / rank if rank else 0.0,
            "missing": [] if rank else [f"a hit{' from ' + case['expect_doc'] if case.get('expect_doc') else ''} "
                                        f"containing {case['expect_text']!r}"]}


def run_eval(kb: KnowledgeBase, searcher: Searcher, path: Path) -> dict[str, Any]:
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    results = []
    for case in cases:
        answer = searcher.search(case["q"], kind=case.get("kind"), filters=case.get("filters"),
                                 limit=_depth(case))
        verdict = judge(kb, case, answer["hits"])
        results.append({"case": case, **verdict, "top": [h["id"] for h in answer["hits"][:5]]})
    n = len(results) or 1
    return {
        "cases": len(results),
        "passed": sum(r["passed"] for r in results),
        "recall_at_10": sum(r["recall"] for r in results) / n,
        "mrr": sum(r["rr"] for r in results) / n,
        "failures": [r for r in results if not r["passed"]],
    }
