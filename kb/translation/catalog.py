"""Curated translations as gettext PO catalogs: ``corpus/translations/<doc>.en.po``.

Each entry translates one piece of Chinese-only text::

    #. Annex 1, II.8 -- 附件1 二.8
    #: corpus/002_9942292bfebf88b0.txt:45
    msgctxt "beijing-notice:zh:annex-1.2.8:p1"
    msgid "以第一作者或通讯作者……发表论文 3 篇。"
    msgstr "Published 3 papers as first or corresponding author ..."

``msgctxt`` is a unit id (``…:pN``), a section heading (``SECTION#heading``) or a record
field (``bj-06#competencies.3``, ``bj-06#degree``); ``msgid`` is the Chinese exactly as
the build parsed it. An entry whose ``msgid`` no longer matches the parsed text (an
erratum, a corrected extraction), or that a translator marked fuzzy, is **stale**: the
build does not use it and the unit says "translation outdated". ``kb translations
update`` rewrites a catalog from the parsed corpus the way ``msgmerge`` does: new text
gets an empty entry, changed text keeps its old English marked fuzzy with the previous
Chinese, and text that is gone becomes obsolete (kept, revived when it returns). Run again
on the same corpus it writes the same bytes. The files open in Poedit, OmegaT,
Weblate or memoQ; :mod:`polib` reads and writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import polib

from ..errors import CorpusError

SOURCE_LANG = "zh_CN"
TARGET_LANG = "en"
TRANSLATOR = "policy-kb (this knowledge base's own translation; unofficial)"


@dataclass(frozen=True)
class Source:
    """A piece of Chinese-only text that needs a curated English."""

    context: str
    text: str
    comment: str = ""  # where it is, for the translator (citation)
    occurrence: tuple[str, int] | None = None  # source file and line


@dataclass
class Translation:
    """What the catalog has for one :class:`Source`."""

    status: str  # translated | stale | missing
    text: str | None = None  # the English, only when translated
    previous: str | None = None  # the Chinese the stale English was written for


@dataclass
class Status:
    """Per document: how much of its Chinese-only text has a current English (``kb
    translations status``, and the build's own account of what it applied)."""

    doc: str
    path: str = ""
    total: int = 0
    translated: int = 0
    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    obsolete: int = 0


def catalog_path(corpus_dir: Path, doc: str) -> Path:
    return Path(corpus_dir) / "translations" / f"{doc}.en.po"


def read_catalog(path: Path) -> polib.POFile | None:
    """The catalog at ``path``, ``None`` when there is none; a malformed one names its fault
    and line (:func:`check_syntax` first, since polib reads what it can of a broken file)."""
    if not path.exists():
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, None, f"cannot be read ({exc.strerror})") from None
    text = check_syntax(path, data)
    try:
        catalog = polib.pofile(text, encoding="utf-8", check_for_duplicates=True)
    except (OSError, ValueError) as exc:
        # polib says "Syntax error in po file (line N)" or "Entry ... is duplicated"
        raise CorpusError(path, _line_of(str(exc)), f"not a valid PO catalog: {exc}") from None
    if not len(catalog):
        raise CorpusError(path, 1, "the catalog has no entries (emptied by mistake?); restore it, or delete "
                                   "it and run `kb translations update` to start it again")
    return catalog


