"""Validity: when a document says it was issued, takes effect and ends, read from its own words.

Read once per build, by rule, from the document's paragraph units (the Chinese
first), so a new notice gets its dates without code:

- ``自 2023 年 1 月 1 日起实施`` (施行, 执行, 生效): effective from that day;
- ``自发布之日起施行`` (印发之日): effective from the day it was issued;
- ``试行 2 年`` (试行期 N 年): a trial period ending the day before N years later;
- ``有效期至 2025 年 12 月 31 日``: effective until that day;
- ``有效期 5 年``: effective until the day before 5 years after it took effect;
- a date alone on a line (the closing of a notice): the day it was issued;
- a normative document's header (:mod:`.schemes`): its 公布 line is the day it was issued, its
  ``自2026年3月1日起施行`` the day it takes effect; the header comes before the text.

有效期, 有效期至 and 试行 N 年 count only where their subject is the document itself
(:func:`about_the_document`): 本办法 / 本通知 / 本规定 / 本条例 / 本试点…, or a sentence that
names no other subject. 有效期 also describes permits, visas and receipts (居留证件有效期1年,
受理回执有效期, 有效期5年的居留证件, 持有效期至…的工作许可): those never end the document.

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
# The document speaking of itself, and the things other than it that have a 有效期.
SELF_RE = re.compile(r"^本?(?:办法|通知|规定|条例|细则|决定|意见|方案|试点|标准|目录|清单|措施|规则|公告|"
                     r"实施意见|暂行办法|法)|本(?:办法|通知|规定|条例|细则|决定|意见|方案|试点|标准|目录|清单|措施|规则|"
                     r"公告|法)")
HOLDER_RE = re.compile(r"证|许可|回执|护照|执照|批件|签注|居留|卡|合同|协议|资格|备案|登记")
LEAD_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|第[一二三四五六七八九十百]+条)"
                     r"|[\s的其均]+$|^[\s的其均]+")
# Header events that give a date, and how the header line they come from is cited.
HEADER_CITATION = {"statement": {"zh": "公布令", "en": "the promulgating decree"},
                   "dates": {"zh": "题注", "en": "the note under the title"},
                   "date": {"zh": "落款日期", "en": "the date line"}}
NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九十")} | {"两": 2}
NOT_RULES = ("research-paper",)
STATUSES = ("in-force", "trial", "trial-ended", "expired", "repealed", "not-yet-in-force", "no-period")
# Statuses that warrant a notice: the stated period has ended (or a later document ended it),
# or has not begun.
ENDED = ("trial-ended", "expired", "repealed")
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


def _subject(clause: str) -> str:
    return LEAD_RE.sub("", LEAD_RE.sub("", clause.strip())).strip()


def about_the_document(match: re.Match[str]) -> bool:
    """Is the 有效期 / 有效期至 / 试行 the words matched the document's own?

    The subject is what stands before the words in their clause (``居留证件有效期1年``: a
    permit's), else the nearest earlier clause of the sentence that names one
    (``本试点自…起实施，有效期至…``: the document's); a sentence that names none is the
    document speaking. Words that qualify a noun (``有效期5年的居留证件``) are never its own.
    """
    text = match.string
    if text[match.end():match.end() + 1] == "的":
        return False
    start = max(text.rfind(mark, 0, match.start()) for mark in "。；！？\n") + 1
    clauses = re.split(r"[，,：:]", text[start:match.start()])
    for n, clause in enumerate(reversed(clauses)):
        subject = _subject(clause)
        if not subject:
            continue
        if HOLDER_RE.search(subject):
            return False
        if SELF_RE.search(subject):
            return True
        if n == 0:
            return False  # a subject of its own that is not the document (该措施有效期…)
    return True


def _header_events(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The dated events of the document's header, the Chinese first, in file order."""
    header = doc.get("header") or {}
    files = {f["lang"]: f["path"] for f in doc.get("files") or []}
    return [e | {"lang": lang, "path": files.get(lang)} for lang in ("zh", "en") for e in header.get(lang) or []
            if e.get("date")]


def _header_source(event: dict[str, Any]) -> dict[str, Any]:
    form = "statement" if event.get("statement") else "date" if event["kind"] == "date" else "dates"
    return {"from": "header", "path": event["path"], "line": event["line"], "lang": event["lang"],
            "citation": dict(HEADER_CITATION[form]), "words": event["text"], "sentence": event["text"]}


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
    # A normative document's header: promulgated (or its date line) is issued, 施行 effective.
    for event in _header_events(doc) if rule else []:
        day = date.fromisoformat(event["date"])
        if event["kind"] == "effective" and found["effective_from"] is None:
            found["effective_from"], sources["effective_from"] = day, _header_source(event)
        if event["kind"] in ("promulgated", "date") and found["issued"] is None:
            found["issued"], sources["issued"] = day, _header_source(event)
    ordered = sorted(units, key=lambda u: (u.lang != "zh", u.order))
    for unit in ordered if rule else []:
        text = unit.text
        if found["issued"] is None and (m := ISSUED_RE.match(text)) and (day := _date(m)):
            found["issued"], sources["issued"] = day, _source(unit, m, title)
        if found["effective_from"] is None and (m := FROM_DATE_RE.search(text)) and (day := _date(m)):
            found["effective_from"], sources["effective_from"] = day, _source(unit, m, title)
        if from_issue is None and (m := FROM_ISSUE_RE.search(text)):
            from_issue = _source(unit, m, title)
        if found["effective_until"] is None:
            m = next((m for m in UNTIL_RE.finditer(text) if _date(m) and about_the_document(m)), None)
            if m is not None:
                found["effective_until"], sources["effective_until"] = _date(m), _source(unit, m, title)
        if term is None:
            m = next((m for pattern in (TRIAL_RE, TERM_RE) for m in pattern.finditer(text)
                      if about_the_document(m)), None)
            if m is not None:
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
    repealed = validity.get("repealed")
    # Repealed by a later document (:mod:`.repeals`) from its day on; its own status before.
    if repealed and (repealed.get("on") is None or day >= repealed["on"]):
        return "repealed"
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
