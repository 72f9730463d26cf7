"""The query budget (issue 19): the costliest queries the search accepts, timed against normal ones.

:func:`expensive_queries` builds, against a build's index, the most expensive query of
each shape the budget (``kb/search/query/budget.py``) lets through: for each family
(prefixes with NOTs as the probe sent them, prefixes, ranges, OR chains, NOTs, phrases,
phrases with slop, ``field:value`` terms, long plain English and Chinese, typos, mixed
languages, a long question) it adds the costliest clause that is still accepted, until
nothing more fits in the 256 characters a query is cut to. The first query of each
family the budget refuses is kept too (``rejected``). bench/load.py can send them
(``--print`` writes them as JSON).

The timing runs the benchmark's normal mix (bench/search.py ``query_mix``: keyword cases,
questions, filters) and the expensive queries in one shuffled stream, round after round,
each both through :class:`~kb.search.Searcher` (the search alone) and through the app
(``GET /api/search`` on Flask's test client: the search plus the JSON answer), so a
change in the machine's speed weighs on both alike; ``machine_ms`` (bench/search.py) says
how fast the machine was before and after. It reports p50/p95 per query and the worst
accepted query's p50 and p95 as multiples of the normal mix's p50.

Usage::

    .venv/bin/python bench/budget.py [--data-dir var] [--rounds 10] [--json out.json] [--print]

Without ``--data-dir`` it builds the corpus into a temporary directory first.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from kb.errors import QueryTooComplex  # noqa: E402
from kb.reading.text import has_cjk  # noqa: E402
from kb.search import Searcher, searcher_for  # noqa: E402
from kb.search.indexing import TEXT_FIELDS  # noqa: E402
from kb.search.query.prepare import MAX_QUERY_CHARS  # noqa: E402
from kb.store import KnowledgeBase  # noqa: E402

SEED = 20261219


# -- the costliest accepted queries ---------------------------------------------------------

def _ranked_words(searcher: Searcher) -> tuple[list[str], list[str]]:
    """The index's English words (as typed: the analyzer stems them) and Chinese words, most
    frequent first (by postings over their language's fields)."""
    lists = searcher.scorer.lists
    stems = searcher.dictionary.get("en_words", {})

    def postings(fields: tuple[str, ...], word: str) -> int:
        return sum(lists.doc_frequency(f, word) for f in fields)

    english = sorted((w for w in stems if w.isalpha() and len(w) > 2),
                     key=lambda w: (-postings(TEXT_FIELDS["en"], stems[w]), w))
    table = lists.table
    chinese = sorted({w for f in TEXT_FIELDS["zh"] for w in table.words(f) if has_cjk(w) and len(w) > 1},
                     key=lambda w: (-postings(TEXT_FIELDS["zh"], w), w))
    return english, chinese


def _prefixes(searcher: Searcher, english: list[str]) -> list[str]:
    """Two-letter prefixes of English index words, those standing for the most words first."""
    lists = searcher.scorer.lists
    found = {w[:2] for w in english if w[:2].isalpha()}

    def words(prefix: str) -> int:
        return sum(1 for f in TEXT_FIELDS["zh"] + TEXT_FIELDS["en"] for _ in lists.expand_prefix(f, prefix))

    return sorted(found, key=lambda p: (-words(p), p))


def _accepted(searcher: Searcher, query: str) -> bool:
    try:
        searcher.search(query)
    except QueryTooComplex:
        return False
    return True


def _grow(searcher: Searcher, pool: list[str], joiner: str, template: Callable[[str], str] = lambda body: body,
          tries: int = 400) -> tuple[str | None, str | None]:
    """The longest query ``template(joiner.join(clauses))`` the search accepts, adding from
    ``pool`` (costliest first) each clause that still fits; and the first one refused."""
    chosen: list[str] = []
    refused = None
    for clause in pool[:tries]:
        candidate = template(joiner.join([*chosen, clause]))
        if len(candidate) > MAX_QUERY_CHARS:
            continue
        if _accepted(searcher, candidate):
            chosen.append(clause)
        elif refused is None:
            refused = candidate
    return (template(joiner.join(chosen)) if chosen else None), refused


def expensive_queries(searcher: Searcher | None = None, data_dir: Path | None = None) -> list[dict[str, Any]]:
    """The costliest query of each family that ``searcher`` (or the current build in
    ``data_dir``) accepts, as ``{"name", "q", "rejected"}`` (``rejected``: the first query of
    the family the budget refuses, or None)."""
    if searcher is None:
        searcher = searcher_for(KnowledgeBase.load(data_dir or ROOT / "var"))
    english, chinese = _ranked_words(searcher)
    prefixes = _prefixes(searcher, english)
    rng = random.Random(SEED)
    pairs = [f"{a} {b}" for a, b in zip(english[:400:2], english[1:400:2])]
    typos = [w[0] + w[2] + w[1] + w[3:] for w in english if len(w) >= 8]
    families: dict[str, tuple[list[str], str, Callable[[str], str]]] = {
        # The probe's shape: prefixes OR'ed, then NOTs of prefixes.
        "prefixes and NOTs": ([f"{p}*" for p in prefixes[4:]], " OR ",
                              lambda body: body + " " + " ".join(f"NOT {p}*" for p in prefixes[:4])),
        "prefixes": ([f"{p}*" for p in prefixes], " OR ", lambda body: body),
        # With a field: a bare range is no syntax (SYNTAX_RE), so it would be searched as words.
        "ranges": ([f"{f}:[{p} TO {p}z]" for p in prefixes for f in ("body_en", "req_en", "title_en")],
                   " OR ", lambda body: body),
        "OR chain": (english, " OR ", lambda body: body),
        "NOTs": (english[8:], " OR ", lambda body: body + " " + " ".join(f"NOT {w}" for w in english[:4])),
        "phrases": ([f'"{p}"' for p in pairs], " OR ", lambda body: body),
        "phrases with slop": ([f'"{p}"~3' for p in pairs], " OR ", lambda body: body),
        "field:value": ([f"{f}:{w}" for w, f in zip(english, ["title", "req_en", "body_en"] * 50)]
                        + [f"{f}:{w}" for w, f in zip(chinese, ["title_zh", "req_zh", "body_zh"] * 50)],
                        " OR ", lambda body: body),
        "plain English": (english, " ", lambda body: body),
        "plain Chinese": (chinese, "", lambda body: body),
        "Chinese words apart": (chinese, " ", lambda body: body),
        "typos": (typos, " ", lambda body: body),
        "mixed languages": ([x for pair in zip(english, chinese) for x in pair], " ", lambda body: body),
        "question": (rng.sample(english[:200], 120), " ", lambda body: f"What degree do I need for {body}?"),
    }
    out = []
    for name, (pool, joiner, template) in families.items():
        query, refused = _grow(searcher, pool, joiner, template)
        if query is not None:
            out.append({"name": name, "q": query, "rejected": refused})
    return out


# -- timing -----------------------------------------------------------------------------------

def percentiles(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {"p50": round(statistics.median(samples) * 1000, 2),
            "p95": round(samples[max(int(len(samples) * 0.95) - 1, 0)] * 1000, 2),
            "best": round(samples[0] * 1000, 2), "n": len(samples)}


WAYS = ("search", "app")


def timed(searcher: Searcher, client: Any, normal: list[dict[str, Any]], expensive: list[dict[str, Any]],
          rounds: int, repeats: int) -> dict[str, Any]:
    """Every query of ``normal`` once and every expensive (and refused) query ``repeats`` times
    per round, shuffled, each through the searcher and through the app; wall-clock time and
    the CPU time of this thread (what the query costs, whatever else the machine runs)."""
    jobs = [("normal", q["q"], q.get("kind"), q.get("filters")) for q in normal]
    for e in expensive:
        jobs += [(e["name"], e["q"], None, None)] * repeats
        if e["rejected"]:
            jobs += [(f"refused: {e['name']}", e["rejected"], None, None)] * repeats
    samples: dict[str, dict[str, list[float]]] = {}
    rng = random.Random(SEED)
    for _ in range(rounds):
        rng.shuffle(jobs)
        for name, q, kind, filters in jobs:
            entry = samples.setdefault(name, {f"{way} {clock}": [] for way in WAYS for clock in ("wall", "cpu")})
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                searcher.search(q, kind=kind, filters=filters)
            except QueryTooComplex:
                pass
            entry["search cpu"].append(time.thread_time() - cpu)
            entry["search wall"].append(time.perf_counter() - wall)
            params = {"q": q, **({"kind": kind} if kind else {}), **(filters or {})}
            wall, cpu = time.perf_counter(), time.thread_time()
            response = client.get("/api/search", query_string=params)
            entry["app cpu"].append(time.thread_time() - cpu)
            entry["app wall"].append(time.perf_counter() - wall)
            expected = 400 if name.startswith("refused") else 200
            assert response.status_code == expected, (name, q, response.status_code)
    return {name: {key: percentiles(s) for key, s in entry.items()} for name, entry in samples.items()}


def main() -> None:
    from search import machine_ms, query_mix

    from web import create_app

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="a data directory with a build (default: build one)")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each expensive query per round")
    parser.add_argument("--queries", type=int, default=200, help="normal queries per round")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--print", action="store_true", help="print the expensive queries as JSON and stop")
    args = parser.parse_args()
    workdir = None
    data_dir = args.data_dir
    if data_dir is None:
        from kb.build import build

        workdir = Path(tempfile.mkdtemp(prefix="kb-budget-"))
        data_dir = workdir / "data"
        build(ROOT / "corpus", data_dir)
    try:
        searcher = searcher_for(KnowledgeBase.load(data_dir))
        expensive = expensive_queries(searcher)
        if args.print:
            print(json.dumps(expensive, ensure_ascii=False, indent=1))
            return
        client = create_app({"TESTING": True, "KB_DATA_DIR": str(data_dir)}).test_client()
        normal = query_mix(args.queries)
        timed(searcher, client, normal[:40], expensive, 1, 1)  # warm both ways
        before = machine_ms()
        results = timed(searcher, client, normal, expensive, args.rounds, args.repeats)
        after = machine_ms()
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    base = results["normal"]
    keys = list(base)
    report: dict[str, Any] = {"machine_ms": [before, after], "normal": base, "expensive": {}, "refused": {}}
    for e in expensive:
        row = results[e["name"]]
        report["expensive"][e["name"]] = {
            "q": e["q"], **row, "x_normal_p50": {k: round(row[k]["p50"] / base[k]["p50"], 1) for k in keys}}
        if e["rejected"]:
            report["refused"][e["name"]] = {"q": e["rejected"], **results[f"refused: {e['name']}"]}
    report["worst"] = {}
    for key in keys:
        worst50 = max(report["expensive"], key=lambda n: results[n][key]["p50"])
        worst95 = max(report["expensive"], key=lambda n: results[n][key]["p95"])
        report["worst"][key] = {
            "p50": results[worst50][key]["p50"], "p50_query": worst50,
            "p95": results[worst95][key]["p95"], "p95_query": worst95,
            "p50_x_normal_p50": round(results[worst50][key]["p50"] / base[key]["p50"], 1),
            "p95_x_normal_p50": round(results[worst95][key]["p95"] / base[key]["p50"], 1)}
    print(f"machine_ms {before} / {after}")
    print(f"{'':24s}" + "".join(f"{k:>22s}" for k in keys) + "   (p50 / p95 ms, p50 ÷ normal p50)")
    for name, row in [("normal", {**base, "x_normal_p50": {k: 1.0 for k in keys}}), *report["expensive"].items()]:
        print(f"{name:24s}" + "".join(f"{row[k]['p50']:7.2f} /{row[k]['p95']:6.2f} {row['x_normal_p50'][k]:5.1f}x"
                                      for k in keys))
    for name, row in report["refused"].items():
        print(f"{'refused ' + name:24s}" + "".join(f"{row[k]['p50']:7.2f} /{row[k]['p95']:6.2f}       " for k in keys))
    for key, worst in report["worst"].items():
        print(f"worst accepted, {key}: p50 {worst['p50']} ms ({worst['p50_query']}, {worst['p50_x_normal_p50']}x), "
              f"p95 {worst['p95']} ms ({worst['p95_query']}, {worst['p95_x_normal_p50']}x normal p50)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
