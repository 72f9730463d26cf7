"""The foreign talent's path (issue 23): the self-check that knows the field, related
occupations with their validity, and the answers to an engineer's questions, in Chromium at
1280 px and 390 px, in English and Chinese, with screenshots of the self-check."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from .helpers import DESKTOP, PHONE, screenshot

expect = pytest.importorskip("playwright.sync_api").expect

CHIP_DESIGN = "/check-eligibility?degree=master&years=3&keywords="


def no_sideways_scrolling(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


@pytest.fixture(params=["desktop", "phone"])
def sized_page(request: pytest.FixtureRequest, browser: Any, live_server: str) -> Iterator[tuple[str, Any]]:
    """A page at 1280 px or 390 px."""
    phone = request.param == "phone"
    options: dict[str, Any] = {"viewport": PHONE if phone else DESKTOP, "base_url": live_server}
    if phone:
        options |= {"device_scale_factor": 2, "is_mobile": True, "has_touch": True}
    context = browser.new_context(**options)
    try:
        yield request.param, context.new_page()
    finally:
        context.close()


def zh_page(browser: Any, live_server: str, phone: bool) -> Any:
    options: dict[str, Any] = {"viewport": PHONE if phone else DESKTOP, "base_url": live_server, "locale": "zh-CN"}
    if phone:
        options |= {"device_scale_factor": 2, "is_mobile": True, "has_touch": True}
    return browser.new_context(**options)


def test_chip_design_qualifies_for_the_chip_designer_only(sized_page: tuple[str, Any]) -> None:
    size, page = sized_page
    page.goto("/check-eligibility")
    page.get_by_label("Highest degree").select_option("master")
    page.get_by_label("Years of experience").fill("3")
    page.get_by_label("Field keywords (optional)").fill("chip design")
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()
    qualified = page.locator("section.qualified li.elig-item")
    expect(qualified).to_have_count(1)
    expect(qualified.first).to_have_attribute("data-id", "bj-06")
    expect(qualified.first.locator("h3")).to_contain_text("Chip design engineer")
    expect(page.locator("section.qualified h2")).to_contain_text("(1)")
    # The remuneration design specialist shares only "design": listed apart, under another field.
    expect(page.locator('section.qualified li.elig-item[data-id="qh-s19"]')).to_have_count(0)
    expect(page.locator('section.near-misses li.elig-item[data-id="qh-s19"]')).to_have_count(0)
    other = page.locator('details.other-fields li.elig-item[data-id="qh-s19"]')
    expect(other).to_be_hidden()
    page.locator("details.other-fields summary").click()
    expect(other).to_be_visible()
    field = other.locator('li[data-key="field"]')
    expect(field).to_have_attribute("data-status", "not_met")
    expect(field).to_contain_text("not met")
    expect(field.locator(".missing")).to_have_text("chip")
    # Each requirement of the chip designer: its status, its words and its clause.
    reqs = qualified.first.locator("ul.requirements > li")
    expect(reqs).to_have_count(3)
    assert [reqs.nth(i).get_attribute("data-key") for i in range(3)] == ["field", "degree", "experience"]
    assert [reqs.nth(i).get_attribute("data-status") for i in range(3)] == ["met", "met", "met"]
    expect(reqs.nth(0).locator(".field-words")).to_have_text("chip, design")
    expect(reqs.nth(2)).to_contain_text("(2 years or more)")
    expect(reqs.nth(2).locator(".cite")).to_contain_text("Annex 2, No. 6")
    marker = reqs.nth(0).evaluate("li => getComputedStyle(li, '::before').content")
    assert "✓" in marker
    page.locator("details.other-fields summary").click()  # closed again for the picture
    no_sideways_scrolling(page)
    screenshot(page, "selfcheck-en" + ("-phone" if size == "phone" else ""))


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_self_check_in_chinese(browser: Any, live_server: str, phone: bool) -> None:
    context = zh_page(browser, live_server, phone)
    try:
        page = context.new_page()
        page.goto(CHIP_DESIGN + "芯片设计")
        qualified = page.locator("section.qualified li.elig-item")
        expect(qualified).to_have_count(1)
        expect(qualified.first).to_have_attribute("data-id", "bj-06")
        expect(page.locator("section.qualified h2")).to_contain_text("符合")
        reqs = qualified.first.locator("ul.requirements > li")
        expect(reqs.nth(0)).to_contain_text("专业领域")
        expect(reqs.nth(0)).to_contain_text("您的专业领域：")
        expect(reqs.nth(0).locator(".field-words")).to_have_text("芯片、设计")
        expect(reqs.nth(2)).to_contain_text("(2年及以上)")
        expect(reqs.nth(2).locator(".cite")).to_contain_text("附件2 序号6")
        expect(page.locator("details.other-fields summary")).to_contain_text("其他领域的岗位")
        no_sideways_scrolling(page)
        screenshot(page, "selfcheck-zh" + ("-phone" if phone else ""))
    finally:
        context.close()


def test_related_occupations_show_their_validity(page: Any) -> None:
    page.goto("/occupations/qh-s06")
    related = page.locator(".related .related-item")
    expect(related).to_have_count(1)
    expect(related.first).to_have_attribute("data-id", "bj-13")
    expect(related.first.locator(".related-validity")).to_contain_text("Validity: Trial period")
    expect(related.first.locator(".related-validity [data-status]")).to_have_attribute("data-status", "trial")
    page.goto("/occupations/bj-06")  # Qianhai lists no chip designer: no remuneration designer either
    expect(page.locator(".related")).to_have_count(0)


@pytest.mark.parametrize("question, text", [
    ("Can I work in Beijing as a chip designer?", "具有 2 年及以上从事芯片设计等相关工作经历"),
    ("我能在北京做芯片设计工作吗", "具有 2 年及以上从事芯片设计等相关工作经历"),
    ("Is the Beijing catalogue still valid?", "Trial period: Stated period 2023-01-01 – 2024-12-31"),
    ("北京的目录还有效吗", "试行：文件所述期间 2023-01-01 – 2024-12-31"),
])
def test_the_engineers_questions_get_an_answer_card(sized_page: tuple[str, Any], question: str, text: str) -> None:
    _, page = sized_page
    page.goto("/?q=" + question)
    card = page.locator("section.answer")
    expect(card).to_be_visible()
    expect(card).to_contain_text(text)
    no_sideways_scrolling(page)
