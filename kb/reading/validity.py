"""Validity: when a document says it was issued, takes effect and ends, read from its own words.

Read once per build, by rule, from the document's paragraph units (the Chinese
first), so a new notice gets its dates without code:

- ``自 2023 年 1 月 1 日起实施`` (施行, 执行, 生效): effective from that day;
- ``自发布之日起施行`` (印发之日): effective from the day it was issued;
- ``试行 2 年`` (试行期 N 年): a trial period ending the day before N years later;
- ``有效期至 2025 年 12 月 31 日``: effective until that day;
- ``有效期 5 年``: effective until the day before 5 years after it took effect;
- a date alone on a line (the closing of a notice): the day it was issued.

Each date says where it was found: the unit (with its section and citation) and
the words, or the manifest (its ``date``, or a ``[document.validity]`` override with
its reason). Research papers are published, not rules, and get no period. The
status on a given day (:func:`status_of`; labels and notices in
:mod:`kb.services.validity`) is computed when asked, never stored, so the day asked
about never needs a rebuild.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Iterable

from .text import book_title

DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
COUNT = r"(\d+|[一二两三四五六七八九十])"
FROM_DATE_RE = re.compile(r"自\s*" + DATE + r"\s*起\s*(?:正式)?(?:实施|施行|执行|生效)")
FROM_ISSUE_RE = re.compile(r"自\s*(?:发布|印发|公布|颁布)之日起\s*(?:实施|施行|执行|生效)")
TRIAL_RE = re.compile(r"试行(?:期(?:为)?)?\s*" + COUNT + r"\s*年")
UNTIL_RE = re.compile(r"有效期(?:至|到)\s*" + DATE)
TERM_RE = re.compile(r"有效期(?:为)?\s*" + COUNT + r"\s*年")
ISSUED_RE = re.compile(r"^\s*" + DATE + r"\s*$")
NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九十")} | {"两": 2}
NOT_RULES = ("research-paper",)
STATUSES = ("in-force", "trial", "trial-ended", "expired", "not-yet-in-force", "no-period")
# Statuses that warrant a notice: the stated period has ended, or has not begun.
ENDED = ("trial-ended", "expired")
NOTICE = ENDED + ("not-yet-in-force",)


def _count(text: str) -> int:
    return int(text) if text.isdigit() else NUMERALS[text]


def _date(match: re.Match[str], first: int = 1) -> date | None:
    try:
        return date(*(int(match.group(first + i)) for i in range(3)))
    except ValueError:
        return None


def add_years(day: date, years: int) -> date:
    """The day ``years`` years after ``day`` (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _short(citation: dict[str, str | None], title: dict[str, str | None]) -> dict[str, str | None]:
    """A unit's citation without the document's title (``三`` / ``III``), for a notice on that document."""
    zh, en = citation.get("zh"), citation.get("en")
    if zh and title.get("zh") and zh.startswith(book_title(title["zh"])):
        zh = zh[len(title["zh"]) + 2:]
    if en and title.get("en") and en.startswith(f"{title['en']}, "):
        en = en[len(title["en"]) + 2:]
    return {"zh": zh, "en": en}


def _source(unit: Any, match: re.Match[str], title: dict[str, str | None]) -> dict[str, Any]:
    return {"from": "text", "unit": unit.id, "section": unit.section, "doc": unit.doc,
            "citation": _short(unit.citation, title), "full_citation": dict(unit.citation),
            "words": match.group(0), "sentence": _sentence(match)}


def _sentence(match: re.Match[str]) -> str:
    """The sentence (up to 。；!?) the words were found in."""
    text = match.string
    start = max(text.rfind(mark, 0, match.start()) for mark in "。；！？\n") + 1
    ends = [i for i in (text.find(mark, match.end()) for mark in "。；！？\n") if i >= 0]
    return text[start:min(ends) + 1 if ends else len(text)].strip()


def manifest_date(text: str | None) -> date | None:
    """A manifest date: ``2022-12-30`` is a day; ``2020`` or ``2023-08`` is not."""
    try:
        return date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None


def read_validity(doc: dict[str, Any], units: Iterable[Any]) -> dict[str, Any]:
    """The document's issued date, effective period and trial flag, each with its source."""
    rule = doc.get("kind") not in NOT_RULES
    found: dict[str, Any] = {"issued": None, "effective_from": None, "effective_until": None}
    sources: dict[str, Any] = {}
    trial = False
    term: tuple[int, dict[str, Any]] | None = None
    from_issue: dict[str, Any] | None = None
    title = doc.get("title") or {}
    ordered = sorted(units, key=lambda u: (u.lang != "zh", u.order))
    for unit in ordered if rule else []:
        text = unit.text
        if found["issued"] is None and (m := ISSUED_RE.match(text)) and (day := _date(m)):
            found["issued"], sources["issued"] = day, _source(unit, m, title)
        if found["effective_from"] is None and (m := FROM_DATE_RE.search(text)) and (day := _date(m)):
            found["effective_from"], sources["effective_from"] = day, _source(unit, m, title)
        if from_issue is None and (m := FROM_ISSUE_RE.search(text)):
            from_issue = _source(unit, m, title)
        if found["effective_until"] is None and (m := UNTIL_RE.search(text)) and (day := _date(m)):
            found["effective_until"], sources["effective_until"] = day, _source(unit, m, title)
        if term is None and (m := TRIAL_RE.search(text) or TERM_RE.search(text)):
            trial = trial or m.re is TRIAL_RE
            term = (_count(m.group(1)), _source(unit, m, title))
    if found["issued"] is None and (day := manifest_date(doc.get("date"))):
        found["issued"], sources["issued"] = day, {"from": "manifest", "words": doc.get("date")}
    if found["effective_from"] is None and from_issue is not None and found["issued"] is not None:
        found["effective_from"], sources["effective_from"] = found["issued"], from_issue
    if found["effective_until"] is None and term is not None and found["effective_from"] is not None:
        years, source = term
        found["effective_until"] = add_years(found["effective_from"], years) - timedelta(days=1)
        sources["effective_until"] = source
    override = doc.get("validity_override")
    if override:
        for key in found:
            if override.get(key):
                value = override[key]
                found[key] = None if value == "none" else date.fromisoformat(value)
                sources[key] = {"from": "manifest", "words": value, "reason": override["reason"]}
    return {
        "rule": rule,
        "trial": trial,
        **{key: value.isoformat() if value else None for key, value in found.items()},
        "sources": {key: sources.get(key) for key in found},
        "override": {"reason": override["reason"]} if override else None,
    }


def status_of(validity: dict[str, Any] | None, as_of: date) -> str:
    """The status key of a document's validity on ``as_of``."""
    if not validity or not validity.get("rule"):
        return "no-period"
    start, end = validity.get("effective_from"), validity.get("effective_until")
    day = as_of.isoformat()
    if start and day < start:
        return "not-yet-in-force"
    if end and day > end:
        return "trial-ended" if validity.get("trial") else "expired"
    if validity.get("trial"):
        return "trial"
    if start or end:
        return "in-force"
    return "no-period"


def statuses(documents: dict[str, dict[str, Any]], as_of: date) -> dict[str, str]:
    """Each document's status key on ``as_of``."""
    return {doc_id: status_of(doc.get("validity"), as_of) for doc_id, doc in documents.items()}
