"""What `kb search` and `kb stats` print in a terminal, and filter values that match nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import wcwidth
from click.testing import CliRunner

from kb.cli import main
from web import create_app


def kb_cli(built: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(built), *args, "--as-of", "2026-12-01"]
                                if args[0] == "search" else ["--data-dir", str(built), *args])
    return result.exit_code, result.output


def test_search_prints_the_answer_card_above_the_hits(built: Path) -> None:
    code, out = kb_cli(built, "search", "What degree does a blockchain engineer need?", "--limit", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Understood: a question · asks min degree; searched for: blockchain engineer"
    start = lines.index("Answer (min degree): qh-s06")
    assert lines[start + 1:start + 5] == [
        "  zh: 硕士", "  en: Master's degree", "  《前海外籍人才紧缺职业清单》表2 第6行",
        "  List of High-Demand Occupations for Foreign Talents in Qianhai, Table 2, row 6"]
    per_list = lines[lines.index("  In each list:", start) + 1:]
    assert per_list[0] == "    Qianhai, strategy-oriented (前海·战略导向型), qh-s06: 硕士 / Master's degree"
    assert per_list[1].startswith("    Beijing, urgently needed (北京·急需紧缺岗位), bj-13: 学士及以上学位或相当学历 / ")
    assert per_list[1].endswith("[unofficial]  ! Trial period ended")
    total = next(i for i, line in enumerate(lines) if re.fullmatch(r"\d+ results, showing 3", line))
    assert start < total < lines.index("  1. [occupation] qh-s06  区块链工程师 / Blockchain engineer")


def test_search_prints_what_it_understood_and_filtered(built: Path) -> None:
    code, out = kb_cli(built, "search", "I have a master's degree, which jobs in Beijing?", "--limit", "2")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Understood: a question · asks min degree · city Beijing (北京)")
    assert "Filtered (occupations only): degree required no higher than Master's · the lists of Beijing" in lines
    code, out = kb_cli(built, "search", "區塊鏈", "--limit", "1")
    assert out.splitlines()[:2] == ["Converted from traditional Chinese: 区块链",
                                    "Also searched: blockchain (term base), block chain (term base)"]


def test_search_json_is_the_result_contract(built: Path) -> None:
    code, out = kb_cli(built, "search", "What degree does a blockchain engineer need?", "--json")
    payload = json.loads(out)
    assert code == 0 and payload["answer"]["id"] == "qh-s06" and payload["understood"]["asks"] == "min_degree"
    assert "Understood:" not in out


def test_stats_columns_align_by_display_width(built: Path) -> None:
    code, out = kb_cli(built, "stats")
    assert code == 0
    columns: dict[str, set[int]] = {}
    city = ""
    cjk_rows = 0
    for line in out.splitlines():
        if re.match(r"^\w+: \d+ occupations$", line):
            city = line.split(":")[0]
        m = re.match(r"^(    .*?) +(\d+)  \(\d+%\)$", line)
        if m:
            # The count's right edge, in terminal columns (a Chinese character is two).
            columns.setdefault(city, set()).add(wcwidth.width(line[:m.end(2)]))
            cjk_rows += bool(re.search(r"[\u4e00-\u9fff]", m.group(1)))
    assert set(columns) == {"beijing", "qianhai"} and cjk_rows > 10
    assert all(len(edges) == 1 for edges in columns.values()), columns


def test_a_filter_value_that_matches_nothing_says_so(built: Path) -> None:
    code, out = kb_cli(built, "search", "工程师", "--filter", "doc=nosuchdoc")
    assert code == 1
    assert out.strip() == ("Error: filter 'doc': no item has the value 'nosuchdoc'; doc is one of beijing-notice, "
                           "liu-migration, qianhai-list, shanghai-study, term-base")
    code, out = kb_cli(built, "search", "工程师", "--filter", "city=Beijing")
    assert code == 1 and "city is one of beijing, qianhai, shanghai" in out
    code, out = kb_cli(built, "search", "工程师", "--filter", "experience_years=4")
    assert code == 1 and "experience_years is one of 1, 2, 3, 5, 10" in out
    # A value the build has, or a status no document has today, is a search (0 results is an answer).
    assert kb_cli(built, "search", "工程师", "--filter", "city=beijing")[0] == 0
    code, out = kb_cli(built, "search", "工程师", "--filter", "status=repealed")
    assert code == 0 and "0 results" in out


def test_the_web_search_names_the_filter_that_matches_nothing(built: Path) -> None:
    client = create_app({"TESTING": True, "KB_DATA_DIR": str(built), "KB_AS_OF": "2024-06-01"}).test_client()
    response = client.get("/api/search?q=工程师&city=Beijing")
    assert response.status_code == 400
    assert response.get_json() == {"ok": False, "status": 400,
                                   "error": "filter 'city': no item has the value 'Beijing'; "
                                            "city is one of beijing, qianhai, shanghai"}
    page = client.get("/?q=工程师&doc=nosuchdoc")
    assert page.status_code == 400 and "no item has the value &#39;nosuchdoc&#39;" in page.get_data(as_text=True)
    assert client.get("/api/search?q=工程师&city=beijing").status_code == 200
