"""The web app through Flask's test client: every page, its JSON twin, and every error path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from web import SECURITY_HEADERS, create_app


@pytest.fixture
def client(built: Path):
    # Validity is judged on a day within the Beijing pilot's trial period, so these tests do not
    # depend on the clock (banners and ended periods: tests/test_validity.py).
    return create_app({"TESTING": True, "KB_DATA_DIR": str(built), "KB_AS_OF": "2024-06-01"}).test_client()


def hit_ids(html: str) -> list[str]:
    return re.findall(r'<li class="hit hit-\w+" data-id="([^"]+)"', html)


def answer_card(html: str) -> str:
    start = html.index('<section class="answer"')
    return html[start:html.index("</section>", start)]


# -- JSON API -------------------------------------------------------------------------------

def test_record_and_section_items(client) -> None:
    record = client.get("/api/items/bj-13").get_json()
    assert record["title"] == {"zh": "区块链研发工程师", "en": "Blockchain R&D engineer"}
    assert record["unofficial"][:2] == ["title.en", "industry.en"] and "competencies.en" in record["unofficial"]
    assert record["related"][0]["id"] == "qh-s06"
    section = client.get("/api/items/qianhai-list:zh:appendix.3.d1").get_json()
    assert section["zh"]["heading"] == "职业" and section["en"]["heading"] == "Occupation"
    # Cited as the reader cites it: within the appendix's section 3, by its heading, no ids.
    assert section["citation"] == {"zh": "《前海外籍人才紧缺职业清单》附录第3节“职业”",
                                   "en": "List of High-Demand Occupations for Foreign Talents in Qianhai, "
                                         "Appendix, section 3, “Occupation”"}


def test_api_search_is_the_search_contract(client) -> None:
    result = client.get("/api/search?q=chip+design").get_json()
    assert set(result) >= {"query", "total", "hits", "facets", "expanded", "did_you_mean", "converted"}
    assert result["hits"][0]["id"] == "bj-06"  # Beijing-only 芯片设计工程师, from an English query
    assert "芯片" in result["expanded"]
    hit = result["hits"][0]
    assert set(hit) >= {"id", "kind", "doc", "title", "snippet", "score"}
    assert len(result["hits"]) == 10  # the API's default limit


def test_api_search_filters_kind_and_limit(client) -> None:
    result = client.get("/api/search?q=engineer&city=beijing&min_degree=bachelor&limit=50").get_json()
    assert result["hits"] and all(h["id"].startswith("bj-") for h in result["hits"])
    assert result["facets"]["city"] == {"beijing": result["total"]}
    terms = client.get("/api/search?q=区块链&kind=term&limit=3").get_json()
    assert [h["kind"] for h in terms["hits"]] == ["term"] * 3
    assert client.get("/api/search?q=&city=beijing&kind=occupation&limit=100").get_json()["total"] == 25
    converted = client.get("/api/search?q=區塊鏈").get_json()
    assert converted["converted"] == "区块链" and converted["hits"][0]["id"] in ("qh-s06", "bj-13")


@pytest.mark.parametrize("url, message", [
    ("/api/search?q=x&limit=abc", "limit must be a whole number"),
    ("/api/search?q=x&limit=0", "limit must be a whole number from 1 to 100"),
    ("/api/search?q=x&limit=1000", "limit must be a whole number from 1 to 100"),
    ("/api/search?q=x&kind=person", "kind must be one of"),
    ("/api/search?q=x&colour=red", "unknown parameter 'colour'"),
    ("/api/search?q=x&city=a&city=b", "given 2 times"),
    ("/api/check-eligibility?years=3", "degree is required"),
    ("/api/check-eligibility?degree=phd&years=3", "degree must be one of"),
    ("/api/check-eligibility?degree=master&years=lots", "years must be a number"),
    ("/api/check-eligibility?degree=master&years=-1", "years"),
    ("/api/terms?page=0", "page must be a whole number"),
    ("/api/terms?kind=nonsense", "kind must be one of"),
    # Numbers are ASCII digits (issue 10: ² and ⑤ answered 500, since str.isdigit() takes
    # them and int() does not; int() and float() take ٣, 1_0 and 1e1).
    ("/api/terms?page=%C2%B2", "page must be"),
    ("/terms?page=%E2%91%A4", "page must be"),
    ("/api/search?q=x&limit=%D9%A3", "limit must be"),
    ("/?q=x&limit=1_0", "limit must be"),
    ("/api/check-eligibility?degree=master&years=1e1", "years must be"),
    ("/check-eligibility?degree=master&years=nan", "years must be"),
])
def test_bad_parameters_are_400_in_the_error_shape(client, url: str, message: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        body = response.get_json()
        assert body["ok"] is False and body["status"] == 400 and message in body["error"]
    else:
        assert message in response.get_data(as_text=True)
    for header, value in SECURITY_HEADERS.items():
        assert response.headers[header] == value


@pytest.mark.parametrize("url", ["/api/items/nope", "/api/docs/nope", "/api/unknown"])
def test_unknown_ids_are_404_in_the_error_shape(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 404 and body["error"]


def test_errors_share_one_shape(client, tmp_path: Path) -> None:
    assert client.get("/api/items/nope").get_json() == {
        "ok": False, "status": 404, "error": "no record, section or paragraph unit has the id 'nope'"}
    empty = create_app({"TESTING": True, "KB_DATA_DIR": str(tmp_path)}).test_client()
    response = empty.get("/api/stats")
    assert response.status_code == 503 and "run `kb build` first" in response.get_json()["error"]
    page = empty.get("/?q=x")
    assert page.status_code == 503 and "run `kb build` first" in page.get_data(as_text=True)


def test_stats(client) -> None:
    stats = client.get("/api/stats").get_json()
    assert stats["cities"]["qianhai"]["experience"] == {"1": 2, "3": 20, "5": 28}
    assert stats["cities"]["qianhai"]["records"] == 50 and stats["cities"]["beijing"]["records"] == 25
    assert stats["stated"] and all(row["ok"] for row in stats["stated"])


def test_api_terms_lookup_and_report(client) -> None:
    result = client.get("/api/terms?q=区块链").get_json()
    assert any(p["zh"] == "区块链" and p["en"] == "blockchain" for p in result["pairs"])
    renderings = {r["term"]: r for r in result["report"]["zh_terms"]}
    assert [x["rendering"] for x in renderings["区块链"]["renderings"]] == ["blockchain", "block chain"]
    everything = client.get("/api/terms").get_json()
    assert everything["per_page"] == 50 and len(everything["pairs"]) == 50
    assert everything["total"] == len(client.get("/api/terms?page=2").get_json()["pairs"]) + 50 or everything["pages"] > 2
    traditional = client.get("/api/terms?q=區塊鏈").get_json()
    assert traditional["converted"] == "区块链" and traditional["total"] >= 1


def test_api_check_eligibility(client) -> None:
    result = client.get("/api/check-eligibility?degree=master&years=5&keywords=blockchain").get_json()
    qualified = [i["id"] for i in result["qualified"]]
    assert "qh-s06" in qualified and "bj-13" in qualified
    near = client.get("/api/check-eligibility?degree=bachelor&years=5&keywords=区块链").get_json()
    miss = next(i for i in near["near_misses"] if i["id"] == "qh-s06")
    assert miss["unmet"] == ["degree"]
    everyone = client.get("/api/check-eligibility?degree=doctor&years=10").get_json()
    assert everyone["counts"]["qualified"] == 75


def test_api_documents(client) -> None:
    docs = client.get("/api/docs/").get_json()["documents"]
    assert [d["id"] for d in docs] == ["qianhai-list", "beijing-notice", "shanghai-study", "liu-migration"]
    qianhai = client.get("/api/docs/qianhai-list").get_json()
    paired = [r for r in qianhai["rows"] if r["zh"] and r["en"]]
    assert len(paired) == 33 and len(qianhai["records"]) == 50


# -- pages ----------------------------------------------------------------------------------

def test_home_page_is_a_search_box(client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert '<input id="q" name="q" type="search"' in html and "hits" not in html


def test_search_page_shows_pairs_with_highlights_in_both_languages(client) -> None:
    html = client.get("/?q=blockchain").get_data(as_text=True)
    ids = hit_ids(html)
    # The three blockchain occupations: Qianhai's two and Beijing's, whose English is curated.
    assert set(ids[:3]) == {"qh-s06", "qh-d09", "bj-13"}
    first = html[html.index('data-id="qh-s06"'):]
    first = first[:first.index("</li>")]
    assert '<mark>区块链</mark>' in first and re.search(r"<mark>[Bb]lock", first)
    assert 'class="cell cell-zh"' in first and 'class="cell cell-en"' in first
    assert "Also searched:" in html and "区块链" in html


def test_search_page_notes_conversion_and_typos(client) -> None:
    html = client.get("/?q=區塊鏈工程師").get_data(as_text=True)
    assert "Converted from traditional Chinese:" in html and "区块链工程师" in html
    html = client.get("/?q=blockchian").get_data(as_text=True)
    assert "Did you mean:" in html and ">blockchain</a>" in html


def test_search_page_labels_curated_english(client) -> None:
    html = client.get("/?q=芯片设计工程师").get_data(as_text=True)
    hit = html[html.index('data-id="bj-06"'):]
    hit = hit[:hit.index("</li>")]
    assert "this knowledge base&#39;s translation (unofficial)" in hit and "<mark>Chip</mark> <mark>design</mark>" in hit
    assert "No English version" not in hit and "tape-out" in hit
    section = client.get("/?q=诺贝尔奖获得者").get_data(as_text=True)
    hit = section[section.index('data-id="beijing-notice:zh:annex-1.2.1"'):]
    hit = hit[:hit.index("</li>")]
    assert "Nobel" in hit and "this knowledge base&#39;s translation (unofficial)" in hit
    # The answer card too: Beijing's degree is curated English, Qianhai's the issuer's own.
    card = answer_card(client.get("/?q=区块链研发工程师需要什么学历").get_data(as_text=True))
    assert 'data-id="bj-13"' in card and "this knowledge base&#39;s translation (unofficial)" in card
    card = answer_card(client.get("/?q=What degree does an AI engineer need in Qianhai?").get_data(as_text=True))
    assert 'data-id="qh-d06"' in card and "unofficial" not in card


def test_facet_links_filter_and_show_counts(client) -> None:
    html = client.get("/?q=engineer").get_data(as_text=True)
    facet = html[html.index('data-facet="city"'):]
    facet = facet[:facet.index("</section>")]
    link = re.search(r'href="([^"]*city=beijing[^"]*)"', facet).group(1).replace("&amp;", "&")
    filtered = client.get(link).get_data(as_text=True)
    assert hit_ids(filtered) and all(i.startswith(("bj-", "beijing-notice:")) for i in hit_ids(filtered))
    assert 'class="active"' in filtered


def test_occupation_page(client) -> None:
    html = client.get("/occupations/qh-s06").get_data(as_text=True)
    assert "区块链工程师" in html and "Blockchain engineer" in html
    assert "能力素质要求" in html and "Competencies" in html
    assert "《前海外籍人才紧缺职业清单》表2 第6行" in html  # the citation line
    related = html[html.index('class="related"'):]
    assert 'data-id="bj-13"' in related and "区块链研发工程师" in related
    beijing = client.get("/occupations/bj-13").get_data(as_text=True)
    assert "this knowledge base&#39;s translation (unofficial)" in beijing and "No English version" not in beijing
    assert "The English on this page is this knowledge base&#39;s translation" in beijing


def test_reader_page_aligns_sections_with_permalinks(client) -> None:
    html = client.get("/docs/qianhai-list").get_data(as_text=True)
    row = html[html.index('id="s-appendix.3.d1"'):]
    row = row[:row.index("</section>")]
    assert "职业" in row and "Occupation" in row and 'href="#s-appendix.3.d1"' in row
    hit = client.get("/api/search?q=定义&kind=section&doc=qianhai-list").get_json()["hits"][0]
    search_html = client.get("/?q=定义&kind=section&doc=qianhai-list").get_data(as_text=True)
    assert re.search(r'href="/docs/qianhai-list#s-[^"]+"', search_html) and hit["kind"] == "section"
    beijing = client.get("/docs/beijing-notice").get_data(as_text=True)
    assert "No English version" not in beijing
    item = beijing[beijing.index('id="p-annex-1.2.8-p1"'):]
    item = item[:item.index('class="permalink"')]
    assert "3 篇" in item and "3 papers" in item
    # The unofficial badge is the row's, once, not the paragraph's.
    row = beijing[beijing.index('id="s-annex-1.2.8"'):]
    row = row[:row.index("</section>")]
    assert "this knowledge base&#39;s translation (unofficial)" not in item
    assert row.count("this knowledge base&#39;s translation (unofficial)") == 1
    qianhai = client.get("/docs/qianhai-list").get_data(as_text=True)
    contact = qianhai[qianhai.index('id="p-4-p4"'):]
    contact = contact[:contact.index('class="permalink"')]
    assert "联系方式" in contact and "Tel: 0755-36667588" in contact and "Email:qhrc@szqh.gov.cn" in contact
    assert client.get("/api/items/liu-migration:zh:s2.p3").get_json()["id"] == "liu-migration:zh:s2:p3"


def test_terms_page_and_downloads(client) -> None:
    html = client.get("/terms?q=区块链").get_data(as_text=True)
    assert "blockchain" in html and "block chain" in html
    tbx = client.get("/terms/export.tbx")
    assert tbx.status_code == 200 and "attachment" in tbx.headers["Content-Disposition"]
    assert tbx.get_data(as_text=True).lstrip("\ufeff").startswith("<?xml") and "<martif" in tbx.get_data(as_text=True)
    csv = client.get("/terms/export.csv")
    assert csv.headers["Content-Type"].startswith("text/csv") and "区块链" in csv.get_data(as_text=True)
    assert "/terms/export.tmx" in html and "/terms/export.tmx?official=1" in html
    tmx = client.get("/terms/export.tmx")
    assert tmx.status_code == 200 and 'filename="policy-kb-memory.tmx"' in tmx.headers["Content-Disposition"]
    text = tmx.get_data(as_text=True)
    assert '<tmx version="1.4">' in text and ">unofficial</prop>" in text
    official = client.get("/terms/export.tmx?official=1").get_data(as_text=True)
    assert ">official</prop>" in official and ">unofficial</prop>" not in official
    # the default list: domain terms first, by termhood
    first = client.get("/api/terms").get_json()["pairs"][:10]
    assert not any(p["general"] for p in first) and first[0]["termhood"] >= first[-1]["termhood"]


def test_self_check_page(client) -> None:
    form = client.get("/check-eligibility").get_data(as_text=True)
    assert '<select name="degree"' in form and "qualified" not in form
    html = client.get("/check-eligibility?degree=bachelor&years=5&keywords=区块链").get_data(as_text=True)
    near = html[html.index('class="near-misses"'):]
    item = near[near.index('data-id="qh-s06"'):]
    item = item[:item.index("</ul>")]
    assert 'class="unmet" data-key="degree"' in item and 'class="met" data-key="experience"' in item
    assert "Table 2, row 6" in item and "硕士" in item


def test_stats_page_draws_charts_and_tables(client) -> None:
    html = client.get("/stats").get_data(as_text=True)
    assert html.count('<figure class="chart"') >= 8
    assert '<svg class="bars"' in html and '<table class="chart-table">' in html
    assert "✗" not in html  # every stated figure reproduced


def test_language_switch_persists(client) -> None:
    response = client.get("/lang/zh?next=/stats")
    assert response.status_code == 303 and response.headers["Location"] == "/stats"
    assert "lang=zh" in response.headers["Set-Cookie"] and "Max-Age" in response.headers["Set-Cookie"]
    html = client.get("/stats").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in html and ">统计<" in html
    client.get("/lang/en?next=/")
    assert ">Figures<" in client.get("/stats").get_data(as_text=True)
    # The switch only goes back to this site.
    assert client.get("/lang/en?next=https://evil.example/").headers["Location"] == "/"
    assert client.get("/lang/en?next=//evil.example/").headers["Location"] == "/"
    assert client.get("/lang/xx").status_code == 400


def test_traditional_interface_converts_the_documents_and_says_so(client) -> None:
    response = client.get("/lang/zh-Hant?next=/occupations/bj-13")
    assert response.status_code == 303 and response.headers["Location"] == "/occupations/bj-13"
    assert "lang=zh-Hant" in response.headers["Set-Cookie"]
    html = client.get("/occupations/bj-13").get_data(as_text=True)
    assert '<html lang="zh-Hant">' in html
    assert '<p class="converted-note">中文內容由簡體原文轉換</p>' in html
    assert ">區塊鏈研發工程師<" in html and "区块链" not in html  # the record's title, converted
    assert ">術語庫</a>" in html  # the interface, from the traditional catalog
    assert 'lang="zh-Hans"' not in html  # the converted text is tagged as traditional
    # The switch: EN / 繁 / 简, the current one marked; 简 stays 简 on a traditional page.
    assert re.findall(r'<a href="/lang/([\w-]+)\?next=[^"]*" lang="[^"]+"( aria-current="true")? aria-label="[^"]+">(.)', html) == [
        ("en", "", "E"), ("zh-Hant", ' aria-current="true"', "繁"), ("zh", "", "简")]
    # The JSON twin keeps the original.
    assert client.get("/api/items/bj-13").get_json()["title"]["zh"] == "区块链研发工程师"
    # A query in traditional characters finds what its simplified form finds.
    assert hit_ids(client.get("/?q=區塊鏈").get_data(as_text=True)) == hit_ids(client.get("/?q=区块链").get_data(as_text=True))
    # Simplified again: no label, nothing converted.
    client.get("/lang/zh?next=/")
    html = client.get("/occupations/bj-13").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in html and "converted-note" not in html and ">区块链研发工程师<" in html


@pytest.mark.parametrize(("accept", "lang"), [("zh-TW,zh;q=0.8", "zh-Hant"), ("zh-HK", "zh-Hant"),
                                              ("zh-CN,en;q=0.5", "zh-Hans"), ("en-GB", "en")])
def test_first_visit_gets_the_browsers_script(client, accept: str, lang: str) -> None:
    html = client.get("/stats", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html


def test_traditional_catalog_is_the_simplified_one_converted() -> None:
    from babel.messages.pofile import read_po

    from web.hant import to_traditional

    root = Path(__file__).resolve().parents[1] / "web" / "translations"
    with (root / "zh" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        simplified = {m.id: m.string for m in read_po(fh) if m.id}
    with (root / "zh_Hant" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        traditional = {m.id: m.string for m in read_po(fh) if m.id}
    assert traditional == {k: to_traditional(v) for k, v in simplified.items()}  # `make translations` regenerates it
    assert traditional["Term base"] == "術語庫"


@pytest.mark.parametrize("url", ["/nope", "/occupations/nope", "/occupations/qianhai-list:zh:2", "/docs/nope"])
def test_pages_404_as_html(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Something is wrong" in response.get_data(as_text=True)


def test_page_with_bad_parameters_is_a_400_page(client) -> None:
    response = client.get("/?q=x&limit=lots")
    assert response.status_code == 400 and "limit must be a whole number" in response.get_data(as_text=True)


def test_markup_in_queries_and_filters_is_escaped(client) -> None:
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    html = client.get("/", query_string={"q": payload}).get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html and "&lt;script&gt;" in html
    html = client.get("/", query_string={"q": "x", "city": payload}).get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    html = client.get("/terms", query_string={"q": payload}).get_data(as_text=True)
    assert "<script>alert" not in html


@pytest.mark.parametrize("url", ["/", "/?q=x", "/api/search?q=x", "/api/items/nope", "/stats", "/static/style.css",
                                 "/terms/export.csv", "/nope"])
def test_security_headers_on_every_response(client, url: str) -> None:
    with client.get(url) as response:  # closes the static file
        headers = response.headers
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]


def test_every_page_has_its_json_twin(client) -> None:
    pages = ["/?q=blockchain", "/occupations/qh-s06", "/docs/", "/docs/qianhai-list", "/terms?q=区块链",
             "/check-eligibility?degree=master&years=5", "/stats"]
    for page in pages:
        html = client.get(page).get_data(as_text=True)
        footer = html[html.index('<footer class="site">'):]
        twin = re.search(r'href="([^"]+)">JSON<', footer).group(1).replace("&amp;", "&")
        response = client.get(twin)
        assert response.status_code == 200 and response.is_json, page


# -- the outside probe's reproducers (issue 10) ---------------------------------------------

RESERVED_NAMES = ["endpoint", "_method", "_scheme", "_external", "_anchor", "values"]


@pytest.mark.parametrize("page", ["/terms?q=区块链", "/check-eligibility?degree=master&years=3", "/api/terms",
                                  "/api/check-eligibility?degree=master&years=3"])
@pytest.mark.parametrize("name", RESERVED_NAMES)
def test_parameters_named_like_url_for_arguments_change_nothing(client, page: str, name: str) -> None:
    """Links are built from the parameters a page knows: an unknown one is ignored, whatever its name."""
    plain = client.get(page)
    response = client.get(f"{page}{'&' if '?' in page else '?'}{name}=javascript")
    assert response.status_code == 200
    assert response.get_data() == plain.get_data()


@pytest.mark.parametrize("target", ["/%0aX:1", "/%0d%0aSet-Cookie:%20x=1", "/stats%00", "/%09/evil.example", "/%7f",
                                    "/%E2%80%A8x", "/%5c%5cevil.example", "https:/evil.example", "//evil.example/"])
def test_language_switch_follows_only_a_same_site_path_without_control_characters(client, target: str) -> None:
    response = client.get(f"/lang/zh?next={target}")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert "x=1" not in response.headers.get("Set-Cookie", "")


def test_language_switch_keeps_an_ordinary_path_and_query(client) -> None:
    response = client.get("/lang/zh?next=" + "/terms?q=%E5%8C%BA%E5%9D%97%E9%93%BE%26x&page=2".replace("&", "%26"))
    assert response.status_code == 303
    assert response.headers["Location"] == "/terms?q=%E5%8C%BA%E5%9D%97%E9%93%BE&x&page=2"


BAD_HOSTS = ["..", "a..b", "a" * 64 + ".example", "evil.example", "127.0.0.1.evil.example", "localhost.evil.example"]


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("url", ["/docs", "/", "/?q=x", "/stats", "/nope", "/static/style.css", "/api/stats", "/api/nope"])
def test_a_host_this_site_does_not_answer_to_is_a_400_with_security_headers(client, url: str, host: str) -> None:
    with client.get(url, headers={"Host": host}) as response:
        assert response.status_code == 400 and "Location" not in response.headers
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
        if url.startswith("/api/"):
            assert response.get_json() == {"ok": False, "status": 400, "error": response.get_json()["error"]}
            assert "Host" in response.get_json()["error"]
        else:
            html = response.get_data(as_text=True)
            assert response.mimetype == "text/html" and "Something is wrong" in html and "Host" in html
            assert 'href="/static/style.css"' in html and host not in html


def test_trusted_hosts_default_to_this_machine_and_are_configurable(built: Path, monkeypatch) -> None:
    local = create_app({"TESTING": True, "KB_DATA_DIR": str(built)}).test_client()
    assert local.get("/docs", headers={"Host": "localhost:8000"}).headers["Location"] == "http://localhost:8000/docs/"
    assert local.get("/api/stats", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    monkeypatch.setenv("KB_TRUSTED_HOSTS", "kb.example.org, .kb.example.net")
    public = create_app({"TESTING": True, "KB_DATA_DIR": str(built)}).test_client()
    assert public.get("/docs", headers={"Host": "kb.example.org"}).headers["Location"] == "http://kb.example.org/docs/"
    assert public.get("/api/stats", headers={"Host": "www.kb.example.net"}).status_code == 200
    assert public.get("/api/stats", headers={"Host": "localhost"}).status_code == 400
