"""Reading ``corpus/manifest.toml``: which documents exist and how to parse them.

The manifest is the only place that knows about individual documents. Each
entry names the document's id, titles, issuer, date and document number, and
one file per language (with the parser that reads it, unless the text says which).
A normative document (a file the normative reader reads, named or recognised) needs only
its id and files: its title, number, issuer and date are read from its header
(:mod:`.metadata`), and a value the manifest gives otherwise needs a ``reason``.
An occupation list that is a spreadsheet has one file and a ``[document.sheet]`` table
(:class:`SheetSpec`); cities and lists are checked against ``corpus/vocabularies.toml``
(:mod:`.vocabularies`). Errors name the manifest
line they come from, so a broken entry is found without reading code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from ..model import LANGS
from .schemes import SCHEMES
from .vocabularies import Vocabularies, load_vocabularies

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VALIDITY_KEYS = ("issued", "effective_from", "effective_until")
# A document's ``date``: a day, a month or a year, as the document gives it (2022-12-30,
# 2023-08, 2021); each must exist in the calendar.
DOCUMENT_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass
class TableSpec:
    key: str
    caption: dict[str, str]
    list: str
    id_prefix: str
    # The optional values (shortage_duration, severity) every row must state: the list's
    # ``required`` in corpus/vocabularies.toml.
    required: tuple[str, ...] = ()


# The fields a sheet's columns map to, and which may have one column per language.
SHEET_FIELDS = ("title", "industry", "competencies", "specialties", "degree", "experience",
                "duration", "severity", "other")
SHEET_REQUIRED = ("title", "industry", "competencies", "degree", "experience")
SHEET_SUFFIXES = (".csv", ".xlsx")


@dataclass
class SheetSpec:
    """``[document.sheet]``: how a spreadsheet's columns map to an occupation record's fields.

    ``columns`` maps a field to its column header, per language: ``{"title": {"zh": "岗位名称",
    "en": "Position"}, "degree": {"zh": "学历要求"}}``; a header given as plain text is the
    column of the document's first file's language."""

    list: str
    id_prefix: str
    header_row: int
    columns: dict[str, dict[str, str]]
    separator: str  # how the competencies cell separates its items (a regular expression)
    sheet: str | None = None  # an XLSX file's worksheet (its first by default)
    manifest_line: int | None = None


@dataclass
class FileSpec:
    path: Path
    lang: str
    parser: str | None  # None: detected from the text (kb.reading.parsers.detect)
    translates: str | None = None
    embedded_en: bool = False
    running_headers: list[re.Pattern[str]] = field(default_factory=list)
    manifest_line: int | None = None

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class DocumentSpec:
    id: str
    kind: str
    title: dict[str, str | None]
    issuer: dict[str, str | None]
    date: str | None
    number: str | None
    city: str | None
    files: list[FileSpec]
    tables: list[TableSpec]
    title_en_official: bool = True
    sheet: SheetSpec | None = None
    experience_buckets: list[int] | None = None
    stated: dict[str, Any] = field(default_factory=dict)
    manifest_line: int | None = None
    # [document.validity]: dates that override what the text says, with the reason why.
    validity: dict[str, str] | None = None
    # Why the manifest's title, number, issuer or date differ from what the header states.
    reason: str | None = None
    given: frozenset[str] = frozenset()  # the keys the manifest entry gives
    key_lines: dict[str, int] = field(default_factory=dict)  # their lines in the manifest
    # What a normative document's header states (kb.reading.metadata), once parsed.
    metadata: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": dict(self.title),
            "title_en_official": self.title_en_official,
            "issuer": dict(self.issuer),
            "date": self.date,
            "number": self.number,
            "city": self.city,
            "files": [
                {"path": f"corpus/{f.name}", "lang": f.lang, "parser": f.parser,
                 "translates": f.translates}
                for f in self.files
            ],
            "experience_buckets": self.experience_buckets,
            "stated": self.stated,
            "validity_override": self.validity,
            "metadata": self.metadata,
            "languages": sorted({f.lang for f in self.files} | (
                {"en"} if any(f.embedded_en for f in self.files) else set()) | (
                {lang for by_lang in self.sheet.columns.values() for lang in by_lang} if self.sheet else set())),
            **({"sheet": {"list": self.sheet.list, "id_prefix": self.sheet.id_prefix,
                          "header_row": self.sheet.header_row, "columns": self.sheet.columns}}
               if self.sheet else {}),
        }


def _line_of(text: str, needle: str, start: int = 0) -> int | None:
    pos = text.find(needle, start)
    return text.count("\n", 0, pos) + 1 if pos >= 0 else None


def _entry_spans(raw: str) -> list[tuple[int, int]]:
    """The first and last line of each ``[[document]]`` entry (tomllib gives no lines, and keeps
    the entries in their order)."""
    lines = raw.splitlines()
    starts = [n for n, line in enumerate(lines, 1) if re.match(r"\s*\[\[\s*document\s*\]\]", line)]
    return [(start, end - 1) for start, end in zip(starts, [*starts[1:], len(lines) + 1])]


def _key_line(raw: str, span: tuple[int, int] | None, key: str, table: str | None = None) -> int | None:
    """The line of ``key = ...`` within one entry, directly in it or in its ``[document.TABLE]``."""
    if span is None:
        return None
    here: str | None = None
    for number, line in enumerate(raw.splitlines()[span[0] - 1:span[1]], span[0]):
        header = re.match(r"\s*\[+\s*([\w.-]+)\s*\]+", line)
        if header:
            here = None if header.group(1) == "document" else header.group(1).removeprefix("document.")
        elif here == table and re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return None


def _is_date(value: Any, allow_partial: bool = False) -> bool:
    """Whether ``value`` is a day that exists (``YYYY-MM-DD``), or with ``allow_partial`` a
    month or year too."""
    match = DOCUMENT_DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None or (match.group(3) is None and not allow_partial):
        return False
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _inside(corpus_dir: Path, name: str) -> bool:
    """Whether the file ``name`` names stays inside the corpus folder, once ``..``, an absolute
    path and symbolic links are followed."""
    return (corpus_dir / name).resolve().is_relative_to(corpus_dir.resolve())


def load_manifest(corpus_dir: Path, known_parsers: set[str],
                  vocabularies: Vocabularies | None = None) -> list[DocumentSpec]:
    """Read and validate the manifest; raise :class:`CorpusError` on the first fault. Cities
    and lists are checked against the corpus's vocabularies (:mod:`.vocabularies`)."""
    if vocabularies is None:
        vocabularies = load_vocabularies(corpus_dir)
    path = corpus_dir / "manifest.toml"
    if not path.is_file():
        raise CorpusError(path, None, "manifest not found (every corpus needs corpus/manifest.toml)")
    raw = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        raise CorpusError(path, int(match.group(1)) if match else None,
                          f"not valid TOML: {exc}") from None

    entries = data.get("document")
    if not isinstance(entries, list) or not entries:
        raise CorpusError(path, None, "no [[document]] entries")

    docs: list[DocumentSpec] = []
    seen_ids: dict[str, int | None] = {}
    seen_files: set[str] = set()
    spans = _entry_spans(raw)
    for number, entry in enumerate(entries):
        doc_id = entry.get("id")
        span = spans[number] if len(spans) == len(entries) else None
        line = _line_of(raw, f'id = "{doc_id}"') if doc_id else None

        def fail(reason: str, at: int | None = line) -> CorpusError:
            return CorpusError(path, at, f"document {doc_id!r}: {reason}")

        if not isinstance(doc_id, str) or not ID_PATTERN.match(doc_id):
            raise CorpusError(path, line, f"document id {doc_id!r} must be lower-case words joined by '-'")
        if doc_id in seen_ids:
            raise fail(f"duplicate document id (first at line {seen_ids[doc_id]})")
        seen_ids[doc_id] = line
        title = entry.get("title") or {}
        if not isinstance(title, dict):
            raise fail("title must be a table: title = { zh = ..., en = ... }", _key_line(raw, span, "title") or line)
        reason = entry.get("reason")
        if reason is not None and (not isinstance(reason, str) or not reason.strip()):
            raise fail("reason must say why the manifest's values differ from what the header states",
                       _key_line(raw, span, "reason") or line)
        files_raw = entry.get("file")
        if not isinstance(files_raw, list) or not files_raw:
            raise fail("needs at least one [[document.file]]")
        files: list[FileSpec] = []
        for f in files_raw:
            fline = _line_of(raw, f'path = "{f.get("path")}"') or line
            name = f.get("path")
            if not isinstance(name, str) or not name:
                raise fail("a [[document.file]] has no path", fline)
            fpath = corpus_dir / name
            if not _inside(corpus_dir, name):
                raise fail(f"file {name!r} is outside the corpus folder: a path is relative to the "
                           f"folder and may not leave it (no '..', absolute path or link out of it)", fline)
            if not fpath.is_file():
                raise fail(f"file {name!r} does not exist in {corpus_dir}", fline)
            if name in seen_files:
                raise fail(f"file {name!r} is listed twice", fline)
            seen_files.add(name)
            lang = f.get("lang")
            if lang not in LANGS:
                raise fail(f"file {name!r}: lang must be one of {', '.join(LANGS)}, not {lang!r}", fline)
            parser = f.get("parser")
            if parser is not None and parser not in known_parsers:
                raise fail(f"file {name!r}: unknown parser {parser!r} "
                           f"(known: {', '.join(sorted(known_parsers))})", fline)
            patterns = []
            for pattern in f.get("running_headers", []):
                try:
                    patterns.append(re.compile(pattern))
                except re.error as exc:
                    raise fail(f"file {name!r}: bad running_headers pattern {pattern!r}: {exc}", fline) from None
            files.append(FileSpec(path=fpath, lang=lang, parser=parser,
                                  translates=f.get("translates"),
                                  embedded_en=bool(f.get("embedded_en", False)),
                                  running_headers=patterns, manifest_line=fline))
        if not title.get("zh") and any(f.parser is not None and f.parser not in SCHEMES for f in files):
            # Only the normative reader reads a title from the text (its header).
            raise fail("needs title = { zh = ..., en = ... } (only a law, regulation, rule or decision read "
                       "by the normative reader may leave its title to its header)")
        names = {f.name for f in files}
        langs = [f.lang for f in files]
        if len(set(langs)) != len(langs):
            raise fail("two files in the same language")
        for f in files:
            if f.translates and f.translates not in names:
                raise fail(f"file {f.name!r} translates {f.translates!r}, which is not a file of this document",
                           f.manifest_line)
        tables = []
        for t in entry.get("table", []):
            if t.get("list") not in vocabularies.lists:
                raise fail(f"table {t.get('key')!r}: {vocabularies.unknown('lists', t.get('list'))}")
            if not t.get("id_prefix") or not t.get("caption"):
                raise fail(f"table {t.get('key')!r} needs id_prefix and caption")
            tables.append(TableSpec(key=t["key"], caption=t["caption"], list=t["list"],
                                    id_prefix=t["id_prefix"],
                                    required=tuple(vocabularies.lists[t["list"]].required)))
        sheet = None
        if "sheet" in entry:
            sheet = _sheet_spec(entry["sheet"], files, fail, _key_line(raw, span, "list", "sheet") or line,
                                vocabularies)
            tables.append(TableSpec(key="sheet", caption={}, list=sheet.list, id_prefix=sheet.id_prefix,
                                    required=tuple(vocabularies.lists[sheet.list].required)))
        elif any(f.path.suffix.lower() in SHEET_SUFFIXES for f in files):
            raise fail("a spreadsheet (.csv, .xlsx) needs a [document.sheet] table mapping its columns")
        city = entry.get("city")
        if tables and city not in vocabularies.cities:
            raise fail(f"a document with occupation tables needs a city: {vocabularies.unknown('cities', city)}")
        for t in tables:
            list_city = vocabularies.lists[t.list].city
            if list_city != city:
                raise fail(f"list {t.list!r} belongs to city {list_city!r} ({vocabularies.path.name}), "
                           f"not to the document's city {city!r}")
        buckets = entry.get("experience_buckets")
        if buckets is not None and (not isinstance(buckets, list) or not all(isinstance(b, int) for b in buckets)):
            raise fail("experience_buckets must be a list of whole numbers of years")
        override = entry.get("validity")
        if override is not None:
            unknown = set(override) - set(VALIDITY_KEYS) - {"reason"} if isinstance(override, dict) else {"?"}
            if unknown:
                raise fail(f"[document.validity] takes {', '.join(VALIDITY_KEYS)} and reason, "
                           f"not {', '.join(sorted(unknown))}")
            if not isinstance(override.get("reason"), str) or not override["reason"].strip():
                raise fail("[document.validity] needs a reason for overriding what the text says")
            for key in VALIDITY_KEYS:
                value = override.get(key)
                if value is not None and not (_is_date(value) or value == "none"):
                    raise fail(f"[document.validity] {key} must be a day that exists, YYYY-MM-DD (or "
                               f"\"none\" for effective_until), not {value!r}",
                               _key_line(raw, span, key, "validity") or line)
        doc_date = entry.get("date")
        if doc_date is not None and not _is_date(doc_date, allow_partial=True):
            raise fail(f"date must be a day, month or year that exists (YYYY-MM-DD, YYYY-MM or YYYY), "
                       f"not {doc_date!r}", _key_line(raw, span, "date") or line)
        docs.append(DocumentSpec(
            id=doc_id, kind=entry.get("kind", "document"),
            title={"zh": title.get("zh"), "en": title.get("en")},
            issuer={"zh": (entry.get("issuer") or {}).get("zh"), "en": (entry.get("issuer") or {}).get("en")},
            date=entry.get("date"), number=entry.get("number"), city=city,
            files=files, tables=tables,
            title_en_official=bool(entry.get("title_en_official", True)),
            sheet=sheet,
            experience_buckets=entry.get("experience_buckets"),
            stated=entry.get("stated", {}),
            manifest_line=line,
            validity=dict(override) if override else None,
            reason=reason.strip() if reason else None,
            given=frozenset(entry),
            key_lines={key: n for key in ("title", "number", "issuer", "date", "kind")
                       if key in entry and (n := _key_line(raw, span, key)) is not None},
        ))
    return docs


