"""The eligibility self-check (kb.services.eligibility) and related occupations across cities
(kb.services.related)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

import pytest

from kb.errors import UnknownItemError
from kb.search import QueryError, searcher_for
from kb.services.eligibility import DEGREE_RANK, DEGREES
from kb.services.eligibility import check_eligibility as check_on

# These tests judge requirements, not validity: they ask on a day within the Beijing pilot's
# trial period (2023-01-01 – 2024-12-31), when its positions are current, so they do not
# depend on the clock. After it, Beijing's positions are listed apart (tests/test_validity.py).
DURING_TRIAL = date(2024, 6, 1)


def check_eligibility(*args: Any, **kwargs: Any) -> dict[str, Any]:
    return check_on(*args, as_of=DURING_TRIAL, **kwargs)
from kb.services.related import generic_words, related_occupations, related_query
from kb.store import KnowledgeBase


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def item(result: dict[str, Any], record_id: str) -> tuple[str, dict[str, Any]]:
    """Which list of ``result`` holds ``record_id``, and its entry there."""
    for name in ("qualified", "near_misses"):
        for entry in result[name]:
            if entry["id"] == record_id:
                return name, entry
    raise AssertionError(f"{record_id} is in neither list")


# -- the data the check relies on -----------------------------------------------------------

def test_requirement_fields_have_the_expected_distribution(kb: KnowledgeBase) -> None:
    assert Counter(r["min_degree"] for r in kb.records) == {"master": 36, "bachelor": 34, "doctor": 5}
    assert Counter(r["experience_years"] for r in kb.records) == {5: 27, 2: 25, 3: 20, 1: 2, 10: 1}
    assert DEGREES == ("none", "associate", "bachelor", "master", "doctor")


# -- without keywords: every occupation -----------------------------------------------------

def test_doctor_with_ten_years_qualifies_for_everything_in_id_order(kb: KnowledgeBase) -> None:
    result = check_eligibility(kb, "doctor", 10, limit=100)
    assert result["counts"] == {"qualified": 75, "near_misses": 0, "excluded": 0}
    assert result["total_candidates"] == 75
    assert result["near_misses"] == []
    order = ids(result["qualified"])
    assert order == [r["id"] for r in kb.records]
    assert order[0] == "qh-d01" and order[29] == "qh-s01" and order[50] == "bj-01" and order[-1] == "bj-25"
    assert result["input"] == {"degree": "doctor", "years": 10, "keywords": ""}
    assert result["expanded"] == [] and result["converted"] is None and result["did_you_mean"] is None


def test_bachelor_with_two_years_matches_an_independent_count(kb: KnowledgeBase) -> None:
    result = check_eligibility(kb, "bachelor", 2, limit=100)
    meets = {r["id"]: (r["min_degree"] == "bachelor", r["experience_years"] <= 2) for r in kb.records}
    assert ids(result["qualified"]) == [i for i, (d, e) in meets.items() if d and e]
    assert ids(result["near_misses"]) == [i for i, (d, e) in meets.items() if d != e]
    assert result["counts"] == {"qualified": 22, "near_misses": 17, "excluded": 36}
    # The two one-year Qianhai occupations, then every Beijing bachelor-level one (all ask 2 years).
    assert ids(result["qualified"])[:3] == ["qh-s17", "qh-s19", "bj-01"]
    assert "bj-13" in ids(result["qualified"]) and "bj-14" not in ids(result["qualified"])


def test_qh_s06_needs_a_master_and_five_years(kb: KnowledgeBase) -> None:
    where, entry = item(check_eligibility(kb, "bachelor", 5, limit=100), "qh-s06")
    assert where == "near_misses"
    assert entry["unmet"] == ["degree"] and entry["gap"] == {"degree": "master"}

    where, entry = item(check_eligibility(kb, "master", 3, limit=100), "qh-s06")
    assert where == "near_misses"
    assert entry["unmet"] == ["experience"] and entry["gap"] == {"experience": 2}
    assert entry == {
        "id": "qh-s06", "city": "qianhai", "list": "qianhai-strategic",
        "title": {"zh": "区块链工程师", "en": "Blockchain engineer"}, "unofficial": False,
        "requirements": [
            {"key": "degree", "label": {"zh": "学历", "en": "Degree"},
             "required": {"zh": "硕士", "en": "Master's degree"},
             "needed": "master", "have": "master", "met": True,
             "citation": {"zh": "《前海外籍人才紧缺职业清单》表2 第6行",
                          "en": "List of High-Demand Occupations for Foreign Talents in Qianhai, Table 2, row 6"},
             "source": {"doc": "qianhai-list", "table": {"zh": "表 2", "en": "Table 2"}, "row": 6}},
            {"key": "experience", "label": {"zh": "工作经历", "en": "Experience"},
             "required": {"zh": "5年以上相关经历", "en": "More than 5 years of related experience"},
             "needed": 5, "have": 3, "met": False,
             "citation": {"zh": "《前海外籍人才紧缺职业清单》表2 第6行",
                          "en": "List of High-Demand Occupations for Foreign Talents in Qianhai, Table 2, row 6"},
             "source": {"doc": "qianhai-list", "table": {"zh": "表 2", "en": "Table 2"}, "row": 6}},
        ],
        "unmet": ["experience"], "gap": {"experience": 2},
    }

    where, entry = item(check_eligibility(kb, "master", 5, limit=100), "qh-s06")
    assert where == "qualified" and entry["unmet"] == [] and entry["gap"] == {}
    # Failing both (bachelor, 3 years) leaves it out altogether.
    result = check_eligibility(kb, "bachelor", 3, limit=100)
    assert "qh-s06" not in ids(result["qualified"]) + ids(result["near_misses"])


def test_beijing_requirements_read_in_english_with_their_own_citation(kb: KnowledgeBase) -> None:
    _, entry = item(check_eligibility(kb, "bachelor", 2, limit=100), "bj-13")
    assert entry["unofficial"] is True  # the English is the knowledge base's translation
    assert entry["title"] == {"zh": "区块链研发工程师", "en": "Blockchain R&D engineer"}
    degree, experience = entry["requirements"]
    assert degree["required"] == {"zh": "学士及以上学位或相当学历",
                                  "en": "Bachelor's degree or above, or equivalent qualifications"}
    assert degree["needed"] == "bachelor" and degree["met"] is True
    assert experience["required"]["zh"] == "具有 2 年及以上从事区块链研发等相关工作经历"
    assert experience["required"]["en"].startswith("At least 2 years of work experience in blockchain R&D")
    assert experience["needed"] == 2 and experience["have"] == 2 and experience["met"] is True
    assert degree["citation"]["zh"].endswith("（国科办才〔2022〕177号）附件2 序号13")
    assert degree["citation"]["en"].endswith("(Guo Ke Ban Cai [2022] No. 177), Annex 2, No. 13")
    assert degree["source"] == {"doc": "beijing-notice", "table": {"zh": "附件 2", "en": None}, "row": 13}


def test_no_degree_is_never_enough_and_nothing_is_met_with_nothing(kb: KnowledgeBase) -> None:
    result = check_eligibility(kb, "none", 10, limit=100)
    assert result["counts"] == {"qualified": 0, "near_misses": 75, "excluded": 0}
    assert all(e["unmet"] == ["degree"] for e in result["near_misses"])
    by_id = {r["id"]: r for r in kb.records}
    assert all(e["gap"] == {"degree": by_id[e["id"]]["min_degree"]} for e in result["near_misses"])
    assert check_eligibility(kb, "associate", 0)["counts"] == {"qualified": 0, "near_misses": 0, "excluded": 75}


def test_fractional_years_and_numeric_strings(kb: KnowledgeBase) -> None:
    result = check_eligibility(kb, "master", 4.5, limit=100)
    _, entry = item(result, "qh-s06")
    assert entry["gap"] == {"experience": 0.5} and entry["requirements"][1]["have"] == 4.5
    assert check_eligibility(kb, "Master ", "3")["input"] == {"degree": "master", "years": 3, "keywords": ""}


def test_limit_caps_each_list_but_not_the_counts(kb: KnowledgeBase) -> None:
    result = check_eligibility(kb, "master", 3, limit=5)
    assert len(result["qualified"]) == 5 and len(result["near_misses"]) == 5
    assert result["counts"] == {"qualified": 44, "near_misses": 29, "excluded": 2}
    assert ids(result["qualified"]) == ids(check_eligibility(kb, "master", 3, limit=100)["qualified"])[:5]


def test_result_is_json(kb: KnowledgeBase) -> None:
    result = check_eligibility(kb, "master", 3, "区块链")
    assert json.loads(json.dumps(result, allow_nan=False)) == result
    assert set(result) == {"input", "qualified", "near_misses", "counts", "total_candidates",
                           "expanded", "converted", "did_you_mean", "as_of", "ended"}
    assert set(result["ended"]) == {"qualified", "near_misses", "counts", "documents"}


# -- with keywords: the search chooses the candidates -----------------------------------------

def test_blockchain_reaches_both_cities(kb: KnowledgeBase) -> None:
    result = check_eligibility(kb, "master", 5, "blockchain")
    assert {"qh-s06", "bj-13"} <= set(ids(result["qualified"]))
    assert "区块链" in result["expanded"]
    hits = searcher_for(kb).search("blockchain", kind="occupation", limit=100)["hits"]
    assert ids(result["qualified"]) + ids(result["near_misses"]) == ids(hits)  # search order kept
    assert result["total_candidates"] == len(hits) == 3

    # With a bachelor's degree and 2 years only the Beijing post is within reach.
    result = check_eligibility(kb, "bachelor", 2, "blockchain")
    assert ids(result["qualified"]) == ["bj-13"]
    assert ids(result["near_misses"]) == ["qh-d09"]  # bachelor, but 3 years
    assert result["counts"] == {"qualified": 1, "near_misses": 1, "excluded": 1}  # qh-s06 fails both


@pytest.mark.parametrize("keywords", ["芯片", "chip design"])
def test_chip_design_reaches_the_beijing_chip_designer(kb: KnowledgeBase, keywords: str) -> None:
    result = check_eligibility(kb, "bachelor", 2, keywords)
    assert ids(result["qualified"])[0] == "bj-06"
    assert result["qualified"][0]["title"]["zh"] == "芯片设计工程师"


def test_traditional_chinese_works_like_simplified(kb: KnowledgeBase) -> None:
    traditional = check_eligibility(kb, "master", 5, "區塊鏈")
    simplified = check_eligibility(kb, "master", 5, "区块链")
    assert traditional["converted"] == "区块链" and simplified["converted"] is None
    assert ids(traditional["qualified"]) == ids(simplified["qualified"])
    assert {"qh-s06", "bj-13", "qh-d09"} <= set(ids(traditional["qualified"]))


def test_typos_are_passed_through(kb: KnowledgeBase) -> None:
    result = check_eligibility(kb, "master", 5, "blockchian")
    assert result["did_you_mean"] == "blockchain"
    assert {"qh-s06", "bj-13"} <= set(ids(result["qualified"]))


def test_keywords_without_words_mean_no_keywords_and_long_ones_are_capped(kb: KnowledgeBase) -> None:
    assert check_eligibility(kb, "doctor", 10, "  ")["total_candidates"] == 75
    assert ids(check_eligibility(kb, "doctor", 10, "***", limit=100)["qualified"]) == [r["id"] for r in kb.records]
    assert len(check_eligibility(kb, "doctor", 10, "区块链 " * 200)["input"]["keywords"]) <= 256
    assert check_eligibility(kb, "doctor", 10, None)["input"]["keywords"] == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(("degree", "years", "limit", "message"), [
    ("phd", 3, 50, "degree must be one of none, associate, bachelor, master, doctor, not 'phd'"),
    ("", 3, 50, "degree must be one of"),
    (None, 3, 50, "degree must be one of"),
    ("master", -1, 50, "years must be a number from 0 to 80, not -1"),
    ("master", 81, 50, "years must be a number from 0 to 80"),
    ("master", "three", 50, "years must be a number from 0 to 80, not 'three'"),
    ("master", float("nan"), 50, "years must be a number"),
    ("master", True, 50, "years must be a number"),
    ("master", None, 50, "years must be a number"),
    ("master", 3, 0, "limit must be a whole number between 1 and 100"),
    ("master", 3, 101, "limit must be a whole number between 1 and 100"),
])
def test_bad_input_is_a_query_error(kb: KnowledgeBase, degree: Any, years: Any, limit: Any, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(")):
        check_eligibility(kb, degree, years, limit=limit)


def test_keywords_must_be_text(kb: KnowledgeBase) -> None:
    with pytest.raises(QueryError, match="keywords must be text"):
        check_eligibility(kb, "master", 3, ["blockchain"])  # type: ignore[arg-type]


def test_degree_rank_orders_the_levels() -> None:
    assert [DEGREE_RANK[d] for d in DEGREES] == [0, 1, 2, 3, 4]


# -- related occupations in the other city ----------------------------------------------------

def test_blockchain_engineers_are_each_others_counterparts(kb: KnowledgeBase) -> None:
    related = related_occupations(kb, "qh-s06")
    assert ids(related)[0] == "bj-13"
    assert all(r["city"] == "beijing" for r in related)
    back = related_occupations(kb, "bj-13")
    assert "qh-s06" in ids(back)[:2]
    assert ids(back) == ["qh-s06", "qh-d09"]  # both Qianhai blockchain occupations, nothing weaker
    assert all(r["city"] == "qianhai" for r in back)


def test_comparison_shows_what_differs(kb: KnowledgeBase) -> None:
    first = related_occupations(kb, "qh-s06")[0]
    assert first["title"] == {"zh": "区块链研发工程师", "en": "Blockchain R&D engineer"}
    assert first["unofficial"] is True and first["list"] == "beijing-urgent"
    rows = {row["key"]: row for row in first["comparison"]}
    assert list(rows) == ["degree", "experience", "specialties", "industry"]
    assert rows["degree"]["same"] is False
    assert rows["degree"]["values"] == {"this": "master", "other": "bachelor"}
    assert rows["degree"]["this"] == {"zh": "硕士", "en": "Master's degree"}
    assert rows["degree"]["other"] == {"zh": "学士及以上学位或相当学历",
                                       "en": "Bachelor's degree or above, or equivalent qualifications"}
    assert rows["experience"]["same"] is False
    assert rows["experience"]["values"] == {"this": 5, "other": 2}
    assert rows["specialties"]["same"] is False
    assert rows["specialties"]["other"]["zh"] == "计算机等相关专业"
    assert rows["specialties"]["other"]["en"].startswith("Computer science")
    assert rows["industry"]["values"] == {"this": "sci-tech-services", "other": "software-information-services"}
    assert rows["industry"]["label"] == {"zh": "行业", "en": "Industry"}
    assert json.loads(json.dumps(first, allow_nan=False)) == first


def test_same_values_are_recognised(kb: KnowledgeBase) -> None:
    # bj-13 and qh-d09 (区块链场景应用师) both ask a bachelor's degree.
    rows = {row["key"]: row for row in related_occupations(kb, "bj-13")[1]["comparison"]}
    assert rows["degree"]["same"] is True and rows["degree"]["values"] == {"this": "bachelor", "other": "bachelor"}
    assert rows["experience"]["same"] is False and rows["experience"]["values"] == {"this": 2, "other": 3}


def test_query_is_built_from_the_record(kb: KnowledgeBase) -> None:
    assert generic_words(kb) == {"专业", "专才", "相关", "等"}
    assert related_query(kb, kb.get("qh-s06")) == "区块链工程师 blockchain engineer 计算机、信息与通信工程"
    assert related_query(kb, kb.get("bj-13")) == "区块链研发工程师 blockchain r&d engineer 计算机"


def test_every_record_relates_only_to_the_other_city_best_first(kb: KnowledgeBase) -> None:
    for record in kb.records:
        related = related_occupations(kb, record["id"], limit=3)
        assert len(related) <= 3
        assert all(r["city"] != record["city"] for r in related), record["id"]
        scores = [r["score"] for r in related]
        assert scores == sorted(scores, reverse=True)


def test_weak_resemblance_is_dropped(kb: KnowledgeBase) -> None:
    assert related_occupations(kb, "bj-25") == []  # 临床诊疗医师 has no Qianhai counterpart
    related = related_occupations(kb, "qh-s11")  # 云计算专才
    assert ids(related)[0] == "bj-02"  # 云计算工程专家
    assert all(r["score"] >= 0.3 * related[0]["score"] for r in related)


def test_limit_and_unknown_ids(kb: KnowledgeBase) -> None:
    assert ids(related_occupations(kb, "bj-13", limit=1)) == ["qh-s06"]
    with pytest.raises(QueryError, match="limit"):
        related_occupations(kb, "bj-13", limit=0)
    with pytest.raises(UnknownItemError, match="qh-s99"):
        related_occupations(kb, "qh-s99")
    section_id = kb.sections[0]["id"]
    with pytest.raises(UnknownItemError, match="is a section, not an occupation"):
        related_occupations(kb, section_id)
