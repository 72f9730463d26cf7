"""A city added as a spreadsheet, as a reader sees it: a live `kb serve` over the seeds' corpus
with the Hainan sheets of tests/test_sheets.py added (one build and one server for the module).
The occupation page of a Hainan record and the self-check listing Hainan's occupations;
screenshots go to tests/screenshots/sheet-*.png."""

from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

from kb.build import build

from ..test_sheets import hainan_corpus_at
from .helpers import DESKTOP, running_server, screenshot

expect = pytest.importorskip("playwright.sync_api",
                             reason="browser tests need the playwright package (pip install -e '.[test]')").expect


@pytest.fixture(scope="module")
def sheet_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    corpus = hainan_corpus_at(tmp_path_factory.mktemp("browser-sheets") / "corpus")
    data_dir = tmp_path_factory.mktemp("browser-sheets-data")
    build(corpus, data_dir)
    with running_server(data_dir, tmp_path_factory.mktemp("serve-sheets"), workers=1,
                        env_extra={"KB_AS_OF": "2024-06-01"}) as base_url:
        yield base_url


@pytest.fixture
def browser_context_args(sheet_server: str) -> dict[str, Any]:
    return {"viewport": DESKTOP, "base_url": sheet_server, "locale": "zh-CN"}


def test_the_new_citys_occupation_page(page: Any) -> None:
    page.goto("/occupations/hainan-urgent-03")
    expect(page.locator("h1")).to_contain_text("热带作物育种专家")
    expect(page.locator("main")).to_contain_text("Tropical crop breeding expert")
    # Cited by the sheet's own row, in the source details.
    page.locator("details.source-detail summary").click()
    expect(page.locator("details.source-detail .file").first).to_have_text("corpus/hainan.csv, 第 5 行")
    expect(page.get_by_role("textbox", name="引用 (中文)")).to_have_value(re.compile("表格第5行"))
    expect(page.locator(".crumbs")).to_contain_text("hainan-urgent")  # the list, labelled by its key
    screenshot(page, "sheet-occupation")


def test_the_self_check_lists_the_new_citys_occupations(page: Any) -> None:
    page.goto("/check-eligibility?degree=master&years=4&keywords=金融")
    item = page.locator(".elig-item[data-id='hainan-urgent-04']")
    expect(item).to_be_visible()
    expect(item.locator(".city")).to_have_text("海南")
    expect(item).to_contain_text("离岸金融产品经理")
    screenshot(page, "sheet-self-check")