def _line_of(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


# The lines of a PO file, as GNU msgfmt reads them. polib is lenient: it takes a string
# without its closing quote, dropping its last character, and an entry cut off before its
# msgstr, so a catalog is checked line by line before polib reads it.
_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(rf"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+{_STRING}[ \t]*")
_CONTINUATION = re.compile(rf"[ \t]*{_STRING}[ \t]*")
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\b")


def check_syntax(path: Path, data: bytes) -> str:
    """The text of a catalog whose every line is well-formed PO (UTF-8; comments, keyword lines
    and continued strings, each string closed; every msgid with its msgstr), or
    :class:`CorpusError` naming the first line that is not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(path, data.count(b"\n", 0, exc.start) + 1,
                          f"not valid UTF-8 ({exc.reason}): cut short, or saved in another encoding?") from None

    def fault(number: int, reason: str) -> CorpusError:
        return CorpusError(path, number, f"not a valid PO catalog: {reason}")

    msgid_at: int | None = None  # a msgid still waiting for its msgstr
    context_at: int | None = None  # a msgctxt still waiting for its msgid
    in_string = False  # the line before holds a string a continuation line may extend
    for number, line in enumerate(text.splitlines(), 1):
        body, previous = line, False
        if body.startswith("#~"):  # an obsolete entry: the same lines, commented out
            body = body[2:].lstrip()
            previous = body.startswith("|")
        elif body.startswith("#|"):  # a fuzzy entry's previous msgid
            previous = True
        if previous:  # checked as strings, no part of the entry itself
            body = body.lstrip("#|~ \t")
            if body and not (_KEYWORD_LINE.fullmatch(body) or _CONTINUATION.fullmatch(body)):
                raise fault(number, f"malformed previous-msgid line {line[:60]!r}")
            continue
        if not body.strip() or body.startswith("#"):
            in_string = False
            continue
        keyword = _KEYWORD_LINE.fullmatch(body)
        if keyword is None:
            if _CONTINUATION.fullmatch(body):
                if not in_string:
                    raise fault(number, "a string line that continues nothing (its keyword line is missing)")
                continue
            started = _KEYWORD.match(body) or body.lstrip().startswith('"')
            raise fault(number, "a string without its closing quote (or with an unescaped quote inside): "
                                f"{line[:60]!r}" if started else f"not a PO line: {line[:60]!r}")
        name = keyword.group(1)
        if name == "msgctxt":
            if msgid_at is not None:
                raise fault(msgid_at, "this msgid has no msgstr")
            context_at = number
        elif name == "msgid":
            if msgid_at is not None:
                raise fault(msgid_at, "this msgid has no msgstr")
            msgid_at, context_at = number, None
        elif name == "msgid_plural":
            if msgid_at is None:
                raise fault(number, "msgid_plural without a msgid")
        else:  # msgstr, msgstr[N]
            if context_at is not None:
                raise fault(context_at, "this msgctxt has no msgid")
            if msgid_at is None and not name.startswith("msgstr["):
                raise fault(number, "msgstr without a msgid")
            msgid_at = None
        in_string = True
    if context_at is not None:
        raise fault(context_at, "this msgctxt has no msgid (the file ends: cut short?)")
    if msgid_at is not None:
        raise fault(msgid_at, "this msgid has no msgstr (the file ends: cut short?)")
    return text


def lookup(catalog: polib.POFile | None, sources: Iterable[Source]) -> dict[str, Translation]:
    """Each source's translation: current English, stale, or missing."""
    entries = {e.msgctxt: e for e in catalog if not e.obsolete} if catalog is not None else {}
    found: dict[str, Translation] = {}
    for source in sources:
        entry = entries.get(source.context)
        if entry is None or not entry.msgstr.strip():
            found[source.context] = Translation("missing")
        elif entry.msgid != source.text or "fuzzy" in entry.flags:
            found[source.context] = Translation("stale", previous=entry.msgid)
        else:
            found[source.context] = Translation("translated", entry.msgstr)
    return found


def tally(result: Status, found: dict[str, Translation]) -> Status:
    """Count what ``lookup`` found into ``result``: translated, and the stale and missing places."""
    result.total = len(found)
    for context, translation in found.items():
        if translation.status == "translated":
            result.translated += 1
        elif translation.status == "stale":
            result.stale.append(context)
        else:
            result.missing.append(context)
    return result


def status(doc: str, path: Path, sources: list[Source]) -> Status:
    catalog = read_catalog(path)
    result = tally(Status(doc=doc, path=str(path)), lookup(catalog, sources))
    if catalog is not None:
        wanted = {s.context for s in sources}
        result.obsolete = sum(1 for e in catalog if e.obsolete or e.msgctxt not in wanted)
    return result


def update(doc: str, path: Path, sources: list[Source]) -> dict[str, int]:
    """Rewrite the catalog from the parsed corpus, as ``msgmerge`` would; returns the counts.

    The result is a fixed point: run again on the same corpus it writes the same bytes. The
    entries follow the sources' (document) order, then the obsolete ones in the order the
    catalog had them; nothing is wrapped; the ``#.`` and ``#:`` lines come from the sources
    alone, and what a translator wrote (msgstr, flags, ``#`` comments) from the old entry.
    """
    old = read_catalog(path)
    previous = {e.msgctxt: e for e in old if not e.obsolete} if old is not None else {}
    # Obsolete entries are kept (a translation is never thrown away) and revived when their
    # text comes back.
    retired = {e.msgctxt: e for e in old if e.obsolete} if old is not None else {}
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = _metadata(doc, old)
    counts = {"kept": 0, "added": 0, "fuzzy": 0, "obsolete": 0}
    for source in sources:
        entry = polib.POEntry(msgctxt=source.context, msgid=source.text, msgstr="",
                              comment=source.comment,
                              occurrences=[(source.occurrence[0], str(source.occurrence[1]))]
                              if source.occurrence else [])
        before, revived = previous.pop(source.context, None), retired.pop(source.context, None)
        before = before or revived
        if before is None:
            counts["added"] += 1
        else:
            entry.msgstr, entry.tcomment, entry.flags = before.msgstr, before.tcomment, list(before.flags)
            if before.msgid != source.text and before.msgstr:
                if "fuzzy" not in entry.flags:
                    entry.flags.append("fuzzy")
                entry.previous_msgid = before.previous_msgid or before.msgid
                counts["fuzzy"] += 1
            else:
                entry.previous_msgid = before.previous_msgid if "fuzzy" in entry.flags else None
                counts["kept"] += 1
        catalog.append(entry)
    for entry in retired.values():
        catalog.append(entry)
    for gone in previous.values():
        if gone.msgstr:
            # polib reads back neither the extracted comments, the references nor the previous
            # msgid of an obsolete entry: written, they would be gone on the next run.
            gone.obsolete, gone.comment, gone.occurrences, gone.previous_msgid = True, "", [], None
            catalog.append(gone)
            counts["obsolete"] += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))
    return counts


def _metadata(doc: str, old: polib.POFile | None) -> dict[str, str]:
    metadata = {
        "Project-Id-Version": f"policy-kb {doc}",
        "Language": TARGET_LANG,
        "X-Source-Language": SOURCE_LANG,
        "Last-Translator": TRANSLATOR,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if old is not None:
        metadata.update({k: v for k, v in old.metadata.items() if k not in ("Content-Type",)})
    return metadata
