"""The term base: pairs, the reviewed sample, the consistency report and TBX export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.store import KnowledgeBase
from kb.terms import (TBXError, TermPair, Unit, build_term_base, export_tbx, number_mismatches, renderings_report,
                      validate_tbx_basic)

from .conftest import DATA

REVIEWED = json.loads((DATA / "reviewed_subterms.json").read_text(encoding="utf-8"))


def pairs_of(kb: KnowledgeBase, kind: str | None = None) -> list[dict]:
    return [p for p in kb.terms["pairs"] if kind is None or p["kind"] == kind]


def has_pair(kb: KnowledgeBase, zh: str, en: str, kind: str | None = None) -> bool:
    return any(p["zh"] == zh and p["en"] == en for p in pairs_of(kb, kind))


def test_label_and_value_pairs(kb: KnowledgeBase) -> None:
    assert has_pair(kb, "紧缺程度", "Severity of short supply", "label")
    assert has_pair(kb, "紧缺时期", "Duration of demand to remain high", "label")
    assert has_pair(kb, "职业能力要求", "Requirements for occupational competencies", "label")
    assert has_pair(kb, "极度紧缺", "Extremely short supply", "value")
    assert has_pair(kb, "近期持续（1-3年）", "Demand to remain high in the short term (1-3 years)", "value")
    assert has_pair(kb, "硕士", "Master's degree", "value")
    assert has_pair(kb, "金融业", "Financial industry", "value")
    [severity] = [p for p in pairs_of(kb, "value") if p["zh"] == "极度紧缺"]
    assert severity["frequency"] == 15  # the fifteen extreme-shortage occupations


def test_titles_and_headings(kb: KnowledgeBase) -> None:
    titles = pairs_of(kb, "title")
    assert len([t for t in titles if t["official"]]) == 50
    unofficial = [t for t in titles if not t["official"]]
    assert len(unofficial) == 25 and all(t["method"].startswith("curated") for t in unofficial)
    assert has_pair(kb, "区块链工程师", "Blockchain engineer", "title")
    assert has_pair(kb, "概念界定", "Definitions", "heading")
    # 34 aligned headings of the bilingual documents; 44 more from the curated translations of
    # the Chinese-only ones (joined unofficial since issue 15)
    assert len([p for p in pairs_of(kb, "heading") if p["official"]]) == 34
    assert len([p for p in pairs_of(kb, "heading") if not p["official"]]) == 44


def test_sub_terms(kb: KnowledgeBase) -> None:
    sub_terms = pairs_of(kb, "sub-term")
    assert len(sub_terms) >= 150
    for zh, en in [("区块链", "blockchain"), ("精算", "actuarial"), ("专才", "specialist"),
                   ("知识产权", "intellectual property"), ("人工智能", "artificial intelligence")]:
        assert has_pair(kb, zh, en, "sub-term"), (zh, en)
    [specialist] = [p for p in sub_terms if p["zh"] == "专才"]
    assert "co-occurrence" in specialist["method"] and specialist["frequency"] >= 30
    for pair in sub_terms:
        assert pair["places"] and pair["frequency"] >= len(pair["places"])


@pytest.mark.parametrize("entry", REVIEWED["sample"], ids=[f"{e['zh']}-{e['en']}" for e in REVIEWED["sample"]])
def test_reviewed_sample(kb: KnowledgeBase, entry: dict) -> None:
    """Each hand-reviewed pair: a correct one is still produced, a wrong one would fail here."""
    assert entry["correct"], f"reviewed as wrong: {entry}"
    assert has_pair(kb, entry["zh"], entry["en"], "sub-term")


@pytest.mark.parametrize("entry", REVIEWED["rejected"], ids=[f"{e['zh']}-{e['en']}" for e in REVIEWED["rejected"]])
def test_rejected_pairs_stay_out(kb: KnowledgeBase, entry: dict) -> None:
    assert not has_pair(kb, entry["zh"], entry["en"], "sub-term"), entry["why"]


def test_reviewed_precision_is_recorded() -> None:
    sample = REVIEWED["sample"]
    assert REVIEWED["sample_size"] == len(sample) == 50
    assert REVIEWED["correct"] == sum(e["correct"] for e in sample)
    assert REVIEWED["precision"] == REVIEWED["correct"] / 50 >= 0.9


# A small fixture corpus of aligned units with inconsistencies planted on purpose.
FIXTURE = [
    Unit("区块链工程师", "Blockchain engineer", "f-01", "title"),
    Unit("区块链平台架构等专业知识", "Professional knowledge of blockchain platform architecture", "f-01", "text"),
    Unit("区块链技术等专业知识", "Professional knowledge of block chain technology", "f-02", "text"),
    Unit("精算估值等专业知识", "Professional knowledge of actuarial valuation", "f-03", "text"),
    Unit("资产评估等专业知识", "Professional knowledge of asset appraisal", "f-04", "text"),
    Unit("风险估值等专业知识", "Professional knowledge of risk evaluation", "f-05", "text"),
    Unit("紧缺 34 个（占 68%）", "34 (68%) are in short supply", "f-06", "text"),
    Unit("共有 29 个职业，其中金融业 5 个", "29 occupations, 6 of them in finance", "f-07", "text"),
    Unit("超六成职业将持续紧缺", "Over 60% of the occupations will remain in short supply", "f-08", "heading"),
    Unit("企业累计达15.4万家", "154,000 enterprises", "f-09", "text"),
]


def test_consistency_findings_on_a_fixture_corpus(tmp_path: Path) -> None:
    pairs = build_term_base(FIXTURE, tmp_path / "cache")
    by_zh = {f["term"]: f for f in renderings_report(pairs, "zh")}
    blockchain = by_zh["区块链"]
    assert [r["rendering"] for r in blockchain["renderings"]] == ["blockchain", "block chain"]
    assert blockchain["majority"] == "blockchain"
    assert blockchain["renderings"][1]["places"] == ["f-02"]
    # 专业 is rendered "professional" everywhere: one rendering is no finding.
    assert "专业" not in by_zh
    mismatches = {m["place"]: m for m in number_mismatches(FIXTURE)}
    assert set(mismatches) == {"f-07"}  # 六成 = 60%, 15.4万 = 154,000 and 34/68% agree
    assert mismatches["f-07"]["only_zh"] == ["5"] and mismatches["f-07"]["only_en"] == ["6"]


def test_real_corpus_findings(kb: KnowledgeBase) -> None:
    from kb.terms import consistency_report

    report = consistency_report(kb)
    by_term = {f["term"]: f for f in report["zh_terms"]}
    assert by_term["区块链"]["majority"] == "blockchain"
    assert by_term["区块链"]["renderings"][1] == {"rendering": "block chain", "count": 1, "places": ["qh-s06"]}
    assert by_term["意识"]["renderings"][1]["places"] == ["qh-d22"]  # "consciousness of customer service"
    mismatch_places = {m["place"] for m in report["number_mismatches"]}
    assert "qianhai-list:zh:appendix" in mismatch_places  # the English adds the year 2020
    assert report["value_disagreements"] == []


def test_tbx_round_trip(kb: KnowledgeBase) -> None:
    base = kb.terms
    text = export_tbx(base["pairs"], base["notice"], include_general=True)
    entries = validate_tbx_basic(text)
    assert len(entries) == len(base["pairs"])
    assert [(e["zh"], e["en"]) for e in entries] == [(p["zh"], p["en"]) for p in base["pairs"]]
    assert "CC-CEDICT" in text and "Creative Commons Attribution-ShareAlike 4.0" in text
    assert "admittedTerm-admn-sts" in text  # the unofficial Beijing titles


def test_tbx_validation_rejects_a_broken_structure() -> None:
    good = export_tbx([TermPair("区块链", "blockchain", "sub-term", "test", 1, ["x"]).to_dict()], "notice")
    validate_tbx_basic(good)
    with pytest.raises(TBXError, match="exactly one non-empty term"):
        validate_tbx_basic(good.replace("<term>blockchain</term>", ""))
    with pytest.raises(TBXError, match="not a TBX-Basic data category"):
        validate_tbx_basic(good.replace('descrip type="subjectField"', 'descrip type="colour"'))


def test_term_commands(built: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--data-dir", str(built), "terms", "lookup", "区块链", "--json"])
    payload = json.loads(result.output)
    assert payload["pairs"][0]["en"] == "blockchain" and payload["pairs"][0]["places"] == ["qh-d09", "qh-s06"]
    result = runner.invoke(main, ["--data-dir", str(built), "terms", "check"])
    assert result.exit_code == 0 and "区块链: blockchain ×3; block chain ×1" in result.output
    out = tmp_path / "terms.tbx"
    result = runner.invoke(main, ["--data-dir", str(built), "export", "--format", "tbx", "-o", str(out)])
    assert result.exit_code == 0 and validate_tbx_basic(out.read_text(encoding="utf-8"))
    result = runner.invoke(main, ["--data-dir", str(built), "export", "--format", "terms-csv"])
    assert result.output.splitlines()[0] == ("zh,en,kind,official,frequency,method,places,termhood,general,"
                                             "reliability")


def test_term_base_reloads_without_the_corpus(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kb.build

    monkeypatch.setattr(kb.build, "parse_corpus", lambda *a, **k: pytest.fail("reparsed the corpus"))
    reloaded = KnowledgeBase.load(built)
    assert len(reloaded.terms["pairs"]) > 400 and reloaded.terms["units"]
