"""The bilingual search: analysis, query handling, the JSON contract, and relevance."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh.query import And, Phrase, Term

from kb.cli import main
from kb.search import QueryError, Searcher, searcher_for
from kb.search.analysis import JiebaTokenizer, chinese_analyzer
from kb.search.evaluate import run_eval
from kb.search.indexing import make_schema
from kb.search.query.prepare import language_runs
from kb.store import KnowledgeBase

from .conftest import DATA


@pytest.fixture(scope="module")
def searcher(kb: KnowledgeBase) -> Searcher:
    return searcher_for(kb)


def ids(result: dict) -> list[str]:
    return [h["id"] for h in result["hits"]]


def test_tokenizer_counts_positions_one_by_one_with_offsets() -> None:
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in chinese_analyzer()("集成电路材料研发工程师", positions=True, chars=True)]
    assert [t[1] for t in tokens] == list(range(len(tokens)))
    assert "".join(t[0] for t in tokens) == "集成电路材料研发工程师"  # no overlapping sub-words
    assert all("集成电路材料研发工程师"[s:e] == text for text, _, s, e in tokens)
    assert pickle.loads(pickle.dumps(make_schema()))["title_zh"].analyzer is not None
    assert isinstance(pickle.loads(pickle.dumps(JiebaTokenizer())), JiebaTokenizer)


def test_user_dictionary_keeps_domain_words_whole(searcher: Searcher) -> None:
    from kb.search import jieba_tokens

    assert [w for w, _, _ in jieba_tokens("区块链工程师")][0] == "区块链"
    assert "精算师" in [w for w, _, _ in jieba_tokens("精算师")]


def test_chinese_phrase_queries_work(searcher: Searcher) -> None:
    phrase = Phrase("req_zh", ["研究", "与", "设计", "开发", "能力"])
    assert len(searcher.searcher.search(phrase, limit=None)) >= 10


def test_language_runs() -> None:
    assert [(r.text, r.lang) for r in language_runs("blockchain 工程师")] == [("blockchain", "en"), ("工程师", "zh")]
    assert [(r.text, r.lang) for r in language_runs("green card 绿卡")] == [("green card", "en"), ("绿卡", "zh")]


def test_contract_shape(searcher: Searcher) -> None:
    result = searcher.search("blockchain")
    assert set(result) >= {"query", "total", "hits", "facets", "expanded", "did_you_mean", "converted"}
    hit = result["hits"][0]
    assert set(hit) >= {"id", "kind", "doc", "title", "snippet", "score"}
    assert set(hit["title"]) == {"zh", "en"} and set(hit["snippet"]) == {"zh", "en"}
    qianhai = next(h for h in result["hits"] if h["id"] == "qh-d09")
    assert "<mark>blockchain</mark>" in qianhai["snippet"]["en"] and "<mark>区块链</mark>" in qianhai["snippet"]["zh"]
    beijing = next(h for h in result["hits"] if h["id"] == "bj-13")
    # The Beijing catalogue's English is this knowledge base's translation, and says so.
    assert beijing["snippet"]["en"] and beijing["unofficial"][:3] == ["title.en", "industry.en", "competencies.en"]
    assert result["facets"]["kind"]["occupation"] >= 3
    json.dumps(result)


def test_traditional_input_is_converted_and_said(searcher: Searcher) -> None:
    result = searcher.search("軟體開發", kind="occupation")
    assert result["converted"] == "软件开发"
    assert "bj-11" in ids(result)


def test_english_reaches_chinese_only_text_through_expansions(searcher: Searcher) -> None:
    result = searcher.search("Abel Prize", kind="section")
    assert ids(result)[0] == "beijing-notice:zh:annex-1.2.2"
    assert "阿贝尔" in result["expanded"]
    quantum = searcher.search("quantum communication", kind="occupation")
    assert ids(quantum)[0] == "bj-03" and {"量子", "通信"} <= set(quantum["expanded"])


def test_typos_are_matched_and_corrected(searcher: Searcher) -> None:
    result = searcher.search("blockchian", kind="occupation")
    assert result["did_you_mean"] == "blockchain"
    assert {"qh-s06", "qh-d09", "bj-13"} <= set(ids(result))
    assert searcher.search("blockchain")["did_you_mean"] is None
    assert searcher.typos.near_words("blockchian") == [("blockchain", 1)]  # a swap is one edit


def test_query_syntax_and_its_fallback(searcher: Searcher) -> None:
    assert ids(searcher.search('"dispute resolution" AND lawyer', kind="occupation")) == ["qh-s15"]
    assert ids(searcher.search("kind:occupation AND severity:extreme")) != []
    for broken in ['title:(broken AND', '"unbalanced', "AND OR NOT", "((((", "field:", "*"]:
        result = searcher.search(broken)
        assert isinstance(result["hits"], list)
    assert ids(searcher.search('blockchain AND (', kind="occupation"))[:1] in (["qh-d09"], ["qh-s06"], ["bj-13"])


def test_filters_and_empty_query(searcher: Searcher) -> None:
    result = searcher.search("", kind="occupation", filters={"city": "beijing", "min_degree": "doctor"})
    assert sorted(ids(result)) == ["bj-03", "bj-17", "bj-18"] and result["total"] == 3
    result = searcher.search("engineer", kind="occupation", filters={"min_degree": "bachelor", "city": "beijing"})
    assert result["total"] > 0 and all(h["id"].startswith("bj-") for h in result["hits"])
    assert result["facets"]["min_degree"] == {"bachelor": result["total"]}
    with pytest.raises(QueryError, match="unknown filter 'colour'"):
        searcher.search("x", filters={"colour": "red"})
    with pytest.raises(QueryError, match="kind must be one of"):
        searcher.search("x", kind="person")


def test_facet_counts_cover_the_whole_result(searcher: Searcher) -> None:
    result = searcher.search("", kind="occupation", filters={"city": "qianhai"}, limit=5)
    assert result["total"] == 50 and len(result["hits"]) == 5
    assert result["facets"]["severity"] == {"relative": 21, "extreme": 15, "moderate": 14}
    assert result["facets"]["list"] == {"qianhai-demand": 29, "qianhai-strategic": 21}


def test_term_hits_carry_the_pair(searcher: Searcher) -> None:
    result = searcher.search("紧缺时期", kind="term", limit=5)
    assert {"zh": "紧缺时期", "en": "Duration of demand to remain high"} in [h["title"] for h in result["hits"]]


@pytest.mark.parametrize("name", ["public_eval.json", "eval_cases.json"])
def test_relevance_cases(kb: KnowledgeBase, searcher: Searcher, name: str) -> None:
    report = run_eval(kb, searcher, DATA / name)
    failures = [(f["case"]["q"], f["missing"], f["top"]) for f in report["failures"]]
    assert not failures
    assert report["recall_at_10"] == 1.0 and report["mrr"] >= 0.9


def test_own_cases_cover_what_the_issue_asks() -> None:
    cases = json.loads((DATA / "eval_cases.json").read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 40
    docs = {c.get("expect_doc") for c in cases} | {c["expect_first"][:3] for c in cases if "expect_first" in c}
    assert {"beijing-notice", "liu-migration", "shanghai-study", "qianhai-list"} <= docs
    assert any("filters" in c for c in cases) and any(c["kind"] == "term" for c in cases)


def test_search_and_eval_commands(built: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["--data-dir", str(built), "search", "engineer", "--filter", "city=beijing",
                               "--filter", "min_degree=bachelor", "--limit", "3", "--json"])
    payload = json.loads(out.output)
    assert len(payload["hits"]) == 3 and all(h["id"].startswith("bj-") for h in payload["hits"])
    bad = runner.invoke(main, ["--data-dir", str(built), "search", "x", "--filter", "city"])
    assert bad.exit_code == 1 and "KEY=VALUE" in bad.output
    out = runner.invoke(main, ["--data-dir", str(built), "eval", str(DATA / "public_eval.json")])
    assert out.exit_code == 0 and "25 of 25 cases passed" in out.output and "recall@10 1.000" in out.output


@pytest.mark.parametrize("query", ["blockchain engineer", "区块链 工程师", "AI 训练师", "financial risk", "green card",
                                   "精算师", "人才 引进 政策", "博士后"])
def test_numpy_execution_agrees_with_whoosh(searcher: Searcher, query: str) -> None:
    """The vectorised executor finds what Whoosh's own matchers find, with Whoosh's BM25F scores
    (phrases included: Whoosh's phrase matcher checks the same positions)."""
    import numpy as np

    q = searcher.plain_query(query).query
    ours = searcher.scorer.run(q)
    theirs = {hit.docnum: hit.score for hit in searcher.searcher.search(q, limit=None)}
    assert set(np.flatnonzero(ours.mask).tolist()) == set(theirs)
    for docnum, score in theirs.items():
        assert ours.scores[docnum] == pytest.approx(score, rel=1e-6)


def test_the_tables_scores_are_the_scorers_formula_to_the_last_bit(searcher: Searcher) -> None:
    """Each posting's BM25F score, written at build time, is what the scorer computes from the
    postings, field lengths and idf it reads from Whoosh (so results do not change with it)."""
    from kb.search.execution.postings import PostingLists
    from kb.search.execution.scoring import PostingsScorer

    table = searcher.scorer.lists.table
    tableless = PostingsScorer(searcher.searcher)  # scores from Whoosh's own postings
    assert tableless.lists.table is None
    reader = searcher.searcher.reader()
    for field in ("title_zh", "body_zh", "title_en", "body_en"):
        for word in [w.decode("utf-8") for w in reader.lexicon(field)][::7]:
            ids, scores = table.scored(field, word)
            theirs = tableless.term_scores(field, word, 1.0)
            assert ids.tolist() == theirs[0].tolist() and scores.tolist() == theirs[1].tolist()
            boosted = searcher.scorer.term_scores(field, word, 2.5)[1]
            assert boosted.tolist() == (theirs[1] * 2.5).tolist()
    assert isinstance(tableless.lists, PostingLists) and not table.scored("body_en", "zzz")[0].size


def test_posting_table_holds_what_the_whoosh_index_holds(searcher: Searcher) -> None:
    """The build's decoded posting table agrees with the Whoosh index it sits beside: every
    word's postings, document frequency and prefix expansions, and every phrase's matches."""
    import numpy as np

    from kb.search.execution.postings import PostingLists

    table = searcher.scorer.lists.table
    whoosh = PostingLists(searcher.searcher)  # no table: reads Whoosh's own blocks
    reader = searcher.searcher.reader()
    checked = 0
    for field in ("title_zh", "req_zh", "body_zh", "title_en", "req_en", "body_en"):
        words = [w.decode("utf-8") for w in reader.lexicon(field)]
        assert table.holds(field) and list(table.expand_prefix(field, "")) == words
        for word in words:
            ids, weights = table.postings(field, word)
            theirs = whoosh.read(field, word)
            assert ids.tolist() == theirs[0].tolist() and weights.tolist() == theirs[1].tolist()
            assert table.doc_frequency(field, word) == reader.doc_frequency(field, word)
            docs, positions = table.positions(field, word)
            expected = whoosh.positions(field, word)
            assert sorted(zip(docs.tolist(), positions.tolist())) == sorted(
                (d, p) for d, ps in expected.items() for p in ps)
            checked += 1
        assert list(table.expand_prefix(field, "区块")) == [w for w in words if w.startswith("区块")]
    assert checked > 5000
    assert table.doc_frequency("body_en", "no-such-word") == 0 and table.postings("body_en", "zzz")[0].size == 0
    # Phrases: the table's vectorised check and the per-document check on Whoosh's positions agree.
    found = 0
    for words in (["blockchain", "engin"], ["green", "card"], ["人才", "引进"], ["engin", "blockchain"]):
        for field in ("title_en", "body_en", "title_zh", "body_zh"):
            query = Phrase(field, words)
            ours = searcher.scorer.run(query).mask
            every_word = searcher.scorer.run(And([Term(field, w) for w in words]))
            assert np.array_equal(ours, searcher.scorer._phrase_with_whoosh(query, every_word))
            found += int(ours.sum())
    assert found > 10
