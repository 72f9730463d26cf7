"""The normative reader: laws, regulations, rules and decisions read by their heading scheme.

One engine for every scheme of :mod:`kb.reading.schemes` (``normative-zh`` for the
Chinese 编 / 章 / 节 / 条 / 款 / 项 / 目, ``normative-en`` for an official English's
Part / Chapter / Section / Article / (1), ``decision-zh`` for a 决定's 一、 clauses); a
manifest entry that names no parser gets one when the text has several lines starting
第X条 / Article N, or is a 决定 with 一、 clauses (:mod:`.detect`).

The file is read in three parts:

* the **header**, every line before the first heading or article (a table of contents,
  目录, is skipped up to where its first entry repeats): each line is classified by the
  scheme (title, 令第N号, 〔YYYY〕N号, the dated 通过 / 公布 / 施行 / 修正 lines split into
  their events, signature, date, addressee) and kept as the document's metadata, not its
  body; lines the scheme does not know are a preamble (a 决定's lead-in, a 序言);
* the **body**: a line opens a part, chapter, section or article when it begins with the
  level's pattern, its number is higher than the level's last (so a wrapped line that
  begins ``第二十条规定的…`` is not an article) and the line before it ended a clause. An
  article's units are its paragraphs (款), items (（一）) and sub-items (1.), each starting
  on a line of its own; any other line continues the unit before it, unless the line
  before ended a clause and stopped short of the printed width. A file with one paragraph
  a line (no wrapped lines) is never reflowed: every line that ends a clause ends a unit,
  and no unit runs into the next article;
* trailing lines that are a date or a signature (a rule's closing) join the header.

A file in which no article is found is an error naming the file: a text this reader
cannot read is never a silent, empty success.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ...errors import CorpusError
from ..manifest import DocumentSpec, FileSpec
from ..schemes import DATE, EVENTS, PATH_KEYS, SCHEMES, SCOPED, Level, Scheme, path_key, section_citation
from ..text import Line, close_justified_gaps, collapse_spaces, join_english, join_wrapped, typical_width
from .base import ParsedFile, RawSection, register

MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"), start=1)}
EN_DATE_RE = re.compile(r"\b(?:(\d{1,2}) ([A-Z][a-z]+),? (\d{4})|([A-Z][a-z]+) (\d{1,2}), (\d{4}))\b")
ZH_DATE_RE = re.compile(DATE)



def _iso(text: str, lang: str) -> str | None:
    """The first date a piece of header text states, as YYYY-MM-DD."""
    try:
        if lang == "zh":
            m = ZH_DATE_RE.search(text)
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat() if m else None
        m = EN_DATE_RE.search(text)
        if not m:
            return None
        day, month, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        return date(int(year), MONTHS[month.lower()], int(day)).isoformat() if month.lower() in MONTHS else None
    except ValueError:
        return None


def ends_clause(text: str, scheme: Scheme) -> bool:
    return bool(scheme.clause_end.search(text.rstrip()))


def _plain(text: str) -> str:
    return re.sub(r"[\s　《》〈〉“”\"'()（）]", "", text)


def _events(text: str, line: int, lang: str) -> list[dict[str, object]]:
    """A dated header line ``（…通过　…公布　自…起施行）`` as its events, each with its date."""
    inner = text.strip()[1:-1] if text.strip()[:1] in "（(" else text
    pieces = [p for p in re.split(r"[\s　]+|[，,；;](?![^《]*》)", inner) if p.strip()] if lang == "zh" \
        else [p for p in re.split(r";\s*|,\s+(?=(?:and\s+)?(?:[Aa]mended|[Pp]romulgated|[Ee]ffective|[Rr]evised))", inner)
              if p.strip()]
    events: list[dict[str, object]] = []
    for piece in pieces:
        bare = re.sub(r"《[^》]*》|〈[^〉]*〉", "", piece)  # a title's words (关于修改…) are not the event
        kind = next((k for k, pattern in EVENTS[lang] if pattern.search(bare)), None)
        if kind is None and events:
            events[-1]["text"] = f"{events[-1]['text']}{'' if lang == 'zh' else ' '}{piece}"
            continue
        events.append({"kind": kind or "dates", "text": piece, "line": line, "date": _iso(piece, lang)})
    for event in events:  # a date the verb's piece lacks (``现予公布``) stays None
        if event["date"] is None:
            event["date"] = _iso(str(event["text"]), lang)
    return events


@dataclass
class _Article:
    section: RawSection
    paragraph: int = 0  # the 款 being read
    item: int = 0  # its last item (项)
    subitem: int = 0
    texts: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, doc: DocumentSpec, spec: FileSpec, scheme: Scheme):
        self.doc, self.spec, self.scheme = doc, spec, scheme
        self.english = scheme.lang == "en"
        self.sections: list[RawSection] = []
        self.header: list[dict[str, object]] = []
        # The last number of each level, as (number, 之N): 第十二条之一 comes after 12, before 13.
        self.last: dict[str, tuple[int, int]] = {level.kind: (0, 0) for level in scheme.headings}
        self.open: dict[str, RawSection] = {}  # the open section of each heading level
        self.article: _Article | None = None
        self.width = 10 ** 6

    # -- helpers -----------------------------------------------------------------------------

    def join(self, a: str, b: str) -> str:
        return join_english(a, b) if self.english else join_wrapped(a, b)

    def match(self, levels: tuple[Level, ...], text: str) -> tuple[Level, re.Match[str], int] | None:
        for level in levels:
            m = level.pattern.match(text)
            # A level without a number (a decision's closing 本决定…) opens once.
            if m and (n := self.scheme.number(m.group("n")) if "n" in m.re.groupindex else 1) is not None:
                return level, m, n
        return None

    def continues(self, previous: str | None) -> bool:
        """Does the next line continue the unit the line ``previous`` belongs to?"""
        if previous is None:
            return False
        return not ends_clause(previous, self.scheme) or len(previous) >= self.width - 1

    # -- the header ----------------------------------------------------------------------------

    def body_start(self, lines: list[tuple[int, str]]) -> int:
        """Index of the first body line: the first heading, past any table of contents."""
        in_contents, first = False, None
        for i, (_, text) in enumerate(lines):
            if self.scheme.contents.match(text):
                in_contents, first = True, None
                continue
            found = self.match(self.scheme.headings, text)
            if not in_contents:
                if found:
                    return i
                continue
            if found is None:
                continue
            key = (found[0].kind, found[2])
            if found[0].kind == "article" or key == first:
                return i
            first = first or key
        return len(lines)

    def read_header(self, lines: list[tuple[int, str]]) -> tuple[str | None, list[tuple[int, str]]]:
        """Classify the header lines; returns the title and the lines that are body (a preamble)."""
        lines = self.join_header(lines)
        unknown: list[tuple[int, int, str]] = []  # (index, line, text) of lines no pattern knows
        in_contents = False
        for i, (no, text) in enumerate(lines):
            kind = next((k for k, pattern in self.scheme.header if pattern.search(text)), None)
            if kind == "contents" or (in_contents and self.match(self.scheme.headings, text)):
                in_contents = True
                self.header.append({"kind": "contents", "text": text, "line": no, "date": None})
            elif kind in ("dates", "statement"):
                self.header.extend(e | ({"statement": True} if kind == "statement" else {})
                                   for e in _events(text, no, self.scheme.lang))
            elif kind is not None:
                self.header.append({"kind": kind, "text": text, "line": no,
                                    "date": _iso(text, self.scheme.lang) if kind == "date" else None})
            else:
                unknown.append((i, no, text))
        title = self._title(unknown)
        heading = None
        if title:
            heading = ""
            for _, _, text in title:
                heading = self.join(heading, text)
            self.header.append({"kind": "title", "text": heading, "line": title[0][1], "date": None})
        return heading, [(no, text) for i, no, text in unknown if (i, no, text) not in title]

    def join_header(self, lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """Header lines the page width wrapped, put back together: a line that opens a bracket
        it does not close, or a sentence (``…已经…``) it does not end, continues on the next."""
        out: list[tuple[int, str]] = []
        for no, text in lines:
            if out:
                last = out[-1][1]
                opened = last.count("（") + last.count("(") > last.count("）") + last.count(")")
                unfinished = not ends_clause(last, self.scheme) \
                    and not any(pattern.search(last) for _, pattern in self.scheme.header) \
                    and any(pattern.search(self.join(last, text)) for kind, pattern in self.scheme.header
                            if kind == "statement")
                if opened or unfinished:
                    out[-1] = (out[-1][0], self.join(last, text))
                    continue
            out.append((no, text))
        return out

    def _title(self, unknown: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """The title's lines: the manifest's title wherever it stands (a decree prints it after
        its own header), else the first line that is not a sentence; either may wrap once."""
        wanted = _plain(self.doc.title.get(self.scheme.lang) or "")
        if wanted:
            for k, (i, no, text) in enumerate(unknown):
                if _plain(text) and wanted.startswith(_plain(text)):
                    title = [(i, no, text)]
                    if k + 1 < len(unknown) and unknown[k + 1][0] == i + 1 \
                            and wanted.startswith(_plain(text + unknown[k + 1][2])):
                        title.append(unknown[k + 1])
                    if _plain("".join(t for _, _, t in title)) == wanted:
                        return title
        for k, (i, no, text) in enumerate(unknown):
            if not ends_clause(text, self.scheme) and len(text) <= 80:
                title = [(i, no, text)]
                if k + 1 < len(unknown) and unknown[k + 1][0] == i + 1 and len(text + unknown[k + 1][2]) <= 80 \
                        and not ends_clause(unknown[k + 1][2], self.scheme):
                    title.append(unknown[k + 1])
                return title
        return []

    # -- the body ------------------------------------------------------------------------------

    def sub(self, m: re.Match[str]) -> int:
        """The N of an inserted article's 之N (Article 12-1), else 0."""
        sub = m.groupdict().get("sub")
        return (self.scheme.number(sub) or 0) if sub else 0

    def path(self, kind: str, n: int, sub: int = 0) -> str:
        if kind not in PATH_KEYS:
            return kind  # closing
        own = path_key(kind, n, sub)
        scope = SCOPED.get(kind)
        while scope is not None:
            parent = self.open.get(scope)
            if parent is not None:
                return f"{parent.path}.{own}"
            scope = SCOPED.get(scope)
        return own

    def parent(self, kind: str) -> RawSection | None:
        """The nearest open part, chapter or section above this level."""
        kinds = [level.kind for level in self.scheme.headings]
        for outer in reversed(kinds[:kinds.index(kind)]):
            if outer in self.open:
                return self.open[outer]
        return None

    def open_section(self, level: Level, m: re.Match[str], n: int, no: int,
                     heading: str | None) -> RawSection:
        self.finish_article()
        levels = list(self.scheme.headings)
        for inner in levels[levels.index(level) + 1:]:
            if inner.headed:
                self.open.pop(inner.kind, None)
                self.last[inner.kind] = (0, 0)  # chapters count again in each part, sections in each chapter
        parent = self.parent(level.kind)
        printed = collapse_spaces(m.string[:m.start("rest")]) or None
        path = self.path(level.kind, n, self.sub(m))
        cite = section_citation(path)
        section = RawSection(lang=self.scheme.lang, path=path, number=printed,
                             heading=heading, kind=level.kind, level=(parent.level + 1) if parent else 1,
                             parent_path=parent.path if parent else None,
                             citation=cite[self.scheme.lang] if cite else (printed or None),
                             first_line=no, last_line=no)
        self.sections.append(section)
        self.last[level.kind] = (n, self.sub(m))
        if level.kind == "article":
            self.article = _Article(section)
        elif level.headed:
            self.open[level.kind] = section  # a part, chapter or section holds what follows
        return section

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

    def read_body(self, lines: list[tuple[int, str]]) -> None:
        plain = [t for _, t in lines if not self.match(self.scheme.headings, t)]
        wrapped = sum(1 for a, b in zip(lines, lines[1:])
                      if not ends_clause(a[1], self.scheme) and not self.match(self.scheme.headings, b[1]))
        if wrapped >= 3 and wrapped * 10 >= len(plain):
            self.width = typical_width(plain)  # a PDF extraction: lines wrapped at the page width
        previous: str | None = None
        after_heading = True
        i = 0
        while i < len(lines):
            no, text = lines[i]
            i += 1
            clause_ended = after_heading or previous is None or ends_clause(previous, self.scheme)
            found = self.match(self.scheme.headings, text)
            if found and clause_ended and (found[2], self.sub(found[1])) > self.last[found[0].kind]:
                level, m, n = found
                rest = m.group("rest").strip()
                if level.headed:
                    if len(rest) > 40 or ends_clause(rest, self.scheme) and rest[-1:] not in "：:":
                        found = None  # a sentence, not a heading
                    else:
                        if not rest and i < len(lines) and not self.match(self.scheme.headings, lines[i][1]) \
                                and len(lines[i][1]) <= 40 and not ends_clause(lines[i][1], self.scheme):
                            rest = lines[i][1]  # the heading printed on the line below its number
                            i += 1
                        self.open_section(level, m, n, no, rest or None)
                        previous, after_heading = None, True
                        continue
                if found:
                    self.open_section(level, m, n, no, None)
                    if rest and self.article is not None:
                        self.article.paragraph = 1
                        self.add_unit("p1", rest, no)
                    elif rest:
                        self.add_unit(None, rest, no)  # a decision's clause: its paragraphs by position
                    previous, after_heading = (text, False) if rest else (None, True)
                    continue
            article = self.article
            if article is not None and clause_ended and (item := self.match(self.scheme.items, text)):
                level, _, n = item
                if level.kind == "item" and n == article.item + 1:
                    article.paragraph = max(article.paragraph, 1)
                    article.item, article.subitem = n, 0
                    self.add_unit(f"p{article.paragraph}:i{n}", text, no)
                    previous, after_heading = text, False
                    continue
                if level.kind == "subitem" and article.item and n == article.subitem + 1:
                    article.subitem = n
                    self.add_unit(f"p{article.paragraph}:i{article.item}:s{n}", text, no)
                    previous, after_heading = text, False
                    continue
            if not after_heading and self.continues(previous):
                self.extend_unit(text, no)
            elif article is not None:
                article.paragraph += 1
                article.item = article.subitem = 0
                self.add_unit(f"p{article.paragraph}", text, no)
            else:
                self.add_unit(None, text, no)
            previous, after_heading = text, False
        self.finish_article()


