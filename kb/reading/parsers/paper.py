"""What stays code of the paper scheme (``paper-zh``): its front matter, and where its unnumbered headings stand.

Front matter is found first and taken out of the text flow, because the extraction can print
it in the middle of the first section (the Liu paper's title and abstract sit inside a
sentence of its introduction):

* the title, located by the manifest's title (an extraction may cut it short), with a
  byline (``单位  作者``); the author note (``作者，…研究方向…``) is a section of its own
  (``author``), which an English title block giving only the author's name does not translate;
* the abstract, from ``摘要：`` / ``【摘要】`` to the end of its block, and the keywords line
  (``关键词：``) as a paragraph of its own;
* the English title (located by the manifest's English title) and ``Abstract:``, with its
  ``Key words:`` line.

A paper that numbers no headings has short lines standing between paragraphs (``结论``):
:func:`short_lines` says where, by the layout (a heading has no sentence punctuation and
ends well short of the column width; a bold lead-in runs on at full width).
"""

from __future__ import annotations

import re

from ..manifest import DocumentSpec
from ..schemes import KEYWORDS_ZH, NUMBERED
from ..text import Line, collapse_spaces, ends_sentence, join_english, undouble
from .base import RawSection

ABSTRACT_ZH_RE = re.compile(r"^【?摘\s*要】?\s*[：:]?\s*")
ABSTRACT_EN_RE = re.compile(r"^Abstract\s*[:：]\s*", re.I)
BYLINE_RE = re.compile(r"^(\S.*?)\s{2,}(\S{2,4})$")
KEYWORDS_EN_RE = re.compile(r"^Key\s*words?\s*[:：]", re.I)
AUTHOR_NOTE_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}，.*(教授|研究员|讲师|博士|副会长)")


def _prefix_len(text: str, target: str) -> int:
    """How many leading characters of ``target`` the line ``text`` reproduces (spaces ignored)."""
    a, b = text.replace(" ", ""), target.replace(" ", "")
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


