"""Proposing the manifest entry of an occupation list that comes as a spreadsheet (``kb add``).

:func:`propose_sheet` reads the header row of a CSV or XLSX file and maps its columns to
record fields by the header words of :data:`HEADER_WORDS` (岗位名称 / 职业名称, 学历要求,
工作经验, … / Occupation, Position, Degree, Experience, …); one column per language where
both are printed. The city and the list come from the sheet where it says them (a 城市 /
City or 清单 / List column with one value, or a city the title rows or file name name), else
from ``--city`` / ``--list``; a city or list the vocabularies do not have yet is proposed as
an addition, labelled with its key in English until an editor names it
(:func:`apply_vocabulary_additions` writes it). Every row's degree and experience are read
with the corpus's vocabularies before anything is proposed, so a wording the build would
refuse is named now, with its row.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CorpusError, InputError
from ..reading import normalise as norm
from ..reading.manifest import SHEET_REQUIRED, SHEET_SUFFIXES
from ..reading.sheets import read_rows
from ..reading.vocabularies import FILE_NAME, KEY_PATTERN, UnknownForm, Vocabularies, load_vocabularies

# Header words per field and language, most specific first: a header is the field whose word
# it equals, else whose longest word it contains (case, blanks and ：*() marks ignored).
HEADER_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "title": {"zh": ("岗位名称", "职业名称", "职位名称", "岗位", "职业", "职位"),
              "en": ("occupation", "position", "job title", "post", "title")},
    "industry": {"zh": ("所属行业", "所属产业", "行业", "产业", "领域"), "en": ("industry", "sector")},
    "competencies": {"zh": ("岗位职责", "能力要求", "工作职责", "主要职责", "职责", "能力"),
                     "en": ("competencies", "competency", "responsibilities", "duties", "skills")},
    "specialties": {"zh": ("专业要求", "相关专业", "专业"), "en": ("specialties", "specialty", "major",
                                                               "discipline")},
    "degree": {"zh": ("学历要求", "学位要求", "学历", "学位"), "en": ("degree", "education", "qualification")},
    "experience": {"zh": ("工作经验", "经验要求", "工作年限", "经验"), "en": ("experience", "years of work")},
    "duration": {"zh": ("紧缺时期", "紧缺时间"), "en": ("shortage duration", "duration")},
    "severity": {"zh": ("紧缺程度",), "en": ("severity", "shortage level")},
    "other": {"zh": ("其他要求", "其他条件", "备注"), "en": ("other requirements", "other", "remarks", "notes")},
}
# Columns that say the city or the list, when every row gives the same value.
PLACE_WORDS: dict[str, tuple[str, ...]] = {
    "city": ("城市", "地区", "city", "region"),
    "list": ("清单", "目录", "list", "catalogue", "catalog"),
}
# How far down a header row is looked for (title rows may stand above it).
HEADER_SEARCH_ROWS = 10


@dataclass
class SheetProposal:
    """What ``kb add`` would write for a sheet: the ``[[document]]`` entry (plain data, file
    paths relative to the corpus), the vocabulary entries it needs that do not exist yet, and
    the column mapping for the preview: header as printed → ``FIELD.LANG`` (``title.zh``),
    ``city`` or ``list``, or None for a column not read."""

    entry: dict[str, Any]
    vocabulary_additions: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    mapping: dict[str, Any] = field(default_factory=dict)


def _plain(header: str) -> str:
    return re.sub(r"[\s:：*＊()（）]+", " ", header).strip().lower()


def _lang(header: str) -> str:
    return "en" if header.isascii() else "zh"


def header_field(header: str) -> tuple[str, str] | None:
    """The ``(field, lang)`` a column header names, or None."""
    plain, lang = _plain(header), _lang(header)
    if not plain:
        return None
    best: tuple[int, str] | None = None
    for name, words in HEADER_WORDS.items():
        for word in words.get(lang, ()):
            if plain == word:
                return name, lang
            contained = re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", plain) if lang == "en" \
                else (word in plain)
            if contained and (best is None or len(word) > best[0]):
                best = (len(word), name)
    return (best[1], lang) if best else None


def _place_field(header: str) -> str | None:
    plain = _plain(header)
    return next((name for name, words in PLACE_WORDS.items() if plain in words), None)


def _find_header(path: Path, rows: list[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    """The first row whose headers name at least two of the required fields."""
    for number, cells in rows[:HEADER_SEARCH_ROWS]:
        named = {f[0] for f in map(header_field, cells) if f}
        if len(named & set(SHEET_REQUIRED)) >= 2:
            return number, cells
    first = rows[0][1]
    raise CorpusError(path, rows[0][0], f"no header row names the columns of an occupation list (looked at "
                                        f"the first {HEADER_SEARCH_ROWS} rows; the first reads "
                                        f"{', '.join(repr(c) for c in first if c)}); a header is one of "
                                        f"{', '.join(HEADER_WORDS['title']['zh'][:2])}, "
                                        f"{HEADER_WORDS['degree']['zh'][0]}, {HEADER_WORDS['experience']['zh'][0]}, "
                                        f"… / Occupation, Degree, Experience, …")


def _city_named(vocabularies: Vocabularies, text: str) -> str | None:
    lower = text.lower()
    for key, entry in vocabularies.cities.items():
        names = [key, *(entry.labels[lang] for lang in ("zh", "en") if entry.labels.get(lang)), *entry.aliases]
        for name in names:
            name = name.lower()
            if len(name) < 2:
                continue  # 京 alone is in 南京 too: a title names a city in full
            if (re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", lower) if name.isascii() else name in text):
                return key
    return None


def _key_of(vocabularies: Vocabularies, table: str, value: str) -> str | None:
    """The vocabulary key a cell names (its key, a label or an alias), else the cell as a new key."""
    entries = vocabularies.cities if table == "cities" else vocabularies.lists
    for key, entry in entries.items():
        names = {key, *(v for v in entry.labels.values() if v), *entry.aliases}
        if value in names or value.lower() in {n.lower() for n in names}:
            return key
    return value.lower() if KEY_PATTERN.match(value.lower()) else None


def _relative(path: Path, corpus: Path) -> str:
    """The file's path as the manifest gives it: relative to the corpus, or its name when the
    caller is to copy it in."""
    resolved = path.resolve()
    if resolved.is_relative_to(corpus.resolve()):
        return resolved.relative_to(corpus.resolve()).as_posix()
    return path.name


def _prefixes(corpus: Path) -> set[str]:
    import tomllib

    manifest = corpus / "manifest.toml"
    if not manifest.is_file():
        return set()
    data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    found = set()
    for doc in data.get("document", []):
        found |= {t.get("id_prefix") for t in doc.get("table", [])}
        if isinstance(doc.get("sheet"), dict):
            found.add(doc["sheet"].get("id_prefix"))
    return found


def propose_sheet(path: Path, *, corpus: Path, doc_id: str | None, city: str | None,
                  list_key: str | None) -> SheetProposal:
    """The manifest entry for the occupation list in ``path`` (CSV or XLSX); :class:`CorpusError`
    naming the file and row for a sheet that cannot be read or mapped, :class:`InputError`
    naming ``--city`` or ``--list`` when the sheet does not say it and it was not given.

    The entry's file path is relative to ``corpus`` when ``path`` is inside it, else the file's
    name (the caller copies the file into the corpus under that name). Nothing is written."""
    path, corpus = Path(path), Path(corpus)
    if path.suffix.lower() not in SHEET_SUFFIXES:
        raise InputError(f"{path}: a sheet is a .csv or .xlsx file, not {path.suffix or 'a file without suffix'}")
    vocabularies = load_vocabularies(corpus)
    rows = read_rows(path)
    header_row, header = _find_header(path, rows)
    mapping: dict[str, Any] = {}
    columns: dict[str, dict[str, str]] = {}
    place_columns: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            continue
        found = header_field(name)
        place = _place_field(name) if found is None else None
        if place:
            place_columns.setdefault(place, index)
            mapping[name] = place
        elif found and found[1] not in columns.get(found[0], {}):
            columns.setdefault(found[0], {})[found[1]] = name
            mapping[name] = f"{found[0]}.{found[1]}"
        else:
            mapping[name] = None  # not read (a 序号 column, a second column for one field)
    missing = [f for f in SHEET_REQUIRED if f not in columns]
    if missing:
        words = "; ".join("/".join(HEADER_WORDS[f]["zh"][:2] + HEADER_WORDS[f]["en"][:1]) for f in missing)
        raise CorpusError(path, header_row, f"the header row has no column for {', '.join(missing)} (its headers: "
                                            f"{', '.join(repr(h) for h in header if h)}); name them as {words}")
    english_only = [f for f in SHEET_REQUIRED if "zh" not in columns[f]]
    if english_only:
        raise CorpusError(path, header_row, f"the header row has no Chinese column for {', '.join(english_only)}: "
                                            f"a sheet's rows are read in Chinese (岗位名称, 所属行业, 能力要求, "
                                            f"学历要求, 工作经验), English columns beside them")
    body = [(n, cells) for n, cells in rows if n > header_row]
    if not body:
        raise CorpusError(path, header_row, "the sheet has a header row and no occupations below it")

    def column_values(place: str) -> set[str]:
        index = place_columns[place]
        return {cells[index] for _, cells in body if index < len(cells) and cells[index]}

    additions: dict[str, dict[str, dict[str, Any]]] = {}
    if city is None and "city" in place_columns and len(column_values("city")) == 1:
        city = _key_of(vocabularies, "cities", column_values("city").pop())
    if city is None:
        above = " ".join(c for n, cells in rows if n < header_row for c in cells)
        city = _city_named(vocabularies, f"{above} {path.stem}")
    if city is None:
        raise InputError(f"{path}: the sheet does not say its city (no 城市/City column with one value, no city "
                         f"of {FILE_NAME} in its title or name): give --city KEY")
    if not KEY_PATTERN.match(city):
        raise InputError(f"--city {city!r}: a key is lower-case words joined by '-' (e.g. hainan)")
    if list_key is None and "list" in place_columns and len(column_values("list")) == 1:
        list_key = _key_of(vocabularies, "lists", column_values("list").pop())
    if list_key is None:
        raise InputError(f"{path}: the sheet does not say which list its rows belong to (no 清单/List column "
                         f"with one value): give --list KEY")
    if not KEY_PATTERN.match(list_key):
        raise InputError(f"--list {list_key!r}: a key is lower-case words joined by '-' (e.g. hainan-urgent)")
    if city not in vocabularies.cities:
        additions.setdefault("cities", {})[city] = {"en": city}
    if list_key in vocabularies.lists:
        if vocabularies.lists[list_key].city != city:
            raise InputError(f"--list {list_key!r} belongs to city {vocabularies.lists[list_key].city!r} "
                             f"in {FILE_NAME}, not {city!r}")
    else:
        additions.setdefault("lists", {})[list_key] = {"en": list_key, "city": city}

    # Every row read as the build will read it: a wording it would refuse is named now.
    index_of = {(f, lang): header.index(name)
                for f, by_lang in columns.items() for lang, name in by_lang.items()}
    for number, cells in body:
        for (name, lang), index in index_of.items():
            text = cells[index] if index < len(cells) else ""
            try:
                if name == "degree" and text:
                    norm.degree(text, lang, vocabularies)
                elif name == "experience" and text:
                    norm.experience_years(text, lang)
            except UnknownForm as exc:
                raise CorpusError(path, number, f"row {number}: {exc}") from None
        if not any(cells[i] for (f, _), i in index_of.items() if f == "title" and i < len(cells)):
            raise CorpusError(path, number, f"row {number}: the title cell ({', '.join(columns['title'].values())}) "
                                            f"is empty")

    langs = sorted({lang for by_lang in columns.values() for lang in by_lang}, key=("zh", "en").index)
    above = [c for n, cells in rows if n < header_row for c in cells if c]
    title = {lang: next((t for t in above if _lang(t) == lang), None) for lang in ("zh", "en")}
    label = vocabularies.lists[list_key].labels if list_key in vocabularies.lists else {"en": list_key}
    title = {lang: title[lang] or label.get(lang) for lang in ("zh", "en")}
    title["zh"] = title["zh"] or title["en"] or path.stem  # the build needs a title; an editor sets it
    prefix, taken, n = f"{list_key}-", _prefixes(corpus), 2
    while prefix in taken:
        prefix, n = f"{list_key}{n}-", n + 1
    sheet: dict[str, Any] = {"list": list_key, "id_prefix": prefix, "header_row": header_row,
                             "columns": {f: (by_lang[langs[0]] if list(by_lang) == [langs[0]] else dict(by_lang))
                                         for f, by_lang in columns.items()}}
    entry: dict[str, Any] = {
        "id": doc_id or list_key, "kind": "occupation-list", "city": city,  # no --id: the list's key
        "title": {k: v for k, v in title.items() if v},
        "file": [{"path": _relative(path, corpus), "lang": langs[0]}],
        "sheet": sheet,
    }
    return SheetProposal(entry=entry, vocabulary_additions=additions, mapping=mapping)


def apply_vocabulary_additions(corpus: Path, additions: dict[str, dict[str, dict[str, Any]]]) -> list[Path]:
    """Add the proposed cities and lists to ``corpus/vocabularies.toml`` (comments and layout
    kept; written to a temporary file, then renamed); the files written (none when there is
    nothing to add). An entry that exists already is left as the editor set it."""
    import tomlkit

    if not any(additions.values()):
        return []
    path = Path(corpus) / FILE_NAME
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise CorpusError(path, getattr(exc, "line", None), f"not valid TOML: {exc}") from None
    changed = False
    for table in ("cities", "lists"):
        for key, values in (additions.get(table) or {}).items():
            existing = document.get(table)
            if existing is None:
                existing = tomlkit.table(is_super_table=True)
                document[table] = existing
            if key in existing:
                continue
            item = tomlkit.table()
            for name, value in values.items():
                item[name] = value
            if table == "lists":
                item["required"] = []
            item.comment("added by kb add: set its zh label (and en) here")
            item.add(tomlkit.nl())
            existing[key] = item
            changed = True
    if not changed:
        return []
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(tomlkit.dumps(document))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return [path]
