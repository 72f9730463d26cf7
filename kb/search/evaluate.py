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

A case file is input like any other (:func:`load_cases`): at most
:data:`MAX_CASE_FILE_BYTES` are read (``/dev/zero`` is refused, not read forever), JSON
that does not parse is reported with its line and column, and every case is checked
before any is run, an error naming the case by its number and ``q`` and the field at fault.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import KBError
from ..store import KnowledgeBase
from ..userinput import quoted
from .searcher import FILTER_KEYS, KINDS, MAX_LIMIT, QueryError, Searcher

# Far more than any case file needs (the project's largest is 10 KB).
MAX_CASE_FILE_BYTES = 4 * 1024 * 1024
# expect_no_confident_match: true for a question nothing in the knowledge base answers (the
# result must say ``no_confident_match`` and give no answer card).
EXPECTATIONS = ("expect_all", "expect_first", "expect_text", "expect_no_confident_match")
CASE_FIELDS = ("q", "kind", *EXPECTATIONS, "expect_doc", "filters", "depth")


class CaseFileError(KBError, ValueError):
    """A case file that cannot be read or does not have the shape of one (file, place, reason)."""


def _json_type(value: Any) -> str:
    """What a JSON value is, in JSON's words, quoting a scalar (cut short)."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the string {quoted(value)}"
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    digits = str(value)
    return f"the number {digits}" if len(digits) <= 40 else f"a number of {len(digits):,} characters"


def load_cases(path: Path) -> list[dict[str, Any]]:
    """The cases of the case file ``path``, each checked; a :class:`CaseFileError` naming the
    file (and the line and column, or the case and field) otherwise."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_CASE_FILE_BYTES + 1)
    except OSError as exc:
        raise CaseFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_CASE_FILE_BYTES:
        raise CaseFileError(f"{path}: larger than {MAX_CASE_FILE_BYTES // (1024 * 1024)} MB; "
                            "a case file is a few kilobytes of JSON")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CaseFileError(f"{path}:{line}:{column}: not UTF-8 text") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseFileError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise CaseFileError(f"{path}: not a case file (JSON nested too deeply)") from None
    except ValueError:  # an integer of more than 4,300 digits, which Python will not read
        raise CaseFileError(f"{path}: not a case file (a number in it has thousands of digits)") from None
    if not isinstance(document, dict) or "cases" not in document:
        what = _json_type(document) if not isinstance(document, dict) else "an object without \"cases\""
        raise CaseFileError(f'{path}: a case file is an object {{"cases": [...]}}, not {what}')
    cases = document["cases"]
    if not isinstance(cases, list):
        raise CaseFileError(f'{path}: "cases" must be a list of cases, not {_json_type(cases)}')
    for index, case in enumerate(cases):
        problem = case_problem(case)
        if problem:
            raise CaseFileError(f"{path}: {case_name(case, index)}: {problem}")
    return cases


def case_name(case: Any, index: int) -> str:
    """A case as a message names it: its number (from 1), its place in the list, and its ``q``."""
    q = case.get("q") if isinstance(case, dict) else None
    return f"case {index + 1} (cases[{index}]" + (f", q {quoted(q)})" if isinstance(q, str) else ")")


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def case_problem(case: Any) -> str | None:
    """What is wrong with one case, naming the field; None when it can be run."""
    if not isinstance(case, dict):
        return f'a case is an object with "q" and an expectation, not {_json_type(case)}'
    unknown = [k for k in case if k not in CASE_FIELDS]
    if unknown:
        return f"unknown field {quoted(str(unknown[0]))}; a case has {', '.join(CASE_FIELDS)}"
    if "q" not in case:
        return '"q" (the query) is missing'
    if not isinstance(case["q"], str):
        return f'"q" must be a string, not {_json_type(case["q"])}'
    if case.get("kind") is not None and case["kind"] not in KINDS:
        return f'"kind" must be one of {", ".join(KINDS)} or null, not {_json_type(case["kind"])}'
    given = [k for k in EXPECTATIONS if k in case]
    if len(given) != 1:
        return (f"a case has exactly one of {', '.join(EXPECTATIONS)}, "
                f"not {' and '.join(given) if given else 'none'}")
    expectation, wanted = given[0], case[given[0]]
    if expectation == "expect_all":
        if not isinstance(wanted, list) or not wanted or not all(_text(i) for i in wanted):
            return f'"expect_all" must be a list of ids (strings), not {_json_type(wanted)}'
    elif expectation == "expect_no_confident_match":
        if wanted is not True:
            return f'"expect_no_confident_match" must be true, not {_json_type(wanted)}'
    elif not _text(wanted):
        return f'"{expectation}" must be a non-empty string, not {_json_type(wanted)}'
    if "expect_doc" in case:
        if expectation != "expect_text":
            return '"expect_doc" goes with "expect_text" (the document the text is expected from)'
        if not _text(case["expect_doc"]):
            return f'"expect_doc" must be a document id (a string), not {_json_type(case["expect_doc"])}'
    filters = case.get("filters")
    if filters is not None:
        if not isinstance(filters, dict) or not all(isinstance(v, str) for v in filters.values()):
            return f'"filters" must be an object of facet names and values (strings), not {_json_type(filters)}'
        unknown = [k for k in filters if k not in FILTER_KEYS]
        if unknown:
            return f'"filters" names an unknown facet {quoted(unknown[0])}; facets are {", ".join(FILTER_KEYS)}'
    depth = case.get("depth")
    if "depth" in case and (isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= MAX_LIMIT):
        return f'"depth" must be a whole number from 1 to {MAX_LIMIT}, not {_json_type(depth)}'
    return None


def _depth(case: dict[str, Any]) -> int:
    if "depth" in case:
        return case["depth"]  # checked by case_problem: a whole number from 1 to MAX_LIMIT
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


def judge(kb: KnowledgeBase, case: dict[str, Any], hits: list[dict[str, Any]],
          result: dict[str, Any] | None = None) -> dict[str, Any]:
    if "expect_no_confident_match" in case:
        unsure = bool(result and result.get("no_confident_match") and result.get("answer") is None)
        return {"passed": unsure, "recall": 1.0 if unsure else 0.0, "rr": 1.0 if unsure else 0.0,
                "missing": [] if unsure else ["no_confident_match (an answer was claimed)"]}
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


def run_eval(kb: KnowledgeBase, searcher: Searcher, path: Path,
             cases: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The report of the case file ``path`` (its ``cases``, when already loaded)."""
    if cases is None:
        cases = load_cases(path)
    results = []
    for index, case in enumerate(cases):
        try:
            answer = searcher.search(case["q"], kind=case.get("kind"), filters=case.get("filters"),
                                     limit=_depth(case))
        except QueryError as exc:  # e.g. a query beyond the search's budget
            raise CaseFileError(f"{path}: {case_name(case, index)}: {exc}") from None
        verdict = judge(kb, case, answer["hits"], answer)
        results.append({"case": case, **verdict, "top": [h["id"] for h in answer["hits"][:5]]})
    n = len(results) or 1
    return {
        "cases": len(results),
        "passed": sum(r["passed"] for r in results),
        "recall_at_10": sum(r["recall"] for r in results) / n,
        "mrr": sum(r["rr"] for r in results) / n,
        "failures": [r for r in results if not r["passed"]],
    }
