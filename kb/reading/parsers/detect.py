"""Which scheme a file needs, from its text, for a manifest entry that names no parser.

A manifest entry needs an id, a file and its language; ``parser`` is optional. Each scheme
of :mod:`kb.reading.schemes` says what its kind's text shows (``Scheme.detect``), and the
first scheme of the file's language whose signs the text has reads it:

* ``normative-zh`` / ``normative-en``: several lines that open an article (``第X条``,
  ``Article N``; one may be a cross-reference the PDF wrapped);
* ``decision-zh``: a 决定 (its title says so; for a manifest entry with no title, its title line
  before the first clause) whose changes are ``一、二、`` clauses;
* ``notice-zh``: ``一、二、`` clauses, and an annex (``附件 1``) or ``特此通知``;
* ``paper-zh``: an abstract (``摘要：`` / ``【摘要】``), and keywords (``关键词：``) or three
  numbered headings (``1 引言``, ``1.1 …``).

Anything else must name its parser: a guess would read a text wrong without saying so.
"""

from __future__ import annotations

import re

from ...errors import CorpusError
from ..manifest import DocumentSpec, FileSpec
from ..schemes import SCHEMES, Scheme
from ..text import Line, collapse_spaces


def _count(pattern: re.Pattern[str], texts: list[str]) -> int:
    return sum(1 for text in texts if pattern.match(text))


def _title_line(texts: list[str], scheme: Scheme) -> str:
    """A manifest entry without a title: the title printed before the body that ends with the
    scheme's title word, a line of its own that is no sentence (the first line of the scheme's
    citable level, 一、 or 第X条, ends the header)."""
    citable = [level.pattern for level in scheme.headings if level.kind == scheme.citable and level.pattern]
    for text in texts:
        text = text.strip()
        if any(pattern.match(text) for pattern in citable):
            break
        if text and len(text) <= 80 and not scheme.clause_end.search(text) and text.endswith(scheme.title_word or ""):
            return text
    return ""


def detect_parser(doc: DocumentSpec, spec: FileSpec, lines: list[Line]) -> str:
    texts = [collapse_spaces(line.text) for line in lines]
    for scheme in SCHEMES.values():
        if scheme.lang != spec.lang or not scheme.detect:
            continue
        if scheme.title_word and scheme.title_word not in (doc.title.get(spec.lang) or _title_line(texts, scheme)):
            continue
        if all(any(_count(pattern, texts) >= least for pattern, least in sign) for sign in scheme.detect):
            return scheme.name
    normative = SCHEMES[f"normative-{spec.lang}"]
    found = _count(normative.detect[0][0][0], texts)
    kinds = "a law, regulation or rule has several" + (
        "; a notice has 一、 clauses and 附件 or 特此通知, a paper 摘要 and numbered headings or 关键词"
        if spec.lang == "zh" else "")
    raise CorpusError(spec.path, None,
                      f"the manifest names no parser for this file and its text is not a kind the readers "
                      f"recognise ({found} line(s) starting '{normative.sign}'; {kinds}); "
                      f"name one with parser = \"...\" (`kb parsers` lists them)")
