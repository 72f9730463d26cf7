"""The reader of normative documents, through the app (Flask's test client) over a build of
corpus/ with the fixture laws of tests/data/laws added (tests/test_laws.py says what they hold):
cross-references as links, the law's headings, articles and amendment notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.build import build

from .test_laws import AMENDMENT, REG, law_corpus

RULE = "city-permit-rule"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from web import create_app

    corpus = law_corpus(tmp_path_factory.mktemp("reader-laws") / "corpus")
    data_dir = tmp_path_factory.mktemp("reader-laws-data")
    build(corpus, data_dir)
    # A day after the amendment took effect, so the page does not depend on the clock.
    return create_app({"TESTING": True, "KB_DATA_DIR": str(data_dir), "KB_AS_OF": "2026-10-01"}).test_client()


def paragraph(page: str, anchor: str) -> str:
    """The HTML of one paragraph row of the reader, by its anchor."""
    match = re.search(rf'<div class="para" id="{anchor}".*?</div>\s*<div class="cell cell-en', page, re.S)
    assert match, f"no paragraph {anchor} on the page"
    return match.group(0)


def test_cited_documents_and_articles_are_links_and_unresolved_ones_plain_text(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/docs/{RULE}").get_data(as_text=True)
    art1 = paragraph(page, "p-art1-p1")
    assert (f'<a class="reference" href="/docs/{REG}">《某市外籍人才服务条例》</a><span class="reference unresolved" '
            f'title="Not in the knowledge base">《某省外籍人员服务管理办法》</span>和') in art1
    assert art1.count("<a ") == 1  # the province's rule is not in the knowledge base: no link
    # A cited article leads to its row of the cited document.
    assert (f'符合<a class="reference" href="/docs/{REG}#s-art10">《某市外籍人才服务条例》第十条第二款</a>规定的'
            in paragraph(page, "p-art4-p1"))
    assert client.get(f"/docs/{REG}").get_data(as_text=True).count('id="s-art10"') == 1
    # A document number; the decision's lead-in and closing name the regulation.
    decision = client.get(f"/docs/{AMENDMENT}").get_data(as_text=True)
    assert '获得<a class="reference" href="/docs/beijing-notice">国科办才〔2022〕177号</a>文件' in decision
    assert decision.count(f'class="reference" href="/docs/{REG}"') == 2


def test_the_json_twins_carry_each_paragraphs_references(client) -> None:  # type: ignore[no-untyped-def]
    rows = {r["anchor"]: r for r in client.get(f"/api/docs/{RULE}").get_json()["rows"]}
    assert rows["s-art1"]["paragraphs"][0]["references"] == [
        {"text": "《某市外籍人才服务条例》", "doc": REG, "article": None},
        {"text": "《某省外籍人员服务管理办法》", "doc": None, "article": None}]
    assert rows["s-art2"]["paragraphs"][0]["references"] == []
    item = client.get(f"/api/items/{RULE}:zh:art4:p1").get_json()
    assert item["references"] == [{"text": "《某市外籍人才服务条例》第十条第二款", "doc": REG, "article": f"{REG}:zh:art10"}]


def row(page: str, anchor: str) -> str:
    """The HTML of one row of the reader (a section with its paragraphs), by its anchor."""
    match = re.search(rf'<section class="row[^"]*" id="{re.escape(anchor)}"[^>]*>.*?</section>', page, re.S)
    assert match, f"no row {anchor} on the page"
    return match.group(0)


def test_the_law_has_its_header_facts_and_a_contents_list_of_its_chapters(client) -> None:  # type: ignore[no-untyped-def]
    view = client.get(f"/api/docs/{REG}").get_json()
    facts = {f["kind"]: f for f in view["document"]["facts"]}
    assert {k: f["value"] for k, f in facts.items()} == {
        "number": "某市人民政府令第15号", "adopted": "2025-10-28", "promulgated": "2025-11-05", "effective": "2026-03-01"}
    # The header's own words in each language: the note under the title, not the decree's sentence.
    assert facts["promulgated"]["words"] == {
        "zh": "2025年11月5日某市人民政府令第15号公布",
        "en": "promulgated by Decree No. 15 of the City People's Government on 5 November 2025"}
    assert [(c["anchor"], c["zh"], c["en"]) for c in view["contents"]] == [
        ("s-ch1", "第一章 总则", "Chapter I General Provisions"), ("s-ch2", "第二章 服务保障", None),
        ("s-ch2.sec1", "第一节 窗口服务", None), ("s-ch2.sec2", "第二节 数据共享", None),
        ("s-ch3", "第三章 居留与工作便利", "Chapter III Residence and Work Facilitation"), ("s-ch4", "第四章 附则", None)]
    page = client.get(f"/docs/{REG}").get_data(as_text=True)
    head = page[page.index('<header class="doc-head">'):page.index("</header>", page.index('<header class="doc-head">'))]
    assert "某市人民政府令第15号" in head and "2025-11-05" in head and "2026-03-01" in head
    assert "and effective as of 1 March 2026" in head
    toc = page[page.index('<nav class="toc"'):page.index("</nav>", page.index('<nav class="toc"'))]
    assert re.findall(r'href="#([^"]+)"', toc) == [c["anchor"] for c in view["contents"]]
    for anchor in re.findall(r'href="#([^"]+)"', toc):
        assert f'id="{anchor}"' in page
    # Documents that are not laws have no facts; their contents list names their first two levels.
    other = client.get("/api/docs/qianhai-list").get_json()
    assert other["document"]["facts"] == [] and {c["level"] for c in other["contents"]} == {1, 2}


def test_chapters_and_sections_are_headings_and_articles_rows_with_their_citations(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/docs/{REG}").get_data(as_text=True)
    zh_headings = re.findall(r'<div class="cell cell-zh" lang="zh-Hans">\s*<h(\d) class="heading"><span class="number">'
                             r'(第[一二三四五六七八九十]+[章节])</span> ([^<]+)</h\d>', page)
    assert zh_headings == [("2", "第一章", "总则"), ("2", "第二章", "服务保障"), ("3", "第一节", "窗口服务"),
                           ("3", "第二节", "数据共享"), ("2", "第三章", "居留与工作便利"), ("2", "第四章", "附则")]
    # Article 11: 第十一条 beside Article 11, each paragraph and item beside its English.
    art11 = row(page, "s-art11")
    assert '<h3 class="heading"><span class="number">第十一条</span> </h3>' in art11
    assert '<h3 class="heading"><span class="number">Article 11</span> </h3>' in art11
    assert '<span class="cite">第十一条</span>' in art11 and '<span class="cite">Article 11</span>' in art11
    assert re.search(r'id="p-art11-p1-i3".*?（三）经市科学技术部门认定为外籍高端人才的。.*?'
                     r'<div class="cell cell-en para-official" lang="en">\s*<p>\(3\) having been recognised', art11, re.S)
    # An article under a 节 is one level deeper.
    assert '<h4 class="heading"><span class="number">第五条</span>' in row(page, "s-art5")


def test_the_amendment_note_is_on_the_document_and_the_amended_articles_in_both_languages(client) -> None:  # type: ignore[no-untyped-def]
    view = client.get(f"/api/docs/{REG}").get_json()
    rows = {r["anchor"]: r for r in view["rows"]}
    assert [a for a, r in rows.items() if r["amendments"]] == ["s-art10", "s-art11", "s-art14"]
    [amendment] = rows["s-art10"]["amendments"]
    assert amendment["note"] == {"zh": "经某市人民政府令第21号修改，自2026-09-01起施行",
                                 "en": "Amended by Decree No. 21 of the City People's Government, in force from 2026-09-01"}
    [clause] = amendment["clauses"]
    assert (clause["url"], clause["number"]) == (f"/docs/{AMENDMENT}#p-cl1-p1", {"zh": "一", "en": "I"})
    assert clause["text"].startswith("将第十条第二款修改为")
    page = client.get(f"/docs/{REG}").get_data(as_text=True)
    for anchor, number in (("s-art10", "一"), ("s-art11", "二"), ("s-art14", "三")):
        html = row(page, anchor)
        zh_note = f'<a href="/docs/{AMENDMENT}">经某市人民政府令第21号修改，自2026-09-01起施行</a>：<a href="/docs/{AMENDMENT}#p-cl'
        en_note = f'<a href="/docs/{AMENDMENT}">Amended by Decree No. 21 of the City People&#39;s Government, in force from 2026-09-01</a>: <a href="/docs/{AMENDMENT}#p-cl'
        assert zh_note in html and en_note in html, anchor
        assert f"决定{number}</a>" in html
    # Article 10 has no English version: the English column still says it was amended.
    art10_en = row(page, "s-art10").split('<div class="cell cell-en"', 1)[1].split('<div class="para"', 1)[0]
    assert "No English version" in art10_en and "Amended by Decree No. 21 of the City People&#39;s Government" in art10_en
    assert "amendment" not in row(page, "s-art12")
    # The clause each note links to is on the decision's page.
    assert 'id="p-cl1-p1"' in client.get(f"/docs/{AMENDMENT}").get_data(as_text=True)


MEASURES = "city-recognition-measures"  # official English; cites the regulation and the Beijing notice


def test_official_english_units_cite_what_their_chinese_cites(client) -> None:  # type: ignore[no-untyped-def]
    # An English unit inherits its Chinese unit's resolved references, as the English prints them.
    art1 = client.get(f"/api/items/{MEASURES}:en:art1:p1").get_json()
    assert art1["references"] == [{
        "text": "item (3) of paragraph 1 of Article 11 of the Regulations of the City on Services for Foreign Talents",
        "doc": REG, "article": f"{REG}:zh:art11"}]
    # A document number in its English form: the year and number held to, the pinyin as printed.
    item = client.get(f"/api/items/{MEASURES}:en:art3:p1:i1").get_json()
    assert item["references"] == [{"text": "Guo Ke Ban Cai [2022] No. 177", "doc": "beijing-notice", "article": None}]
    # The province's measures are not in the knowledge base: the Chinese lists them, the English cannot link them.
    zh4 = client.get(f"/api/items/{MEASURES}:zh:art4:p1").get_json()["references"]
    en4 = client.get(f"/api/items/{MEASURES}:en:art4:p1").get_json()["references"]
    assert [r["doc"] for r in zh4] == [REG, None]
    assert en4 == [{"text": "paragraph 2 of Article 10 of the Regulations of the City on Services for Foreign Talents",
                    "doc": REG, "article": f"{REG}:zh:art10"}]
    rows = {r["anchor"]: r for r in client.get(f"/api/docs/{MEASURES}").get_json()["rows"]}
    assert rows["s-art4"]["paragraphs"][0]["references_en"] == en4
    assert rows["s-art4"]["paragraphs"][0]["references"] == zh4


def test_the_reader_links_the_english_citation_and_marks_what_the_knowledge_base_lacks(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/docs/{MEASURES}").get_data(as_text=True)
    art1 = row(page, "s-art1")
    assert (f'in accordance with <a class="reference" href="/docs/{REG}#s-art11">item (3) of paragraph 1 of Article 11 '
            f'of the Regulations of the City on Services for Foreign Talents</a>, for the purpose' in art1)
    assert f'<a class="reference" href="/docs/{REG}#s-art11">《某市外籍人才服务条例》第十一条第一款第（三）项</a>' in art1
    assert '<a class="reference" href="/docs/beijing-notice">Guo Ke Ban Cai [2022] No. 177</a>' in row(page, "s-art3")
    art4 = row(page, "s-art4")
    # Cited, not held: marked with a title, never a link, in the Chinese; nothing to mark in the English.
    assert '<span class="reference unresolved" title="Not in the knowledge base">《某省外国专家管理办法》</span>' in art4
    assert "Measures of the Province for the Administration of Foreign Experts apply" in art4
    assert art4.count('<a class="reference"') == 2
    assert 'class="para-meta cites"' not in page  # every English citation was found in its text


def test_english_that_names_the_cited_document_in_other_words_lists_it_after_the_text(client) -> None:  # type: ignore[no-untyped-def]
    from web.reader import unplaced_references

    app = client.application
    cited = [{"text": "《某市外籍人才服务条例》第十条第二款", "doc": REG, "article": f"{REG}:zh:art10"},
             {"text": "《某省外国专家管理办法》", "doc": None, "article": None}]
    with app.test_request_context("/"):
        # The English says "the City's regulations": the citation is listed, linked; the unresolved one is not.
        assert unplaced_references(["as the City's regulations provide"], cited) == cited[:1]
        assert unplaced_references(["under 《某市外籍人才服务条例》第十条第二款"], cited) == []


def test_before_its_day_the_amendment_is_not_yet_in_force_on_the_document_and_its_articles(client) -> None:  # type: ignore[no-untyped-def]
    from web import create_app

    data_dir = client.application.config["KB_DATA_DIR"]
    before = create_app({"TESTING": True, "KB_DATA_DIR": data_dir, "KB_AS_OF": "2026-08-31"}).test_client()
    view = before.get(f"/api/docs/{REG}").get_json()
    [amended] = view["document"]["amended_by"]
    assert (amended["status"], amended["note"]) == ("not-yet-in-force", {
        "zh": "经某市人民政府令第21号修改，自2026-09-01起施行（尚未生效）",
        "en": "Amended by Decree No. 21 of the City People's Government, in force from 2026-09-01 (not yet in force)"})
    rows = {r["anchor"]: r for r in view["rows"]}
    assert [a["status"] for a in rows["s-art11"]["amendments"]] == ["not-yet-in-force"]
    page = before.get(f"/docs/{REG}").get_data(as_text=True)
    art11 = row(page, "s-art11")
    assert "（尚未生效）</a>" in art11 and "(not yet in force)</a>" in art11
    assert page.count('data-status="not-yet-in-force"') == 7  # the document, and art10, art11, art14 in each column
    # From the day on (the module's client is a month later), in force, as the note says.
    after = client.get(f"/api/docs/{REG}").get_json()
    assert after["document"]["amended_by"][0]["status"] == "in-force"
    assert "尚未生效" not in client.get(f"/docs/{REG}").get_data(as_text=True)
    assert client.get(f"/api/docs/{REG}").get_json()["document"]["amended_by"][0]["note"]["en"] == (
        "Amended by Decree No. 21 of the City People's Government, in force from 2026-09-01")


def openapi_schema(client, path: str) -> dict:  # type: ignore[no-untyped-def]
    """The 200 response schema the app describes for ``path``, its ``$ref``s and OpenAPI
    3.0's ``nullable`` turned into plain JSON Schema."""
    description = client.get("/api/openapi.json").get_json()

    def plain(node):  # type: ignore[no-untyped-def]
        if isinstance(node, list):
            return [plain(n) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return plain(description["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]])
        out = {k: plain(v) for k, v in node.items() if k != "nullable"}
        if node.get("nullable"):
            out["type"] = [node["type"], "null"]
        return out

    return plain(description["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"])


def test_the_api_description_names_references_in_both_languages_and_the_amendment_status(client) -> None:  # type: ignore[no-untyped-def]
    import jsonschema_rs  # schemathesis's validator

    schema = openapi_schema(client, "/api/docs/{doc_id}")
    paragraph_fields = schema["properties"]["rows"]["items"]["properties"]["paragraphs"]["items"]["properties"]
    assert set(paragraph_fields) == {"references", "references_en"}
    amendment = schema["properties"]["rows"]["items"]["properties"]["amendments"]["items"]
    assert amendment["properties"]["status"]["enum"] == ["in-force", "not-yet-in-force"]
    validator = jsonschema_rs.validator_for(schema)
    for doc in (REG, RULE, AMENDMENT, "beijing-notice"):
        errors = [str(e) for e in validator.iter_errors(client.get(f"/api/docs/{doc}").get_json())]
        assert errors == [], doc
    # What the schema says is what a law's view holds.
    view = client.get(f"/api/docs/{REG}").get_json()
    assert [a["status"] for a in view["document"]["amended_by"]] == ["in-force"]
