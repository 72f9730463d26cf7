"""Parser for the Chinese Qianhai report (``qianhai-report-zh``).

Body: numbered headings (``1.``, ``1.1``), a preface (``前 言``), an appendix
whose numbering restarts, ``（1）`` sub-headings and Wingdings-bullet
definitions. Page numbers, footnotes and the labels of charts that the
extraction spilled into the text are taken out of the body.

Tables: the two occupation tables are cut out of the body by their captions
and read by :mod:`.qianhai_zh_table`.
"""

from __future__ import annotations

import re

from ..manifest import DocumentSpec, FileSpec
from ..text import BULLETS, PAGE_NUMBER_RE, Line, has_cjk, is_successor, parse_number
from .base import ParsedFile, RawSection, SectionTree, register
from .qianhai_zh_table import TableReader

HEADING_RE = re.compile(r"^(\d+(?:\.\d+)*)[.．]?\s*([^\d\s.．%、）)].*)$")
PAREN_HEADING_RE = re.compile(r"^[（(](\d+)[)）]\s*(\S.*)$")
CAPTION_RE = re.compile(r"^(表|图)\s*(\d+)\s*[：:]\s*(.*)$")
FOOTNOTE_SEPARATOR_RE = re.compile(r"^ {20,}$")
CHART_VALUE_RE = re.compile(r"^[\d.\s（）()%]+$")
MARKER_RE = re.compile(r"(?<=[”\u4e00-\u9fff])(\d)(?=[\u4e00-\u9fff])")


def chart_residue(lines: list[Line]) -> set[int]:
    """Line numbers of chart labels and values that the extraction spilled into the text.

    A run of short lines without sentence punctuation that holds at least two
    bare numbers or percentages is the text layer of a chart, not prose.
    """
    residue: set[int] = set()
    run: list[Line] = []

    def close() -> None:
        if sum(1 for ln in run if CHART_VALUE_RE.match(ln.stripped)) >= 2:
            residue.update(ln.no for ln in run)
        run.clear()

    for line in lines:
        text = line.stripped
        if not text:
            continue
        short_label = len(text) <= 12 and not re.search(r"[，。；：、“”]", text)
        if CHART_VALUE_RE.match(text) or (short_label and not HEADING_RE.match(text)):
            run.append(line)
        else:
            close()
    close()
    return residue


def drop_stray_labels(sections: list[RawSection]) -> list[RawSection]:
    """Remove paragraphs made of a few short words without punctuation: a chart legend, never prose."""
    def is_legend(text: str) -> bool:
        words = text.split()
        return (len(text) <= 30 and has_cjk(text) and not re.search(r"[，。；：•]", text)
                and all(len(w) <= 6 for w in words) and (len(words) > 1 or len(text) <= 6))
    for section in sections:
        section.paragraphs = [p for p in section.paragraphs if not is_legend(p)]
    return sections


