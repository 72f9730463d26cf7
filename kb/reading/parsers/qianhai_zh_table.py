"""The occupation tables of the Chinese Qianhai report: rows put back together.

Each occupation row prints six columns (number + title, competencies,
specialties + degree, experience, shortage duration, severity). The extraction
usually gives one cell per line, but a row that straddles a page comes out with
all its first-page cells on one line and the rest after the page break; a value
can even be displaced into a neighbouring row. Cells are therefore recognised by
what they contain (``N年以上相关经历``, ``长期持续``, ``极度紧缺``, numbered items)
and by the numbering of the items, never by their position on the line; a value
displaced into a row that already has one is given back to the nearest earlier
row that lacks it, with a note.
"""

from __future__ import annotations

import re

from ...errors import CorpusError
from ..manifest import FileSpec, TableSpec
from ..text import PAGE_NUMBER_RE, Line, collapse_spaces, has_cjk
from .base import RawRow

# What a cell holds, recognised by its content, tried in this order; anything else is a
# title or the continuation of an open cell.
CELL_KINDS: dict[str, re.Pattern[str]] = {
    "experience": re.compile(r"^\d+\s*年以上相关经历"),
    "duration": re.compile(r"^(近期持续|长期持续|近期临时)"),
    "duration-range": re.compile(r"^[（(][^）)]*年[）)]$"),
    "severity": re.compile(r"^(一般紧缺|比较紧缺|极度紧缺)$"),
    "item": re.compile(r"^(\d+)[.．](?!\d)\s*(.*)$"),
}
ITEM_RE = CELL_KINDS["item"]
DEGREE_ITEM_RE = re.compile(r"^(本科|硕士|博士|学士)")
# Whitespace at which an interleaved line switches to the next column.
COLUMN_BREAK_RE = re.compile(
    r"\s+(?=\d+[.．](?!\d)|\d+\s*年以上|近期持续|长期持续|近期临时|一般紧缺|比较紧缺|极度紧缺|[（(][^）)]*年[）)])")
TERMINAL_ITEM = ("；", "。", ";", ".")


def cell_kind(text: str) -> str | None:
    """What a cell holds (a key of :data:`CELL_KINDS`), or None for a title or a continuation."""
    return next((kind for kind, pattern in CELL_KINDS.items() if pattern.match(text)), None)


class TableReader:
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
                    and not cell_kind(text) and re.match(rf"^{self.expected}(\s|$)", nxt)):
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
            self.row.title = chunks[0] if not cell_kind(chunks[0]) else ""
            self.interleaved = len(chunks) >= 3
            for chunk in (chunks[1:] if self.row.title else chunks):
                self._cell(chunk, line)

    def _continue_row(self, text: str, line: Line) -> None:
        assert self.row is not None
        self.row.last_line = line.no
        chunks = COLUMN_BREAK_RE.split(text)
        pieces = [c for c in re.split(r"\s+", chunks[0]) if c] if self.interleaved else [chunks[0]]
        if self.interleaved and len(pieces) >= 2 and len(pieces[0]) <= 6 and not cell_kind(pieces[0]):
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

    def _cell(self, text: str, line: Line) -> None:
        row = self.row
        assert row is not None
        text = text.strip()
        if not text:
            return
        kind = cell_kind(text)
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
