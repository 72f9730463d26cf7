"""Fixtures for the browser tests: a live `kb serve`, headless Chromium, a page per test.

- ``live_server`` (session): base URL (``http://127.0.0.1:PORT``, no trailing slash) of
  ``kb serve --workers 2`` over the session's build of the real corpus (``built``).
- ``browser`` (session): Playwright's Chromium, headless, launched from /usr/bin/chromium;
  skips the test, with the reason, if that file is missing.
- ``page``: a fresh context and page per test, desktop viewport 1280×800, with
  ``base_url`` set to the live server, so ``page.goto("/api/stats")`` works. Override the
  ``browser_context_args`` fixture in a module to change the viewport or other context
  options; ``phone_page`` is the same at phone width (390×844, mobile, touch).
- ``tests/browser/helpers.py``: ``screenshot(page, name)`` and
  ``phone_screenshot(browser, url, name)`` write tests/screenshots/NAME.png.

Every test that uses one of these fixtures is marked ``browser`` (``-m "not browser"``
leaves them out).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from .helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, running_server

BROWSER_FIXTURES = {"live_server", "browser", "page", "phone_page"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # A day within the Beijing pilot's trial period, so pages do not depend on the clock
    # (the banner after it: test_validity.py).
    with running_server(built, tmp_path_factory.mktemp("serve-logs"), env_extra={"KB_AS_OF": "2024-06-01"}) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} "
                    f"(`apt-get install -y chromium`, which `make test` does as root)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="browser tests need the playwright package (pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_context_args(live_server: str) -> dict[str, Any]:
    """Options for ``browser.new_context`` behind ``page``; override to change them."""
    return {"viewport": DESKTOP, "base_url": live_server}


@pytest.fixture
def page(browser: Any, browser_context_args: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(**browser_context_args)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone_page(browser: Any, browser_context_args: dict[str, Any]) -> Iterator[Any]:
    # The server of the module's browser_context_args (the seeds' live_server unless a module
    # serves another build).
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  base_url=browser_context_args["base_url"])
    try:
        yield context.new_page()
    finally:
        context.close()
