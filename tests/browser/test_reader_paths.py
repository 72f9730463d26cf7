"""Readers, citations and the home page as a user sees them (issue 23), at 1280 px and 390 px:
clauses named by their words, a contents list (sticky beside the text on a wide screen, a menu
on a phone), one language or both, a language switch that keeps the place, a Copy button that
copies the citation alone, the home page. Screenshots go to tests/screenshots/reader-*.png and
home-*.png, in each interface language."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .helpers import screenshot

expect = pytest.importorskip("playwright.sync_api",
                             reason="browser tests need the playwright package (pip install -e '.[test]')").expect

BEIJING = "/docs/beijing-notice"
CLAUSE = '[id="s-annex-1.2.2"]'


def no_horizontal_overflow(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_reader_at_desktop_width_has_a_sticky_contents_list(lang: str, page: Any) -> None:
    page.goto(f"/lang/{lang}?next={BEIJING}")
    clause = page.locator(CLAUSE)
    expect(clause.locator(".row-head .cell-zh .heading")).to_have_text("附件1 二、2 — 以下奖项获得者…")
    expect(clause.locator(".row-head .cell-en .heading")).to_have_text("Annex 1, II.2 — Winners of the following awards…")
    # The badge once for the row, in its head; none under its paragraph.
    expect(clause.locator(".badge.unofficial")).to_have_count(1)
    toc = page.locator("nav.toc")
    expect(toc.locator("li")).to_have_count(12)
    expect(toc.locator("li").first).to_be_visible()
    # Beside the text, not above it.
    toc_box, text_box = toc.bounding_box(), page.locator(".aligned").bounding_box()
    assert toc_box and text_box and toc_box["x"] + toc_box["width"] <= text_box["x"] and abs(toc_box["y"] - text_box["y"]) < 4
    screenshot(page, f"reader-contents-desktop-{lang}", full_page=False)
    # Following an entry leads to the clause; the list stays in view while the text scrolls.
    toc.get_by_role("link", name=re.compile("^附件 1|^Annex 1")).first.click()
    expect(page).to_have_url(re.compile(r"#s-annex-1$"))
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    assert page.evaluate("() => window.scrollY") > 3000
    top = toc.bounding_box()
    assert top is not None and 0 <= top["y"] < 20, top  # stuck at the top of the window
    no_horizontal_overflow(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_reader_at_phone_width_has_a_contents_menu(lang: str, phone_page: Any) -> None:
    page = phone_page
    page.goto(f"/lang/{lang}?next={BEIJING}")
    menu = page.locator("nav.toc details")
    expect(menu).not_to_have_attribute("open", "")
    expect(menu.locator("li").first).to_be_hidden()
    page.locator("nav.toc summary").tap()
    expect(menu.locator("li").first).to_be_visible()
    page.evaluate("() => document.querySelector('nav.toc').scrollIntoView()")
    screenshot(page, f"reader-contents-phone-{lang}", full_page=False)
    menu.get_by_role("link", name=re.compile("^(二 符合|II Persons meeting)")).first.tap()
    expect(page).to_have_url(re.compile(r"#s-annex-1\.2$"))
    expect(menu.locator("li").first).to_be_hidden()  # the menu closes behind the reader
    expect(page.locator('[id="s-annex-1.2"]')).to_be_in_viewport()
    no_horizontal_overflow(page)


def test_the_reader_shows_one_language_and_the_switch_keeps_the_place(page: Any, phone_page: Any) -> None:
    for shown in (page, phone_page):
        shown.goto(f"/lang/en?next={BEIJING}")
        shown.locator(".view-switch").get_by_role("link", name="English").click()
        expect(shown).to_have_url(re.compile(r"/docs/beijing-notice\?view=en$"))
        expect(shown.locator(".aligned .cell-zh")).to_have_count(0)
        expect(shown.locator(f"{CLAUSE} .cell-en .heading")).to_be_visible()
        # One column: the English takes the width the two columns shared.
        cell, row = shown.locator(f"{CLAUSE} .para .cell-en").first.bounding_box(), shown.locator(CLAUSE).bounding_box()
        assert cell and row and cell["width"] > row["width"] * 0.8
        shown.goto(f"{BEIJING}?view=en#s-annex-1.3")
        shown.locator(".lang-switch").get_by_role("link", name="简体中文").click()
        expect(shown).to_have_url(re.compile(r"/docs/beijing-notice\?view=en#s-annex-1\.3$"))
        expect(shown.locator("html")).to_have_attribute("lang", "zh-Hans")
        expect(shown.locator(".view-switch [aria-current=true]")).to_have_text("English")
        expect(shown.locator('[id="s-annex-1.3"]')).to_be_in_viewport()


def test_the_copy_button_copies_the_citation_alone(browser: Any, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    try:
        page = context.new_page()
        page.goto("/lang/zh?next=/occupations/qh-s02")
        page.locator('button.copy[data-copy="cite-zh"]').click()
        assert page.evaluate("navigator.clipboard.readText()") == "《前海外籍人才紧缺职业清单》表2 第2行"
        page.locator('button.copy[data-copy="cite-en"]').click()
        assert page.evaluate("navigator.clipboard.readText()") == \
            "List of High-Demand Occupations for Foreign Talents in Qianhai, Table 2, row 2"
        # The permalink is a button of its own, leading to the record's page.
        permalink = page.locator(".citation").first.get_by_role("link", name="永久链接")
        expect(permalink).to_have_attribute("href", "/occupations/qh-s02")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_home_page_says_what_is_covered_and_where_to_start(lang: str, page: Any, phone_page: Any) -> None:
    for shown, width in ((page, "desktop"), (phone_page, "phone")):
        shown.goto(f"/lang/{lang}?next=/")
        expect(shown.locator("h1")).to_have_text("外籍人才政策知识库" if lang == "zh" else "Foreign-talent policy knowledge base")
        counts = shown.locator("ul.coverage li")
        expect(counts).to_have_count(4)
        expect(counts.first).to_contain_text("4")
        expect(shown.locator('ul.home-docs li[data-doc="beijing-notice"] .validity')).to_contain_text(
            "试行" if lang == "zh" else "Trial period")
        expect(shown.locator(".example-group h3")).to_have_text(
            ["外籍人才", "咨询工作人员", "译员"] if lang == "zh" else ["Foreign talent", "Enquiry staff", "Translator"])
        no_horizontal_overflow(shown)
        screenshot(shown, f"home-{width}-{lang}")
    # An example question is a search with results.
    page.locator('.example-group[data-user="translator"] a').first.click()
    expect(page.locator(".results .total strong")).not_to_have_text("0")
    expect(page.locator("ol.hits > li.hit-term").first).to_be_visible()


def test_every_page_type_has_one_visible_h1(page: Any, phone_page: Any) -> None:
    urls = ["/", "/?q=精算师", "/docs/", BEIJING, "/occupations/qh-s02", "/terms", "/check-eligibility", "/stats",
            "/no-such-page", "/docs/qianhai-list?view=fr"]
    for shown in (page, phone_page):
        for url in urls:
            shown.goto(url)
            expect(shown.locator("h1")).to_have_count(1)
            if "q=" not in url:  # the search results' h1 is for screen readers only
                expect(shown.locator("h1")).to_be_visible()
