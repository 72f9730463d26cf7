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
