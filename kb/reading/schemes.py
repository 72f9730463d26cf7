"""Heading schemes: the levels of a kind of document, as data.

A :class:`Scheme` is one table of patterns per level for one kind of document in one
language; the scheme reader (:mod:`.parsers.reader`) is the one engine that reads any of
them, so a new kind of document needs a table row here, not a parser. The schemes:

* ``normative-zh`` / ``normative-en``: Chinese laws, regulations, rules and most normative
  documents follow the Legislation Law's scheme: 编 (part) / 章 (chapter) / 节 (section) /
  条 (article) / 款 (paragraph) / 项 (item, ``（一）``) / 目 (sub-item, ``1.``); their official
  English versions print ``Part I`` / ``Chapter I`` / ``Section 1`` / ``Article 41`` / ``(1)``;
* ``decision-zh``: a decision (决定) is a scheme of the same engine: its citable sections are
  its ``一、`` clauses (``cl1``, cited 一 / I), closed by ``本决定…``;
* ``notice-zh`` (alias ``policy-notice-zh``): a notice's ``一、`` clauses with ``（一）`` sub-clauses
  and ``1.`` items (``2.1.1``, cited ``二（一）.1``), ``特此通知``, annexes ``附件 N`` with ``一、``
  categories and ``1.`` items (``annex-1.2.3``, cited ``附件1 二.3``);
* ``paper-zh`` (alias ``journal-paper-zh``): a journal article's numbered headings
  (``1`` / ``1.1``, their depth the level), bold ``（1）`` lead-ins, or unnumbered headings.

What is truly one kind's and not a pattern stays a small helper the scheme names: the
notice's catalogue table (:mod:`.parsers.catalogue`), the paper's front matter and its test
for unnumbered headings (:mod:`.parsers.paper`), a law's header (:mod:`.parsers.normative`).

In a law, the article (条) is the citable section. Articles are numbered through the whole text,
so their paths (``art41``) come from the number alone and are the same in every
language and every build; chapters are numbered within their part (``ch2``,
``part1.ch2``), sections within their chapter (``ch2.sec1``). Inside an article, the
units are its paragraphs (款, not numbered in print: ``p1``, ``p2`` …), the items of a
paragraph (``p1:i3`` for its ``（三）`` / ``(3)``) and the sub-items of an item
(``p1:i3:s2``). Citations are made from these keys alone, in the legal form of each
language (:func:`section_citation`, :func:`unit_citation`):
``第四十九条第（三）项`` / ``Article 49, item (3)``, ``第七条第一款`` / ``Article 7, paragraph 1``.

The lines before the first heading or article (title, 通过 / 公布 / 施行 lines, 令第N号,
〔YYYY〕N号, signature and date) are the document's header: each is classified by the
scheme's ``header`` patterns and kept as metadata, not body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from .text import BULLETS, REFERENCE_MARK_RE, parse_number

ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_NUMERAL = "零〇一二两三四五六七八九十百千"
ROMAN = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50),
         ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"


def zh_number(text: str) -> int | None:
    """``四十一`` → 41, ``一百零一`` → 101, ``一千二百六十`` → 1260, ``41`` → 41; else None."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(ch not in ZH_NUMERAL for ch in text):
        return None
    if all(ch in ZH_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(ZH_DIGITS[ch]) for ch in text))  # 二〇二五
    total, digit = 0, None
    for ch in text:
        if ch in ZH_DIGITS:
            digit = ZH_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * ZH_UNITS[ch]
            digit = None
    return total + (digit or 0)


def zh_numeral(n: int) -> str:
    """41 → ``四十一``, 10 → ``十``, 101 → ``一百零一``, 110 → ``一百一十``."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    out, zero = "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = (n // value) % 10
        if d:
            if zero and out:
                out += "零"
            out += digits[d] + name
            zero = False
        elif out:
            zero = True
    return out


def roman_number(text: str) -> int | None:
    """``XLI`` → 41, ``41`` → 41; else None (only canonical numerals: ``IIII`` is not 4)."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    value, rest = 0, text.upper()
    for numeral, n in ROMAN:
        while rest.startswith(numeral):
            value, rest = value + n, rest[len(numeral):]
    return value if value and not rest and roman(value) == text.upper() else None


