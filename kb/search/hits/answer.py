"""The answer card: the answer to a question, read from the top hit, or nothing.

Only two things answer, and never an invented text:

- an **occupation** at rank 1 whose title the question names (a word of the title is marked),
  when the question asks about a field of it (:data:`RECORD_FIELDS`): that field's two
  languages and the record's citation (bj-13 + degree → 学士及以上学位或相当学历);
- a **passage** at rank 1 (a paragraph or numbered clause) that holds most of the question's
  content words (:data:`PASSAGE_COVERAGE`): its text and its citation (附件1 二.1).

- the **validity** of the document a question names ("Is the Beijing catalogue still valid?",
  ``asks`` = ``validity``): its status on the search's day, the period it states, and the
  clause that states it (试行 2 年, 三);
- the **requirements** of an occupation named with a city and no requirement ("Can I work in
  Beijing as a chip designer?"): the occupation at rank 1 whose title the question names, as
  that city's list has it -- its degree, experience and specialties, each with its text, and
  the record's citation (``asks`` = ``requirements``). A city whose list lacks it gets no card.

Anything else is ``None``: the page shows the hits without a card.

The card says when and where it holds: ``doc`` and ``status`` (its document's validity on the
search's day, so the page shows the same banner as on that document's hits), and for an
occupation ``per_list``: the same occupation in every list the knowledge base has it in (its
title, or a close variant: 区块链工程师 / 区块链研发工程师, :data:`SAME_TITLE_RATIO`), each with its
own requirement, city and citation, so a question that names no city is not answered for one
city silently; a question that names a city gets that city's alone.

Like a hit, the card lists in ``unofficial`` its English that is this knowledge base's own
translation rather than the issuer's: ``["text.en"]`` when the record's field (its
``unofficial`` list, e.g. ``degree.en`` of a Beijing record) or the unit's English
(its ``text_status``: a Chinese-only paragraph read through its curated translation) is
unofficial, ``[]`` when the English is official (a Qianhai record or aligned paragraph).
"""

from __future__ import annotations

from typing import Any

from ...store import KnowledgeBase
from ..analysis import query_tokens
from ..query.prepare import english_stems

# Which record field answers which ``asks``.
RECORD_FIELDS = {
    "min_degree": "degree", "experience_years": "experience", "specialties": "specialties",
    "severity": "severity_label", "shortage_duration": "shortage_duration_label", "other": "other",
}
# What an occupation named with a city is answered with: its requirements, in this order.
REQUIREMENT_FIELDS = ("min_degree", "experience_years", "specialties")
# How a card joins several requirements' texts into one.
JOINERS = {"zh": "；", "en": "; "}
# Two lists' titles name the same occupation at this similarity (rapidfuzz's ratio, 0-100, of the
# Chinese titles; or the same English title): 区块链工程师 / 区块链研发工程师 86, 区块链场景应用师 57.
SAME_TITLE_RATIO = 80
# The share of the question's content words a passage must hold to answer it.
PASSAGE_COVERAGE = 0.75


def _content_words(content: str) -> tuple[set[str], set[str]]:
    zh = {w for w, _, _ in query_tokens(content) if len(w) > 1 and not w.isascii()}
    en = {s for s in english_stems(content) if len(s) > 2}
    return zh, en


def _coverage(content: str, texts: dict[str, str | None]) -> float:
    zh, en = _content_words(content)
    if not zh and not en:
        return 0.0
    zh_text = texts.get("zh") or ""
    en_stems = set(english_stems(texts.get("en") or "")) | set(english_stems(zh_text))
    found = sum(w in zh_text for w in zh) + sum(s in en_stems for s in en)
    return found / (len(zh) + len(en))


def _same_occupations(kb: KnowledgeBase, record: dict[str, Any]) -> list[dict[str, Any]]:
    """The other records of the same occupation (its title or a close variant: 区块链工程师 /
    区块链研发工程师, or the same English title), in the build's order; computed once per record
    over the titles at once, since a build never changes."""
    def compute() -> list[dict[str, Any]]:
        from rapidfuzz import fuzz, process  # when an answer card compares titles (kb/search/query/typos.py)

        zh_titles, en_titles = kb.memo("record titles", lambda: (
            [(r.get("title") or {}).get("zh") or "" for r in kb.records],
            [((r.get("title") or {}).get("en") or "").lower() for r in kb.records]))
        zh = (record.get("title") or {}).get("zh") or ""
        en = ((record.get("title") or {}).get("en") or "").lower()
        close = {i for _, _, i in process.extract(zh, zh_titles, scorer=fuzz.ratio, score_cutoff=SAME_TITLE_RATIO,
                                                   limit=None)} if zh else set()
        if en:
            close |= {i for i, title in enumerate(en_titles) if title == en}
        return [kb.records[i] for i in sorted(close) if kb.records[i]["id"] != record["id"]]

    return kb.memo(("same occupation", record["id"]), compute)


def _record_answer(record: dict[str, Any], asks: str, statuses: dict[str, str]) -> dict[str, Any] | None:
    value = record.get(RECORD_FIELDS[asks]) or {}
    if not (value.get("zh") or value.get("en")):
        return None
    curated = bool(value.get("en")) and f"{RECORD_FIELDS[asks]}.en" in record["unofficial"]
    return {"id": record["id"], "asks": asks, "text": {"zh": value.get("zh"), "en": value.get("en")},
            "citation": dict(record["source"].get("citation") or {"zh": None, "en": None}),
            "unofficial": ["text.en"] if curated else [],
            "list": record.get("list"), "city": record.get("city"),
            "doc": record.get("doc"), "status": statuses.get(record.get("doc") or "")}


