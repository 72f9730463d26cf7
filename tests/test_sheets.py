"""Occupation lists as spreadsheets, and cities and lists as vocabulary data.

The fixture does what an editor does with `kb add`: a made-up city, Hainan, brings a CSV list
of six occupations (bilingual titles, Chinese requirements) and an English XLSX workbook that
names its own city and list in columns. :func:`propose_sheet` maps their headers, the new city
and lists go into the copy's ``vocabularies.toml``, the entries into its manifest; then the
editor names the city (海南, with a question alias). The rows must come out as records like the
seeds' -- ids, normalised degree and experience, citations by sheet row -- and be found through
search, the facets, `/api/items/<id>`, stats, the self-check and related occupations.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import tomlkit
from click.testing import CliRunner
from openpyxl import Workbook

from kb.adding.sheets import SheetProposal, apply_vocabulary_additions, propose_sheet
from kb.build import build
from kb.cli import main
from kb.errors import CorpusError, InputError
from kb.search import MAX_LIMIT, searcher_for
from kb.services import check_eligibility, compute_stats, related_occupations
from kb.store import KnowledgeBase
from web import create_app

from .conftest import CORPUS

# Six occupations of a made-up Hainan list, in this project's own words. Row 1 is the sheet's
# title, row 2 its header; the sixth row's industry cell is empty ("same as above").
HAINAN_CSV = """\
海南自由贸易港外籍人才紧缺岗位目录（测试用）,,,,,,,
序号,岗位名称,Position,所属行业,能力要求,专业,学历要求,工作经验
1,跨境数据合规专员,Cross-border data compliance officer,信息服务业,熟悉数据出境评估流程；能够起草合规文件,法学、计算机,本科及以上,3年以上
2,邮轮航线运营经理,Cruise route operations manager,现代物流业,统筹邮轮航线运营；协调港口与船方,航运管理,硕士及以上,5年以上
3,热带作物育种专家,Tropical crop breeding expert,科技服务业,主持热带作物育种试验；指导田间团队,作物遗传育种,博士,8年以上
4,离岸金融产品经理,Offshore finance product manager,金融业,设计离岸金融产品；评估汇率与合规风险,金融、经济,硕士,3年以上
5,国际商事仲裁律师,International commercial arbitration lawyer,专业服务业,代理国际商事仲裁案件；出具涉外法律意见,法学,本科,5年以上
6,免税零售买手,Duty-free retail buyer,,甄选国际品牌商品；分析免税消费数据,市场营销,学士学位,1年以上
"""
# A bilingual workbook that says its city and list itself (Chinese columns, English beside them).
HAINAN_XLSX = [
    ["City", "List", "岗位名称", "Occupation", "所属行业", "能力要求", "Competencies", "学历要求", "Degree",
     "工作经验", "Experience"],
    ["hainan", "hainan-talent", "海洋生物技术研究员", "Marine biotechnology researcher", "科技服务业",
     "主持海洋酶制剂研究；指导中试生产", "Leading marine enzyme research; Supervising pilot production",
     "博士", "Doctor's degree", "5年以上", "5 years or more"],
    ["hainan", "hainan-talent", "航空维修工程师", "Aviation maintenance engineer", "现代物流业",
     "签署航空器维修放行；培训航线机务", "Certifying aircraft repairs; Training line mechanics",
     "本科及以上", "Bachelor's degree or above", "6年以上", "6 years or more"],
]
# The same workbook in English only: refused (records are read in Chinese first).
ENGLISH_ONLY = [
    ["City", "List", "Occupation", "Industry", "Competencies", "Degree", "Experience"],
    ["hainan", "hainan-talent", "Marine biotechnology researcher", "Science and technology service industry",
     "Leading marine enzyme research", "Doctor's degree", "5 years or more"]]


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def add_sheet(corpus: Path, proposal: SheetProposal) -> None:
    """What `kb add` writes for a proposal: the vocabulary additions and the manifest entry."""
    apply_vocabulary_additions(corpus, proposal.vocabulary_additions)
    manifest = corpus / "manifest.toml"
    document = tomlkit.parse(manifest.read_text(encoding="utf-8"))
    document["document"].append(proposal.entry)
    manifest.write_text(tomlkit.dumps(document), encoding="utf-8")


def hainan_corpus_at(corpus: Path) -> Path:
    """A copy of the seeds' corpus at ``corpus`` with the Hainan sheets added as `kb add` adds them."""
    shutil.copytree(CORPUS, corpus)
    (corpus / "hainan.csv").write_text(HAINAN_CSV, encoding="utf-8")
    write_xlsx(corpus / "hainan-talent.xlsx", HAINAN_XLSX)
    add_sheet(corpus, propose_sheet(corpus / "hainan.csv", corpus=corpus, doc_id="hainan-list",
                                    city="hainan", list_key="hainan-urgent"))
    add_sheet(corpus, propose_sheet(corpus / "hainan-talent.xlsx", corpus=corpus, doc_id="hainan-talent",
                                    city=None, list_key=None))
    # The editor names the city; the lists keep their English key labels (kb check says so).
    vocabularies = corpus / "vocabularies.toml"
    document = tomlkit.parse(vocabularies.read_text(encoding="utf-8"))
    document["cities"]["hainan"]["zh"] = "海南"
    document["cities"]["hainan"]["en"] = "Hainan"
    document["cities"]["hainan"]["aliases"] = ["hainan", "海南"]
    vocabularies.write_text(tomlkit.dumps(document), encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def hainan_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hainan_corpus_at(tmp_path_factory.mktemp("hainan") / "corpus")


@pytest.fixture(scope="module")
def hainan_data(hainan_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("hainan-data")
    build(hainan_corpus, data_dir)
    return data_dir


@pytest.fixture(scope="module")
def hainan_kb(hainan_data: Path) -> KnowledgeBase:
    return KnowledgeBase.load(hainan_data)


def test_the_proposal_maps_the_header_and_adds_the_new_city_and_lists(hainan_corpus: Path) -> None:
    proposal = propose_sheet(hainan_corpus / "hainan.csv", corpus=hainan_corpus, doc_id="hainan-again",
                             city="hainan", list_key="hainan-urgent")
    sheet = proposal.entry["sheet"]
    assert sheet["header_row"] == 2 and sheet["list"] == "hainan-urgent"
    assert sheet["columns"] == {"title": {"zh": "岗位名称", "en": "Position"}, "industry": "所属行业",
                                "competencies": "能力要求", "specialties": "专业", "degree": "学历要求",
                                "experience": "工作经验"}
    assert proposal.mapping == {"序号": None, "岗位名称": "title.zh", "Position": "title.en", "所属行业": "industry.zh",
                                "能力要求": "competencies.zh", "专业": "specialties.zh", "学历要求": "degree.zh",
                                "工作经验": "experience.zh"}
    assert proposal.entry["file"] == [{"path": "hainan.csv", "lang": "zh"}]
    assert proposal.entry["title"]["zh"] == "海南自由贸易港外籍人才紧缺岗位目录（测试用）"
    # hainan and its lists exist now (the fixture added them): nothing more to add, and the
    # id prefix the first entry took is not proposed twice.
    assert proposal.vocabulary_additions == {}
    assert sheet["id_prefix"] == "hainan-urgent2-"
    text = (hainan_corpus / "vocabularies.toml").read_text(encoding="utf-8")
    assert "[lists.hainan-talent] # added by kb add" in text
    assert text.startswith("# The value vocabularies of the knowledge base")  # comments kept


def test_sheet_rows_become_records_like_the_seeds(hainan_kb: KnowledgeBase) -> None:
    rows = [r for r in hainan_kb.records if r["list"] == "hainan-urgent"]
    assert [r["id"] for r in rows] == [f"hainan-urgent-0{n}" for n in range(1, 7)]
    assert [r["min_degree"] for r in rows] == ["bachelor", "master", "doctor", "master", "bachelor", "bachelor"]
    assert [r["experience_years"] for r in rows] == [3, 5, 8, 3, 5, 1]
    third = hainan_kb.get("hainan-urgent-03")
    assert third["title"] == {"zh": "热带作物育种专家", "en": "Tropical crop breeding expert"}
    assert third["competencies"]["zh"] == ["主持热带作物育种试验", "指导田间团队"]
    assert third["city"] == "hainan" and third["industry"]["key"] == "sci-tech-services"
    assert third["source"]["citation"]["zh"] == "《海南自由贸易港外籍人才紧缺岗位目录（测试用）》表格第5行"
    assert third["source"]["citation"]["en"].endswith("sheet row 5")
    assert third["source"]["files"]["zh"] == {"path": "corpus/hainan.csv", "lines": [5, 5]}
    # The empty industry cell carries down the row above's.
    assert hainan_kb.get("hainan-urgent-06")["industry"]["key"] == "professional-services"
    talent = [r for r in hainan_kb.records if r["list"] == "hainan-talent"]
    assert [(r["id"], r["min_degree"], r["experience_years"], r["title"]["en"]) for r in talent] == [
        ("hainan-talent-01", "doctor", 5, "Marine biotechnology researcher"),
        ("hainan-talent-02", "bachelor", 6, "Aviation maintenance engineer")]
    assert hainan_kb.get("hainan-talent-02")["source"]["citation"]["en"] == "hainan-talent, sheet row 3"


def test_sheet_records_are_found_by_search_facets_and_questions(hainan_kb: KnowledgeBase) -> None:
    searcher = searcher_for(hainan_kb)
    assert searcher.search("邮轮航线运营经理", kind="occupation")["hits"][0]["id"] == "hainan-urgent-02"
    assert searcher.search("marine enzyme", kind="occupation")["hits"][0]["id"] == "hainan-talent-01"
    everything = searcher.search("", kind="occupation", limit=100)
    assert everything["facets"]["city"]["hainan"] == 8
    assert everything["facets"]["list"]["hainan-urgent"] == 6 and everything["facets"]["list"]["hainan-talent"] == 2
    filtered = searcher.search("", kind="occupation", filters={"city": "hainan", "min_degree": "doctor"}, limit=100)
    assert sorted(h["id"] for h in filtered["hits"]) == ["hainan-talent-01", "hainan-urgent-03"]
    # The alias the editor gave the city is understood in a question.
    asked = searcher.search("海南的免税零售买手需要什么学历")
    assert asked["understood"]["city"] == "hainan" and asked["understood"]["asks"] == "min_degree"
    assert asked["hits"][0]["id"] == "hainan-urgent-06"


def test_sheet_records_in_api_stats_self_check_and_related(hainan_kb: KnowledgeBase, hainan_data: Path) -> None:
    client = create_app({"TESTING": True, "KB_DATA_DIR": str(hainan_data)}).test_client()
    item = client.get("/api/items/hainan-urgent-04").get_json()
    assert item["title"]["zh"] == "离岸金融产品经理" and item["min_degree"] == "master"
    zh = {"Accept-Language": "zh-CN"}
    page = client.get("/occupations/hainan-urgent-04", headers=zh).get_data(as_text=True)
    assert "离岸金融产品经理" in page and "· hainan-urgent</p>" in " ".join(page.split())  # labelled by its key
    search = client.get("/?q=金融&kind=occupation", headers=zh).get_data(as_text=True)
    assert 'data-value="hainan" title="海南"' in search  # the city facet, labelled as the editor named it
    stats = compute_stats(hainan_kb.records, hainan_kb.documents, hainan_kb.vocabularies)["cities"]["hainan"]
    assert stats["records"] == 8
    assert stats["list"] == {"hainan-urgent": 6, "hainan-talent": 2}
    assert list(stats["min_degree"].items()) == [("bachelor", 4), ("master", 2), ("doctor", 2)]
    result = check_eligibility(hainan_kb, "master", 4, limit=MAX_LIMIT)
    qualified = {r["id"] for r in result["qualified"]}
    assert {"hainan-urgent-01", "hainan-urgent-04", "hainan-urgent-06"} <= qualified
    assert not {"hainan-urgent-02", "hainan-urgent-03", "hainan-talent-01"} & qualified
    # The arbitration lawyer's counterpart is Qianhai's dispute resolution lawyer (律师, "lawyer").
    related = related_occupations(hainan_kb, "hainan-urgent-05")
    assert [r["id"] for r in related] == ["qh-s15"] and related[0]["shared_words"] == ["lawyer", "律师"]


def test_kb_check_lists_vocabulary_entries_without_a_chinese_label(hainan_data: Path) -> None:
    result = CliRunner().invoke(main, ["--data-dir", str(hainan_data), "check"])
    assert result.exit_code == 0, result.output
    assert "Vocabulary entries without a Chinese label (corpus/vocabularies.toml; notice, not a failure): 2" \
        in result.output
    assert "[lists.hainan-urgent] is labelled 'hainan-urgent' only" in result.output
    assert "[cities.hainan]" not in result.output  # the editor named it


# Bad input: each names the file and the row (or the option), and nothing is proposed.

def test_the_sheet_must_say_its_city_and_list_or_be_told(tmp_path: Path) -> None:
    sheet = tmp_path / "list.csv"
    sheet.write_text(HAINAN_CSV, encoding="utf-8")
    with pytest.raises(InputError, match=r"does not say its city .*give --city KEY"):
        propose_sheet(sheet, corpus=CORPUS, doc_id="x", city=None, list_key="hainan-urgent")
    with pytest.raises(InputError, match=r"does not say which list .*give --list KEY"):
        propose_sheet(sheet, corpus=CORPUS, doc_id="x", city="hainan", list_key=None)
    with pytest.raises(InputError, match=r"--list 'beijing-urgent' belongs to city 'beijing'"):
        propose_sheet(sheet, corpus=CORPUS, doc_id="x", city="hainan", list_key="beijing-urgent")
    # A city the vocabulary knows is read from the sheet's title row.
    sheet.write_text(HAINAN_CSV.replace("海南自由贸易港", "北京市"), encoding="utf-8")
    proposal = propose_sheet(sheet, corpus=CORPUS, doc_id="x", city=None, list_key="beijing-extra")
    assert proposal.entry["city"] == "beijing"
    assert proposal.vocabulary_additions == {"lists": {"beijing-extra": {"en": "beijing-extra", "city": "beijing"}}}


@pytest.mark.parametrize("content, message", [
    ("岗位名称,备注\n数据专员,无\n", r"list\.csv:1: no header row names the columns"),
    ("岗位名称,学历要求,工作经验\n数据专员,本科,3年以上\n",
     r"list\.csv:1: the header row has no column for industry, competencies"),
    (HAINAN_CSV.replace("硕士及以上", "大专及以上"), r"list\.csv:4: row 4: degree '大专及以上' is not one of"),
    (HAINAN_CSV.replace("8年以上", "多年"), r"list\.csv:5: row 5: experience '多年' states no number of years"),
    (HAINAN_CSV.split("1,跨境")[0], r"list\.csv:2: the sheet has a header row and no occupations"),
    ("", r"list\.csv: the spreadsheet is empty"),
    (",,,\n,,\n", r"list\.csv: the spreadsheet is empty \(no cell holds text\)"),
])
def test_bad_sheets_are_refused_naming_the_file_and_row(tmp_path: Path, content: str, message: str) -> None:
    sheet = tmp_path / "list.csv"
    sheet.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        propose_sheet(sheet, corpus=CORPUS, doc_id="x", city="hainan", list_key="hainan-urgent")


def test_binary_files_named_as_sheets_are_refused(tmp_path: Path) -> None:
    csv_file, xlsx_file, zip_file = tmp_path / "list.csv", tmp_path / "list.xlsx", tmp_path / "other.xlsx"
    csv_file.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    xlsx_file.write_text("岗位名称,学历要求\n", encoding="utf-8")
    shutil.make_archive(str(tmp_path / "other"), "zip", root_dir=tmp_path, base_dir="list.csv")
    (tmp_path / "other.zip").rename(zip_file)
    for path, message in ((csv_file, r"list\.csv: a binary file, not a CSV sheet"),
                          (xlsx_file, r"list\.xlsx: not an XLSX workbook"),
                          (zip_file, r"other\.xlsx: not a readable XLSX workbook")):
        with pytest.raises(CorpusError, match=message):
            propose_sheet(path, corpus=CORPUS, doc_id="x", city="hainan", list_key="hainan-urgent")


def test_an_english_only_sheet_is_refused(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "list.xlsx", ENGLISH_ONLY)
    with pytest.raises(CorpusError, match=r"list\.xlsx:1: the header row has no Chinese column for title, industry, "
                                          r"competencies, degree, experience"):
        propose_sheet(tmp_path / "list.xlsx", corpus=CORPUS, doc_id="x", city=None, list_key=None)


def _manifest_with_sheet(corpus: Path, sheet_table: str, city: str = "beijing") -> None:
    (corpus / "manifest.toml").write_text(
        (corpus / "manifest.toml").read_text(encoding="utf-8")
        + f'\n[[document]]\nid = "extra-list"\nkind = "occupation-list"\ncity = "{city}"\n'
          f'title = {{ zh = "附加清单" }}\n\n  [[document.file]]\n  path = "extra.csv"\n  lang = "zh"\n\n'
          f'  [document.sheet]\n{sheet_table}', encoding="utf-8")


COLUMNS = ('  columns = { title = "岗位名称", industry = "所属行业", competencies = "能力要求", '
           'degree = "学历要求", experience = "工作经验" }\n')


def test_the_build_names_the_row_and_word_a_vocabulary_does_not_know(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "extra.csv").write_text(
        "岗位名称,所属行业,能力要求,学历要求,工作经验\n数据专员,金融业,建模,本科,3年以上\n"
        "风控专员,金融业,审查,专科,2年以上\n", encoding="utf-8")
    _manifest_with_sheet(corpus_copy, '  list = "beijing-urgent"\n  id_prefix = "ex-"\n' + COLUMNS)
    with pytest.raises(CorpusError, match=r"extra\.csv:3: ex-02: degree '专科' is not one of 本科, 学士, 硕士, 博士"):
        build(corpus_copy, tmp_path / "data")
    assert not (tmp_path / "data" / "current").exists()  # nothing built


@pytest.mark.parametrize("sheet_table, city, message", [
    ('  list = "hainan-urgent"\n  id_prefix = "ex-"\n' + COLUMNS, "beijing",
     r"list 'hainan-urgent' is not in vocabularies\.toml \[lists\] \(known: qianhai-demand, qianhai-strategic, "
     r"beijing-urgent\); add it there"),
    ('  list = "beijing-urgent"\n  id_prefix = "ex-"\n' + COLUMNS, "hainan",
     r"needs a city: city 'hainan' is not in vocabularies\.toml \[cities\]"),
    ('  list = "qianhai-demand"\n  id_prefix = "ex-"\n' + COLUMNS, "qianhai",
     r"maps no column to shortage_duration, severity"),
    ('  list = "beijing-urgent"\n  id_prefix = "ex-"\n' + COLUMNS.replace("工作经验", "工作年限"), "beijing",
     r"extra\.csv:1: the header row has no column '工作年限'"),
])
def test_the_manifest_sheet_is_checked_against_vocabularies_and_header(corpus_copy: Path, tmp_path: Path,
                                                                        sheet_table: str, city: str,
                                                                        message: str) -> None:
    (corpus_copy / "extra.csv").write_text("岗位名称,所属行业,能力要求,学历要求,工作经验\n数据专员,金融业,建模,本科,3年以上\n",
                                           encoding="utf-8")
    _manifest_with_sheet(corpus_copy, sheet_table, city)
    with pytest.raises(CorpusError, match=message):
        build(corpus_copy, tmp_path / "data")


def test_a_corpus_without_vocabularies_says_which_file_it_needs(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "vocabularies.toml").unlink()
    with pytest.raises(CorpusError, match=r"manifest\.toml:\d+: document 'qianhai-list': table 'table-1': "
                                          r"list 'qianhai-demand' needs .*vocabularies\.toml \(not found\)"):
        build(corpus_copy, tmp_path / "data")


def test_a_bad_vocabulary_entry_is_named_with_its_line(corpus_copy: Path, tmp_path: Path) -> None:
    path = corpus_copy / "vocabularies.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\n[lists.hainan-urgent]\nen = "hainan-urgent"\ncity = "hainan"\n', encoding="utf-8")
    line = len(text.splitlines()) + 2
    with pytest.raises(CorpusError, match=rf"vocabularies\.toml:{line}: \[lists\.hainan-urgent\]: city 'hainan' "
                                          r"is not in vocabularies\.toml \[cities\]"):
        build(corpus_copy, tmp_path / "data")
    path.write_text(text.replace('forms = { zh = ["硕士"], en = ["master"] }', 'forms = { zh = "硕士" }'),
                    encoding="utf-8")
    with pytest.raises(CorpusError, match=r"vocabularies\.toml:\d+: \[degrees\.master\]: forms = \{ zh = \[\.\.\.\]"):
        build(corpus_copy, tmp_path / "data")


def test_kb_add_adds_a_sheet_and_asks_for_what_it_cannot_say(corpus_copy: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "hainan.csv"
    sheet.write_text(HAINAN_CSV, encoding="utf-8")
    runner = CliRunner()
    asked = runner.invoke(main, ["add", str(sheet), "--corpus", str(corpus_copy), "--list", "hainan-urgent"])
    assert asked.exit_code == 1 and "give --city KEY" in asked.output and "Traceback" not in asked.output
    assert not (corpus_copy / "hainan.csv").exists()
    added = runner.invoke(main, ["add", str(sheet), "--corpus", str(corpus_copy), "--city", "hainan",
                                 "--list", "hainan-urgent"])
    assert added.exit_code == 0, added.output
    assert "Occupation records: 6" in added.output
    assert (corpus_copy / "hainan.csv").read_text(encoding="utf-8") == HAINAN_CSV
    assert "[cities.hainan]" in (corpus_copy / "vocabularies.toml").read_text(encoding="utf-8")
    build(corpus_copy, tmp_path / "data")
    kb = KnowledgeBase.load(tmp_path / "data")
    assert [r["id"] for r in kb.records if r["city"] == "hainan"] == [f"hainan-urgent-0{n}" for n in range(1, 7)]
    assert kb.documents["hainan-urgent"]["sheet"]["header_row"] == 2
