"""Heading schemes of normative documents: the levels of a law, regulation or rule, as data.

Chinese laws, regulations, rules and most normative documents follow the Legislation
Law's scheme: 编 (part) / 章 (chapter) / 节 (section) / 条 (article) / 款 (paragraph) /
项 (item, ``（一）``) / 目 (sub-item, ``1.``); their official English versions print
``Part I`` / ``Chapter I`` / ``Section 1`` / ``Article 41`` / ``(1)``. A :class:`Scheme`
is one table of patterns per level for one language; the normative reader
(:mod:`.parsers.normative`) is the one engine that reads any of them, so a new kind of
document needs a table row here, not a parser.

The article (条) is the citable section. Articles are numbered through the whole text,
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

A decision (决定, ``decision-zh``) is a scheme of the same engine: its citable sections are
its ``一、`` clauses (``cl1``, cited 一 / I), closed by ``本决定…``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

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


@dataclass(frozen=True)
class Level:
    """One level of a scheme: how a line that opens it reads, and what its number is called.

    ``pattern`` has the groups ``n`` (the number as printed) and ``rest`` (what follows on
    the line: a heading for a chapter, the first words of the body for an article or item).
    """

    kind: str  # part | chapter | section | article | item | subitem
    pattern: re.Pattern[str]
    headed: bool = False  # the rest of the line is a heading, not body text


@dataclass(frozen=True)
class Scheme:
    name: str  # the parser name a manifest entry may give (normative-zh)
    lang: str
    citable: str  # the kind of the citable section: article (条), or a decision's clause (一、)
    headings: tuple[Level, ...]  # outermost first; the last is the article
    items: tuple[Level, ...]  # item (项), sub-item (目): units inside an article's paragraph
    number: Callable[[str], int | None]  # the numeral reader
    header: tuple[tuple[str, re.Pattern[str]], ...]  # kinds of header lines, first match wins
    contents: re.Pattern[str]  # a table of contents (目录 / Contents) before the body
    furniture: re.Pattern[str]  # page numbers and the like, never text
    clause_end: re.Pattern[str]  # how a paragraph, item or lead-in ends (a wrapped line does not)


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

SCHEMES: dict[str, Scheme] = {
    "normative-zh": Scheme(
        name="normative-zh",
        lang="zh",
        citable="article",
        headings=(
            Level("part", re.compile(rf"^第(?P<n>[{ZH_NUMERAL}\d]+)编\s*(?P<rest>.*)$"), headed=True),
            Level("chapter", re.compile(rf"^第(?P<n>[{ZH_NUMERAL}\d]+)章\s*(?P<rest>.*)$"), headed=True),
            Level("section", re.compile(rf"^第(?P<n>[{ZH_NUMERAL}\d]+)节\s*(?P<rest>.*)$"), headed=True),
            # 第十二条之一: an article an amendment inserted after 第十二条 (art12-1).
            Level("article", re.compile(rf"^第(?P<n>[{ZH_NUMERAL}\d]+)条(?:之(?P<sub>[{ZH_NUMERAL}]+))?"
                                        rf"(?:\s+|$)(?P<rest>.*)$")),
        ),
        items=(
            Level("item", re.compile(rf"^[（(](?P<n>[{ZH_NUMERAL}]+)[)）]\s*(?P<rest>.*)$")),
            Level("subitem", re.compile(r"^(?P<n>\d+)[.．、]\s*(?P<rest>.*)$")),
        ),
        number=zh_number,
        header=ZH_HEADER,
        contents=re.compile(r"^目\s*录$"),
        furniture=ZH_FURNITURE,
        clause_end=ZH_CLAUSE_END,
    ),
    "normative-en": Scheme(
        name="normative-en",
        lang="en",
        citable="article",
        headings=(
            Level("part", re.compile(r"^Part\s+(?P<n>[IVXLC]+|\d+)\b[.:]?\s*(?P<rest>.*)$"), headed=True),
            Level("chapter", re.compile(r"^Chapter\s+(?P<n>[IVXLC]+|\d+)\b[.:]?\s*(?P<rest>.*)$"), headed=True),
            Level("section", re.compile(r"^Section\s+(?P<n>[IVXLC]+|\d+)\b[.:]?\s*(?P<rest>.*)$"), headed=True),
            Level("article", re.compile(r"^Article\s+(?P<n>\d+)(?:-(?P<sub>\d+))?\b[.:]?\s*(?P<rest>.*)$")),
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
    ),
    # A decision (决定) amending or issuing others lists its changes as 一、二、 clauses after a
    # lead-in (…决定对《X》作如下修改：), and closes with 本决定自…起施行.
    "decision-zh": Scheme(
        name="decision-zh",
        lang="zh",
        citable="clause",
        headings=(
            Level("clause", re.compile(rf"^(?P<n>[{ZH_NUMERAL}]+)、\s*(?P<rest>.*)$")),
            Level("closing", re.compile(r"^(?=本决定)(?P<rest>.*)$")),
        ),
        items=(),
        number=zh_number,
        header=ZH_HEADER,
        contents=re.compile(r"^目\s*录$"),
        furniture=ZH_FURNITURE,
        clause_end=ZH_CLAUSE_END,
    ),
}

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


def path_key(kind: str, n: int, sub: int = 0) -> str:
    """The path piece of a section: ``art12``, ``art12-1`` (之一), ``ch2``."""
    return f"{PATH_KEYS[kind]}{n}" + (f"-{sub}" if sub else "")


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
