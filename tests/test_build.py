"""The build as a user meets it: the CLI, stable ids, and failures that keep the last good build."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.build import build, parse_corpus
from kb.cli import main
from kb.errors import CorpusError
from kb.store import KnowledgeBase

from .conftest import CORPUS


def kb_cli(*args: str, data_dir: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.output


def test_ids_are_the_same_on_every_build(tmp_path: Path) -> None:
    first, second = parse_corpus(CORPUS), parse_corpus(CORPUS)
    assert [s.id for s in first.sections] == [s.id for s in second.sections]
    assert [r.id for r in first.records] == [r.id for r in second.records]
    assert [r.to_dict() for r in first.records] == [r.to_dict() for r in second.records]


def test_build_command_prints_a_summary(tmp_path: Path) -> None:
    code, out = kb_cli("build", "--corpus", str(CORPUS), data_dir=tmp_path)
    assert code == 0, out
    assert "documents      4" in out
    assert "sections       121 zh, 37 en" in out
    assert "records        75 (29 qianhai-demand, 21 qianhai-strategic, 25 beijing-urgent)" in out
    assert "aligned pairs  37" in out
    assert (tmp_path / "current").is_symlink()


def test_show_check_stats_and_export(built: Path) -> None:
    code, out = kb_cli("show", "qh-s06", "--json", data_dir=built)
    assert code == 0 and json.loads(out)["title"] == {"zh": "区块链工程师", "en": "Blockchain engineer"}
    code, out = kb_cli("show", "qianhai-list:en:1.1", "--json", data_dir=built)
    pair = json.loads(out)
    assert pair["zh"]["heading"] == "说明" and pair["en"]["heading"] == "General information"
    code, out = kb_cli("show", "beijing-notice:zh:annex-1.2.2", data_dir=built)
    assert code == 0 and "附件1 二.2" in out and "阿贝尔奖" in out
    code, out = kb_cli("check", data_dir=built)
    assert code == 0, out
    assert "Displaced cells put back: 1" in out and "Errata applied (corpus/errata.toml): 3, touching 7 items" in out
    assert "17 of 17 reproduced" in out and "consistent with its notes" in out
    code, out = kb_cli("stats", "--json", data_dir=built)
    assert json.loads(out)["cities"]["qianhai"]["severity"] == {"moderate": 14, "relative": 21, "extreme": 15}
    code, out = kb_cli("export", "--format", "jsonl", data_dir=built)
    lines = [json.loads(line) for line in out.splitlines()]
    units = [u for u in lines if u["item"] == "unit"]
    assert len(lines) == 75 + 158 + len(units) and lines[0]["id"] == "qh-d01" and lines[74 + 158]["item"] == "section"
    assert {u["id"] for u in units} >= {"liu-migration:zh:s2:p3", "beijing-notice:zh:annex-1.2.8:p1"}
    code, out = kb_cli("export", "--format", "csv", data_dir=built)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 75 and rows[49]["title_zh"] == "跨国文化管理专才"
    assert rows[50]["unofficial"] == "title.en | industry.en | competencies.en | specialties.en | degree.en | experience.en"
    assert rows[50]["english"] == "this knowledge base's translation (unofficial)"
    assert rows[0]["english"] == "official (the issuer's)"


def test_unknown_id_and_missing_build_are_clear_errors(tmp_path: Path, built: Path) -> None:
    code, out = kb_cli("show", "qh-x99", data_dir=built)
    assert code == 1 and "no record, section or paragraph unit has the id 'qh-x99'" in out
    code, out = kb_cli("stats", data_dir=tmp_path / "empty")
    assert code == 1 and "run `kb build` first" in out and "Traceback" not in out


def _build_ok(corpus: Path, data_dir: Path) -> str:
    build(corpus, data_dir)
    return (data_dir / "current").resolve().name


@pytest.mark.parametrize("damage, message", [
    (lambda c: (c / "002_9942292bfebf88b0.txt").write_text("附件 2\n\n序号\t行业大类\n1\t金融\t\t\t\n",
                                                          encoding="utf-8"),
     "002_9942292bfebf88b0.txt"),
    (lambda c: (c / "004_77bd279d9d7c0475.txt").write_bytes("技术移民".encode("gb18030")),
     "004_77bd279d9d7c0475.txt:1: not valid UTF-8"),
    (lambda c: (c / "003_35ebe4465f4d7d8a.txt").unlink(),
     "file '003_35ebe4465f4d7d8a.txt' does not exist"),
    (lambda c: (c / "manifest.toml").write_text(
        (c / "manifest.toml").read_text(encoding="utf-8").replace('id = "liu-migration"', 'id = "shanghai-study"'),
        encoding="utf-8"),
     "duplicate document id"),
    (lambda c: (c / "manifest.toml").write_text(
        (c / "manifest.toml").read_text(encoding="utf-8").replace('parser = "policy-notice-zh"', 'parser = "nope"'),
        encoding="utf-8"),
     "unknown parser 'nope'"),
    (lambda c: (c / "001_68f634e9b5d2dc80.txt").write_text(
        (c / "001_68f634e9b5d2dc80.txt").read_text(encoding="utf-8").replace(
            "(>3 years)\tRelatively short supply\n10\t", "(>3 years)\tRather short supply\n10\t", 1),
        encoding="utf-8"),
     "qh-d09: severity 'Rather short supply' is not one of"),
    (lambda c: (c / "002_9942292bfebf88b0.txt").write_text(
        (c / "002_9942292bfebf88b0.txt").read_text(encoding="utf-8").replace("软件和信息服", "软件和信息服务业", 1),
        encoding="utf-8"),
     "erratum for beijing-notice bj-10 industry: the source now reads '软件和信息服务业'"),
])
def test_a_malformed_corpus_stops_the_build_and_keeps_the_last_good_one(
        corpus_copy: Path, tmp_path: Path, damage, message: str) -> None:
    data_dir = tmp_path / "data"
    good = _build_ok(corpus_copy, data_dir)
    damage(corpus_copy)
    code, out = kb_cli("build", "--corpus", str(corpus_copy), data_dir=data_dir)
    assert code == 1
    assert message in out, out
    assert "previous build kept" in out and "Traceback" not in out
    assert (data_dir / "current").resolve().name == good
    assert len(KnowledgeBase.load(data_dir).records) == 75


def test_errors_name_the_manifest_line(corpus_copy: Path) -> None:
    manifest = corpus_copy / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('lang = "en"', 'lang = "fr"'), encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        parse_corpus(corpus_copy)
    line = text.splitlines().index('  path = "001_68f634e9b5d2dc80.txt"') + 1
    assert info.value.line == line and "lang must be one of zh, en" in str(info.value)
    manifest.write_text(text + "\n[[document]\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="not valid TOML"):
        parse_corpus(corpus_copy)


def test_a_sixth_document_needs_only_a_file_and_a_manifest_entry(corpus_copy: Path) -> None:
    """A second notice of a known kind, added without code changes."""
    (corpus_copy / "005_notice.txt").write_text(
        "关于开展测试工作的通知\n\n测试〔2024〕1号\n\n各有关单位：\n\n一、本通知自发布之日起施行。\n\n特此通知。\n",
        encoding="utf-8")
    with (corpus_copy / "manifest.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[document]]\nid = "test-notice"\ntitle = { zh = "关于开展测试工作的通知" }\n'
                 'date = "2024-01-01"\nnumber = "测试〔2024〕1号"\n\n  [[document.file]]\n'
                 '  path = "005_notice.txt"\n  lang = "zh"\n  parser = "policy-notice-zh"\n')
    data = parse_corpus(corpus_copy)
    ids = [s.id for s in data.sections if s.doc == "test-notice"]
    assert ids == ["test-notice:zh:title", "test-notice:zh:preamble", "test-notice:zh:1", "test-notice:zh:closing"]


def test_versions_that_disagree_or_lack_a_value_are_noted(corpus_copy: Path) -> None:
    english = corpus_copy / "001_68f634e9b5d2dc80.txt"
    text = english.read_text(encoding="utf-8")
    row1 = next(line for line in text.splitlines() if "Investment management specialist" in line)
    row2 = next(line for line in text.splitlines() if "Capital operation specialist" in line)
    text = text.replace(row1, row1.replace("\tExtremely short supply", "\t"))
    text = text.replace(row2, row2.replace("2. Master's degree.", "2. Doctor's degree."))
    english.write_text(text, encoding="utf-8")
    records = {r.id: r for r in parse_corpus(corpus_copy).records}
    d01, d02 = records["qh-d01"], records["qh-d02"]
    assert d01.severity == "extreme"
    [missing] = [n for n in d01.notes if n["kind"] == "missing"]
    assert missing["field"] == "severity" and missing["supplied_by"] == "zh"
    assert d02.min_degree == "master"  # the Chinese original wins
    [disagreement] = [n for n in d02.notes if n["kind"] == "disagreement"]
    assert disagreement["field"] == "min_degree" and "“硕士” (master)" in disagreement["text"]
    assert "“Doctor's degree” (doctor)" in disagreement["text"]


def test_the_build_and_the_translation_stage_do_not_import_each_other() -> None:
    """kb.build runs the translation stage; the stage never reaches back into the build (not even
    inside a function): `kb translations` lives in kb.translation.catalogs."""
    import ast

    root = Path(__file__).resolve().parent.parent / "kb"

    def imports(path: Path) -> set[str]:
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                found.add("." * node.level + (node.module or ""))
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        return found

    assert ".translation.stage" in imports(root / "build.py")
    assert not {"..build", "kb.build", ".."} & imports(root / "translation" / "stage.py")
