"""Reading: the corpus in, documents, sections and occupation records out.

The first stage of the pipeline. ``corpus/manifest.toml`` says which documents
exist and which parser reads each file (:mod:`.manifest`); the raw PDF
extractions are repaired line by line (:mod:`.text`) and parsed, one parser
per kind of document (:mod:`.parsers`); table rows of both languages become
occupation records with normalised values (:mod:`.records`,
:mod:`.normalise`), section trees are aligned across languages
(:mod:`.sections`), and hand corrections apply only while the damage they fix
is still there (:mod:`.errata`). :func:`read_corpus` runs it all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .corpus import Corpus, read_corpus

__all__ = ["Corpus", "read_corpus"]


def __getattr__(name: str) -> Any:
    # Imported on first use: the search imports this stage's text helpers in every process that
    # serves, and the parsers (markdown-it among them) are needed only by a build.
    if name in __all__:
        from . import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
