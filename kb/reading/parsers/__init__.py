"""The readers of the source files; the manifest names which to use, or the text says.

* ``qianhai-report-zh`` -- the Chinese Qianhai report: numbered sections, the
  two occupation tables with columns interleaved and cells split by pages;
* ``qianhai-report-en`` -- its English translation, Markdown with HTML table
  fragments, read with markdown-it-py;
* every other kind is a heading scheme of :mod:`kb.reading.schemes`, read by one engine
  (:mod:`.reader`): ``normative-zh`` / ``normative-en`` (a law, regulation or rule and its
  official English: 编 / 章 / 节 / 条 / 款 / 项 / 目; Part / Chapter / Section / Article / (1)),
  ``decision-zh`` (a 决定's 一、 clauses), ``notice-zh`` (a notice's 一、 clauses and 附件 N
  annexes, with a catalogue table; also under its older name ``policy-notice-zh``) and
  ``paper-zh`` (a journal article's 1 / 1.1 headings, front matter and abstracts; also
  ``journal-paper-zh``).

The Qianhai parsers stay code: their tables (columns interleaved, cells split by pages,
HTML fragments) are that one document's. A file whose manifest entry names no parser gets
one from its text (:mod:`.detect`).
"""

from . import qianhai_en, qianhai_zh, reader  # noqa: F401  (registration)
from .base import PARSERS, ParsedFile, RawRow, RawSection

__all__ = ["PARSERS", "ParsedFile", "RawRow", "RawSection"]
