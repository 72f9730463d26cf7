"""The enquiry officer's and every user's paths (issue 23): clauses named by their words,
citations that copy clean, notices said once, readers with contents and a language view,
the home page, an <h1> on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.translation.titles import opening_words
from web import create_app

BEIJING = "beijing-notice"
BADGE = "this knowledge base&#39;s translation (unofficial)"
# A heading that is a number and nothing else: 1, 一, II, (3).
BARE = re.compile(r"[（(]?[\d一二三四五六七八九十IVX.]+[)）]?")
CJK = re.compile(r"[\u4e00-\u9fff]")


def make_client(built: Path, as_of: str = "2024-06-01"):  # type: ignore[no-untyped-def]
    return create_app({"TESTING": True, "KB_DATA_DIR": str(built), "KB_AS_OF": as_of}).test_client()


@pytest.fixture
def client(built: Path):  # type: ignore[no-untyped-def]
    return make_client(built)


def headings(html: str, lang: str) -> list[str]:
    """The text of the reader's row headings in the ``lang`` column, tags stripped."""
    cells = re.findall(rf'<div class="cell cell-{lang}" lang="[^"]+">\s*<h\d class="heading[^"]*">(.*?)</h\d>', html, re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cells]


# -- Clauses named by their words -----------------------------------------------------------

def test_a_clause_without_a_heading_is_named_by_its_place_and_opening_words(kb) -> None:  # type: ignore[no-untyped-def]
    assert kb.section_title(f"{BEIJING}:zh:annex-1.2.2") == {
        "zh": "附件1 二、2 — 以下奖项获得者…", "en": "Annex 1, II.2 — Winners of the following awards…"}
    assert kb.section_title(f"{BEIJING}:zh:3")["en"] == "III — Beijing's pilot of the recognition criteria for foreign…"
    # A section with a heading keeps its number and heading; its curated English numbers it in English.
    assert kb.section_title(f"{BEIJING}:zh:annex-1")["en"].startswith("Annex 1 Recognition Criteria")
    assert kb.section_title(f"{BEIJING}:zh:annex-1.1") == {"zh": "一 入选国内人才引进计划的",
                                                           "en": "I Persons selected for domestic talent introduction programs"}
    assert kb.section_title("qianhai-list:zh:3.4")["zh"] == "3.4 一般需要具有硕士及以上学历"


def test_the_build_stores_every_sections_title_as_computed(kb) -> None:  # type: ignore[no-untyped-def]
    """titles.json, written by the build, gives each section the title computed from its
    pair and place; a title handed out is a copy (changing it changes no later one)."""
    stored = kb._stored_titles()
    assert set(stored) == {s["id"] for s in kb.sections}
    assert all(stored[s["id"]] == kb.computed_section_title(s["id"]) for s in kb.sections)
    title = kb.section_title(f"{BEIJING}:zh:annex-1.2.2")
    title["en"] = "changed"
    assert kb.section_title(f"{BEIJING}:zh:annex-1.2.2")["en"] == "Annex 1, II.2 — Winners of the following awards…"


def test_opening_words_stop_at_the_first_clause_or_the_limit() -> None:
    assert opening_words("以下奖项获得者:美国国家科学奖章", "zh") == "以下奖项获得者…"
    assert opening_words("各国科学院院士、工程院院士。", "zh") == "各国科学院院士、工程院院士"
    long_zh = "一" * 45
    assert opening_words(long_zh, "zh") == "一" * 30 + "…"
    assert opening_words("one two three four five six seven eight nine ten", "en") == \
        "one two three four five six seven eight…"
    assert opening_words("Winners of the following awards: the Turing Award", "en") == "Winners of the following awards…"
    assert opening_words("", "en") is None


