"""The web pages as a user sees them: headless Chromium against a live `kb serve`.

Each test types, clicks and reads like a person would, and asserts mostly on what is on
the screen (visible text, layout, the URL, what ran); tests/test_web.py covers the markup
through Flask's test client. Screenshots go to tests/screenshots/page-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .helpers import screenshot

expect = pytest.importorskip("playwright.sync_api",
                             reason="browser tests need the playwright package (pip install -e '.[test]')").expect


# -- helpers ---------------------------------------------------------------------------------

def search_for(page: Any, query: str) -> None:
    """Type ``query`` into the search box of the home page and press Enter."""
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search")
    expect(box).to_be_focused()  # autofocus: the user can type straight away
    box.fill(query)
    with page.expect_navigation():
        box.press("Enter")
    expect(page.locator(".results .total")).to_be_visible()


def hit_ids(page: Any) -> list[str]:
    return page.locator("ol.hits > li.hit").evaluate_all("items => items.map(i => i.dataset.id)")


def side_by_side(left: Any, right: Any) -> bool:
    """True when ``right`` is laid out to the right of ``left``, starting on the same line."""
    a, b = left.bounding_box(), right.bounding_box()
    assert a is not None and b is not None
    return b["x"] >= a["x"] + a["width"] - 1 and abs(a["y"] - b["y"]) < 4


def no_horizontal_overflow(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


# -- 1. search in each language --------------------------------------------------------------

def test_english_search_shows_both_languages_with_highlights(page: Any) -> None:
    search_for(page, "blockchain")
    assert re.search(r"[?&]q=blockchain\b", page.url)
    # Qianhai's two blockchain occupations and Beijing's, whose English is curated.
    assert set(hit_ids(page)[:3]) == {"qh-s06", "qh-d09", "bj-13"}
    expect(page.locator(".note.expanded")).to_contain_text("Also searched:")
    expect(page.locator(".note.expanded")).to_contain_text("区块链")

    hit = page.locator('li.hit[data-id="qh-s06"]')
    zh, en = hit.locator(".cell-zh"), hit.locator(".cell-en")
    expect(zh.locator(".hit-title")).to_contain_text("区块链工程师")
    expect(en.locator(".hit-title")).to_contain_text(re.compile("blockchain engineer", re.I))
    assert side_by_side(zh, en), "the Chinese and English columns should sit side by side on a laptop"
    expect(zh.locator("mark").first).to_be_visible()
    expect(zh.locator("mark").first).to_have_text("区块链")
    expect(en.locator("mark").first).to_be_visible()
    expect(en.locator("mark").first).to_have_text(re.compile("^block", re.I))
    # The highlight is actually painted (not an unstyled <mark>).
    colour = zh.locator("mark").first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")


def test_simplified_chinese_search(page: Any) -> None:
    search_for(page, "区块链工程师")
    assert hit_ids(page)[:2] == ["qh-s06", "bj-13"]
    expect(page.locator(".note.converted")).to_have_count(0)
    first = page.locator("li.hit").first
    expect(first.locator(".cell-zh mark").first).to_be_visible()
    expect(first.locator(".cell-en .hit-title")).to_contain_text("Blockchain engineer")


def test_traditional_chinese_search_says_it_converted(page: Any) -> None:
    search_for(page, "區塊鏈工程師")
    note = page.locator(".note.converted")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Converted from traditional Chinese:")
    expect(note).to_contain_text("区块链工程师")
    assert hit_ids(page)[:2] == ["qh-s06", "bj-13"]
    expect(page.get_by_role("searchbox", name="Search")).to_have_value("區塊鏈工程師")  # what the user typed


def test_english_query_finds_a_chinese_only_position(page: Any) -> None:
    search_for(page, "chip design")
    assert hit_ids(page)[0] == "bj-06"
    hit = page.locator("li.hit").first
    expect(hit.locator(".cell-zh .hit-title")).to_have_text("芯片设计工程师")
    expect(hit.locator(".cell-en .badge.unofficial")).to_be_visible()
    expect(hit.locator(".cell-en .badge.unofficial")).to_have_text("this knowledge base's translation (unofficial)")
    expect(hit.locator(".cell-en .snippet mark").first).to_have_text(re.compile("^(chip|design)$", re.I))
    expect(hit.locator(".cell-en .missing")).to_have_count(0)
    # The title link leads to the occupation page.
    hit.locator(".cell-zh .hit-title a").click()
    expect(page).to_have_url(re.compile(r"/occupations/bj-06$"))


# -- 2. facets -------------------------------------------------------------------------------

def test_city_facet_filters_and_unfilters(page: Any) -> None:
    search_for(page, "engineer")
    all_ids = hit_ids(page)
    assert any(i.startswith("qh-") for i in all_ids)
    beijing = page.locator('.facets section[data-facet="city"] a[data-value="beijing"]')
    expect(beijing).to_have_text("Beijing")
    count = int(beijing.locator("xpath=../span[@class='count']").inner_text())

    beijing.click()
    expect(page).to_have_url(re.compile(r"[?&]city=beijing(&|$)"))
    ids = hit_ids(page)
    assert ids and all(i.startswith(("bj-", "beijing-notice:")) for i in ids), ids
    expect(page.locator(".results .total strong")).to_have_text(str(count))
    active = page.locator('.facets section[data-facet="city"] li.active')
    expect(active).to_have_count(1)
    expect(active).to_contain_text("Beijing")
    expect(page.locator(".facets a.clear")).to_be_visible()
    # A new search from here keeps the filter.
    expect(page.locator('form.search input[type=hidden][name=city]')).to_have_value("beijing")

    active.locator("a").click()
    expect(page).not_to_have_url(re.compile(r"city="))
    expect(page.locator(".facets li.active")).to_have_count(0)
    assert hit_ids(page) == all_ids


# -- 3. the interface language ---------------------------------------------------------------

def test_language_switch_persists_across_pages(page: Any) -> None:
    page.goto("/terms")
    nav = page.locator("header.site nav")
    expect(nav).to_contain_text("Search")
    page.locator(".lang-switch").get_by_role("link", name="简体中文").click()
    expect(page).to_have_url(re.compile(r"/terms$"))  # back where the user was
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    for word in ("搜索", "文件", "术语库", "资格自测", "统计"):
        expect(nav.get_by_role("link", name=word)).to_be_visible()
    expect(page.locator(".lang-switch a[aria-current=true]")).to_have_text("简")
    assert any(c["name"] == "lang" and c["value"] == "zh" for c in page.context.cookies())

    nav.get_by_role("link", name="统计").click()
    expect(page).to_have_url(re.compile(r"/stats$"))
    expect(page.locator("h1")).to_have_text("统计")
    nav.get_by_role("link", name="资格自测").click()
    expect(page.locator("h1")).to_have_text("资格自测")
    page.goto("/?q=blockchain")  # a fresh load, too: the cookie decides
    expect(page.locator(".results .total")).to_contain_text("条结果")

    page.locator(".lang-switch").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"q=blockchain"))
    expect(nav.get_by_role("link", name="Term base")).to_be_visible()
    page.goto("/stats")
    expect(page.locator("h1")).to_have_text("Figures")


# -- 4. occupation pages ---------------------------------------------------------------------

def test_occupation_page_is_a_bilingual_table_with_citation_and_related(page: Any) -> None:
    page.goto("/occupations/qh-s06")
    expect(page.locator("h1")).to_contain_text("区块链工程师")
    expect(page.locator("h1 .title-en")).to_have_text("Blockchain engineer")
    table = page.locator("table.bilingual")
    expect(table.locator("thead th")).to_have_text(["Field", "中文", "English"])
    competencies = table.locator('tr[data-field="competencies"]')
    expect(competencies.locator("th")).to_contain_text("能力素质要求")
    expect(competencies.locator("th")).to_contain_text("Competencies")
    zh_cell, en_cell = competencies.locator("td").nth(0), competencies.locator("td").nth(1)
    expect(zh_cell).not_to_be_empty()
    expect(en_cell).not_to_be_empty()
    assert side_by_side(zh_cell, en_cell)
    expect(table.locator('tr[data-field="degree"] td').first).to_contain_text("硕士")

    cite = page.get_by_label("Citation (Chinese)")
    expect(cite).to_have_value("《前海外籍人才紧缺职业清单》表2 第6行")  # the citation alone: no title, no id
    expect(page.get_by_label("Citation (English)")).to_have_value(re.compile(r"Table 2, row 6"))

    related = page.locator('.related .related-item[data-id="bj-13"]')
    expect(related).to_be_visible()
    expect(related.locator("h3")).to_contain_text("区块链研发工程师")
    expect(related.locator("h3")).to_contain_text("Beijing")
    compare = related.locator("table.compare")
    expect(compare.locator("caption")).to_have_text("Requirements compared")
    expect(compare.locator("thead th").nth(1)).to_have_text("区块链工程师")
    expect(compare.locator("thead th").nth(2)).to_have_text("区块链研发工程师")
    degree = compare.locator('tr[data-key="degree"]')
    expect(degree.locator(".verdict")).to_have_text(re.compile(r"^(same|differs)$"))
    assert compare.locator("tbody tr").count() >= 3

    related.locator("h3 a").click()
    expect(page).to_have_url(re.compile(r"/occupations/bj-13$"))
    title = page.locator("h1")
    expect(title.locator(".badge.unofficial")).to_have_text("this knowledge base's translation (unofficial)")
    expect(page.locator("table.bilingual .missing")).to_have_count(0)


# -- 5. the reader -----------------------------------------------------------------------------

def test_reader_aligns_chinese_and_english(page: Any) -> None:
    page.goto("/docs/qianhai-list")
    row = page.locator('section.row[id="s-appendix.3.d1"]')
    zh, en = row.locator(".row-head .cell-zh"), row.locator(".row-head .cell-en")
    expect(zh).to_contain_text("职业")
    expect(en).to_contain_text("Occupation")
    row.scroll_into_view_if_needed()
    assert side_by_side(zh, en)
    expect(page.locator("section.row:target")).to_have_count(0)
    row.locator(":scope > a.permalink").click()
    expect(page).to_have_url(re.compile(r"#s-appendix\.3\.d1$"))
    expect(page.locator("section.row:target")).to_have_id("s-appendix.3.d1")


def test_reader_permalink_opens_on_its_row(page: Any) -> None:
    page.goto("/docs/qianhai-list#s-appendix.3.d1")
    target = page.locator("section.row:target")
    expect(target).to_have_id("s-appendix.3.d1")
    expect(target).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0  # the browser scrolled down to it
    background = target.evaluate("r => getComputedStyle(r).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the targeted row should be highlighted"


def test_section_hit_links_straight_to_the_reader_row(page: Any) -> None:
    page.goto("/?q=x&kind=section")
    box = page.get_by_role("searchbox", name="Search")
    box.fill("定义")
    with page.expect_navigation():
        box.press("Enter")
    expect(page).to_have_url(re.compile(r"kind=section"))  # the filter rode along in the form
    first = page.locator("li.hit").first
    expect(first).to_have_class(re.compile(r"\bhit-section\b"))
    link = first.locator(".cell-zh .hit-title a")
    title = re.sub(r"^[\d.]+\s*", "", link.inner_text())  # the heading without its number
    href = link.get_attribute("href")
    assert href is not None and re.fullmatch(r"/docs/[\w-]+#s-[\w.]+", href), href
    link.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    target = page.locator("section.row:target")
    expect(target).to_have_id(href.split("#", 1)[1])
    expect(target).to_be_in_viewport()
    expect(target.locator(".row-head .cell-zh .heading")).to_contain_text(title)


def test_beijing_notice_reads_paragraph_by_paragraph_in_both_languages(page: Any) -> None:
    page.goto("/docs/beijing-notice")
    expect(page.get_by_text("No English version")).to_have_count(0)
    item = page.locator('.para[id="p-annex-1.2.8-p1"]')
    zh, en = item.locator(".cell-zh"), item.locator(".cell-en")
    expect(zh).to_contain_text("发表论文 3 篇")
    expect(en).to_contain_text("3 papers")
    # The row says once, in its head, that its English is this knowledge base's translation.
    expect(en.locator(".badge.unofficial")).to_have_count(0)
    expect(page.locator('[id="s-annex-1.2.8"] .row-head .cell-en .badge.unofficial')).to_have_text(
        "this knowledge base's translation (unofficial)")
    item.scroll_into_view_if_needed()
    assert side_by_side(zh, en)
    item.locator("a.permalink").click()
    expect(page).to_have_url(re.compile(r"#p-annex-1\.2\.8-p1$"))
    expect(page.locator(".para:target")).to_have_id("p-annex-1.2.8-p1")
    clause = page.locator('.para[id="p-3-p1"]')
    expect(clause.locator(".cell-en")).to_contain_text("1 January 2023")
    screenshot(page, "page-reader-beijing-annex-1")


def test_paper_reads_paragraph_by_paragraph_in_both_languages(page: Any) -> None:
    page.goto("/docs/liu-migration#p-s2-p3")
    target = page.locator(".para:target")
    expect(target).to_have_id("p-s2-p3")
    expect(target).to_be_in_viewport()
    zh, en = target.locator(".cell-zh"), target.locator(".cell-en")
    expect(zh).to_contain_text("积分评估")
    expect(en).to_contain_text("points-based assessment")
    assert side_by_side(zh, en)
    head = page.locator('section.row[id="s-s2"] .row-head .cell-en')
    expect(head.locator(".heading")).to_contain_text("skilled migration sub-system")
    screenshot(page, "page-reader-liu-s2")


def test_beijing_position_shows_english_competencies(page: Any) -> None:
    page.goto("/occupations/bj-06")
    expect(page.locator("h1 .title-en")).to_have_text("Chip design engineer")
    expect(page.locator(".curated-note")).to_contain_text("this knowledge base's translation")
    competencies = page.locator('table.bilingual tr[data-field="competencies"]')
    zh_cell, en_cell = competencies.locator("td").nth(0), competencies.locator("td").nth(1)
    expect(zh_cell.locator("li")).to_have_count(7)
    expect(en_cell.locator("li")).to_have_count(7)
    expect(en_cell).to_contain_text("Verilog")
    expect(en_cell.locator(".badge.unofficial")).to_have_text("this knowledge base's translation (unofficial)")
    assert side_by_side(zh_cell, en_cell)
    expect(page.locator('table.bilingual tr[data-field="degree"] td').nth(1)).to_contain_text("Bachelor's degree")
    expect(page.get_by_label("Citation (English)")).to_have_value(re.compile(r"Annex 2, No\. 6"))
    screenshot(page, "page-occupation-bj-06", full_page=True)


# -- 6. the self-check -------------------------------------------------------------------------

def fill_self_check(page: Any, degree: str, years: str, keywords: str) -> None:
    page.goto("/check-eligibility")
    page.get_by_label("Highest degree").select_option(degree)
    page.get_by_label("Years of experience").fill(years)
    page.get_by_label("Field keywords (optional)").fill(keywords)
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()


def test_self_check_near_miss_then_qualified(page: Any) -> None:
    page.goto("/check-eligibility")
    expect(page.locator("section.qualified")).to_have_count(0)  # nothing before the form is sent

    fill_self_check(page, "bachelor", "5", "区块链")
    near = page.locator('section.near-misses li.elig-item[data-id="qh-s06"]')
    expect(near).to_be_visible()
    expect(page.locator('section.qualified li.elig-item[data-id="qh-s06"]')).to_have_count(0)
    degree = near.locator('li[data-key="degree"]')
    expect(degree).to_have_class("unmet")
    expect(degree).to_contain_text("not met")
    expect(degree).to_contain_text("硕士")
    expect(near.locator('li[data-key="experience"]')).to_have_class("met")
    marker = degree.evaluate("li => getComputedStyle(li, '::before').content")
    assert "✗" in marker
    # The form remembers what was entered.
    expect(page.get_by_label("Highest degree")).to_have_value("bachelor")
    expect(page.get_by_label("Years of experience")).to_have_value("5")

    fill_self_check(page, "master", "5", "区块链")
    qualified = page.locator('section.qualified li.elig-item[data-id="qh-s06"]')
    expect(qualified).to_be_visible()
    expect(qualified.locator("li.unmet")).to_have_count(0)
    expect(page.locator('section.near-misses li.elig-item[data-id="qh-s06"]')).to_have_count(0)
    expect(page.locator("section.qualified h2")).to_contain_text("Occupations you qualify for")


# -- 7. term base downloads --------------------------------------------------------------------

def test_term_base_downloads(page: Any) -> None:
    page.goto("/terms")
    downloads = page.locator("p.downloads")
    with page.expect_download() as info:
        downloads.get_by_role("link", name="TBX-Basic (.tbx)").click()
    tbx = info.value
    assert tbx.failure() is None
    assert tbx.suggested_filename == "policy-kb-terms.tbx"
    text = Path(tbx.path()).read_text(encoding="utf-8").lstrip("\ufeff")
    assert text.startswith("<?xml") and "<martif" in text and "区块链" in text

    with page.expect_download() as info:
        downloads.get_by_role("link", name="CSV").click()
    csv = info.value
    assert csv.suggested_filename == "policy-kb-terms.csv"
    content = Path(csv.path()).read_text(encoding="utf-8-sig")
    assert "区块链" in content and "blockchain" in content

    with page.expect_download() as info:
        downloads.get_by_role("link", name="Translation memory (.tmx)").click()
    tmx = info.value
    assert tmx.suggested_filename == "policy-kb-memory.tmx"
    memory = Path(tmx.path()).read_text(encoding="utf-8")
    assert '<tmx version="1.4">' in memory and 'srclang="zh-CN"' in memory and ">unofficial</prop>" in memory
    with page.expect_download() as info:
        downloads.get_by_role("link", name="official segments only").click()
    assert info.value.suggested_filename == "policy-kb-memory-official.tmx"
    expect(page).to_have_url(re.compile(r"/terms$"))  # the page itself stayed put


# -- 8. hostile input --------------------------------------------------------------------------

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


@pytest.fixture
def watched(page: Any) -> dict[str, list[str]]:
    """Console errors, page errors and requests for the payload's image, as they happen."""
    seen: dict[str, list[str]] = {"console": [], "errors": [], "requests": []}
    page.on("console", lambda m: seen["console"].append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))
    return seen


