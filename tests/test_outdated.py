"""A build written by another layout of the package is refused with "run `kb build`", never a traceback.

Whoosh pickles the schema, tokenizer class included, into the index. Before the
package was grouped by stage the tokenizer was ``kb.analysis.JiebaTokenizer``;
such an index cannot be unpickled now. Two guards: ``build.json`` names its build
format, and opening an index whose schema cannot be unpickled is refused too.
"""

from __future__ import annotations

import json
import shutil
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh import index
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, TEXT, Schema

from kb.cli import main
from kb.errors import OutdatedBuildError
from kb.search import searcher_for
from kb.store import BUILD_FORMAT, KnowledgeBase, write_checksums
from web import create_app


def copy_of(built: Path, tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(built, data_dir, symlinks=True)
    return data_dir


def write_old_layout_index(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An index as the flat layout wrote it: its pickled schema names ``kb.analysis.JiebaTokenizer``."""

    class JiebaTokenizer(Tokenizer):
        def __call__(self, value, **kwargs):  # type: ignore[no-untyped-def,override]
            yield Token(text=value)

    old_module = types.ModuleType("kb.analysis")
    JiebaTokenizer.__module__, JiebaTokenizer.__qualname__ = "kb.analysis", "JiebaTokenizer"
    old_module.JiebaTokenizer = JiebaTokenizer  # type: ignore[attr-defined]
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "kb.analysis", old_module)
        shutil.rmtree(directory)
        directory.mkdir()
        index.create_in(str(directory), Schema(id=ID(stored=True, unique=True),
                                               title_zh=TEXT(analyzer=JiebaTokenizer())))
    assert "kb.analysis" not in sys.modules


def runs(data_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.output


def test_a_build_names_its_format(kb: KnowledgeBase) -> None:
    assert kb.meta["format"] == BUILD_FORMAT


@pytest.fixture
def format_1(built: Path, tmp_path: Path) -> Path:
    """A build as the flat layout wrote it: no format in build.json."""
    data_dir = copy_of(built, tmp_path)
    meta_path = (data_dir / "current").resolve() / "build.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    del meta["format"]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    return data_dir


def test_a_build_of_another_format_is_refused(format_1: Path) -> None:
    with pytest.raises(OutdatedBuildError, match=rf"build format 1, this version reads {BUILD_FORMAT}\); run `kb build` again"):
        KnowledgeBase.load(format_1)
    for args in (["show", "qh-s06"], ["search", "blockchain"], ["stats"], ["serve", "--port", "8799"]):
        code, out = runs(format_1, *args)
        assert code == 1 and "run `kb build` again" in out and "Traceback" not in out, (args, out)
    client = create_app({"TESTING": True, "KB_DATA_DIR": str(format_1)}).test_client()
    answer = client.get("/api/search", query_string={"q": "blockchain"})
    assert answer.status_code == 503 and answer.get_json()["ok"] is False
    assert "run `kb build` again" in answer.get_json()["error"] and answer.get_json()["status"] == 503
    page = client.get("/stats")
    assert page.status_code == 503 and "kb build" in page.get_data(as_text=True)


def test_an_index_naming_the_old_tokenizer_path_is_refused(built: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = copy_of(built, tmp_path)
    build_dir = (data_dir / "current").resolve()
    write_old_layout_index(build_dir / "index", monkeypatch)
    # Checksums that vouch for the old index: the guard for an index that slips past them.
    write_checksums(build_dir)
    kb = KnowledgeBase.load(data_dir)  # records and sections still read: only the index is stale
    with pytest.raises(OutdatedBuildError, match=r"No module named 'kb\.analysis'.*run `kb build` again"):
        searcher_for(kb)
    code, out = runs(data_dir, "search", "blockchain")
    assert code == 1 and "run `kb build` again" in out and "Traceback" not in out, out
    client = create_app({"TESTING": True, "KB_DATA_DIR": str(data_dir)}).test_client()
    answer = client.get("/api/search", query_string={"q": "blockchain"})
    assert answer.status_code == 503 and answer.get_json()["ok"] is False
    assert "run `kb build` again" in answer.get_json()["error"]
