"""The reviewed synonym table, ``corpus/synonyms.toml``: words a query may use for the corpus's own.

Each ``[[synonyms]]`` entry is a set of equivalent terms in either language
(``fintech``, ``financial technology``, ``金融科技``) with the ``reason`` or source
that justifies it, as Elasticsearch's and GOV.UK's synonym files are kept: a
query holding one term is also searched for the others. The dictionary and
the term base find most equivalents by method (:mod:`.crosslang`); this table
holds the ones no bilingual material states (a contraction, a trade name, an
official rendering the aligned text does not pair). :func:`load_synonyms` is
the one reader: a malformed entry stops the build naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from ..reading.text import has_cjk
from ..reading.tomlfiles import load_toml
from .query.prepare import english_stems

SYNONYMS_FILE = "synonyms.toml"
KEYS = {"terms", "reason"}


def load_synonyms(path: Path) -> dict[str, Any]:
    """The table as the searcher uses it: ``{"zh": {term: [others]}, "en": {stems: [others]}}``
    (an English term keyed by its Porter stems, as the query side computes them). No file is
    an empty table."""
    table: dict[str, dict[str, list[str]]] = {"zh": {}, "en": {}}
    if not path.is_file():
        return table
    raw, data = load_toml(path)
    unknown = [k for k in data if k != "synonyms"]
    if unknown:
        raise CorpusError(path, None, f"unknown table {unknown[0]!r}; entries are [[synonyms]]")
    starts = [m.start() for m in re.finditer(r"^\[\[synonyms\]\]", raw, re.M)]
    entries = data.get("synonyms", [])
    if not isinstance(entries, list):
        raise CorpusError(path, None, "synonyms must be entries written [[synonyms]]")
    for index, entry in enumerate(entries):
        line = raw.count("\n", 0, starts[index]) + 1 if index < len(starts) else None
        extra = sorted(set(entry) - KEYS)
        if extra:
            raise CorpusError(path, line, f"unknown key {extra[0]!r}; an entry has terms and reason")
        terms = entry.get("terms")
        if not isinstance(terms, list) or len(terms) < 2 or not all(isinstance(t, str) and t.strip()
                                                                    for t in terms):
            raise CorpusError(path, line, "terms must list two or more non-empty strings")
        terms = [" ".join(t.split()) for t in terms]
        if len({t.lower() for t in terms}) < len(terms):
            raise CorpusError(path, line, "terms lists the same term twice")
        if not isinstance(entry.get("reason"), str) or not entry["reason"].strip():
            raise CorpusError(path, line, "an entry needs its reason (the source or why the terms are equal)")
        for term in terms:
            if has_cjk(term):
                key, lang = term, "zh"
            else:
                key, lang = " ".join(english_stems(term)), "en"
            if not key:
                raise CorpusError(path, line, f"term {term!r} has no word to search")
            others = table[lang].setdefault(key, [])
            others.extend(t for t in terms if t != term and t not in others)
    return table
