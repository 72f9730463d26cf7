"""Search speed: the real corpus and synthetic corpora 10x and 100x its size.

One run reports, for each size:

* build time and index size of the project's index and posting table (``kb build``'s own
  code path);
* cold start: a new Python process, from start to its first search result
  (jieba's dictionary, OpenCC and the index included);
* query latency p50/p95 over a fixed mix of 200 queries (English, Chinese,
  traditional, cross-language, with filters, and 30% questions from
  tests/data/questions.json and question_cases.json), snippets and highlights
  included, and separately for the questions and the keyword queries;

and the same for two reference points built from the same documents and run
with the same queries:

* **plain Whoosh**: jieba's stock ``ChineseAnalyzer``, Whoosh's default
  analyzer for English, a ``MultifieldParser`` query and Whoosh's own
  highlighter -- what a user would write in an afternoon;
* **SQLite FTS5** over jieba-pre-tokenised text, with ``snippet()``;
* **tantivy** (Rust, its Python bindings) over the same jieba tokens, its English stemmer,
  an OR of the query's words and its snippet generator: what a team would pick for speed.

The engines take each query in turn (project, plain Whoosh, FTS5, tantivy, then the
next query), so a change in the machine's speed during the run weighs on all
of them alike; ``machine_ms`` (a fixed Python loop, before and after the timed
queries) says how fast the machine was, so runs on different days can be compared.
Running the other engines between the project's queries also takes the
project's data out of the processor's caches; ``--engines project`` times the
project alone, as this script did before it interleaved.

Synthetic corpora are variants of the real records and sections made with a
fixed seed: competencies, specialties and paragraphs are resampled from the
corpus in both languages, so vocabulary and document lengths stay realistic.

Usage::

    .venv/bin/python bench/search.py [--sizes 1,10,100] [--queries 200] [--json out.json] [--laws]
                                     [--engines project,plain_whoosh,sqlite_fts5,tantivy]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.build import KnowledgeBaseData, parse_corpus, write_build  # noqa: E402
from kb.model import Occupation, Section  # noqa: E402
from kb.store import KnowledgeBase  # noqa: E402

SEED = 20261121
# Queries built to be expensive: patterns over the whole vocabulary, fuzzy and range syntax,
# huge and odd input. Each must answer well within a second at every size.
HOSTILE = ["*", "*a*", "?", "*ing", "a* OR b* OR c* OR d* OR e*", "人*", "*人*", "engineer~2", "enginer~9",
           "title_en:[a TO z]", "body_zh:[* TO *]", '"unbalanced', "(((", "x" * 10_000, "人才" * 5000,
           "😀 区块链 😀", "\x00blockchain", " ".join(["x*"] * 60), "talent policy immigration system reform " * 20]


# -- synthetic corpora -----------------------------------------------------------------

def law_corpus(target: Path) -> Path:
    """corpus/ copied to ``target`` with the fixture laws of tests/data/laws added (their files,
    manifest entries and curated English), as tests/test_laws.py builds them."""
    sys.path.insert(0, str(ROOT))
    from tests.test_laws import law_corpus as add_laws

    return add_laws(target)


def synthetic(data: KnowledgeBaseData, factor: int) -> KnowledgeBaseData:
    """``factor`` times the records and sections: the originals plus seeded variants."""
    if factor == 1:
        return data
    rng = random.Random(SEED + factor)
    records, sections = list(data.records), list(data.sections)
    bilingual_items = [(r.competencies["zh"], r.competencies["en"]) for r in data.records
                       if r.competencies["en"] and len(r.competencies["zh"]) == len(r.competencies["en"])]
    pool_zh = [c for r in data.records for c in r.competencies["zh"]]
    specialties = [(r.specialties["zh"], r.specialties["en"]) for r in data.records]
    paragraphs = [p for s in data.sections for p in s.body.split("\n\n") if p]
    for copy in range(1, factor):
        for r in data.records:
            v = Occupation(**{**r.__dict__})
            v.id = f"{r.id}-v{copy}"
            if r.competencies["en"]:
                zh, en = rng.choice(bilingual_items)
                v.competencies = {"zh": list(zh), "en": list(en)}
            else:
                v.competencies = {"zh": rng.sample(pool_zh, 3), "en": None}
            sz, se = rng.choice(specialties)
            v.specialties = {"zh": sz, "en": se if r.specialties["en"] else None}
            v.notes, v.source = [], {"doc": r.doc}
            records.append(v)
        renamed = {s.id: f"{s.id}-v{copy}" for s in data.sections}
        for s in data.sections:
            body = s.body.split("\n\n") if s.body else []
            body = rng.sample(body, len(body)) + rng.sample(paragraphs, min(2, len(paragraphs)))
            sections.append(Section(**{**s.__dict__, "id": renamed[s.id],
                                       "path": f"{s.path}-v{copy}", "body": "\n\n".join(body),
                                       "counterpart": renamed.get(s.counterpart) if s.counterpart else None,
                                       "parent": renamed.get(s.parent) if s.parent else None,
                                       "notes": [], "records": []}))
    return KnowledgeBaseData(documents=data.documents, records=records, sections=sections,
                             errata=data.errata, units=[], term_pairs=data.term_pairs)


# -- the query mix ---------------------------------------------------------------------------

QUESTION_FILES = ("tests/data/questions.json", "tests/data/question_cases.json")
# The share of the mix that is questions (the rest are the keyword cases and extras).
QUESTION_SHARE = 0.3


def query_mix(count: int) -> list[dict[str, Any]]:
    """``count`` queries: keyword cases and extras, and a question mix (:data:`QUESTION_SHARE`)."""
    cases = []
    for name in ("tests/data/public_eval.json", "tests/data/eval_cases.json"):
        cases += json.loads((ROOT / name).read_text(encoding="utf-8"))["cases"]
    questions = [{"q": c["q"], "kind": c.get("kind"), "filters": None, "question": True}
                 for name in QUESTION_FILES
                 for c in json.loads((ROOT / name).read_text(encoding="utf-8"))["cases"]]
    extra = [
        {"q": "engineer", "filters": {"city": "beijing"}}, {"q": "专才", "filters": {"severity": "extreme"}},
        {"q": "manager", "filters": {"min_degree": "master"}}, {"q": "研究", "filters": {"list": "qianhai-demand"}},
        {"q": "人才"}, {"q": "talent policy"}, {"q": "技術移民"}, {"q": "國際貿易"}, {"q": "AI 训练师"},
        {"q": "blockchain 工程师"}, {"q": "finance"}, {"q": "金融"}, {"q": "data science"}, {"q": "数据"},
        {"q": "", "filters": {"city": "qianhai", "shortage_duration": "long"}},
    ]
    mix = [{"q": c["q"], "kind": c.get("kind"), "filters": c.get("filters")} for c in cases]
    mix += [{"q": e["q"], "kind": None, "filters": e.get("filters")} for e in extra]
    rng = random.Random(SEED)
    wanted = round(count * QUESTION_SHARE)
    out = [dict(q) for q in rng.sample(questions, min(wanted, len(questions)))]
    while len(out) < count:
        out += rng.sample(mix, min(len(mix), count - len(out)))
    rng.shuffle(out)
    return out


def percentiles(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {"p50": round(statistics.median(samples) * 1000, 2),
            "p95": round(samples[int(len(samples) * 0.95) - 1] * 1000, 2),
            "max": round(samples[-1] * 1000, 2)}


@dataclass
class Engine:
    """One built search engine: what its build measured, one query, and closing it (which
    may measure more)."""

    info: dict[str, Any]
    run: Callable[[dict[str, Any]], None]
    close: Callable[[], dict[str, Any]]


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- the project's search -----------------------------------------------------------------

COLD_START = """
import sys, time
sys.path.insert(0, {root!r})
from kb.store import KnowledgeBase
from kb.search import searcher_for
result = searcher_for(KnowledgeBase.load({data!r})).search("blockchain 工程师")
assert result["hits"]
"""


def bench_project(data: KnowledgeBaseData, queries: list[dict[str, Any]], workdir: Path) -> Engine:
    data_dir = workdir / "project"
    started = time.perf_counter()
    # The reviewed synonym table as `kb build` reads it (the law corpus copies corpus/'s).
    from kb.search.synonyms import SYNONYMS_FILE, load_synonyms

    build = write_build(data, data_dir, data_dir / "cache", synonyms=load_synonyms(ROOT / "corpus" / SYNONYMS_FILE))
    build_seconds = time.perf_counter() - started
    cold = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", COLD_START.format(root=str(ROOT), data=str(data_dir))], check=True)
        cold.append(time.perf_counter() - t)
    from kb.search import Searcher
    from kb.serving import preload

    preload(data_dir)  # as a server's master does before its workers fork (jieba's dictionary whole)
    searcher = Searcher(KnowledgeBase.load(data_dir))
    for q in queries[:20]:  # warm the caches a served process would have warm
        searcher.search(q["q"], kind=q["kind"], filters=q["filters"])

    def run(q: dict[str, Any]) -> None:
        searcher.search(q["q"], kind=q["kind"], filters=q["filters"], limit=10)

    def close() -> dict[str, Any]:
        from kb.errors import QueryTooComplex

        hostile = {}
        for text in HOSTILE:
            t = time.perf_counter()
            try:
                searcher.search(text)
            except QueryTooComplex:
                pass  # over the query budget (bench/budget.py): the time to refuse it
            hostile[text[:40]] = round((time.perf_counter() - t) * 1000, 1)
        searcher.close()
        worst = max(hostile, key=hostile.__getitem__)
        return {"hostile_max_ms": hostile[worst], "hostile_worst": worst}

    return Engine({"build_s": round(build_seconds, 2), # The index and the posting table decoded from it.
                   "index_mb": round((dir_size(build / "index") + dir_size(build / "postings")) / 1e6, 2),
                   "cold_start_s": round(min(cold), 2)}, run, close)


# -- reference 1: plain Whoosh with jieba's ChineseAnalyzer ---------------------------------

def index_rows(data: KnowledgeBaseData) -> list[dict[str, str]]:
    rows = []
    for r in data.records:
        rows.append({"id": r.id, "kind": "occupation", "city": r.city,
                     "zh": " ".join([r.title["zh"]] + (r.competencies["zh"] or []) + [r.specialties["zh"] or ""]),
                     "en": " ".join([r.title["en"] or ""] + (r.competencies["en"] or []) + [r.specialties["en"] or ""])})
    for s in data.sections:
        key = "zh" if s.lang == "zh" else "en"
        rows.append({"id": s.id, "kind": "section", "city": "", key: f"{s.heading or ''} {s.body}",
                     "en" if key == "zh" else "zh": ""})
    return rows


def bench_plain_whoosh(data: KnowledgeBaseData, workdir: Path) -> Engine:
    import jieba.analyse  # the stock analyzer, as the jieba README shows it
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import MultifieldParser

    directory = workdir / "plain-whoosh"
    directory.mkdir()
    schema = Schema(id=ID(stored=True, unique=True), kind=ID(stored=True), city=ID(stored=True),
                    zh=TEXT(stored=True, analyzer=jieba.analyse.ChineseAnalyzer()), en=TEXT(stored=True))
    started = time.perf_counter()
    ix = index.create_in(str(directory), schema)
    with ix.writer() as writer:
        for row in index_rows(data):
            writer.add_document(**row)
    build_seconds = time.perf_counter() - started
    parser = MultifieldParser(["zh", "en"], schema)
    searcher = ix.searcher()

    def run(q: dict[str, Any]) -> None:
        for hit in searcher.search(parser.parse(q["q"] or "*"), limit=10):
            hit.highlights("zh")
            hit.highlights("en")

    def close() -> dict[str, Any]:
        searcher.close()
        return {}

    return Engine({"build_s": round(build_seconds, 2), "index_mb": round(dir_size(directory) / 1e6, 2)}, run, close)


# -- reference 2: SQLite FTS5 over jieba-pre-tokenised text -----------------------------------

def bench_fts5(data: KnowledgeBaseData, workdir: Path) -> Engine:
    import re

    from kb.search import jieba_tokens

    def tokens(text: str) -> str:
        return " ".join(w.lower() for w, _, _ in jieba_tokens(text))

    path = workdir / "fts5.sqlite"
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, kind UNINDEXED, city UNINDEXED, zh, en)")
    db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                   [(r["id"], r["kind"], r["city"], tokens(r["zh"]), r["en"]) for r in index_rows(data)])
    db.commit()
    build_seconds = time.perf_counter() - started

    def run(q: dict[str, Any]) -> None:
        words = [w for w in re.findall(r"\w+", tokens(q["q"])) if w]
        if words:
            match = " OR ".join(f'"{w}"' for w in words)
            db.execute("SELECT id, snippet(docs, 3, '<mark>', '</mark>', '…', 12), "
                       "snippet(docs, 4, '<mark>', '</mark>', '…', 12) FROM docs WHERE docs MATCH ? "
                       "ORDER BY bm25(docs) LIMIT 10", (match,)).fetchall()

    def close() -> dict[str, Any]:
        db.close()
        return {}

    return Engine({"build_s": round(build_seconds, 2), "index_mb": round(path.stat().st_size / 1e6, 2)}, run, close)


# -- reference 3: tantivy (Rust, through its Python bindings) over the same jieba tokens ------

def bench_tantivy(data: KnowledgeBaseData, workdir: Path) -> Engine:
    """What a team would pick for speed: tantivy's BM25 over jieba-pre-tokenised Chinese
    (its whitespace tokenizer) and its own English stemmer, OR of the query's words across
    both fields, with tantivy's snippet generator for the highlights."""
    import re

    import tantivy

    from kb.search import jieba_tokens

    def tokens(text: str) -> str:
        return " ".join(w.lower() for w, _, _ in jieba_tokens(text) if w.strip())

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("zh", stored=True, tokenizer_name="whitespace")
    builder.add_text_field("en", stored=True, tokenizer_name="en_stem")
    schema = builder.build()
    directory = workdir / "tantivy"
    directory.mkdir()
    started = time.perf_counter()
    ix = tantivy.Index(schema, path=str(directory))
    writer = ix.writer(heap_size=100_000_000, num_threads=1)
    for row in index_rows(data):
        writer.add_document(tantivy.Document(id=row["id"], zh=tokens(row["zh"]), en=row["en"]))
    writer.commit()
    writer.wait_merging_threads()
    ix.reload()
    build_seconds = time.perf_counter() - started
    searcher = ix.searcher()

    def run(q: dict[str, Any]) -> None:
        # The query's words, without tantivy's query syntax (a user's * or : is a word here).
        words = [w for w in re.findall(r"\w+", tokens(q["q"] or "")) if w]
        if not words:
            return
        query = ix.parse_query(" ".join(words), ["zh", "en"])
        hits = searcher.search(query, 10).hits
        snippets = [tantivy.SnippetGenerator.create(searcher, query, schema, f) for f in ("zh", "en")]
        for _, address in hits:
            doc = searcher.doc(address)
            for generator in snippets:
                generator.snippet_from_doc(doc).to_html()

    def close() -> dict[str, Any]:
        return {}

    return Engine({"build_s": round(build_seconds, 2), "index_mb": round(dir_size(directory) / 1e6, 2)}, run, close)


