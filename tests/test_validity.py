"""Validity: dates read from each document's own words, its status on a fixed as-of day, and
where it shows (reader, occupation pages, self-check, search facet and filter, kb check/show/export)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from kb.build import parse_corpus
from kb.cli import main
from kb.errors import CorpusError
from kb.reading.validity import read_validity, status_of
from kb.services import check_eligibility
from kb.services.validity import AsOfError, parse_as_of, validity_as_of
from kb.store import KnowledgeBase
from web import create_app

FIXTURES = Path(__file__).resolve().parent / "data" / "validity"
BEFORE, DURING, AFTER = "2022-12-31", "2024-06-01", "2026-11-30"


def unit(text: str, n: int = 1) -> SimpleNamespace:
    return SimpleNamespace(id=f"d:zh:{n}:p1", section=f"d:zh:{n}", doc="d", lang="zh", order=n, text=text,
                           citation={"zh": f"《T》{n}", "en": f"T, {n}"})


def read(*texts: str, kind: str = "policy-notice", date_: str | None = None, **extra: object) -> dict:
    return read_validity({"kind": kind, "date": date_, "title": {"zh": "T", "en": "T"}, **extra},
                         [unit(t, i) for i, t in enumerate(texts, 1)])


def client(built: Path, as_of: str | None):  # type: ignore[no-untyped-def]
    return create_app({"TESTING": True, "KB_DATA_DIR": str(built), "KB_AS_OF": as_of}).test_client()


def cli(built: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(built), *args])
    return result.exit_code, result.output


# The rules, on words.

def test_rules_read_dates_from_the_words() -> None:
    v = read("三、试点工作自 2023 年 1 月 1 日起实施，试行 2 年。", "2022 年 12 月 30 日")
    assert (v["issued"], v["effective_from"], v["effective_until"], v["trial"]) == (
        "2022-12-30", "2023-01-01", "2024-12-31", True)
    assert v["sources"]["effective_until"]["words"] == "试行 2 年"
    assert v["sources"]["effective_until"]["citation"] == {"zh": "1", "en": "1"}
    assert v["sources"]["effective_until"]["sentence"] == "三、试点工作自 2023 年 1 月 1 日起实施，试行 2 年。"
    v = read("本办法自2021年7月1日起施行，有效期5年。")
    assert (v["effective_from"], v["effective_until"], v["trial"]) == ("2021-07-01", "2026-06-30", False)
    v = read("本通知有效期至 2025 年 12 月 31 日。")
    assert (v["effective_from"], v["effective_until"]) == (None, "2025-12-31")
    v = read("本通知自发布之日起施行。", date_="2026-12-15")
    assert (v["issued"], v["effective_from"]) == ("2026-12-15", "2026-12-15")
    assert v["sources"]["issued"] == {"from": "manifest", "words": "2026-12-15"}
    v = read("试行期三年。", "自 2020 年 2 月 29 日起执行")
    assert v["effective_until"] == "2023-02-27" and v["trial"]
    assert read("No dates here.")["effective_from"] is None
    paper = read("自 2023 年 1 月 1 日起实施", kind="research-paper")
    assert not paper["rule"] and paper["effective_from"] is None


def test_status_before_during_and_after_a_period() -> None:
    trial = read("自 2023 年 1 月 1 日起实施，试行 2 年。")
    until = read("自 2024 年 3 月 1 日起施行，有效期至 2025 年 12 月 31 日。")
    open_ended = read("本通知自发布之日起施行。", date_="2026-12-15")
    expected = {
        "2022-12-31": ("not-yet-in-force", "not-yet-in-force", "not-yet-in-force"),
        "2023-01-01": ("trial", "not-yet-in-force", "not-yet-in-force"),
        "2024-12-31": ("trial", "in-force", "not-yet-in-force"),
        "2025-01-01": ("trial-ended", "in-force", "not-yet-in-force"),
        "2026-01-01": ("trial-ended", "expired", "not-yet-in-force"),
        "2026-12-15": ("trial-ended", "expired", "in-force"),
    }
    for day, statuses in expected.items():
        got = tuple(status_of(v, date.fromisoformat(day)) for v in (trial, until, open_ended))
        assert got == statuses, day
    assert status_of(read("nothing"), date(2026, 1, 1)) == "no-period"
    assert status_of(read("x", kind="research-paper"), date(2026, 1, 1)) == "no-period"


def test_as_of_is_a_date() -> None:
    assert parse_as_of("2024-06-01") == date(2024, 6, 1)
    assert parse_as_of(None) == date.today() and parse_as_of("") == date.today()
    for bad in ("2024-6-1", "tomorrow", "2024-02-30", "20240601"):
        with pytest.raises(AsOfError, match="YYYY-MM-DD"):
            parse_as_of(bad, "KB_AS_OF")


# The fixture notices: a new notice gets its status without code.

def test_fixture_notices_get_their_status_from_their_words() -> None:
    data = parse_corpus(FIXTURES, with_terms=False)
    docs = {d["id"]: d for d in data.documents}
    until, on_issue = docs["notice-until"]["validity"], docs["notice-on-issue"]["validity"]
    assert (until["issued"], until["effective_from"], until["effective_until"]) == (
        "2024-02-20", "2024-03-01", "2025-12-31")
    assert until["sources"]["effective_until"]["unit"] == "notice-until:zh:2:p1"
    assert until["sources"]["issued"]["unit"] == "notice-until:zh:closing:p3"
    assert (on_issue["issued"], on_issue["effective_from"], on_issue["effective_until"]) == (
        "2026-12-15", "2026-12-15", None)
    assert on_issue["sources"]["effective_from"]["words"] == "自发布之日起施行"
    assert [validity_as_of(docs["notice-until"], date.fromisoformat(d))["status"]
            for d in ("2024-01-01", "2025-06-01", "2026-01-01")] == ["not-yet-in-force", "in-force", "expired"]
    ended = validity_as_of(docs["notice-until"], date(2026, 1, 1))
    assert ended["ended"] and ended["message"]["en"].startswith("Stated period of validity 2024-03-01 – 2025-12-31")
    assert [validity_as_of(docs["notice-on-issue"], date.fromisoformat(d))["status"]
            for d in ("2026-12-14", "2026-12-15")] == ["not-yet-in-force", "in-force"]


def test_manifest_override_needs_a_reason(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    manifest = corpus / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    override = ('\n  [document.validity]\n  effective_until = "2027-12-31"\n'
                '  reason = "Extended by notice 某人社发〔2025〕9号"\n')
    manifest.write_text(text.replace('date = "2024-02-20"\n', 'date = "2024-02-20"\n' + override), encoding="utf-8")
    docs = {d["id"]: d for d in parse_corpus(corpus, with_terms=False).documents}
    v = docs["notice-until"]["validity"]
    assert v["effective_until"] == "2027-12-31" and v["effective_from"] == "2024-03-01"
    assert v["sources"]["effective_until"] == {"from": "manifest", "words": "2027-12-31",
                                               "reason": "Extended by notice 某人社发〔2025〕9号"}
    assert v["override"] == {"reason": "Extended by notice 某人社发〔2025〕9号"}
    assert validity_as_of(docs["notice-until"], date(2026, 6, 1))["status"] == "in-force"
    manifest.write_text(text.replace('date = "2024-02-20"\n', 'date = "2024-02-20"\n  [document.validity]\n'
                                     '  effective_until = "2027-12-31"\n'), encoding="utf-8")
    with pytest.raises(CorpusError, match="needs a reason"):
        parse_corpus(corpus, with_terms=False)
    manifest.write_text(text.replace('date = "2024-02-20"\n', 'date = "2024-02-20"\n  [document.validity]\n'
                                     '  effective_until = "31/12/2027"\n  reason = "x"\n'), encoding="utf-8")
    with pytest.raises(CorpusError, match="YYYY-MM-DD"):
        parse_corpus(corpus, with_terms=False)


# The real corpus.

def test_corpus_documents_carry_their_validity(kb: KnowledgeBase) -> None:
    beijing = kb.documents["beijing-notice"]["validity"]
    assert (beijing["issued"], beijing["effective_from"], beijing["effective_until"], beijing["trial"]) == (
        "2022-12-30", "2023-01-01", "2024-12-31", True)
    assert beijing["sources"]["effective_until"]["unit"] == "beijing-notice:zh:3:p1"
    assert beijing["sources"]["effective_until"]["section"] == "beijing-notice:zh:3"
    assert beijing["sources"]["effective_until"]["citation"] == {"zh": "三", "en": "III"}
    assert [validity_as_of(kb.documents["beijing-notice"], date.fromisoformat(d))["status"]
            for d in (BEFORE, DURING, AFTER)] == ["not-yet-in-force", "trial", "trial-ended"]
    for doc in ("qianhai-list", "shanghai-study", "liu-migration"):
        assert validity_as_of(kb.documents[doc], date(2026, 11, 30))["status"] == "no-period"
    assert validity_as_of(kb.documents["liu-migration"], date(2026, 11, 30))["label"]["en"] == \
        "Published research, not a rule"


def test_reader_and_occupation_pages_show_the_banner_only_when_ended(built: Path) -> None:
    for as_of, shown in ((BEFORE, True), (DURING, False), (AFTER, True)):
        c = client(built, as_of)
        page = c.get("/docs/beijing-notice").get_data(as_text=True)
        occupation = c.get("/occupations/bj-06").get_data(as_text=True)
        assert ("validity-banner" in page) is shown and ("validity-banner" in occupation) is shown
    c = client(built, AFTER)
    page = c.get("/docs/beijing-notice").get_data(as_text=True)
    assert "Stated trial period 2023-01-01 – 2024-12-31 has ended; check with the issuer" in page
    assert "文件所述试行期 2023-01-01 – 2024-12-31 已届满" in page
    assert 'href="/docs/beijing-notice#p-3-p1"' in page
    assert "validity-banner" not in c.get("/docs/qianhai-list").get_data(as_text=True)
    api = c.get("/api/docs/beijing-notice").get_json()["document"]["validity"]
    assert api["status"] == "trial-ended" and api["as_of"] == AFTER and api["clause"]["unit"] == "beijing-notice:zh:3:p1"
    item = c.get("/api/items/bj-06").get_json()
    assert item["validity"]["status"] == "trial-ended" and item["validity"]["message"]["zh"]
    assert c.get("/api/items/beijing-notice:zh:3").get_json()["validity"]["status"] == "trial-ended"
    docs = {d["id"]: d["validity"]["status"] for d in c.get("/api/docs/").get_json()["documents"]}
    assert docs == {"qianhai-list": "no-period", "beijing-notice": "trial-ended",
                    "shanghai-study": "no-period", "liu-migration": "no-period"}
    with pytest.raises(AsOfError, match="KB_AS_OF"):
        create_app({"TESTING": True, "KB_DATA_DIR": str(built), "KB_AS_OF": "2024-13-01"})


def test_search_status_facet_and_filter_follow_the_as_of_day(built: Path) -> None:
    expected = {BEFORE: "not-yet-in-force", DURING: "trial", AFTER: "trial-ended"}
    for as_of, status in expected.items():
        c = client(built, as_of)
        result = c.get("/api/search?q=区块链").get_json()
        assert status in result["facets"]["status"] and result["as_of"] == as_of
        beijing = [h for h in result["hits"] if h["doc"] == "beijing-notice"]
        assert beijing and all(h["status"] == status for h in beijing)
        only = c.get(f"/api/search?q=&status={status}&limit=100").get_json()
        assert only["total"] == c.get("/api/search?q=&doc=beijing-notice").get_json()["total"]
        assert {h["doc"] for h in only["hits"]} == {"beijing-notice"}
        assert ("beijing-notice" in result["validity"]) is (status != "trial")
    c = client(built, AFTER)
    everything = c.get("/api/search?q=&city=beijing&limit=100").get_json()
    assert everything["facets"]["status"] == {"trial-ended": everything["total"]}
    assert c.get("/api/search?q=&city=beijing&status=in-force").get_json()["total"] == 0
    assert c.get("/api/search?q=&status=no-period&kind=occupation&limit=100").get_json()["total"] == 50
    page = c.get("/?q=区块链").get_data(as_text=True)
    assert 'data-facet="status"' in page and "validity-banner" in page


def test_self_check_lists_ended_positions_apart(kb: KnowledgeBase) -> None:
    during = check_eligibility(kb, "doctor", 20, as_of=date.fromisoformat(DURING))
    assert during["counts"]["qualified"] == 75 and during["ended"]["counts"]["qualified"] == 0
    after = check_eligibility(kb, "doctor", 20, as_of=date.fromisoformat(AFTER))
    assert after["counts"]["qualified"] == 50 and after["ended"]["counts"]["qualified"] == 25
    assert not any(i["city"] == "beijing" for i in after["qualified"])
    assert {i["id"][:3] for i in after["ended"]["qualified"]} == {"bj-"}
    assert [d["doc"] for d in after["ended"]["documents"]] == ["beijing-notice"]
    assert after["ended"]["documents"][0]["validity"]["status"] == "trial-ended"


def test_self_check_page_shows_ended_positions_under_the_warning(built: Path) -> None:
    page = client(built, AFTER).get("/check-eligibility?degree=doctor&years=20").get_data(as_text=True)
    ended = page[page.index('class="ended-period"'):]
    current = page[:page.index('class="ended-period"')]
    assert 'data-id="bj-06"' in ended and 'data-id="bj-06"' not in current
    assert "has ended; check with the issuer" in ended
    assert 'class="ended-period"' not in client(built, DURING).get(
        "/check-eligibility?degree=doctor&years=20").get_data(as_text=True)


def test_cli_check_show_export_and_search_carry_validity(built: Path) -> None:
    code, out = cli(built, "check", "--as-of", AFTER)
    assert code == 0, out
    assert "1 document whose stated period has ended or not begun (notice, not a failure)" in out
    assert "beijing-notice: trial-ended" in out and "试行 2 年" in out
    code, out = cli(built, "check", "--as-of", DURING)
    assert code == 0 and "0 documents whose stated period" in out
    code, out = cli(built, "show", "bj-06", "--json", "--as-of", AFTER)
    assert json.loads(out)["validity"]["status"] == "trial-ended"
    code, out = cli(built, "show", "bj-06", "--as-of", DURING)
    assert "validity: trial (Trial period / 试行)" in out
    code, out = cli(built, "export", "--format", "csv", "--as-of", AFTER)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["bj-06"]["validity"] == "trial-ended" and rows["bj-06"]["effective_until"] == "2024-12-31"
    assert rows["qh-s06"]["validity"] == "no-period"
    code, out = cli(built, "export", "--format", "jsonl", "--as-of", AFTER)
    first_bj = next(json.loads(line) for line in out.splitlines() if '"id": "bj-01"' in line)
    assert first_bj["validity"]["status"] == "trial-ended"
    code, out = cli(built, "search", "区块链", "--as-of", AFTER, "--json")
    assert json.loads(out)["facets"]["status"]["trial-ended"] > 0
    code, out = cli(built, "search", "区块链", "--filter", "status=trial-ended", "--as-of", AFTER)
    assert code == 0 and "Stated trial period" in out
    code, out = cli(built, "check", "--as-of", "2024-13-01")
    assert code == 1 and "--as-of must be a date YYYY-MM-DD" in out
    result = CliRunner().invoke(main, ["--data-dir", str(built), "show", "bj-06"], env={"KB_AS_OF": "soon"})
    assert result.exit_code == 1 and "KB_AS_OF must be a date YYYY-MM-DD" in result.output
