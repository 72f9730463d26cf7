"""Parser for the Chinese Qianhai report (``qianhai-report-zh``).

Body: numbered headings (``1.``, ``1.1``), a preface (``前 言``), an appendix
whose numbering restarts, ``（1）`` sub-headings and Wingdings-bullet
definitions. Page numbers, footnotes and the labels of charts that the
extraction spilled into the text are taken out of the body.

Tables: each occupation row prints six columns (number + title, competencies,
specialties + degree, experience, shortage duration, severity). The extraction
usually gives one cell per line, but a row that straddles a page comes out with
all its first-page cells on one line and the rest after the page break; a value
can even be displaced into a neighbouring row. Cells are therefore recognised by
what they contain (``N年以上相关经历``, ``长期持续``, ``极度紧缺``, numbered items)
and by the numbering of the items, never by their position on the line.
"""

from __future__ import annotations

import re

from ..errors import CorpusError
from ..manifest import DocumentSpec, FileSpec, TableSpec
from ..text import (BULLETS, PAGE_NUMBER_RE, Line, collapse_spaces, has_cjk, is_successor,
                    parse_number)
from .base import ParsedFile, RawRow, RawSection, SectionTree, register

HEADING_RE = re.compile(r"^(\d+(?:\.\d+)*)[.．]?\s*([^\d\s.．%、）)].*)$")
PAREN_HEADING_RE = re.compile(r"^[（(](\d+)[)）]\s*(\S.*)$")
CAPTION_RE = re.compile(r"^(表|图)\s*(\d+)\s*[：:]\s*(.*)$")
FOOTNOTE_SEPARATOR_RE = re.compile(r"^ {20,}$")
CHART_VALUE_RE = re.compile(r"^[\d.\s（）()%]+$")
MARKER_RE = re.compile(r"(?<=[”\u4e00-\u9fff])(\d)(?=[\u4e00-\u9fff])")

EXPERIENCE_RE = re.compile(r"^\d+\s*年以上相关经历")
DURATION_RE = re.compile(r"^(近期持续|长期持续|近期临时)")
DURATION_RANGE_RE = re.compile(r"^[（(][^）)]*年[）)]$")
SEVERITY_RE = re.compile(r"^(一般紧缺|比较紧缺|极度紧缺)$")
ITEM_RE = re.compile(r"^(\d+)[.．](?!\d)\s*(.*)$")
DEGREE_ITEM_RE = re.compile(r"^(本科|硕士|博士|学士)")
# Whitespace at which an interleaved line switches to the next column.
COLUMN_BREAK_RE = re.compile(
    r"\s+(?=\d+[.．](?!\d)|\d+\s*年以上|近期持续|长期持续|近期临时|一般紧缺|比较紧缺|极度紧缺|[（(][^）)]*年[）)])")
TERMINAL_ITEM = ("；", "。", ";", ".")


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


