"""Questions: the parser (forms in three scripts, fields, cities, translation requests), passages,
the answer card contract and the question relevance cases."""

from __future__ import annotations

import json
from datetime import date
import re

import pytest

from kb.search import Searcher, searcher_for
from kb.search.evaluate import run_eval
from kb.search.query.prepare import to_simplified
from kb.reading.vocabularies import load_vocabularies
from kb.search.query.question import places_of, understand as understand_with
from kb.store import KnowledgeBase

from .conftest import CORPUS, DATA

# The seeds' cities, as the build gives them to the searcher.
PLACES = places_of(load_vocabularies(CORPUS).to_dict())


def understand(text: str):
    return understand_with(text, PLACES)


@pytest.fixture(scope="module")
def searcher(kb: KnowledgeBase) -> Searcher:
    return searcher_for(kb)


@pytest.mark.parametrize("text, asks, city, content", [
    ("What degree do I need to be an actuary in Qianhai?", "min_degree", "qianhai", "actuary"),
    ("How many years of experience does a system architect need in Beijing?", "experience_years", "beijing",
     "system architect"),
    ("Which specialties suit an IoT architect?", "specialties", None, "IoT architect"),
    ("云计算工程专家需要什么学历", "min_degree", None, "云计算工程专家"),
    ("薪酬设计专才要几年经验？", "experience_years", None, "薪酬设计专才"),
    ("雲計算工程專家需要什麼學歷", "min_degree", None, "云计算工程专家"),
    ("理财规划师的紧缺程度是多少", "severity", None, "理财规划师"),
    ("供应链管理专才的紧缺时期有多长？", "shortage_duration", None, "供应链管理专才"),
    ("深圳的跨境业务争议解决律师有什么其他要求", "other", "qianhai", "跨境业务争议解决律师"),
    ("AI 工程师 in Qianhai 需要几年经验", "experience_years", "qianhai", "AI 工程师"),
    ("诺贝尔奖获得者可以认定为A类人才吗", None, "beijing", "诺贝尔奖"),
    ("上海的市场化引才模式存在什么问题", None, "shanghai", "市场化引才模式 问题"),
])
def test_question_forms_fields_and_cities(text: str, asks: str | None, city: str | None, content: str) -> None:
    u = understand(to_simplified(text))
    assert u.question and u.asks == asks and u.city == city
    assert " ".join(u.content.split()) == content


def test_cues_are_whole_words_and_keywords_are_not_questions() -> None:
    assert understand("博士后研究人员需要多大年龄以下").asks is None  # 博士 is not in 博士后
    assert understand("智能制造专才").as_dict() is None
    keyword = understand("cloud computing")
    assert not keyword.question and keyword.content == "cloud computing"
    assert understand("Beijing blockchain").city == "beijing"  # a place is understood without a question


@pytest.mark.parametrize("text, term", [
    ("how is 紧缺时期 translated", "紧缺时期"), ("How is 专才 translated?", "专才"),
    ("紧缺程度的英文是什么", "紧缺程度"), ("区块链英文怎么说", "区块链"), ("薪酬的英文", "薪酬"),
    ("what is the English for 专才", "专才"), ("猎头怎么翻译", "猎头"),
])
def test_translation_requests(text: str, term: str) -> None:
    assert understand(text).translation == term


def test_answer_card_from_a_record_field(searcher: Searcher) -> None:
    result = searcher.search("区块链研发工程师需要什么学历")
    assert result["understood"]["asks"] == "min_degree"
    answer = result["answer"]
    assert answer["id"] == "bj-13" and answer["asks"] == "min_degree"
    assert answer["text"] == {"zh": "学士及以上学位或相当学历", "en": "Bachelor's degree or above, or equivalent qualifications"}
    assert set(answer["citation"]) == {"zh", "en"} and all(answer["citation"].values())
    assert list(answer) == ["id", "asks", "text", "citation", "unofficial", "list", "city", "doc", "status",
                            "per_list"]
    assert answer["unofficial"] == ["text.en"]  # Beijing's English is this knowledge base's translation
    qianhai = searcher.search("What degree does an AI engineer need in Qianhai?")["answer"]
    assert qianhai["id"] == "qh-d06" and qianhai["unofficial"] == []  # the issuer's own English