class _BodyReader:
    """Turns the non-table lines of the report into a section tree."""

    def __init__(self, doc: DocumentSpec, spec: FileSpec, lines: list[Line]):
        self.doc, self.spec = doc, spec
        self.tree = SectionTree("zh")
        self.residue = chart_residue(lines)
        self.numbering: tuple[int, ...] = ()
        self.prefix = ""  # "appendix." inside the appendix, whose numbering restarts
        self.base_level = 1
        self.next_footnote = 1
        # footnote number -> path of the section whose text refers to it
        self.pending_markers: dict[int, str | None] = {}
        self.in_footnotes = False
        self.open_footnote = False
        self.footnote_section = None
        self.definitions = 0

    # -- footnotes ---------------------------------------------------------
    def _strip_markers(self, text: str) -> str:
        """Remove footnote reference numbers glued to the text (``“新职业”1内容``)."""
        def replace(match: re.Match[str]) -> str:
            if int(match.group(1)) == self.next_footnote:
                self.pending_markers[self.next_footnote] = self._current_path()
                self.next_footnote += 1
                return ""
            return match.group(0)
        return MARKER_RE.sub(replace, text)

    def _current_path(self) -> str | None:
        return self.tree.current.path if self.tree.current else None

    def _add_footnote(self, number: int, text: str) -> None:
        """File a footnote under the section that refers to it (else the one it is printed in)."""
        path = self.pending_markers.pop(number, None) or self._current_path()
        section = next((s for s in self.tree.sections if s.path == path), self.tree.current)
        if section is not None:
            section.footnotes.append(text)
            self.footnote_section = section
        self.open_footnote = not text.rstrip().endswith("。")

    def _continue_footnote(self, text: str) -> None:
        section = self.footnote_section
        if section is not None and section.footnotes:
            section.footnotes[-1] += text
        self.open_footnote = not text.rstrip().endswith("。")

    # -- headings ----------------------------------------------------------
    def _heading(self, text: str, line: Line) -> bool:
        compact = text.replace(" ", "")
        if not self.tree.sections:
            self.tree.open("title", None, text, level=1, line=line, kind="title")
            return True
        if compact == "前言":
            self.tree.open("preface", None, "前言", level=1, line=line, kind="preface")
            return True
        if compact.startswith("附录") and len(compact) <= 20:
            heading = re.sub(r"^附录[：:]?", "", compact) or None
            self.tree.open("appendix", None, heading, level=1, line=line, kind="appendix",
                           citation="附录")
            self.numbering, self.prefix, self.base_level = (), "appendix.", 2
            return True
        match = HEADING_RE.match(text)
        if match and len(text) <= 40 and not re.search(r"[，。；]", text):
            number = parse_number(match.group(1))
            if is_successor(self.numbering, number):
                self.numbering = number
                path = self.prefix + ".".join(map(str, number))
                self.tree.open(path, match.group(1), match.group(2).strip(),
                               level=self.base_level + len(number) - 1, line=line)
                self.definitions = 0
                return True
        match = PAREN_HEADING_RE.match(text)
        if match and len(text) <= 30 and not re.search(r"[，。；]", text) and self.numbering:
            level = self.base_level + len(self.numbering)
            parent = self.tree.parent_path_at(level)
            self.tree.open(f"{parent}.p{match.group(1)}", f"（{match.group(1)}）",
                           match.group(2).strip(), level=level, line=line)
            return True
        if text[0] == "\uf0d8" and len(text) <= 30:
            self.definitions += 1
            level = self.base_level + len(self.numbering)
            parent = self.tree.parent_path_at(level)
            self.tree.open(f"{parent}.d{self.definitions}", None, text[1:].strip(), level=level,
                           line=line, kind="definition")
            return True
        return False

    # -- main loop ---------------------------------------------------------
    def feed(self, line: Line) -> None:
        raw, text = line.text, line.stripped
        if FOOTNOTE_SEPARATOR_RE.match(raw):
            self.in_footnotes = True
            return
        if not text or line.no in self.residue or PAGE_NUMBER_RE.match(text):
            return
        if self.in_footnotes and line.starts_page:
            self.in_footnotes = False
        if self.in_footnotes:
            # Below the separator: numbered notes and their wrapped lines; the first other
            # line after a complete note is body text again.
            match = re.match(r"^(\d+)\s+(\S.{7,})$", text)
            if match:
                self._add_footnote(int(match.group(1)), match.group(2))
                return
            if self.open_footnote:
                self._continue_footnote(text)
                return
            self.in_footnotes = False
        match = re.match(r"^(\d)\s+(\S.{8,})$", text)
        if match and int(match.group(1)) in self.pending_markers and not HEADING_RE.match(text[2:]):
            self._add_footnote(int(match.group(1)), match.group(2))
            return
        if self.open_footnote and has_cjk(text) and not self._looks_like_heading(text):
            self._continue_footnote(text)
            return
        if self._heading(text, line):
            self.open_footnote = False
            return
        caption = CAPTION_RE.match(text)
        if caption:
            # A trailing number on a caption is a footnote reference.
            body = re.sub(r"\s+(\d)$", lambda m: self._caption_marker(m), caption.group(3))
            self.tree.add(Line(line.no, f"{caption.group(1)} {caption.group(2)}：{body.strip()}"))
            return
        if text[0] in BULLETS:
            text = "• " + text[1:].strip()
        self.tree.add(Line(line.no, self._strip_markers(text)))

    def _looks_like_heading(self, text: str) -> bool:
        match = HEADING_RE.match(text)
        return bool(match) and is_successor(self.numbering, parse_number(match.group(1)))

    def _caption_marker(self, match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number == self.next_footnote:
            self.pending_markers[number] = self._current_path()
            self.next_footnote += 1
            return ""
        return match.group(0)


@register("qianhai-report-zh")
def parse_qianhai_report_zh(doc: DocumentSpec, spec: FileSpec, lines: list[Line]) -> ParsedFile:
    """Read the Chinese Qianhai report: sections and occupation-table rows."""
    body = _BodyReader(doc, spec, lines)
    parsed = ParsedFile(spec)
    tables = {t.caption.get("zh"): t for t in doc.tables if t.caption.get("zh")}
    i = 0
    while i < len(lines):
        line = lines[i]
        caption = CAPTION_RE.match(line.stripped)
        table = tables.get(f"{caption.group(1)} {caption.group(2)}") if caption else None
        if table is None:
            body.feed(line)
            i += 1
            continue
        # The table runs until the next multi-level heading or caption.
        end = i + 1
        while end < len(lines) and not re.match(r"^(\d+\.\d+\s|表\s*\d+\s*[：:])", lines[end].stripped):
            end += 1
        level = body.base_level + len(body.numbering)
        section = body.tree.open(table.key, caption.group(2), caption.group(3).strip(),
                                 level=level, line=line, kind="table",
                                 citation=f"表 {caption.group(2)}")
        section.table = table.key
        section.last_line = lines[end - 1].no
        reader = TableReader(spec, table)
        parsed.rows.extend(reader.read(lines[i + 1:end]))
        parsed.columns[table.key] = reader.columns
        i = end
    parsed.sections = drop_stray_labels(body.tree.finish())
    return parsed
