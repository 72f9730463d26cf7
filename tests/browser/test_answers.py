"""A question answered in the browser: the answer card above the hits, both languages, the
citation copied with one click, and what was understood said on the page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .helpers import screenshot
from .test_pages import search_for

expect = pytest.importorskip("playwright.sync_api",
                             reason="browser tests need the playwright package (pip install -e '.[test]')").expect


def test_question_shows_an_answer_card_with_its_clause(page: Any) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    search_for(page, "诺贝尔奖获得者可以认定为A类人才吗")
    expect(page.locator(".note.understood")).to_contain_text("city Beijing")
    card = page.locator("section.answer")
    expect(card).to_be_visible()
    expect(card.locator('[lang="zh-Hans"] .answer-text')).to_contain_text("诺贝尔奖获得者")
    expect(card.locator('[lang="en"] .answer-text')).to_contain_text("Nobel Prize")
    first_hit = page.locator("ol.hits > li.hit").first
    box, hit = card.bounding_box(), first_hit.bounding_box()
    assert box is not None and hit is not None and box["y"] < hit["y"]  # above the hits
    expect(first_hit).to_have_attribute("data-id", "beijing-notice:zh:annex-1.2.1:p1")
    cite = page.get_by_label("Citation (Chinese)")
    expect(cite).to_have_value(re.compile(r"附件1 二\.1"))
    button = card.locator('button.copy[data-copy="answer-cite-zh"]')
    expect(button).to_be_visible()
    button.click()
    expect(button).to_have_text("Copied")
    assert "附件1 二.1" in page.evaluate("navigator.clipboard.readText()")
    screenshot(page, "answer-card")


def test_question_about_a_requirement_answers_from_the_record(page: Any) -> None:
    search_for(page, "What degree does a blockchain R&D engineer need in Beijing?")
    expect(page.locator(".note.understood")).to_contain_text("asks degree")
    card = page.locator("section.answer")
    expect(card).to_have_attribute("data-id", "bj-13")
    expect(card).to_contain_text("学士及以上学位或相当学历")
    expect(card).to_contain_text("Bachelor's degree or above")
    # Beijing's English is this knowledge base's translation: the card says so next to it.
    label = card.locator('[lang="en"] .badge.unofficial')
    expect(label).to_be_visible()
    expect(label).to_have_text("this knowledge base's translation (unofficial)")
