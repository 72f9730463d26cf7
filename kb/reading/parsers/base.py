"""What a parser returns, and the section-tree builder every parser uses.

A parser reads one source file and returns a :class:`ParsedFile`: the file's
sections (as :class:`RawSection`, in document order, with their source lines)
and the rows of any occupation table in it (as :class:`RawRow`, cell texts as
printed, not yet normalised). Merging languages, normalising values and
assigning final ids happen later, in :mod:`kb.reading.records` and :mod:`kb.reading.sections`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..manifest import DocumentSpec, FileSpec
from ..text import Line, reflow, reflow_english


@dataclass
class RawSection:
    lang: str
    path: str
    number: str | None
    heading: str | None
    kind: str = "section"
    level: int = 1
    parent_path: str | None = None
    lines: list[Line] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    table: str | None = None  # key of the occupation table this section holds
    citation: str | None = None
    page: int | None = None  # printed page, where a table of contents gives it
    first_line: int = 0
    last_line: int = 0
    # Structural unit keys, one per paragraph (``p1``, ``p1:i3``), for a reader that knows
    # them (an article's 款 and 项); empty: units are numbered by position.
    unit_keys: list[str] = field(default_factory=list)


@dataclass
class RawRow:
    """One occupation-table row as printed, in one language."""

    table: str
    number: int
    lang: str
    title: str = ""
    industry: str = ""
    competencies: list[str] = field(default_factory=list)
    specialties: str = ""
    degree: str = ""
    experience: str = ""
    duration: str = ""
    severity: str = ""
    other: str = ""
    first_line: int = 0
    last_line: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class ParsedFile:
    spec: FileSpec
    sections: list[RawSection] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    # table key -> the column headers as printed (the field labels of the table)
    columns: dict[str, list[str]] = field(default_factory=dict)
    # The document's header as the file prints it (title, 令第N号, dated 通过/公布/施行 lines,
    # signature, date), each line's kind, text, line number and date; the normative reader's.
    header: list[dict[str, object]] = field(default_factory=list)


class SectionTree:
    """Collects headings and body lines into :class:`RawSection` objects.

    ``open`` starts a section at a given level; its parent is the nearest open
    section of a lower level. Body lines go to the section opened last.
    """

    def __init__(self, lang: str, english: bool = False):
        self.lang = lang
        self.english = english
        self.sections: list[RawSection] = []
        self._stack: list[RawSection] = []

    @property
    def current(self) -> RawSection | None:
        return self.sections[-1] if self.sections else None

    def open(self, path: str, number: str | None, heading: str | None, *, level: int,
             line: Line, kind: str = "section", citation: str | None = None) -> RawSection:
        while self._stack and self._stack[-1].level >= level:
            self._stack.pop()
        parent = self._stack[-1].path if self._stack else None
        section = RawSection(lang=self.lang, path=path, number=number, heading=heading, kind=kind,
                             level=level, parent_path=parent, citation=citation,
                             first_line=line.no, last_line=line.no)
        self.sections.append(section)
        self._stack.append(section)
        return section

    def parent_path_at(self, level: int) -> str | None:
        for section in reversed(self._stack):
            if section.level < level:
                return section.path
        return None

    def add(self, line: Line) -> None:
        if self.current is None:
            return
        self.current.lines.append(line)
        self.current.last_line = max(self.current.last_line, line.no)

    def add_paragraph(self, text: str, line_no: int) -> None:
        if self.current is None:
            return
        self.current.paragraphs.append(text)
        self.current.last_line = max(self.current.last_line, line_no)

    def finish(self) -> list[RawSection]:
        for section in self.sections:
            if section.lines:
                texts = [ln.text for ln in section.lines]
                section.paragraphs.extend(reflow_english(texts) if self.english else reflow(texts))
                section.lines = []
        return self.sections


Parser = Callable[[DocumentSpec, FileSpec, list[Line]], ParsedFile]
PARSERS: dict[str, Parser] = {}


def register(name: str) -> Callable[[Parser], Parser]:
    def wrap(func: Parser) -> Parser:
        PARSERS[name] = func
        return func
    return wrap
