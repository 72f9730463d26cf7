"""The notice's catalogue: a table annex read as occupation rows (the ``catalogue`` table reader).

What stays code of the notice scheme (:mod:`kb.reading.schemes`, ``notice-zh``): an annex the
manifest names as a table (``[[document.table]]`` captioned ``附件 2``) is tab-separated,
``序号 行业大类 岗位名称 人员基本要求 其他要求``, with page breaks giving continuation rows whose
leading cells are empty and repeated header rows. Its requirements cell is split into its
labelled parts (``1.职业能力要求：`` …).
"""

from __future__ import annotations

import re

from ...errors import CorpusError
from ..manifest import FileSpec, TableSpec
from ..text import Line, collapse_spaces, join_wrapped, strip_html
from .base import RawRow

REQUIREMENT_LABEL_RE = re.compile(r"(\d)[.．]\s*(职业能力要求|专业学历要求|从业资历要求|从业经历要求)[：:]")
REQUIREMENT_FIELDS = {"职业能力要求": "competencies", "专业学历要求": "specialties",
                      "从业资历要求": "experience", "从业经历要求": "experience"}


def read_catalogue(spec: FileSpec, table: TableSpec, lines: list[Line],
                   columns: list[str] | None = None) -> list[RawRow]:
    """Rows of a tab-separated catalogue annex; empty industry cells stay empty (carried later)."""
    rows: list[RawRow] = []
    requirements: list[str] = []
    for line in lines:
        if "\t" not in line.text:
            continue
        cells = [strip_html(c) for c in line.text.split("\t")]
        cells += [""] * (5 - len(cells))
        if cells[0] == "序号":
            if columns is not None and not columns:
                columns.extend(c for c in cells if c)
            continue  # header row, repeated on every page
        if cells[0]:
            if not cells[0].isdigit() or int(cells[0]) != len(rows) + 1:
                raise CorpusError(spec.path, line.no,
                                  f"{table.key}: expected row {len(rows) + 1}, found {cells[0]!r}")
            rows.append(RawRow(table=table.key, number=int(cells[0]), lang="zh", industry=cells[1],
                               title=cells[2], other=cells[4], first_line=line.no, last_line=line.no))
            requirements.append(cells[3])
            continue
        if not rows:
            raise CorpusError(spec.path, line.no, f"{table.key}: continuation row before the first row")
        row = rows[-1]
        row.last_line = line.no
        row.industry = join_wrapped(row.industry, cells[1])
        row.title = join_wrapped(row.title, cells[2])
        requirements[-1] = join_wrapped(requirements[-1], cells[3])
        row.other = join_wrapped(row.other, cells[4])
    for row, text in zip(rows, requirements):
        parts = REQUIREMENT_LABEL_RE.split(text)
        if parts[0].strip() or len(parts) < 4:
            raise CorpusError(spec.path, row.first_line,
                              f"{table.key} row {row.number}: requirements do not start with "
                              f"'1.职业能力要求：' ({text[:40]!r})")
        fields: dict[str, str] = {}
        for _number, label, body in zip(parts[1::3], parts[2::3], parts[3::3]):
            fields[REQUIREMENT_FIELDS[label]] = collapse_spaces(body)
        missing = {"competencies", "specialties", "experience"} - set(fields)
        if missing:
            raise CorpusError(spec.path, row.first_line,
                              f"{table.key} row {row.number}: no {', '.join(sorted(missing))} requirement")
        row.competencies = [c for c in re.split(r"[；;]", fields["competencies"].rstrip("。")) if c.strip()]
        row.specialties = fields["specialties"]  # degree is split off when normalising
        row.experience = fields["experience"]
    return rows
