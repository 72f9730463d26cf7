"""Section trees, their text and the alignment of Chinese and English sections."""

from __future__ import annotations

import re
from collections import Counter

from kb.store import KnowledgeBase

QIANHAI_PATHS = [
    "title", "preface", "1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "2.3", "2.4", "3", "3.1", "3.2",
    "table-1", "table-2", "3.3", "3.4", "3.5", "3.6", "4", "appendix", "appendix.1", "appendix.2",
    "appendix.2.p1", "appendix.2.p2", "appendix.2.p3", "appendix.3", "appendix.3.d1", "appendix.3.d2",
    "appendix.3.d3", "appendix.3.d4", "appendix.3.d5",
]
SHANGHAI_PATHS = [
    "title", "abstract", "0", "1", "1.1", "1.2", "1.2.p1", "1.2.p2", "1.2.p3", "1.2.p4", "2", "2.1", "2.2",
    "2.3", "2.3.1", "2.3.2", "2.3.3", "2.3.4", "2.4", "3", "3.1", "3.1.1", "3.1.2", "3.2", "3.2.1", "3.2.2",
    "3.3", "3.3.1", "3.3.2", "4",
]


def paths(kb: KnowledgeBase, doc: str, lang: str) -> list[str]:
    return [s["path"] for s in kb.sections if s["doc"] == doc and s["lang"] == lang]


def test_section_counts_per_document_and_language(kb: KnowledgeBase) -> None:
    counts = Counter((s["doc"], s["lang"]) for s in kb.sections)
    assert counts == {
        ("qianhai-list", "zh"): 33, ("qianhai-list", "en"): 33,
        ("beijing-notice", "zh"): 48,
        ("shanghai-study", "zh"): 30, ("shanghai-study", "en"): 2,
        ("liu-migration", "zh"): 10, ("liu-migration", "en"): 2,
    }


def test_qianhai_trees_match_in_both_languages(kb: KnowledgeBase) -> None:
    assert paths(kb, "qianhai-list", "zh") == QIANHAI_PATHS
    assert paths(kb, "qianhai-list", "en") == QIANHAI_PATHS
    assert paths(kb, "shanghai-study", "zh") == SHANGHAI_PATHS


def test_alignment_pairs_per_document(kb: KnowledgeBase) -> None:
    pairs = Counter(s["doc"] for s in kb.sections if s["lang"] == "zh" and s["counterpart"])
    assert pairs == {"qianhai-list": 33, "shanghai-study": 2, "liu-migration": 2}
    assert kb.get("qianhai-list:zh:1.1")["counterpart"] == "qianhai-list:en:1.1"
    assert kb.get("qianhai-list:en:appendix.3.d2")["heading"] == "Foreign talent"
    assert kb.get("qianhai-list:zh:appendix.3.d2")["heading"] == "外籍人才"
    assert kb.get("liu-migration:zh:abstract")["counterpart"] == "liu-migration:en:abstract"
    # A section without a counterpart says so, and why.
    [note] = kb.get("liu-migration:zh:s2")["notes"]
    assert note["kind"] == "alignment" and "title and abstract" in note["text"]
    assert "Chinese only" in kb.get("beijing-notice:zh:annex-1.2.2")["notes"][0]["text"]


def test_ids_are_readable_and_unique(kb: KnowledgeBase) -> None:
    ids = [s["id"] for s in kb.sections] + [r["id"] for r in kb.records]
    assert len(ids) == len(set(ids))
    for section in kb.sections:
        assert re.match(r"^[a-z-]+:(zh|en):[a-z0-9.-]+$", section["id"]), section["id"]


def test_beijing_annex_1_items_are_citable(kb: KnowledgeBase) -> None:
    categories = [s for s in kb.sections if s["parent"] == "beijing-notice:zh:annex-1"]
    assert [c["number"] for c in categories] == ["一", "二", "三", "四", "五", "六", "七"]
    item = kb.get("beijing-notice:zh:annex-1.2.2")
    assert item["citation"] == "附件1 二.2"
    assert "阿贝尔奖" in item["body"] and "诺贝尔奖" not in item["body"]
    items = Counter(s["parent"] for s in kb.sections if s["kind"] == "item")
    assert items == {"beijing-notice:zh:annex-1.2": 18, "beijing-notice:zh:annex-1.3": 9,
                     "beijing-notice:zh:annex-1.4": 4, "beijing-notice:zh:annex-1.5": 2}
    # An item the page wrapped is one item.
    assert kb.get("beijing-notice:zh:annex-1.2.16")["body"].startswith("奥运会或近两届列入奥运会项目的世界杯、世锦赛及其他")
    assert kb.get("beijing-notice:zh:annex-1.6")["heading"] == "计点积分在 85 分以上的"
    assert kb.get("beijing-notice:zh:annex-2")["records"] == [f"bj-{n:02d}" for n in range(1, 26)]


