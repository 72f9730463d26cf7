"""Relevance beyond BM25 (kb/search/execution/relevance.py): each content word weighed by how
specific it is, headings not above the paragraph that answers, words typed together found close
together, and a confidence on every hit that says when nothing answers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kb.search import Searcher, searcher_for
from kb.search.execution.relevance import CONFIDENT, Relevance
from kb.store import KnowledgeBase
from web import create_app


@pytest.fixture(scope="module")
def searcher(kb: KnowledgeBase) -> Searcher:
    return searcher_for(kb)


def _text(kb: KnowledgeBase, searcher: Searcher, hit: dict) -> str:
    if hit["kind"] == "passage":
        return " ".join(t or "" for t in searcher.hits.passage_texts(kb.get(hit["id"])).values())
    return str(hit["snippet"]) + str(hit["title"])


def test_coverage_weighs_a_rare_word_above_a_common_one(searcher: Searcher) -> None:
    """A document holding the query's rare word (图灵奖, in a handful of documents) holds more
    of the query than one holding only its common word (人才, in hundreds)."""
    plan = searcher.planner.plain("图灵奖 人才")
    relevance = Relevance(searcher.scorer, plan.concepts)
    coverage = relevance.coverage()
    # Where each word is held, in either language (图灵奖 or "Turing Award", 人才 or "talent").
    rare, common = (relevance._mask(c.own + c.wider) for c in plan.concepts)
    only_rare, only_common = rare & ~common, common & ~rare
    assert only_rare.any() and only_common.any()
    assert coverage[only_rare].min() > 0.5 > coverage[only_common].max()


def test_the_specific_words_outrank_a_common_word_matched_in_a_title(searcher: Searcher) -> None:
    """"high-end" (高端) is in an occupation's title (High-end property management specialist);
    the question is about income tax, which the Qianhai list's policy paragraph states (个税 15%)."""
    result = searcher.search("What income tax rate applies to high-end talent in Qianhai?")
    first = result["hits"][0]
    assert first["doc"] == "qianhai-list" and first["kind"] in ("passage", "section")
    assert "15%" in _text(searcher.kb, searcher, first)
    ranks = [h["id"] for h in result["hits"]]
    assert "qh-d22" not in ranks[:1]
    assert result["no_confident_match"] is False and result["answer"] is not None


def test_a_long_question_keeps_its_rare_term_first(searcher: Searcher) -> None:
    """The rare term (Turing Award, 图灵奖) decides, in English and Chinese, even with the common
    words of the criteria around it."""
    for query in ("Turing Award laureate, Beijing high-end talent criteria", "图灵奖 北京 高端人才 认定标准"):
        hits = searcher.search(query)["hits"]
        assert hits[0]["doc"] == "beijing-notice"
        occupations = [i for i, h in enumerate(hits) if h["kind"] == "occupation"]
        assert not occupations or occupations[0] >= 2, (query, [h["id"] for h in hits[:5]])


def test_every_hit_has_a_confidence(searcher: Searcher) -> None:
    for query in ("区块链工程师", "What degree does an actuary need?", "精算师 OR 律师", "chip"):
        result = searcher.search(query)
        assert result["hits"], query
        assert all(0.0 <= h["confidence"] <= 1.0 for h in result["hits"])
        assert result["hits"][0]["confidence"] >= CONFIDENT and result["no_confident_match"] is False


@pytest.mark.parametrize("query", ["What is the visa fee for tourists?", "Can my children attend international school?",
                                   "上海的房价是多少"])
def test_a_question_nothing_answers_says_so(searcher: Searcher, query: str) -> None:
    result = searcher.search(query)
    assert result["no_confident_match"] is True
    assert result["answer"] is None
    assert all(h["confidence"] < CONFIDENT for h in result["hits"][:1])


def test_the_page_says_nothing_answers_and_shows_the_closest(built: Path) -> None:
    client = create_app({"TESTING": True, "KB_DATA_DIR": str(built), "KB_AS_OF": "2024-06-01"}).test_client()
    html = client.get("/?q=What+is+the+visa+fee+for+tourists%3F").get_data(as_text=True)
    assert "Nothing in the knowledge base answers this; closest matches:" in html
    assert '<section class="answer"' not in html
    answered = client.get("/?q=What+degree+does+an+actuary+need%3F").get_data(as_text=True)
    assert "Nothing in the knowledge base answers this" not in answered
    api = client.get("/api/search?q=What+is+the+visa+fee+for+tourists%3F").get_json()
    assert api["no_confident_match"] is True and api["answer"] is None
    assert all("confidence" in h for h in api["hits"])


def test_a_common_heading_word_weighs_less_in_headings(searcher: Searcher) -> None:
    """A word in many headings (人才 heads sections of every document) gets a damped title weight;
    a rare heading word keeps the full one."""
    from kb.search.query.plan import COMMON_HEADING, HEADING_DAMPING, _boost

    planner = searcher.planner
    assert planner._doc_frequency("title_zh", "人才") > COMMON_HEADING
    assert planner._weight("title_zh", "人才") == pytest.approx(_boost("title_zh") * HEADING_DAMPING)
    assert planner._weight("title_zh", "精算师") == _boost("title_zh")