# -- timing: the engines query by query ---------------------------------------------------

ENGINES = ("project", "plain_whoosh", "sqlite_fts5", "tantivy")


def machine_ms() -> float:
    """A fixed pure-Python loop, best of five, in milliseconds: how fast the machine runs
    Python right now (shared machines vary by 2× from one minute to the next)."""
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        best = min(best, time.perf_counter() - t)
    return round(best * 1000, 1)


def timed(engines: dict[str, Engine], queries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each query on each engine in turn, so a change in the machine's speed during the run
    weighs on all of them alike; latency percentiles per engine (and the project's questions
    and keyword queries apart)."""
    samples: dict[str, list[float]] = {name: [] for name in engines}
    questions: list[float] = []
    keywords: list[float] = []
    for q in queries:
        for name, engine in engines.items():
            t = time.perf_counter()
            engine.run(q)
            took = time.perf_counter() - t
            samples[name].append(took)
            if name == "project":
                (questions if q.get("question") else keywords).append(took)
    report = {name: {**engine.info, **percentiles(samples[name]), **engine.close()} for name, engine in engines.items()}
    report["project"]["questions"] = percentiles(questions) if questions else None
    report["project"]["keywords"] = percentiles(keywords)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--laws", action="store_true",
                        help="add the fixture laws of tests/data/laws to the corpus before scaling it")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help="which to build and time (with one, nothing runs between its queries)")
    args = parser.parse_args()
    chosen = [e.strip() for e in args.engines.split(",") if e.strip()]
    if "project" not in chosen or any(e not in ENGINES for e in chosen):
        parser.error(f"--engines: a comma-separated choice of {', '.join(ENGINES)}, the project included")
    if args.laws:
        # The corpus with the fixture laws of tests/data/laws (a 条例 with its partial English, a
        # decision amending it, rules, a notice) added as tests/test_laws.py adds them, so the
        # synthetic variants hold articles, chapters and clauses too.
        corpus = Path(tempfile.mkdtemp(prefix="kb-bench-laws-")) / "corpus"
        law_corpus(corpus)
        base = parse_corpus(corpus)
        shutil.rmtree(corpus.parent, ignore_errors=True)
    else:
        base = parse_corpus(ROOT / "corpus")
    queries = query_mix(args.queries)
    report: dict[str, Any] = {"queries": len(queries), "engines": chosen, "sizes": {}}
    for factor in (int(f) for f in args.sizes.split(",")):
        data = synthetic(base, factor)
        workdir = Path(tempfile.mkdtemp(prefix=f"kb-bench-{factor}x-"))
        try:
            engines = {"project": bench_project(data, queries, workdir)}
            if "plain_whoosh" in chosen:
                engines["plain_whoosh"] = bench_plain_whoosh(data, workdir)
            if "sqlite_fts5" in chosen:
                engines["sqlite_fts5"] = bench_fts5(data, workdir)
            if "tantivy" in chosen:
                engines["tantivy"] = bench_tantivy(data, workdir)
            before = machine_ms()
            results = timed(engines, queries)
            after = machine_ms()
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        project = results["project"]
        row = {"records": len(data.records), "sections": len(data.sections), "machine_ms": [before, after],
               **results}
        for name, key in (("plain_whoosh", "p95_vs_plain_whoosh"), ("sqlite_fts5", "p95_vs_fts5"),
                          ("tantivy", "p95_vs_tantivy")):
            if name in results and project["p95"]:
                row[key] = round(results[name]["p95"] / project["p95"], 2)
        report["sizes"][f"{factor}x"] = row
        print(json.dumps({f"{factor}x": row}, ensure_ascii=False), flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
