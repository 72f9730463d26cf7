"""Termhood ranking, the general mark, reliability codes in the TBX and the TMX translation memory."""

from __future__ import annotations

import json
import math
import re
import warnings
import xml.etree.ElementTree as ET

from click.testing import CliRunner

from kb.cli import main
from kb.services.tmx import export_tmx, memory_segments, sentence_segments, split_sentences
from kb.store import KnowledgeBase
from kb.terms import export_tbx, validate_tbx_basic
from kb.terms.termhood import by_termhood, log_likelihood

from .conftest import DATA

LABELS = json.loads((DATA / "termhood_labels.json").read_text(encoding="utf-8"))["pairs"]


def key(pair: dict) -> tuple[str, str]:
    return pair["zh"], pair["en"].lower()  # a rendering's capitals follow the corpus' usage


def labelled(kb: KnowledgeBase) -> list[tuple[dict, str]]:
    pairs = {key(p): p for p in kb.terms["pairs"]}
    return [(pairs[key(item)], item["label"]) for item in LABELS]


def test_labelled_set_is_large_and_in_the_term_base(kb: KnowledgeBase) -> None:
    assert len(LABELS) >= 100
    assert len(labelled(kb)) == len(LABELS)  # every labelled pair is a pair of the build
    assert {label for _, label in labelled(kb)} == {"domain", "general"}


def test_top_30_of_the_default_list_are_domain_terms(kb: KnowledgeBase) -> None:
    labels = {key(item): item["label"] for item in LABELS}
    top = sorted(kb.terms["pairs"], key=by_termhood)[:30]
    assert [(p["zh"], p["en"]) for p in top if labels.get(key(p)) != "domain"] == []


def test_precision_of_the_general_mark(kb: KnowledgeBase, record_property) -> None:  # type: ignore[no-untyped-def]
    marked = [label for pair, label in labelled(kb) if pair["general"]]
    general = [label for _, label in labelled(kb) if label == "general"]
    precision = marked.count("general") / len(marked)
    recall = marked.count("general") / len(general)
    record_property("general_precision", f"{precision:.3f} ({marked.count('general')}/{len(marked)})")
    assert precision >= 0.9 and recall >= 0.85, (precision, recall)


def test_general_language_is_marked_and_ranked_last(kb: KnowledgeBase) -> None:
    pairs = {(p["zh"], p["en"]): p for p in kb.terms["pairs"]}
    for zh, en in (("能力", "ability"), ("专业", "professional"), ("经历", "experience"), ("知识", "knowledge")):
        assert pairs[(zh, en)]["general"]
    for zh, en in (("精算师", "Actuary"), ("区块链", "blockchain"), ("知识产权", "intellectual property"),
                   ("专才", "specialist")):
        assert not pairs[(zh, en)]["general"] and pairs[(zh, en)]["termhood"] > 0
    ordered = sorted(kb.terms["pairs"], key=by_termhood)
    first_general = next(i for i, p in enumerate(ordered) if p["general"])
    assert not any(p["general"] is False for p in ordered[first_general:])
    # whole-unit pairs are the documents' own terminology: never general
    assert not any(p["general"] for p in kb.terms["pairs"] if p["kind"] != "sub-term")


def test_log_likelihood_signs() -> None:
    assert log_likelihood(10, 0, 1000, 1_000_000) > 0
    assert log_likelihood(1, 10_000, 1000, 1_000_000) < 0
    assert math.isclose(log_likelihood(1, 1000, 1000, 1_000_000), 0.0, abs_tol=0.01)


def test_curated_pairs_join_unofficial(kb: KnowledgeBase) -> None:
    curated = [p for p in kb.terms["pairs"] if p["kind"] == "sub-term" and not p["official"]]
    assert curated and all("curated" in p["method"] for p in curated)
    official = {(p["zh"], p["en"].lower()) for p in kb.terms["pairs"] if p["kind"] == "sub-term" and p["official"]}
    assert not any((p["zh"], p["en"].lower()) in official for p in curated)


