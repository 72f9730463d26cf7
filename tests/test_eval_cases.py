"""``kb eval`` on case files of the wrong shape (issue 19, item 9).

The probe's reproducers: ``[1,2,3]`` and ``{"cases": 5}`` were tracebacks, and ``/dev/zero``
was read without end. Each now is a clear error naming the file and the line and column, or
the case (its number and ``q``) and the field; nothing is searched until every case is
checked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.search.evaluate import MAX_CASE_FILE_BYTES

GOOD = {"q": "actuarial", "kind": "occupation", "expect_first": "qh-s02"}


def run(built: Path, path: Path | str):
    return CliRunner().invoke(main, ["--data-dir", str(built), "eval", str(path)])


def assert_clear_error(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert message in result.output, result.output
    assert 'a case file is {"cases": [' in result.output  # the hint
    assert "cases passed" not in result.output  # nothing was run


def cases_file(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "cases.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("content, message", [
    ("[1,2,3]", ': a case file is an object {"cases": [...]}, not a list'),
    ('{"cases": 5}', ': "cases" must be a list of cases, not the number 5'),
    ('{"about": "no cases"}', ': a case file is an object {"cases": [...]}, not an object without "cases"'),
    ('"cases"', ": a case file is an object {\"cases\": [...]}, not the string 'cases'"),
    ('{"cases": [1]}', ': case 1 (cases[0]): a case is an object with "q" and an expectation, not the number 1'),
    (json.dumps({"cases": [GOOD, {"kind": "occupation", "expect_first": "qh-s02"}]}),
     ': case 2 (cases[1]): "q" (the query) is missing'),
    (json.dumps({"cases": [GOOD, {"q": 7, "kind": None, "expect_first": "qh-s02"}]}),
     ': case 2 (cases[1]): "q" must be a string, not the number 7'),
    (json.dumps({"cases": [{**GOOD, "kind": "job"}]}),
     ": case 1 (cases[0], q 'actuarial'): \"kind\" must be one of occupation, section, passage, term or null, "
     "not the string 'job'"),
    (json.dumps({"cases": [{"q": "actuarial", "kind": None}]}),
     "q 'actuarial'): a case has exactly one of expect_all, expect_first, expect_text, expect_no_confident_match, not none"),
    (json.dumps({"cases": [{**GOOD, "expect_all": ["qh-s02"]}]}),
     "q 'actuarial'): a case has exactly one of expect_all, expect_first, expect_text, expect_no_confident_match, not expect_all and expect_first"),
    (json.dumps({"cases": [{"q": "actuarial", "kind": None, "expect_all": "qh-s02"}]}),
     "q 'actuarial'): \"expect_all\" must be a list of ids (strings), not the string 'qh-s02'"),
    (json.dumps({"cases": [{**GOOD, "expect_first": ["qh-s02"]}]}),
     "q 'actuarial'): \"expect_first\" must be a non-empty string, not a list"),
    (json.dumps({"cases": [{**GOOD, "expect_doc": "qianhai-list"}]}),
     "q 'actuarial'): \"expect_doc\" goes with \"expect_text\""),
    (json.dumps({"cases": [{**GOOD, "filters": {"town": "beijing"}}]}),
     "q 'actuarial'): \"filters\" names an unknown facet 'town'"),
    (json.dumps({"cases": [{**GOOD, "filters": ["city=beijing"]}]}),
     "q 'actuarial'): \"filters\" must be an object of facet names and values (strings), not a list"),
    (json.dumps({"cases": [{"q": "visa fees", "kind": None, "expect_no_confident_match": "yes"}]}),
     "q 'visa fees'): \"expect_no_confident_match\" must be true, not the string 'yes'"),
    (json.dumps({"cases": [{**GOOD, "depth": "5"}]}),
     "q 'actuarial'): \"depth\" must be a whole number from 1 to 100, not the string '5'"),
    (json.dumps({"cases": [{**GOOD, "depth": 0}]}), "\"depth\" must be a whole number from 1 to 100, not the number 0"),
    (json.dumps({"cases": [{**GOOD, "depth": True}]}), "\"depth\" must be a whole number from 1 to 100, not true"),
    (json.dumps({"cases": [{**GOOD, "depht": 1}]}), "q 'actuarial'): unknown field 'depht'; a case has q, kind"),
    ('{"cases": [\n  {"q": "a" "kind": null}\n]}', ":2:13: not valid JSON (Expecting ',' delimiter)"),
    ("", ":1:1: not valid JSON (Expecting value)"),
    (b'{"cases": [\n{"q": "\xff"}]}', ":2:8: not UTF-8 text"),
    ('{"cases": [{"q": "a", "depth": ' + "1" * 5000 + "}]}", ": not a case file (a number in it has thousands of digits)"),
    ("[" * 100_000 + "]" * 100_000, ": not a case file (JSON nested too deeply)"),
])
def test_a_case_file_of_the_wrong_shape_is_a_clear_error(built: Path, tmp_path: Path, content: str | bytes,
                                                         message: str) -> None:
    path = cases_file(tmp_path, content)
    assert_clear_error(run(built, path), f"Error: {path}{message}" if message.startswith(":") else message)


def test_the_size_read_is_capped(built: Path, tmp_path: Path) -> None:
    path = cases_file(tmp_path, json.dumps({"cases": [GOOD]}) + " " * MAX_CASE_FILE_BYTES)
    assert_clear_error(run(built, path), f"Error: {path}: larger than 4 MB; a case file is a few kilobytes of JSON")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused_not_read_forever(built: Path) -> None:
    assert_clear_error(run(built, "/dev/zero"), "Error: /dev/zero: larger than 4 MB")


def test_a_case_file_of_the_right_shape_runs(built: Path, tmp_path: Path) -> None:
    path = cases_file(tmp_path, json.dumps({"cases": [GOOD, {**GOOD, "depth": 1, "filters": {"city": "qianhai"}},
                                                      {"q": "区块链", "kind": None, "expect_all": ["qh-s06"]}]}))
    result = run(built, path)
    assert result.exit_code == 0, result.output
    assert "3 of 3 cases passed" in result.output
