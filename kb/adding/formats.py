"""The formats a document comes in, read into the plain text lines the corpus readers parse.

A file's format is told from its content, not its name: ``%PDF-`` opens a PDF, a ZIP archive
holding ``word/document.xml`` is a Word file (``xl/workbook.xml`` a spreadsheet), text with
``<html>`` or ``<body>`` markup is a web page, other text is Markdown or plain text as its name
says. A file whose content is not what its name says (a ``.pdf`` that is a web page, a ``.txt``
that is a Word file) is refused, as are an empty or binary file and a PDF without a text layer.

Each format is read by a well-kept library and comes out as lines, one paragraph, heading or
list item a line (a PDF's as printed, one printed line a line, as the seeds' extractions are):

* HTML (trafilatura): the page's main text, without navigation, footers and scripts; its
  headings, paragraphs, list items and table rows a line each;
* PDF (pdfminer.six): the printed lines of each page in reading order, the page's running
  header and page number dropped (a line repeated at the top or bottom of most pages, a line
  of only a page number), the spaces a justified line leaves between Chinese characters closed
  (:func:`kb.reading.text.close_justified_gaps`) and the first line of a page marked by a
  leading space, as the seeds' extractions mark it; the readers rejoin the lines the page width
  wrapped, as they do for the seeds (:func:`kb.reading.text.reflow`, the scheme reader's units);
* Word .docx (python-docx): paragraphs and tables in order, a numbered list's numbers as Word
  shows them (``1.``, ``（一）``: from the document's numbering definitions);
* Markdown (markdown-it-py): headings, paragraphs and list items a line each, markup stripped;
* plain text: UTF-8, or GB18030 (which GBK and GB2312 are subsets of) converted to UTF-8.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from ..reading.text import close_justified_gaps, join_wrapped

# What a file's name says it is, by its suffix.
SUFFIXES = {".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html", ".pdf": "pdf",
            ".docx": "docx", ".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text",
            ".csv": "csv", ".xlsx": "xlsx"}
NAMES = {"html": "a web page (HTML)", "pdf": "a PDF", "docx": "a Word file (.docx)", "xlsx": "an Excel file (.xlsx)",
         "markdown": "Markdown text", "text": "plain text", "csv": "a CSV spreadsheet"}
# Formats whose content is text: a name may say any of these for text content.
TEXT_FORMATS = ("markdown", "text", "csv")
# Binary formats told by their first bytes, never read here.
MAGIC = ((b"\xd0\xcf\x11\xe0", "an old Office file (.doc or .xls); save it as .docx or .xlsx"),
         (b"\x89PNG", "a PNG image; kb add reads text, it does no OCR"),
         (b"\xff\xd8\xff", "a JPEG image; kb add reads text, it does no OCR"),
         (b"GIF8", "a GIF image; kb add reads text, it does no OCR"),
         (b"%!PS", "a PostScript file; convert it to PDF"),
         (b"{\\rtf", "an RTF file; save it as .docx"))
HTML_SIGN = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)
# The space a justified PDF line leaves between a Chinese character and a figure (自 2026 年).
DIGIT_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=\d)|(?<=\d) +(?=[\u4e00-\u9fff])")
# A line of only a page number: 3, - 3 -, 第3页, 3/12, Page 3 of 12.
PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页|/\s*\d{1,4})?[-—–\s]*$"
                         r"|^page\s+\d+(?:\s+of\s+\d+)?$", re.I)


@dataclass
class Extracted:
    """A file read into lines: its format, the lines, and where each was read (a PDF's page)."""

    format: str
    lines: list[str]
    pages: list[int | None] = field(default_factory=list)
    encoding: str = "utf-8"
    page_count: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def sniff(path: Path, data: bytes) -> str:
    """The format of ``data`` from its content; :class:`CorpusError` for what kb add cannot read."""
    if not data.strip():
        raise CorpusError(path, None, "the file is empty")
    head = data[:8]
    if data.lstrip()[:5] == b"%PDF-" or data[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise CorpusError(path, None, "a damaged ZIP archive (neither a readable .docx nor .xlsx)") from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise CorpusError(path, None, "a ZIP archive that is neither a Word .docx nor an Excel .xlsx file")
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise CorpusError(path, None, f"the file is {what}")
    sample = data[:65536]
    if b"\x00" in sample:
        raise CorpusError(path, None, "a binary file (it contains NUL bytes; UTF-16 text is not read either: "
                                      "save it as UTF-8)")
    controls = sum(1 for b in sample if b < 0x20 and b not in b"\t\n\r\f")
    if controls * 100 > len(sample):
        raise CorpusError(path, None, f"a binary file ({controls} control bytes in its first {len(sample)})")
    if HTML_SIGN.search(data[:4096]):
        return "html"
    return "text"


def expected_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CorpusError(path, None, f"kb add does not read {suffix or 'files without a suffix'} files "
                                      f"(it reads {', '.join(sorted(SUFFIXES))})")
    return SUFFIXES[suffix]


def detect_format(path: Path, data: bytes) -> str:
    """The format of the file, when its content is what its name says; else a CorpusError."""
    named = expected_format(path)
    found = sniff(path, data)
    if found == "text" and named in TEXT_FORMATS:
        return named
    if found != named:
        raise CorpusError(path, None, f"the file is named {path.suffix} but its content is {NAMES[found]}; "
                                      f"rename it, or give the right file")
    return found


def _reads_as_chinese(text: str) -> bool:
    """Whether bytes decoded as GB18030 read as Chinese: most of their Chinese characters stand
    next to another (text in another 8-bit encoding, Latin-1's è before a letter, decodes to
    Chinese characters each alone between Latin letters)."""
    cjk = [i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return False
    marks = set(cjk)
    together = sum(1 for i in cjk if i - 1 in marks or i + 1 in marks)
    return together * 2 >= len(cjk)


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Text from bytes: UTF-8 (with or without a byte-order mark), else GB18030 where it reads as
    Chinese; else refused."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if _reads_as_chinese(text):
        return text, "gb18030"
    line = data.count(b"\n", 0, utf8_error.start) + 1
    raise CorpusError(path, line, f"neither UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) "
                                  f"nor GB18030/GBK text; save the file as UTF-8")


def _clean(line: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", line).strip()


# HTML.

_BLOCKS = {"head", "p", "item", "quote", "code", "cell"}


def _xml_lines(element) -> list[str]:  # noqa: ANN001 - an lxml element
    out: list[str] = []
    for child in element:
        if child.tag in ("row",):
            cells = [_clean("".join(c.itertext())) for c in child]
            out.append(" ".join(c for c in cells if c))
        elif child.tag in _BLOCKS:
            # A <lb/> is a line break the page printed inside a paragraph.
            parts = [child.text or ""]
            for sub in child:
                parts.append("\n" if sub.tag == "lb" else "".join(sub.itertext()))
                parts.append(sub.tail or "")
            out.extend(_clean(part) for part in "".join(parts).split("\n"))
        else:
            out.extend(_xml_lines(child))
    return [line for line in out if line]


def read_html(path: Path, data: bytes) -> Extracted:
    import trafilatura
    from lxml import etree

    # No metadata: its date search (htmldate, dateparser) takes seconds on a long page, and the
    # readers take the document's dates from its own header.
    xml = trafilatura.extract(data, output_format="xml", include_formatting=True, include_tables=True,
                              include_comments=False, include_images=False, include_links=False,
                              deduplicate=False, with_metadata=False)
    if not xml:
        raise CorpusError(path, None, "no main text found in this web page (is it a page of links only, "
                                      "or text drawn by a script?)")
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    # The <title> is left out: it carries the site's name; the document's title is its <h1>.
    lines = _xml_lines(main if main is not None else root)
    if not lines:
        raise CorpusError(path, None, "no main text found in this web page")
    return Extracted("html", lines, [None] * len(lines))


# PDF.

def _page_lines(page) -> list[str]:  # noqa: ANN001 - a pdfminer LTPage
    from pdfminer.layout import LTTextContainer, LTTextLine

    found: list[tuple[float, float, str]] = []

    def walk(element) -> None:  # noqa: ANN001
        for item in element:
            if isinstance(item, LTTextLine):
                text = item.get_text().replace("\n", " ")
                if text.strip():
                    found.append((item.y1, item.x0, text))
            elif isinstance(item, LTTextContainer):
                walk(item)
    walk(page)
    # Top to bottom, left to right; pieces on one baseline (a signature's name after its title) are one line.
    found.sort(key=lambda t: (-t[0], t[1]))
    lines: list[list[tuple[float, float, str]]] = []
    for piece in found:
        if lines and abs(lines[-1][0][0] - piece[0]) <= 2:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return [_fix_glyphs(" ".join(_clean(t) for _, _, t in sorted(line, key=lambda p: p[1]))) for line in lines]


# A PDF font's character map may give a CJK radical's code for the ideograph it draws (门 as
# U+2EE8 ⻔, 青 as ⻘): the CJK Radicals Supplement characters that are whole ideographs, mapped
# back. Kangxi radicals (U+2F00-U+2FDF), compatibility ideographs (U+F900-U+FAFF) and Latin
# ligatures (ﬁ) are mapped by Unicode's own compatibility decomposition (NFKC), applied to
# these characters only: NFKC on the whole text would turn full-width punctuation half-width.
RADICALS = {chr(code): ideograph for code, ideograph in (
    (0x2E81, "厂"), (0x2E87, "几"), (0x2E9F, "母"), (0x2EA0, "民"), (0x2EA9, "王"), (0x2EC4, "西"),
    (0x2EC5, "见"), (0x2EC6, "角"), (0x2EC9, "贝"), (0x2ECB, "车"), (0x2ED1, "長"), (0x2ED3, "长"),
    (0x2ED4, "门"), (0x2ED8, "青"), (0x2ED9, "韦"), (0x2EDA, "页"), (0x2EDB, "风"), (0x2EDC, "飞"),
    (0x2EDD, "食"), (0x2EE1, "首"), (0x2EE2, "马"), (0x2EE3, "骨"), (0x2EE4, "鬼"), (0x2EE5, "鱼"),
    (0x2EE6, "鸟"), (0x2EE7, "卤"), (0x2EE8, "麦"), (0x2EE9, "黄"), (0x2EEA, "黾"), (0x2EEC, "齐"),
    (0x2EEE, "齿"), (0x2EF0, "龙"), (0x2EF3, "龟"))}


def _fix_glyphs(text: str) -> str:
    import unicodedata

    out = []
    for ch in text:
        code = ord(ch)
        if 0x2F00 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF or 0xFB00 <= code <= 0xFB06:
            out.append(unicodedata.normalize("NFKC", ch))
        else:
            out.append(RADICALS.get(ch, ch))
    return "".join(out)


def _furniture(pages: list[list[str]]) -> set[str]:
    """The running headers and footers: a line (its digits aside) at the top or bottom two lines of
    at least half the pages, and of two pages at least."""
    def key(text: str) -> str:
        return re.sub(r"\d+", "#", text)
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({key(t) for t in lines[:2] + lines[-2:]})
    least = max(2, (len(pages) + 1) // 2)
    return {k for k, n in seen.items() if n >= least}


def read_pdf(path: Path, data: bytes) -> Extracted:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    # pdfminer logs a warning for each font it reads with a missing box; the text is read all the same.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pages = [_page_lines(page) for page in extract_pages(io.BytesIO(data), laparams=LAParams())]
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise CorpusError(path, None, "the PDF is encrypted; give a copy without a password") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise CorpusError(path, None, f"the PDF cannot be read ({type(exc).__name__}: {exc})") from None
    if not any(pages):
        raise CorpusError(path, None, f"the PDF has no text layer ({len(pages)} page(s) without a character of "
                                      f"text: a scan?); kb add does no OCR: give a PDF with text, or its text as .txt")
    furniture = _furniture(pages) if len(pages) > 1 else set()
    lines: list[str] = []
    where: list[int | None] = []
    for number, page in enumerate(pages, 1):
        kept = []
        for i, text in enumerate(page):
            edge = i < 2 or i >= len(page) - 2
            if edge and (PAGE_NUMBER.match(text) or re.sub(r"\d+", "#", text) in furniture):
                continue
            kept.append(close_justified_gaps(DIGIT_GAP.sub("", text)))
        for i, text in enumerate(kept):
            # The seeds' extractions mark a page's first line with a leading space (Line.starts_page).
            lines.append(" " + text if i == 0 else text)
            where.append(number)
    return Extracted("pdf", lines, where, page_count=len(pages))


# Word.

_ZH_DIGITS = "〇一二三四五六七八九"


def _zh_count(n: int) -> str:
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[units] if units else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting",
               "chineseLegalSimplified"):
        return _zh_count(n)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """A Word document's list numbers, as Word shows them: each paragraph's numbering definition
    (its own or its style's) and level, counted in document order."""

    def __init__(self, document):  # noqa: ANN001 - a python-docx Document
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counts: dict[str, dict[int, int]] = {}
        self.styles = {st.get(qn("w:styleId")): st for st in document.styles.element.findall(qn("w:style"))}
        self.default_style = next((sid for sid, st in self.styles.items()
                                   if st.get(qn("w:type")) == "paragraph" and st.get(qn("w:default")) in ("1", "true")),
                                  None)
        self.style_cache: dict[str | None, Any] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in numbering.findall(qn("w:abstractNum")):
            abstract[node.get(qn("w:abstractNumId"))] = node
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            node = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if node is None:
                continue
            for lvl in node.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                self.levels[(num.get(qn("w:numId")), int(lvl.get(qn("w:ilvl"))))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "%1.",
                    int(start.get(qn("w:val"))) if start is not None else 1)

    def _num_pr(self, paragraph):  # noqa: ANN001, ANN202
        qn = self.qn
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.find(qn("w:numPr")) is not None:
            return ppr.find(qn("w:numPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return self._style_num_pr(style.get(qn("w:val")) if style is not None else self.default_style)

    def _style_num_pr(self, style_id: str | None):  # noqa: ANN202
        """A style's list numbering, its own or a style's it is based on (read from the styles'
        XML once: python-docx's ``paragraph.style`` looks the style up anew each time)."""
        if style_id not in self.style_cache:
            qn, found, seen = self.qn, None, set()
            current = style_id
            while current and current not in seen and current in self.styles:
                seen.add(current)
                element = self.styles[current]
                ppr = element.find(qn("w:pPr"))
                if ppr is not None and ppr.find(qn("w:numPr")) is not None:
                    found = ppr.find(qn("w:numPr"))
                    break
                based = element.find(qn("w:basedOn"))
                current = based.get(qn("w:val")) if based is not None else None
            self.style_cache[style_id] = found
        return self.style_cache[style_id]

    def label(self, paragraph) -> str:  # noqa: ANN001
        qn = self.qn
        num_pr = self._num_pr(paragraph)
        if num_pr is None:
            return ""
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        if num_id is None:
            return ""
        key, level = num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        if (key, level) not in self.levels:
            return ""
        counts = self.counts.setdefault(key, {})
        fmt, text, start = self.levels[(key, level)]
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [d for d in counts if d > level]:
            del counts[deeper]  # a higher level restarts the levels under it

        def number(match: re.Match[str]) -> str:
            lvl = int(match.group(1)) - 1
            lfmt = self.levels.get((key, lvl), ("decimal", "", 1))[0]
            return _format_number(counts.get(lvl, 1), lfmt)
        shown = re.sub(r"%(\d)", number, text)
        return shown if fmt != "bullet" else ""


def read_docx(path: Path, data: bytes) -> Extracted:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise CorpusError(path, None, f"the Word file cannot be read ({type(exc).__name__}: {exc})") from None
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(block, document)
            label = numbering.label(paragraph)
            for piece in paragraph.text.split("\n"):  # a manual line break (Shift+Enter) is a line
                text = _clean(piece)
                if text:
                    lines.append(numbered(label, text) if label and not lines_started(text, label) else text)
                    label = ""
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = [_clean(cell.text) for cell in row.cells]
                # A merged cell repeats in every column it spans: keep it once.
                unique = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]
                if unique:
                    lines.append(" ".join(unique))
    if not lines:
        raise CorpusError(path, None, "the Word file has no text")
    return Extracted("docx", lines, [None] * len(lines))


def numbered(label: str, text: str) -> str:
    """A list item's text after its number: ``1.就近…`` in Chinese, ``1. places…`` in English."""
    if not label:
        return text
    return f"{label} {text}" if text[:1].isascii() and label[-1:] in ".)" else label + text


def lines_started(text: str, label: str) -> bool:
    """Whether a paragraph already prints its number (typed by hand, not Word's list numbering)."""
    return text.startswith(label.strip())


# Markdown.

def read_markdown(path: Path, data: bytes) -> Extracted:
    from markdown_it import MarkdownIt

    text, encoding = decode_text(path, data)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    lines: list[str] = []
    ordered: list[int | None] = []  # the next number of each open list (None: a bullet list)
    pending = ""
    row: list[str] | None = None  # the cells of a table row being read
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            if any(row):
                lines.append(" ".join(c for c in row if c))
            row = None
        elif token.type == "ordered_list_open":
            ordered.append(int(token.attrs.get("start", 1) or 1))
        elif token.type == "bullet_list_open":
            ordered.append(None)
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            ordered.pop()
        elif token.type == "list_item_open" and ordered and ordered[-1] is not None:
            pending = f"{ordered[-1]}."
            ordered[-1] += 1
        elif token.type == "inline":
            parts = [""]
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts[-1] += child.content
                elif child.type == "softbreak":  # a line the writer wrapped: one paragraph still
                    parts.append("")
                elif child.type == "hardbreak":
                    parts.append("\n")
            joined = ""
            for part in parts:
                joined = joined + part if part.startswith("\n") or joined.endswith("\n") else join_wrapped(joined, part)
            parts = [joined]
            if row is not None:
                row.append(_clean(" ".join(parts)))
                continue
            for piece in "".join(parts).split("\n"):
                piece = _clean(piece)
                if piece:
                    lines.append(numbered(pending, piece))
                    pending = ""
        elif token.type in ("fence", "code_block"):
            lines.extend(_clean(t) for t in token.content.splitlines() if t.strip())
    if not lines:
        raise CorpusError(path, None, "the Markdown file has no text")
    return Extracted("markdown", lines, [None] * len(lines), encoding)


def read_text(path: Path, data: bytes) -> Extracted:
    text, encoding = decode_text(path, data)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    if not any(lines):
        raise CorpusError(path, None, "the file is empty")
    return Extracted("text", lines, [None] * len(lines), encoding)


READERS = {"html": read_html, "pdf": read_pdf, "docx": read_docx, "markdown": read_markdown, "text": read_text}


def extract(path: Path, data: bytes | None = None) -> Extracted:
    """The file's lines, read by its format (told by its content and its name)."""
    data = path.read_bytes() if data is None else data
    fmt = detect_format(path, data)
    if fmt not in READERS:
        raise CorpusError(path, None, f"{NAMES[fmt]} is an occupation list: kb add reads it as a spreadsheet")
    return READERS[fmt](path, data)
