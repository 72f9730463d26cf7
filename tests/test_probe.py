"""The outside probe of issue 10, replayed in compact form against the app: every route with
bad numbers, parameters named like url_for's own arguments, control characters in every
parameter it reads, Hosts the site does not answer to, and methods other than GET.

Whatever the input, the answer is never a 5xx: a 400 (or 405, 414) in the error shape
naming what is wrong, or the page as if the input were absent; and every answer carries the
security headers. (tests/test_front.py does the same for the limits and slow clients through
a live ``kb serve``.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from web import SECURITY_HEADERS, create_app

# Every route of the app, as an example request and the parameters it reads.
ROUTES: dict[str, tuple[str, tuple[str, ...]]] = {
    "/": ("/?q=blockchain", ("q", "kind", "limit", "city")),
    "/api/search": ("/api/search?q=blockchain", ("q", "kind", "limit", "city")),
    "/occupations/<path:item_id>": ("/occupations/qh-s06", ()),
    "/api/items/<path:item_id>": ("/api/items/qh-s06", ()),
    "/docs/": ("/docs/", ()),
    "/api/home": ("/api/home", ()),
    "/docs/<doc_id>": ("/docs/liu-migration?view=zh", ("view",)),
    "/api/docs/": ("/api/docs/", ()),
    "/api/docs/<doc_id>": ("/api/docs/liu-migration?view=zh", ("view",)),
    "/terms": ("/terms?q=%E5%8C%BA%E5%9D%97%E9%93%BE", ("q", "kind", "page", "lookup")),
    "/api/terms": ("/api/terms?q=%E5%8C%BA%E5%9D%97%E9%93%BE", ("q", "kind", "page", "lookup")),
    "/terms/export.tbx": ("/terms/export.tbx", ()),
    "/terms/export.csv": ("/terms/export.csv", ()),
    "/terms/export.xlsx": ("/terms/export.xlsx", ()),
    "/terms/export.tmx": ("/terms/export.tmx?official=1", ("official",)),
    "/check-eligibility": ("/check-eligibility?degree=master&years=3", ("degree", "years", "keywords")),
    "/api/check-eligibility": ("/api/check-eligibility?degree=master&years=3", ("degree", "years", "keywords")),
    "/stats": ("/stats", ()),
    "/api/stats": ("/api/stats", ()),
    "/lang/<code>": ("/lang/zh?next=/stats", ("next",)),
    "/api/openapi.json": ("/api/openapi.json", ()),
    "/static/<path:filename>": ("/static/style.css", ()),
}
NUMBERS = ("limit", "page", "years")
BAD_NUMBERS = ["²", "⑤", "٣", "１", "1_0", "1e1", "-1", "+1", " 1", "0x1", "nan", "inf", "1.", ".5", "9" * 40, "1\x00"]
RESERVED_NAMES = ["endpoint", "_method", "_scheme", "_external", "_anchor", "values"]
CONTROL = ["a\x00b", "\r\nSet-Cookie: probe=1", "/\n/evil.example", "\x7f", "\u2028", "\x1b[31m", "\ufeff"]
# The search takes any facet name as a filter, so it refuses a parameter it does not know.
REFUSES_UNKNOWN = {"/", "/api/search"}
BAD_HOSTS = ["..", "a..b", "a" * 64 + ".example", "evil.example", "localhost.evil.example", "127.0.0.1:0"]


@pytest.fixture(scope="module")
def client(built: Path):
    return create_app({"TESTING": True, "KB_DATA_DIR": str(built)}).test_client()


def with_param(example: str, name: str | None = None, value: str = "") -> tuple[str, list[tuple[str, str]]]:
    """The example's path and its parameters, with ``name`` set to ``value``."""
    from urllib.parse import parse_qsl

    path, _, query = example.partition("?")
    params = [(k, v) for k, v in parse_qsl(query) if k != name]
    return path, [*params, (name, value)] if name else params