def _requirements_answer(record: dict[str, Any], statuses: dict[str, str]) -> dict[str, Any] | None:
    """The card of an occupation's requirements: each one's text, and all joined as the card's text."""
    parts = [a for a in (_record_answer(record, asks, statuses) for asks in REQUIREMENT_FIELDS) if a is not None]
    if not parts:
        return None
    text = {lang: JOINERS[lang].join(p["text"][lang] for p in parts if p["text"][lang]) or None
            for lang in ("zh", "en")}
    unofficial = ["text.en"] if any(p["unofficial"] for p in parts) else []
    return parts[0] | {"asks": "requirements", "text": text, "unofficial": unofficial,
                       "requirements": [{"asks": p["asks"], "text": p["text"], "unofficial": p["unofficial"]}
                                        for p in parts]}


def _validity_answer(kb: KnowledgeBase, doc_id: str, statuses: dict[str, str]) -> dict[str, Any] | None:
    """The card of a document's validity: its status and period, and the clause stating the date
    the status turns on."""
    # kb.services depends on the search, so its validity labels are imported when asked for.
    from ...services.validity import LABELS, clause, message

    doc = kb.documents.get(doc_id)
    status = statuses.get(doc_id)
    if doc is None or status is None:
        return None
    validity = doc.get("validity") or {}
    label = LABELS[status]
    period = f"{validity.get('effective_from') or '…'} – {validity.get('effective_until') or '…'}"
    dated = validity.get("effective_from") or validity.get("effective_until")
    notice = message(validity, status) or ({"zh": f"文件所述期间 {period}", "en": f"Stated period {period}"}
                                           if dated else None)
    source = clause(validity, status) or (validity.get("sources") or {}).get("effective_from") or {}
    citation = source.get("full_citation") or source.get("citation") or {"zh": doc["title"].get("zh"),
                                                                         "en": doc["title"].get("en")}
    return {"id": doc_id, "asks": "validity",
            "text": {"zh": label["zh"] + (f"：{notice['zh']}" if notice else ""),
                     "en": label["en"] + (f": {notice['en']}" if notice else "")},
            "citation": {"zh": citation.get("zh"), "en": citation.get("en")},
            "unofficial": [], "doc": doc_id, "status": status,
            "clause": {"unit": source.get("unit"), "sentence": source.get("sentence")} if source.get("unit") else None}


def answer_card(kb: KnowledgeBase, understood: dict[str, Any] | None, hits: list[dict[str, Any]],
                passage_texts: Any, statuses: dict[str, str] | None = None) -> dict[str, Any] | None:
    """``{"id", "asks", "text": {zh, en}, "citation": {zh, en}, "unofficial", "doc", "status"}``
    from the top hit (an occupation's also ``list``, ``city`` and ``per_list``; its requirements'
    also ``requirements``), from the document a validity question names (also ``clause``), or None."""
    statuses = statuses or {}
    if understood and understood.get("asks") == "validity" and understood.get("doc"):
        return _validity_answer(kb, understood["doc"], statuses)
    if not understood or not hits or understood.get("translation"):
        return None
    top = hits[0]
    asks = understood.get("asks")
    if (top["kind"] == "occupation" and asks is None and understood.get("question") and understood.get("city")
            and any("<mark>" in (t or "") for t in top.get("marked_title", {}).values())):
        record = kb.get(top["id"])
        city = understood["city"]
        listed = [r for r in [record, *_same_occupations(kb, record)] if r.get("city") == city]
        answers = [a for a in (_requirements_answer(r, statuses) for r in listed) if a is not None]
        return answers[0] | {"per_list": [dict(a) for a in answers]} if answers else None
    if not understood.get("question") and not (asks and top["kind"] == "occupation"):
        return None  # keywords get a card only where they name an occupation and its requirement
    if top["kind"] == "occupation" and asks in RECORD_FIELDS:
        if not any("<mark>" in (t or "") for t in top.get("marked_title", {}).values()):
            return None  # the question does not name this occupation
        record = kb.get(top["id"])
        same = [record] + [r for r in _same_occupations(kb, record) if r.get("list") != record.get("list")]
        city = understood.get("city")
        # The question's city decides where it has the occupation; else every list answers.
        in_city = [r for r in same if r.get("city") == city] if city else []
        answers = [a for a in (_record_answer(r, asks, statuses) for r in (in_city or same)) if a is not None]
        if not answers:
            return None
        return answers[0] | {"per_list": [dict(a) for a in answers]}
    if top["kind"] == "passage":
        unit = kb.get(top["id"])
        if understood.get("doc") not in (None, unit["doc"]):
            return None  # the question names another document
        texts = passage_texts(unit)
        if _coverage(understood.get("content") or "", texts) < PASSAGE_COVERAGE:
            return None
        # An English unit, or a Chinese one with aligned counterparts, reads in the issuer's English;
        # a Chinese-only one in this knowledge base's translation.
        curated = bool(texts.get("en")) and (unit.get("text_status") or {}).get("en") == "unofficial"
        return {"id": top["id"], "asks": asks, "text": texts, "citation": dict(unit["citation"]),
                "unofficial": ["text.en"] if curated else [],
                "doc": unit["doc"], "status": statuses.get(unit["doc"])}
    return None
