"""Which reader a file needs, from its text, for a manifest entry that names no parser.

A manifest entry needs an id, a file and its language; ``parser`` is optional. A file
with several lines that open an article in its language's heading scheme (``第X条``,
``Article N``: :mod:`kb.reading.schemes`) is a normative document, read by
``normative-zh`` or ``normative-en``. Anything else must name its parser: a guess would
read a text wrong without saying so.
"""

from __future__ import annotations

from ...errors import CorpusError
from ..manifest import FileSpec
from ..schemes import SCHEMES
from ..text import Line, collapse_spaces

# "Several": one line that begins 第X条 may be a cross-reference the PDF wrapped.
MIN_ARTICLES = 2


def detect_parser(spec: FileSpec, lines: list[Line]) -> str:
    scheme = SCHEMES[spec.lang]
    article = next(level for level in scheme.headings if level.kind == "article")
    found = sum(1 for line in lines if article.pattern.match(collapse_spaces(line.text)))
    if found >= MIN_ARTICLES:
        return f"normative-{spec.lang}"
    word = "Article N" if spec.lang == "en" else "第X条"
    raise CorpusError(spec.path, None,
                      f"the manifest names no parser for this file and its text is not a kind the readers "
                      f"recognise ({found} line(s) starting '{word}'; a law, regulation or rule has several); "
                      f"name one with parser = \"...\" (`kb parsers` lists them)")
