"""Paragraph units, alignment, curated translations (PO catalogs) and their QA."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from kb.build import build, parse_corpus
from kb.cli import main
from kb.errors import CorpusError
from kb.store import KnowledgeBase
from kb.reading.text import close_justified_gaps
from kb.translation.catalog import catalog_path
from kb.translation.qa import Entry, number_findings, term_findings

from .conftest import CORPUS, DATA

LIU = "liu-migration"


def run(*args: str, data_dir: Path | None = None) -> tuple[int, str]:
    prefix = ["--data-dir", str(data_dir)] if data_dir else []
    result = CliRunner().invoke(main, [*prefix, *args])
    return result.exit_code, result.output


# -- units -------------------------------------------------------------------------


def test_every_paragraph_is_a_unit_with_its_section_order_and_citation(kb: KnowledgeBase) -> None:
    unit = kb.get("beijing-notice:zh:annex-1.2.8:p1")
    assert unit["section"] == "beijing-notice:zh:annex-1.2.8"
    assert unit["citation"]["zh"].endswith("附件1 二.8")
    assert unit["citation"]["en"].endswith("Annex 1, II.8")
    assert "3 篇" in unit["text"]
    liu = kb.get("liu-migration:zh:s2:p3")
    assert liu["number"] == 3 and liu["citation"]["en"].endswith("para. 3")
    section = kb.get("liu-migration:zh:s2")
    assert section["units"] == [f"liu-migration:zh:s2:p{n}" for n in range(1, 6)]
    assert section["body"] == "\n\n".join(kb.get(u)["text"] for u in section["units"])


def test_the_dotted_form_names_a_unit_unless_a_section_has_that_id(kb: KnowledgeBase) -> None:
    assert kb.get("liu-migration:zh:s2.p3")["id"] == "liu-migration:zh:s2:p3"
    # shanghai-study:zh:1.2.p1 is a section (a bold lead-in paragraph of the paper): it stays one.
    assert kb.get("shanghai-study:zh:1.2.p1")["item"] == "section"
    assert kb.get("shanghai-study:zh:1.2.p1:p1")["item"] == "unit"


def test_unit_ids_are_the_same_on_every_build() -> None:
    first, second = parse_corpus(CORPUS, with_terms=False), parse_corpus(CORPUS, with_terms=False)
    assert [u.id for u in first.text_units] == [u.id for u in second.text_units]
    assert [u.text for u in first.text_units] == [u.text for u in second.text_units]
    assert len(first.text_units) == len({u.id for u in first.text_units})


def test_old_ids_still_resolve(kb: KnowledgeBase) -> None:
    for item_id in ("qh-s06", "bj-06", "beijing-notice:zh:annex-1.2.2", "qianhai-list:en:appendix.3.d2"):
        assert kb.get(item_id)["id"] == item_id


def test_justified_pdf_gaps_are_closed_by_rule() -> None:
    assert close_justified_gaps("规划纲 要 》 规 定 ，“研究") == "规划纲要》规定，“研究"
    assert close_justified_gaps("技术移民”。此 后 ，") == "技术移民”。此后，"
    assert close_justified_gaps("技 术 移民保荐") == "技术移民保荐"
    # A space between two longer runs is the source's own (two issuing bodies).
    assert close_justified_gaps("科技部办公厅 人力资源社会保障部办公厅") == "科技部办公厅 人力资源社会保障部办公厅"
    assert close_justified_gaps("世界 500 强") == "世界 500 强"


def test_no_justified_gaps_remain_in_the_papers(kb: KnowledgeBase) -> None:
    texts = [u["text"] for u in kb.units if u["doc"] == LIU]
    assert any("纲要》规定，" in t for t in texts)
    assert not any(re.search(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff] [\u4e00-\u9fff，。》]", t) for t in texts)


# -- alignment -----------------------------------------------------------------------

# Checked by hand against the Qianhai report and its English (see README, "Alignment quality").
HAND_CHECKED_BEADS = {
    "qianhai-list:zh:preface": ["1-1", "1-1", "1-1"],
    "qianhai-list:zh:2.1": ["1-1", "1-1"],
    # The Chinese prints the caption before the text, the English after: one 2-2 bead.
    "qianhai-list:zh:2.4": ["2-2"],
    # The English carries the table's body as a paragraph of its own after its caption.
    "qianhai-list:zh:3.3": ["1-1", "1-2"],
    # The English splits the service centre's paragraph in two, and the contact line.
    "qianhai-list:zh:4": ["1-1", "1-2", "1-1", "1-2"],
    "qianhai-list:zh:appendix.2.p2": ["1-1"] * 7,
    "qianhai-list:zh:appendix.3.d1": ["1-1", "1-1"],
}


def test_qianhai_paragraphs_align_as_checked_by_hand(kb: KnowledgeBase) -> None:
    beads: dict[str, list[str]] = {}
    for bead in kb.translations["alignment"]:
        beads.setdefault(bead["section"], []).append(bead["shape"])
    for section, shapes in HAND_CHECKED_BEADS.items():
        assert beads[section] == shapes, section
    contact = kb.get("qianhai-list:zh:4:p4")
    assert contact["counterparts"] == ["qianhai-list:en:4:p5", "qianhai-list:en:4:p6"]
    assert kb.get("qianhai-list:en:4:p5")["text"].startswith("Tel: 0755-36667588")
    first = kb.get("qianhai-list:zh:2.1:p1")
    assert first["counterparts"] == ["qianhai-list:en:2.1:p1"] and first["alignment"] == "1-1"
    assert first["text_status"] == {"zh": "official", "en": "official"}


# -- curated translations --------------------------------------------------------------


def test_every_chinese_only_unit_and_record_field_has_english(kb: KnowledgeBase) -> None:
    for doc in kb.translations["documents"]:
        assert doc["stale"] == [] and doc["missing"] == [], doc["doc"]
        assert doc["translated"] == doc["total"] > 0
    totals = {d["doc"]: d["total"] for d in kb.translations["documents"]}
    assert totals == {"beijing-notice": 303, "shanghai-study": 60, "liu-migration": 38}
    for unit in kb.units:
        if unit["lang"] == "zh" and not unit["counterparts"]:
            assert unit["translation"]["status"] == "unofficial", unit["id"]
            assert unit["translation"]["text"], unit["id"]
            assert unit["text_status"] == {"zh": "official", "en": "unofficial"}


def test_beijing_records_read_in_english_and_say_whose_english_it_is(kb: KnowledgeBase) -> None:
    bj06 = kb.get("bj-06")
    assert len(bj06["competencies"]["en"]) == len(bj06["competencies"]["zh"]) == 7
    assert "Verilog" in bj06["competencies"]["en"][2]
    assert bj06["degree"]["en"].startswith("Bachelor's degree")
    assert "2 years" in bj06["experience"]["en"]
    assert {"title.en", "competencies.en", "specialties.en", "degree.en", "experience.en"} <= set(bj06["unofficial"])
    assert bj06["text_status"]["competencies"] == {"zh": "official", "en": "unofficial"}
    assert bj06["source"]["citation"]["en"].endswith("Annex 2, No. 6")
    assert any(n["kind"] == "unofficial" and n["field"] == "en" for n in bj06["notes"])
    # The Qianhai English is the issuer's: nothing there is marked unofficial.
    assert kb.get("qh-s06")["unofficial"] == [] and kb.get("qh-s06")["text_status"] == {}


def test_chinese_only_sections_carry_their_translation_labelled(kb: KnowledgeBase) -> None:
    section = kb.get("beijing-notice:zh:3")
    assert section["translation"]["status"] == "unofficial"
    assert section["translation"]["label"]["en"] == "This knowledge base's translation (unofficial)"
    assert "1 January 2023" in section["translation"]["body"]
    heading = kb.get("beijing-notice:zh:annex-1.2")["translation"]["heading"]
    assert heading and "international" in heading.lower()


def test_the_build_writes_catalogs_polib_reads_back(tmp_path: Path, corpus_copy: Path) -> None:
    code, out = run("translations", "update", "--corpus", str(corpus_copy))
    assert code == 0, out
    assert "beijing-notice: 303 kept, 0 added" in out
    catalog = polib.pofile(str(catalog_path(corpus_copy, "beijing-notice")))
    entry = catalog.find("beijing-notice:zh:annex-1.2.8:p1", by="msgctxt")
    assert entry is not None and "3 papers" in entry.msgstr
    assert entry.occurrences and entry.occurrences[0][0] == "corpus/002_9942292bfebf88b0.txt"
    # Rewriting an up-to-date catalog changes nothing.
    before = catalog_path(corpus_copy, LIU).read_text(encoding="utf-8")
    run("translations", "update", "--corpus", str(corpus_copy))
    assert catalog_path(corpus_copy, LIU).read_text(encoding="utf-8") == before


def _catalogs(corpus_dir: Path) -> dict[str, list[str]]:
    return {path.name: path.read_text(encoding="utf-8").splitlines()
            for path in sorted((corpus_dir / "translations").glob("*.po"))}


def _changed_lines(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    """The lines that differ, file by file (a short list to read when the test fails)."""
    assert sorted(before) == sorted(after)
    return [f"{name}: {line}" for name in before
            for line in difflib.unified_diff(before[name], after[name], lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_update_on_the_seeds_changes_no_byte_and_the_committed_catalogs_are_in_step(corpus_copy: Path) -> None:
    committed = _catalogs(CORPUS)
    code, out = run("translations", "update", "--corpus", str(corpus_copy))
    assert code == 0, out
    first = _catalogs(corpus_copy)
    assert _changed_lines(committed, first) == []
    code, out = run("translations", "update", "--corpus", str(corpus_copy))
    assert code == 0, out
    assert _changed_lines(first, _catalogs(corpus_copy)) == []
    assert {p.name: p.read_bytes() for p in (corpus_copy / "translations").glob("*.po")} == \
        {p.name: p.read_bytes() for p in (CORPUS / "translations").glob("*.po")}


def test_a_translators_edit_is_all_update_leaves_changed(corpus_copy: Path) -> None:
    # A new English for a heading: the entries of its paragraphs keep their comments, so the
    # catalog's diff is the translator's one line.
    path = catalog_path(corpus_copy, LIU)
    old = 'msgstr "Raising the issue of exploring a skilled migration system"'
    edited = path.read_text(encoding="utf-8").replace(old, 'msgstr "Why explore a skilled migration system"')
    path.write_text(edited, encoding="utf-8")
    code, out = run("translations", "update", "--corpus", str(corpus_copy))
    assert code == 0 and "liu-migration: 38 kept, 0 added (empty), 0 marked fuzzy, 0 obsolete" in out, out
    assert path.read_text(encoding="utf-8") == edited


def test_an_entry_whose_text_is_gone_stays_obsolete_on_every_update(corpus_copy: Path) -> None:
    path = catalog_path(corpus_copy, LIU)
    path.write_text(path.read_text(encoding="utf-8") + (
        '\n#. a paragraph the corpus no longer has\n#: corpus/004_77bd279d9d7c0475.txt:99\n#, fuzzy\n'
        '#| msgid "删去的旧段落"\nmsgctxt "liu-migration:zh:s9:p1"\nmsgid "删去的段落"\n'
        'msgstr "A paragraph since removed"\n'), encoding="utf-8")
    code, out = run("translations", "update", "--corpus", str(corpus_copy))
    assert code == 0 and "liu-migration: 38 kept, 0 added (empty), 0 marked fuzzy, 1 obsolete" in out, out
    first = path.read_text(encoding="utf-8")
    assert first.endswith('#, fuzzy\n#~ msgctxt "liu-migration:zh:s9:p1"\n#~ msgid "删去的段落"\n'
                          '#~ msgstr "A paragraph since removed"\n')
    code, out = run("translations", "update", "--corpus", str(corpus_copy))
    assert code == 0 and "liu-migration: 38 kept, 0 added (empty), 0 marked fuzzy, 0 obsolete" in out, out
    assert path.read_text(encoding="utf-8") == first  # the English is not thrown away on the next run


def test_a_changed_source_makes_its_entry_stale(tmp_path: Path, corpus_copy: Path) -> None:
    notice = corpus_copy / "002_9942292bfebf88b0.txt"
    notice.write_text(notice.read_text(encoding="utf-8").replace("发表论文 3 篇", "发表论文 5 篇"),
                      encoding="utf-8")
    build(corpus_copy, tmp_path / "var")
    kb = KnowledgeBase.load(tmp_path / "var")
    unit = kb.get("beijing-notice:zh:annex-1.2.8:p1")
    assert unit["translation"] == {"text": None, "status": "outdated"}
    assert any(n["kind"] == "translation" for n in unit["notes"])
    code, out = run("check", data_dir=tmp_path / "var")
    assert "stale (translation outdated): beijing-notice:zh:annex-1.2.8:p1" in out
    code, out = run("translations", "status", "--corpus", str(corpus_copy))
    assert code == 1 and re.search(r"beijing-notice\s+303\s+302\s+1\s+0", out), out
    code, out = run("translations", "update", "--corpus", str(corpus_copy))
    assert "1 marked fuzzy" in out
    entry = polib.pofile(str(catalog_path(corpus_copy, "beijing-notice"))).find(
        "beijing-notice:zh:annex-1.2.8:p1", by="msgctxt")
    assert "fuzzy" in entry.flags and "3 篇" in entry.previous_msgid and "5 篇" in entry.msgid
    assert "3 papers" in entry.msgstr  # the old English is kept for the translator to revise


def test_a_malformed_catalog_fails_the_build_naming_it(tmp_path: Path, corpus_copy: Path) -> None:
    path = catalog_path(corpus_copy, LIU)
    path.write_text(path.read_text(encoding="utf-8") + 'msgctxt "x"\nmsgid "a"\nmsgstr "b"\nnot a keyword\n', encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        parse_corpus(corpus_copy, with_terms=False)
    assert "liu-migration.en.po" in str(caught.value) and "not a valid PO catalog" in str(caught.value)
    code, out = run("translations", "status", "--corpus", str(corpus_copy))
    assert code == 1 and "liu-migration.en.po" in out and "Traceback" not in out


def test_translations_status_reports_nothing_missing_or_stale() -> None:
    code, out = run("translations", "status", "--corpus", str(CORPUS))
    assert code == 0, out
    for doc, total in (("beijing-notice", 303), ("shanghai-study", 60), ("liu-migration", 38)):
        assert re.search(rf"{doc}\s+{total}\s+{total}\s+0\s+0", out), out


# -- QA ---------------------------------------------------------------------------------


def entry(zh: str, en: str, comment: str = "") -> Entry:
    return Entry("fixture:zh:1:p1", zh, en, "fixture", comment)


@pytest.mark.parametrize(("zh", "en"), [
    ("自 2023 年 1 月 1 日起实施，试行 2 年。", "It takes effect on 1 January 2023, on a trial basis for two years."),
    ("国科办才〔2022〕177号", "国科办才〔2022〕177号"),
    ("发表论文 3 篇（JCR 一、二区）", "Published 3 papers (JCR Q1/Q2)"),
    ("企业实际投资累计不低于 50 万美元、个人股份不低于 30%", "actual investment of at least USD 500,000 and a stake of at least 30%"),
    ("20世纪70～90年代", "the 1970s–1990s"),
    ("以第一作者", "as first author"),
])
def test_number_check_passes_faithful_numbers(zh: str, en: str) -> None:
    assert number_findings([entry(zh, en)]) == []


@pytest.mark.parametrize(("zh", "en", "lacks"), [
    ("发表论文 3 篇。", "Published papers.", ["3"]),
    ("自 2023 年 1 月 1 日起实施", "It takes effect on 1 January 2024", ["2023"]),
    ("试行 2 年", "on a trial basis for three years", ["2"]),
    ("不低于 50 万美元", "at least USD 50", ["500000"]),
    ("（JCR 一、二区）", "(JCR Q1)", ["2"]),
])
def test_number_check_catches_known_faults(zh: str, en: str, lacks: list[str]) -> None:
    [finding] = number_findings([entry(zh, en)])
    assert finding["only_zh"] == lacks


def test_number_check_catches_a_document_number_not_kept_as_printed() -> None:
    [finding] = number_findings([entry("（国发〔2021〕24号）", "(State Council [2021] No. 24)")])
    assert finding["document_numbers"] == ["国发〔2021〕24号"]


RENDERINGS = {"区块链": ["blockchain"], "知识产权": ["intellectual property"], "专才": ["specialist"]}


def words(text: str) -> list[str]:
    return [w for w in RENDERINGS if w in text]


def test_term_check_reports_departures_and_honours_explanations() -> None:
    good = entry("区块链平台的知识产权", "intellectual property of blockchain platforms")
    bad = entry("区块链平台", "distributed ledger platforms")
    explained = entry("专才", "expert", "term: 专才 = expert (the paper's own word)")
    findings = term_findings([good, bad, explained], RENDERINGS, words)
    assert [(f["zh"], f["explained"]) for f in findings] == [("区块链", None), ("专才", "expert (the paper's own word)")]


def test_a_rendering_given_once_is_a_notice_and_one_given_more_often_binds() -> None:
    renderings = {"区块链": ["blockchain"], "高效": ["efficient"], "透明": ["transparent"]}
    evidence = {"区块链": {"renderings": ["blockchain"], "frequency": 5, "places": ["qh-s06", "qh-s07"]},
                "高效": {"renderings": ["efficient"], "frequency": 2, "places": ["a:zh:1", "b:zh:art4"]},
                "透明": {"renderings": ["transparent"], "frequency": 1, "places": ["b:zh:art4"]}}
    words = lambda text: [w for w in renderings if w in text]  # noqa: E731
    findings = term_findings([entry("区块链平台", "distributed ledger platforms"), entry("公开透明", "open and clear")],
                             renderings, words, evidence)
    assert [(f["zh"], f["severity"], f["official"]) for f in findings] == [
        ("区块链", "contradiction", {"places": ["qh-s06", "qh-s07"], "frequency": 5}),
        ("透明", "notice", {"places": ["b:zh:art4"], "frequency": 1})]
    # The rendering in another part of speech is the rendering: efficiently, efficiency, transparency.
    for zh, en in (("高效管理", "efficiently manage"), ("协同高效原则", "the principle of coordination and efficiency"),
                   ("公开透明", "openness and transparency")):
        assert term_findings([entry(zh, en)], renderings, words, evidence) == [], en


def test_the_real_translations_pass_their_checks(kb: KnowledgeBase) -> None:
    qa = kb.translations["qa"]
    assert qa["numbers"] == []
    # Every departure is explained, or departs from a rendering the official English gives once.
    assert [f for f in qa["terms"] if not f["explained"] and f["severity"] != "notice"] == []
    notices = [f for f in qa["terms"] if not f["explained"] and f["severity"] == "notice"]
    assert notices and all(f["official"]["frequency"] == 1 and len(f["official"]["places"]) == 1 for f in notices)
    # bj-25's 行医许可 is a licence to practise: explained, where Qianhai's one 许可 is a work permit.
    [licence] = [f for f in qa["terms"] if f["place"] == "bj-25#other"]
    assert (licence["zh"], licence["severity"], licence["official"]["places"]) == ("许可", "notice", ["qianhai-list:zh:4"])
    assert licence["explained"].startswith("license (短期行医许可")
    code, out = run("check", data_dir=kb.build_dir.parent.parent)
    assert code == 0, out
    assert (f"departures from official renderings: 0 unexplained, 12 explained by a translator comment, "
            f"{len(notices)} notices (the official English gives the rendering once: not a failure; -v lists them)") in out


def test_curated_english_is_searchable_in_english(kb: KnowledgeBase) -> None:
    from kb.search import searcher_for

    searcher = searcher_for(kb)
    hit = searcher.search("chip design")["hits"][0]
    assert hit["id"] == "bj-06"
    assert hit["snippet"]["en"] and "<mark>" in hit["snippet"]["en"]
    ids = [h["id"] for h in searcher.search("labor market testing")["hits"][:3]]
    assert "liu-migration:zh:s3" in ids
    ids = [h["id"] for h in searcher.search("Nobel Prize winners")["hits"][:3]]
    assert "beijing-notice:zh:annex-1.2.1" in ids