def answer(client: Any, path: str, params: list[tuple[str, str]] | None = None, **kwargs: Any) -> Any:
    response = client.open(path, query_string=params, **kwargs)
    response.get_data()
    response.close()  # static files
    return response


def check(response: Any, path: str, expected: set[int]) -> str:
    """The answer's status is one of ``expected``, with the security headers, and a 4xx is
    in the error shape; returns the error message ('' for a success)."""
    assert response.status_code in expected, (path, response.status_code, response.get_data(as_text=True)[:300])
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, (path, name)
    for name, value in response.headers.items():
        assert "\n" not in value and "\r" not in value and "probe=1" not in value, (path, name)
    if response.status_code < 400:
        return ""
    if path.startswith("/api/"):
        body = response.get_json()
        assert body == {"ok": False, "error": body["error"], "status": response.status_code}, path
        return str(body["error"])
    html = response.get_data(as_text=True)
    assert response.mimetype == "text/html" and '<section class="error">' in html, path
    return html


def test_the_probe_covers_every_route(client) -> None:
    rules = {rule.rule for rule in client.application.url_map.iter_rules()}
    assert rules == set(ROUTES)


@pytest.mark.parametrize("rule", ROUTES)
def test_bad_numbers(client, rule: str) -> None:
    """A number that is not ASCII digits in range is a 400 naming the parameter where the
    route reads it; elsewhere it is an unknown parameter."""
    example, reads = ROUTES[rule]
    ok = answer(client, *with_param(example)).status_code
    for name in NUMBERS:
        for value in BAD_NUMBERS if name in reads else BAD_NUMBERS[:1]:
            response = answer(client, *with_param(example, name, value))
            message = check(response, example, {400} if name in reads or rule in REFUSES_UNKNOWN else {ok})
            if name in reads:
                assert f"{name} must be" in message, (example, name, value)


@pytest.mark.parametrize("rule", ROUTES)
def test_parameters_named_like_url_for_arguments(client, rule: str) -> None:
    """An unknown parameter is refused by the search and ignored elsewhere; no link carries it."""
    example, _ = ROUTES[rule]
    ok = answer(client, *with_param(example)).status_code
    for name in RESERVED_NAMES:
        response = answer(client, *with_param(example, name, "javascript"))
        message = check(response, example, {400} if rule in REFUSES_UNKNOWN else {ok})
        if response.status_code == 400:
            assert "unknown parameter" in message and name in message
        else:
            assert f"{name}=".encode() not in response.get_data()  # bytes: the .xlsx download is binary


@pytest.mark.parametrize("rule", ROUTES)
def test_control_characters_in_every_parameter(client, rule: str) -> None:
    """Control characters in any parameter the route reads, or in one it does not: a 200, a
    303 or a 400, never a header that carries them."""
    example, reads = ROUTES[rule]
    for name in (*reads, "other"):
        for value in CONTROL:
            response = answer(client, *with_param(example, name, value))
            check(response, example, {200, 303, 400})
            if response.status_code == 303:
                assert response.headers["Location"] in ("/", "/stats")


@pytest.mark.parametrize("rule", ROUTES)
def test_hosts_the_site_does_not_answer_to(client, rule: str) -> None:
    example, _ = ROUTES[rule]
    for host in BAD_HOSTS:
        response = answer(client, *with_param(example), headers={"Host": host})
        message = check(response, example, {400})
        assert "Host" in message and "Location" not in response.headers


@pytest.mark.parametrize("rule", ROUTES)
def test_methods_other_than_get_head_and_options(client, rule: str) -> None:
    example, _ = ROUTES[rule]
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        response = answer(client, *with_param(example), method=method, data=b"{}")
        check(response, example, {405})
        assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert answer(client, *with_param(example), method="HEAD").status_code in (200, 303)
    options = answer(client, *with_param(example), method="OPTIONS")
    assert options.status_code == 200 and set(options.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
