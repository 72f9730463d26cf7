"""``kb export``: the knowledge base as JSON Lines or CSV, both languages, UTF-8.

JSON Lines carries every record, section and paragraph unit exactly as the JSON
contract gives them (one object per line, ``"item"`` says which). CSV carries the
occupation records, one row each, lists joined with " | ", for spreadsheets; its
``english`` column says whose English a row has: the issuer's, or this knowledge
base's translation (unofficial). Both carry each item's document's validity on the
as-of day (status, stated period and notice).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterator, Sequence

from .validity import brief

CSV_COLUMNS = [
    "id", "list", "city", "number", "title_zh", "title_en", "industry", "industry_zh", "industry_en",
    "competencies_zh", "competencies_en", "specialties_zh", "specialties_en", "degree_zh", "degree_en",
    "min_degree", "experience_zh", "experience_en", "experience_years", "shortage_duration",
    "shortage_duration_zh", "shortage_duration_en", "severity", "severity_zh", "severity_en",
    "other_zh", "other_en", "unofficial", "english", "notes", "citation_zh", "citation_en",
    "validity", "effective_from", "effective_until", "as_of", "validity_note",
]
ENGLISH_SOURCE = {"official": "official (the issuer's)",
                  "unofficial": "this knowledge base's translation (unofficial)"}


def export_jsonl(records: list[dict[str, Any]], sections: list[dict[str, Any]],
                 units: Sequence[dict[str, Any]] = (),
                 validity: dict[str, dict[str, Any]] | None = None) -> Iterator[str]:
    """One line per item; with ``validity`` (document → its validity on the as-of day), each
    item carries its document's status, period and notice."""
    for item in [*records, *sections, *units]:
        if validity is not None and item.get("doc") in validity:
            item = {**item, "validity": brief(validity[item["doc"]])}
        yield json.dumps(item, ensure_ascii=False) + "\n"


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    def both(key: str, prefix: str | None = None) -> dict[str, Any]:
        value = record[key] or {}
        out = {}
        for lang in ("zh", "en"):
            v = value.get(lang)
            out[f"{prefix or key}_{lang}"] = " | ".join(v) if isinstance(v, list) else v
        return out

    row: dict[str, Any] = {k: record[k] for k in ("id", "list", "city", "number", "min_degree",
                                                   "experience_years", "shortage_duration", "severity")}
    row["industry"] = record["industry"]["key"]
    row.update(both("title"))
    row.update({"industry_zh": record["industry"]["zh"], "industry_en": record["industry"]["en"]})
    for key in ("competencies", "specialties", "degree", "experience", "other"):
        row.update(both(key))
    row.update(both("shortage_duration_label", "shortage_duration"))
    row.update(both("severity_label", "severity"))
    row["unofficial"] = " | ".join(record["unofficial"])
    curated = [f for f in record["unofficial"] if f not in ("industry.en",)]
    row["english"] = ENGLISH_SOURCE["unofficial" if curated else "official"]
    row["notes"] = " | ".join(f"[{n['kind']}] {n['text']}" for n in record["notes"])
    row["citation_zh"] = record["source"]["citation"]["zh"]
    row["citation_en"] = record["source"]["citation"]["en"]
    return row


def export_csv(records: list[dict[str, Any]], validity: dict[str, dict[str, Any]] | None = None) -> str:
    """One row per record; with ``validity``, its document's status, period and notice (English)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    for record in records:
        row = _flat(record)
        v = (validity or {}).get(record["doc"])
        if v:
            row.update({"validity": v["status"], "effective_from": v.get("effective_from") or "",
                        "effective_until": v.get("effective_until") or "", "as_of": v["as_of"],
                        "validity_note": (v.get("message") or {}).get("en") or ""})
        writer.writerow(row)
    return buffer.getvalue()
