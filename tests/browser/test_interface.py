"""The interface for everyone, in a real browser: three interface languages (EN / 繁 / 简),
accessibility (axe-core over every page type, focus ring, skip link, touch targets) and
phones (filters behind a button, tables as cards, nothing wider than the screen).

axe-core comes with the PyPI package ``axe-playwright-python`` (its bundled axe.min.js is
injected into the page: nothing is fetched). Screenshots: tests/screenshots/ui-*.png.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .helpers import screenshot

expect = pytest.importorskip("playwright.sync_api",
                             reason="browser tests need the playwright package (pip install -e '.[test]')").expect

# Every page type, with a URL that shows its content.
PAGE_TYPES = {
    "home": "/",
    "search": "/?q=blockchain",
    "reader": "/docs/beijing-notice",
    "occupation": "/occupations/bj-13",
    "self-check": "/check-eligibility?degree=master&years=5&keywords=区块链",
    "terms": "/terms?q=区块链",
    "stats": "/stats",
    "error": "/occupations/no-such-id",
}


def set_language(page: Any, code: str) -> None:
    page.goto(f"/lang/{code}?next=/")


def serious_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def sideways_overflow(page: Any) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


# -- 繁: the third interface language ----------------------------------------------------------

def test_switch_offers_en_traditional_simplified_and_converts_the_documents(page: Any) -> None:
    page.goto("/?q=紧缺")
    switch = page.locator(".lang-switch a")
    expect(switch).to_have_text(["EN", "繁", "简"])
    page.locator(".lang-switch").get_by_role("link", name="繁體中文").click()
    expect(page).to_have_url(re.compile(r"q=%E7%B4%A7%E7%BC%BA|q=紧缺"))  # back on the same search
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    expect(page.locator(".lang-switch a[aria-current=true]")).to_have_text("繁")
    expect(page.locator("header.site nav").get_by_role("link", name="術語庫")).to_be_visible()
    expect(page.locator(".converted-note")).to_have_text("中文內容由簡體原文轉換")
    # The documents' text in traditional characters; the index is untouched (the same hits).
    first = page.locator("ol.hits > li.hit").first
    expect(first.locator(".cell-zh")).to_contain_text("緊缺")
    assert "紧缺" not in page.locator("ol.hits").inner_text()
    # A query typed in traditional characters finds the same as its simplified form.
    page.goto("/?q=區塊鏈")
    ids = page.locator("ol.hits > li.hit").evaluate_all("items => items.map(i => i.dataset.id)")
    page.goto("/?q=区块链")
    assert page.locator("ol.hits > li.hit").evaluate_all("items => items.map(i => i.dataset.id)") == ids
    assert ids[0] in ("qh-s06", "bj-13")
    # 简 goes back to the simplified original, unlabelled.
    page.locator(".lang-switch").get_by_role("link", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator(".converted-note")).to_have_count(0)
    expect(page.locator("ol.hits").first).to_contain_text("区块链")


@pytest.mark.parametrize("code", ["zh", "zh-Hant"])
@pytest.mark.parametrize("name", ["occupation", "terms", "error", "reader"])
def test_chinese_interface_has_no_english_in_the_body(name: str, code: str, page: Any) -> None:
    """Outside the English column (``lang=en``) and the source details, a Chinese page has no
    English word: notes, kinds, the 404 text, file names are translated or in the details.
    The reader's rows carry their ids as data, not text."""
    set_language(page, code)
    page.goto(PAGE_TYPES[name])
    english = page.evaluate("""() => {
        const main = document.querySelector('main').cloneNode(true);
        // File formats are names (TBX-Basic, .tmx); the term list's places are ids until it
        // shows them as citations (the term-list part of issue 23, another change).
        main.querySelectorAll('[lang=en], details.source-detail, .downloads, td.places, .places, .mismatches a')
            .forEach(e => e.remove());
        return (main.innerText.match(/[A-Za-z]{3,}/g) || []);
    }""")
    # Document numbers and acronyms a Chinese text uses as they are (TBX, CSV, R&D...) are not English prose.
    prose = [w for w in english if not w.isupper()]
    assert prose == [], f"{name} in {code}: {prose[:20]}"


# -- accessibility ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_axe_finds_no_serious_violation(name: str, page: Any, phone_page: Any) -> None:
    for shown in (page, phone_page):
        shown.goto(PAGE_TYPES[name])
        assert serious_violations(shown) == [], (name, shown.viewport_size)
    set_language(page, "zh-Hant")
    page.goto(PAGE_TYPES[name])
    assert serious_violations(page) == [], (name, "zh-Hant")


FOCUSABLE = "a[href], button:not([hidden]), input:not([type=hidden]), select, textarea, summary"


def test_skip_link_is_first_and_lands_on_the_content(page: Any) -> None:
    for name, url in PAGE_TYPES.items():
        page.goto(url)
        first = page.evaluate(f"(e => e.textContent + '|' + e.getAttribute('href'))(document.querySelector({FOCUSABLE!r}))")
        assert first == "Skip to content|#main", url
        if name in ("home", "search"):
            page.locator("a.skip-link").focus()  # the search box has the focus on arrival (autofocus)
        else:
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link", url
        skip = page.locator("a.skip-link")
        box = skip.bounding_box()
        assert box is not None and box["y"] >= 0 and box["height"] >= 24  # shown when focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"


def _contrast_js() -> str:
    return """(el, pseudo) => {
        const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
        const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                           return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
        const style = getComputedStyle(el);
        const bg = rgb(getComputedStyle(document.body).backgroundColor);
        return {outline: style.outlineStyle === 'none' ? 0 : ratio(rgb(style.outlineColor), bg),
                outlineWidth: parseFloat(style.outlineWidth),
                // A field's border against the field's own background (white) and the page's.
                border: Math.min(ratio(rgb(style.borderTopColor), rgb(style.backgroundColor)),
                                 ratio(rgb(style.borderTopColor), bg))};
    }"""