def test_an_occupation_in_two_lists_is_answered_for_each_list_with_its_validity(searcher: Searcher) -> None:
    from datetime import date

    answer = searcher.search("区块链工程师需要什么学历", as_of=date(2026, 12, 2))["answer"]
    # Qianhai's 区块链工程师 and Beijing's 区块链研发工程师: one occupation, two requirements.
    assert [(a["id"], a["city"], a["text"]["zh"]) for a in answer["per_list"]] == [
        ("qh-s06", "qianhai", "硕士"), ("bj-13", "beijing", "学士及以上学位或相当学历")]
    assert [a["status"] for a in answer["per_list"]] == ["no-period", "trial-ended"]
    # A question that names its city gets that city's answer alone.
    beijing = searcher.search("北京的区块链工程师需要什么学历", as_of=date(2026, 12, 2))["answer"]
    assert [a["id"] for a in beijing["per_list"]] == ["bj-13"]
    assert (beijing["doc"], beijing["status"]) == ("beijing-notice", "trial-ended")
    # A passage's card says its document and its status too.
    passage = searcher.search("诺贝尔奖获得者可以认定为A类人才吗", as_of=date(2026, 12, 2))["answer"]
    assert (passage["doc"], passage["status"]) == ("beijing-notice", "trial-ended")


def test_keywords_naming_an_occupation_and_its_requirement_get_a_card(searcher: Searcher) -> None:
    beijing = searcher.search("北京 5G 研发工程师 学历要求")
    assert beijing["understood"]["asks"] == "min_degree" and beijing["understood"]["question"] is False
    assert (beijing["answer"]["id"], beijing["answer"]["text"]["zh"]) == ("bj-01", "学士及以上学位或相当学历")
    assert searcher.search("actuary degree requirement")["answer"]["id"] == "qh-s02"
    # The requirement alone names no occupation; a keyword that is a degree is content.
    assert searcher.search("学历要求")["answer"] is None
    assert searcher.search("master")["understood"] is None


def test_answer_card_from_a_passage_with_its_clause(searcher: Searcher) -> None:
    result = searcher.search("诺贝尔奖获得者可以认定为A类人才吗")
    assert result["understood"]["city"] == "beijing"
    top = result["hits"][0]
    assert top["kind"] == "passage" and top["section"] == "beijing-notice:zh:annex-1.2.1"
    assert result["hits"][1]["id"] == top["section"]  # the paragraph above its section
    answer = result["answer"]
    assert answer["id"] == "beijing-notice:zh:annex-1.2.1:p1"
    assert "诺贝尔奖获得者" in answer["text"]["zh"] and answer["text"]["en"]
    assert "附件1 二.1" in answer["citation"]["zh"] and "Annex 1, II.1" in answer["citation"]["en"]
    assert answer["unofficial"] == ["text.en"]  # the notice is Chinese only


def test_answer_card_labels_its_english_from_the_passage(searcher: Searcher) -> None:
    paper = searcher.search("加拿大的技术移民是怎么评估的")["answer"]
    assert paper["id"] == "liu-migration:zh:s2:p2" and paper["text"]["en"]
    assert paper["unofficial"] == ["text.en"]  # a Chinese-only paragraph of a paper, read in our translation
    qianhai = searcher.search("Who prepared the Qianhai list and when was the research done?")["answer"]
    assert qianhai["id"] == "qianhai-list:zh:appendix:p1" and qianhai["text"]["en"]
    assert qianhai["unofficial"] == []  # aligned with the list's official English


def test_no_answer_without_confidence(searcher: Searcher) -> None:
    assert searcher.search("blockchain")["answer"] is None  # not a question
    assert searcher.search("What degree do I need?")["answer"] is None  # names no occupation
    assert searcher.search("北京的试点试行多长时间？")["answer"] is None or \
        searcher.search("北京的试点试行多长时间？")["answer"]["id"].startswith("beijing-notice")
    keyword = searcher.search("cloud computing")
    assert keyword["understood"] is None and {h["kind"] for h in keyword["hits"]} <= {"occupation", "section"}


def test_translation_request_searches_the_term_base(searcher: Searcher) -> None:
    result = searcher.search("how is 紧缺时期 translated")
    assert result["understood"]["translation"] == "紧缺时期"
    assert result["hits"][0]["kind"] == "term" and result["hits"][0]["title"]["en"] == "Duration of demand to remain high"


