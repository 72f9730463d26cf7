"""Cross-references: the titles (《…》) and document numbers (〔YYYY〕N号) a text cites,
resolved to the documents of the knowledge base.

Every Chinese unit gets ``references``: one ``{"text", "doc", "article"}`` per citation in
it, in order -- ``text`` as printed (``《某市外籍人才服务条例》第十条第二款``), ``doc`` the
id of the document it names (``None``: cited, not in the knowledge base) and ``article``
the section of the article it names where it names one and the document has it
(``city-talent-regulation:zh:art10``). A title is matched whole, spaces ignored, with or
without a leading 中华人民共和国 and with 〈〉 read as 《》; a document number is matched
with the number a document states (its manifest's, or its header's).
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from .schemes import ZH_NUMERAL, zh_number

TITLE_REF_RE = re.compile(rf"《(?P<title>[^《》]{{2,80}})》(?P<article>第(?P<n>[{ZH_NUMERAL}\d]+)条"
                          rf"(?:之(?P<sub>[{ZH_NUMERAL}]+))?"
                          rf"(?:第[{ZH_NUMERAL}]+款)?(?:第[（(][{ZH_NUMERAL}]+[)）]项)?)?")
# An issuer's abbreviation (2-6 characters) before the year and number: 国科办才〔2022〕177号.
NUMBER_REF_RE = re.compile(r"[\u4e00-\u9fff]{2,6}〔\d{4}〕\d+号")


def article_id(doc: str, n: int, sub: str | None = None) -> str:
    """The Chinese article section 第N条 (之M) names: ``DOC:zh:art12``, ``DOC:zh:art12-1``."""
    return f"{doc}:zh:art{n}" + (f"-{zh_number(sub)}" if sub else "")


def title_key(title: str) -> str:
    key = re.sub(r"\s", "", title).replace("〈", "《").replace("〉", "》")
    return key.removeprefix("中华人民共和国")


def references_in(text: str, titles: dict[str, str], numbers: dict[str, str],
                  sections: set[str]) -> list[dict[str, Any]]:
    found: list[tuple[int, dict[str, Any]]] = []
    for m in TITLE_REF_RE.finditer(text):
        doc = titles.get(title_key(m.group("title")))
        article = None
        if doc and m.group("n") and (n := zh_number(m.group("n"))) is not None \
                and article_id(doc, n, m.group("sub")) in sections:
            article = article_id(doc, n, m.group("sub"))
        found.append((m.start(), {"text": m.group(0), "doc": doc, "article": article}))
    for m in NUMBER_REF_RE.finditer(text):
        # The abbreviation may have taken a word before it (获得国科办才…): a stated number
        # the match ends with is the one cited.
        number = next((n for n in numbers if m.group(0).endswith(n)), None)
        found.append((m.start(), {"text": number or m.group(0), "doc": numbers.get(number or ""),
                                  "article": None}))
    return [ref for _, ref in sorted(found, key=lambda pair: pair[0])]


def document_keys(documents: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """The documents' ids by title key and by stated number, as citations are matched."""
    titles = {title_key(d["title"]["zh"]): d["id"] for d in documents if (d.get("title") or {}).get("zh")}
    numbers = {re.sub(r"\s", "", d["number"]): d["id"] for d in documents if d.get("number")}
    return titles, numbers


def resolve_references(units: Iterable[Any], documents: list[dict[str, Any]], section_ids: set[str]) -> None:
    """Set every Chinese unit's ``references`` (an English unit's stay empty)."""
    titles, numbers = document_keys(documents)
    for unit in units:
        if unit.lang == "zh":
            unit.references = references_in(unit.text, titles, numbers, section_ids)