def roman(n: int) -> str:
    """41 → ``XLI``."""
    out = ""
    for numeral, value in ROMAN:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def dotted(text: str) -> tuple[int, ...] | None:
    """``2.3.1`` → (2, 3, 1): a paper's heading number, its depth the heading's level."""
    return parse_number(text) if re.fullmatch(r"\d+(?:\.\d+)*", text.strip()) else None


def arabic(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


# How a level reads the rest of the line that opens it (``Level.heading``):
HEADING_MODES = {
    "title": "the rest is the heading: at most heading_max characters and not a sentence (else the line is "
             "text); an empty rest takes the next line when it is short and not a sentence (第二章 / 服务保障)",
    "wrapped-title": "the line is at most heading_max characters without 。; the rest is the heading, and a "
                     "short tail on the next line (the page width wrapped it) joins it",
    "title-or-body": "the rest is the heading when it is short (heading_max) without 。, else it is the first "
                     "text of the section, whose kind is then body_kind",
    "next-line": "the next line is the heading (附件 1 / 北京市外籍…认定标准); a table the manifest names "
                 "for this level's citation is read by the scheme's table reader instead",
    "lead-in": "the words up to the first 。 (wrapped lines joined, to heading_max) are the heading, the rest "
               "is text: a paragraph's bold lead-in",
    "layout": "no pattern: the scheme's layout test says where a heading without a number stands",
    "body": "no heading: the rest is the section's first text",
}


@dataclass(frozen=True)
class Level:
    """One level of a scheme: how a line that opens it reads, and what its section is.

    ``pattern`` has the groups ``n`` (the number as printed; none for a level that opens once,
    like a closing) and ``rest`` (what follows on the line). The defaults are a law's: numbers
    only rise, and a level opens only where the line before ended a clause.
    """

    name: str  # the level's name in its scheme (part, chapter, article, item, …)
    pattern: re.Pattern[str] | None  # None: a heading found by the scheme's layout test
    kind: str = ""  # the kind of section it opens (its name where not given)
    heading: str = "body"  # how the rest of the line is read: HEADING_MODES
    heading_max: int = 40
    body_kind: str | None = None  # title-or-body: the kind when the rest is text
    holds: bool = False  # the levels after it nest inside it (a chapter holds articles)
    order: str | None = "increasing"  # increasing (above the last), next (the last + 1), successor
    #                                 # (1.2 after 1.1 or 1), count (no number: 1, 2, …), None (any)
    restart: bool = False  # numbered again inside each section of an outer level
    after_clause: bool = True  # opens only where the line before ended a clause (or a heading)
    requires: tuple[str, ...] = ()  # levels that must be open (an annex's items: annex and clause)
    excludes: tuple[str, ...] = ()  # levels that must not be open (a notice's closing: an annex)
    instead_of: str | None = None  # used only where this level is not in use (unnumbered headings)
    min_run: int = 0  # in use only where the text has this many such lines in sequence
    numeral: Callable[[str], Any] | None = None  # the numeral reader; None: the scheme's
    depth: bool = False  # the section's level is the number's depth (1.2.3 → 3)
    path: str = "{name}"  # {n} the number, {printed} as printed, {sub} "-N" for a pattern's sub
    #                       # group (之N: art12-1) else ""; after its scope's path and a dot
    scope: tuple[str, ...] = ()  # the path continues that of the nearest open section of these levels
    number: str | None = "{head}"  # the section's number: {head} is the line up to the rest
    cite: str | None = "legal"  # legal: from the path (第二章第一节); else a template, after its scope's
    cite_sep: str = " "  # between the scope's citation and this level's (附件1 二 . 1)
    keyed: bool = False  # its paragraphs are 款 with 项 / 目 items, keyed p1, p1:i3 (an article)
    table: bool = False  # next-line: a manifest table captioned as this level's citation fills it
    lines_apart: bool = False  # each line of its text is a paragraph of its own (signature lines)
    fullwidth: bool = False  # brackets in the heading made full-width, as the rest of the text prints them

    def __post_init__(self) -> None:
        if not self.kind:
            object.__setattr__(self, "kind", self.name)


@dataclass(frozen=True)
class Scheme:
    name: str  # the parser name a manifest entry may give (normative-zh)
    lang: str
    summary: str  # one line for `kb parsers`
    citable: str | None  # the kind of the citable section a file must have (article, clause); None: any
    sign: str  # what the citable section's line starts with, for the error naming a file without one
    headings: tuple[Level, ...]  # outermost first, tried in this order
    items: tuple[Level, ...]  # item (项), sub-item (目): units inside an article's paragraph
    number: Callable[[str], int | None]  # the numeral reader
    header: tuple[tuple[str, re.Pattern[str]], ...]  # kinds of header lines, first match wins
    contents: re.Pattern[str]  # a table of contents (目录 / Contents) before the body
    furniture: re.Pattern[str]  # page numbers and the like, never text
    clause_end: re.Pattern[str]  # how a paragraph, item or lead-in ends (a wrapped line does not)
    # What the lines before the body are: header (classified by ``header``: a law's metadata),
    # title-line (the first line is the title; ``front_end``, a document number, ends it and opens
    # the preamble) or paper (a paper's front matter: title, byline, abstracts, English title).
    front: str = "header"
    front_end: re.Pattern[str] | None = None
    # How text lines become paragraphs: units (an article's 款 / 项 / 目, PDF-wrapped lines
    # joined by clause ends and the printed width) or reflow (each section's lines reflowed).
    paragraphs: str = "units"
    lead: tuple[str, str] | None = None  # (path, kind) of a section for the text before the first heading
    standalone: re.Pattern[str] | None = None  # a line that is a paragraph of its own (a figure caption)
    scrub: re.Pattern[str] | None = None  # removed from text lines (reference marks [4-9])
    table_reader: str | None = None  # the helper that reads a table level's rows (catalogue)
    layout: str | None = None  # the helper that finds unnumbered headings (short-lines)
    # Recognising a file whose manifest entry names no parser: every sign must be met, a sign
    # being met when any of its (pattern, count) alternatives matches that many lines.
    detect: tuple[tuple[tuple[re.Pattern[str], int], ...], ...] = ()
    title_word: str | None = None  # a word the document's title must have (决定)
    aliases: tuple[str, ...] = ()  # older parser names a manifest may still give


ZH_HEADER = (
    ("contents", re.compile(r"^目\s*录$")),
    ("date", re.compile(r"^" + DATE + r"$")),
    ("number", re.compile(r"^\S*〔\d{4}〕\d+号$")),
    ("decree", re.compile(r"^(?:\S*(?:令|公告))?\s*(?:第\s*[\d零〇一二三四五六七八九十百千]+\s*号)$|^\S*(?:令|公告)$")),
    ("dates", re.compile(r"^[（(].*(?:通过|公布|发布|印发|施行|实施|修正|修订|废止).*[)）]$")),
    ("statement", re.compile(r"已经.*(?:通过|批准).*(?:现予公布|现予发布|现予印发|予以公布)")),
    ("signature", re.compile(r"^(?:国务院)?(?:总理|主席|部长|主任|局长|署长|行长|省长|市长|区长|县长)"
                             r"\s*[\u4e00-\u9fff]{1,4}$")),
    ("addressee", re.compile(r"^各[^。《》]{1,78}[：:]$")),  # 各省、自治区…：, 各区科技主管部门：
)
ZH_CLAUSE_END = re.compile(r"[。；：！？;:][”’）)」』】》]*$")
ZH_FURNITURE = re.compile(r"^[-—－\s]*\d{1,3}[-—－\s]*$")
ZH_CONTENTS = re.compile(r"^目\s*录$")
NOTHING = re.compile(r"(?!)")

# 第十二条之一 / Article 12-1: an article an amendment inserted after 第十二条 (art12-1, after art12,
# before art13). The ``sub`` group is the 之N; the reader orders by (n, sub) and gives {sub} as "-N".
ZH_ARTICLE = Level("article", re.compile(rf"^第(?P<n>[{ZH_NUMERAL}\d]+)条(?:之(?P<sub>[{ZH_NUMERAL}]+))?"
                                         rf"(?:\s+|$)(?P<rest>.*)$"),
                   path="art{n}{sub}", keyed=True)
EN_ARTICLE = Level("article", re.compile(r"^Article\s+(?P<n>\d+)(?:-(?P<sub>\d+))?\b[.:]?\s*(?P<rest>.*)$"),
                   path="art{n}{sub}", keyed=True)
ZH_CLAUSE = re.compile(r"^(?P<n>[一二三四五六七八九十]+)、\s*(?P<rest>.*)$")  # a notice's 一、 (to 九十九)
ANNEX = re.compile(r"^附件\s*(?P<n>\d+)(?P<rest>)$")
ABSTRACT_ZH = re.compile(r"^【摘\s*要】|^摘\s*要\s*[：:]")  # 摘要： / 【摘要】
KEYWORDS_ZH = re.compile(r"^【?关\s*键\s*词】?\s*[：:]")
NUMBERED = re.compile(r"^(?P<n>\d+(?:\.\d+)*)\s+(?P<rest>[\u4e00-\u9fff“].*)$")  # 2.3.1 坚持…原则
# A paper's furniture: page numbers and lines of nothing but the bullets PDF extraction leaves.
PAPER_FURNITURE = re.compile(r"^\s*\d{1,3}\s*$|^[" + re.escape(BULLETS) + r" ]+$")

SCHEMES: dict[str, Scheme] = {
    "normative-zh": Scheme(
        name="normative-zh",
        lang="zh",
        summary="A Chinese law, regulation or rule: 编 / 章 / 节 / 条 / 款 / 项 / 目, header as metadata.",
        citable="article",
        sign="第X条",
        headings=(
            Level("part", re.compile(rf"^第(?P<n>[{ZH_NUMERAL}\d]+)编\s*(?P<rest>.*)$"), heading="title",
                  holds=True, path="part{n}"),
            Level("chapter", re.compile(rf"^第(?P<n>[{ZH_NUMERAL}\d]+)章\s*(?P<rest>.*)$"), heading="title",
                  holds=True, restart=True, path="ch{n}", scope=("part",)),
            Level("section", re.compile(rf"^第(?P<n>[{ZH_NUMERAL}\d]+)节\s*(?P<rest>.*)$"), heading="title",
                  holds=True, restart=True, path="sec{n}", scope=("chapter", "part")),
            ZH_ARTICLE,
        ),
        items=(
            Level("item", re.compile(rf"^[（(](?P<n>[{ZH_NUMERAL}]+)[)）]\s*(?P<rest>.*)$")),
            Level("subitem", re.compile(r"^(?P<n>\d+)[.．、]\s*(?P<rest>.*)$")),
        ),
        number=zh_number,
        header=ZH_HEADER,
        contents=ZH_CONTENTS,
        furniture=ZH_FURNITURE,
        clause_end=ZH_CLAUSE_END,
        detect=(((ZH_ARTICLE.pattern, 2),),),  # "several": one may be a cross-reference the PDF wrapped
    ),
    "normative-en": Scheme(
        name="normative-en",
        lang="en",
        summary="The official English of a normative document: Part / Chapter / Section / Article / (1).",
        citable="article",
        sign="Article N",
        headings=(
            Level("part", re.compile(r"^Part\s+(?P<n>[IVXLC]+|\d+)\b[.:]?\s*(?P<rest>.*)$"), heading="title",
                  holds=True, path="part{n}"),
            Level("chapter", re.compile(r"^Chapter\s+(?P<n>[IVXLC]+|\d+)\b[.:]?\s*(?P<rest>.*)$"), heading="title",
                  holds=True, restart=True, path="ch{n}", scope=("part",)),
            Level("section", re.compile(r"^Section\s+(?P<n>[IVXLC]+|\d+)\b[.:]?\s*(?P<rest>.*)$"), heading="title",
                  holds=True, restart=True, path="sec{n}", scope=("chapter", "part")),
            EN_ARTICLE,
        ),
        items=(
            Level("item", re.compile(r"^\((?P<n>\d+)\)\s*(?P<rest>.*)$")),
            Level("subitem", re.compile(r"^(?P<n>\d+)\.\s+(?P<rest>.*)$")),
        ),
        number=roman_number,
        header=(
            ("contents", re.compile(r"^(?:Table of )?Contents$", re.I)),
            ("date", re.compile(r"^(?:\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})$")),
            ("number", re.compile(r"^.*\[\d{4}\] No\. ?\d+$")),
            ("decree", re.compile(r"^(?:Decree|Order)\b.*\bNo\. ?\d+$|^No\. ?\d+$")),
            ("dates", re.compile(r"^\(.*\b(?:[Aa]dopted|[Pp]romulgated|[Ii]ssued|[Ee]ffective|[Aa]mended|[Rr]evised)"
                                 r"\b.*\)$")),
            ("signature", re.compile(r"^(?:Premier|President|Minister|Director|Mayor|Governor)\s+\S+(?:\s\S+)?$")),
        ),
        contents=re.compile(r"^(?:Table of )?Contents$", re.I),
        furniture=re.compile(r"^[-—\s]*\d{1,3}[-—\s]*$"),
        # An item of a list ends with its semicolon, or with "; and" / "; or" before the last.
        clause_end=re.compile(r"(?:[.;:!?]|[;,]\s+(?:and|or))[”’)\"']*$"),
        detect=(((EN_ARTICLE.pattern, 2),),),
    ),
    # A decision (决定) amending or issuing others lists its changes as 一、二、 clauses after a
    # lead-in (…决定对《X》作如下修改：), and closes with 本决定自…起施行.
    "decision-zh": Scheme(
        name="decision-zh",
        lang="zh",
        summary="A Chinese decision (决定): header as metadata, a lead-in, 一、二、 clauses, 本决定… closing.",
        citable="clause",
        sign="一、",
        headings=(
            Level("clause", re.compile(rf"^(?P<n>[{ZH_NUMERAL}]+)、\s*(?P<rest>.*)$"), path="cl{n}"),
            Level("closing", re.compile(r"^(?=本决定)(?P<rest>.*)$"), path="closing"),
        ),
        items=(),
        number=zh_number,
        header=ZH_HEADER,
        contents=ZH_CONTENTS,
        furniture=ZH_FURNITURE,
        clause_end=ZH_CLAUSE_END,
        detect=(((re.compile(rf"^[{ZH_NUMERAL}]+、"), 2),),),
        title_word="决定",
    ),
    # A notice (通知) of a ministry or bureau: title, document number, addressee and lead-in, clauses
    # 一、二、 (short ones are headings, long ones text) with （一） sub-clauses and 1. items, 特此通知
    # with the issuers and date, then annexes 附件 N whose 一、 are categories and 1. items (cited
    # 附件1 二.2); an annex the manifest names as a table is a tab-separated catalogue (the catalogue
    # helper reads its rows).
    "notice-zh": Scheme(
        name="notice-zh",
        lang="zh",
        summary="A Chinese notice (通知): 一、 clauses with （一） and 1., 特此通知, annexes 附件 N with 一、 "
                "categories, 1. items and a tab-separated catalogue.",
        citable=None,
        sign="一、",
        headings=(
            Level("closing", re.compile(r"^(?=特此通知)(?P<rest>.*)$"), after_clause=False, excludes=("annex",),
                  path="closing", number=None, cite=None, lines_apart=True),
            Level("annex", ANNEX, heading="next-line", holds=True, order=None, after_clause=False,
                  path="annex-{n}", number="附件 {n}", cite="附件{n}", table=True, fullwidth=True),
            Level("clause", ZH_CLAUSE, heading="title-or-body", heading_max=30, kind="section", body_kind="clause",
                  holds=True, order=None, after_clause=False, path="{n}", scope=("annex",), number="{printed}",
                  cite="{printed}"),
            # （一）（二） inside a clause, numbered again in each: 2.1, cited 二（一）.
            Level("subclause", re.compile(r"^[（(](?P<n>[一二三四五六七八九十]+)[)）]\s*(?P<rest>.*)$"),
                  heading="title-or-body", heading_max=30, kind="section", body_kind="clause", holds=True,
                  order="next", restart=True, requires=("clause",), path="{n}", scope=("clause",),
                  number="（{printed}）", cite="（{printed}）", cite_sep=""),
            # 1. 2. inside a clause or sub-clause (an annex's category): annex-1.2.3, cited 附件1 二.3.
            Level("item", re.compile(r"^(?P<n>\d+)[.．]\s*(?P<rest>.*)$"), order="next", restart=True,
                  after_clause=False, requires=("clause",), numeral=arabic, path="{n}",
                  scope=("subclause", "clause"), number="{n}", cite="{n}", cite_sep="."),
        ),
        items=(),
        number=zh_number,
        header=ZH_HEADER,
        contents=NOTHING,
        furniture=ZH_FURNITURE,
        clause_end=ZH_CLAUSE_END,
        front="title-line",
        front_end=re.compile(r"〔\d{4}〕\d+号$"),
        paragraphs="reflow",
        table_reader="catalogue",
        detect=(((ZH_CLAUSE, 2),), ((ANNEX, 1), (re.compile(r"^特此通知"), 1))),
        aliases=("policy-notice-zh",),
    ),
    # A journal article with an English title and abstract: front matter wherever the extraction
    # put it (the paper helper), then numbered headings 0 / 1 / 1.1 / 2.3.1 with bold （1） lead-ins,
    # or, where the article numbers none, short unnumbered lines between paragraphs.
    "paper-zh": Scheme(
        name="paper-zh",
        lang="zh",
        summary="A Chinese journal article: title, byline, 摘要 and its English title and Abstract, numbered "
                "(1.1) or unnumbered headings, （1） lead-ins.",
        citable=None,
        sign="1.1",
        headings=(
            Level("numbered", NUMBERED, kind="section", heading="wrapped-title", holds=True, order="successor",
                  after_clause=False, min_run=3, numeral=dotted, depth=True, path="{printed}",
                  number="{printed}", cite=None),
            Level("lead-in", re.compile(r"^[（(](?P<n>\d+)[)）]\s*(?P<rest>.+)$"), kind="section", heading="lead-in",
                  holds=True, order=None, requires=("numbered",), numeral=arabic, path="p{n}",
                  scope=("numbered",), number="（{n}）", cite=None),
            Level("unnumbered", None, kind="section", heading="layout", holds=True, order="count",
                  instead_of="numbered", path="s{n}", number=None, cite=None),
        ),
        items=(),
        number=zh_number,
        header=ZH_HEADER,
        contents=NOTHING,
        furniture=PAPER_FURNITURE,
        clause_end=re.compile(r"[。！？!?.：:][”’）)」』】》]*$"),  # a sentence's end (text.ends_sentence)
        front="paper",
        paragraphs="reflow",
        lead=("intro", "introduction"),
        standalone=re.compile(r"^(?:图|表)\s*\d+\s"),
        scrub=REFERENCE_MARK_RE,
        layout="short-lines",
        detect=(((ABSTRACT_ZH, 1),), ((KEYWORDS_ZH, 1), (NUMBERED, 3))),
        aliases=("journal-paper-zh",),
    ),
}
# An older parser name a manifest may give → the scheme that reads it.
ALIASES = {alias: scheme.name for scheme in SCHEMES.values() for alias in scheme.aliases}

# The events of a dated header line (（…通过　…公布　自…起施行）), by the verb that names them,
# per language; the first that matches wins.
EVENTS = {
    "zh": (("effective", re.compile(r"^自.*起(?:施行|实施|生效)")), ("amended", re.compile(r"修正|修订|修改")),
           ("repealed", re.compile(r"废止")), ("adopted", re.compile(r"通过|批准")),
           ("promulgated", re.compile(r"公布|发布|印发")), ("effective", re.compile(r"施行|实施|生效"))),
    "en": (("amended", re.compile(r"\b(?:[Aa]mended|[Rr]evised)\b")), ("repealed", re.compile(r"\b[Rr]epealed\b")),
           ("adopted", re.compile(r"\b[Aa]dopted\b")), ("promulgated", re.compile(r"\b(?:[Pp]romulgated|[Ii]ssued)\b")),
           ("effective", re.compile(r"\b(?:[Ee]ffective|[Ee]ntered into force|[Cc]ome into force)\b"))),
}

# Kinds of the sections a scheme opens, and the path key of each.
PATH_KEYS = {"part": "part", "chapter": "ch", "section": "sec", "article": "art", "clause": "cl"}
KEY_KINDS = {v: k for k, v in PATH_KEYS.items()}
# The level a kind is numbered within: a chapter within its part, a section within its chapter.
SCOPED = {"chapter": "part", "section": "chapter"}
NORMATIVE_KINDS = frozenset(PATH_KEYS)

# art12-1: the first article inserted after art12 (第十二条之一 / Article 12-1).
_PATH_PART_RE = re.compile(r"^(part|ch|sec|art|cl)(\d+)(?:-(\d+))?$")


def path_parts(path: str) -> list[tuple[str, int, int]] | None:
    """``ch2.sec1`` → [("chapter", 2, 0), ("section", 1, 0)], ``art12-1`` → [("article", 12, 1)];
    None for a path no scheme made."""
    out = []
    for piece in path.split("."):
        match = _PATH_PART_RE.match(piece)
        if not match:
            return None
        out.append((KEY_KINDS[match.group(1)], int(match.group(2)), int(match.group(3) or 0)))
    return out


_CITE = {
    "part": (lambda n: f"第{zh_numeral(n)}编", lambda n: f"Part {roman(n)}"),
    "chapter": (lambda n: f"第{zh_numeral(n)}章", lambda n: f"Chapter {roman(n)}"),
    "section": (lambda n: f"第{zh_numeral(n)}节", lambda n: f"Section {n}"),
    "article": (lambda n: f"第{zh_numeral(n)}条", lambda n: f"Article {n}"),
    # An inserted article: 第十二条之一 / Article 12-1.
    "article-sub": (lambda n, sub: f"第{zh_numeral(n)}条之{zh_numeral(sub)}", lambda n, sub: f"Article {n}-{sub}"),
    "clause": (lambda n: zh_numeral(n), lambda n: roman(n)),  # a decision's 一、 as a notice's: 一 / I
}


def section_citation(path: str) -> dict[str, str] | None:
    """``art41`` → 第四十一条 / Article 41; ``ch2.sec1`` → 第二章第一节 / Chapter II, Section 1."""
    parts = path_parts(path)
    if not parts:
        return None
    def cite(kind: str, n: int, sub: int, lang: int) -> str:
        return _CITE["article-sub"][lang](n, sub) if sub else _CITE[kind][lang](n)  # type: ignore[operator]
    return {"zh": "".join(cite(*part, 0) for part in parts),
            "en": ", ".join(cite(*part, 1) for part in parts)}


def unit_kind(key: str) -> str:
    """``p2`` → paragraph, ``p1:i3`` → item, ``p1:i3:s2`` → subitem."""
    return {1: "paragraph", 2: "item", 3: "subitem"}.get(key.count(":") + 1, "paragraph")


def unit_citation(key: str, paragraphs: int) -> dict[str, str]:
    """The part of a unit's citation after its article's: ``p1:i3`` → 第（三）项 / item (3).

    The paragraph (款) is named only where the article has more than one, as the legal
    form does: 第四十九条第（三）项, but 第七条第一款第（二）项.
    """
    zh, en = "", []
    for piece in key.split(":"):
        n = int(piece[1:])
        if piece[0] == "p" and paragraphs > 1:
            zh += f"第{zh_numeral(n)}款"
            en.append(f"paragraph {n}")
        elif piece[0] == "i":
            zh += f"第（{zh_numeral(n)}）项"
            en.append(f"item ({n})")
        elif piece[0] == "s":
            zh += f"第{n}目"
            en.append(f"sub-item {n}")
    return {"zh": zh, "en": ", ".join(en)}