@pytest.mark.parametrize("name, share", [("questions.json", 1.0), ("question_cases.json", 0.95)])
def test_question_cases(kb: KnowledgeBase, searcher: Searcher, name: str, share: float) -> None:
    report = run_eval(kb, searcher, DATA / name)
    assert report["passed"] >= share * report["cases"], [(f["case"]["q"], f["top"]) for f in report["failures"]]


OWN_QUESTION_FILES = ["question_cases.json", "question_cases_relevance.json", "question_cases_deadends.json",
                      "question_cases_unanswerable.json"]


def test_own_question_cases_pass_95_percent_together(kb: KnowledgeBase, searcher: Searcher) -> None:
    """Issue 22: the project's own question-form cases, every class in both languages (rare key
    words, the answering paragraph, constraints, dead ends, questions nothing answers), pass at
    95 % or more."""
    reports = [run_eval(kb, searcher, DATA / name) for name in OWN_QUESTION_FILES]
    cases, passed = sum(r["cases"] for r in reports), sum(r["passed"] for r in reports)
    assert cases >= 120
    assert passed >= 0.95 * cases, [(f["case"]["q"], f["top"][:3]) for r in reports for f in r["failures"]]


def test_the_relevance_cases_cover_each_class_in_both_languages() -> None:
    cases = json.loads((DATA / "question_cases_relevance.json").read_text(encoding="utf-8"))["cases"]
    classes = [cases[0:16], cases[16:31], cases[31:51], cases[51:66]]  # as the file's about says
    for group in classes:
        assert any(re.search(r"[\u4e00-\u9fff]", c["q"]) for c in group)
        assert any(re.fullmatch(r"[\x00-\x7f]+", c["q"]) for c in group)


