"""A served knowledge base under hostile corpora: markup in a source document never runs or
renders as markup in a real browser, and a corpus that cannot be built leaves the running
server on its last good build."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kb.build import build

from ..conftest import CORPUS
from .helpers import _kb_command, running_server

PAYLOAD_ZH = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
PAYLOAD_EN = "<img src=x onerror=window.__xss=3>"


def _get(url: str) -> tuple[int, dict[str, str], Any]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (127.0.0.1 only)
        return response.status, dict(response.headers), json.loads(response.read())


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over a corpus with script payloads in the Beijing notice and in the escaped
    English of the Qianhai table (which the English parser unescapes into real markup)."""
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    notice = corpus / "002_9942292bfebf88b0.txt"
    notice.write_text(notice.read_text(encoding="utf-8").replace("为深入贯彻落实", "为深入贯彻落实" + PAYLOAD_ZH, 1),
                      encoding="utf-8")
    english = corpus / "001_68f634e9b5d2dc80.txt"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "<b>Blockchain engineer</b>", "<b>Blockchain engineer &lt;img src=x onerror=window.__xss=3&gt;</b>", 1),
        encoding="utf-8")
    build(corpus, root / "data")
    with running_server(root / "data", root / "logs") as base:
        yield base


@pytest.mark.parametrize("path, visible", [
    ("/occupations/qh-s06", PAYLOAD_EN),
    ("/?q=blockchain", PAYLOAD_EN),
    ("/?q=%E4%BA%8C%E5%8D%81%E5%A4%A7", "window.__xss=2"),  # 二十大, next to the payload in the notice
    ("/docs/beijing-notice", PAYLOAD_ZH),
    ("/docs/qianhai-list", PAYLOAD_EN),
])
def test_markup_in_a_source_document_is_shown_as_text(browser: Any, hostile_server: str, path: str,
                                                      visible: str) -> None:
    context = browser.new_context(base_url=hostile_server)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path)
    page.wait_for_load_state("load")
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0 and page.locator("main script").count() == 0
    assert visible in page.inner_text("main")
    context.close()


def _truncate(corpus: Path) -> None:
    notice = corpus / "002_9942292bfebf88b0.txt"
    notice.write_text(notice.read_text(encoding="utf-8")[:400], encoding="utf-8")


def _wrong_encoding(corpus: Path) -> None:
    paper = corpus / "004_77bd279d9d7c0475.txt"
    paper.write_bytes(paper.read_text(encoding="utf-8").encode("gb18030"))


def _duplicate_id(corpus: Path) -> None:
    manifest = corpus / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('id = "liu-migration"', 'id = "shanghai-study"'),
                        encoding="utf-8")


def _missing_file(corpus: Path) -> None:
    (corpus / "003_35ebe4465f4d7d8a.txt").unlink()


@pytest.mark.parametrize("damage, named", [
    (_truncate, "002_9942292bfebf88b0.txt"),
    (_wrong_encoding, "004_77bd279d9d7c0475.txt:2: not valid UTF-8"),
    (_duplicate_id, "duplicate document id"),
    (_missing_file, "file '003_35ebe4465f4d7d8a.txt' does not exist"),
])
def test_a_bad_corpus_leaves_the_server_on_its_last_good_build(
        tmp_path: Path, damage: Callable[[Path], None], named: str) -> None:
    data_dir = tmp_path / "data"
    build(CORPUS, data_dir)
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    damage(corpus)
    with running_server(data_dir, tmp_path / "logs") as base:
        status, headers, before = _get(f"{base}/api/search?kind=occupation&limit=100")
        good = headers["X-KB-Build"]
        failed = subprocess.run([*_kb_command(), "--data-dir", str(data_dir), "build", "--corpus", str(corpus)],
                                capture_output=True, text=True)
        assert failed.returncode == 1
        assert named in failed.stdout + failed.stderr and "previous build kept" in failed.stdout + failed.stderr
        assert "Traceback" not in failed.stdout + failed.stderr
        status, headers, after = _get(f"{base}/api/search?kind=occupation&limit=100")
        assert status == 200 and headers["X-KB-Build"] == good
        assert after["total"] == before["total"] == 75