class _TableReader:
    """Reassembles the rows of one occupation table from its extracted lines."""

    def __init__(self, spec: FileSpec, table: TableSpec):
        self.spec, self.table = spec, table
        self.rows: list[RawRow] = []
        self.row: RawRow | None = None
        self.industry = ""
        self.in_title = False
        self.interleaved = False
        self.last_column: str | None = None
        self.orphans: list[tuple[str, str, int]] = []
        self.columns: list[str] = []

    def fail(self, line: Line, reason: str) -> CorpusError:
        where = f"{self.table.key} row {self.row.number}" if self.row else self.table.key
        return CorpusError(self.spec.path, line.no, f"{where}: {reason}")

    @property
    def expected(self) -> int:
        return self.row.number + 1 if self.row else 1

    def read(self, lines: list[Line]) -> list[RawRow]:
        meaningful = [ln for ln in lines if ln.stripped]
        for i, line in enumerate(meaningful):
            text = collapse_spaces(line.text)
            if "职业能力要求" in text and "紧缺程度" in text:
                self.columns = self.columns or text.split()
                continue  # the column header, repeated on every page
            if PAGE_NUMBER_RE.match(text) and (line.starts_page or int(text) != self.expected):
                continue
            nxt = meaningful[i + 1].stripped if i + 1 < len(meaningful) else ""
            if (len(text) <= 12 and has_cjk(text) and not re.search(r"[\d，。；、（）]", text)
                    and not self._signature(text) and re.match(rf"^{self.expected}(\s|$)", nxt)):
                self.industry = text
                continue
            start = re.match(r"^(\d+)(?:\s+(.*))?$", text)
            if start and int(start.group(1)) == self.expected:
                self._start_row(int(start.group(1)), start.group(2) or "", line)
                continue
            if self.row is None:
                raise self.fail(line, f"text before the first row: {text!r}")
            self._continue_row(text, line)
        self._recover_orphans()
        return self.rows

    def _start_row(self, number: int, rest: str, line: Line) -> None:
        self.row = RawRow(table=self.table.key, number=number, lang="zh", industry=self.industry,
                          first_line=line.no, last_line=line.no)
        self.rows.append(self.row)
        self.in_title, self.interleaved, self.last_column = True, False, None
        if rest:
            chunks = COLUMN_BREAK_RE.split(rest)
            self.row.title = chunks[0] if not self._signature(chunks[0]) else ""
            self.interleaved = len(chunks) >= 3
            for chunk in (chunks[1:] if self.row.title else chunks):
                self._cell(chunk, line)

    def _continue_row(self, text: str, line: Line) -> None:
        assert self.row is not None
        self.row.last_line = line.no
        chunks = COLUMN_BREAK_RE.split(text)
        pieces = [c for c in re.split(r"\s+", chunks[0]) if c] if self.interleaved else [chunks[0]]
        if self.interleaved and len(pieces) >= 2 and len(pieces[0]) <= 6 and not self._signature(pieces[0]):
            # The page-continued line of a straddling row: the title's tail, then the
            # tails of the cells that were cut, in column order.
            self.row.title += pieces[0]
            open_columns = [c for c in ("competencies", "specialties") if self._is_open(c)]
            for column, piece in zip(open_columns, pieces[1:]):
                self._append(column, piece)
            self.interleaved = False
            chunks = chunks[1:]
        for chunk in chunks:
            self._cell(chunk, line)

    def _signature(self, text: str) -> str | None:
        if EXPERIENCE_RE.match(text):
            return "experience"
        if DURATION_RE.match(text):
            return "duration"
        if DURATION_RANGE_RE.match(text):
            return "duration-range"
        if SEVERITY_RE.match(text):
            return "severity"
        if ITEM_RE.match(text):
            return "item"
        return None

    def _cell(self, text: str, line: Line) -> None:
        row = self.row
        assert row is not None
        text = text.strip()
        if not text:
            return
        kind = self._signature(text)
        if kind in ("experience", "severity", "duration"):
            self.in_title = False
            current = getattr(row, kind)
            if current:
                self.orphans.append((kind, text, line.no))
                return
            setattr(row, kind, text)
            self.last_column = kind
            return
        if kind == "duration-range":
            row.duration += text
            return
        if kind == "item":
            self.in_title = False
            self._item(text, line)
            return
        if self.in_title:
            row.title += text
            return
        column = self._open_column()
        if column is None:
            raise self.fail(line, f"cannot tell which cell {text!r} continues")
        self._append(column, text)

    def _item(self, text: str, line: Line) -> None:
        row = self.row
        assert row is not None
        match = ITEM_RE.match(text)
        assert match
        number, body = int(match.group(1)), match.group(2)
        spec_items = 2 if row.degree else (1 if row.specialties else 0)
        fits_comp = len(row.competencies) == number - 1
        fits_spec = spec_items == number - 1 and number <= 2
        if fits_comp and fits_spec:
            column = "specialties" if (number == 1 and row.competencies) or DEGREE_ITEM_RE.match(body) \
                else "competencies"
        elif fits_comp:
            column = "competencies"
        elif fits_spec:
            column = "specialties"
        else:
            raise self.fail(line, f"item {number} fits neither the competencies nor the specialties cell")
        if column == "competencies":
            row.competencies.append(body)
        elif number == 1:
            row.specialties = body
        else:
            row.degree = body
        self.last_column = column

    def _is_open(self, column: str) -> bool:
        value = self._last_text(column)
        return bool(value) and not value.rstrip().endswith(TERMINAL_ITEM)

    def _last_text(self, column: str) -> str:
        row = self.row
        assert row is not None
        if column == "competencies":
            return row.competencies[-1] if row.competencies else ""
        if column == "specialties":
            return row.degree or row.specialties
        return getattr(row, column)

    def _open_column(self) -> str | None:
        order = [self.last_column] + ["competencies", "specialties"]
        for column in order:
            if column in ("competencies", "specialties") and self._is_open(column):
                return column
        return None

    def _append(self, column: str, text: str) -> None:
        row = self.row
        assert row is not None
        if column == "competencies":
            row.competencies[-1] += text
        elif row.degree:
            row.degree += text
        else:
            row.specialties += text
        self.last_column = column

    def _recover_orphans(self) -> None:
        """Give a displaced value to the nearest earlier row that lacks it."""
        for kind, value, line_no in self.orphans:
            earlier = [r for r in self.rows if r.first_line < line_no and not getattr(r, kind)]
            if not earlier:
                raise CorpusError(self.spec.path, line_no,
                                  f"{self.table.key}: stray {kind} value {value!r} belongs to no row")
            target = earlier[-1]
            setattr(target, kind, value)
            target.notes.append(f"{kind} {value!r} recovered from a displaced cell at line {line_no}")


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
        reader = _TableReader(spec, table)
        parsed.rows.extend(reader.read(lines[i + 1:end]))
        parsed.columns[table.key] = reader.columns
        i = end
    parsed.sections = drop_stray_labels(body.tree.finish())
    return parsed
