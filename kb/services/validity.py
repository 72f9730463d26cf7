"""Whether a document is in force on a given day, from the validity its build read.

The dates are read at build time (:mod:`kb.reading.validity`); the status is
computed here, for the day asked about ("as of": today unless ``--as-of`` or
``KB_AS_OF`` says otherwise), so tests and readers can ask about any day
without a rebuild. Statuses are stable keys with Chinese and English labels:

``in-force``          in force, no end stated (or the end not yet reached)
``trial``             within a stated trial period
``trial-ended``       the stated trial period has ended
``expired``           the stated period of validity (有效期至) has ended
``repealed``          repealed by a later document of the knowledge base (…同时废止), from its day
``not-yet-in-force``  the stated start is still to come
``no-period``         no period stated (a research paper: published, not a rule)
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from ..reading.text import book_title
from ..reading.validity import ENDED, NOTICE, STATUSES, status_of, statuses

LABELS = {
    "in-force": {"zh": "现行有效", "en": "In force"},
    "trial": {"zh": "试行", "en": "Trial period"},
    "trial-ended": {"zh": "试行期已届满", "en": "Trial period ended"},
    "expired": {"zh": "已失效", "en": "Expired"},
    "repealed": {"zh": "已废止", "en": "Repealed"},
    "not-yet-in-force": {"zh": "尚未生效", "en": "Not yet in force"},
    "no-period": {"zh": "未载明有效期", "en": "No period stated"},
}
NOT_A_RULE = {"zh": "已发表的研究，不是规则", "en": "Published research, not a rule"}


class AsOfError(ValueError):
    """An as-of day that is not a date YYYY-MM-DD."""


def parse_as_of(text: str | None, name: str = "as-of") -> date:
    """``YYYY-MM-DD`` as a date; empty or None is today."""
    if text is None or not text.strip():
        return date.today()
    try:
        if len(text.strip()) != 10:
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise AsOfError(f"{name} must be a date YYYY-MM-DD, not {text!r}") from None


def as_of_from_env() -> date:
    """The as-of day ``KB_AS_OF`` names, or today."""
    return parse_as_of(os.environ.get("KB_AS_OF"), "KB_AS_OF")


def _period(validity: dict[str, Any]) -> str:
    return f"{validity.get('effective_from') or '…'} – {validity.get('effective_until') or '…'}"


def message(validity: dict[str, Any], status: str) -> dict[str, str] | None:
    """The notice a reader needs for this status, in both languages; None when in force."""
    period = _period(validity)
    if status == "trial-ended":
        return {"zh": f"文件所述试行期 {period} 已届满；请向发文机关核实是否已延期或被替代",
                "en": f"Stated trial period {period} has ended; check with the issuer whether it was "
                      f"extended or replaced"}
    if status == "expired":
        return {"zh": f"文件所述有效期 {period} 已届满；请向发文机关核实是否已延期或被替代",
                "en": f"Stated period of validity {period} has ended; check with the issuer whether it "
                      f"was extended or replaced"}
    if status == "repealed":
        repealed = validity.get("repealed") or {}
        by = repealed.get("by") or {}
        title = by.get("title") or {}
        name_zh = by.get("number") or book_title(title.get("zh") or "")
        name_en = by.get("number") or title.get("en") or name_zh
        citation = by.get("citation") or {}
        day = repealed.get("on")
        return {"zh": f"已被{name_zh}废止" + (f"，自{day}起" if day else "") + f"（{citation.get('zh')}）",
                "en": f"Repealed by {name_en}" + (f" from {day}" if day else "")
                      + f" ({citation.get('en') or citation.get('zh')})"}
    if status == "not-yet-in-force":
        return {"zh": f"文件所述自 {validity.get('effective_from')} 起施行，尚未生效",
                "en": f"Stated to take effect on {validity.get('effective_from')}; not yet in force"}
    return None


def clause(validity: dict[str, Any], status: str) -> dict[str, Any] | None:
    """Where the date the status turns on (the start, or the end) was found: a clause of the
    text, or the manifest with its reason."""
    if status == "repealed":
        return (validity.get("repealed") or {}).get("by")
    key = "effective_from" if status == "not-yet-in-force" else "effective_until"
    return (validity.get("sources") or {}).get(key)


def validity_as_of(doc: dict[str, Any], as_of: date) -> dict[str, Any]:
    """The document's validity with its status, label and notice on ``as_of``."""
    validity = dict(doc.get("validity") or {"rule": doc.get("kind") != "research-paper"})
    status = status_of(validity, as_of)
    validity.update({
        "as_of": as_of.isoformat(),
        "status": status,
        "label": NOT_A_RULE if status == "no-period" and not validity.get("rule") else LABELS[status],
        "ended": status in ENDED,
        "notice": status in NOTICE,
        "message": message(validity, status),
        "clause": clause(validity, status) if status in NOTICE else None,
    })
    return validity


def brief(validity: dict[str, Any]) -> dict[str, Any]:
    """The validity an export carries on every item: status, label, period and notice."""
    return {key: validity.get(key) for key in ("status", "label", "as_of", "issued", "effective_from",
                                                "effective_until", "message")}


def documents_as_of(documents: dict[str, dict[str, Any]], as_of: date) -> dict[str, dict[str, Any]]:
    """Every document's validity on ``as_of``."""
    return {doc_id: validity_as_of(doc, as_of) for doc_id, doc in documents.items()}


def search_notices(result: dict[str, Any], documents: dict[str, dict[str, Any]], as_of: date) -> dict[str, Any]:
    """A search result with ``validity``: the validity of each document its hits come from whose
    stated period has ended or not begun (the notice shown with those hits)."""
    docs = {hit["doc"] for hit in result["hits"] if hit.get("status") in NOTICE}
    answer = result.get("answer") or {}
    # The answer card's documents too: a card never copies a clause of an ended trial unsaid.
    docs |= {a["doc"] for a in [answer, *answer.get("per_list", [])] if a.get("doc") and a.get("status") in NOTICE}
    return {**result, "as_of": as_of.isoformat(),
            "validity": {doc: validity_as_of(documents[doc], as_of) for doc in sorted(docs)}}


__all__ = ["search_notices", "brief", "documents_as_of", "ENDED", "LABELS", "NOTICE", "STATUSES", "AsOfError", "as_of_from_env", "message", "parse_as_of",
           "status_of", "statuses", "validity_as_of"]
