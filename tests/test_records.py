"""Occupation records against values transcribed by hand from the sources.

``tests/data/expected_records.json`` was transcribed record by record from the
five source files, independently of the parsers (see its README); every field
of every record is compared in both languages.
"""

from __future__ import annotations

import json
import re

import pytest

from kb.store import KnowledgeBase

from .conftest import DATA

EXPECTED = json.loads((DATA / "expected_records.json").read_text(encoding="utf-8"))
IDS = [e["id"] for e in EXPECTED]


def test_every_record_is_there_in_order(kb: KnowledgeBase) -> None:
    assert [r["id"] for r in kb.records] == IDS
    assert IDS[:2] == ["qh-d01", "qh-d02"] and IDS[28] == "qh-d29"
    assert IDS[29] == "qh-s01" and IDS[49] == "qh-s21" and IDS[50] == "bj-01" and IDS[-1] == "bj-25"


@pytest.mark.parametrize("expected", EXPECTED, ids=IDS)
def test_record_matches_the_source(kb: KnowledgeBase, expected: dict) -> None:
    record = kb.get(expected["id"])
    for key in ("list", "city", "number", "min_degree", "experience_years", "shortage_duration", "severity"):
        assert record[key] == expected[key], key
    assert record["title"]["zh"] == expected["title"]["zh"]
    if expected["title"]["en"] is not None:
        assert record["title"]["en"] == expected["title"]["en"]
    assert record["industry"]["zh"] == expected["industry_zh"]
    if expected["industry_en"] is not None:
        assert record["industry"]["en"] == expected["industry_en"]
    for field in ("competencies", "specialties", "degree", "experience", "other"):
        assert record[field]["zh"] == expected[field]["zh"], field
        if expected[field]["en"] is not None or not expected[field]["zh"]:
            assert record[field]["en"] == expected[field]["en"], field
        else:
            # A Chinese-only source: the English is this knowledge base's, labelled as such.
            assert record[field]["en"], field
            assert f"{field}.en" in record["unofficial"], field


def test_record_json_contract(kb: KnowledgeBase) -> None:
    record = kb.get("qh-s06")
    for key in ("id", "kind", "doc", "list", "city", "number", "title", "industry", "competencies",
                "specialties", "min_degree", "experience_years", "experience_bound", "shortage_duration",
                "severity", "other", "notes", "source"):
        assert key in record, key
    assert record["kind"] == "occupation" and record["doc"] == "qianhai-list"
    assert record["industry"] == {"key": "sci-tech-services", "zh": "科技服务业",
                                  "en": "Science and technology service industry", "sector": "technology"}
    assert record["experience_bound"] == "inclusive"  # 5年以上: 5 years are enough
    assert record["source"]["table"] == {"zh": "表 2", "en": "Table 2"}
    assert record["source"]["row"] == 6
    # Missing languages are null, not absent; the curated English of a Chinese-only row is labelled.
    beijing = kb.get("bj-01")
    assert beijing["competencies"]["en"] and "competencies.en" in beijing["unofficial"]
    assert beijing["text_status"]["specialties"] == {"zh": "official", "en": "unofficial"}
    assert beijing["other"] == {"zh": None, "en": None}
    assert beijing["shortage_duration"] is None and beijing["severity"] is None


def test_displaced_severity_is_recovered_and_noted(kb: KnowledgeBase) -> None:
    record = kb.get("qh-s09")
    assert record["severity"] == "extreme"
    [note] = [n for n in record["notes"] if n["kind"] == "recovered"]
    assert note["field"] == "severity" and "Extremely short supply" in note["text"]
    # The displaced value was taken from after qh-s14, which keeps its own.
    assert kb.get("qh-s14")["severity"] == "relative"


def test_interleaved_rows_are_reassembled(kb: KnowledgeBase) -> None:
    d21 = kb.get("qh-d21")
    assert d21["title"]["zh"] == "国际建筑工程专才"
    assert d21["competencies"]["zh"][0] == "建筑物构筑物设计、工程项目管理等专业知识"
    assert d21["specialties"]["zh"] == "环艺、建筑、美术等相关专业"
    assert d21["shortage_duration_label"]["zh"] == "近期持续（1-3年）"
    s14 = kb.get("qh-s14")
    assert s14["title"]["zh"] == "知识产权管理专才"
    assert s14["specialties"]["zh"] == "法律等相关专业（理学、工学背景优先）"
    # Nothing of a page number or a neighbouring cell leaks into any field.
    for record in kb.records:
        for field in ("title", "specialties", "degree", "experience"):
            for lang in ("zh", "en"):
                value = record[field][lang] or ""
                assert "紧缺" not in value and "持续" not in value, (record["id"], field)
                assert not re.match(r"^\d+[.．]", value), (record["id"], field, value)
            for item in record["competencies"][lang] or []:
                assert not re.match(r"^\d+[.．]", item) and not re.search(r"^\s*\d{1,3}\s*$", item)


def test_beijing_titles_rejoined_and_industries_carried(kb: KnowledgeBase) -> None:
    assert kb.get("bj-05")["title"]["zh"] == "集成电路材料研发工程师"
    assert [kb.get(f"bj-0{i}")["industry"]["key"] for i in (1, 2, 3)] == ["new-generation-it"] * 3
    assert kb.get("bj-25")["other"]["zh"] == "需在中国办理短期行医许可后执业。"
    assert kb.get("bj-17")["min_degree"] == "doctor" and kb.get("bj-14")["min_degree"] == "master"


def test_erratum_corrects_the_cut_industry_and_says_so(kb: KnowledgeBase) -> None:
    for number in range(10, 15):
        record = kb.get(f"bj-{number}")
        assert record["industry"]["zh"] == "软件和信息服务业"
        assert record["industry"]["key"] == "software-information-services"
        assert any(n["kind"] == "erratum" and n["field"] == "industry" for n in record["notes"])


def test_beijing_english_is_marked_unofficial(kb: KnowledgeBase) -> None:
    for record in kb.records:
        if record["city"] == "beijing":
            assert record["title"]["en"], record["id"]
            assert {"title.en", "industry.en"} <= set(record["unofficial"])
            assert any(n["kind"] == "unofficial" for n in record["notes"])
        else:
            assert record["unofficial"] == []
    assert kb.get("bj-13")["title"]["en"] == "Blockchain R&D engineer"


def test_industry_keys_are_shared_across_cities(kb: KnowledgeBase) -> None:
    assert kb.get("bj-23")["industry"]["key"] == kb.get("qh-d01")["industry"]["key"] == "finance"
    assert kb.get("bj-19")["industry"]["key"] == kb.get("qh-d06")["industry"]["key"] == "sci-tech-services"
