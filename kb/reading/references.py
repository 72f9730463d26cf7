"""Cross-references: the titles (《…》) and document numbers (〔YYYY〕N号) a text cites,
resolved to the documents of the knowledge base.

Every Chinese unit gets ``references``: one ``{"text", "doc", "article"}`` per citation in
it, in order -- ``text`` as printed (``《某市外籍人才服务条例》第十条第二款``), ``doc`` the
id of the document it names (``None``: cited, not in the knowledge base) and ``article``
the section of the article it names where it names one and the document has it
(``city-talent-regulation:zh:art10``). A title is matched whole, spaces ignored, with or
without a leading 中华人民共和国 and with 〈〉 read as 《》; a document number is matched
with the number a document states (its manifest's, or its header's).

An official English unit, once aligned, inherits the resolved references of the Chinese
units it translates (:func:`inherit_references`), its ``text`` what the English prints for
the cited document where it can be found (the English title, the number, or its pinyin form
with the same year and number), so the reader links it in the English too.
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
    """Set every Chinese unit's ``references`` (an English unit's stay empty). A document's own
    title or number (its header, its closing) is not a reference: it leads nowhere new."""
    titles, numbers = document_keys(documents)
    for unit in units:
        if unit.lang == "zh":
            unit.references = [r for r in references_in(unit.text, titles, numbers, section_ids)
                               if r["doc"] != unit.doc]


# An English citation of an article, around the cited document's name:
# "item (3) of paragraph 1 of Article 11 of the Regulations…" or "Article 11, paragraph 1, item (3) of the …".
EN_PART = r"(?:item \(\d+\)|paragraph \d+|sub-item \d+)"
EN_NUMBER_RE = re.compile(r"〔(?P<year>\d{4})〕(?P<n>\d+)号$")


def english_names(document: dict[str, Any]) -> list[str]:
    """Patterns for how an English text names a document: its English title (with or without
    "the"), its number as printed, and a number's official English form (国科办才〔2022〕177号 →
    Guo Ke Ban Cai [2022] No. 177: the issuer's pinyin is not derived, only the year and number
    are held to)."""
    names = []
    title = ((document.get("title") or {}).get("en") or "").strip()
    if title:
        # Any case for the title (the Regulations…, "the regulations…" in running text).
        names.append(r"(?i:(?:the )?" + r"\s+".join(re.escape(word) for word in title.split()) + ")")
    number = re.sub(r"\s", "", document.get("number") or "")
    if number:
        names.append(re.escape(number))
        if m := EN_NUMBER_RE.search(number):
            names.append(rf"(?:[A-Z][a-z]* )+\[{m.group('year')}\] No\. {m.group('n')}\b")
    return names


def english_span(text: str, document: dict[str, Any], article: str | None) -> str | None:
    """Where ``text`` (English) names ``document`` -- with the article cited, where it cites
    that article -- or None."""
    number = re.search(r":art(\d+)$", article or "")
    for name in english_names(document):
        if number:
            art = rf"Article {number.group(1)}\b"
            for pattern in (rf"(?:{EN_PART} of )*{art} of {name}", rf"{art}(?:, {EN_PART})* of {name}",
                            rf"{name},? {art}(?:, {EN_PART})*"):
                if m := re.search(pattern, text):
                    return m.group(0)
        if m := re.search(name, text):
            return m.group(0)
    return None


def english_references(references: Iterable[dict[str, Any]], text: str,
                       documents: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The references an English rendering of a Chinese text makes: each resolved one of the
    Chinese (``references``), once, with ``text`` what the English prints for it (the cited
    article with the document's name where it says so, else the name alone) or, where the
    English names it in no way this can find, the Chinese citation as printed. Unresolved
    citations are the Chinese unit's alone: nothing in the English can be linked to them."""
    out: list[dict[str, Any]] = []
    for ref in references:
        if not ref.get("doc") or ref["doc"] not in documents:
            continue
        if any(r["doc"] == ref["doc"] and r["article"] == ref.get("article") for r in out):
            continue
        span = english_span(text, documents[ref["doc"]], ref.get("article"))
        out.append({"text": span or ref["text"], "doc": ref["doc"], "article": ref.get("article")})
    return out


def inherit_references(units: Iterable[Any], documents: list[dict[str, Any]]) -> None:
    """Give each official English unit aligned with Chinese units the references those make
    (:func:`english_references`), once the alignment has set its ``counterparts``."""
    units = list(units)
    by_id = {u.id: u for u in units}
    by_doc = {d["id"]: d for d in documents}
    for unit in units:
        if unit.lang == "zh" or not unit.counterparts:
            continue
        cited = [r for c in unit.counterparts if c in by_id for r in by_id[c].references]
        unit.references = english_references(cited, unit.text, by_doc)
