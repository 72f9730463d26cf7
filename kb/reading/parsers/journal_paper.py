"""Parser for a Chinese journal article with English front matter (``journal-paper-zh``).

Front matter is found first and taken out of the text flow, because the
extraction can print it in the middle of the first section (the Liu paper's
title and abstract sit inside a sentence of its introduction):

* the title, located by the manifest's title (an extraction may cut it short),
  with a byline (``单位  作者``) and an author note (``作者，…研究方向…``);
* the abstract, from ``摘要：`` / ``【摘要】`` to the end of its block;
* the English title (located by the manifest's English title) and ``Abstract:``.

The body's headings are numbered (``0 引言``, ``1.1``, ``2.3.1``, ``（1）``) when
the article numbers them, otherwise they are short lines standing between
paragraphs (``结论``). Running headers named in the manifest, bold text the
extraction printed twice and stray bullets are removed.
"""

from __future__ import annotations

import re

from ..manifest import DocumentSpec, FileSpec
from ..text import (BULLETS, PAGE_NUMBER_RE, Line, collapse_spaces, drop_reference_marks, ends_sentence,
                    is_successor, join_english, join_wrapped, parse_number, undouble)
from .base import ParsedFile, RawSection, SectionTree, register

ABSTRACT_ZH_RE = re.compile(r"^【?摘\s*要】?\s*[：:]?\s*")
ABSTRACT_EN_RE = re.compile(r"^Abstract\s*[:：]\s*", re.I)
NUMBERED_RE = re.compile(r"^(\d+(?:\.\d+)*)\s+([\u4e00-\u9fff“].*)$")
PAREN_RE = re.compile(r"^[（(](\d+)[)）]\s*(.+)$")
FIGURE_RE = re.compile(r"^(?:图|表)\s*\d+\s")
BYLINE_RE = re.compile(r"^(\S.*?)\s{2,}(\S{2,4})$")
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
            if line.starts_page or ABSTRACT_EN_RE.match(undouble(text)) or NUMBERED_RE.match(text):
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
            for i, line in enumerate(lines):
                if AUTHOR_NOTE_RE.match(line.stripped) and "研究方向" in line.text:
                    block = [line] + [ln for ln in lines[i + 1:i + 4] if ln.stripped][:1]
                    notes.append("".join(collapse_spaces(ln.text) for ln in block))
                    title_lines.extend(block)
                    break
            self._section("title", "title", "zh", heading, title_lines, notes)
        # Chinese abstract.
        for i, line in enumerate(lines):
            if ABSTRACT_ZH_RE.match(line.stripped) and line.no not in self.taken:
                block = self._block(i)
                text = "".join(collapse_spaces(ln.text) for ln in block)
                self._section("abstract", "abstract", "zh", "摘要", block, [ABSTRACT_ZH_RE.sub("", text)])
                break
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


def _numbered_mode(lines: list[Line]) -> bool:
    """Does the article number its headings (at least three in sequence)?"""
    current: tuple[int, ...] = ()
    found = 0
    for line in lines:
        match = NUMBERED_RE.match(line.stripped)
        if match and len(line.stripped) <= 40 and is_successor(current, parse_number(match.group(1))):
            current = parse_number(match.group(1))
            found += 1
    return found >= 3


@register("journal-paper-zh")
def parse_journal_paper_zh(doc: DocumentSpec, spec: FileSpec, lines: list[Line]) -> ParsedFile:
    """Read a journal article: front matter in both languages, then the Chinese body."""
    front = _FrontMatter(doc, lines)
    front.find()
    body_lines = [ln for ln in lines if ln.no not in front.taken and ln.stripped
                  and not any(p.search(ln.stripped) for p in spec.running_headers)
                  and not PAGE_NUMBER_RE.match(ln.stripped)
                  and not all(ch in BULLETS + " " for ln_ch in [ln.stripped] for ch in ln_ch)]
    numbered = _numbered_mode(body_lines)
    tree = SectionTree("zh")
    tree.open("intro", None, None, level=1, line=body_lines[0] if body_lines else lines[0],
              kind="introduction")
    current: tuple[int, ...] = ()
    unnumbered = 0
    previous_ended = True
    i = 0
    while i < len(body_lines):
        line = body_lines[i]
        text = collapse_spaces(line.text)
        nxt = body_lines[i + 1].stripped if i + 1 < len(body_lines) else ""
        i += 1
        match = NUMBERED_RE.match(text)
        if numbered and match and len(text) <= 40 and "。" not in text \
                and is_successor(current, parse_number(match.group(1))):
            current = parse_number(match.group(1))
            heading = match.group(2)
            # A heading the page width wrapped: a short tail line without punctuation.
            if nxt and len(nxt) <= 10 and not re.search(r"[，。；：]", nxt) and not NUMBERED_RE.match(nxt):
                heading = join_wrapped(heading, nxt)
                i += 1
            tree.open(match.group(1), match.group(1), heading, level=len(current), line=line)
            previous_ended = True
            continue
        paren = PAREN_RE.match(text)
        if paren and current and previous_ended:
            clause = paren.group(2)
            while "。" not in clause and i < len(body_lines) and len(clause) < 40:
                clause = join_wrapped(clause, collapse_spaces(body_lines[i].text))  # heading wrapped
                i += 1
            heading, _, rest = clause.partition("。")
            level = len(current) + 1
            tree.open(f"{tree.parent_path_at(level)}.p{paren.group(1)}", f"（{paren.group(1)}）",
                      heading.strip(), level=level, line=line)
            if rest.strip():
                tree.add(Line(line.no, rest.strip()))
            previous_ended = ends_sentence(text)
            continue
        width = _local_width(body_lines, i - 1)
        heading_lines = 0 if numbered or not previous_ended else _plain_heading_lines(text, nxt, width)
        if heading_lines:
            heading = text if heading_lines == 1 else join_wrapped(text, collapse_spaces(nxt))
            i += heading_lines - 1
            unnumbered += 1
            tree.open(f"s{unnumbered}", None, heading, level=1, line=line)
            previous_ended = True
            continue
        if FIGURE_RE.match(text):
            tree.add_paragraph(text, line.no)
            continue
        text = drop_reference_marks(text)
        tree.add(Line(line.no, text))
        previous_ended = ends_sentence(text)
    sections = [s for s in front.sections if s.lang == "zh"] + tree.finish() + \
        [s for s in front.sections if s.lang == "en"]
    parsed = ParsedFile(spec)
    parsed.sections = [s for s in sections if s.kind != "introduction" or s.paragraphs]
    return parsed


def _local_width(lines: list[Line], index: int) -> int:
    """Printed width around a line: the longest of its neighbours (columns differ by page)."""
    around = [len(ln.stripped) for ln in lines[max(0, index - 6): index + 7]]
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
