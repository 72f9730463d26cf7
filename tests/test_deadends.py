"""Fewer dead ends and expansions that cannot be nonsense (issue 22): Chinese words the index
lacks carried by their glosses, the reviewed synonym table, dictionary senses checked against
the aligned text, stop words neither expanded nor marked, and relaxation when nothing matches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.errors import CorpusError
from kb.search import Searcher, searcher_for
from kb.search.evaluate import run_eval
from kb.search.synonyms import load_synonyms
from kb.store import KnowledgeBase
from web import create_app

from .conftest import DATA

CASES = "question_cases_deadends.json"


@pytest.fixture(scope="module")
def searcher(kb: KnowledgeBase) -> Searcher:
    return searcher_for(kb)


def terms(result: dict) -> list[str]:
    return [e["term"] for e in result["expansions"]]


def test_dead_end_cases(kb: KnowledgeBase, searcher: Searcher) -> None:
    cases = json.loads((DATA / CASES).read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 20
    assert any("\u4e00" <= c["q"][0] <= "\u9fff" for c in cases) and any(c["q"][0].isascii() for c in cases)
    report = run_eval(kb, searcher, DATA / CASES)
    assert report["passed"] >= 0.95 * report["cases"], [(f["case"]["q"], f["top"][:3]) for f in report["failures"]]


@pytest.mark.parametrize("query", ["个人所得税", "所得税"])
def test_a_chinese_word_the_index_lacks_reaches_the_text_that_says_it(searcher: Searcher, query: str) -> None:
    # Neither word is in the corpus, which writes 个税 and "personal income tax".
    result = searcher.search(query)
    assert result["total"] >= 1 and result["relaxed"] is None
    assert result["hits"][0]["doc"] == "qianhai-list"
    assert "<mark>income</mark> <mark>tax</mark>" in result["hits"][0]["snippet"]["en"]


def test_a_full_form_is_carried_to_its_abbreviation_through_the_term_base(searcher: Searcher) -> None:
    result = searcher.search("个人所得税")
    assert terms(result) == ["personal income tax", "个税"]
    assert [e["source"] for e in result["expansions"]] == ["dictionary", "term base"]


@pytest.mark.parametrize("query, expected", [
    ("fintech", {"financial technology", "金融科技"}),
    ("3D printing", {"additive manufacturing", "增材制造", "3D打印"}),
    ("世界500强", {"Fortune 500", "Fortune Global 500"}),
    ("green card", {"绿卡", "中国绿卡", "永久居留", "permanent residence"}),
])
def test_the_synonym_table_carries_a_query_to_the_corpus_words(searcher: Searcher, query: str,
                                                                 expected: set[str]) -> None:
    result = searcher.search(query)
    table = {e["term"] for e in result["expansions"] if e["source"] == "synonym table"}
    assert table == expected
    assert result["total"] >= 1


def test_a_table_term_is_searched_as_a_phrase_not_as_its_words(searcher: Searcher) -> None:
    # "green card" is neither 绿色 (green building) nor 身份证 (identity card).
    result = searcher.search("green card")
    assert "绿色" not in terms(result) and "身份证" not in terms(result)
    assert "bj-22" not in [h["id"] for h in result["hits"][:1]]  # green building engineer


@pytest.mark.parametrize("query, kept, dropped", [
    ("chip design", {"芯片"}, {"碎片"}),
    ("shares", set(), {"部分", "共享", "股份"}),
    ("A类人才认定标准", {"standard"}, {"maintain", "identify with", "norm"}),
    ("永久居留", set(), {"lasting"}),
])
def test_a_gloss_is_used_only_in_a_sense_the_aligned_text_uses(searcher: Searcher, query: str, kept: set[str],
                                                               dropped: set[str]) -> None:
    found = set(terms(searcher.search(query)))
    assert kept <= found
    assert not dropped & found


def test_stop_words_are_neither_expanded_nor_marked(searcher: Searcher) -> None:
    result = searcher.search("talent in Beijing for the city of")
    assert all(e["from"] not in {"in", "for", "of", "the"} for e in result["expansions"])
    snippets = " ".join(h["snippet"]["en"] or "" for h in result["hits"])
    assert "<mark>talent</mark>" in snippets.lower()
    for word in ("in", "for", "of", "the"):
        assert f"<mark>{word}</mark>" not in snippets.lower()


@pytest.mark.parametrize("query, level", [("智能网联", "any-word"), ("块链", "ngrams")])
def test_a_query_that_finds_nothing_is_relaxed_and_says_so(searcher: Searcher, query: str, level: str) -> None:
    result = searcher.search(query)
    assert result["relaxed"] == level and result["total"] >= 1
    if level == "ngrams":
        assert "qh-s06" in [h["id"] for h in searcher.search(query, kind="occupation")["hits"][:3]]


def test_relaxation_keeps_the_filters(searcher: Searcher) -> None:
    result = searcher.search("块链", kind="occupation", filters={"city": "beijing"})
    assert result["relaxed"] == "ngrams" and result["total"] >= 1
    assert {h["id"][:3] for h in result["hits"]} == {"bj-"}


def test_a_query_that_finds_something_is_not_relaxed(searcher: Searcher) -> None:
    assert searcher.search("blockchain")["relaxed"] is None
    assert searcher.search("xyzzy")["relaxed"] is None and searcher.search("xyzzy")["total"] == 0


def test_the_search_page_says_the_query_was_relaxed(built: Path) -> None:
    client = create_app({"TESTING": True, "KB_DATA_DIR": str(built), "KB_AS_OF": "2024-06-01"}).test_client()
    html = client.get("/?q=块链").get_data(as_text=True)
    assert "these results share two-character parts of them" in html
    assert "two-character" not in client.get("/?q=blockchain").get_data(as_text=True)
    assert client.get("/api/search?q=块链").get_json()["relaxed"] == "ngrams"


def test_the_synonym_table_reads_each_entry_and_names_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.toml"
    path.write_text('[[synonyms]]\nterms = ["fintech", "financial technology", "金融科技"]\nreason = "x"\n\n'
                    '[[synonyms]]\nterms = ["only one"]\nreason = "y"\n', encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        load_synonyms(path)
    assert error.value.line == 5 and "two or more" in str(error.value) and "synonyms.toml" in str(error.value)
    path.write_text('[[synonyms]]\nterms = ["fintech", "金融科技"]\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="reason"):
        load_synonyms(path)
    path.write_text('[[synonyms]]\nterms = ["Fintech", "金融科技"]\nreason = "contraction"\n', encoding="utf-8")
    assert load_synonyms(path) == {"zh": {"金融科技": ["Fintech"]}, "en": {"fintech": ["金融科技"]}}
    assert load_synonyms(tmp_path / "missing.toml") == {"zh": {}, "en": {}}
