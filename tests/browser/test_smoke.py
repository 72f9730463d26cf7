"""Smoke test of the browser-test setup: Chromium talks to a live `kb serve`."""

from __future__ import annotations

from typing import Any

from .helpers import phone_screenshot, screenshot

FETCH_JSON = """async (url) => {
    const response = await fetch(url);
    return {status: response.status, type: response.headers.get("content-type"), body: await response.json()};
}"""


def test_stats_is_json_in_the_browser(page: Any, browser: Any, live_server: str) -> None:
    response = page.goto("/api/stats")
    assert response is not None and response.status == 200
    assert response.headers["content-type"].startswith("application/json")
    stats = response.json()
    assert set(stats["cities"]) == {"qianhai", "beijing"}
    assert stats["cities"]["qianhai"]["records"] == 50 and stats["cities"]["beijing"]["records"] == 25

    fetched = page.evaluate(FETCH_JSON, "/api/stats")
    assert fetched["status"] == 200 and fetched["type"].startswith("application/json")
    assert fetched["body"] == stats

    assert screenshot(page, "smoke-api-stats").stat().st_size > 0
    assert phone_screenshot(browser, f"{live_server}/api/stats", "smoke-api-stats-phone").stat().st_size > 0


def test_unknown_item_is_the_json_error_shape(page: Any) -> None:
    response = page.goto("/api/items/nope")
    assert response is not None and response.status == 404
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body == {"ok": False, "error": body["error"], "status": 404}
    assert isinstance(body["error"], str) and "nope" in body["error"]

    fetched = page.evaluate(FETCH_JSON, "/api/items/nope")
    assert fetched["status"] == 404 and fetched["body"] == body