def test_chinese_text_is_reflowed_without_page_furniture(kb: KnowledgeBase) -> None:
    preface = kb.get("qianhai-list:zh:preface")["body"].split("\n\n")
    assert len(preface) == 3
    assert preface[0].startswith("前海，作为中国深圳特区中的特区，是习近平总书记亲自谋划、亲自部署、亲自推动")
    section_2 = kb.get("qianhai-list:zh:2")["body"]
    assert "38 个“新职业”内容" in section_2  # footnote marker "1" removed
    assert kb.get("qianhai-list:zh:2")["footnotes"][0].startswith("其中包括 2019 年 4 月")
    for section in kb.sections:
        body = section["body"]
        assert not re.search(r"^\s*\d{1,3}\s*$", body, re.M), section["id"]  # page numbers
        assert "学术前沿" not in body and "SCHOLARLY" not in body, section["id"]  # journal banner
        assert "名称 职业能力要求" not in body and "序号\t" not in body, section["id"]  # table headers
        assert not re.search(r"\d+(\.\d+)?%\n", body), section["id"]  # chart values


def test_headings_in_every_form(kb: KnowledgeBase) -> None:
    assert kb.get("qianhai-list:zh:preface")["heading"] == "前言"
    assert kb.get("qianhai-list:en:3.6")["heading"] == (
        "Employers pay more attention to ability of pioneering, innovation, problem solution, "
        "communication and coordination")  # a heading a footnote cut in two
    assert kb.get("qianhai-list:en:2.4")["source"]["page"] == 5  # from the <b> contents lines
    assert kb.get("qianhai-list:zh:appendix.2.p2")["number"] == "（2）"
    assert kb.get("shanghai-study:zh:0")["heading"] == "引言"
    assert kb.get("shanghai-study:zh:3.1.2")["heading"] == "健全与全球人才高地相匹配的法律法规体系"
    assert kb.get("shanghai-study:zh:1.2.p2")["heading"] == "外国智力发挥环境有待改善，服务有待加强"
    assert [s["heading"] for s in kb.sections if s["doc"] == "liu-migration" and s["path"].startswith("s")] == [
        "探索技术移民制度问题的提出",
        "探索引进技术移民子制度：转向客观评估、依技能申请",
        "探索留住技术移民子制度：转向市场导向、身份转换",
        "探索使用技术移民子制度：转向外国人才体系、多主体防范移民风险",
        "探索技术移民管理子制度：转向地方管理、弹性管理",
        "结论",
    ]


def test_paper_front_matter(kb: KnowledgeBase) -> None:
    title = kb.get("liu-migration:zh:title")
    assert title["heading"] == "探索建立技术移民制度——兼论重塑我国外国人才制度"
    assert "北京理工大学法学院教授 刘国福" in title["body"]
    assert kb.get("liu-migration:en:title")["heading"].startswith("On the China's Exploration of Skilled")
    assert kb.get("liu-migration:en:abstract")["body"].startswith("Since the 18th CPC National Congress")
    assert kb.get("shanghai-study:zh:abstract")["body"].startswith("上海对于吸引外国人才已具备较好的环境和优势")
    # The front matter printed inside the introduction's sentence is taken out of it.
    assert "外国人才的制度。《中华人民共和国" not in kb.get("liu-migration:zh:s1")["body"]
    assert "成功的外国人才制度。" in kb.get("liu-migration:zh:s1")["body"]


def test_section_errata_are_applied_and_shown(kb: KnowledgeBase) -> None:
    title = kb.get("shanghai-study:zh:title")
    assert title["heading"] == "卓越全球城市定位下外国人才来沪工作的管理体系研究"
    assert title["notes"][0]["kind"] == "erratum"
    conclusion = kb.get("shanghai-study:zh:4")
    assert conclusion["body"].endswith("为新时代上海市构筑全球人才高地提供支撑保障。")
    assert "本地化" not in conclusion["body"]