def assert_nothing_ran(page: Any, seen: dict[str, list[str]]) -> None:
    assert page.evaluate("window.__xss") is None
    # Not even an attempt the CSP had to stop: the markup never became elements.
    assert page.locator("main img, main script").count() == 0
    assert not [m for m in seen["console"] if "Content Security Policy" in m], seen["console"]
    assert not seen["errors"], seen["errors"]
    assert not [u for u in seen["requests"] if re.search(r"/x(\?|$)", u)], seen["requests"]


def test_script_in_the_query_is_shown_not_run(page: Any, watched: dict[str, list[str]]) -> None:
    search_for(page, PAYLOAD)
    assert_nothing_ran(page, watched)
    expect(page.get_by_role("searchbox", name="Search")).to_have_value(PAYLOAD)
    assert PAYLOAD in page.title()

    # The term base echoes the query in a heading: as text.
    page.goto("/terms")
    box = page.get_by_role("searchbox", name="Look up")
    box.fill(PAYLOAD)
    with page.expect_navigation():
        box.press("Enter")
    expect(page.locator("section.term-pairs h2")).to_contain_text(PAYLOAD)
    assert_nothing_ran(page, watched)


def test_script_in_a_filter_value_is_not_run(page: Any, watched: dict[str, list[str]]) -> None:
    hostile = '<img src=x onerror="window.__xss=3"><script>window.__xss=4</script>'
    # No city has that value: the page refuses it (400), quoting it as text, never as markup.
    response = page.goto("/?q=x&city=" + hostile)
    assert response is not None and response.status == 400
    expect(page.locator(".error .message")).to_contain_text(f"filter 'city': no item has the value '{hostile}'")
    assert_nothing_ran(page, watched)
    page.goto("/?q=" + hostile)
    expect(page.locator("form.search input[name=q]")).to_have_value(hostile)
    assert_nothing_ran(page, watched)
    page.goto("/check-eligibility?degree=master&years=5&keywords=" + hostile)
    expect(page.get_by_label("Field keywords (optional)")).to_have_value(hostile)
    assert_nothing_ran(page, watched)


