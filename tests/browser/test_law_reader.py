"""The reader of a law as a reader sees it: a live `kb serve` over a build of corpus/ with the
fixture laws of tests/data/laws (one build and one server for the module), at desktop (1280 px)
and phone (390 px) width. Screenshots go to tests/screenshots/law-reader-*.png."""

from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

from kb.build import build

from ..test_laws import AMENDMENT, REG, law_corpus
from .helpers import DESKTOP, running_server, screenshot

expect = pytest.importorskip("playwright.sync_api",
                             reason="browser tests need the playwright package (pip install -e '.[test]')").expect

CHAPTERS = ["第一章 总则", "第二章 服务保障", "第三章 居留与工作便利", "第四章 附则"]


@pytest.fixture(scope="module")
def law_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    corpus = law_corpus(tmp_path_factory.mktemp("browser-laws") / "corpus")
    data_dir = tmp_path_factory.mktemp("browser-laws-data")
    build(corpus, data_dir)
    # After the amendment took effect, so the page never depends on the clock.
    with running_server(data_dir, tmp_path_factory.mktemp("serve-laws"), workers=1,
                        env_extra={"KB_AS_OF": "2026-10-01"}) as base_url:
        yield base_url


@pytest.fixture
def browser_context_args(law_server: str) -> dict[str, Any]:
    return {"viewport": DESKTOP, "base_url": law_server}


def box(locator: Any) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not displayed"
    return found


def check_the_law(page: Any) -> None:
    """What either width shows: chapters in order, the header's dates, the amendment notes."""
    page.goto(f"/docs/{REG}")
    expect(page.locator(".row.kind-chapter .cell-zh .heading")).to_have_text(CHAPTERS)
    expect(page.locator(".toc li.toc-chapter")).to_have_count(4)
    facts = page.locator(".doc-head .facts")
    expect(facts).to_be_visible()
    expect(facts).to_contain_text("某市人民政府令第15号")
    expect(facts.locator(".fact-promulgated")).to_contain_text("2025-11-05")
    expect(facts.locator(".fact-effective")).to_contain_text("2026-03-01")
    note = page.locator(".doc-head .amendment")
    expect(note).to_be_visible()
    expect(note).to_contain_text("经某市人民政府令第21号修改，自2026-09-01起施行")
    expect(note).to_contain_text("Amended by Decree No. 21 of the City People's Government, in force from 2026-09-01")
    for anchor in ("s-art10", "s-art11", "s-art14"):
        row = page.locator(f"#{anchor}")
        expect(row.locator(".cell-zh .amendment")).to_be_visible()
        expect(row.locator(".cell-zh .amendment")).to_contain_text("经某市人民政府令第21号修改")
        expect(row.locator(".cell-en .amendment")).to_be_visible()
        expect(row.locator(".cell-en .amendment")).to_contain_text("Amended by Decree No. 21 of the City People's Government")
    expect(page.locator("#s-art12 .amendment")).to_have_count(0)
    art11 = page.locator("#s-art11")
    expect(art11.locator(".row-head .cell-zh .heading")).to_have_text("第十一条")
    expect(art11.locator(".row-head .cell-en .heading")).to_have_text("Article 11")
    # Nothing runs off the page sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_law_at_desktop_width(page: Any) -> None:
    check_the_law(page)
    # Chinese and English side by side, article by article and item by item.
    for anchor in ("p-art1-p1", "p-art11-p1-i3", "p-art15-p1"):
        zh, en = box(page.locator(f"#{anchor} > .cell-zh")), box(page.locator(f"#{anchor} > .cell-en"))
        assert abs(zh["y"] - en["y"]) < 2 and en["x"] >= zh["x"] + zh["width"], anchor
    expect(page.locator("#p-art11-p1-i3 > .cell-en")).to_contain_text("(3) having been recognised")
    screenshot(page, "law-reader-desktop")
    # The contents list leads to the chapter; the amendment note to the decision's clause.
    page.locator(".toc").get_by_role("link", name=re.compile("第三章")).click()
    expect(page).to_have_url(re.compile(rf"/docs/{REG}#s-ch3$"))
    expect(page.locator("#s-ch3")).to_be_in_viewport()
    page.locator("#s-art10 .cell-en .amendment").get_by_role("link", name="clause I of the decision").click()
    expect(page).to_have_url(re.compile(rf"/docs/{AMENDMENT}#p-cl1-p1$"))
    expect(page.locator("#p-cl1-p1")).to_be_in_viewport()
    expect(page.locator("#p-cl1-p1")).to_contain_text("将第十条第二款修改为")


def test_the_law_at_phone_width(phone_page: Any) -> None:
    page = phone_page
    check_the_law(page)
    # One column: each paragraph's English right under its Chinese.
    for anchor in ("p-art1-p1", "p-art11-p1-i3"):
        zh, en = box(page.locator(f"#{anchor} > .cell-zh")), box(page.locator(f"#{anchor} > .cell-en"))
        assert en["y"] >= zh["y"] + zh["height"] - 1 and abs(en["x"] - zh["x"]) < 2, anchor
    screenshot(page, "law-reader-phone")
    page.locator("#s-art11").scroll_into_view_if_needed()
    screenshot(page, "law-reader-phone-amended-article", full_page=False)


def test_a_cited_article_links_to_its_row(page: Any) -> None:
    page.goto("/docs/city-permit-rule")
    row = page.locator("#p-art1-p1 > .cell-zh")
    expect(row.locator("a.reference")).to_have_text(["《某市外籍人才服务条例》"])  # the province's is not held
    page.locator("#p-art4-p1 > .cell-zh a.reference").click()  # the link in the Chinese text itself
    expect(page).to_have_url(re.compile(rf"/docs/{REG}#s-art10$"))
    expect(page.locator("#s-art10")).to_be_in_viewport()
    screenshot(page, "law-reader-cited-article", full_page=False)
