"""Bad editor input to ``kb build`` (issue 19, item 8): a message naming the file and line,
a non-zero exit, the previous build still current, never a traceback nor a silent change.

Each case damages a copy of the corpus the way an editor could (a catalog cut short or
emptied, a lost quote, a folder gone, a path or a date mistyped) and builds it into a copy of
the session's built data directory.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.build import parse_corpus
from kb.cli import main
from kb.store import KnowledgeBase

PO = "translations/shanghai-study.en.po"


def kb_build(corpus: Path, data_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), "build", "--corpus", str(corpus), *args])
    return result.exit_code, result.output


@pytest.fixture
def data_dir(built: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(built, target, symlinks=True)
    return target


def line_of(path: Path, pattern: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if re.search(pattern, line))


def cut_in_half(corpus: Path) -> tuple[str, int | None]:
    """Half its bytes, back to the entry boundary before: the catalog still reads, short of
    170 of its entries (the last build's translations tell)."""
    path = corpus / "translations/beijing-notice.en.po"
    data = path.read_bytes()
    path.write_bytes(data[:data.rindex(b"\n\n", 0, len(data) // 2) + 1])
    return "translations/beijing-notice.en.po", None


def cut_inside_a_character(corpus: Path) -> tuple[str, int | None]:
    path = corpus / PO
    data = path.read_bytes()
    at = data.index("上海".encode(), len(data) // 2) + 1  # inside the three bytes of 上
    path.write_bytes(data[:at])
    return PO, data[:at].count(b"\n") + 1


def cut_after_a_msgid(corpus: Path) -> tuple[str, int | None]:
    path = corpus / PO
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    msgid = next(n for n in range(len(lines) // 2, len(lines)) if lines[n].startswith("msgid "))
    path.write_text("".join(lines[:msgid + 1]), encoding="utf-8")
    return PO, msgid + 1


def msgstr_without_its_closing_quote(corpus: Path) -> tuple[str, int | None]:
    path = corpus / PO
    line = line_of(path, r'^msgstr "Analysis of the current state"$')
    path.write_text(path.read_text(encoding="utf-8").replace(
        'msgstr "Analysis of the current state"\n', 'msgstr "Analysis of the current state\n'), encoding="utf-8")
    return PO, line


def emptied(corpus: Path) -> tuple[str, int | None]:
    (corpus / PO).write_text("", encoding="utf-8")
    return PO, 1


def header_only(corpus: Path) -> tuple[str, int | None]:
    path = corpus / PO
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("\n\n") + 1], encoding="utf-8")
    return PO, 1


@pytest.mark.parametrize("damage, reason", [
    (cut_in_half, "171 curated translations that the last build has are gone (bj-08#competencies.3, "),
    (cut_inside_a_character, "not valid UTF-8"),
    (cut_after_a_msgid, "this msgid has no msgstr"),
    (msgstr_without_its_closing_quote, "a string without its closing quote"),
    (emptied, "the catalog has no entries"),
    (header_only, "the catalog has no entries"),
])
def test_a_broken_catalog_is_named_with_its_line(corpus_copy: Path, data_dir: Path,
                                                 damage: Callable[[Path], tuple[str, int | None]],
                                                 reason: str) -> None:
    good = (data_dir / "current").resolve().name
    name, line = damage(corpus_copy)
    code, out = kb_build(corpus_copy, data_dir)
    assert code == 1, out
    assert f"{corpus_copy / name}{f':{line}' if line else ''}: " in out and reason in out, out
    assert "previous build kept" in out and "Traceback" not in out
    assert (data_dir / "current").resolve().name == good


def test_a_catalog_that_loses_its_entries_is_refused_unless_meant(corpus_copy: Path, data_dir: Path) -> None:
    """Cut at an entry's end, the catalog is well-formed: the translations it lost against the
    last build tell."""
    good = (data_dir / "current").resolve().name
    path = corpus_copy / PO
    text = path.read_text(encoding="utf-8")
    entries = text.split("\n\n")
    path.write_text("\n\n".join(entries[:21]) + "\n", encoding="utf-8")  # the header and 20 of 60
    code, out = kb_build(corpus_copy, data_dir)
    assert code == 1, out
    assert f"{path}: 40 curated translations that the last build has are gone (shanghai-study:zh:" in out, out
    assert "`kb build --allow-drop`" in out and "Traceback" not in out
    assert (data_dir / "current").resolve().name == good
    # Meant: --allow-drop builds it, and the build says what it has.
    code, out = kb_build(corpus_copy, data_dir, "--allow-drop")
    assert code == 0, out
    assert "shanghai-study 20/60" in out
    assert (data_dir / "current").resolve().name != good


def test_a_missing_translations_folder_is_named(corpus_copy: Path, data_dir: Path) -> None:
    good = (data_dir / "current").resolve().name
    shutil.rmtree(corpus_copy / "translations")
    code, out = kb_build(corpus_copy, data_dir)
    assert code == 1, out
    assert f"{corpus_copy / 'translations'}: the folder of curated translations is missing: 401 curated translations" in out, out
    assert "(beijing-notice, liu-migration, shanghai-study)" in out and "--allow-drop" in out
    assert "Traceback" not in out and (data_dir / "current").resolve().name == good


def _path_up(corpus: Path) -> str:
    return "../../../../etc/passwd"


def _path_absolute(corpus: Path) -> str:
    return "/etc/passwd"


def _path_through_a_link(corpus: Path) -> str:
    (corpus / "005_link.txt").symlink_to("/etc/passwd")
    return "005_link.txt"


@pytest.mark.parametrize("make_path", [_path_up, _path_absolute, _path_through_a_link])
def test_a_manifest_path_that_leaves_the_corpus_is_refused(corpus_copy: Path, data_dir: Path,
                                                           make_path: Callable[[Path], str]) -> None:
    good = (data_dir / "current").resolve().name
    manifest = corpus_copy / "manifest.toml"
    name = make_path(corpus_copy)
    line = line_of(manifest, r'path = "003_35ebe4465f4d7d8a\.txt"')
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        'path = "003_35ebe4465f4d7d8a.txt"', f'path = "{name}"'), encoding="utf-8")
    code, out = kb_build(corpus_copy, data_dir)
    assert code == 1, out
    assert f"{manifest}:{line}: document 'shanghai-study': file '{name}' is outside the corpus folder" in out, out
    assert "root:" not in out and "Traceback" not in out  # nothing of the file was read into the message
    assert (data_dir / "current").resolve().name == good


@pytest.mark.parametrize("key, old, new", [
    ("date", 'date = "2021"', 'date = "2026-13-45"'),
    ("date", 'date = "2023-08"', 'date = "2023-02-30"'),
    ("date", 'date = "2022-12-30"', 'date = "2022-12-3"'),
])
def test_a_manifest_date_that_does_not_exist_is_named_with_its_line(corpus_copy: Path, data_dir: Path,
                                                                    key: str, old: str, new: str) -> None:
    good = (data_dir / "current").resolve().name
    manifest = corpus_copy / "manifest.toml"
    line = line_of(manifest, re.escape(old))
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    code, out = kb_build(corpus_copy, data_dir)
    value = new.split('"')[1]
    assert code == 1, out
    assert f"{manifest}:{line}: document " in out and f"{key} must be a day, month or year that exists" in out
    assert repr(value) in out and "Traceback" not in out, out
    assert (data_dir / "current").resolve().name == good
    assert all(d["date"] != value for d in KnowledgeBase.load(data_dir).documents.values())


def test_a_validity_override_date_that_does_not_exist_is_named_with_its_line(corpus_copy: Path,
                                                                            data_dir: Path) -> None:
    manifest = corpus_copy / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace('number = "国科办才〔2022〕177号"\n',
                        'number = "国科办才〔2022〕177号"\n\n  [document.validity]\n'
                        '  reason = "Extended by a later notice"\n  effective_until = "2026-02-29"\n')
    manifest.write_text(text, encoding="utf-8")
    line = line_of(manifest, r'effective_until = "2026-02-29"')
    code, out = kb_build(corpus_copy, data_dir)
    assert code == 1 and f"{manifest}:{line}: document 'beijing-notice': [document.validity] effective_until" in out
    assert "'2026-02-29'" in out, out


def test_records_without_their_curated_english_still_build(corpus_copy: Path) -> None:
    """A first build with no catalog for the Beijing notice (as for a new document): its records'
    industries have no English yet, which the term base must take as no pair, not a crash."""
    (corpus_copy / "translations/beijing-notice.en.po").unlink()
    data = parse_corpus(corpus_copy)
    records = {r.id: r.to_dict() for r in data.records}
    assert records["bj-01"]["industry"]["en"] is None and records["bj-01"]["industry"]["zh"]
    assert all(isinstance(u.en, str) and u.en for u in data.units)
    assert [(s.doc, s.translated, len(s.missing)) for s in data.translations if s.doc == "beijing-notice"] \
        == [("beijing-notice", 0, 303)]
