"""Numbers read from ids, paths, parameters and options: one bounded parser (issue 19, item 1).

The probe's reproducer: ``/api/items/a.p`` followed by 4,301 digits was a 500 (and ``kb show``
a traceback), because the paragraph number of a dotted unit id went to ``int()``, which
refuses more than 4,300 digits. An id with an absurd number is an unknown id; a message
that repeats what was sent cuts it short.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.search import QueryError
from kb.services.eligibility import parse_years
from kb.userinput import MAX_NUMBER_CHARS, MAX_QUOTED_CHARS, parse_number, quoted
from web import SECURITY_HEADERS, create_app

HUGE = "1" * 4301
HUGE_ID = "a.p" + HUGE


@pytest.fixture(scope="module")
def client(built: Path):
    return create_app({"TESTING": True, "KB_DATA_DIR": str(built)}).test_client()


def cli(built: Path, *args: str):
    return CliRunner().invoke(main, ["--data-dir", str(built), *args])


def assert_headers(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, name


@pytest.mark.parametrize("path", [f"/api/items/{HUGE_ID}", f"/api/items/liu-migration:zh:s2.p{HUGE}",
                                  "/api/items/liu-migration:zh:s2.p٣", "/api/items/liu-migration:zh:s2.p1_0"])
def test_an_id_with_an_absurd_number_is_an_unknown_id(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert_headers(response)
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 404
    assert body["error"].startswith("no record, section or paragraph unit has the id ")
    assert len(body["error"]) < 200  # the id is cut short, not echoed whole


def test_the_occupation_page_of_such_an_id_is_a_404_page(client) -> None:
    response = client.get(f"/occupations/{HUGE_ID}")
    assert response.status_code == 404
    assert_headers(response)
    page = response.get_data(as_text=True)
    message = re.search(r'<p class="message">(.*?)</p>', page, re.S).group(1)
    assert message.startswith("no record, section or paragraph unit has the id ")
    assert message.endswith("(4,304 characters)") and len(message) < 200


def test_a_dotted_unit_id_with_a_real_number_still_names_its_unit(client) -> None:
    response = client.get("/api/items/liu-migration:zh:s2.p3")
    assert response.status_code == 200
    assert response.get_json()["id"] == "liu-migration:zh:s2:p3"


def test_a_long_document_id_is_cut_short_in_the_message(client) -> None:
    response = client.get("/api/docs/" + "x" * 3000)
    assert response.status_code == 404
    assert_headers(response)
    assert "'" + "x" * MAX_QUOTED_CHARS + "'… (3,000 characters)" in response.get_json()["error"]


def test_kb_show_says_no_record_has_the_id_without_a_traceback(built: Path) -> None:
    result = cli(built, "show", HUGE_ID)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a ClickException, not a traceback
    assert "Error: no record, section or paragraph unit has the id 'a.p111" in result.output
    assert "(4,304 characters)" in result.output and HUGE[:200] not in result.output


@pytest.mark.parametrize("value", [HUGE, "٣", "1_0", " 5", "0", "101"])
def test_kb_search_limit_is_read_by_the_same_parser(built: Path, value: str) -> None:
    result = cli(built, "search", "blockchain", "--limit", value)
    assert result.exit_code == 2  # click's usage error
    assert f"Invalid value for '--limit': {quoted(value)} is not a whole number from 1 to 100" in result.output
    assert HUGE[:200] not in result.output


def test_the_limit_within_range_is_accepted(built: Path) -> None:
    result = cli(built, "search", "blockchain", "--limit", "100", "--json")
    assert result.exit_code == 0, result.output


def test_the_web_parameters_quote_a_long_value_short(client) -> None:
    value = "9" * 1500
    response = client.get("/api/search", query_string={"q": "blockchain", "limit": value})
    assert response.status_code == 400
    assert_headers(response)
    error = response.get_json()["error"]
    assert error.startswith("limit must be a whole number from 1 to 100, not '999")
    assert "(1,500 characters)" in error and len(error) < 200


@pytest.mark.parametrize("text, expected", [
    ("0", 0), ("100", 100), ("007", 7), ("0" * (MAX_NUMBER_CHARS - 1) + "5", 5),
    ("0" * MAX_NUMBER_CHARS + "5", None),  # one character over the cap, though its value is in range
    ("101", None), ("-1", None), ("+1", None), ("1e1", None), ("1_0", None), ("٣", None), ("²", None),
    ("", None), (" 1", None), (HUGE, None),
])
def test_parse_number_whole(text: str, expected: int | None) -> None:
    assert parse_number(text, low=0, high=100) == expected


@pytest.mark.parametrize("text, expected", [("2.5", 2.5), ("80", 80.0), ("80.1", None), ("1.", None),
                                            (".5", None), ("nan", None), ("inf", None), ("1" * 4301 + ".5", None)])
def test_parse_number_fraction(text: str, expected: float | None) -> None:
    assert parse_number(text, low=0, high=80, fraction=True) == expected


@pytest.mark.parametrize("value", ["٣", "1_0", "1e1", HUGE])
def test_the_library_reads_years_with_the_same_parser(value: str) -> None:
    with pytest.raises(QueryError, match="years must be a number from 0 to 80, not '") as caught:
        parse_years(value)
    assert len(str(caught.value)) < 200
    assert parse_years(" 2.5 ") == 2.5
