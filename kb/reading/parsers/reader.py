"""The scheme reader: the one engine that reads a file by the heading scheme of its kind.

Every scheme of :mod:`kb.reading.schemes` is read here: laws, regulations and rules
(``normative-zh`` / ``normative-en``: 编 / 章 / 节 / 条 / 款 / 项 / 目 and Part / Chapter /
Section / Article / (1)), decisions (``decision-zh``), notices (``notice-zh``: 一、 clauses,
特此通知, 附件 N annexes) and journal papers (``paper-zh``: 1 / 1.1 headings, （1） lead-ins).
A manifest entry that names no parser gets the scheme its text shows (:mod:`.detect`).

The file is read in three parts:

* the **front**, as the scheme says: a law's header (:mod:`.normative`: every line before the
  first heading, classified as title, 令第N号, dated 通过 / 公布 / 施行 lines, signature … and
  kept as metadata), a notice's title line up to its document number, or a paper's front
  matter (:mod:`.paper`: title, byline, abstracts, English title, wherever printed);
* the **body**: each line is tried against the scheme's levels in order; the first whose
  pattern matches decides, opening its section where its conditions hold (a number above the
  last, or the next, or a successor 1.2 of 1.1; the line before ended a clause; the levels it
  needs are open) and otherwise leaving the line as text. A section's path, number and
  citation are made from the level's templates; its parent is the nearest open section of an
  outer level (or, for a dotted number, of a lower depth). Text lines become paragraphs as
  the scheme says: a law's units (款 / 项 / 目, keyed ``p1:i3``; a PDF-wrapped line joins the
  unit before it unless that ended a clause short of the printed width) or a notice's and
  paper's paragraphs, each section's lines reflowed (:func:`kb.reading.text.reflow`);
* what is one kind's and not a pattern is a helper the scheme names: the notice's catalogue
  table (:mod:`.catalogue`), the paper's test for unnumbered headings (:mod:`.paper`).

A file in which a scheme that has a citable level (the article, a decision's clause) finds
none is an error naming the file: a text this reader cannot read is never a silent, empty
success.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ...errors import CorpusError
from ..manifest import DocumentSpec, FileSpec
from ..schemes import SCHEMES, Level, Scheme, section_citation
from ..text import (Line, close_justified_gaps, collapse_spaces, is_successor, join_english, join_wrapped, reflow,
                    typical_width)
from . import catalogue, paper
from .base import ParsedFile, RawSection, register
from .normative import Header, ends_clause

# The helpers a scheme may name (Scheme.table_reader, Scheme.layout).
TABLE_READERS = {"catalogue": catalogue.read_catalogue}
LAYOUTS: dict[str, Callable[[list[str], int], int]] = {"short-lines": paper.short_lines}

_FAIL = object()  # a level's pattern matched, its conditions did not hold: the line is text


@dataclass
class _Text:
    no: int
    text: str  # spaces collapsed
    raw: str  # as printed, stripped
    index: int  # in the file's lines


@dataclass
class _Article:
    section: RawSection
    paragraph: int = 0  # the 款 being read
    item: int = 0  # its last item (项)
    subitem: int = 0
    texts: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, doc: DocumentSpec, spec: FileSpec, scheme: Scheme, lines: list[Line]):
        self.doc, self.spec, self.scheme, self.lines = doc, spec, scheme, lines
        self.english = scheme.lang == "en"
        self.parsed = ParsedFile(spec)
        self.sections: list[RawSection] = []
        self.levels = {level.name: i for i, level in enumerate(scheme.headings)}
        self.last: dict[str, Any] = {level.name: self.first(level) for level in scheme.headings}
        # The 之N of each level's last number: 第十二条之一 comes after 12 and before 13.
        self.last_sub: dict[str, int] = {level.name: 0 for level in scheme.headings}
        self.stack: list[tuple[int, RawSection]] = []  # open sections that hold others, with their level
        self.in_use = set(self.levels)
        self.apart: set[int] = set()  # sections whose lines are paragraphs of their own
        self.article: _Article | None = None
        self.pending: tuple[Level, RawSection] | None = None  # a section whose heading is the next line
        self.skip_to = 0  # file lines up to here were read by a table reader
        self.previous: str | None = None  # the last text line
        self.after_heading = True
        self.width = 10 ** 6
        self.raws: list[str] = []  # the body's lines as printed, for a layout test

    # -- levels --------------------------------------------------------------------------------

    @staticmethod
    def first(level: Level) -> Any:
        return () if level.order == "successor" else 0

    def numeral(self, level: Level) -> Callable[[str], Any]:
        return level.numeral or self.scheme.number

    def match(self, levels: tuple[Level, ...], text: str) -> tuple[Level, re.Match[str], Any] | None:
        """The first level whose pattern matches ``text`` with a number its numeral reader reads."""
        for level in levels:
            m = level.pattern.match(text) if level.pattern is not None else None
            # A level without a number (a closing: 本决定…, 特此通知) opens once.
            if m and (n := self.numeral(level)(m.group("n")) if "n" in m.re.groupindex else 1) is not None:
                return level, m, n
        return None

    def sub(self, level: Level, m: re.Match[str] | None) -> int:
        """The N of an inserted article's 之N (第十二条之一, Article 12-1), else 0."""
        sub = m.groupdict().get("sub") if m is not None else None
        return (self.numeral(level)(sub) or 0) if sub else 0

    @staticmethod
    def follows(level: Level, last: Any, n: Any, last_sub: int = 0, sub: int = 0) -> bool:
        if level.order == "increasing":
            return bool((n, sub) > (last, last_sub))
        if level.order == "next":
            return bool(n == last + 1)
        if level.order == "successor":
            return is_successor(last, n)
        return True

    def open_of(self, name: str) -> RawSection | None:
        """The innermost open section of the level ``name``."""
        return next((s for i, s in reversed(self.stack) if self.scheme.headings[i].name == name), None)

    def run(self, level: Level, lines: list[_Text]) -> int:
        """How many lines of the text open this level in sequence (headings ``1``, ``1.1``, ``2`` …)."""
        last, found = self.first(level), 0
        for t in lines:
            m = level.pattern.match(t.raw) if level.pattern is not None else None
            if m and len(t.raw) <= level.heading_max:
                n = self.numeral(level)(m.group("n"))
                if n is not None and self.follows(level, last, n):
                    last, found = n, found + 1
        return found

    def ends(self, text: str) -> bool:
        return ends_clause(text, self.scheme)

    def join(self, a: str, b: str) -> str:
        return join_english(a, b) if self.english else join_wrapped(a, b)

    def continues(self, previous: str | None) -> bool:
        """Does the next line continue the unit the line ``previous`` belongs to?"""
        if previous is None:
            return False
        return not self.ends(previous) or len(previous) >= self.width - 1

    # -- opening a section ---------------------------------------------------------------------

    def attempt(self, level: Level, lines: list[_Text], k: int, ended: bool) -> Any:
        """None: not this level; _FAIL: this level's line, but it stays text; else (m, n, count)."""
        if level.name not in self.in_use:
            return None
        text = lines[k].text
        if level.pattern is None:  # a heading without a number: where the layout says
            if (level.after_clause and not ended) or not (count := LAYOUTS[self.scheme.layout or ""](self.raws, k)):
                return None
            return None, self.last[level.name] + 1, count
        m = level.pattern.match(text)
        if not m:
            return None
        n = self.numeral(level)(m.group("n")) if "n" in m.re.groupindex else 1
        if n is None:
            return None
        if (level.after_clause and not ended) \
                or not self.follows(level, self.last[level.name], n, self.last_sub[level.name], self.sub(level, m)) \
                or not all(self.open_of(name) for name in level.requires) \
                or any(self.open_of(name) for name in level.excludes):
            return _FAIL
        if level.heading == "title":
            rest = m.group("rest").strip()
            if len(rest) > level.heading_max or self.ends(rest) and rest[-1:] not in "：:":
                return _FAIL  # a sentence, not a heading
        if level.heading == "wrapped-title" and (len(text) > level.heading_max or "。" in text):
            return _FAIL
        return m, n, 1

    def open(self, level: Level, m: re.Match[str] | None, n: Any, no: int, heading: str | None,
             kind: str | None = None) -> RawSection:
        self.finish_article()
        index = self.levels[level.name]
        for inner in self.scheme.headings[index + 1:]:
            if inner.restart:
                self.last[inner.name] = self.first(inner)  # chapters count again in each part
                self.last_sub[inner.name] = 0
        if level.depth:
            depth = len(n)
            while self.stack and self.stack[-1][1].level >= depth:
                self.stack.pop()
            parent = self.stack[-1][1] if self.stack else None
        else:
            parent = next((s for i, s in reversed(self.stack) if i < index), None)
            depth = parent.level + 1 if parent else 1
            while self.stack and self.stack[-1][1].level >= depth:
                self.stack.pop()
        printed = m.group("n") if m is not None and "n" in m.re.groupindex else ""
        sub = self.sub(level, m)
        fields = {"n": n, "printed": printed, "name": level.name, "sub": f"-{sub}" if sub else "",
                  "head": collapse_spaces(m.string[:m.start("rest")]) if m is not None else ""}
        path = level.path.format(**fields)
        for name in level.scope:
            if (outer := self.open_of(name)) is not None:
                path = f"{outer.path}.{path}"
                break
        number = (level.number.format(**fields) or None) if level.number else None
        if level.cite == "legal":
            legal = section_citation(path)
            citation = legal[self.scheme.lang] if legal else number
        elif level.cite:
            citation = level.cite.format(**fields)
            outer = next((s for name in level.scope if (s := self.open_of(name)) is not None), None)
            if outer is not None and outer.citation:
                citation = f"{outer.citation}{level.cite_sep}{citation}"
        else:
            citation = None
        section = RawSection(lang=self.scheme.lang, path=path, number=number, heading=heading,
                             kind=kind or level.kind, level=depth, parent_path=parent.path if parent else None,
                             citation=citation, first_line=no, last_line=no)
        self.sections.append(section)
        self.last[level.name], self.last_sub[level.name] = n, sub
        if level.holds:
            self.stack.append((index, section))
        if level.keyed:
            self.article = _Article(section)
        if level.lines_apart:
            self.apart.add(id(section))
        return section

    def heading_of(self, level: Level, text: str) -> str:
        return text.replace("(", "（").replace(")", "）") if level.fullwidth else text

    def open_level(self, level: Level, hit: tuple[Any, Any, int], lines: list[_Text], i: int) -> int:
        """Open the section ``lines[i - 1]`` begins; returns the index of the next line to read."""
        m, n, count = hit
        t = lines[i - 1]
        mode = level.heading
        if mode == "title":
            rest = m.group("rest").strip()
            if not rest and i < len(lines) and not self.match(self.scheme.headings, lines[i].text) \
                    and len(lines[i].text) <= level.heading_max and not self.ends(lines[i].text):
                rest, i = lines[i].text, i + 1  # the heading printed on the line below its number
            self.open(level, m, n, t.no, rest or None)
        elif mode == "wrapped-title":
            heading = m.group("rest")
            tail = lines[i].raw if i < len(lines) else ""
            if tail and len(tail) <= 10 and not re.search(r"[，。；：]", tail) and not level.pattern.match(tail):
                heading, i = join_wrapped(heading, tail), i + 1  # a heading the page width wrapped
            self.open(level, m, n, t.no, heading)
        elif mode == "layout":
            heading = t.text if count == 1 else join_wrapped(t.text, collapse_spaces(lines[i].raw))
            self.open(level, None, n, t.no, heading)
            i += count - 1
        elif mode == "lead-in":
            clause = m.group("rest")
            while "。" not in clause and i < len(lines) and len(clause) < level.heading_max:
                clause, i = join_wrapped(clause, lines[i].text), i + 1  # the lead-in wrapped
            heading, _, rest = clause.partition("。")
            self.open(level, m, n, t.no, heading.strip())
            if rest.strip():
                self.add_line(rest.strip(), t.no)
            self.previous, self.after_heading = t.text, False
            return i
        elif mode == "title-or-body":
            rest = m.group("rest")
            if rest and len(rest) <= level.heading_max and "。" not in rest:
                self.open(level, m, n, t.no, rest)
            else:
                self.open(level, m, n, t.no, None, kind=level.body_kind)
                self.add_line(rest, t.no)
                self.previous, self.after_heading = t.text, False
                return i
        elif mode == "next-line":
            section = self.open(level, m, n, t.no, None)
            table = self.table_for(section.citation) if level.table else None
            if table is not None:
                self.read_table(level, section, table, t.index)
            else:
                self.pending = (level, section)
        else:  # body
            self.open(level, m, n, t.no, None)
            rest = m.group("rest").strip()
            if rest and self.article is not None:
                self.article.paragraph = 1
                self.add_unit("p1", rest, t.no)
            elif rest:
                self.add_text(rest, t.no, scrub=False)  # a decision's clause: its paragraphs by position
            self.previous, self.after_heading = (t.text, False) if rest else (None, True)
            return i
        self.previous, self.after_heading = None, True
        return i

    # -- tables ----------------------------------------------------------------------------------

    def table_for(self, caption: str | None) -> Any:
        tables = {t.caption.get(self.scheme.lang, "").replace(" ", ""): t for t in self.doc.tables}
        return tables.get(caption or "")

    def read_table(self, level: Level, section: RawSection, table: Any, start: int) -> None:
        """A table level the manifest names: its lines, to the next line of the same level, read by
        the scheme's table reader; the lines that are not rows are its heading."""
        end = start + 1
        while end < len(self.lines) and not (level.pattern and level.pattern.match(self.lines[end].stripped)):
            end += 1
        block = self.lines[start + 1:end]
        heading = "".join(ln.stripped for ln in block if ln.stripped and "\t" not in ln.text)
        section.heading = self.heading_of(level, heading) or None
        section.kind, section.table = "table", table.key
        section.last_line = self.lines[end - 1].no
        reader = TABLE_READERS[self.scheme.table_reader or ""]
        self.parsed.rows.extend(reader(self.spec, table, block, self.parsed.columns.setdefault(table.key, [])))
        self.skip_to = end

    # -- text ------------------------------------------------------------------------------------

    def finish_article(self) -> None:
        if self.article is not None:
            texts = [t if self.english else close_justified_gaps(t) for t in self.article.texts]
            self.article.section.paragraphs = texts
            self.article.section.unit_keys = list(self.article.keys)
            self.article = None

    def add_unit(self, key: str | None, text: str, no: int) -> None:
        target = self.article.section if self.article else (self.sections[-1] if self.sections else None)
        if target is None:
            return
        if self.article is not None and key is not None:
            self.article.texts.append(text)
            self.article.keys.append(key)
        else:
            target.paragraphs.append(text)
        target.last_line = max(target.last_line, no)

    def extend_unit(self, text: str, no: int) -> None:
        if self.article is not None and self.article.texts:
            self.article.texts[-1] = self.join(self.article.texts[-1], text)
            self.article.section.last_line = no
        elif self.sections and self.sections[-1].paragraphs:
            self.sections[-1].paragraphs[-1] = self.join(self.sections[-1].paragraphs[-1], text)
            self.sections[-1].last_line = no
        else:
            self.add_unit(None, text, no)

    def add_line(self, text: str, no: int) -> None:
        """A line of the current section's text, to be reflowed (or a paragraph of its own)."""
        current = self.sections[-1] if self.sections else None
        if current is None or not text:
            return
        if id(current) in self.apart:
            current.paragraphs.append(text)  # signature lines stand alone
        else:
            current.lines.append(Line(no, text))
        current.last_line = max(current.last_line, no)

    def add_text(self, text: str, no: int, scrub: bool = True) -> None:
        """A line that opens no section: the current unit's or section's text."""
        if self.scheme.paragraphs == "reflow":
            if scrub and self.scheme.scrub is not None:
                text = self.scheme.scrub.sub("", text)
            self.add_line(text, no)
            self.previous, self.after_heading = text, False
            return
        article = self.article
        if not scrub:
            self.add_unit(None, text, no)
        elif not self.after_heading and self.continues(self.previous):
            self.extend_unit(text, no)
        elif article is not None:
            article.paragraph += 1
            article.item = article.subitem = 0
            self.add_unit(f"p{article.paragraph}", text, no)
        else:
            self.add_unit(None, text, no)
        self.previous, self.after_heading = text, False

    def add_item(self, text: str, no: int, ended: bool) -> bool:
        """An item (（三）) or sub-item (1.) of the current article's paragraph, if the line is one."""
        article = self.article
        if article is None or not ended or not (item := self.match(self.scheme.items, text)):
            return False
        level, _, n = item
        if level.name == "item" and n == article.item + 1:
            article.paragraph = max(article.paragraph, 1)
            article.item, article.subitem = n, 0
            self.add_unit(f"p{article.paragraph}:i{n}", text, no)
        elif level.name == "subitem" and article.item and n == article.subitem + 1:
            article.subitem = n
            self.add_unit(f"p{article.paragraph}:i{article.item}:s{n}", text, no)
        else:
            return False
        self.previous, self.after_heading = text, False
        return True

    # -- the body --------------------------------------------------------------------------------

    def read_body(self, lines: list[_Text]) -> None:
        scheme = self.scheme
        self.raws = [t.raw for t in lines]
        for level in scheme.headings:
            if level.min_run and self.run(level, lines) < level.min_run:
                self.in_use.discard(level.name)
            if level.instead_of in self.in_use:
                self.in_use.discard(level.name)
        if scheme.paragraphs == "units":
            plain = [t.text for t in lines if not self.match(scheme.headings, t.text)]
            wrapped = sum(1 for a, b in zip(lines, lines[1:])
                          if not self.ends(a.text) and not self.match(scheme.headings, b.text))
            if wrapped >= 3 and wrapped * 10 >= len(plain):
                self.width = typical_width(plain)  # a PDF extraction: lines wrapped at the page width
        if scheme.lead and (lines or self.lines):
            no = lines[0].no if lines else self.lines[0].no
            self.sections.append(RawSection(lang=scheme.lang, path=scheme.lead[0], number=None, heading=None,
                                            kind=scheme.lead[1], first_line=no, last_line=no))
        i = 0
        while i < len(lines):
            t = lines[i]
            i += 1
            if t.index < self.skip_to:
                continue
            if self.pending is not None:
                level, section = self.pending
                self.pending = None
                if not (level.pattern and level.pattern.match(t.text)):
                    section.heading = self.heading_of(level, t.text)
                    continue
            current = self.sections[-1] if self.sections else None
            if scheme.front_end and current is not None and current.kind == "title" \
                    and scheme.front_end.search(t.text):
                # The document number ends the title; the addressee and lead-in that follow are a preamble.
                self.add_line(t.raw, t.no)
                self.sections.append(RawSection(lang=scheme.lang, path="preamble", number=None, heading=None,
                                                kind="preface", first_line=t.no, last_line=t.no))
                continue
            ended = self.after_heading or self.previous is None or self.ends(self.previous)
            hit = None
            for level in scheme.headings:
                hit = self.attempt(level, lines, i - 1, ended)
                if hit is not None:
                    break
            if hit is not None and hit is not _FAIL:
                i = self.open_level(level, hit, lines, i)
                continue
            if self.add_item(t.text, t.no, ended):
                continue
            if scheme.standalone is not None and scheme.standalone.match(t.text):
                if current is not None:  # a figure's caption: a paragraph of its own
                    current.paragraphs.append(t.text)
                    current.last_line = max(current.last_line, t.no)
                continue
            self.add_text(t.text, t.no)
        self.finish_article()
        for section in self.sections:
            if section.lines:
                section.paragraphs.extend(reflow([ln.text for ln in section.lines]))
                section.lines = []


