"""One parser per kind of source document; the manifest names which to use.

* ``qianhai-report-zh`` -- the Chinese Qianhai report: numbered sections, the
  two occupation tables with columns interleaved and cells split by pages;
* ``qianhai-report-en`` -- its English translation, Markdown with HTML table
  fragments, read with markdown-it-py;
* ``policy-notice-zh`` -- a State Council-style notice with ``一、`` clauses and
  annexes (criteria lists and a tab-separated catalogue of positions);
* ``journal-paper-zh`` -- a Chinese journal article with an English title and
  abstract, numbered (``1.1``) or unnumbered headings;
* ``normative-zh`` / ``normative-en`` -- a law, regulation, rule or decision and its
  official English, read by one engine from the heading schemes of
  :mod:`kb.reading.schemes` (编 / 章 / 节 / 条 / 款 / 项 / 目; Part / Chapter / Section /
  Article / (1)).

A file whose manifest entry names no parser gets one from its text (:mod:`.detect`).
"""

from . import journal_paper, normative, policy_notice, qianhai_en, qianhai_zh  # noqa: F401  (registration)
from .base import PARSERS, ParsedFile, RawRow, RawSection

__all__ = ["PARSERS", "ParsedFile", "RawRow", "RawSection"]
