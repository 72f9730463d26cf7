"""Text repair shared by the parsers: PDF line breaks, page furniture, numbering.

The sources are raw PDF extractions. Chinese text arrives one printed line at a
time, with a blank line after each, so paragraph boundaries are lost; page
numbers, running headers, footnotes and chart labels are mixed into the body.
The functions here put sentences back together and recognise that furniture.
They work on :class:`Line` objects so every piece of text keeps the source line
it came from (for citations and error messages).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError

CJK = r"\u3400-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")
# Punctuation that can end a sentence or a list item in the sources.
TERMINAL = "。！？；;.!?"
CLOSERS = "”’）)」』】》"
ZH_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
PAGE_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*$")
# Private-use bullets that PDF extraction leaves for Wingdings glyphs.
BULLETS = "\uf06c\uf0d8\uf0a7\uf0b7•➤▪◆●"


@dataclass(frozen=True)
class Line:
    """One line of a source file: its 1-based number and text exactly as printed."""

    no: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def starts_page(self) -> bool:
        """PDF extraction marks the first line of a page with a leading space."""
        return self.text.startswith(" ") and bool(self.text.strip())


def read_lines(path: Path) -> list[Line]:
    """Read a UTF-8 source file; an undecodable byte is an error naming its line."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CorpusError(path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                                      f"{exc.start}); save the file as UTF-8") from None
    if "\x00" in text:
        raise CorpusError(path, text.count("\n", 0, text.index("\x00")) + 1,
                          "contains a NUL byte; this is not a text extraction")
    return [Line(i, raw.rstrip("\r")) for i, raw in enumerate(text.split("\n"), start=1)]


def is_cjk(ch: str) -> bool:
    return bool(ch) and bool(CJK_RE.match(ch))


def has_cjk(text: str) -> bool:
    return bool(CJK_RE.search(text))


def collapse_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def join_wrapped(a: str, b: str) -> str:
    """Join two pieces of a line the PDF wrapped: no space between Chinese, one between words."""
    a, b = a.rstrip(), b.lstrip()
    if not a:
        return b
    if not b:
        return a
    if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    if a[-1] in ",;:" and b[0].isascii():
        return f"{a} {b}"
    return a + b


def join_english(a: str, b: str) -> str:
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return a or b
    if a.endswith("-") and not a.endswith(" -"):
        return a + b  # a word the PDF hyphenated at the line end
    return f"{a} {b}"


def ends_sentence(text: str) -> bool:
    t = text.rstrip()
    while t and t[-1] in CLOSERS:
        t = t[:-1]
    return bool(t) and t[-1] in "。！？!?.：:"


def undouble(text: str) -> str:
    """Repair overprinted bold text that extraction doubles: ``Abstract:Abstract:`` -> ``Abstract:``."""
    t = text.strip()
    for sep in ("", " "):
        half = (len(t) - len(sep)) // 2
        if half > 2 and t[:half] == t[half + len(sep):] and t[half:half + len(sep)] == sep:
            return t[:half]
    t = re.sub(r"(\b\w+:)\1", r"\1", t)
    return t


def strip_html(fragment: str) -> str:
    """Plain text of an HTML table cell; list items and paragraphs become separate runs."""
    fragment = re.sub(r"</?(?:li|p|br|ol|ul)[^>]*>", " ", fragment)
    fragment = re.sub(r"<[^>]+>", "", fragment)
    return collapse_spaces(html.unescape(fragment))


