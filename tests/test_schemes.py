"""Kinds recognised from the text, read by their heading schemes: a notice and a paper of
tests/data/schemes, made up for these tests, added to a copy of tests/data/validity with a
manifest entry each that names no parser.

The notice (某市…关于优化外籍人才服务的通知) has a document number, an addressee and lead-in, 一、
clauses (short ones headings, a long one text) with （一） sub-clauses and 1. items, 特此通知 with
its issuer and date, and an annex 附件1 with 一、 categories and 1. items. The paper (外籍人才服务平台
的数字化建设研究) is printed as a PDF column (lines wrapped at 22 characters): title, byline,
摘要 and 关键词, its English title, byline, Abstract and Key words, numbered headings 1 / 2 / 2.1,
（1） lead-ins and reference marks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.build import KnowledgeBaseData, parse_corpus
from kb.cli import main

from .conftest import DATA

NOTICE, PAPER = "service-notice", "platform-paper"


def fixture_corpus(target: Path, entries: str | None = None) -> Path:
    shutil.copytree(DATA / "validity", target)
    for path in (DATA / "schemes").glob("*.txt"):
        shutil.copy(path, target / path.name)
    with (target / "manifest.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n" + (entries or (DATA / "schemes" / "manifest-entries.toml").read_text(encoding="utf-8")))
    return target


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBaseData:
    return parse_corpus(fixture_corpus(tmp_path_factory.mktemp("schemes") / "corpus"), with_terms=False)


def sections(data: KnowledgeBaseData, doc: str) -> dict[str, object]:
    return {s.id: s for s in data.sections if s.doc == doc}


def parser_of(data: KnowledgeBaseData, doc: str) -> list[str]:
    return [f["parser"] for f in next(d for d in data.documents if d["id"] == doc)["files"]]


def test_a_notice_is_read_by_the_notice_scheme_without_a_parser_named(data: KnowledgeBaseData) -> None:
    assert parser_of(data, NOTICE) == ["notice-zh"]
    found = sections(data, NOTICE)
    assert list(found) == [f"{NOTICE}:zh:{p}" for p in (
        "title", "preamble", "1", "1.1", "1.2", "2", "2.1", "2.1.1", "2.1.2", "2.2", "3", "closing",
        "annex-1", "annex-1.1", "annex-1.1.1", "annex-1.1.2", "annex-1.2")]
    shape = {sid.split(":")[2]: (s.kind, s.number, s.heading, s.citation, s.parent) for sid, s in found.items()}
    assert shape["1"] == ("section", "一", "服务对象", "一", None)
    assert shape["1.1"] == ("clause", "（一）", None, "一（一）", f"{NOTICE}:zh:1")  # a sentence: text
    assert shape["2.1"] == ("section", "（一）", "窗口服务", "二（一）", f"{NOTICE}:zh:2")
    assert shape["2.1.2"] == ("item", "2", None, "二（一）.2", f"{NOTICE}:zh:2.1")
    assert shape["3"] == ("clause", "三", None, "三", None)
    assert shape["annex-1"] == ("annex", "附件 1", "外籍人才服务专窗名单", "附件1", None)
    assert shape["annex-1.1.2"] == ("item", "2", None, "附件1 一.2", f"{NOTICE}:zh:annex-1.1")
    assert found[f"{NOTICE}:zh:title"].body == "某人社发〔2026〕7号"
    assert found[f"{NOTICE}:zh:preamble"].body.split("\n\n") == [
        "各区人力资源和社会保障局，各有关单位：", "为进一步便利外籍人才来本市工作，现就优化有关服务事项通知如下。"]
    assert found[f"{NOTICE}:zh:2.2"].body == "符合条件的申请，自受理之日起5个工作日内办结。"
    assert found[f"{NOTICE}:zh:closing"].body.split("\n\n") == [
        "特此通知。", "附件：外籍人才服务专窗名单", "某市人力资源和社会保障局", "2026年4月10日"]
    assert found[f"{NOTICE}:zh:annex-1.1.1"].source["lines"] == [43, 43]


def test_a_notices_units_are_cited_by_clause_sub_clause_item_and_annex(data: KnowledgeBaseData) -> None:
    title = "《某市人力资源和社会保障局关于优化外籍人才服务的通知》"
    cites = {u.id: u.citation["zh"] for u in data.text_units if u.doc == NOTICE}
    assert cites[f"{NOTICE}:zh:2.1.1:p1"] == f"{title}二（一）.1"
    assert cites[f"{NOTICE}:zh:1.2:p1"] == f"{title}一（二）"
    assert cites[f"{NOTICE}:zh:3:p1"] == f"{title}三"
    assert cites[f"{NOTICE}:zh:annex-1.1.2:p1"] == f"{title}附件1 一.2"
    assert cites[f"{NOTICE}:zh:closing:p4"] == f"{title}落款 第4段"
    assert len(cites) == 16
    en = {u.id: u.citation["en"] for u in data.text_units if u.doc == NOTICE}
    # The English of a sub-clause's number is an arabic figure in ASCII brackets.
    assert en[f"{NOTICE}:zh:2.1.1:p1"].endswith(", II(1).1")
    assert en[f"{NOTICE}:zh:1.2:p1"].endswith(", I(2)")
    assert en[f"{NOTICE}:zh:annex-1.1.2:p1"].endswith(", Annex 1, I.2")


def test_a_paper_is_read_by_the_paper_scheme_without_a_parser_named(data: KnowledgeBaseData) -> None:
    assert parser_of(data, PAPER) == ["paper-zh"]
    found = sections(data, PAPER)
    assert list(found) == [f"{PAPER}:zh:{p}" for p in (
        "title", "abstract", "1", "2", "2.1", "2.2", "2.2.p1", "2.2.p2", "3", "4")] + [
        f"{PAPER}:en:title", f"{PAPER}:en:abstract"]
    shape = {sid.split(":", 1)[1]: (s.number, s.heading, s.level, s.parent) for sid, s in found.items()}
    assert shape["zh:2.1"] == ("2.1", "建设现状", 2, f"{PAPER}:zh:2")
    assert shape["zh:2.2.p2"] == ("（2）", "流程繁琐", 3, f"{PAPER}:zh:2.2")  # a bold lead-in
    assert shape["zh:4"] == ("4", "结论", 1, None)
    assert found[f"{PAPER}:zh:title"].body == "某市行政学院公共管理教研部 李某"
    # The abstract ends at the keywords, which join it as a paragraph of their own.
    assert found[f"{PAPER}:zh:abstract"].body.split("\n\n")[1] == "关键词：外籍人才；服务平台；数字化；一网通办"
    assert found[f"{PAPER}:en:abstract"].body.endswith(
        "with one-stop online service as its goal.\n\nKey words: foreign talents; service platform; "
        "digitalisation; one-stop online service")
    # Wrapped lines joined, reference marks ([1], [2-3]) dropped.
    assert found[f"{PAPER}:zh:1"].body == ("近年来，各地相继建立外籍人才服务平台，把分散在多个部门的事项集中到一个窗口办理。"
                                          "平台的数字化程度直接影响外籍人才的办事体验。")
    assert found[f"{PAPER}:zh:2.2.p1"].body == "各部门的数据标准不一，申请人需要向不同窗口重复提交相同的材料。"
    assert found[f"{PAPER}:en:title"].counterpart == f"{PAPER}:zh:title"
    cites = {u.id: u.citation["zh"] for u in data.text_units if u.doc == PAPER}
    assert cites[f"{PAPER}:zh:2.2.p2:p1"] == "《外籍人才服务平台的数字化建设研究》第2.2节（2）"
    assert cites[f"{PAPER}:zh:2.1:p1"] == "《外籍人才服务平台的数字化建设研究》第2.1节"


def test_the_old_parser_names_are_aliases_of_the_schemes(data: KnowledgeBaseData, tmp_path: Path) -> None:
    entries = (DATA / "schemes" / "manifest-entries.toml").read_text(encoding="utf-8")
    entries = entries.replace('path = "service-notice.txt"\n  lang = "zh"\n',
                              'path = "service-notice.txt"\n  lang = "zh"\n  parser = "policy-notice-zh"\n')
    entries = entries.replace('path = "platform-paper.txt"\n  lang = "zh"\n',
                              'path = "platform-paper.txt"\n  lang = "zh"\n  parser = "journal-paper-zh"\n')
    named = parse_corpus(fixture_corpus(tmp_path / "corpus", entries), with_terms=False)
    assert parser_of(named, NOTICE) == ["policy-notice-zh"] and parser_of(named, PAPER) == ["journal-paper-zh"]
    for doc in (NOTICE, PAPER):
        assert [s.to_dict() for s in sections(named, doc).values()] == \
            [s.to_dict() for s in sections(data, doc).values()]


def test_kb_parsers_names_schemes_aliases_and_what_is_detected() -> None:
    out = CliRunner().invoke(main, ["parsers"]).output
    lines = {line.split()[0]: line.split()[1] for line in out.splitlines() if line.split()[1:2]}
    assert lines["notice-zh"] == lines["paper-zh"] == lines["normative-zh"] == "scheme"
    assert lines["policy-notice-zh"] == lines["journal-paper-zh"] == "alias"
    assert lines["qianhai-report-zh"] == "parser"
    assert "the notice-zh scheme under its older name" in out
    assert "(normative-zh, normative-en, decision-zh, notice-zh, paper-zh)" in out
