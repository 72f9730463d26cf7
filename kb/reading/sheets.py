"""Occupation lists as spreadsheets (CSV, XLSX): each row one occupation record.

A manifest entry with a ``[document.sheet]`` table names the list its rows belong to, their id
prefix, the header row and which column holds which field, per language
(:class:`~kb.reading.manifest.SheetSpec`). :func:`read_rows` reads a file's cells as text
(CSV as UTF-8, XLSX through openpyxl), refusing a file that is not what its name says;
:func:`parse_sheet` turns the rows into the same :class:`RawRow` objects the document parsers
give, one set per language, so :mod:`.records` merges, normalises and cites them like the
seeds' tables. A row's ``first_line`` is its row number in the sheet (what a reader sees when
opening the file), and the record's number is its place among the sheet's occupations.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

from ..errors import CorpusError
from .manifest import DocumentSpec, SheetSpec
from .parsers import ParsedFile, RawRow, RawSection


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed in a cell (3) reads back from XLSX as 3.0
    return str(value).replace("\r\n", "\n").strip()


def read_rows(path: Path, sheet: str | None = None) -> list[tuple[int, list[str]]]:
    """The non-empty rows of a CSV or XLSX file as ``(row number, cells)``; a
    :class:`CorpusError` naming the file when it is empty, binary or not a spreadsheet."""
    data = path.read_bytes()
    if not data.strip():
        raise CorpusError(path, None, "the spreadsheet is empty")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        if not data.startswith(b"PK\x03\x04"):
            raise CorpusError(path, None, "not an XLSX workbook (an .xlsx file is a zip archive; save the "
                                          "sheet as .xlsx or .csv)")
        from openpyxl import load_workbook  # only a corpus with a workbook needs it

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise CorpusError(path, None, f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None
        try:
            if sheet is not None and sheet not in book.sheetnames:
                raise CorpusError(path, None, f"no worksheet {sheet!r} (the workbook has "
                                              f"{', '.join(book.sheetnames)})")
            ws = book[sheet] if sheet is not None else book.worksheets[0]
            rows = [(n, [_cell(v) for v in values])
                    for n, values in enumerate(ws.iter_rows(values_only=True), 1)]
        finally:
            book.close()
    else:
        if b"\x00" in data:
            raise CorpusError(path, None, "a binary file, not a CSV sheet (CSV is text: save the sheet as CSV, UTF-8)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            raise CorpusError(path, line, "not UTF-8 text: save the sheet as CSV, UTF-8") from None
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel  # one column, or a sheet the sniffer cannot tell: commas
        reader = csv.reader(io.StringIO(text), dialect)
        rows = []
        try:
            for values in reader:
                rows.append((reader.line_num, [_cell(v) for v in values]))
        except csv.Error as exc:
            raise CorpusError(path, reader.line_num, f"not a readable CSV sheet: {exc}") from None
    found = [(n, cells) for n, cells in rows if any(cells)]
    if not found:
        raise CorpusError(path, None, "the spreadsheet is empty (no cell holds text)")
    return found


def header_columns(path: Path, rows: list[tuple[int, list[str]]], header_row: int,
                   columns: dict[str, dict[str, str]]) -> dict[tuple[str, str], int]:
    """``(field, lang) -> column index`` for the headers the mapping names, found in the header
    row; a :class:`CorpusError` naming the row and every header it lacks."""
    header = next((cells for n, cells in rows if n == header_row), None)
    if header is None:
        raise CorpusError(path, header_row, f"the header row {header_row} is empty")
    index = {" ".join(h.split()): i for i, h in reversed(list(enumerate(header))) if h}
    found: dict[tuple[str, str], int] = {}
    missing = []
    for field, by_lang in columns.items():
        for lang, name in by_lang.items():
            if " ".join(name.split()) in index:
                found[field, lang] = index[" ".join(name.split())]
            else:
                missing.append(name)
    if missing:
        raise CorpusError(path, header_row, f"the header row has no column {', '.join(map(repr, missing))} "
                                            f"(it has {', '.join(map(repr, index)) or 'none'}); the manifest's "
                                            f"[document.sheet] columns must name the headers as printed")
    return found


def parse_sheet(doc: DocumentSpec) -> list[ParsedFile]:
    """The sheet of ``doc`` as one :class:`ParsedFile` per language its columns have."""
    sheet: SheetSpec = doc.sheet  # type: ignore[assignment]
    spec = doc.files[0]
    rows = read_rows(spec.path, sheet.sheet)
    where = header_columns(spec.path, rows, sheet.header_row, sheet.columns)
    body = [(n, cells) for n, cells in rows if n > sheet.header_row]
    if not body:
        raise CorpusError(spec.path, sheet.header_row, "the sheet has a header row and no occupations below it")
    langs = [lang for lang in ("zh", "en") if any(lg == lang for _, lg in where)]
    separator = re.compile(sheet.separator)
    parsed: list[ParsedFile] = []
    for lang in langs:
        # Each language reads the same file; its FileSpec says which language's columns.
        lang_spec = spec if lang == spec.lang else replace(spec, lang=lang, translates=spec.name)
        out: list[RawRow] = []
        for number, (row_no, cells) in enumerate(body, 1):
            def cell(field: str) -> str:
                column = where.get((field, lang))
                return cells[column] if column is not None and column < len(cells) else ""

            competencies = [c.strip() for c in separator.split(cell("competencies")) if c.strip()]
            out.append(RawRow(table="sheet", number=number, lang=lang, title=cell("title"),
                              industry=cell("industry"), competencies=competencies,
                              specialties=cell("specialties"), degree=cell("degree"),
                              experience=cell("experience"), duration=cell("duration"),
                              severity=cell("severity"), other=cell("other"),
                              first_line=row_no, last_line=row_no))
        heading = doc.title.get(lang) or doc.title.get("zh")
        section = RawSection(lang=lang, path="sheet", number=None, heading=heading, kind="table",
                             table="sheet", first_line=sheet.header_row, last_line=body[-1][0])
        printed = [name for (field, lg), _ in where.items() if lg == lang
                   for name in [sheet.columns[field][lang]]]
        parsed.append(ParsedFile(spec=lang_spec, sections=[section], rows=out, columns={"sheet": printed}))
    return parsed
