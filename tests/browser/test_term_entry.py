"""The translator's term entry in a browser: the look-up of 紧缺 on the term page, at desktop
and phone width, in each interface language. Screenshots: tests/screenshots/term-entry-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import SCREENSHOTS

expect = pytest.importorskip("playwright.sync_api",
                             reason="browser tests need the playwright package (pip install -e '.[test]')").expect

LOOKUP_LABEL = {"en": "Renderings of a Chinese term", "zh": "中文术语的译法"}
CITATION = {"en": "List of High-Demand Occupations for Foreign Talents in Qianhai, Table 1, row 9",
            "zh": "《前海外籍人才紧缺职业清单》表1 第9行"}
CONSISTENCY = {"en": "Consistency report", "zh": "译法一致性报告"}


def look_up(page: Any, lang: str, term: str) -> None:
    """Choose the interface language, open the term page and look ``term`` up in its box."""
    page.goto(f"/lang/{lang}?next=/terms")
    box = page.get_by_label(LOOKUP_LABEL[lang])
    box.fill(term)
    with page.expect_navigation():
        box.press("Enter")


def check_entry(page: Any, lang: str, width: str) -> None:
    look_up(page, lang, "紧缺")
    assert "lookup=%E7%B4%A7%E7%BC%BA" in page.url or "lookup=紧缺" in page.url
    entry = page.locator("section.term-entry")
    expect(entry.locator("h2")).to_contain_text("紧缺")
    # The renderings with their counts, the most frequent first.
    rows = entry.locator("table.renderings-summary tbody tr")
    expect(rows.nth(0)).to_contain_text("short supply")
    expect(rows.nth(0).locator("td").first).to_have_text("61")
    expect(rows.nth(1)).to_contain_text("high-demand")
    # The first example: the Chinese with the term marked beside the English with its rendering.
    example = entry.locator("li.example").first
    expect(example.locator(".pair-zh mark")).to_have_text("紧缺")
    expect(example.locator(".pair-en mark")).to_have_text("short supply")
    expect(example.locator(".example-places a.term-place").first).to_have_text(CITATION[lang])
    zh_box, en_box = example.locator(".pair-zh").bounding_box(), example.locator(".pair-en").bounding_box()
    if width == "desktop":  # side by side
        assert en_box["x"] > zh_box["x"] + zh_box["width"] - 1 and abs(en_box["y"] - zh_box["y"]) < 4
    else:  # one above the other, nothing scrolls sideways
        assert en_box["y"] >= zh_box["y"] + zh_box["height"] - 1
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
    # The term's consistency findings follow the look-up, inside the entry.
    expect(entry.get_by_role("heading", name=f"{CONSISTENCY[lang]}: 紧缺")).to_be_visible()
    # Each term pair shows its reliability with the TBX code.
    expect(entry.locator("table.terms tbody tr").first.locator(".reliability")).to_contain_text("(10)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    entry.screenshot(path=str(SCREENSHOTS / f"term-entry-jinque-{width}-{lang}.png"))
    # A citation leads to the place: the occupation the example comes from.
    with page.expect_navigation():
        example.locator(".example-places a.term-place").first.click()
    assert page.url.endswith("/occupations/qh-d09")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_term_entry_for_jinque_on_desktop(page: Any, lang: str) -> None:
    check_entry(page, lang, "desktop")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_term_entry_for_jinque_on_a_phone(phone_page: Any, lang: str) -> None:
    check_entry(phone_page, lang, "phone")