def book_title(title: str) -> str:
    """A title in book-title marks for a citation: 《…》, with the marks inside it turned to
    〈〉 as the citation form nests them (《关于修改〈某条例〉的决定》)."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"


def parse_number(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def is_successor(current: tuple[int, ...], candidate: tuple[int, ...]) -> bool:
    """True when ``candidate`` can follow heading ``current`` (first child or a next sibling)."""
    if not current:
        return candidate in ((0,), (1,))
    if candidate == current + (1,):
        return True
    for depth in range(len(current)):
        if candidate == current[:depth] + (current[depth] + 1,):
            return True
    return False


def zh_numeral(text: str) -> int | None:
    """Value of a Chinese numeral up to 99 (一 .. 九十九)."""
    if not text or any(ch not in ZH_NUMERALS for ch in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return (ZH_NUMERALS.get(tens, 1) if tens else 1) * 10 + (ZH_NUMERALS[units] if units else 0)
    return ZH_NUMERALS[text] if len(text) == 1 else None


REFERENCE_MARK_RE = re.compile(r"\s*\[\d+(?:\s*[-–～~,，、]\s*\d+)*\]")


def drop_reference_marks(text: str) -> str:
    """Remove bibliography references such as ``[4-9]`` or ``[13]`` from running text."""
    return REFERENCE_MARK_RE.sub("", text)


def typical_width(lines: list[str]) -> int:
    """Width of a full printed line: the upper quartile of lines that do not end a sentence."""
    lengths = sorted(len(t) for t in lines if t and not ends_sentence(t))
    if len(lengths) < 3:
        return max((len(t) for t in lines), default=30)
    return lengths[(len(lengths) * 3) // 4]


ENUMERATOR_RE = re.compile(r"^(?:\d+[.．、]|[一二三四五六七八九十]+、|[（(]\d+[)）]|[①-⑳]|[" + BULLETS + "]"
                           r"|(?:地址|电话|联系方式|邮箱|传真|网址)[：:]|Email)")
CAPTION_LINE_RE = re.compile(r"^(?:图|表|Figure|Table)\s*\d+\s*[：:]")
# An editor's note printed as a line of its own in parentheses after a finished sentence
# ((文件涂黑部分为本次调整内容): the passages in black are this revision's changes) is a
# paragraph of its own: it speaks of the document, not in it.
NOTE_LINE_RE = re.compile(r"^[（(][^（）()]{4,}[)）]$")


# Chinese characters and the full-width punctuation set between them.
_ZH_CHAR = f"[{CJK}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’《》（）【】]"
_JUSTIFIED_GAP_RE = re.compile(f"(?<={_ZH_CHAR}) (?={_ZH_CHAR})")


def close_justified_gaps(text: str) -> str:
    """Remove the spaces a justified PDF line leaves between single Chinese characters.

    ``规划纲 要 》 规 定 ，`` becomes ``规划纲要》规定，``: a space between two Chinese
    characters goes when the character on either side of it stands alone (a run of one).
    A space between two longer runs is kept, because there the source means it: issuing
    bodies are listed with a space between them (``科技部办公厅 人力资源社会保障部办公厅``).
    """
    def gap(match: re.Match[str]) -> str:
        i = match.start()
        left_alone = i < 2 or not re.match(_ZH_CHAR, text[i - 2])
        right_alone = i + 2 >= len(text) or not re.match(_ZH_CHAR, text[i + 2])
        return "" if left_alone or right_alone else " "
    return _JUSTIFIED_GAP_RE.sub(gap, text)


def reflow(lines: list[str], width: int | None = None) -> list[str]:
    """Rejoin printed Chinese lines into paragraphs.

    A line ends a paragraph when it ends a sentence and stops short of the full
    printed width; an enumerated item (``1.``, ``一、``, ``（1）``, a bullet)
    always starts one. Everything else is a wrapped continuation.
    """
    lines = [collapse_spaces(t) for t in lines if t and t.strip()]
    if not lines:
        return []
    width = width or typical_width(lines)
    paragraphs: list[str] = []
    current = ""
    for text in lines:
        if CAPTION_LINE_RE.match(text):
            # A figure or table caption stands alone.
            if current:
                paragraphs.append(current)
            paragraphs.append(text)
            current = ""
            continue
        if current and (ENUMERATOR_RE.match(text) or (NOTE_LINE_RE.match(text) and ends_sentence(current))):
            paragraphs.append(current)
            current = ""
        current = join_wrapped(current, text)
        if ends_sentence(text) and len(text) < width - 1:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return [close_justified_gaps(p) for p in paragraphs]


def reflow_english(paragraphs: list[str]) -> list[str]:
    """Join English paragraphs that a page break split (the first does not end a sentence)."""
    out: list[str] = []
    for para in paragraphs:
        para = collapse_spaces(para)
        if not para:
            continue
        if out and not re.search(r"[.!?:;”\")]\s*$", out[-1]) and (para[0].islower() or para[0].isdigit()) \
                and not CAPTION_LINE_RE.match(out[-1]):
            out[-1] = join_english(out[-1], para)
        else:
            out.append(para)
    return out