def test_focus_ring_and_input_borders_have_3_to_1_contrast(page: Any) -> None:
    page.goto("/check-eligibility")
    for selector in ("form.eligibility input[name=years]", "form.eligibility input[name=keywords]", "form.eligibility select"):
        field = page.locator(selector).first
        assert field.evaluate(_contrast_js())["border"] >= 3.0, selector
    page.goto("/?q=blockchain")
    box = page.get_by_role("searchbox")
    assert box.evaluate(_contrast_js())["border"] >= 3.0
    for target in (box, page.locator("header.site nav a").first, page.locator("form.search button")):
        target.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
        ring = target.evaluate(_contrast_js())
        assert ring["outline"] >= 3.0 and ring["outlineWidth"] >= 2, ring


# The term list's places are ids until it shows them as citations (the term-list part of issue 23).
@pytest.mark.parametrize("name", [n for n in PAGE_TYPES if n != "terms"])
def test_link_texts_say_where_they_go(name: str, page: Any) -> None:
    # Bare words, numbers and internal ids (bj-13, qianhai-list:zh:2) say nothing of where a link goes.
    vague = re.compile(r"^(here|more|click here|link|show more|\d+|[a-z]+-[a-z]?\d+|[\w-]+:[\w:.-]+)$", re.I)
    url = PAGE_TYPES[name]
    page.goto(url)
    names = page.locator("a[href]").evaluate_all(
        # innerText is empty for a link in a closed <details>; its name is still its text.
        "links => links.map(a => (a.getAttribute('aria-label') || a.innerText || a.textContent).trim())")
    bad = [n for n in names if vague.match(n) or not n]
    assert bad == [], (url, bad[:10])


def test_touch_targets_are_44px_on_a_phone(phone_page: Any) -> None:
    for name in ("search", "reader", "occupation", "self-check", "stats", "error"):
        phone_page.goto(PAGE_TYPES[name])
        small = phone_page.evaluate("""() => {
            const out = [];
            for (const el of document.querySelectorAll('a[href], button, input, select, summary')) {
                const r = el.getBoundingClientRect();
                if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
                // A link inside running text is exempt (WCAG 2.5.8): its line is the sentence.
                if (el.tagName === 'A' && el.closest('p, li.rendering, td, dd, q, .snippet, .hit-title, h1, h2, h3, h4')
                    && !el.closest('nav, .lang-switch, .facet, .pager, .more')) continue;
                if (el.classList.contains('skip-link') || el.closest('.visually-hidden')) continue;
                if (r.height < 44 || r.width < 44) out.push(el.tagName + '.' + el.className + ' "' + el.textContent.trim().slice(0, 20) + '" ' + Math.round(r.width) + 'x' + Math.round(r.height));
            }
            return out;
        }""")
        assert small == [], (name, small[:10])


# -- phones ---------------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["en", "zh", "zh-Hant"])
def test_phone_search_has_filters_behind_a_button(code: str, phone_page: Any, page: Any) -> None:
    set_language(phone_page, code)
    phone_page.goto("/?q=engineer")
    button = phone_page.locator("button.filters-toggle")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    facets = phone_page.locator("aside.facets")
    expect(facets).to_be_hidden()
    first_hit = phone_page.locator("ol.hits > li.hit").first
    assert button.bounding_box()["y"] < first_hit.bounding_box()["y"]  # the button is above the hits
    screenshot(phone_page, f"ui-search-phone-{code}", full_page=False)
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(facets).to_be_visible()
    assert facets.bounding_box()["y"] < first_hit.bounding_box()["y"]
    facets.locator('[data-facet=city] a[data-value=beijing]').click()
    expect(phone_page).to_have_url(re.compile(r"city=beijing"))
    assert sideways_overflow(phone_page) <= 0
    # On a wide screen the filters are a column beside the hits, no button.
    page.goto("/?q=engineer")
    expect(page.locator("button.filters-toggle")).to_be_hidden()
    expect(page.locator("aside.facets")).to_be_visible()


@pytest.mark.parametrize("url", ["/docs/beijing-notice", "/docs/qianhai-list", "/occupations/qh-s06", "/stats"])
def test_phone_tables_are_cards(url: str, phone_page: Any) -> None:
    phone_page.goto(url)
    assert sideways_overflow(phone_page) <= 0, url
    tables = phone_page.locator("table.cards")
    assert tables.count() >= 1, url
    cells = phone_page.evaluate("""() => {
        const out = {cells: 0, unlabelled: [], narrow: [], clipped: []};
        for (const td of document.querySelectorAll('table.cards tbody td')) {
            const r = td.getBoundingClientRect();
            if (!td.textContent.trim()) continue;
            out.cells++;
            // Every cell names its column; a column without a heading (a verdict ✓/✗) has none to show.
            if (td.dataset.label === undefined || (td.dataset.label && getComputedStyle(td, '::before').display !== 'block'))
                out.unlabelled.push(td.textContent.trim().slice(0, 20));
            // A value is at least a few characters wide, never one character per line.
            if (r.width < 120) out.narrow.push(td.textContent.trim().slice(0, 20) + ' ' + Math.round(r.width));
            if (r.right > window.innerWidth + 0.5 || td.scrollWidth > td.clientWidth + 1)
                out.clipped.push(td.textContent.trim().slice(0, 20));
        }
        return out;
    }""")
    assert cells["cells"] > 0 and cells["unlabelled"] == [] and cells["narrow"] == [] and cells["clipped"] == [], cells
    screenshot(phone_page, "ui-cards-" + url.strip("/").replace("/", "-"), full_page=False)
