"""Which reader a file needs, from its text, for a manifest entry that names no parser.

A manifest entry needs an id, a file and its language; ``parser`` is optional. A file
with several lines that open an article in its language's heading scheme (``第X条``,
``Article N``: :mod:`kb.reading.schemes`) is a normative document, read by
``normative-zh`` or ``normative-en``; a 决定 (its title says so) whose changes are
``一、二、`` clauses is read by ``decision-zh`` (a manifest entry with no title: its title line
before the first clause says so). Anything else must name its parser: a guess would
read a text wrong without saying so.
"""

from __future__ import annotations

from ...errors import CorpusError
from ..manifest import DocumentSpec, FileSpec
from ..schemes import SCHEMES
from ..text import Line, collapse_spaces

# "Several": one line that begins 第X条 may be a cross-reference the PDF wrapped.
MIN_ARTICLES = 2


def _count(scheme_name: str, lines: list[Line]) -> int:
    scheme = SCHEMES[scheme_name]
    citable = next(level for level in scheme.headings if level.kind == scheme.citable)
    return sum(1 for line in lines if citable.pattern.match(collapse_spaces(line.text)))


def _title_line(lines: list[Line], scheme_name: str) -> str:
    """A manifest entry without a title: the title printed before the body, a line of its own
    that is no sentence (the first 一、 or 第X条 ends the header)."""
    scheme = SCHEMES[scheme_name]
    for line in lines:
        text = collapse_spaces(line.text).strip()
        if any(level.pattern.match(text) for level in scheme.headings if level.kind == scheme.citable):
            break
        if text and len(text) <= 80 and not scheme.clause_end.search(text):
            if text.endswith("决定"):
                return text
    return ""


def detect_parser(doc: DocumentSpec, spec: FileSpec, lines: list[Line]) -> str:
    found = _count(f"normative-{spec.lang}", lines)
    if found >= MIN_ARTICLES:
        return f"normative-{spec.lang}"
    decision = f"decision-{spec.lang}"
    title = (doc.title.get(spec.lang) or _title_line(lines, decision)) if decision in SCHEMES else ""
    if decision in SCHEMES and "决定" in title and _count(decision, lines) >= MIN_ARTICLES:
        return decision
    word = "Article N" if spec.lang == "en" else "第X条"
    raise CorpusError(spec.path, None,
                      f"the manifest names no parser for this file and its text is not a kind the readers "
                      f"recognise ({found} line(s) starting '{word}'; a law, regulation or rule has several); "
                      f"name one with parser = \"...\" (`kb parsers` lists them)")