def test_words_typed_together_rank_the_passage_holding_them_close(searcher: Searcher) -> None:
    """Proximity: among the matches of a multi-word question, a document whose body has two of
    its words within the window gets the bonus, one holding them far apart does not."""
    plan = searcher.planner.plain("personal income tax rate", question=True)
    relevance = Relevance(searcher.scorer, plan.concepts)
    matches = searcher.scorer.run(plan.query)
    bonus = relevance.proximity(matches, np.ones(searcher.scorer.size, dtype=bool))
    close = [searcher.facets.value("id", d) for d in np.flatnonzero(bonus > 1)]
    assert "qianhai-list:zh:4:p1" in close  # "personal income tax rate of 15%"
    scattered = [searcher.facets.value("id", d) for d in np.flatnonzero(matches.mask & (bonus == 1))]
    assert len(scattered) > 20
    assert all(bonus[d] == 1 for d in np.flatnonzero(~matches.mask))


def test_a_city_the_question_names_filters_the_occupations_to_its_lists(searcher: Searcher) -> None:
    """"… in Qianhai": an occupation of Beijing's catalogue does not answer it, however well it
    matches (bj-23 holds 金融 in its title; qh-d05 is Qianhai's finance occupation asking a PhD)."""
    result = searcher.search("Which finance occupation in Qianhai requires a doctorate?", kind="occupation")
    assert result["understood"]["constraints"]["city"] == {"is": "qianhai"}
    assert result["hits"][0]["id"] == "qh-d05"
    assert {searcher.kb.get(h["id"])["city"] for h in result["hits"]} == {"qianhai"}
    # Sections are not filtered by the city: a clause states no list.
    mixed = searcher.search("前海 人工智能 岗位 要求什么")
    assert mixed["understood"]["city"] == "qianhai"


def test_years_a_question_asks_about_raise_the_occupations_stating_them(searcher: Searcher) -> None:
    result = searcher.search("哪个职业要求10年以上工作经验？", kind="occupation")
    assert result["understood"]["constraints"]["experience_required"] == {"years": 10}
    assert result["hits"][0]["id"] == "qh-d14"
    english = searcher.search("Which occupation requires 10 years or more of experience?", kind="occupation")
    assert english["understood"]["constraints"]["experience_required"] == {"years": 10}
    assert english["hits"][0]["id"] == "qh-d14"


def test_the_page_says_the_city_filter(built: Path) -> None:
    client = create_app({"TESTING": True, "KB_DATA_DIR": str(built), "KB_AS_OF": "2024-06-01"}).test_client()
    html = client.get("/?q=Which+finance+occupation+in+Qianhai+requires+a+doctorate%3F").get_data(as_text=True)
    assert 'data-constraint="city"' in html and "Filtered:" in html


@pytest.mark.parametrize("query, first", [("artificial intelligence trainer", "qh-d07"), ("人工智能训练师需要什么学历", "qh-d07"),
                                          ("VR specialist", "qh-d10"), ("IC materials R&D engineer", "bj-05"),
                                          ("What does a salary design specialist need?", "qh-s19")])
def test_abbreviations_and_everyday_words_reach_the_official_term(searcher: Searcher, query: str, first: str) -> None:
    """Through the reviewed synonym table (corpus/synonyms.toml, a reason per line): AI ↔
    artificial intelligence ↔ 人工智能, VR, IC, salary ↔ remuneration (薪酬)."""
    assert searcher.search(query, kind="occupation")["hits"][0]["id"] == first


def test_simplified_input_is_searched_as_typed(searcher: Searcher) -> None:
    """tw2sp swaps Taiwan's words for the mainland's; a run already simplified is not converted
    (核心 "core" stayed 内核 "kernel" and the paragraph saying which 2 links are the core was lost)."""
    from kb.search.query.prepare import to_simplified

    assert to_simplified("管理体系的核心环节") == "管理体系的核心环节"
    assert to_simplified("軟體工程師 核心") == "软件工程师 核心"
    result = searcher.search("外国人才来沪工作的管理体系中哪两个环节是核心？", kind="section")
    assert result["converted"] is None and "核心" in result["understood"]["content"]
    assert "shanghai-study:zh:2.2" in {h.get("section") or h["id"] for h in result["hits"][:3]}


def test_a_clause_is_credited_with_the_words_of_its_headings_and_document(searcher: Searcher) -> None:
    """"… under Beijing's high-end talent criteria": the award clause (附件1 二.2) holds the award;
    认定标准 is its annex's and its document's title. The clause ranks above the sections that
    only repeat the criteria's name, and the "s" of "Beijing's" is no word."""
    result = searcher.search("Is a Turing Award laureate recognised under Beijing's high-end talent criteria?",
                             kind="section")
    assert " s " not in f" {result['understood']['content']} "
    assert result["hits"][0]["id"].startswith("beijing-notice:zh:annex-1.2.2")
    codes, values = searcher.facets.values()["id"]
    context = searcher._context(int(np.flatnonzero(codes == values.index("beijing-notice:zh:annex-1.2.2:p1"))[0]))
    assert {"认定", "标准", "criteria"} <= context


def test_the_builds_contexts_are_what_the_headings_and_titles_say(kb: KnowledgeBase, searcher: Searcher) -> None:
    """contexts.json holds every section's chain and every document title's words, the same the
    searcher would compute from the sections and documents themselves."""
    from kb.search.contexts import Contexts

    computed = Contexts({s["id"]: s for s in kb.sections}, kb.documents)
    assert {s["id"] for s in kb.sections} <= set(searcher._chains)
    for section in kb.sections:
        assert searcher._chains[section["id"]] == computed.chain(section["id"], section["doc"])
    for doc in kb.documents:
        assert searcher._chains[f"{doc}:"] == computed.chain(None, doc)
    # An article's chain: its own heading, its chapter's and its law's title, both languages.
    annex = searcher._chains["beijing-notice:zh:annex-1.2.2"]
    assert {"认定", "标准", "criteria"} <= annex and annex > searcher._chains["beijing-notice:"]
