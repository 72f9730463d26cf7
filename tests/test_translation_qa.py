"""The house checks of the curated English (kb/translation/house.py): the entries among themselves.

Each kind is caught on fixture entries with known faults, written for these tests; the real
catalogs pass them all; a fault put into a copy of the real catalogs makes `kb check` fail and
`kb terms check` list it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from kb.build import build
from kb.cli import main
from kb.errors import CorpusError
from kb.store import KnowledgeBase
from kb.translation.catalog import catalog_path
from kb.translation.house import (CitedDocument, HouseTerm, bound_findings, chinese_left_findings,
                                  cited_title_findings, consistency_findings, document_number_findings,
                                  load_terms, modality_notices, unexplained)
from kb.translation.qa import Entry


def entry(place: str, zh: str, en: str, comment: str = "") -> Entry:
    return Entry(f"fixture:zh:{place}", zh, en, "fixture", comment)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


# -- one rendering per term ------------------------------------------------------------------------

PROFESSIONALS = HouseTerm(zh=("外国专业人才",), en="foreign professionals", variants=("foreign professional talents",))
PERMIT = HouseTerm(zh=("外国人工作许可",), en="Foreigner's Work Permit", variants=("work permit for foreigners",))


def test_a_term_rendered_more_than_one_way_lists_each_rendering_with_its_places_majority_first() -> None:
    entries = [
        entry("1:p1", "外国专业人才可以申请延期。", "Foreign professionals may apply for an extension."),
        entry("1:p2", "用人单位引进外国专业人才。", "Employers bring in foreign professionals."),
        entry("1:p3", "外国专业人才的薪酬偏低。", "The pay of foreign professional talents is low."),
        entry("1:p4", "外国专业人才和家属。", "Experts and their families."),
        entry("1:p5", "外国专业人才的子女。", "The children of skilled foreigners.",
              "term: 外国专业人才 = skilled foreigners (the sentence is about families, not the permit category)"),
    ]
    [finding] = consistency_findings(entries, [PROFESSIONALS])
    assert [(r["rendering"], r["count"], r["places"]) for r in finding["renderings"]] == [
        ("foreign professionals", 2, ["fixture:zh:1:p1", "fixture:zh:1:p2"]),
        ("(none of the listed renderings)", 2, ["fixture:zh:1:p4", "fixture:zh:1:p5"]),
        ("foreign professional talents", 1, ["fixture:zh:1:p3"])]
    assert finding["majority"] == "foreign professionals"
    assert finding["unexplained"] == ["fixture:zh:1:p3", "fixture:zh:1:p4"]
    assert finding["explained"] == {"fixture:zh:1:p5": "外国专业人才 = skilled foreigners (the sentence is about "
                                                        "families, not the permit category)"}
    lines = unexplained({"consistency": [finding]})
    assert lines[0] == ("fixture:zh:1:p3: 外国专业人才 is rendered foreign professional talents, not 'foreign "
                        "professionals' as the other curated entries and corpus/curated_terms.toml give it, and no "
                        "translator comment explains it")
    assert len(lines) == 2


def test_two_renderings_in_one_paragraph_are_a_departure_and_one_kept_throughout_is_not() -> None:
    two_ways = entry("2:p1", "设立外国人工作许可……外国人工作许可缺少配套",
                     "established the Foreigner's Work Permit … work permits for foreigners lack support")
    consistent = entry("2:p2", "申请外国人工作许可", "apply for the Foreigner's Work Permit")
    [finding] = consistency_findings([two_ways, consistent], [PERMIT])
    assert [(r["rendering"], r["places"]) for r in finding["renderings"]] == [
        ("Foreigner's Work Permit", ["fixture:zh:2:p1", "fixture:zh:2:p2"]),
        ("work permit for foreigners", ["fixture:zh:2:p1"])]
    assert finding["unexplained"] == ["fixture:zh:2:p1"]
    # The variant's words used for something else beside the house rendering are no departure.
    stages = HouseTerm(zh=("环节",), en="stages", variants=("links",))
    assert consistency_findings([entry("2:p3", "各环节紧密联动", "the stages link up closely")], [stages]) == []


def test_a_house_term_table_with_a_fault_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "curated_terms.toml"
    path.write_text('[[term]]\nzh = "紧缺"\nen = "high-demand"\n\n[[term]]\nzh = "急需"\nvariants = ["urgent"]\n',
                    encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        load_terms(path)
    assert str(caught.value) == f"{path}:5: `en` must be a non-empty string (the one English)"


# -- one title per cited document ------------------------------------------------------------------

NOTICE = CitedDocument(titles=("某部关于实施外籍专家签证便利的通知", "关于实施外籍专家签证便利"),
                       en="Notice of the Ministry on Implementing Visa Facilitation for Foreign Experts",
                       number="某发〔2019〕12号")


def test_a_cited_document_gets_its_one_english_title_and_a_title_cited_twice_needs_one() -> None:
    entries = [
        entry("3:p1", "根据《某部关于实施外籍专家签证便利的通知》办理。",
              "Processed under the Notice of the Ministry on Implementing Visa Facilitation for Foreign Experts."),
        entry("3:p2", "《某部关于实施外籍专家签证便利的通知》指出",
              "The Notice of the Ministry on Visa Facilitation for Foreign Experts Coming to China states"),
        entry("3:p3", "依照某发〔2019〕12号文件", "Under document Mou Fa [2019] No. 12"),
        entry("3:p4", "《关于实施外籍专家签证便利》规定", "Implementing Visa Facilitation provides",
              "cite: 关于实施外籍专家签证便利 = Implementing Visa Facilitation (the paper's own short title)"),
        entry("3:p5", "《某市人才公寓管理办法》", "the Measures of the City for Talent Apartments"),
        entry("3:p6", "依据《某市人才公寓管理办法》", "under the City's Talent Apartment Measures"),
    ]
    findings = cited_title_findings(entries, [NOTICE])
    assert [(f["kind"], f["place"], f["explained"]) for f in findings] == [
        ("cited-title", "fixture:zh:3:p2", None),
        ("cited-title", "fixture:zh:3:p3", None),
        ("cited-title", "fixture:zh:3:p4", "关于实施外籍专家签证便利 = Implementing Visa Facilitation (the paper's "
                                           "own short title)"),
        ("unsettled-title", "fixture:zh:3:p5", None)]
    assert findings[-1]["places"] == ["fixture:zh:3:p5", "fixture:zh:3:p6"]
    lines = unexplained({"cited_titles": findings})
    assert lines == [
        "fixture:zh:3:p2: cites 《某部关于实施外籍专家签证便利的通知》 but the English does not give its title "
        "'Notice of the Ministry on Implementing Visa Facilitation for Foreign Experts'",
        "fixture:zh:3:p3: cites 《某部关于实施外籍专家签证便利的通知》 but the English does not give its title "
        "'Notice of the Ministry on Implementing Visa Facilitation for Foreign Experts'",
        "《某市人才公寓管理办法》 is cited in 2 curated entries (fixture:zh:3:p5, fixture:zh:3:p6) and "
        "corpus/cited_documents.toml settles no English title for it"]


# -- document numbers and Chinese left in the English ----------------------------------------------


@pytest.mark.parametrize(("zh", "en", "problem"), [
    ("（国发〔2021〕24号）", "(Guo Fa [2021] No. 24)", None),
    # The abbreviation took a word before it in the Chinese: its last syllables are compared.
    ("依据国发〔2021〕24号文件", "under document Guo Fa [2021] No. 24", None),
    ("（国发〔2021〕24号）", "(国发〔2021〕24号)", "printed in Chinese"),
    ("（国发〔2021〕24号）", "(State Council [2021] No. 24)", "not in the house form"),
    ("国科办才〔2022〕177号", "Guo Ke Ban Cai [2022] No. 171", "not in the house form"),
])
def test_a_document_number_reads_in_the_house_form(zh: str, en: str, problem: str | None) -> None:
    findings = document_number_findings([entry("4:p1", zh, en)])
    assert [f["problem"] for f in findings] == ([problem] if problem else [])
    if problem:
        assert findings[0]["expected"] == ("Guo Fa [2021] No. 24" if "国发" in zh else "Guo Ke Ban Cai [2022] No. 177")


def test_chinese_left_in_the_english_is_a_finding() -> None:
    [finding] = chinese_left_findings([entry("4:p2", "附件 1", "附件 1: criteria"),
                                       entry("4:p3", "附件 2", "Annex 2")])
    assert (finding["place"], finding["chinese"]) == ("fixture:zh:4:p2", ["附件"])


# -- inclusive bounds ------------------------------------------------------------------------------


@pytest.mark.parametrize(("zh", "en", "found"), [
    ("外籍人口比重应达到10%以上", "the share should reach more than 10%", "more than 10%"),
    ("外籍人口比重应达到10%以上", "the share should reach 10% or more", None),
    ("年龄在 40 周岁以下", "aged under 40", "under 40"),
    ("年龄在 40 周岁以下", "aged 40 or under", None),
    ("投资额不低于 50 万美元", "an investment of less than USD 500,000", "less than USD 500,000"),
    ("投资额不低于 50 万美元", "an investment of not less than USD 500,000", None),
    ("计点积分在 85 分以上", "a score of more than 85 points", "more than 85"),
    # "more than" of another number is not the bound's.
    ("工作 3 年以上，发表论文超过 5 篇", "3 years or more of work, more than 5 papers", None),
])
def test_an_inclusive_bound_rendered_exclusive_is_a_finding(zh: str, en: str, found: str | None) -> None:
    findings = bound_findings([entry("5:p1", zh, en)])
    assert [f["en"] for f in findings] == ([found] if found else [])


# -- modality --------------------------------------------------------------------------------------

WORDS = {"对标", "对接"}


@pytest.mark.parametrize(("zh", "en", "notice"), [
    ("上海市应对标卓越的全球城市", "Shanghai will directly influence global affairs", ["应"]),
    ("上海市应对标卓越的全球城市", "Shanghai should benchmark itself against excellent global cities", None),
    ("更好地应对国际人才流动", "respond better to international talent mobility", None),
    ("用人单位不得扣押证件", "Employers keep no documents", ["不得"]),
    ("用人单位不得扣押证件", "Employers shall not withhold documents", None),
    ("外国人才可以申请", "Foreign talents apply", ["可以"]),
    ("外国人才可以申请", "Foreign talents may apply", None),
    # One modal kept, one lost in the same paragraph.
    ("上海市应对标全球城市。比重应达到10%", "Shanghai will lead. The share should reach 10%", ["应"]),
])
def test_a_modal_verb_the_english_lacks_is_a_notice(zh: str, en: str, notice: list[str] | None) -> None:
    notices = modality_notices([entry("6:p1", zh, en)], lambda word: word in WORDS)
    assert [n["modals"] for n in notices] == ([notice] if notice else [])
    assert all(n["severity"] == "notice" for n in notices)
    assert unexplained({"modality": notices}) == []  # a notice never fails `kb check`


# -- the real catalogs ----------------------------------------------------------------------------


def test_the_real_catalogs_pass_every_house_check(kb: KnowledgeBase) -> None:
    qa = kb.translations["qa"]
    assert unexplained(qa) == []
    assert qa["consistency"] == [] and qa["document_numbers"] == [] and qa["chinese_left"] == []
    assert qa["bounds"] == [] and [f for f in qa["cited_titles"] if not f["explained"]] == []
    # The one modality notice left is reviewed in its translator comment.
    assert [(n["place"], bool(n["explained"])) for n in qa["modality"]] == [("shanghai-study:zh:3.1.2:p1", True)]
    # Fixed in the catalogs: the house form of the notice's number is its own unit's English.
    assert kb.get("beijing-notice:zh:title:p1")["translation"]["text"] == "Guo Ke Ban Cai [2022] No. 177"
    assert "(Wai Zhuan Fa [2017] No. 40)" in kb.get("beijing-notice:zh:1:p1")["translation"]["text"]
    record = next(r for r in kb.records if r["id"] == "bj-03")
    assert record["source"]["citation"]["en"].endswith("Talents in Beijing (Guo Ke Ban Cai [2022] No. 177), "
                                                       "Annex 2, No. 3")


def test_the_note_on_adjusted_passages_is_a_unit_of_its_own(kb: KnowledgeBase) -> None:
    note = kb.get("beijing-notice:zh:annex-1.7:p2")
    assert note["text"] == "(文件涂黑部分为本次调整内容)"
    assert "formatting is not reproduced" in note["translation"]["text"]
    assert not kb.get("beijing-notice:zh:annex-1.7:p1")["text"].endswith("）") and \
        "涂黑" not in kb.get("beijing-notice:zh:annex-1.7:p1")["text"]


def test_the_liu_author_note_is_no_official_pair_but_has_a_curated_english(kb: KnowledgeBase) -> None:
    author = kb.get("liu-migration:zh:author:p1")
    assert author["text"].startswith("刘国福，北京理工大学法学院教授")
    assert author["translation"]["status"] == "unofficial"
    assert author["translation"]["text"].startswith("Liu Guofu is a professor at the Law School")
    byline = kb.get("liu-migration:zh:title:p1")
    assert byline["counterparts"] == ["liu-migration:en:title:p1"] and byline["alignment"] == "1-1"
    assert not [n for n in byline["notes"] if n["kind"] == "implausible"]


def test_the_reader_english_column_has_no_chinese_and_the_header_the_house_number(built: Path) -> None:
    from web import create_app

    client = create_app({"TESTING": True, "KB_DATA_DIR": str(built)}).test_client()
    client.get("/lang/en?next=/")
    html = client.get("/docs/beijing-notice").get_data(as_text=True)
    cells = re.findall(r'<div class="cell cell-en[^"]*" lang="en">(.*?)</div>', html, re.S)
    assert len(cells) > 50
    assert [c for c in cells if re.search(r"[\u4e00-\u9fff]", re.sub(r"<[^>]+>", "", c))] == []
    assert '<span class="number">Annex 1</span> Recognition Criteria' in html
    assert '<span class="number">VII</span> Talents recommended by relevant authorities' in html
    assert "· Guo Ke Ban Cai [2022] No. 177</p>" in html
    data = client.get("/api/docs/beijing-notice").get_json()
    assert data["document"]["number_en"] == "Guo Ke Ban Cai [2022] No. 177"


# -- a fault put into the real catalogs ------------------------------------------------------------


def _fault(corpus: Path, doc: str, context: str, old: str, new: str) -> None:
    path = catalog_path(corpus, doc)
    catalog = polib.pofile(str(path), wrapwidth=0)
    [found] = [e for e in catalog if e.msgctxt == context]
    assert old in found.msgstr
    found.msgstr = found.msgstr.replace(old, new)
    catalog.wrapwidth = 0
    catalog.save(str(path))


def test_faults_in_the_catalogs_fail_kb_check_and_kb_terms_check_lists_them(tmp_path: Path,
                                                                             corpus_copy: Path) -> None:
    _fault(corpus_copy, "liu-migration", "liu-migration:zh:s5:p5", "high-end foreign talents and foreign professionals",
           "high-end foreign talents and foreign professional talents")
    _fault(corpus_copy, "beijing-notice", "beijing-notice:zh:title:p1", "Guo Ke Ban Cai [2022] No. 177",
           "国科办才〔2022〕177号")
    _fault(corpus_copy, "shanghai-study", "shanghai-study:zh:0:p1", "should reach 10% or more",
           "should reach more than 10%")
    _fault(corpus_copy, "liu-migration", "liu-migration:zh:s3:p2", "Work Permit System for Foreigners Working in China",
           "Work Permit System for Foreigners Coming to China")
    data = tmp_path / "var"
    build(corpus_copy, data)
    code, out = run("--data-dir", str(data), "check")
    assert code == 1
    problems = [line for line in out.split("Problems:\n", 1)[1].splitlines() if line.startswith("  ! ")]
    assert "  ! liu-migration:zh:s5:p5: 外国专业人才 is rendered foreign professional talents, not 'foreign " \
           "professionals' as the other curated entries and corpus/curated_terms.toml give it, and no translator " \
           "comment explains it" in problems
    assert "  ! beijing-notice:zh:title:p1: the document number 国科办才〔2022〕177号 is printed in Chinese in the " \
           "English (house form: Guo Ke Ban Cai [2022] No. 177)" in problems
    assert "  ! beijing-notice:zh:title:p1: Chinese left in the English: 国科办才〔2022〕177号" in problems
    assert "  ! shanghai-study:zh:0:p1: 10%以上 includes its bound, the English says 'more than 10%' " \
           "(\"or more\" / \"or less\", \"not less than\")" in problems
    assert any(p.startswith("  ! liu-migration:zh:s3:p2: cites 《国家外国专家局、人力资源社会保障部、外交部、公安部关于全面"
                            "实施外国人来华工作许可制度的通知》 but the English does not give its title") for p in problems)
    assert len(problems) == 5, problems
    code, out = run("--data-dir", str(data), "terms", "check")
    assert "Terms rendered more than one way across curated translations (corpus/curated_terms.toml): 1, " \
           "1 place not explained" in out
    assert "  外国专业人才: foreign professionals ×4; foreign professional talents ×1  (majority: foreign " \
           "professionals; house: foreign professionals)" in out
    assert "      foreign professional talents: liu-migration:zh:s5:p5" in out
    report = json.loads(run("--data-dir", str(data), "terms", "check", "--json")[1])
    assert [r["rendering"] for r in report["curated_consistency"][0]["renderings"]] == [
        "foreign professionals", "foreign professional talents"]


def test_an_editors_note_in_parentheses_after_a_finished_sentence_is_a_paragraph_of_its_own() -> None:
    from kb.reading.text import reflow

    lines = ["申请人应当在入境后三十日内向所在区科学技术部门报到并提交材料，逾期", "未报到的视为放弃。",
             "(本页加粗部分为新增内容)"]
    assert reflow(lines, width=60) == ["申请人应当在入境后三十日内向所在区科学技术部门报到并提交材料，逾期未报到的视为放弃。",
                                       "(本页加粗部分为新增内容)"]
    # A wrapped line that happens to be in parentheses, inside an unfinished sentence, stays joined.
    assert reflow(["依照本市规划", "（2021—2035年）", "实施。"], width=60) == ["依照本市规划（2021—2035年）实施。"]
