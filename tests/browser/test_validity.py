"""The validity banner as a reader sees it: a live `kb serve` with KB_AS_OF fixed after the
Beijing pilot's stated trial period (2023-01-01 – 2024-12-31), so the test never depends on
the clock. Screenshots go to tests/screenshots/validity-*.png."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from .helpers import DESKTOP, running_server, screenshot

expect = pytest.importorskip("playwright.sync_api",
                             reason="browser tests need the playwright package (pip install -e '.[test]')").expect

AS_OF = "2026-11-30"


@pytest.fixture(scope="module")
def ended_server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(built, tmp_path_factory.mktemp("serve-validity"), workers=1,
                        env_extra={"KB_AS_OF": AS_OF}) as base_url:
        yield base_url


@pytest.fixture
def browser_context_args(ended_server: str) -> dict[str, Any]:
    return {"viewport": DESKTOP, "base_url": ended_server}


def test_reader_banner_links_to_the_clause(page: Any) -> None:
    page.goto("/docs/beijing-notice")
    banner = page.locator(".validity-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Stated trial period 2023-01-01 – 2024-12-31 has ended; "
                                   "check with the issuer whether it was extended or replaced")
    expect(banner).to_contain_text("文件所述试行期 2023-01-01 – 2024-12-31 已届满")
    expect(banner).to_contain_text(f"as of {AS_OF}")
    screenshot(page, "validity-reader")
    banner.get_by_role("link", name="III").click()
    expect(page).to_have_url(re.compile(r"/docs/beijing-notice#p-3-p1$"))
    clause = page.locator("#p-3-p1")
    expect(clause).to_be_in_viewport()
    expect(clause).to_contain_text("试行 2 年")


def test_occupation_banner_in_both_interface_languages(page: Any, ended_server: str) -> None:
    page.goto("/occupations/bj-06")
    banner = page.locator(".validity-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Validity: Trial period ended")
    expect(banner).to_contain_text("has ended; check with the issuer")
    screenshot(page, "validity-occupation")
    page.context.add_cookies([{"name": "lang", "value": "zh", "url": ended_server}])
    page.goto("/occupations/bj-06")
    expect(page.locator(".validity-banner")).to_contain_text("试行期已届满")
    expect(page.locator(".validity-banner")).to_contain_text("请向发文机关核实是否已延期或被替代")
    page.goto("/occupations/qh-s06")
    expect(page.locator(".validity-banner")).to_have_count(0)


def test_search_shows_each_documents_notice_once_above_the_hits(page: Any, phone_page: Any) -> None:
    for shown in (page, phone_page):
        shown.goto("/?q=北京+人才")
        banner = shown.locator(".validity-banner")
        expect(banner).to_have_count(1)
        expect(banner).to_contain_text("Trial period ended")
        beijing_hits = shown.locator('ol.hits > li.hit:has(.hit-validity a[href="#validity-beijing-notice"])')
        assert beijing_hits.count() >= 5
        # No hit repeats the four lines; each says the status in one line, linking up to the notice.
        expect(shown.locator("ol.hits .validity-banner")).to_have_count(0)
        first, notice = beijing_hits.first.bounding_box(), banner.bounding_box()
        assert first and notice and notice["y"] + notice["height"] <= first["y"]
        beijing_hits.last.locator(".hit-validity a").click()
        expect(shown).to_have_url(re.compile(r"#validity-beijing-notice$"))
        expect(banner).to_be_in_viewport()
    screenshot(page, "validity-search-once")
