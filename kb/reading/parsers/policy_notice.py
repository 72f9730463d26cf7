"""Parser for a Chinese policy notice with annexes (``policy-notice-zh``).

The notice body is a title, the document number, an addressee and preamble,
clauses numbered ``一、二、三、`` and a closing (``特此通知``, issuing offices,
date). Each ``附件 N`` starts an annex. In a criteria annex, ``一、`` lines are
category headings and ``1.`` lines are items, each its own section so a clause
can be cited as "附件1 二.2". A catalogue annex named as a table in the manifest
is tab-separated: ``序号 行业大类 岗位名称 人员基本要求 其他要求``, with page
breaks giving continuation rows whose leading cells are empty and repeated
header rows.
"""

from __future__ import annotations

import re

from ...errors import CorpusError
from ..manifest import DocumentSpec, FileSpec, TableSpec
from ..text import Line, collapse_spaces, join_wrapped, strip_html, zh_numeral
from .base import ParsedFile, RawRow, SectionTree, register

ANNEX_RE = re.compile(r"^附件\s*(\d+)$")
CLAUSE_RE = re.compile(r"^([一二三四五六七八九十]+)、\s*(.*)$")
ITEM_RE = re.compile(r"^(\d+)[.．]\s*(.*)$")
DOC_NUMBER_RE = re.compile(r"〔\d{4}〕\d+号$")
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


@register("policy-notice-zh")
def parse_policy_notice_zh(doc: DocumentSpec, spec: FileSpec, lines: list[Line]) -> ParsedFile:
    """Read a notice: title, clauses, annexes with categories and items, catalogue rows."""
    parsed = ParsedFile(spec)
    tree = SectionTree("zh")
    tables = {t.caption.get("zh", "").replace(" ", ""): t for t in doc.tables}
    annex: str | None = None
    category: tuple[str, int] | None = None
    expect_annex_title = False
    i = 0
    while i < len(lines):
        line = lines[i]
        text = collapse_spaces(line.text)
        i += 1
        if not text:
            continue
        if not tree.sections:
            tree.open("title", None, text, level=1, line=line, kind="title")
            continue
        if DOC_NUMBER_RE.search(text) and tree.current and tree.current.kind == "title":
            tree.add(line)
            tree.open("preamble", None, None, level=1, line=line, kind="preface")
            continue
        annex_match = ANNEX_RE.match(text)
        if annex_match:
            annex = f"annex-{annex_match.group(1)}"
            category = None
            tree.open(annex, f"附件 {annex_match.group(1)}", None, level=1, line=line, kind="annex",
                      citation=f"附件{annex_match.group(1)}")
            expect_annex_title = True
            table = tables.get(f"附件{annex_match.group(1)}")
            if table is not None:
                end = i
                while end < len(lines) and not ANNEX_RE.match(lines[end].stripped):
                    end += 1
                heading_lines = [ln.stripped for ln in lines[i:end] if ln.stripped and "\t" not in ln.text]
                assert tree.current is not None
                tree.current.heading = "".join(heading_lines).replace("(", "（").replace(")", "）") or None
                tree.current.kind = "table"
                tree.current.table = table.key
                tree.current.last_line = lines[end - 1].no
                parsed.rows.extend(read_catalogue(spec, table, lines[i:end],
                                                  parsed.columns.setdefault(table.key, [])))
                i = end
                expect_annex_title = False
            continue
        if expect_annex_title and tree.current is not None:
            tree.current.heading = text.replace("(", "（").replace(")", "）")
            expect_annex_title = False
            continue
        clause = CLAUSE_RE.match(text)
        if clause and zh_numeral(clause.group(1)):
            number = zh_numeral(clause.group(1))
            rest = clause.group(2)
            is_heading = bool(rest) and len(rest) <= 30 and "。" not in rest
            path = f"{annex}.{number}" if annex else str(number)
            annex_cite = f"附件{annex.split('-')[1]} " if annex else ""
            tree.open(path, clause.group(1), rest if is_heading else None, level=2 if annex else 1,
                      line=line, kind="section" if is_heading else "clause",
                      citation=f"{annex_cite}{clause.group(1)}")
            if not is_heading:
                tree.add(Line(line.no, rest))
            category = (clause.group(1), number) if annex else None
            continue
        item = ITEM_RE.match(text)
        if item and category and annex:
            number = int(item.group(1))
            current = tree.current
            expected = 1 if current is None or current.kind != "item" else int(current.number or 0) + 1
            if number == expected:
                tree.open(f"{annex}.{category[1]}.{number}", str(number), None, level=3, line=line,
                          kind="item", citation=f"附件{annex.split('-')[1]} {category[0]}.{number}")
                tree.add(Line(line.no, item.group(2)))
                continue
        if text.startswith("特此通知") and not annex:
            tree.open("closing", None, None, level=1, line=line, kind="closing")
        if tree.current is not None and tree.current.kind == "closing":
            tree.add_paragraph(text, line.no)  # signature lines stand alone
            continue
        tree.add(Line(line.no, text))
    parsed.sections = tree.finish()
    return parsed
