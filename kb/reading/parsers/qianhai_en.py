"""Parser for the English Qianhai report (``qianhai-report-en``).

The file is Markdown with HTML fragments. markdown-it-py gives the block
structure (headings, paragraphs, lists) with source line maps. Heading levels
in the file are unreliable (``### 3.`` next to ``#### 3.1``), so a section's
level comes from its number. A heading that a footnote cut in two (``3.6 ...
innovation,`` / ``## problem solution, ...``) is rejoined, and the table of
contents (``<b>`` lines with page numbers) gives each section its page.

Occupation tables are tab-separated rows whose cells hold ``<b>`` and
``<ol><li>`` markup; a row split by a page break continues in a row whose
leading cells are empty. Those regions are read line by line, not as Markdown.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ...errors import CorpusError
from ..manifest import DocumentSpec, FileSpec, TableSpec
from ..text import Line, collapse_spaces, has_cjk, is_successor, join_english, parse_number, strip_html
from .base import ParsedFile, RawRow, RawSection, SectionTree, register

NUMBERED_RE = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$")
PAREN_RE = re.compile(r"^\((\d+)\)\s*(\S.*)$")
TOC_RE = re.compile(r"^<b>(.*?)</b>\s*\.*\s*(\d+)?\s*$")
FOOTNOTE_RE = re.compile(r"^<sup>(\d+)</sup>\s*(.*)$", re.S)
TABLE_CAPTION_RE = re.compile(r"^Table\s+(\d+)\s*:\s*(.*)$")
COLUMNS = ("number", "title", "competencies", "specialties", "experience", "duration", "severity")


def inline_text(token: Token) -> str:
    """Plain text of an inline token: emphasis dropped, footnote references removed."""
    parts: list[str] = []
    in_sup = False
    for child in token.children or []:
        if child.type == "html_inline":
            if child.content.lower().startswith("<sup"):
                in_sup = True
            elif child.content.lower().startswith("</sup"):
                in_sup = False
        elif in_sup:
            continue
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return collapse_spaces("".join(parts))


def split_numbered(text: str) -> list[str]:
    """Split ``1. a; 2. b; 3. c`` into its items, following the numbering 1, 2, 3 ..."""
    text = text.strip()
    starts: list[tuple[int, int]] = []
    position, number = 0, 1
    while True:
        match = re.compile(rf"(?:^|\s){number}\.\s").search(text, position)
        if not match:
            break
        starts.append((match.start() + (1 if match.group(0)[0].isspace() else 0), match.end()))
        position, number = match.end(), number + 1
    if not starts or starts[0][0] != 0:
        return [text] if text else []
    items = []
    for i, (_, body_start) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        items.append(text[body_start:end].strip())
    return items


def read_table(spec: FileSpec, table: TableSpec, lines: list[Line],
               columns: list[str] | None = None) -> list[RawRow]:
    """Rows of one English occupation table, continuation rows folded in (headers into ``columns``)."""
    columns = columns if columns is not None else []
    rows: list[RawRow] = []
    cells: list[dict[str, str]] = []
    industry = ""
    for line in lines:
        if not line.stripped:
            continue
        raw_cells = line.text.split("\t")
        texts = [strip_html(c) for c in raw_cells]
        if texts and texts[0].startswith("Occupation"):
            columns[:] = columns or [t for t in texts if t]
            continue  # the column header
        filled = [t for t in texts if t]
        if len(filled) == 1 and texts[0] and not texts[0].isdigit():
            industry = texts[0]
            continue
        if texts[0].isdigit():
            number = int(texts[0])
            if number != len(rows) + 1:
                raise CorpusError(spec.path, line.no, f"{table.key}: row {number} follows row {len(rows)}")
            rows.append(RawRow(table=table.key, number=number, lang="en", industry=industry,
                               first_line=line.no, last_line=line.no))
            cells.append({})
        elif not rows:
            raise CorpusError(spec.path, line.no, f"{table.key}: continuation row before the first row")
        row, row_cells = rows[-1], cells[-1]
        row.last_line = line.no
        for column, raw in zip(COLUMNS[1:], raw_cells[1:]):
            # <li> items keep their own numbers, so join them with a space.
            text = strip_html(raw)
            if text:
                row_cells[column] = join_english(row_cells.get(column, ""), text)
    for row, row_cells in zip(rows, cells):
        row.title = row_cells.get("title", "")
        row.competencies = split_numbered(row_cells.get("competencies", ""))
        specialties = split_numbered(row_cells.get("specialties", ""))
        row.specialties = specialties[0] if specialties else ""
        row.degree = specialties[1] if len(specialties) > 1 else ""
        if len(specialties) > 2:
            raise CorpusError(spec.path, row.first_line,
                              f"{table.key} row {row.number}: the education cell has {len(specialties)} items, expected 2")
        row.experience = row_cells.get("experience", "")
        row.duration = row_cells.get("duration", "")
        row.severity = row_cells.get("severity", "")
    return rows


class _Outline:
    """Builds the section tree from markdown-it block tokens."""

    def __init__(self) -> None:
        self.tree = SectionTree("en", english=True)
        self.numbering: tuple[int, ...] = ()
        self.prefix = ""
        self.base_level = 1
        self.definitions = 0
        self.toc: dict[str, int] = {}
        self.in_toc = False
        self.footnote_refs: dict[int, str] = {}

    def heading(self, text: str, line: Line) -> None:
        text = collapse_spaces(text)
        current = self.tree.current
        if current and current.heading and current.heading.endswith(",") and not NUMBERED_RE.match(text):
            current.heading = f"{current.heading} {text}"  # a heading a footnote cut in two
            return
        self.in_toc = False
        if not self.tree.sections:
            self.tree.open("title", None, text, level=1, line=line, kind="title")
            return
        if text.lower() == "contents":
            self.in_toc = True
            return
        if text.lower() == "preface":
            self.tree.open("preface", None, text, level=1, line=line, kind="preface")
            return
        if text.lower().startswith("appendix"):
            heading = re.sub(r"^appendix\s*:?\s*", "", text, flags=re.I) or None
            self.tree.open("appendix", None, heading, level=1, line=line, kind="appendix",
                           citation="Appendix")
            self.numbering, self.prefix, self.base_level = (), "appendix.", 2
            return
        match = NUMBERED_RE.match(text)
        if match and is_successor(self.numbering, parse_number(match.group(1))):
            self.numbering = parse_number(match.group(1))
            self.tree.open(self.prefix + match.group(1), match.group(1), match.group(2),
                           level=self.base_level + len(self.numbering) - 1, line=line)
            self.definitions = 0
            return
        match = PAREN_RE.match(text)
        if match and self.numbering:
            level = self.base_level + len(self.numbering)
            parent = self.tree.parent_path_at(level)
            self.tree.open(f"{parent}.p{match.group(1)}", f"({match.group(1)})", match.group(2),
                           level=level, line=line)
            return
        if text.startswith("➤"):
            self.definition(text, line)
            return
        raise CorpusError("", line.no, f"heading {text!r} fits neither the numbering "
                                       f"(after {'.'.join(map(str, self.numbering)) or 'the start'}) nor a known form")

    def definition(self, text: str, line: Line) -> None:
        self.definitions += 1
        level = self.base_level + len(self.numbering)
        parent = self.tree.parent_path_at(level)
        self.tree.open(f"{parent}.d{self.definitions}", None, text.lstrip("➤ ").strip(), level=level,
                       line=line, kind="definition")

    def paragraph(self, token: Token, line: Line) -> None:
        raw = token.content.strip()
        if self.in_toc:
            for entry in raw.splitlines():
                match = TOC_RE.match(entry.strip())
                if match and match.group(2):
                    title = strip_html(match.group(1))
                    self.toc[title] = int(match.group(2))
            return
        footnote = FOOTNOTE_RE.match(raw)
        if footnote:
            number = int(footnote.group(1))
            path = self.footnote_refs.pop(number, None)
            section = next((s for s in self.tree.sections if s.path == path), self.tree.current)
            if section is not None:
                section.footnotes.append(collapse_spaces(strip_html(footnote.group(2))))
            return
        for ref in re.findall(r"<sup>(\d+)</sup>", raw):
            if self.tree.current is not None:
                self.footnote_refs.setdefault(int(ref), self.tree.current.path)
        text = inline_text(token)
        if not text or re.fullmatch(r"[\d\s]+", text):
            return  # nothing, or a table's row of column numbers
        if text.startswith("➤") and len(text) <= 80 and not text.rstrip().endswith("."):
            self.definition(text, line)
            return
        if has_cjk(text) and not re.search(r"[A-Za-z]", text):
            return  # a logo or stray glyphs from the Chinese cover page
        self.tree.add(Line(line.no, text))

    def table_section(self, table: TableSpec, number: str, heading: str, line: Line, last: int) -> RawSection:
        level = self.base_level + len(self.numbering)
        section = self.tree.open(table.key, number, heading, level=level, line=line, kind="table",
                                 citation=f"Table {number}")
        section.table = table.key
        section.last_line = last
        return section


@register("qianhai-report-en")
def parse_qianhai_report_en(doc: DocumentSpec, spec: FileSpec, lines: list[Line]) -> ParsedFile:
    """Read the English Qianhai report: sections (with TOC pages) and table rows."""
    parsed = ParsedFile(spec)
    tables = {t.caption.get("en"): t for t in doc.tables if t.caption.get("en")}
    # Find the occupation tables first; Markdown sees the rest with table lines blanked,
    # so its line maps still point into the real file.
    regions: list[tuple[int, int, TableSpec, re.Match[str]]] = []
    i = 0
    while i < len(lines):
        caption = TABLE_CAPTION_RE.match(lines[i].stripped)
        table = tables.get(f"Table {caption.group(1)}") if caption else None
        if table is None or caption is None:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and (not lines[end].stripped or "\t" in lines[end].text):
            end += 1
        regions.append((i, end, table, caption))
        i = end
    blanked = [ln.text for ln in lines]
    for start, end, _, _ in regions:
        for k in range(start, end):
            blanked[k] = ""
    region_at = {start: (end, table, caption) for start, end, table, caption in regions}

    outline = _Outline()
    md = MarkdownIt("commonmark", {"html": True})
    tokens = md.parse("\n".join(blanked))
    pending_regions = sorted(region_at)
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if token.map is None or token.nesting == -1:
            k += 1
            continue
        first = token.map[0]
        while pending_regions and pending_regions[0] < first:
            start = pending_regions.pop(0)
            end, table, caption = region_at[start]
            outline.table_section(table, caption.group(1), caption.group(2).strip(), lines[start],
                                  lines[end - 1].no)
            parsed.rows.extend(read_table(spec, table, lines[start + 1:end],
                                          parsed.columns.setdefault(table.key, [])))
        line = lines[first]
        if token.type == "heading_open":
            try:
                outline.heading(inline_text(tokens[k + 1]), line)
            except CorpusError as exc:
                raise CorpusError(spec.path, exc.line, exc.reason) from None
            k += 3
            continue
        if token.type == "paragraph_open":
            inline = tokens[k + 1]
            if k > 0 and tokens[k - 1].type == "list_item_open":
                outline.tree.add(Line(line.no, "• " + inline_text(inline)))
            else:
                outline.paragraph(inline, line)
            k += 3
            continue
        if token.type in ("html_block", "code_block"):
            text = strip_html(token.content)
            if text and not outline.in_toc:
                outline.tree.add(Line(line.no, text))
        k += 1
    for start in pending_regions:
        end, table, caption = region_at[start]
        outline.table_section(table, caption.group(1), caption.group(2).strip(), lines[start], lines[end - 1].no)
        parsed.rows.extend(read_table(spec, table, lines[start + 1:end], parsed.columns.setdefault(table.key, [])))
    parsed.sections = outline.tree.finish()
    for section in parsed.sections:
        title = f"{section.number} {section.heading}" if section.number else (section.heading or "")
        section.page = outline.toc.get(title) or outline.toc.get(f"Appendix: {section.heading}")
    return parsed