def test_lookup_sorts_by_termhood(built) -> None:  # type: ignore[no-untyped-def]
    cli_kb = ["--data-dir", str(built)]
    result = CliRunner().invoke(main, [*cli_kb, "terms", "lookup", "知识", "--json"])
    pairs = json.loads(result.output)["pairs"]
    assert pairs[0]["zh"] == "知识产权" and pairs[-1]["general"]
    by_frequency = CliRunner().invoke(main, [*cli_kb, "terms", "lookup", "知识", "--json", "--order", "frequency"])
    assert json.loads(by_frequency.output)["pairs"][0]["zh"] == "知识"


def test_tbx_leaves_general_out_and_codes_reliability(kb: KnowledgeBase) -> None:
    pairs, notice = kb.terms["pairs"], kb.terms["notice"]
    tbx = export_tbx(pairs, notice)
    entries = validate_tbx_basic(tbx)
    assert len(entries) == sum(1 for p in pairs if not p["general"])
    assert len(validate_tbx_basic(export_tbx(pairs, notice, include_general=True))) == len(pairs)
    codes = set(re.findall(r'<descrip type="reliabilityCode">(\d+)</descrip>', tbx))
    assert codes == {"10", "6", "3"}
    assert tbx.count('type="reliabilityCode"') == len(entries)


def test_sentence_splitting() -> None:
    assert split_sentences("甲。乙；丙！", "zh") == ["甲。", "乙；", "丙！"]
    assert split_sentences("First, e.g. this. Second one; Third?", "en") == ["First, e.g. this.", "Second one;",
                                                                            "Third?"]


def test_sentence_level_only_when_the_sentences_pair_plausibly() -> None:
    good = sentence_segments("甲乙丙。丁戊己。", "One two three four. Five six seven eight.", "x", "c", True)
    assert [s.level for s in good] == ["sentence", "sentence"]
    # equal counts by coincidence: the second English sentence is far too long for its Chinese
    bad = sentence_segments("甲乙丙丁戊己庚辛壬癸。子。", "One. Two three four five six seven eight nine ten eleven.",
                            "x", "c", True)
    assert [s.level for s in bad] == ["paragraph"]
    assert [s.level for s in sentence_segments("甲。乙。", "One only.", "x", "c", False)] == ["paragraph"]


def test_tmx_round_trip(kb: KnowledgeBase, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from translate.storage import tmx

    segments = memory_segments(kb)
    official = memory_segments(kb, official_only=True)
    assert 0 < len(official) < len(segments) and all(s.official for s in official)
    path = tmp_path / "memory.tmx"
    path.write_text(export_tmx(segments), encoding="utf-8")
    store = tmx.tmxfile.parsefile(str(path))
    units = store.units
    assert len(units) == len(segments)
    assert [(u.source, u.target) for u in units] == [(s.zh, s.en) for s in segments]
    # Counts against the aligned units: every bead with both sides gives at least one segment.
    beads = [b for b in kb.translations["alignment"] if b["zh"] and b["en"]]
    bead_ids = {"+".join(b["zh"]) for b in beads if not b.get("implausible")}
    assert {s.source_id for s in official} >= bead_ids
    # A bead implausible as a translation is in the full memory, marked, and not in the official one.
    implausible = {"+".join(b["zh"]) for b in beads if b.get("implausible")}
    assert implausible == {"qianhai-list:zh:3.3:p2"}
    assert not implausible & {s.source_id for s in official}
    assert {s.source_id for s in segments if s.implausible} == implausible
    entries = kb.translations["entries"]
    assert {s.source_id for s in segments if not s.official} == {e["context"] for e in entries}
    # No unofficial segment is marked official: read the marks back from the file itself.
    root = ET.parse(path).getroot()
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == "zh-CN"
    curated = {e["context"] for e in entries}
    for tu, segment in zip(root.iter("tu"), segments):
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-source-id"] == segment.source_id and props["x-citation"]
        assert props["x-english"] == ("unofficial" if segment.source_id in curated else "official")
        assert props["x-level"] in ("sentence", "paragraph")
    levels = {s.level for s in segments}
    assert levels == {"sentence", "paragraph"}


def test_tmx_cli_and_download(built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "official.tmx"
    result = CliRunner().invoke(main, ["--data-dir", str(built), "export", "--format", "tmx", "--official-only",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    marks = [p.text for p in ET.parse(out).getroot().iter("prop") if p.get("type") == "x-english"]
    assert marks and set(marks) == {"official"}