def test_no_reader_heading_is_a_bare_number_and_the_english_column_has_no_chinese_numbers(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/docs/{BEIJING}").get_data(as_text=True)
    zh, en = headings(html, "zh"), headings(html, "en")
    assert len(zh) == 46 and len(en) == 46  # every row but the preamble and the closing, which have no number
    assert [h for h in zh + en if BARE.fullmatch(h)] == []
    assert "附件1 二、8 — 以第一作者或通讯作者（含同等贡献作者）在国际高水平科技期刊…" in zh
    # The English headings are English: a title quoted in Chinese is the only Chinese allowed, and there is none.
    assert [h for h in en if CJK.search(h)] == []


def test_search_hits_on_clauses_are_named_by_their_words(client) -> None:  # type: ignore[no-untyped-def]
    hits = client.get("/api/search?q=诺贝尔奖").get_json()["hits"]
    titles = {h["id"]: h["title"] for h in hits}
    assert titles[f"{BEIJING}:zh:annex-1.2.1"] == {
        "zh": "附件1 二、1 — 诺贝尔奖获得者(物理、化学、生理或医学、经济学奖)",
        "en": "Annex 1, II.1 — Nobel Prize winners (Physics, Chemistry, Physiology or Medicine…"}


# -- Citations copy clean -------------------------------------------------------------------

def citation_values(html: str) -> list[str]:
    return re.findall(r'class="citation-line" type="text" readonly value="([^"]*)"', html)


def test_the_copied_citation_is_the_citation_alone_and_the_permalink_its_own_button(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/occupations/qh-s02").get_data(as_text=True)
    assert citation_values(page) == ["《前海外籍人才紧缺职业清单》表2 第2行",
                                     "List of High-Demand Occupations for Foreign Talents in Qianhai, Table 2, row 2"]
    assert re.findall(r'class="button permalink-button" href="([^"]+)"', page) == ["/occupations/qh-s02"] * 2
    answer = client.get("/?q=区块链工程师 学历要求").get_data(as_text=True)
    assert citation_values(answer) == ["《前海外籍人才紧缺职业清单》表2 第6行",
                                       "List of High-Demand Occupations for Foreign Talents in Qianhai, Table 2, row 6"]
    # The English citation of a Chinese-only record names the document number in English.
    english = citation_values(client.get("/occupations/bj-13").get_data(as_text=True))[1]
    assert english.endswith("in Beijing (Guo Ke Ban Cai [2022] No. 177), Annex 2, No. 13")
    assert not CJK.search(english.replace("&#34;", '"'))


# -- Repetition -----------------------------------------------------------------------------

def test_the_validity_notice_is_shown_once_per_document_above_the_hits(built: Path) -> None:
    client = make_client(built, as_of="2026-06-01")  # after the Beijing pilot's trial period
    result = client.get("/api/search?q=北京 人才&limit=20").get_json()  # as many as the page shows
    beijing_hits = sum(1 for h in result["hits"] if h["doc"] == BEIJING)
    assert beijing_hits >= 5
    html = client.get("/?q=北京 人才").get_data(as_text=True)
    assert html.count('class="validity-banner') == 1
    assert html.index('class="validity-banner') < html.index('<ol class="hits">')
    # Each hit of the document says its status in one line, linking to the notice.
    assert html.count(f'class="meta hit-validity"><a href="#validity-{BEIJING}"') == beijing_hits
    reader = client.get(f"/docs/{BEIJING}").get_data(as_text=True)
    assert reader.count('class="validity-banner') == 1 and reader.count('<span class="validity validity-') == 0


def test_the_unofficial_badge_is_shown_once_per_row_and_never_on_a_document_number(client) -> None:  # type: ignore[no-untyped-def]
    view = client.get(f"/api/docs/{BEIJING}").get_json()
    rows_translated = sum(1 for row in view["rows"] if row["unofficial"])
    html = client.get(f"/docs/{BEIJING}").get_data(as_text=True)
    # One per translated row, one on the document's English title, one in the Annex 2 table's head.
    assert html.count(BADGE) == rows_translated + 2 == 50
    number = html[html.index('id="p-title-p1"'):]
    number = number[:number.index("</div>\n        <a")]
    assert "国科办才〔2022〕177号" in number and BADGE not in number


# -- Readers --------------------------------------------------------------------------------

def test_every_reader_has_a_contents_list_of_its_first_two_levels(client) -> None:  # type: ignore[no-untyped-def]
    view = client.get(f"/api/docs/{BEIJING}").get_json()
    assert [c["anchor"] for c in view["contents"]] == [
        "s-1", "s-2", "s-3", "s-annex-1", *[f"s-annex-1.{n}" for n in range(1, 8)], "s-annex-2"]
    assert view["contents"][0]["zh"].startswith("一 — 根据")
    html = client.get(f"/docs/{BEIJING}").get_data(as_text=True)
    toc = html[html.index('<nav class="toc"'):html.index("</nav>", html.index('<nav class="toc"'))]
    assert "<details open>" in toc and "<summary>" in toc
    assert re.findall(r'href="#([^"]+)"', toc) == [c["anchor"] for c in view["contents"]]


@pytest.mark.parametrize("view, zh_cells, en_cells", [("zh", True, False), ("en", False, True), ("both", True, True)])
def test_the_reader_shows_one_language_or_both(client, view: str, zh_cells: bool, en_cells: bool) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/docs/qianhai-list?view={view}").get_data(as_text=True)
    aligned = html[html.index('<div class="aligned">'):]
    assert ('class="cell cell-zh"' in aligned) is zh_cells and ('class="cell cell-en' in aligned) is en_cells
    assert client.get(f"/api/docs/qianhai-list?view={view}").get_json()["view"] == view
    # The JSON link and the language switch carry the view.
    if view != "both":
        assert f'href="/api/docs/qianhai-list?view={view}"' in html
        assert f'href="/lang/zh?next=/docs/qianhai-list?view%3D{view}"' in html


def test_an_unknown_view_is_an_error_naming_the_parameter(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/docs/qianhai-list?view=fr")
    assert response.status_code == 400
    assert response.get_json() == {"ok": False, "error": "view must be one of both, zh, en, not 'fr'", "status": 400}
    page = client.get("/docs/qianhai-list?view=fr")
    assert page.status_code == 400 and "view must be one of both, zh, en" in page.get_data(as_text=True)


def test_the_language_switch_keeps_the_path_query_and_fragment(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/lang/zh?next=/docs/qianhai-list?view%3Den%23s-2.3")
    assert response.status_code == 303 and response.headers["Location"] == "/docs/qianhai-list?view=en#s-2.3"


# -- Home page and headings -------------------------------------------------------------------

def test_the_home_page_says_what_is_covered_the_documents_status_and_example_questions(client, kb) -> None:  # type: ignore[no-untyped-def]
    home = client.get("/api/home").get_json()
    assert home["coverage"] == {"documents": 4, "sections": {"total": 158, "zh": 121, "en": 37},
                                "units": {"total": 217, "zh": 162, "en": 55}, "records": 75,
                                "terms": len(kb.terms["pairs"])}
    assert {d["id"]: d["validity"]["status"] for d in home["documents"]} == {
        "qianhai-list": "no-period", BEIJING: "trial", "shanghai-study": "no-period", "liu-migration": "no-period"}
    assert [e["user"] for e in home["examples"]] == ["foreign-talent", "enquiry-staff", "translator"]
    html = client.get("/").get_data(as_text=True)
    assert re.findall(r'<li data-count="(\w+)"><strong>(\d+)</strong>', html) == [
        ("documents", "4"), ("sections", "158"), ("records", "75"), ("terms", str(len(kb.terms["pairs"])))]
    assert f'<li data-doc="{BEIJING}" data-status="trial">' in html
    # Every example question is a link to a search that finds something.
    links = re.findall(r'<div class="example-group" data-user="[^"]+">.*?</div>', html, re.S)
    urls = [u.replace("&amp;", "&") for group in links for u in re.findall(r'<a href="([^"]+)"', group)]
    assert len(urls) == 9
    for url in urls:
        api = url.replace("/?", "/api/search?", 1)
        assert client.get(api).get_json()["total"] > 0, url
    # In Chinese, the questions are Chinese.
    client.set_cookie("lang", "zh")
    zh = client.get("/api/home").get_json()
    assert zh["examples"][0]["label"] == "外籍人才" and zh["examples"][2]["questions"][0]["text"] == "紧缺"


@pytest.mark.parametrize("url, status", [
    ("/", 200), ("/?q=精算师", 200), ("/docs/", 200), (f"/docs/{BEIJING}", 200), ("/occupations/qh-s02", 200),
    ("/terms", 200), ("/check-eligibility", 200), ("/stats", 200), ("/no-such-page", 404), ("/docs/nope", 404),
    ("/docs/qianhai-list?view=fr", 400), ("/lang/fr", 400)])
def test_every_page_has_one_h1(client, url: str, status: int) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == status
    assert len(re.findall(r"<h1[ >]", response.get_data(as_text=True))) == 1
