"""What ``kb serve`` shows the outside, through a live server (nginx in front of gunicorn):
slow clients do not hold up normal requests and are dropped after a bounded time; every
request the app's rules accept reaches it, and whatever the front refuses itself is a 4xx
in the error shape with the security headers."""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from web import SECURITY_HEADERS
from web.params import MAX_PARAMETER_CHARS, MAX_QUERY_BYTES

from .browser.helpers import running_server

SLOW_CLIENTS = 50
# How long the server gives a client to send its request line and headers, and a margin.
HEADER_TIMEOUT = 10
MARGIN = 3


@pytest.fixture(scope="module")
def server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(built, tmp_path_factory.mktemp("front-logs")) as base:
        yield base


def _timed_get(url: str) -> tuple[int, float]:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 (127.0.0.1 only)
        response.read()
        return response.status, time.monotonic() - started


def _closed_by_server(sock: socket.socket, deadline: float) -> bool:
    """Whether the server closes ``sock`` before ``deadline`` (anything it sends first is read)."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        sock.settimeout(left)
        try:
            if not sock.recv(65536):
                return True
        except (ConnectionResetError, BrokenPipeError):
            return True
        except TimeoutError:
            return False


def test_slow_clients_do_not_hold_up_normal_requests_and_are_dropped(server: str) -> None:
    """50 connections: a third send half a request line, a third half their headers and then
    a byte a second, a third nothing. Meanwhile a normal request is answered within 1 s, each
    time; and the server closes every slow connection once its header timeout has passed."""
    address = (urlsplit(server).hostname, urlsplit(server).port)
    slow: list[socket.socket] = []
    trickling: list[socket.socket] = []
    try:
        opened = time.monotonic()
        for i in range(SLOW_CLIENTS):
            sock = socket.create_connection(address, timeout=5)
            slow.append(sock)
            if i % 3 == 0:
                sock.sendall(b"GET /api/search?q=blockch")
            elif i % 3 == 1:
                sock.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                trickling.append(sock)
        for _ in range(4):
            for path in ("/api/search?q=blockchain", "/occupations/qh-s06"):
                status, seconds = _timed_get(server + path)
                assert status == 200 and seconds < 1.0, (path, seconds)
            for sock in trickling:
                sock.send(b"x")
            time.sleep(1)
        deadline = opened + HEADER_TIMEOUT + MARGIN
        still_open = [i for i, sock in enumerate(slow) if not _closed_by_server(sock, deadline)]
        assert still_open == [], f"{len(still_open)} slow connections still open after {HEADER_TIMEOUT + MARGIN} s"
    finally:
        for sock in slow:
            sock.close()


def _raw(server: str, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``request`` as bytes and read one answer: status, headers (lower-case names), body."""
    address = (urlsplit(server).hostname, urlsplit(server).port)
    with socket.create_connection(address, timeout=10) as sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock, method=request.split(b" ", 1)[0].decode())
        response.begin()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def _get(server: str, target: str, *headers: str) -> tuple[int, dict[str, str], bytes]:
    lines = [f"GET {target} HTTP/1.1", "Host: 127.0.0.1", *headers, "Connection: close", "", ""]
    return _raw(server, "\r\n".join(lines).encode("latin-1"))


def _assert_error_shape(status: int, headers: dict[str, str], body: bytes, expected: int) -> None:
    assert status == expected, (status, body[:200])
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name.lower()) == value, name
    if headers.get("content-type", "").startswith("application/json"):
        assert json.loads(body) == {"ok": False, "error": json.loads(body)["error"], "status": expected}
    else:
        assert b"Something is wrong" in body


def test_the_longest_parameters_the_app_accepts_reach_it(server: str) -> None:
    """2,000 characters of Chinese (18,000 bytes percent-encoded), and of four-byte characters
    (24,000 bytes), pass the front; the app answers."""
    for char in ("区", "𠀀"):
        query = urllib.parse.quote(char * MAX_PARAMETER_CHARS)
        status, headers, body = _get(server, f"/api/search?q={query}")
        assert status == 200 and json.loads(body)["query"], char
        status, headers, body = _get(server, f"/?q={query}")
        assert status == 200 and headers["x-kb-build"]


@pytest.mark.parametrize("target, expected", [
    ("/api/search?q=" + "x" * (MAX_PARAMETER_CHARS + 1), 400),           # the app: one parameter too long
    ("/api/search?q=x&" + "&".join(["city="] * (MAX_QUERY_BYTES // 6)), 414),  # the app: query string too long
    ("/?q=x&" + "&".join(["city="] * (MAX_QUERY_BYTES // 6)), 414),            # ... on a page: the HTML error page
    ("/api/search?q=" + "x" * 40_000, 414),                               # the front: request line over 32 KiB
])
def test_requests_over_the_limits_are_4xx_in_the_error_shape(server: str, target: str, expected: int) -> None:
    _assert_error_shape(*_get(server, target), expected)


@pytest.mark.parametrize("headers, expected", [
    (("X-Big: " + "y" * 40_000,), 431),                                  # one header over 32 KiB
    (tuple(f"X-Many-{i}: " + "y" * 30_000 for i in range(5)), 431),      # all of them over 128 KiB
    (("Host: ..",), 400),                                                # not a valid name: the front refuses it
    (("Host: a..b",), 400),
    (("Host: " + "a" * 64 + ".example",), 400),                          # a label over 63: the app refuses it
    (("Host: evil.example",), 400),                                      # not a trusted host
])
def test_bad_headers_and_hosts_are_4xx_in_the_error_shape(server: str, headers: tuple[str, ...],
                                                           expected: int) -> None:
    for target in ("/api/stats", "/docs/"):
        lines = [f"GET {target} HTTP/1.1", *(h for h in headers if h.startswith("Host:")),
                 *(h for h in headers if not h.startswith("Host:")), "Connection: close", "", ""]
        if not any(h.startswith("Host:") for h in headers):
            lines.insert(1, "Host: 127.0.0.1")
        status, answer_headers, body = _raw(server, "\r\n".join(lines).encode("latin-1"))
        _assert_error_shape(status, answer_headers, body, expected)
        assert "location" not in answer_headers


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE"])
def test_methods_other_than_get_head_and_options_are_405_in_the_error_shape(server: str, method: str) -> None:
    request = f"{method} /api/search?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n" \
              f"Connection: close\r\n\r\n{{}}"
    _assert_error_shape(*_raw(server, request.encode()), 405)


def test_a_body_over_64_kib_is_413_in_the_error_shape(server: str) -> None:
    body = b"x" * (65 * 1024)
    request = b"POST /api/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" \
        % len(body)
    _assert_error_shape(*_raw(server, request + body), 413)
