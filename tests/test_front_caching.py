"""Compression and validators through the live front (`kb serve`: nginx in front of gunicorn):
text answers come gzipped to a client that accepts gzip, every page and API answer has an
ETag of its build and content, a conditional request with it is 304, and a rebuild changes it."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path
from typing import Iterator

import pytest

from kb.build import build

from .browser.helpers import serving_process
from .conftest import CORPUS
from .test_front import _get

ETAG = re.compile(r'(W/)?"(\d{8}T\d{6}\.\d{6})-[0-9a-f]{24}"')


@pytest.fixture(scope="module")
def front(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A live `kb serve` over a copy of the session's build (the last test rebuilds it)."""
    data_dir = tmp_path_factory.mktemp("caching") / "data"
    shutil.copytree(built, data_dir, symlinks=True)
    with serving_process(data_dir, tmp_path_factory.mktemp("caching-logs")) as (base, _process):
        yield base, data_dir


@pytest.mark.parametrize("target, media", [
    ("/docs/beijing-notice", "text/html"),
    ("/api/docs/beijing-notice", "application/json"),
    ("/api/search?q=engineer", "application/json"),
    ("/terms/export.tmx", "application/x-tmx+xml"),
    ("/terms/export.tbx", "application/x-tbx+xml"),
])
def test_text_answers_are_gzipped_for_a_client_that_accepts_it(front: tuple[str, Path], target: str,
                                                                 media: str) -> None:
    server = front[0]
    status, headers, body = _get(server, target, "Accept-Encoding: gzip, deflate")
    assert status == 200 and headers["content-type"].startswith(media)
    assert headers.get("content-encoding") == "gzip" and "Accept-Encoding" in headers.get("vary", "")
    status, plain_headers, plain = _get(server, target)  # no Accept-Encoding: as it is
    assert status == 200 and "content-encoding" not in plain_headers
    assert gzip.decompress(body) == plain
    assert len(body) < len(plain) / 3


def test_a_page_has_an_etag_and_a_conditional_request_is_304(front: tuple[str, Path]) -> None:
    server = front[0]
    status, headers, body = _get(server, "/docs/beijing-notice")
    match = ETAG.fullmatch(headers["etag"])
    assert status == 200 and match and not match.group(1) and match.group(2) == headers["x-kb-build"]
    assert headers["cache-control"] == "no-cache"
    status, again, rest = _get(server, "/docs/beijing-notice", f"If-None-Match: {headers['etag']}")
    assert (status, rest) == (304, b"") and again["etag"] == headers["etag"]
    assert again["x-content-type-options"] == "nosniff"
    # Compressed, the front weakens the ETag; sent back, it still matches.
    status, zipped, _ = _get(server, "/docs/beijing-notice", "Accept-Encoding: gzip")
    assert zipped["etag"] == "W/" + headers["etag"]
    status, _, rest = _get(server, "/docs/beijing-notice", "Accept-Encoding: gzip", f"If-None-Match: {zipped['etag']}")
    assert (status, rest) == (304, b"")
    # Another page, or another answer, is not the same.
    _, other, _ = _get(server, "/docs/qianhai-list")
    assert other["etag"] != headers["etag"]
    status, _, rest = _get(server, "/docs/qianhai-list", f"If-None-Match: {headers['etag']}")
    assert status == 200 and rest


def test_the_etag_changes_after_a_rebuild(front: tuple[str, Path]) -> None:
    server, data_dir = front
    _, before, _ = _get(server, "/api/stats")
    build(CORPUS, data_dir)
    status, after, body = _get(server, "/api/stats", f"If-None-Match: {before['etag']}")
    assert status == 200 and body
    assert after["x-kb-build"] != before["x-kb-build"]
    assert after["etag"] != before["etag"] and ETAG.fullmatch(after["etag"]).group(2) == after["x-kb-build"]
    assert _get(server, "/api/stats", f"If-None-Match: {after['etag']}")[0] == 304