def read_normative(doc: DocumentSpec, spec: FileSpec, lines: list[Line], scheme: Scheme) -> ParsedFile:
    reader = _Reader(doc, spec, scheme)
    texts = [(ln.no, collapse_spaces(ln.text)) for ln in lines if ln.stripped
             and not scheme.furniture.match(ln.stripped)
             and not any(p.search(ln.stripped) for p in spec.running_headers)]
    start = reader.body_start(texts)
    title, preamble = reader.read_header(texts[:start])
    body = texts[start:]
    closing = [k for k, _ in scheme.header if k in ("date", "signature", "number")]
    trailing: list[tuple[int, str]] = []
    while body and any(p.search(body[-1][1]) for k, p in scheme.header if k in closing) \
            and not reader.match(scheme.headings, body[-1][1]):
        trailing.insert(0, body.pop())
    reader.read_body(body)
    for no, text in trailing:
        kind = next(k for k, p in scheme.header if k in closing and p.search(text))
        reader.header.append({"kind": kind, "text": text, "line": no,
                              "date": _iso(text, scheme.lang) if kind == "date" else None})
    if not any(s.kind == scheme.citable for s in reader.sections):
        word = {"normative-en": "Article N", "normative-zh": "第X条", "decision-zh": "一、"}[scheme.name]
        what = "clauses" if scheme.citable == "clause" else "articles"
        raise CorpusError(spec.path, None,
                          f"no {what} found: no line starts '{word}' (the {scheme.name} reader reads "
                          f"{'decisions clause' if what == 'clauses' else 'laws, regulations and rules article'} by "
                          f"{scheme.citable}); is this the right file, language and parser?")
    front: list[RawSection] = []
    if title:
        line = next(int(e["line"]) for e in reader.header if e["kind"] == "title")  # type: ignore[call-overload]
        front.append(RawSection(lang=scheme.lang, path="title", number=None, heading=title, kind="title",
                                first_line=line, last_line=line))
    if preamble:
        paragraphs: list[str] = []
        previous: str | None = None
        for _, text in preamble:
            if paragraphs and not ends_clause(previous or "", scheme):
                paragraphs[-1] = reader.join(paragraphs[-1], text)
            else:
                paragraphs.append(text)
            previous = text
        front.append(RawSection(lang=scheme.lang, path="preamble", number=None, heading=None, kind="preface",
                                paragraphs=[p if reader.english else close_justified_gaps(p) for p in paragraphs],
                                first_line=preamble[0][0], last_line=preamble[-1][0]))
    parsed = ParsedFile(spec)
    parsed.sections = front + reader.sections
    parsed.header = sorted(reader.header, key=lambda e: int(e["line"]))  # type: ignore[call-overload]
    return parsed


@register("normative-zh")
def parse_normative_zh(doc: DocumentSpec, spec: FileSpec, lines: list[Line]) -> ParsedFile:
    """A Chinese law, regulation or rule: 编 / 章 / 节 / 条 / 款 / 项 / 目, header as metadata."""
    return read_normative(doc, spec, lines, SCHEMES["normative-zh"])


@register("normative-en")
def parse_normative_en(doc: DocumentSpec, spec: FileSpec, lines: list[Line]) -> ParsedFile:
    """The official English of a normative document: Part / Chapter / Section / Article / (1)."""
    return read_normative(doc, spec, lines, SCHEMES["normative-en"])


@register("decision-zh")
def parse_decision_zh(doc: DocumentSpec, spec: FileSpec, lines: list[Line]) -> ParsedFile:
    """A Chinese decision (决定): header as metadata, a lead-in, 一、二、 clauses, 本决定… closing."""
    return read_normative(doc, spec, lines, SCHEMES["decision-zh"])