def _sheet_spec(raw: Any, files: list[FileSpec], fail: Any, line: int | None,
                vocabularies: Vocabularies) -> SheetSpec:
    """The ``[document.sheet]`` table, checked: a list the vocabularies know, an id prefix, a
    header row, and a column for every required field in some language."""
    if not isinstance(raw, dict):
        raise fail("[document.sheet] must be a table", line)
    if len(files) != 1 or files[0].path.suffix.lower() not in SHEET_SUFFIXES:
        raise fail("a [document.sheet] reads one .csv or .xlsx file (its languages are its columns)", line)
    if raw.get("list") not in vocabularies.lists:
        raise fail(f"[document.sheet]: {vocabularies.unknown('lists', raw.get('list'))}", line)
    prefix = raw.get("id_prefix")
    if not isinstance(prefix, str) or not re.fullmatch(r"[a-z0-9-]+", prefix):
        raise fail("[document.sheet] needs id_prefix, lower-case letters, digits and '-' (ids are "
                   "the prefix and the row's number)", line)
    header_row = raw.get("header_row", 1)
    if not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1:
        raise fail(f"[document.sheet] header_row must be a row number from 1, not {header_row!r}", line)
    columns_raw = raw.get("columns")
    if not isinstance(columns_raw, dict) or not columns_raw:
        raise fail("[document.sheet] needs columns = { title = ..., degree = ..., ... }", line)
    columns: dict[str, dict[str, str]] = {}
    for name, header in columns_raw.items():
        if name not in SHEET_FIELDS:
            raise fail(f"[document.sheet] column for unknown field {name!r} (fields: {', '.join(SHEET_FIELDS)})",
                       line)
        by_lang = {files[0].lang: header} if isinstance(header, str) else header
        if (not isinstance(by_lang, dict) or set(by_lang) - set(LANGS)
                or not all(isinstance(h, str) and h.strip() for h in by_lang.values())):
            raise fail(f"[document.sheet] column {name!r}: a header, or {{ zh = ..., en = ... }}", line)
        columns[name] = {lang: h.strip() for lang, h in by_lang.items()}
    missing = [f for f in SHEET_REQUIRED if f not in columns]
    missing += [f for f in vocabularies.lists[raw["list"]].required if f not in columns]
    if missing:
        raise fail(f"[document.sheet] maps no column to {', '.join(missing)} (every row needs it)", line)
    # Records are Chinese first (the search, related occupations and the term base read their
    # Chinese); English columns stand beside the Chinese ones.
    english_only = [f for f in SHEET_REQUIRED if "zh" not in columns[f]]
    if english_only:
        raise fail(f"[document.sheet] has no Chinese column for {', '.join(english_only)}: a sheet's rows "
                   f"are read in Chinese, with English columns beside them where they exist", line)
    separator = raw.get("separator", r"[；;\n]")
    try:
        re.compile(separator)
    except (re.error, TypeError) as exc:
        raise fail(f"[document.sheet] separator is not a regular expression: {exc}", line) from None
    sheet = raw.get("sheet")
    if sheet is not None and not isinstance(sheet, str):
        raise fail("[document.sheet] sheet names a worksheet", line)
    return SheetSpec(list=raw["list"], id_prefix=prefix, header_row=header_row, columns=columns,
                     separator=separator, sheet=sheet, manifest_line=line)
