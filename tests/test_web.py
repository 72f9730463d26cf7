"""The JSON API over a built knowledge base (Flask test client)."""

from __future__ import annotations

from pathlib import Path

import pytest

from web import create_app


@pytest.fixture
def client(built: Path):
    return create_app({"TESTING": True, "KB_DATA_DIR": str(built)}).test_client()


def test_record_and_section_items(client) -> None:
    record = client.get("/api/items/bj-13").get_json()
    assert record["title"] == {"zh": "区块链研发工程师", "en": "Blockchain R&D engineer"}
    assert record["unofficial"] == ["title.en", "industry.en"]
    section = client.get("/api/items/qianhai-list:zh:appendix.3.d1").get_json()
    assert section["zh"]["heading"] == "职业" and section["en"]["heading"] == "Occupation"


def test_stats(client) -> None:
    stats = client.get("/api/stats").get_json()
    assert stats["cities"]["qianhai"]["experience"] == {"1": 2, "3": 20, "5": 28}


def test_errors_share_one_shape(client, tmp_path: Path) -> None:
    response = client.get("/api/items/nope")
    assert response.status_code == 404
    assert response.get_json() == {"ok": False, "status": 404,
                                   "error": "no record or section has the id 'nope'"}
    assert client.get("/api/unknown").get_json()["status"] == 404
    empty = create_app({"TESTING": True, "KB_DATA_DIR": str(tmp_path)}).test_client()
    response = empty.get("/api/stats")
    assert response.status_code == 503 and "run `kb build` first" in response.get_json()["error"]
