"""A law's header: the lines before the first heading or article, read as the document's metadata.

The front reader of the normative schemes (``normative-zh``, ``normative-en``, ``decision-zh``
in :mod:`kb.reading.schemes`; the body is read by the one engine, :mod:`.reader`):

* the **header** is every line before the first heading or article (a table of contents,
  目录, is skipped up to where its first entry repeats): each line is classified by the
  scheme (title, 令第N号, 〔YYYY〕N号, the dated 通过 / 公布 / 施行 / 修正 lines split into
  their events, signature, date, addressee) and kept as the document's metadata, not its
  body; lines the scheme does not know are a preamble (a 决定's lead-in, a 序言);
* trailing lines that are a date or a signature (a rule's closing) join the header.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Callable

from ..manifest import DocumentSpec
from ..schemes import DATE, EVENTS, Level, Scheme
from ..text import close_justified_gaps, join_english, join_wrapped
from .base import RawSection

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



class Header:
    """Reads a normative document's header with its scheme; ``match`` is the engine's heading test."""

    def __init__(self, doc: DocumentSpec, scheme: Scheme,
                 match: Callable[[tuple[Level, ...], str], tuple[Level, re.Match[str], int] | None]):
        self.doc, self.scheme, self.match = doc, scheme, match
        self.english = scheme.lang == "en"
        self.header: list[dict[str, object]] = []

    def join(self, a: str, b: str) -> str:
        return join_english(a, b) if self.english else join_wrapped(a, b)

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

    # -- the whole front -----------------------------------------------------------------------

    def read(self, texts: list[tuple[int, str]]) -> tuple[list[RawSection], int, int]:
        """The header read from ``texts`` (the file's lines, furniture gone): the title and preamble
        sections, and where the body starts and ends (the closing date and signature after it)."""
        start = self.body_start(texts)
        title, preamble = self.read_header(texts[:start])
        end = len(texts)
        closing = [k for k, _ in self.scheme.header if k in ("date", "signature", "number")]
        while end > start and any(p.search(texts[end - 1][1]) for k, p in self.scheme.header if k in closing) \
                and not self.match(self.scheme.headings, texts[end - 1][1]):
            end -= 1
        for no, text in texts[end:]:
            kind = next(k for k, p in self.scheme.header if k in closing and p.search(text))
            self.header.append({"kind": kind, "text": text, "line": no,
                                "date": _iso(text, self.scheme.lang) if kind == "date" else None})
        front: list[RawSection] = []
        if title:
            line = next(int(e["line"]) for e in self.header if e["kind"] == "title")  # type: ignore[call-overload]
            front.append(RawSection(lang=self.scheme.lang, path="title", number=None, heading=title, kind="title",
                                    first_line=line, last_line=line))
        if preamble:
            paragraphs: list[str] = []
            previous: str | None = None
            for _, text in preamble:
                if paragraphs and not ends_clause(previous or "", self.scheme):
                    paragraphs[-1] = self.join(paragraphs[-1], text)
                else:
                    paragraphs.append(text)
                previous = text
            front.append(RawSection(lang=self.scheme.lang, path="preamble", number=None, heading=None,
                                    kind="preface",
                                    paragraphs=[p if self.english else close_justified_gaps(p) for p in paragraphs],
                                    first_line=preamble[0][0], last_line=preamble[-1][0]))
        return front, start, end

    def entries(self) -> list[dict[str, object]]:
        return sorted(self.header, key=lambda e: int(e["line"]))  # type: ignore[call-overload]