class _FrontMatter:
    """Finds the lines of title, byline, author note and both abstracts."""

    def __init__(self, doc: DocumentSpec, lines: list[Line]):
        self.doc, self.lines = doc, lines
        self.taken: set[int] = set()
        self.sections: list[RawSection] = []

    def _block(self, start: int, stop_at_blank: bool = False) -> list[Line]:
        """Lines from ``start`` to the end of their block: a page break, a heading or a new part."""
        block = [self.lines[start]]
        for line in self.lines[start + 1:]:
            text = line.stripped
            if not text:
                if stop_at_blank:
                    break
                continue
            if line.starts_page or ABSTRACT_EN_RE.match(undouble(text)) or NUMBERED.match(text) \
                    or KEYWORDS_ZH.match(text) or KEYWORDS_EN_RE.match(undouble(text)):
                break
            if self.doc.title.get("en") and _prefix_len(text, self.doc.title["en"]) >= 20:
                break
            block.append(line)
            if ends_sentence(text) and stop_at_blank is False and self._ends_block(line):
                break
        return block

    def _ends_block(self, line: Line) -> bool:
        index = self.lines.index(line)
        following = next((ln for ln in self.lines[index + 1:] if ln.stripped), None)
        return following is None or following.starts_page

    def _section(self, path: str, kind: str, lang: str, heading: str | None, lines: list[Line],
                 paragraphs: list[str]) -> None:
        self.taken.update(ln.no for ln in lines)
        self.sections.append(RawSection(lang=lang, path=path, number=None, heading=heading, kind=kind,
                                        level=1, paragraphs=paragraphs,
                                        first_line=min(ln.no for ln in lines),
                                        last_line=max(ln.no for ln in lines)))

    def _keywords(self, lang: str, pattern: re.Pattern[str]) -> None:
        """The keywords line (关键词： / Key words:) joins its abstract, a paragraph of its own."""
        abstract = next((s for s in self.sections if s.lang == lang and s.kind == "abstract"), None)
        line = next((ln for ln in self.lines if ln.no not in self.taken and pattern.match(undouble(ln.stripped))),
                    None)
        if abstract is None or line is None:
            return
        self.taken.add(line.no)
        abstract.paragraphs.append(collapse_spaces(undouble(line.stripped)))
        abstract.first_line, abstract.last_line = min(abstract.first_line, line.no), max(abstract.last_line, line.no)

    def find(self) -> None:
        lines = self.lines
        # Chinese title: the line that best reproduces the manifest title, plus its next line
        # when that continues it (a subtitle after a dash).
        title_zh = self.doc.title.get("zh") or ""
        best = max(range(len(lines)), key=lambda i: _prefix_len(lines[i].stripped, title_zh))
        if _prefix_len(lines[best].stripped, title_zh) >= 6:
            title_lines = [lines[best]]
            if best + 1 < len(lines) and lines[best + 1].stripped.startswith("——"):
                title_lines.append(lines[best + 1])
            heading = "".join(collapse_spaces(ln.text) for ln in title_lines)
            notes: list[str] = []
            # The byline sits between title and abstract; an author note may be printed anywhere.
            for line in lines[best + len(title_lines): best + len(title_lines) + 4]:
                match = BYLINE_RE.match(line.stripped)
                if match and not ABSTRACT_ZH_RE.match(line.stripped):
                    notes.append(f"{match.group(1)} {match.group(2)}")
                    title_lines.append(line)
                    break
            self._section("title", "title", "zh", heading, title_lines, notes)
            # The author note is a section of its own: the paper's English title block gives the
            # author's name only, so the note pairs with nothing there (and gets a curated English).
            for i, line in enumerate(lines):
                if AUTHOR_NOTE_RE.match(line.stripped) and "研究方向" in line.text:
                    block = [line] + [ln for ln in lines[i + 1:i + 4] if ln.stripped][:1]
                    self._section("author", "author", "zh", None, block,
                                  ["".join(collapse_spaces(ln.text) for ln in block)])
                    break
        # Chinese abstract.
        for i, line in enumerate(lines):
            if ABSTRACT_ZH_RE.match(line.stripped) and line.no not in self.taken:
                block = self._block(i)
                text = "".join(collapse_spaces(ln.text) for ln in block)
                self._section("abstract", "abstract", "zh", "摘要", block, [ABSTRACT_ZH_RE.sub("", text)])
                break
        self._keywords("zh", KEYWORDS_ZH)
        # English title and abstract (the Chinese paper's own translation).
        title_en = self.doc.title.get("en") or ""
        for i, line in enumerate(lines):
            if title_en and _prefix_len(undouble(line.stripped), title_en) >= 20:
                block, byline = [line], []
                for nxt in lines[i + 1:i + 4]:
                    if not nxt.stripped:
                        continue
                    if ABSTRACT_EN_RE.match(undouble(nxt.stripped)):
                        break
                    if len(nxt.stripped.split()) <= 4 and not nxt.stripped.startswith(("—", "-")):
                        byline.append(nxt)  # the author's name in Latin letters
                        break
                    block.append(nxt)
                heading = ""
                for ln in block:
                    heading = join_english(heading, undouble(ln.stripped))
                self._section("title", "title", "en", heading, block + byline,
                              [undouble(ln.stripped) for ln in byline])
                break
        for i, line in enumerate(lines):
            if ABSTRACT_EN_RE.match(undouble(line.stripped)):
                block = [line] + [ln for ln in self._block(i)[1:]]
                text = ""
                for ln in block:
                    text = join_english(text, undouble(ln.stripped))
                self._section("abstract", "abstract", "en", "Abstract", block,
                              [ABSTRACT_EN_RE.sub("", text)])
                break
        self._keywords("en", KEYWORDS_EN_RE)


def read_front(doc: DocumentSpec, lines: list[Line]) -> tuple[list[RawSection], list[RawSection], set[int]]:
    """The front matter: the Chinese sections (before the body), the English (after), the lines taken."""
    front = _FrontMatter(doc, lines)
    front.find()
    return ([s for s in front.sections if s.lang == "zh"], [s for s in front.sections if s.lang == "en"],
            front.taken)


def short_lines(texts: list[str], index: int) -> int:
    """1 or 2 when an unnumbered heading of that many lines starts at ``texts[index]``, else 0
    (``texts``: the body's lines as printed, stripped)."""
    following = texts[index + 1] if index + 1 < len(texts) else ""
    return _plain_heading_lines(collapse_spaces(texts[index]), following, _local_width(texts, index))


def _local_width(texts: list[str], index: int) -> int:
    """Printed width around a line: the longest of its neighbours (columns differ by page)."""
    around = [len(text) for text in texts[max(0, index - 6): index + 7]]
    around.sort()
    return around[-2] if len(around) > 1 else (around[0] if around else 30)


def _plain_heading_lines(text: str, following: str, width: int) -> int:
    """1 or 2 when an unnumbered heading starts here, else 0.

    A heading has no sentence punctuation and ends on a line well short of the
    column width; a paragraph's bold lead-in runs on at full width instead.
    """
    def clean(t: str) -> bool:
        return bool(t) and not re.search(r"[，。；,;“”《》\d]", t) and bool(re.search(r"[\u4e00-\u9fff]", t))

    short = int(width * 0.7)
    if not clean(text) or not following:
        return 0
    if len(text) <= short:
        return 1
    if clean(following) and len(following) <= short and len(text) + len(following) <= 40:
        return 2
    return 0
