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
    assert f'<a class="reference" href="/docs/{REG}">《某市外籍人才服务条例》</a>《某省外籍人员服务管理办法》和' in art1
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