# -- 9. screenshots and layout at laptop and phone widths --------------------------------------

# The reader is tens of thousands of pixels long: its picture is the screen at a permalink.
PAGES = {
    "search": "/?q=blockchain",
    "occupation": "/occupations/qh-s06",
    "reader": "/docs/qianhai-list#s-appendix.3.d1",
    "terms": "/terms?q=区块链",
    "self-check": "/check-eligibility?degree=bachelor&years=5&keywords=区块链",
    "stats": "/stats",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_screenshots_without_sideways_scrolling(name: str, page: Any, phone_page: Any) -> None:
    url = PAGES[name]
    for shown, suffix in ((page, ""), (phone_page, "-phone")):
        response = shown.goto(url)
        assert response is not None and response.status == 200
        assert screenshot(shown, f"page-{name}{suffix}", full_page=name != "reader").stat().st_size > 0
        no_horizontal_overflow(shown)
        # Nothing in the header hangs off either edge of the screen.
        width = shown.viewport_size["width"]
        for box in shown.locator("header.site a").evaluate_all(
                "links => links.map(a => a.getBoundingClientRect().toJSON())"):
            assert box["left"] >= 0 and box["right"] <= width, (name, suffix, box)


CHART_PROBLEMS = """() => {
    const out = [], charts = document.querySelectorAll('figure.chart');
    for (const chart of charts) {
        const svg = chart.querySelector('svg.bars'), frame = svg.getBoundingClientRect();
        const name = chart.querySelector('figcaption').textContent;
        if (frame.width < 250) out.push(name + ': only ' + frame.width + 'px wide');
        // The font size the reader actually gets: the CSS size times the SVG's scale on screen.
        const label0 = svg.querySelector('.bar-label');
        const px = parseFloat(getComputedStyle(label0).fontSize) * svg.getScreenCTM().a;
        if (px < 10) out.push(name + ': text is ' + px.toFixed(1) + 'px on screen');
        const rows = chart.querySelectorAll('table.chart-table tbody tr');
        const groups = svg.querySelectorAll('g');
        if (rows.length !== groups.length) out.push(name + ': ' + groups.length + ' bars, ' + rows.length + ' rows');
        groups.forEach((g, i) => {
            const label = g.querySelector('.bar-label'), text = label.textContent;
            const l = label.getBoundingClientRect(), bar = g.querySelector('.bar').getBoundingClientRect();
            const count = g.querySelector('.bar-count').getBoundingClientRect();
            if (l.right > bar.left + 0.5) out.push(name + ': label runs into its bar: ' + text);
            if (count.right > frame.right + 0.5) out.push(name + ': count outside the chart: ' + text);
            // The full label is in the tooltip and in the table under the chart.
            const full = rows[i] && rows[i].querySelector('td').textContent;
            if (!g.querySelector('title').textContent.startsWith(full + ':')) out.push(name + ': tooltip of ' + full);
            if (!full.startsWith(text.replace(/…$/, ''))) out.push(name + ': label ' + text + ' is not ' + full);
        });
    }
    return {charts: charts.length, problems: out};
}"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stats_charts_are_readable(lang: str, page: Any, phone_page: Any) -> None:
    for shown in (page, phone_page):
        shown.goto(f"/lang/{lang}?next=/stats")
        expect(shown.locator("h1")).to_have_text("Figures" if lang == "en" else "统计")
        expect(shown.locator("svg.bars").first).to_be_visible()
        found = shown.evaluate(CHART_PROBLEMS)
        assert found["charts"] >= 8 and not found["problems"], found
