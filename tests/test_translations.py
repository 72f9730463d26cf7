"""The interface words: every message of web/ is in the Chinese catalog, translated, and served."""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from web import create_app

from .conftest import ROOT

CATALOG = ROOT / "web" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"


def test_every_interface_word_has_a_chinese_translation(tmp_path: Path, monkeypatch) -> None:
    """What `make messages` would extract is what the catalog holds (run it after changing words)."""
    monkeypatch.chdir(ROOT)
    template = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "pyproject.toml", "-k", "both", "-k", "N_",
                                "-o", str(template), "."])
    with template.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with CATALOG.open("rb") as fh:
        catalog = read_po(fh)
    have = {m.id: m for m in catalog if m.id}
    assert len(wanted) > 80
    assert sorted(wanted - set(have)) == [], "run `make messages` and translate the new words"
    assert [m.id for m in have.values() if not m.string or m.fuzzy] == []


def test_language_from_the_browser_then_the_cookie(built: Path) -> None:
    client = create_app({"TESTING": True, "KB_DATA_DIR": str(built)}).test_client()
    page = client.get("/stats", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page and ">统计<" in page and "工作经历（年，按文件口径）" in page
    # A browser that asks for Taiwan's or Hong Kong's Chinese gets 繁, converted.
    page = client.get("/stats", headers={"Accept-Language": "zh-TW,zh;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="zh-Hant">' in page and ">統計<" in page and "工作經歷（年，按文件口徑）" in page
    assert ">Figures<" in client.get("/stats", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    client.get("/lang/en?next=/stats")
    page = client.get("/stats", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert '<html lang="en">' in page and ">Figures<" in page  # the choice beats the browser


def test_translations_are_escaped(built: Path) -> None:
    """A catalog is text: an apostrophe in a message is escaped like any other text."""
    client = create_app({"TESTING": True, "KB_DATA_DIR": str(built)}).test_client()
    page = client.get("/occupations/bj-13").get_data(as_text=True)
    assert 'title="The English is this knowledge base&#39;s own translation, not an official one"' in page
