"""Repeals: a later document of the knowledge base that says an earlier one is repealed.

A rule's closing article often ends the rule it replaces: ``本办法自2026年1月1日起施行，《X》同时
废止`` (repealed the day the new one takes effect) or ``《X》（某市人民政府令第9号）自2026年1月1日起
废止`` (from the day named). X is found as :mod:`.references` finds a citation: by its title
(with or without 中华人民共和国) or by its document number, in the parentheses or alone
(国科办才〔2022〕177号同时废止). X's ``validity`` then carries ``repealed``: ``{"on", "by"}``,
``on`` the day (None when neither the words nor the repealing document give one: repealed,
from a day not known) and ``by`` where it was read (the repealing document, its number and
title, the unit, its citation and sentence); the repealing document lists what it repeals in
``repeals``. The status on a day (:func:`kb.reading.validity.status_of`) is ``repealed`` from
that day on, and X's own before it.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from .references import document_keys, references_in, title_key
from .validity import DATE, _sentence

_CITE = r"(?:《[^《》]{2,80}》(?:[（(][^（）()]{1,40}[)）])?|[\u4e00-\u9fff]{2,12}〔\d{4}〕\d+号)"
REPEAL_RE = re.compile(rf"(?P<cites>{_CITE}(?:[、和及]{_CITE})*)\s*(?:同时|自\s*{DATE}\s*起\s*)(?:予以)?废止")
CITE_RE = re.compile(r"《(?P<title>[^《》]{2,80})》(?:[（(](?P<number>[^（）()]{1,40})[)）])?"
                     r"|(?P<bare>[\u4e00-\u9fff]{2,12}〔\d{4}〕\d+号)")


def repeals_in(text: str, titles: dict[str, str], numbers: dict[str, str]) -> list[tuple[str | None, str, re.Match[str]]]:
    """``(doc, cited, match)`` for every document the text repeals: ``doc`` the id it resolves to
    (None: not in the knowledge base), ``cited`` as printed, ``match`` the repeal's words."""
    found = []
    for match in REPEAL_RE.finditer(text):
        for cite in CITE_RE.finditer(match.group("cites")):
            doc = None
            if cite.group("title"):
                doc = titles.get(title_key(cite.group("title")))
            number = re.sub(r"\s", "", cite.group("number") or cite.group("bare") or "")
            if doc is None and number:
                doc = numbers.get(number) or next(
                    (ref["doc"] for ref in references_in(number, titles, numbers, set()) if ref["doc"]), None)
            found.append((doc, cite.group(0), match))
    return found


def _day(match: re.Match[str]) -> str | None:
    groups = match.groups()[1:4]
    if groups[0] is None:
        return None
    return f"{int(groups[0]):04d}-{int(groups[1]):02d}-{int(groups[2]):02d}"


def link_repeals(documents: list[dict[str, Any]], units: Iterable[Any]) -> None:
    """Set ``validity.repealed`` on every document a later one repeals, and ``repeals`` on it.

    Runs after the documents' own validity is read: a 同时废止 takes the repealing document's
    start (else the day it was issued)."""
    titles, numbers = document_keys(documents)
    by_id = {d["id"]: d for d in documents}
    for doc in documents:
        doc["repeals"] = []
    for unit in sorted((u for u in units if u.lang == "zh"), key=lambda u: (u.doc, u.order)):
        repealer = by_id.get(unit.doc)
        if repealer is None:
            continue
        for target_id, cited, match in repeals_in(unit.text, titles, numbers):
            own = repealer.get("validity") or {}
            on = _day(match) or own.get("effective_from") or own.get("issued")
            repealer["repeals"].append({"doc": target_id, "cited": cited, "on": on, "unit": unit.id})
            target = by_id.get(target_id or "")
            if target is None or target is repealer:
                continue
            by = {"from": "text", "doc": repealer["id"], "number": repealer.get("number"),
                  "title": dict(repealer.get("title") or {}), "unit": unit.id, "section": unit.section,
                  "citation": dict(unit.citation), "full_citation": dict(unit.citation),
                  "words": match.group(0), "sentence": _sentence(match)}
            validity = target.setdefault("validity", {})
            earlier = validity.get("repealed")
            # The earliest repeal counts; one without a day (repealed, day unknown) counts first.
            if earlier is None or (earlier["on"] is not None and (on is None or on < earlier["on"])):
                validity["repealed"] = {"on": on, "by": by}
