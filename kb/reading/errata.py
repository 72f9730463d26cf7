"""``corpus/errata.toml``: hand corrections for damage no parsing rule can repair.

An erratum applies only while the parser still reads exactly the damaged text
it was written for; otherwise the build stops and names the erratum, so a
correction never silently outlives (or misfires on) a changed source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError
from .tomlfiles import load_toml


@dataclass
class Erratum:
    doc: str
    target: str
    field: str
    lang: str
    found: str
    correct: str | None
    action: str
    reason: str
    line: int | None
    applied: int = 0

    def describe(self) -> str:
        if self.action == "drop":
            return f"dropped text from “{self.found}” to the end of the section"
        return f"“{self.found}” corrected to “{self.correct}”"


def load_errata(path: Path, doc_ids: set[str]) -> list[Erratum]:
    if not path.is_file():
        return []
    raw, data = load_toml(path)
    errata = []
    starts = [m.start() for m in re.finditer(r"^\[\[erratum\]\]", raw, re.M)]
    for index, entry in enumerate(data.get("erratum", [])):
        line = raw.count("\n", 0, starts[index]) + 1 if index < len(starts) else None
        missing = [k for k in ("doc", "target", "field", "found", "reason") if not entry.get(k)]
        if missing:
            raise CorpusError(path, line, f"erratum needs {', '.join(missing)}")
        action = entry.get("action", "replace")
        if action not in ("replace", "drop"):
            raise CorpusError(path, line, f"erratum action must be 'replace' or 'drop', not {action!r}")
        if action == "replace" and not entry.get("correct"):
            raise CorpusError(path, line, "erratum needs `correct` (or action = \"drop\")")
        if entry["doc"] not in doc_ids:
            raise CorpusError(path, line, f"erratum names unknown document {entry['doc']!r}")
        errata.append(Erratum(doc=entry["doc"], target=entry["target"], field=entry["field"],
                              lang=entry.get("lang", "zh"), found=entry["found"],
                              correct=entry.get("correct"), action=action,
                              reason=" ".join(entry["reason"].split()), line=line))
    return errata


def stale(erratum: Erratum, path: Path, detail: str) -> CorpusError:
    return CorpusError(path, erratum.line, f"erratum for {erratum.doc} {erratum.target} {erratum.field}: "
                                           f"{detail}; update or remove it")