def read(doc: DocumentSpec, spec: FileSpec, lines: list[Line], scheme: Scheme) -> ParsedFile:
    """Read one file by ``scheme``: its front, its body by the scheme's levels, its tables."""
    reader = _Reader(doc, spec, scheme, lines)
    taken: set[int] = set()
    before: list[RawSection] = []
    after: list[RawSection] = []
    if scheme.front == "paper":
        before, after, taken = paper.read_front(doc, lines)
    texts = [_Text(ln.no, collapse_spaces(ln.text), ln.stripped, index) for index, ln in enumerate(lines)
             if ln.stripped and ln.no not in taken and not scheme.furniture.match(ln.stripped)
             and not any(p.search(ln.stripped) for p in spec.running_headers)]
    header = None
    if scheme.front == "header":
        header = Header(doc, scheme, reader.match)
        before, start, end = header.read([(t.no, t.text) for t in texts])
        texts = texts[start:end]
    elif scheme.front == "title-line" and texts:
        first = texts.pop(0)
        reader.sections.append(RawSection(lang=scheme.lang, path="title", number=None, heading=first.text,
                                          kind="title", first_line=first.no, last_line=first.no))
    reader.read_body(texts)
    if scheme.citable and not any(s.kind == scheme.citable for s in reader.sections):
        what = "clauses" if scheme.citable == "clause" else "articles"
        raise CorpusError(spec.path, None,
                          f"no {what} found: no line starts '{scheme.sign}' (the {scheme.name} reader reads "
                          f"{'decisions clause' if what == 'clauses' else 'laws, regulations and rules article'} by "
                          f"{scheme.citable}); is this the right file, language and parser?")
    body = [s for s in reader.sections
            if not (scheme.lead and s.path == scheme.lead[0] and s.kind == scheme.lead[1] and not s.paragraphs)]
    parsed = reader.parsed
    parsed.sections = before + body + after
    if header is not None:
        parsed.header = header.entries()
    return parsed


def _register(name: str, scheme: Scheme, doc: str) -> None:
    def parse(doc_spec: DocumentSpec, spec: FileSpec, lines: list[Line]) -> ParsedFile:
        return read(doc_spec, spec, lines, scheme)
    parse.__doc__ = doc
    parse.__name__ = f"read_{name.replace('-', '_')}"
    register(name)(parse)


for _scheme in SCHEMES.values():
    _register(_scheme.name, _scheme, _scheme.summary)
    for _alias in _scheme.aliases:
        _register(_alias, _scheme, f"The {_scheme.name} scheme under its older name: {_scheme.summary}")
