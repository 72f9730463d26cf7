"""The translator's term entry: a term's renderings with counts and examples, pairs cited with
their reliability, Chinese terms without extraction spaces, and exchange files a CAT tool or
Excel reads as they are (one set of language tags, a byte-order mark on CSV)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.reading.text import CJK
from kb.services.concordance import ConcordanceError, renderings
from kb.services.tmx import export_tmx, memory_segments
from kb.store import KnowledgeBase
from kb.terms import export_tbx, validate_tbx_basic
from kb.terms.segment import zh_term
from web import create_app

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SPACE_BY_CHINESE = re.compile(f"\\s(?=[{CJK}（）“”《》，、])|(?<=[{CJK}（）“”《》，、])\\s")


@pytest.fixture(scope="module")
def client(built: Path):  # type: ignore[no-untyped-def]
    return create_app({"TESTING": True, "KB_DATA_DIR": str(built), "KB_AS_OF": "2024-06-01"}).test_client()


# -- the look-up --------------------------------------------------------------------------------

def test_renderings_of_jinque_with_counts_and_examples(kb: KnowledgeBase) -> None:
    found = renderings(kb, "紧缺")
    summary = [(r["rendering"], r["count"], r["official"], r["unofficial"]) for r in found["renderings"]]
    # The Qianhai list's severity values render it "short supply"; its headings and titles, and
    # every curated English (the house rendering, corpus/curated_terms.toml), "high-demand".
    assert summary[:2] == [("short supply", 61, 61, 0), ("high-demand", 38, 33, 5)]
    assert {f["form"] for f in found["renderings"][0]["forms"]} == {"short supply"}
    assert found["segments"] == 104
    example = found["renderings"][0]["examples"][0]
    # The most repeated official pair first, the term and its rendering marked, places cited.
    assert (example["zh"], example["en"], example["count"]) == ("比较紧缺", "Relatively short supply", 21)
    assert [example["zh"][a:b] for a, b in example["zh_spans"]] == ["紧缺"]
    assert [example["en"][a:b] for a, b in example["en_spans"]] == ["short supply"]
    assert example["places"][0] == {"id": "qh-d09", "citation": {
        "zh": "《前海外籍人才紧缺职业清单》表1 第9行",
        "en": "List of High-Demand Occupations for Foreign Talents in Qianhai, Table 1, row 9"}}
    # The curated examples are all "high-demand": none departs from the house rendering.
    assert [e for e in found["renderings"][0]["examples"] if not e["official"]] == []
    curated = [e for e in found["renderings"][1]["examples"] if not e["official"]]
    assert curated and {e["en"][c:d].lower() for e in curated for c, d in e["en_spans"]} == {"high-demand"}
    high_demand = found["renderings"][1]["examples"][0]
    assert [high_demand["en"][a:b].lower() for a, b in high_demand["en_spans"]] == ["high-demand"]
    # Words that render the Chinese around the term are not its renderings.
    assert not {"occupation", "occupations", "list", "qianhai"} & {r["rendering"].lower() for r in found["renderings"]}


def test_renderings_of_zhuancai_and_gaojingjianque(kb: KnowledgeBase) -> None:
    found = renderings(kb, "专才")
    assert [(r["rendering"], r["count"]) for r in found["renderings"]] == [("specialist", 35)]
    # 猎头专才 is rendered "headhunter": no "specialist" in it.
    assert [e["zh"] for e in found["unidentified"]["examples"]] == ["国际人力资源服务猎头专才"]
    found = renderings(kb, "高精尖缺")
    assert [(r["rendering"], r["count"], r["unofficial"]) for r in found["renderings"]] == [
        ("high-end, precision, advanced and high-demand", 4, 4)]


def test_lookup_refuses_what_is_not_a_chinese_term(kb: KnowledgeBase) -> None:
    with pytest.raises(ConcordanceError, match="look up a Chinese term"):
        renderings(kb, "shortage")
    with pytest.raises(ConcordanceError, match="at most 40 characters"):
        renderings(kb, "紧缺" * 21)


def test_lookup_page_json_and_errors(client) -> None:  # type: ignore[no-untyped-def]
    payload = client.get("/api/terms?lookup=紧缺").get_json()
    lookup = payload["lookup"]
    assert [r["rendering"] for r in lookup["renderings"][:2]] == ["short supply", "high-demand"]
    assert lookup["renderings"][0]["examples"][0]["places"][0]["url"] == "/occupations/qh-d09"
    # The consistency findings about the term follow the look-up: the curated Beijing notice
    # renders 紧缺 where the official English gives "in short supply" once.
    assert [f["place"] for f in lookup["consistency"]["curated_departures"]] == [
        "beijing-notice:zh:1:p1", "beijing-notice:zh:annex-2#heading", "shanghai-study:zh:2.4:p1",
        "liu-migration:zh:s1:p2", "liu-migration:zh:s1:p4", "liu-migration:zh:s3:p1"]
    # Each departs from the official "in short supply" by the house rendering, and says so.
    assert all("curated_terms.toml" in (f["explained"] or "") for f in lookup["consistency"]["curated_departures"])
    assert lookup["pairs"][0]["zh"] == "紧缺" and lookup["pairs_total"] == 22
    html = client.get("/terms?lookup=紧缺").get_data(as_text=True)
    assert "<mark>紧缺</mark>" in html and "<mark>short supply</mark>" in html
    assert "《前海外籍人才紧缺职业清单》表1 第9行" not in html  # the English interface cites in English
    assert "List of High-Demand Occupations for Foreign Talents in Qianhai, Table 1, row 9" in html
    # Traditional input is converted; English or over-long input is a 400 naming the parameter.
    assert client.get("/api/terms?lookup=緊缺").get_json()["lookup"]["converted"] == "紧缺"
    bad = client.get("/api/terms?lookup=shortage")
    assert bad.status_code == 400 and bad.get_json()["error"].startswith("lookup: look up a Chinese term")
    assert client.get("/terms?lookup=shortage").status_code == 400


def test_term_list_shows_reliability_termhood_and_cited_places(client) -> None:  # type: ignore[no-untyped-def]
    pairs = client.get("/api/terms?q=区块链").get_json()["pairs"]
    blockchain = next(p for p in pairs if p["zh"] == "区块链" and p["en"] == "blockchain")
    assert blockchain["reliability"] == {"level": "official", "code": 10}
    assert blockchain["cited_places"] == [
        {"id": "qh-d09", "url": "/occupations/qh-d09", "citation": {
            "zh": "《前海外籍人才紧缺职业清单》表1 第9行",
            "en": "List of High-Demand Occupations for Foreign Talents in Qianhai, Table 1, row 9"}},
        {"id": "qh-s06", "url": "/occupations/qh-s06", "citation": {
            "zh": "《前海外籍人才紧缺职业清单》表2 第6行",
            "en": "List of High-Demand Occupations for Foreign Talents in Qianhai, Table 2, row 6"}}]
    curated = client.get("/api/terms?q=芯片设计工程师").get_json()["pairs"][0]
    assert curated["reliability"] == {"level": "curated", "code": 6}
    html = client.get("/terms?q=区块链", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert '<a class="term-place" href="/occupations/qh-d09" title="qh-d09">《前海外籍人才紧缺职业清单》表1 第9行</a>' in html
    assert "官方 <span class=\"code\">(10)</span>" in html


def test_cli_lookup_prints_renderings(built: Path) -> None:
    result = CliRunner().invoke(main, ["--data-dir", str(built), "terms", "lookup", "紧缺", "--limit", "1"])
    assert result.exit_code == 0
    assert "Renderings of 紧缺 in 104 aligned sentence pairs" in result.output
    assert "  short supply  ×61 (61 official, 0 curated)" in result.output
    payload = json.loads(CliRunner().invoke(main, ["--data-dir", str(built), "terms", "lookup", "专才",
                                                   "--json"]).output)
    assert [(r["rendering"], r["count"]) for r in payload["renderings"]] == [("specialist", 35)]


# -- no extraction spaces -------------------------------------------------------------------------

def test_no_chinese_term_carries_extraction_spaces(kb: KnowledgeBase) -> None:
    spaced = [p["zh"] for p in kb.terms["pairs"] if SPACE_BY_CHINESE.search(p["zh"])]
    assert spaced == []
    zh = {p["zh"] for p in kb.terms["pairs"]}
    assert {"北京市外籍“高精尖”人才认定标准（试行）", "IoT架构师", "5G技术研发工程师",
            "具有2年及以上从事芯片设计等相关工作经历"} <= zh
    # The TBX a CAT tool imports carries the same terms.
    entries = validate_tbx_basic(export_tbx(kb.terms["pairs"], kb.terms["notice"]))
    assert not any(SPACE_BY_CHINESE.search(e["zh"]) for e in entries)


def test_zh_term_keeps_spaces_between_latin_words() -> None:
    assert zh_term(" Java EE 开发 （初级） ") == "Java EE开发（初级）"
    assert zh_term("人才 认定标准") == "人才认定标准"


# -- exchange files ---------------------------------------------------------------------------------

def test_tbx_and_tmx_use_the_same_language_tags(kb: KnowledgeBase) -> None:
    tbx = ET.fromstring(export_tbx(kb.terms["pairs"], kb.terms["notice"]).split("\n", 2)[2])
    tmx = ET.fromstring(export_tmx(memory_segments(kb)).split("\n", 1)[1])
    tbx_tags = {e.get(XML_LANG) for e in tbx.iter("langSet")}
    tmx_tags = {e.get(XML_LANG) for e in tmx.iter("tuv")}
    assert tbx_tags == tmx_tags == {"zh-CN", "en"}
    assert tmx.find("header").get("srclang") == "zh-CN"


def test_csv_downloads_open_in_excel_with_chinese_intact(client, built: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/terms/export.csv").get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8-sig").splitlines()[0].startswith("zh,en,kind,")
    runner = CliRunner()
    for fmt, header in (("terms-csv", "zh,en,kind,"), ("csv", None)):
        out = tmp_path / f"{fmt}.csv"
        result = runner.invoke(main, ["--data-dir", str(built), "export", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0 and out.read_bytes().startswith(b"\xef\xbb\xbf")
        if header:
            assert out.read_text(encoding="utf-8-sig").startswith(header)
    # Standard output stays plain UTF-8 for pipes.
    printed = runner.invoke(main, ["--data-dir", str(built), "export", "--format", "terms-csv"]).output
    assert printed.startswith("zh,en,kind,")


def test_xlsx_download_and_cli_keep_the_chinese(client, built: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from io import BytesIO

    from openpyxl import load_workbook

    response = client.get("/terms/export.xlsx")
    assert response.status_code == 200 and 'filename="policy-kb-terms.xlsx"' in response.headers["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.get_data()))["terms"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("zh", "en", "kind")
    assert ("区块链", "blockchain") in {(r[0], r[1]) for r in rows[1:]}
    assert 'href="/terms/export.xlsx"' in client.get("/terms").get_data(as_text=True)
    out = tmp_path / "terms.xlsx"
    runner = CliRunner()
    result = runner.invoke(main, ["--data-dir", str(built), "terms", "export", "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0 and len(list(load_workbook(out)["terms"].iter_rows())) == len(rows)
    refused = runner.invoke(main, ["--data-dir", str(built), "terms", "export", "--format", "xlsx"])
    assert refused.exit_code == 1 and "write it to a file with -o FILE.xlsx" in refused.output
