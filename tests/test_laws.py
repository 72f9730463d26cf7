"""Normative documents read as such: the fixture regulation, rule and notice of tests/data/laws
added to a copy of the corpus as a file and a manifest entry each, no code.

The regulation (某市外籍人才服务条例, made up for these tests) has a decree's header, a table of
contents, 4 chapters (the second with 2 sections), 15 articles with paragraphs (款), items
(（一）) and sub-items (1.), and is printed as a PDF extraction: lines wrapped at the page
width, a page number, a line that begins with a cross-reference (第十条的规定). Its official-style
English covers Chapters I and III and Articles 1-4, 11 and 15 only, one paragraph a line.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.build import build, parse_corpus
from kb.cli import main
from kb.errors import CorpusError
from kb.store import KnowledgeBase

from .conftest import CORPUS, DATA

LAWS = DATA / "laws"
REG = "city-talent-regulation"


def law_corpus(target: Path) -> Path:
    """corpus/ copied, with the fixture files and their manifest entries added."""
    shutil.copytree(CORPUS, target)
    for path in LAWS.glob("*.txt"):
        shutil.copy(path, target / path.name)
    with (target / "manifest.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n" + (LAWS / "manifest-entries.toml").read_text(encoding="utf-8"))
    for path in (LAWS / "translations").glob("*.po"):  # curated English of the fixture documents
        shutil.copy(path, target / "translations" / path.name)
    return target


@pytest.fixture(scope="module")
def laws(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, KnowledgeBase]:
    """The fixture corpus, its data directory and its build (one build for the module)."""
    corpus = law_corpus(tmp_path_factory.mktemp("laws") / "corpus")
    data_dir = tmp_path_factory.mktemp("laws-data")
    build(corpus, data_dir)
    return corpus, data_dir, KnowledgeBase.load(data_dir)


@pytest.fixture
def kbl(laws: tuple[Path, Path, KnowledgeBase]) -> KnowledgeBase:
    return laws[2]


def sections(kb: KnowledgeBase, doc: str, lang: str = "zh") -> list[dict]:
    return [s for s in kb.sections if s["doc"] == doc and s["lang"] == lang]


def unit_ids(kb: KnowledgeBase, section_id: str) -> list[str]:
    return kb.get(section_id)["units"]


def texts(kb: KnowledgeBase, section_id: str) -> list[str]:
    return [kb.get(u)["text"] for u in unit_ids(kb, section_id)]


# Structure.

def test_the_regulation_is_read_by_its_scheme_without_a_parser_named(kbl: KnowledgeBase) -> None:
    doc = kbl.documents[REG]
    assert [f["parser"] for f in doc["files"]] == ["normative-zh", "normative-en"]
    zh = sections(kbl, REG)
    assert [s["path"] for s in zh] == [
        "title", "ch1", "art1", "art2", "art3", "art4", "ch2", "ch2.sec1", "art5", "art6", "art7",
        "ch2.sec2", "art8", "art9", "ch3", "art10", "art11", "art12", "art12-1", "art13", "ch4", "art14", "art15"]
    kinds = [s["kind"] for s in zh]
    assert (kinds.count("chapter"), kinds.count("section"), kinds.count("article")) == (4, 2, 16)
    ch2 = kbl.get(f"{REG}:zh:ch2")
    assert (ch2["number"], ch2["heading"], ch2["parent"]) == ("第二章", "服务保障", None)
    assert kbl.get(f"{REG}:zh:ch2.sec2")["heading"] == "数据共享"
    assert kbl.get(f"{REG}:zh:ch2.sec2")["parent"] == f"{REG}:zh:ch2"
    art8 = kbl.get(f"{REG}:zh:art8")
    assert (art8["number"], art8["heading"], art8["parent"], art8["kind"]) == (
        "第八条", None, f"{REG}:zh:ch2.sec2", "article")
    assert kbl.get(f"{REG}:zh:art10")["parent"] == f"{REG}:zh:ch3"
    assert kbl.get(f"{REG}:zh:title")["heading"] == "某市外籍人才服务条例"


def test_paragraphs_items_and_sub_items_are_units_named_by_the_structure(kbl: KnowledgeBase) -> None:
    assert unit_ids(kbl, f"{REG}:zh:art3") == [f"{REG}:zh:art3:p{n}" for n in (1, 2, 3)]
    assert unit_ids(kbl, f"{REG}:zh:art6") == [
        f"{REG}:zh:art6:{key}" for key in ("p1", "p1:i1", "p1:i2", "p1:i3", "p1:i3:s1", "p1:i3:s2", "p2")]
    assert [kbl.get(u)["kind"] for u in unit_ids(kbl, f"{REG}:zh:art6")] == [
        "paragraph", "item", "item", "item", "subitem", "subitem", "paragraph"]
    assert texts(kbl, f"{REG}:zh:art6")[3:6] == ["（三）外语服务，包括：", "1.中英文办事指南；", "2.现场翻译协助。"]
    assert unit_ids(kbl, f"{REG}:zh:art11")[-1] == f"{REG}:zh:art11:p2"
    # The article's number is the section's, not part of its first paragraph.
    assert texts(kbl, f"{REG}:zh:art1") == [
        "为了优化外籍人才服务，吸引和便利外籍人才来本市工作，根据有关法律、行政法规，结合本市实际，制定本条例。"]


def test_wrapped_lines_continue_and_never_run_into_the_next_article(kbl: KnowledgeBase) -> None:
    # Lines wrapped at the page width are joined; a line ending a clause short of the width ends a 款.
    assert texts(kbl, f"{REG}:zh:art2") == [
        "本条例适用于本市行政区域内外籍人才的引进、服务和管理工作。",
        "本条例所称外籍人才，是指在本市工作的具有专业知识或者专门技能的外国人。"]
    assert texts(kbl, f"{REG}:zh:art10")[1] == "符合本市外籍高端人才认定标准的，可以申请期限较长的居留证件，办理时限不超过10个工作日。"
    # A wrapped line that begins with a cross-reference (第十条的规定) is not article 10 again.
    assert texts(kbl, f"{REG}:zh:art12") == ["外籍人才的配偶和未成年子女，可以依照本条例第十条的规定随同申请相应的居留证件。"]
    # The page number between two items is furniture, not text.
    assert texts(kbl, f"{REG}:zh:art4")[1:3] == ["（一）依法规范，公开透明；", "（二）便捷高效，一窗通办；"]
    for unit in kbl.units:
        if unit["doc"] == REG and unit["lang"] == "zh":
            assert not re.search(r"(?:^|[。；])第[一二三四五六七八九十]+条", unit["text"]), unit["id"]


def test_one_paragraph_a_line_is_never_reflowed(kbl: KnowledgeBase) -> None:
    rule = "city-permit-rule"
    assert [s["path"] for s in sections(kbl, rule)] == ["title", "art1", "art2", "art3", "art4", "art5"]
    assert texts(kbl, f"{rule}:zh:art3") == [
        "外国人申请工作类居留证件，材料齐全的，出具受理回执，受理回执有效期为30日。",
        "首次签发的居留证件有效期1年；连续两次申请的，可以签发有效期5年的居留证件。"]
    assert texts(kbl, f"{rule}:zh:art2")[1] == "工作许可证件有效期最长为5年。"


def test_the_lines_before_the_body_are_the_documents_header_not_its_text(kbl: KnowledgeBase) -> None:
    header = kbl.documents[REG]["header"]["zh"]
    kinds = [(e["kind"], e["text"]) for e in header if e["kind"] != "contents"]
    assert kinds == [
        ("decree", "某市人民政府令"), ("decree", "第15号"),
        ("adopted", "《某市外籍人才服务条例》已经2025年10月28日市人民政府第42次常务会议通过"),
        ("promulgated", "现予公布"), ("effective", "自2026年3月1日起施行。"),
        ("signature", "市长 王某"), ("date", "2025年11月5日"), ("title", "某市外籍人才服务条例"),
        ("adopted", "2025年10月28日市人民政府第42次常务会议通过"),
        # The dated line the page width wrapped is read whole, then split into its events.
        ("promulgated", "2025年11月5日某市人民政府令第15号公布"), ("effective", "自2026年3月1日起施行")]
    assert [e["date"] for e in header if e["kind"] in ("adopted", "promulgated", "effective")] == [
        "2025-10-28", None, "2026-03-01", "2025-10-28", "2025-11-05", "2026-03-01"]
    assert sum(1 for e in header if e["kind"] == "contents") == 7  # 目录 and its six entries
    body = " ".join(u["text"] for u in kbl.units if u["doc"] == REG)
    for printed in ("令", "第15号", "王某", "2025年11月5日", "目 录", "常务会议通过"):
        assert printed not in body, printed
    english = [(e["kind"], e["date"]) for e in kbl.documents[REG]["header"]["en"]]
    assert english == [("title", None), ("adopted", "2025-10-28"), ("promulgated", "2025-11-05"),
                       ("effective", "2026-03-01")]
    # A document no scheme read has no header.
    assert kbl.documents["beijing-notice"]["header"] is None


def test_ids_are_the_same_in_every_build(laws: tuple[Path, Path, KnowledgeBase]) -> None:
    corpus, _, kb = laws
    again = parse_corpus(corpus, with_terms=False)
    mine = lambda ids: sorted(i for i in ids if i.startswith(("city-",)))  # noqa: E731
    assert mine(s.id for s in again.sections) == mine(s["id"] for s in kb.sections)
    assert mine(u.id for u in again.text_units) == mine(u["id"] for u in kb.units)
    assert len(mine(u["id"] for u in kb.units)) > 40


def test_a_file_no_reader_recognises_is_an_error_naming_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(DATA / "validity", corpus)
    (corpus / "plain.en.txt").write_text("Plain English prose.\n\nNo articles, no headings.\n", encoding="utf-8")
    manifest = corpus / "manifest.toml"
    base = manifest.read_text(encoding="utf-8")
    for parser, message in (
            (None, "names no parser for this file and its text is not a kind the readers recognise"),
            ("normative-en", "no articles found: no line starts 'Article N'"),
            ("qianhai-report-en", "the qianhai-report-en parser found no text in this file")):
        entry = '\n  [[document.file]]\n  path = "plain.en.txt"\n  lang = "en"\n'
        manifest.write_text(base + entry + (f'  parser = "{parser}"\n' if parser else ""), encoding="utf-8")
        with pytest.raises(CorpusError, match="plain.en.txt") as caught:
            parse_corpus(corpus, with_terms=False)
        assert message in str(caught.value)
        result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), "build", "--corpus", str(corpus)])
        assert result.exit_code == 1 and "plain.en.txt" in result.output and message in result.output
        assert not (tmp_path / "data" / "current").exists()


def test_kb_parsers_lists_the_normative_readers() -> None:
    out = CliRunner().invoke(main, ["parsers"]).output
    assert "normative-zh" in out and "normative-en" in out


# Citations in the legal form.

def cite(kb: KnowledgeBase, item_id: str) -> tuple[str, str]:
    citation = kb.get(item_id)["citation"]
    return citation["zh"], citation["en"]


def test_units_are_cited_in_the_legal_form_in_both_languages(kbl: KnowledgeBase) -> None:
    title_zh, title_en = "《某市外籍人才服务条例》", "Regulations of the City on Services for Foreign Talents"
    expected = {
        "art1:p1": ("第一条", "Article 1"),  # one paragraph: the article alone
        "art2:p1": ("第二条第一款", "Article 2, paragraph 1"),
        "art4:p1:i3": ("第四条第（三）项", "Article 4, item (3)"),  # one paragraph: no 第一款
        "art11:p1:i3": ("第十一条第一款第（三）项", "Article 11, paragraph 1, item (3)"),
        "art11:p2": ("第十一条第二款", "Article 11, paragraph 2"),
        "art6:p1:i3:s2": ("第六条第一款第（三）项第2目", "Article 6, paragraph 1, item (3), sub-item 2"),
    }
    for key, (zh, en) in expected.items():
        assert cite(kbl, f"{REG}:zh:{key}") == (title_zh + zh, f"{title_en}, {en}"), key
    # The English version's units are cited the same way: they are the same article's.
    for key in ("art4:p1:i3", "art11:p1:i3", "art2:p1"):
        assert cite(kbl, f"{REG}:en:{key}") == cite(kbl, f"{REG}:zh:{key}")
    assert kbl.get(f"{REG}:zh:ch2.sec1")["citation"] == "第二章第一节"
    assert kbl.get(f"{REG}:en:ch3")["citation"] == "Chapter III"
    assert kbl.get(f"{REG}:zh:art11")["citation"] == "第十一条"
    # A section in full: its document's title and its place, each language's own.
    assert kbl.section_citation(f"{REG}:zh:art11") == {"zh": f"{title_zh}第十一条", "en": f"{title_en}, Article 11"}
    assert kbl.section_citation(f"{REG}:en:ch3")["en"] == f"{title_en}, Chapter III"


def test_kb_show_cites_an_article_with_its_documents_title(laws: tuple[Path, Path, KnowledgeBase]) -> None:
    out = CliRunner().invoke(main, ["--data-dir", str(laws[1]), "show", f"{REG}:zh:art11"]).output
    assert "  cite as: 《某市外籍人才服务条例》第十一条\n" in out
    assert "  cite as: Regulations of the City on Services for Foreign Talents, Article 11\n" in out
    shown = json.loads(CliRunner().invoke(main, ["--data-dir", str(laws[1]), "show", f"{REG}:zh:art11", "--json"]).output)
    assert shown["citation"]["zh"] == "《某市外籍人才服务条例》第十一条"


def test_book_title_marks_inside_a_title_become_angle_brackets() -> None:
    from kb.model import Section
    from kb.translation.units import cited_in, section_place

    section = Section(id="d:zh:art2", doc="d", lang="zh", path="art2", number="第二条", heading=None,
                      kind="article")
    doc = {"id": "d", "title": {"zh": "关于修改《某市外籍人才服务条例》的决定",
                                "en": "Decision on Amending the Regulations of the City on Services for Foreign Talents"}}
    assert cited_in(doc, section_place(section)) == {
        "zh": "《关于修改〈某市外籍人才服务条例〉的决定》第二条",
        "en": "Decision on Amending the Regulations of the City on Services for Foreign Talents, Article 2"}


def test_an_inserted_article_is_its_own_article_after_the_one_it_follows(kbl: KnowledgeBase) -> None:
    # 第十二条之一 (inserted by an amendment): art12-1, after art12, cited 第十二条之一 / Article 12-1.
    zh, en = kbl.get(f"{REG}:zh:art12-1"), kbl.get(f"{REG}:en:art12-1")
    assert (zh["kind"], zh["number"], zh["parent"], zh["counterpart"]) == ("article", "第十二条之一", f"{REG}:zh:ch3",
                                                                           f"{REG}:en:art12-1")
    assert texts(kbl, f"{REG}:zh:art12-1") == ["外籍人才在本市创办科技企业的，可以凭创业计划申请工作类居留证件。"]
    assert texts(kbl, f"{REG}:zh:art12") == ["外籍人才的配偶和未成年子女，可以依照本条例第十条的规定随同申请相应的居留证件。"]
    assert cite(kbl, f"{REG}:zh:art12-1:p1") == ("《某市外籍人才服务条例》第十二条之一",
                                                 "Regulations of the City on Services for Foreign Talents, Article 12-1")
    assert en["number"] == "Article 12-1" and kbl.get(f"{REG}:en:art12-1:p1")["counterparts"] == [f"{REG}:zh:art12-1:p1"]
    from kb.reading.references import references_in
    from kb.reading.schemes import path_parts, section_citation as path_citation

    assert path_parts("ch3.art12-1") == [("chapter", 3, 0), ("article", 12, 1)]
    assert path_citation("art12-2") == {"zh": "第十二条之二", "en": "Article 12-2"}
    # A citation of it resolves to it, not to 第十二条.
    assert references_in("依照《某市外籍人才服务条例》第十二条之一的规定", {"某市外籍人才服务条例": REG}, {},
                         {f"{REG}:zh:art12", f"{REG}:zh:art12-1"}) == [
        {"text": "《某市外籍人才服务条例》第十二条之一", "doc": REG, "article": f"{REG}:zh:art12-1"}]


# The official English: paired by article, then by paragraph and item.

def test_articles_pair_by_number_and_the_rest_await_a_curated_translation(kbl: KnowledgeBase) -> None:
    paired = [s["path"] for s in sections(kbl, REG) if s["counterpart"]]
    assert paired == ["title", "ch1", "art1", "art2", "art3", "art4", "ch3", "art11", "art12-1", "art15"]
    assert kbl.get(f"{REG}:zh:art11")["counterpart"] == f"{REG}:en:art11"
    assert kbl.get(f"{REG}:en:ch3")["counterpart"] == f"{REG}:zh:ch3"  # Chapter III, the second English chapter
    [note] = kbl.get(f"{REG}:zh:art5")["notes"]
    assert note == {"kind": "alignment", "target": f"{REG}:zh:art5", "field": None, "supplied_by": None,
                    "text": "No English counterpart: the English version covers some articles only; "
                            "a curated translation can supply the others."}
    assert kbl.get(f"{REG}:zh:art5:p1")["text_status"] == {"zh": "official", "en": "missing"}
    # Every English section has its Chinese.
    assert not [n for s in sections(kbl, REG, "en") for n in s["notes"] if n["kind"] == "alignment"]
    status = {d["doc"]: d for d in kbl.translations["documents"]}[REG]
    unpaired = [s for s in sections(kbl, REG) if not s["counterpart"]]
    assert status["translated"] == 0
    assert len(status["missing"]) == sum(len(s["units"]) + bool(s["heading"]) for s in unpaired) == 20
    assert f"{REG}:zh:art6:p1:i3:s2" in status["missing"] and f"{REG}:zh:ch2.sec1#heading" in status["missing"]
    assert f"{REG}:zh:art11:p1" not in status["missing"]


def test_paragraphs_and_items_pair_by_structure_or_by_length_where_counts_differ(kbl: KnowledgeBase) -> None:
    def beads(article: str) -> list[tuple[list[str], list[str]]]:
        return [([u.rsplit(":art", 1)[1] for u in b["zh"]], [u.rsplit(":art", 1)[1] for u in b["en"]])
                for b in kbl.translations["alignment"] if b["section"] == f"{REG}:zh:{article}"]

    # Same paragraphs and items on both sides: one to one by key, items with items.
    assert beads("art4") == [(["4:p1"], ["4:p1"]), (["4:p1:i1"], ["4:p1:i1"]), (["4:p1:i2"], ["4:p1:i2"]),
                             (["4:p1:i3"], ["4:p1:i3"])]
    assert beads("art11") == [([k], [k]) for k in ("11:p1", "11:p1:i1", "11:p1:i2", "11:p1:i3", "11:p2")]
    # Article 3: the English joins the first two paragraphs (Gale-Church finds the 2-1 bead).
    assert beads("art3") == [(["3:p1", "3:p2"], ["3:p1"]), (["3:p3"], ["3:p2"])]
    unit = kbl.get(f"{REG}:zh:art11:p1:i3")
    assert unit["counterparts"] == [f"{REG}:en:art11:p1:i3"] and unit["text_status"]["en"] == "official"
    assert kbl.get(f"{REG}:en:art11:p1:i3")["text"].startswith("(3) having been recognised")


def test_the_reader_shows_each_article_beside_its_english(laws: tuple[Path, Path, KnowledgeBase]) -> None:
    from web import create_app

    client = create_app({"TESTING": True, "KB_DATA_DIR": str(laws[1])}).test_client()
    rows = {r["anchor"]: r for r in client.get(f"/api/docs/{REG}").get_json()["rows"]}
    art11 = rows["s-art11"]
    assert art11["en"]["id"] == f"{REG}:en:art11"
    assert [p["anchor"] for p in art11["paragraphs"]] == [
        "p-art11-p1", "p-art11-p1-i1", "p-art11-p1-i2", "p-art11-p1-i3", "p-art11-p2"]
    assert all(p["en_status"] == "official" for p in art11["paragraphs"])
    assert rows["s-art5"]["en"] is None and rows["s-art5"]["paragraphs"][0]["en_status"] == "missing"
    page = client.get(f"/docs/{REG}").get_data(as_text=True)
    assert 'id="p-art11-p1-i3"' in page and "(3) having been recognised" in page


# The document's own validity.

def words(*texts: str, header: list[dict] | None = None) -> dict:
    from types import SimpleNamespace

    from kb.reading.validity import read_validity

    units = [SimpleNamespace(id=f"d:zh:art{n}:p1", section=f"d:zh:art{n}", doc="d", lang="zh", order=n, text=t,
                             citation={"zh": f"《T》第{n}条", "en": f"T, Article {n}"})
             for n, t in enumerate(texts, 1)]
    doc = {"kind": "rule", "date": None, "title": {"zh": "T", "en": "T"},
           "files": [{"lang": "zh", "path": "corpus/t.txt"}], "header": {"zh": header or [], "en": []}}
    return read_validity(doc, units)


def test_a_validity_counts_only_where_its_subject_is_the_document() -> None:
    # A permit's, a receipt's, a residence document's 有效期 never end the document.
    for text in ("首次签发的居留证件有效期1年。", "可以签发有效期5年的居留证件。", "外国人居留许可有效期为2年。",
                 "持有效期至2025年3月31日的工作许可在本市工作的外国人，可以申请延续。",
                 "试点期间工作许可有效期至2025年12月31日的，可以申请延长。", "该措施有效期2年。"):
        assert words("本规定自2025年1月1日起施行。", text)["effective_until"] is None, text
    # The document's own: named (本办法, 本通知, 本试点…), or a sentence with no other subject.
    assert words("本办法自2021年7月1日起施行，有效期5年。")["effective_until"] == "2026-06-30"
    assert words("本试点自2025年4月1日起实施，有效期至2027年3月31日。")["effective_until"] == "2027-03-31"
    assert words("自2025年1月1日起施行。", "有效期3年。")["effective_until"] == "2027-12-31"
    v = words("本规定自2024年1月1日起施行，试行2年。")
    assert (v["effective_until"], v["trial"]) == ("2025-12-31", True)
    # The document's own, after a permit's in the same clause list.
    v = words("居留证件有效期1年；本规定自2024年1月1日起施行，有效期至2026年12月31日。")
    assert v["effective_until"] == "2026-12-31"
    assert v["sources"]["effective_until"]["sentence"] == "本规定自2024年1月1日起施行，有效期至2026年12月31日。"


def test_the_header_states_when_the_document_was_issued_and_takes_effect() -> None:
    header = [{"kind": "adopted", "text": "2024年11月20日某会议通过", "line": 3, "date": "2024-11-20"},
              {"kind": "promulgated", "text": "2024年12月10日某令第9号公布", "line": 3, "date": "2024-12-10"},
              {"kind": "effective", "text": "自2025年1月1日起施行", "line": 3, "date": "2025-01-01"}]
    v = words("本规定自2026年1月1日起施行。", header=header)
    assert (v["issued"], v["effective_from"]) == ("2024-12-10", "2025-01-01")
    assert v["sources"]["effective_from"] == {
        "from": "header", "path": "corpus/t.txt", "line": 3, "lang": "zh",
        "citation": {"zh": "题注", "en": "the note under the title"},
        "words": "自2025年1月1日起施行", "sentence": "自2025年1月1日起施行"}


def test_fixture_documents_get_their_own_period(laws: tuple[Path, Path, KnowledgeBase]) -> None:
    from datetime import date

    from kb.services.validity import validity_as_of

    kb = laws[2]
    rule = kb.documents["city-permit-rule"]["validity"]
    assert (rule["issued"], rule["effective_from"], rule["effective_until"], rule["trial"]) == (
        "2024-12-10", "2025-01-01", None, False)
    assert rule["sources"]["effective_from"]["from"] == "header" and rule["sources"]["effective_from"]["line"] == 3
    # (In force until the later rule repeals it on 2026-01-01: see the repeal's test.)
    assert validity_as_of(kb.documents["city-permit-rule"], date(2025, 6, 1))["status"] == "in-force"
    notice = kb.documents["city-pilot-notice"]["validity"]
    assert (notice["effective_from"], notice["effective_until"]) == ("2025-04-01", "2027-03-31")
    assert notice["sources"]["effective_until"]["unit"] == "city-pilot-notice:zh:2:p1"
    regulation = kb.documents[REG]
    assert (regulation["validity"]["issued"], regulation["validity"]["effective_from"]) == ("2025-11-05", "2026-03-01")
    assert [validity_as_of(regulation, date.fromisoformat(d))["status"] for d in ("2026-02-28", "2026-03-01")] == [
        "not-yet-in-force", "in-force"]
    from web import create_app

    page = create_app({"TESTING": True, "KB_DATA_DIR": str(laws[1]), "KB_AS_OF": "2026-02-01"}).test_client().get(
        f"/docs/{REG}").get_data(as_text=True)
    assert "validity-banner" in page and "Stated in the promulgating decree" in page
    result = CliRunner().invoke(main, ["--data-dir", str(laws[1]), "show", "city-permit-rule:zh:art3",
                                       "--as-of", "2025-06-01"])
    assert result.exit_code == 0 and "validity: in-force" in result.output


# Repeal: a later document's …同时废止 / 自…起废止.

REPEALER = "city-talent-service-rule"


def test_repeals_are_read_in_their_printed_forms_and_resolved_by_title_or_number() -> None:
    from kb.reading.repeals import repeals_in

    titles = {"某市外国人工作居留便利规定": "rule", "出境入境管理法": "law"}
    numbers = {"某市人民政府令第9号": "rule", "国科办才〔2022〕177号": "notice"}
    found = lambda text: [(doc, cited, m.group(0)) for doc, cited, m in repeals_in(text, titles, numbers)]
    assert found("本办法自2026年1月1日起施行，《某市外国人工作居留便利规定》同时废止。") == [
        ("rule", "《某市外国人工作居留便利规定》", "《某市外国人工作居留便利规定》同时废止")]
    # By the number in the parentheses, where the title is printed otherwise.
    assert found("《某市外国人工作居留便利暂行规定》（某市人民政府令第9号）自2026年3月1日起废止。") == [
        ("rule", "《某市外国人工作居留便利暂行规定》（某市人民政府令第9号）",
         "《某市外国人工作居留便利暂行规定》（某市人民政府令第9号）自2026年3月1日起废止")]
    assert [d for d, _, _ in found("《中华人民共和国出境入境管理法》和国科办才〔2022〕177号同时废止")] == ["law", "notice"]
    assert [d for d, _, _ in found("《某省办法》同时废止")] == [None]  # cited, not in the knowledge base
    # A title cited, not repealed; the document's own 自…起施行.
    assert found("根据《某市外国人工作居留便利规定》，自2026年1月1日起施行。") == []


def test_a_repealed_document_keeps_its_own_status_until_the_day(laws: tuple[Path, Path, KnowledgeBase]) -> None:
    from datetime import date

    from kb.services.validity import validity_as_of

    kb = laws[2]
    rule = kb.documents["city-permit-rule"]
    by = rule["validity"]["repealed"]["by"]
    assert rule["validity"]["repealed"]["on"] == "2026-01-01"  # the repealing rule's start (同时废止)
    assert (by["doc"], by["unit"], by["number"], by["citation"]["zh"], by["sentence"]) == (
        REPEALER, f"{REPEALER}:zh:art4:p1", "某市人民政府令第18号", "《某市外国人才工作居留服务办法》第四条",
        "本办法自2026年1月1日起施行，《某市外国人工作居留便利规定》同时废止。")
    assert kb.documents[REPEALER]["repeals"] == [{"doc": "city-permit-rule", "cited": "《某市外国人工作居留便利规定》",
                                                   "on": "2026-01-01", "unit": f"{REPEALER}:zh:art4:p1"}]
    before, after = (validity_as_of(rule, date.fromisoformat(d)) for d in ("2025-12-31", "2026-01-01"))
    assert (before["status"], before["message"]) == ("in-force", None)
    assert (after["status"], after["label"], after["ended"], after["notice"]) == (
        "repealed", {"zh": "已废止", "en": "Repealed"}, True, True)
    assert after["message"] == {
        "zh": "已被某市人民政府令第18号废止，自2026-01-01起（《某市外国人才工作居留服务办法》第四条）",
        "en": "Repealed by 某市人民政府令第18号 from 2026-01-01 (Measures of the City on Work and Residence "
              "Services for Foreign Talents, Article 4)"}
    assert after["clause"]["unit"] == f"{REPEALER}:zh:art4:p1"
    assert validity_as_of(kb.documents[REPEALER], date(2026, 1, 1))["status"] == "in-force"
    out = CliRunner().invoke(main, ["--data-dir", str(laws[1]), "show", "city-permit-rule:zh:art3",
                                    "--as-of", "2026-01-01"]).output
    assert "validity: repealed (Repealed / 已废止) as of 2026-01-01" in out
    assert "Repealed by 某市人民政府令第18号 from 2026-01-01" in out and f"stated in {REPEALER}:zh:art4:p1" in out
    out = CliRunner().invoke(main, ["--data-dir", str(laws[1]), "show", "city-permit-rule:zh:art3",
                                    "--as-of", "2025-12-31", "--json"]).output
    assert json.loads(out)["validity"]["status"] == "in-force"
    out = CliRunner().invoke(main, ["--data-dir", str(laws[1]), "check", "--as-of", "2026-06-01"]).output
    assert "! city-permit-rule: repealed (Repealed / 已废止)" in out
    from web import create_app

    # The reader's banner names the repealing clause and links to it.
    page = create_app({"TESTING": True, "KB_DATA_DIR": str(laws[1]), "KB_AS_OF": "2026-01-02"}).test_client().get(
        "/docs/city-permit-rule").get_data(as_text=True)
    assert 'class="validity-banner validity-repealed"' in page and after["message"]["zh"] in page
    assert f'<a href="/docs/{REPEALER}#p-art4-p1">' in page


# Amendments and cross-references.

AMENDMENT = "city-talent-amendment"


def test_a_decision_is_read_as_a_header_a_lead_in_clauses_and_a_closing(kbl: KnowledgeBase) -> None:
    doc = kbl.documents[AMENDMENT]
    assert doc["files"][0]["parser"] == "decision-zh"  # recognised: a 决定 with 一、 clauses
    assert [s["path"] for s in sections(kbl, AMENDMENT)] == ["title", "preamble", "cl1", "cl2", "cl3", "closing"]
    assert texts(kbl, f"{AMENDMENT}:zh:preamble") == ["市人民政府决定对《某市外籍人才服务条例》作如下修改："]
    assert texts(kbl, f"{AMENDMENT}:zh:cl3") == ["删去第十四条中的“相关”。"]
    assert {kbl.get(f"{AMENDMENT}:zh:{p}")["parent"] for p in ("cl1", "cl3", "closing")} == {None}
    assert texts(kbl, f"{AMENDMENT}:zh:closing") == [
        "本决定自2026年9月1日起施行。", "《某市外籍人才服务条例》根据本决定作相应修改，重新公布。"]
    # The decree's lines are its header; its number is read from them (the manifest gives none).
    assert [e["kind"] for e in doc["header"]["zh"]] == [
        "decree", "decree", "adopted", "promulgated", "effective", "signature", "date", "title"]
    assert doc["number"] == "某市人民政府令第21号" and kbl.documents[REG]["number"] == "某市人民政府令第15号"
    assert (doc["validity"]["issued"], doc["validity"]["effective_from"]) == ("2026-06-10", "2026-09-01")
    assert cite(kbl, f"{AMENDMENT}:zh:cl2:p1")[0] == "《某市人民政府关于修改〈某市外籍人才服务条例〉的决定》二"


def test_the_amended_document_and_its_articles_say_so(laws: tuple[Path, Path, KnowledgeBase]) -> None:
    kb = laws[2]
    [amended] = kb.documents[REG]["amended_by"]
    assert amended == {
        "doc": AMENDMENT, "title": kb.documents[AMENDMENT]["title"], "number": "某市人民政府令第21号",
        "effective_from": "2026-09-01",
        # Articles the clauses name; 第（四）项 and the quoted new wording name none.
        "articles": [f"{REG}:zh:art10", f"{REG}:zh:art11", f"{REG}:zh:art14"],
        "note": {"zh": "经某市人民政府令第21号修改，自2026-09-01起施行",
                 "en": "Amended by Decree No. 21 of the City People's Government, in force from 2026-09-01"}}
    assert kb.documents[AMENDMENT]["amends"]["doc"] == REG and kb.documents[REG]["amends"] is None
    for section_id in (f"{REG}:zh:art10", f"{REG}:zh:art11", f"{REG}:en:art11", f"{REG}:zh:art14"):
        [note] = [n for n in kb.get(section_id)["notes"] if n["kind"] == "amendment"]
        assert note["supplied_by"] == AMENDMENT and note["text"].startswith(
            "Amended by Decree No. 21 of the City People's Government, in force from 2026-09-01 (经某市人民政府令第21号修改，自2026-09-01起施行): "
            "《某市人民政府关于修改〈某市外籍人才服务条例〉的决定》"), section_id
    assert "二 在第十一条第一款中增加一项" in kb.get(f"{REG}:zh:art11")["notes"][-1]["text"]
    assert not any(n["kind"] == "amendment" for n in kb.get(f"{REG}:zh:art12")["notes"])
    from web import create_app

    client = create_app({"TESTING": True, "KB_DATA_DIR": str(laws[1])}).test_client()
    assert client.get(f"/api/docs/{REG}").get_json()["document"]["amended_by"][0]["note"] == amended["note"]
    page = client.get(f"/docs/{REG}").get_data(as_text=True)
    assert f'<a href="/docs/{AMENDMENT}"><span lang="zh-Hans">经某市人民政府令第21号修改，自2026-09-01起施行</span>' in page
    assert page.count('class="row-meta amendment"') == 6  # art10, art11, art14, in each language's column
    assert f'href="/docs/{REG}"' in client.get(f"/docs/{AMENDMENT}").get_data(as_text=True)
    out = CliRunner().invoke(main, ["--data-dir", str(laws[1]), "show", f"{REG}:zh:art14"]).output
    assert "note [amendment] Amended by Decree No. 21 of the City People's Government" in out
    assert "amended: Amended by Decree No. 21 of the City People's Government, in force from 2026-09-01 / 经某市人民政府令第21号修改" in out


def test_cited_titles_and_numbers_resolve_to_documents_and_articles(laws: tuple[Path, Path, KnowledgeBase]) -> None:
    kb = laws[2]
    assert kb.get("city-permit-rule:zh:art1:p1")["references"] == [
        {"text": "《某市外籍人才服务条例》", "doc": REG, "article": None},
        {"text": "《某省外籍人员服务管理办法》", "doc": None, "article": None}]
    assert kb.get("city-permit-rule:zh:art4:p1")["references"] == [
        {"text": "《某市外籍人才服务条例》第十条第二款", "doc": REG, "article": f"{REG}:zh:art10"}]
    # A document number, found after the word before it (获得国科办才〔2022〕177号).
    assert kb.get(f"{AMENDMENT}:zh:cl2:p1")["references"] == [
        {"text": "国科办才〔2022〕177号", "doc": "beijing-notice", "article": None}]
    assert kb.get(f"{REG}:en:art1:p1")["references"] == []
    result = CliRunner().invoke(main, ["--data-dir", str(laws[1]), "check", "-v", "--json"])
    unresolved = {r["text"]: r for r in json.loads(result.output)["references"]["unresolved"]}
    assert unresolved["《某省外籍人员服务管理办法》"] == {
        "text": "《某省外籍人员服务管理办法》", "count": 1, "places": ["city-permit-rule:zh:art1:p1"]}
    assert "《某市外籍人才服务条例》" not in unresolved and "国科办才〔2022〕177号" not in unresolved
    # A title is one entry whatever article it names (《X》 and 《X》第19条 together).
    assert unresolved["《中华人民共和国出境入境管理法》"]["count"] == 3
    out = CliRunner().invoke(main, ["--data-dir", str(laws[1]), "check", "-v"]).output
    assert f"Cited, not in the knowledge base: {len(unresolved)} titles and document numbers" in out
    assert "  - 《某省外籍人员服务管理办法》 ×1: city-permit-rule:zh:art1:p1" in out


def test_search_finds_an_article_by_its_citation(laws: tuple[Path, Path, KnowledgeBase]) -> None:
    for query in ("第十一条 某市外籍人才服务条例", "某市外籍人才服务条例第十一条",
                  "Article 11 regulations services foreign talents"):
        out = CliRunner().invoke(main, ["--data-dir", str(laws[1]), "search", query, "--json"]).output
        assert json.loads(out)["hits"][0]["id"] == f"{REG}:zh:art11", query
    # The document's title words are in every article's heading: the cited number decides.
    query = "Article 3 Measures of the City for the Recognition of High-end Foreign Talents"
    out = CliRunner().invoke(main, ["--data-dir", str(laws[1]), "search", query, "--json"]).output
    assert json.loads(out)["hits"][0]["id"] == "city-recognition-measures:zh:art3"


# Official pairs that cannot translate each other.

MEASURES = "city-work-measures"


def test_an_official_pair_implausible_by_length_or_numbers_is_a_finding_naming_both(
        laws: tuple[Path, Path, KnowledgeBase]) -> None:
    _, data_dir, kb = laws
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), "check", "--json"])
    found = {(tuple(f["zh"]), tuple(f["en"])): f for f in json.loads(result.output)["implausible"]}
    art3 = ((f"{MEASURES}:zh:art3:p1",), (f"{MEASURES}:en:art3:p1",))
    art4 = ((f"{MEASURES}:zh:art4:p1",), (f"{MEASURES}:en:art4:p1",))
    assert set(found) == {
        art3, art4,
        # The seeds' own: Table 3's caption, which the English follows with the table's body (the
        # Chinese extraction lacks it). The Liu paper's author note, once paired with "Liu Guofu", is
        # a section of its own with a curated English.
        (("qianhai-list:zh:3.3:p2",), ("qianhai-list:en:3.3:p2", "qianhai-list:en:3.3:p3"))}
    # Article 3: 7 working days in the Chinese, 10 in the English (a number changed, not dropped).
    assert (found[art3]["reasons"], found[art3]["numbers"]) == (["numbers"], {"only_zh": ["7"], "only_en": ["10"]})
    # Article 4: one short sentence for a clause of 92 characters.
    assert found[art4]["reasons"] == ["length"] and found[art4]["z"] < -6
    assert found[art4]["length"]["en"] == len("Employers shall file a record.")
    assert not [p for p in json.loads(result.output)["problems"] if p.startswith(MEASURES)]  # not a failure
    out = CliRunner().invoke(main, ["--data-dir", str(data_dir), "check"]).output
    assert "Official pairs implausible as translations (by length or numbers; left out of the official " \
           "translation memory): 3" in out
    assert (f"  - {MEASURES}:zh:art3:p1 ↔ {MEASURES}:en:art3:p1: the numbers disagree: 7 only in the Chinese, "
            f"10 only in the English.") in out
    assert f"  - {MEASURES}:zh:art4:p1 ↔ {MEASURES}:en:art4:p1: the English is implausibly short: 30 characters " \
           f"where the Chinese (92) leads one to expect about" in out
    # Both sides carry the note; the pair stays a pair (the reader shows it, marked).
    for unit_id in (f"{MEASURES}:zh:art4:p1", f"{MEASURES}:en:art4:p1"):
        [note] = [n for n in kb.get(unit_id)["notes"] if n["kind"] == "implausible"]
        assert note["text"] == found[art4]["text"]
    assert kb.get(f"{MEASURES}:zh:art4:p1")["counterparts"] == [f"{MEASURES}:en:art4:p1"]
    assert not [n for n in kb.get(f"{MEASURES}:zh:art5:p1")["notes"] if n["kind"] == "implausible"]
    shown = CliRunner().invoke(main, ["--data-dir", str(data_dir), "show", f"{MEASURES}:zh:art4:p1"]).output
    assert "note [implausible] Implausible official pair" in shown


def test_implausible_pairs_stay_out_of_the_official_translation_memory(laws: tuple[Path, Path, KnowledgeBase],
                                                                       tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    def units(official_only: bool) -> dict[str, dict[str, str]]:
        out = tmp_path / f"memory-{official_only}.tmx"
        args = ["--data-dir", str(laws[1]), "export", "--format", "tmx", "-o", str(out)]
        result = CliRunner().invoke(main, args + (["--official-only"] if official_only else []))
        assert result.exit_code == 0, result.output
        return {props["x-source-id"]: props for tu in ET.parse(out).getroot().iter("tu")
                for props in [{p.get("type"): p.text for p in tu.findall("prop")}]}

    full, official = units(False), units(True)
    for bad in (f"{MEASURES}:zh:art3:p1", f"{MEASURES}:zh:art4:p1", "qianhai-list:zh:3.3:p2"):
        assert bad not in official, bad
        assert full[bad]["x-english"] == "official" and full[bad]["x-implausible"].startswith(
            f"Implausible official pair {bad} ↔"), bad
    assert f"{MEASURES}:zh:art5:p1" in official and "x-implausible" not in full[f"{MEASURES}:zh:art5:p1"]
    said = CliRunner().invoke(main, ["--data-dir", str(laws[1]), "export", "--format", "tmx", "-o",
                                     str(tmp_path / "m.tmx")]).output
    assert "(3 official marked implausible)" in said


def test_numbers_disagree_only_where_a_number_changed() -> None:
    from kb.terms.numbers import numbers_in
    from kb.translation.align import changed_numbers

    assert changed_numbers(["办理时限不超过10个工作日。"], ["within 5 working days."], numbers_in) == ([10.0], [5.0])
    # One side only states it (the English restructures, or adds the list's year): not a disagreement.
    assert changed_numbers(["及近两年公布的新职业"], ["and the new occupations"], numbers_in) == ([], [])
    assert changed_numbers(["前海一路19号"], ["No. 19 Qianhai 1st Road"], numbers_in) == ([], [])
    # An item's label is its structure, not a number of its text.
    assert changed_numbers(["（二）便捷高效；"], ["(2) convenient and efficient;"], numbers_in) == ([], [])


# A new official English against the curated English already there.

def test_a_new_official_rendering_that_contradicts_curated_english_names_both_places(
        laws: tuple[Path, Path, KnowledgeBase]) -> None:
    _, data_dir, kb = laws
    terms = {(f["place"], f["zh"]): f for f in kb.translations["qa"]["terms"]}
    permits = ["qianhai-list:zh:4", f"{REG}:zh:art3", f"{MEASURES}:zh:art2", f"{MEASURES}:zh:art3"]
    # The repealing rule's curated "employment licence" against the official "work permits" of
    # Qianhai, the regulation and the measures: a contradiction, a failure until explained.
    licence = terms[("city-talent-service-rule:zh:art2:p1", "许可")]
    assert (licence["severity"], licence["expected"], licence["explained"]) == ("contradiction", ["permits"], None)
    assert licence["official"] == {"places": permits, "frequency": 4}
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), "check"])
    assert result.exit_code == 1
    assert ("  ! city-talent-service-rule:zh:art2:p1: 许可 is not rendered permits as the official English renders "
            f"it in {', '.join(permits)} (4 occurrences), and no translator comment explains it") in result.output
    # bj-25's licence to practise medicine: the same contradiction, explained in its catalog.
    assert terms[("bj-25#other", "许可")]["severity"] == "contradiction" and terms[("bj-25#other", "许可")]["explained"]
    # A rendering the official English gives once is a notice, never a failure.
    notices = [f for f in terms.values() if f["severity"] == "notice"]
    assert notices and not [p for p in json.loads(CliRunner().invoke(
        main, ["--data-dir", str(data_dir), "check", "--json"]).output)["problems"]
        if any(p.startswith(f"{f['place']}: {f['zh']} ") for f in notices)]
    assert "1 unexplained, 12 explained by a translator comment" in result.output
    verbose = CliRunner().invoke(main, ["--data-dir", str(data_dir), "check", "-v"]).output
    assert "      notice: liu-migration:zh:s4:p2: 证件 not rendered documents as the official English does in " \
           "qianhai-list:zh:4 (1 occurrence)" in verbose
    out = CliRunner().invoke(main, ["--data-dir", str(data_dir), "terms", "check"]).output
    assert (f"  city-talent-service-rule:zh:art2:p1: 许可 (official: permits in {', '.join(permits)} (4 occurrences)) "
            f"— NOT EXPLAINED") in out
    # Before these documents the Qianhai list alone gave 许可 → permits once: bj-25 was a notice
    # (tests/test_translation.py); the official English of the laws makes it a contradiction.
    # Derived forms are renderings: 高效 rendered efficiency / efficiently is no departure.
    assert not [f for f in terms.values() if f["zh"] == "高效"]


# A normative document's metadata from its header.

def test_a_manifest_entry_of_id_and_files_takes_title_number_issuer_and_dates_from_the_header(
        kbl: KnowledgeBase) -> None:
    doc = kbl.documents[MEASURES]  # its entry: id and two files
    assert (doc["kind"], doc["title"], doc["issuer"], doc["number"], doc["date"]) == (
        "rule", {"zh": "某市外国人工作居留服务办法", "en": "Measures of the City for Work and Residence Services for Foreigners"},
        {"zh": "某市人民政府", "en": "The City People's Government"}, "某市人民政府令第30号", "2026-11-02")
    meta = doc["metadata"]
    assert (meta["adopted"], meta["promulgated"], meta["effective"]) == ("2026-10-20", "2026-11-02", "2027-01-01")
    assert meta["lines"]["title.zh"] == ["measures.zh.txt", 11] and meta["lines"]["issuer.en"] == ["measures.en.txt", 3]
    assert set(meta["from"].values()) == {"header"} and meta["overridden"] == {}
    assert (doc["validity"]["issued"], doc["validity"]["effective_from"]) == ("2026-11-02", "2027-01-01")
    assert cite(kbl, f"{MEASURES}:zh:art5:p1") == (
        "《某市外国人工作居留服务办法》第五条", "Measures of the City for Work and Residence Services for Foreigners, Article 5")
    # Where the manifest gives what the header states too, they agree (a leading "The" aside).
    assert kbl.documents[REG]["metadata"]["from"]["issuer.en"] == "manifest"
    assert kbl.documents[REG]["metadata"]["issuer"]["en"] == "The City People's Government"


def small_law_corpus(target: Path, entries: str, *files: str) -> Path:
    """The two small notices of tests/data/validity, with fixture laws and their entries added."""
    shutil.copytree(DATA / "validity", target)
    for name in files:
        shutil.copy(LAWS / name, target / name)
    with (target / "manifest.toml").open("a", encoding="utf-8") as fh:
        fh.write(entries)
    return target


PERMIT_ENTRY = '\n[[document]]\nid = "city-permit-rule"\n{extra}\n  [[document.file]]\n  path = "permit-rule.txt"\n  lang = "zh"\n'


def test_a_manifest_value_the_header_states_otherwise_needs_a_reason(tmp_path: Path) -> None:
    corpus = small_law_corpus(tmp_path / "corpus", PERMIT_ENTRY.format(extra='number = "某市人民政府令第19号"'),
                              "permit-rule.txt")
    line = corpus.joinpath("manifest.toml").read_text(encoding="utf-8").splitlines().index(
        'number = "某市人民政府令第19号"') + 1
    with pytest.raises(CorpusError) as caught:
        parse_corpus(corpus, with_terms=False)
    assert caught.value.line == line and caught.value.path.endswith("manifest.toml")
    assert ("document 'city-permit-rule': the manifest's number '某市人民政府令第19号' differs from the number its "
            "header states, '某市人民政府令第9号' (permit-rule.txt line 3); the manifest wins only with a reason") \
        in caught.value.reason
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), "build", "--corpus", str(corpus)])
    assert result.exit_code == 1 and f"manifest.toml:{line}" in result.output and "某市人民政府令第9号" in result.output
    assert not (tmp_path / "data" / "current").exists()
    # With a reason the manifest wins, and says so.
    manifest = corpus / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        'number = "某市人民政府令第19号"', 'number = "某市人民政府令第19号"\nreason = "Renumbered when the decrees were consolidated"'),
        encoding="utf-8")
    doc = next(d for d in parse_corpus(corpus, with_terms=False).documents if d["id"] == "city-permit-rule")
    assert doc["number"] == "某市人民政府令第19号"
    assert doc["metadata"]["overridden"] == {"number": {"manifest": "某市人民政府令第19号", "header": "某市人民政府令第9号",
                                                        "reason": "Renumbered when the decrees were consolidated"}}
    # The title and the rest came from the header; a month the header's day is in agrees.
    assert (doc["title"]["zh"], doc["kind"], doc["date"]) == ("某市外国人工作居留便利规定", "rule", "2024-12-10")


def test_a_manifest_date_or_issuer_the_header_contradicts_is_refused(tmp_path: Path) -> None:
    for n, (extra, message) in enumerate((
            ('date = "2024-12"', None),  # a month: the header's 2024-12-10 is in it
            ('date = "2024-11-20"', "the manifest's date '2024-11-20' differs from the date its header states, "
                                    "'2024-12-10' (permit-rule.txt line 3)"),
            ('issuer = { zh = "某省人民政府" }', "the manifest's issuer zh '某省人民政府' differs from the issuer zh "
                                                "its header states, '某市人民政府' (permit-rule.txt line 3)"))):
        corpus = small_law_corpus(tmp_path / str(n) / "corpus", PERMIT_ENTRY.format(extra=extra), "permit-rule.txt")
        if message is None:
            parse_corpus(corpus, with_terms=False)
            continue
        with pytest.raises(CorpusError, match="manifest.toml") as caught:
            parse_corpus(corpus, with_terms=False)
        assert message in caught.value.reason, caught.value.reason


def test_only_a_normative_document_may_leave_its_title_to_its_header(tmp_path: Path) -> None:
    # A decision with an id and a file: recognised by its title line, read as a 决定.
    entry = '\n[[document]]\nid = "a-decision"\n\n  [[document.file]]\n  path = "amending-decision.txt"\n  lang = "zh"\n'
    corpus = small_law_corpus(tmp_path / "one" / "corpus", entry, "amending-decision.txt")
    doc = next(d for d in parse_corpus(corpus, with_terms=False).documents if d["id"] == "a-decision")
    assert (doc["files"][0]["parser"], doc["kind"], doc["title"]["zh"], doc["number"]) == (
        "decision-zh", "decision", "某市人民政府关于修改《某市外籍人才服务条例》的决定", "某市人民政府令第21号")
    # A notice's parser reads no title from the text: the manifest must give it.
    entry = ('\n[[document]]\nid = "a-notice"\n\n  [[document.file]]\n  path = "pilot-notice.txt"\n  lang = "zh"\n'
             '  parser = "policy-notice-zh"\n')
    corpus = small_law_corpus(tmp_path / "two" / "corpus", entry, "pilot-notice.txt")
    with pytest.raises(CorpusError, match="document 'a-notice': needs title = "):
        parse_corpus(corpus, with_terms=False)


def test_a_documents_own_title_and_number_are_not_references(kbl: KnowledgeBase) -> None:
    # The notice's header prints its own number and the decision's closing its own title.
    own = [(u["id"], r["text"]) for u in kbl.units for r in u.get("references", []) if r["doc"] == u["doc"]]
    assert own == []
    assert any(r["doc"] == REG for u in kbl.units if u["doc"] == AMENDMENT for r in u.get("references", []))


def test_an_article_the_english_version_lacks_is_still_named_in_english(kbl: KnowledgeBase) -> None:
    """Article 10 of the regulation has no official English and no curated translation: its hit and
    reader title still say where it stands in English, as its citation does."""
    assert kbl.section_title("city-talent-regulation:zh:art10") == {"zh": "第十条", "en": "Article 10"}
    assert kbl.section_citation("city-talent-regulation:zh:art10")["en"].endswith("Article 10")