def test_own_question_cases_cover_what_the_issue_asks() -> None:
    cases = json.loads((DATA / "question_cases.json").read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 60
    docs = {c.get("expect_doc") for c in cases} | {c.get("expect_first", "")[:3] for c in cases}
    assert {"beijing-notice", "qianhai-list", "shanghai-study", "liu-migration", "qh-", "bj-"} <= docs
    assert sum(c["kind"] == "term" for c in cases) >= 5


def test_the_search_page_shows_the_answer_in_each_list_with_the_ended_trial_said(built) -> None:  # type: ignore[no-untyped-def]
    from web import create_app

    client = create_app({"TESTING": True, "KB_DATA_DIR": str(built), "KB_AS_OF": "2026-12-02"}).test_client()
    page = client.get("/?q=区块链工程师需要什么学历").get_data(as_text=True)
    card = page.split('<section class="answer"', 1)[1].split("</section>", 1)[0]
    assert '<li data-id="qh-s06" data-list="qianhai-strategic">' in card
    assert '<li data-id="bj-13" data-list="beijing-urgent">' in card
    # Beijing's requirement comes from a trial that has ended: the card's line for it says so.
    beijing = card.split('data-id="bj-13"', 1)[1].split("</li>", 1)[0]
    assert 'data-status="trial-ended"' in beijing


@pytest.mark.parametrize("text, constraints", [
    ("Which blockchain jobs where 2 years of experience is enough?", {"experience_years": {"at_most": 2}}),
    ("区块链工程师，我只有2年工作经验", {"experience_years": {"at_most": 2}}),
    ("I have a bachelor's degree, which blockchain job can I apply for?", {"min_degree": {"held": "bachelor"}}),
    ("本科学历可以做区块链工程师吗", {"min_degree": {"held": "bachelor"}}),
])
def test_what_the_asker_holds_filters_the_occupations_and_is_said(searcher: Searcher, text: str,
                                                                 constraints: dict) -> None:
    result = searcher.search(text)
    assert result["understood"]["constraints"] == constraints
    # Qianhai's 区块链工程师 asks a master's and 5 years: ruled out; Beijing's (bachelor, 2) stays first.
    occupations = [h["id"] for h in result["hits"] if h["kind"] == "occupation"]
    assert occupations[0] == "bj-13" and "qh-s06" not in occupations
    for hit in occupations:
        record = searcher.kb.get(hit)
        assert (record["experience_years"] or 0) <= 2 or "experience_years" not in constraints
        assert record["min_degree"] in (None, "bachelor") or "min_degree" not in constraints


def test_an_age_or_a_question_about_what_is_needed_states_no_constraint() -> None:
    assert understand("I am 35 years old, can I be an actuary?").asks is None  # an age, not experience
    assert understand("我35岁，可以申请精算师吗").asks is None
    needed = understand("How many years of experience does an actuary need?")
    assert needed.asks == "experience_years" and not needed.constraints
    # 多久 alone is how long anything lasts (a pilot): not the shortage's duration.
    assert understand("北京的试点试行多久？").asks is None
    assert understand("供应链管理专才紧缺多久？").asks == "shortage_duration"


@pytest.mark.parametrize("text, at_most", [
    ("Which blockchain jobs need at most 3 years of experience?", 3),
    ("Which AI job requires no more than 2 years of experience?", 2),
    ("a data job with 3 years of experience or less", 3),
    ("which data jobs need less than 3 years experience", 2),  # "less than" is strict: whole years
    ("前海的区块链职业中，不超过3年经验的是哪个？", 3),
    ("3年以下经验的职业", 3),  # 以下 is inclusive
    ("经验要求在两年以内的金融岗位有哪些", 2),
    ("不到3年工作经验可以做哪个职业", 2),
])
def test_an_upper_bound_on_experience_is_a_constraint(text: str, at_most: int) -> None:
    understood = understand(text)
    assert understood.constraints.experience_max == at_most
    # The phrase stating the bound is understood, not searched.
    assert not re.search(r"\d|years?\b|经验|[两三]年", understood.content)


@pytest.mark.parametrize("text, constraints", [
    ("With only two years of experience, which Beijing jobs can I apply for?", {"experience_years": {"at_most": 2}}),
    ("I have three years' experience in AI, which Qianhai job fits?", {"experience_years": {"at_most": 3}}),
    ("两年经验能做区块链工程师吗", {"experience_years": {"at_most": 2}}),
    ("本科毕业可以申请前海的哪些职业？", {"min_degree": {"held": "bachelor"}}),
    ("Which Qianhai occupations accept a bachelor's degree and 3 years of experience?",
     {"experience_years": {"at_most": 3}, "min_degree": {"held": "bachelor"}}),
])
def test_what_the_asker_holds_in_other_words(text: str, constraints: dict) -> None:
    """Numbers in words, 能 and 毕业, and an occupation accepting both a degree and years."""
    assert understand(text).constraints.as_dict() == constraints


def test_an_experience_bound_filters_the_occupations(searcher: Searcher) -> None:
    result = searcher.search("Which blockchain jobs need at most 3 years of experience?", kind="occupation")
    assert result["understood"]["constraints"] == {"experience_years": {"at_most": 3}}
    ids = [h["id"] for h in result["hits"]]
    assert ids[0] == "bj-13" and "qh-s06" not in ids  # Beijing's asks 2 years; Qianhai's 5


@pytest.mark.parametrize("question", ["I have a master's degree, which job in Beijing?",
                                      "我有硕士学位，北京有哪些职位？"])
def test_a_question_naming_only_a_city_and_a_degree_lists_what_they_allow(searcher: Searcher,
                                                                         question: str) -> None:
    """Nothing left to search once the question words, the city and the degree held are read: the
    result is the city's occupations the degree allows, not an error or the question's words."""
    result = searcher.search(question)
    order = list(searcher.kb.vocabularies["degrees"])
    allowed = [r["id"] for r in searcher.kb.records if r["city"] == "beijing"
               and (r["min_degree"] is None or order.index(r["min_degree"]) <= order.index("master"))]
    assert result["total"] == len(allowed) and {h["id"] for h in result["hits"]} <= set(allowed)
    assert result["understood"]["content"] == "" and result["answer"] is None


@pytest.mark.parametrize("question, order", [
    ("Which job in Qianhai requires the most experience?", "most"),
    ("前海哪个职业要求的工作经验最多？", "most"),
    ("Which blockchain job needs the least experience?", "least"),
    ("前海经验要求最少的职业是哪个", "least"),
])
def test_the_most_or_least_experience_ranks_the_occupations_by_their_years(searcher: Searcher, question: str,
                                                                            order: str) -> None:
    result = searcher.search(question, kind="occupation")
    assert result["understood"]["constraints"]["experience_order"] == {"by": order}
    years = [searcher.kb.get(h["id"])["experience_years"] for h in result["hits"]]
    candidates = [r["experience_years"] for r in searcher.kb.records
                  if r["id"] in {h["id"] for h in result["hits"]} or r["city"] == result["understood"].get("city")]
    assert None not in years
    assert years[0] == (max if order == "most" else min)(y for y in candidates if y is not None)
    assert years == sorted(years, reverse=order == "most")


def test_ranking_by_least_experience_lifts_no_section_above_the_occupations(searcher: Searcher) -> None:
    result = searcher.search("Which blockchain job needs the least experience?")
    kinds = [h["kind"] for h in result["hits"]]
    assert kinds[:3] == ["occupation"] * 3 and result["hits"][0]["id"] == "bj-13"  # 2 years


def test_the_minimum_experience_for_an_occupation_asks_its_requirement(searcher: Searcher) -> None:
    result = searcher.search("What is the minimum experience for an actuary?")
    assert "experience_order" not in (result["understood"].get("constraints") or {})
    assert result["answer"]["id"] == "qh-s02" and result["answer"]["asks"] == "experience_years"


@pytest.mark.parametrize("question, asks", [
    ("How long is the work permit valid for high-end talents in Beijing?", None),  # a permit's term
    ("What is the duration of the Beijing pilot?", None),  # not a shortage
    ("How long will a risk underwriter be in short supply?", "shortage_duration"),
    ("供应链管理专才紧缺多久？", "shortage_duration"),
    ("Is the Beijing catalogue still valid?", "validity"),
])
def test_how_long_asks_a_shortage_only_about_a_shortage_and_validity_only_of_a_document(question: str,
                                                                                      asks: str | None) -> None:
    assert understand(question).asks == asks


@pytest.mark.parametrize("question", ["When does the Beijing pilot end?", "北京试点什么时候结束？",
                                      "北京试点从什么时候开始实施？"])
def test_when_a_named_document_starts_or_ends_is_answered_with_its_period(searcher: Searcher,
                                                                         question: str) -> None:
    result = searcher.search(question, as_of=date(2026, 12, 2))
    validity = searcher.kb.documents["beijing-notice"]["validity"]
    answer = result["answer"]
    assert result["understood"]["asks"] == "validity" and answer["id"] == "beijing-notice"
    assert validity["effective_from"] in answer["text"]["en"] and validity["effective_until"] in answer["text"]["en"]


def test_when_something_else_happened_is_no_validity_question() -> None:
    assert understand("When was the research for the Qianhai list done?").asks is None
    assert understand("When does an AI engineer start work?").asks is None  # names no document


def test_the_askers_age_is_not_searched_but_a_clauses_age_is() -> None:
    assert understand("I am 35 years old, can I be an actuary?").content == "actuary"
    assert understand("我今年35岁，可以申请精算师吗").content == "申请精算师"
    assert "45" in understand("45周岁以下的博士后可以申请吗？").content


@pytest.mark.parametrize("text, content", [
    ("Which clause covers Fields Medal winners?", "Fields Medal"),  # the frame, as 哪条 and 得主 are
    ("发表几篇论文可以认定为A类？", "发表 论文"),  # 几 with a measure word asks how many
    ("北京试点从什么时候开始实施？", "试点从 实施"),  # and when it starts asks its validity
])
def test_question_frames_are_not_content(text: str, content: str) -> None:
    assert understand(text).content == content


def test_the_word_occupation_in_a_question_about_occupations_is_its_frame(searcher: Searcher) -> None:
    """"Which … occupation asks for a PMP certificate?": the record asking for PMP, not the one whose
    title says "Occupational certification" (the frame word matched in a title outweighed the rare one)."""
    pmp = [r["id"] for r in searcher.kb.records if any("PMP" in c for c in r["competencies"]["zh"])]
    for question in ("Which high-demand occupation in Qianhai asks for a PMP certificate?",
                     "前海哪个职业要求PMP证书？"):
        assert searcher.search(question, kind="occupation")["hits"][0]["id"] in pmp


@pytest.mark.parametrize("question", [
    "How do I open a bank account?",  # bank: only a guess (back, ban) finds anything
    "bank account",
    "What is the minimum wage?",  # minimum is in the corpus, wage nowhere
    "driving licence",  # drive is ("to drive the efforts"), licence nowhere
    "How do I get a driving licence in China?",
])
def test_half_a_compound_the_corpus_lacks_answers_nothing(searcher: Searcher, question: str) -> None:
    """A word typed beside one the knowledge base has nowhere (bank account, minimum wage) is
    likely that compound's, in another sense where it occurs: it does not make a match confident."""
    result = searcher.search(question)
    assert result["no_confident_match"] is True and result["answer"] is None


def test_the_search_page_says_what_it_filtered(built) -> None:  # type: ignore[no-untyped-def]
    from web import create_app

    client = create_app({"TESTING": True, "KB_DATA_DIR": str(built)}).test_client()
    page = client.get("/?q=区块链工程师，我只有2年工作经验").get_data(as_text=True)
    assert '<span class="constraint" data-constraint="experience_years">experience ≤ 2 years</span>' in page
    client.get("/lang/zh?next=/")
    zh = client.get("/?q=区块链工程师，我只有2年工作经验").get_data(as_text=True)
    assert '<span class="constraint" data-constraint="experience_years">工作经验要求 ≤ 2 年</span>' in zh


# -- the engineer's questions (issue 23) ------------------------------------------------------

@pytest.mark.parametrize("question", ["Can I work in Beijing as a chip designer?", "我能在北京做芯片设计工作吗",
                                      "我能在北京做芯片設計工作嗎"])
def test_an_occupation_named_with_a_city_is_answered_with_its_requirements_there(
        searcher: Searcher, question: str) -> None:
    from datetime import date

    result = searcher.search(question, as_of=date(2026, 12, 2))
    answer = result["answer"]
    assert result["understood"]["city"] == "beijing" and answer["asks"] == "requirements"
    assert (answer["id"], answer["city"], answer["doc"], answer["status"]) == (
        "bj-06", "beijing", "beijing-notice", "trial-ended")
    assert [r["asks"] for r in answer["requirements"]] == ["min_degree", "experience_years", "specialties"]
    assert [r["text"]["zh"] for r in answer["requirements"]] == [
        "学士及以上学位或相当学历", "具有 2 年及以上从事芯片设计等相关工作经历", "电子、计算机、自动化等相关专业"]
    assert answer["text"]["zh"] == "学士及以上学位或相当学历；具有 2 年及以上从事芯片设计等相关工作经历；电子、计算机、自动化等相关专业"
    assert answer["citation"]["en"].endswith("Annex 2, No. 6")
    assert answer["unofficial"] == ["text.en"]  # Beijing's English is this knowledge base's own
    assert [a["id"] for a in answer["per_list"]] == ["bj-06"]


def test_a_city_that_does_not_list_the_occupation_gets_no_requirements_card(searcher: Searcher) -> None:
    assert searcher.search("Can I work in Qianhai as a chip designer?")["answer"] is None
    answer = searcher.search("Can I work in Qianhai as a blockchain engineer?")["answer"]
    assert (answer["id"], answer["asks"], answer["text"]["zh"]) == ("qh-s06", "requirements",
                                                                     "硕士；5年以上相关经历；计算机、信息与通信工程等相关专业")


@pytest.mark.parametrize("question", ["Is the Beijing catalogue still valid?", "北京的目录还有效吗",
                                      "北京的目錄還有效嗎"])
def test_a_validity_question_is_answered_with_the_documents_status(searcher: Searcher, question: str) -> None:
    from datetime import date

    result = searcher.search(question, as_of=date(2026, 12, 2))
    assert result["understood"]["asks"] == "validity"
    answer = result["answer"]
    assert (answer["id"], answer["asks"], answer["doc"], answer["status"]) == (
        "beijing-notice", "validity", "beijing-notice", "trial-ended")
    assert answer["text"]["en"] == ("Trial period ended: Stated trial period 2023-01-01 – 2024-12-31 has ended; "
                                    "check with the issuer whether it was extended or replaced")
    assert answer["text"]["zh"].startswith("试行期已届满：")
    assert answer["citation"]["en"].endswith("Beijing, III")  # the clause that states the trial: 三
    assert answer["clause"]["sentence"].endswith("试行 2 年。")
    during = searcher.search(question, as_of=date(2024, 6, 1))["answer"]
    assert during["status"] == "trial" and during["text"]["en"] == "Trial period: Stated period 2023-01-01 – 2024-12-31"


def test_validity_cues_are_about_the_document_not_a_permit() -> None:
    assert understand("北京的居留许可有效期多久").asks is None
    assert understand("Is the Qianhai list still in force?").asks == "validity"
    assert understand("Is the Qianhai list still in force?").doc == "qianhai-list"
