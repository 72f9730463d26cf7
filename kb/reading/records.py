"""Occupation records: table rows of every language merged into one record.

For each occupation table named in the manifest, the rows of each language
are paired by row number. Every requirement is normalised in each language
(:mod:`kb.reading.normalise`) and the versions are checked against each other:

* both agree -- the value stands;
* one lacks it -- the other supplies it, and a ``missing`` note says which;
* they differ -- the original (the file the other translates) wins, and a
  ``disagreement`` note gives both readings.

Displaced cells that the parser put back, errata and curated (unofficial)
translations are noted on the record too, so nothing is silently repaired.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, Callable

from ..errors import CorpusError
from ..model import Note, Occupation, bilingual
from . import normalise as norm
from .errata import Erratum, stale
from .manifest import DocumentSpec, TableSpec
from .parsers import ParsedFile, RawRow
from .text import book_title, collapse_spaces
from .vocabularies import Vocabularies

LANG_NAMES = {"zh": "Chinese", "en": "English"}


def record_id(table: TableSpec, number: int) -> str:
    return f"{table.id_prefix}{number:02d}"


def clean_item(text: str, lang: str) -> str:
    """An item as a list entry: no trailing separator (keeps ``etc.``)."""
    text = collapse_spaces(text)
    text = text.rstrip("；;。，, ")
    if lang == "en" and text.endswith(".") and not text.endswith("etc."):
        text = text[:-1]
    return text.strip()


class _Merger:
    """Merges the language versions of one record and collects its notes."""

    def __init__(self, rid: str, rows: dict[str, RawRow], original: str, files: dict[str, Path]):
        self.rid, self.rows, self.original, self.files = rid, rows, original, files
        self.notes: list[Note] = []

    def normalised(self, field: str, parse: Callable[[str, str], Any], text_of: Callable[[RawRow], str],
                   required: bool = True, langs: set[str] | None = None) -> Any:
        """The value of ``field`` in the versions that print it (``langs``: those with a column
        for it, in a sheet; every version otherwise)."""
        readings: dict[str, tuple[Any, str]] = {}
        rows = {lang: row for lang, row in self.rows.items() if langs is None or lang in langs}
        for lang, row in rows.items():
            text = text_of(row)
            if not text:
                continue
            try:
                readings[lang] = (parse(text, lang), clean_item(text, lang))
            except norm.UnknownForm as exc:
                raise CorpusError(self.files[lang], row.first_line, f"{self.rid}: {exc}") from None
        if not readings:
            if required:
                lang, row = next(iter(rows.items()))
                raise CorpusError(self.files[lang], row.first_line, f"{self.rid}: no {field} in any version")
            return None
        values = {v for v, _ in readings.values()}
        if len(values) == 1:
            value = values.pop()
            for lang in rows:
                if lang not in readings:
                    supplier = next(iter(readings))
                    self.notes.append(Note(
                        "missing", self.rid, field=field, supplied_by=supplier,
                        text=f"The {LANG_NAMES[lang]} version gives no {field}; the "
                             f"{LANG_NAMES[supplier]} version supplies “{readings[supplier][1]}” ({value})."))
            return value
        keep = self.original if self.original in readings else next(iter(readings))
        both = "; ".join(f"{LANG_NAMES[lang]}: “{text}” ({value})" for lang, (value, text) in readings.items())
        self.notes.append(Note("disagreement", self.rid, field=field, supplied_by=keep,
                               text=f"The versions disagree on {field} ({both}). Kept the "
                                    f"{LANG_NAMES[keep]} original."))
        return readings[keep][0]


def _apply_row_errata(rid: str, rows: dict[str, RawRow], errata: list[Erratum], path: Path,
                      notes: list[Note]) -> None:
    for erratum in errata:
        if erratum.target != rid:
            continue
        row = rows.get(erratum.lang)
        if row is None or not hasattr(row, erratum.field):
            raise stale(erratum, path, f"{rid} has no {erratum.lang} field {erratum.field!r}")
        value = getattr(row, erratum.field)
        if value != erratum.found:
            raise stale(erratum, path, f"the source now reads {value!r}, not {erratum.found!r}")
        setattr(row, erratum.field, erratum.correct)
        erratum.applied += 1
        notes.append(Note("erratum", rid, field=erratum.field, supplied_by="errata",
                          text=f"Corrected by corpus/errata.toml: {erratum.describe()}. {erratum.reason}"))


def build_table_records(doc: DocumentSpec, table: TableSpec, parsed: list[ParsedFile],
                        industries: norm.Industries, errata: list[Erratum], errata_path: Path,
                        vocabularies: Vocabularies) -> list[Occupation]:
    """The table's records; a table printed in Chinese only leaves its English ``None`` for the
    translation stage (:mod:`kb.translation`) to fill from the curated catalog."""
    by_lang: dict[str, list[RawRow]] = {}
    files: dict[str, Path] = {}
    for pf in parsed:
        rows = [r for r in pf.rows if r.table == table.key]
        if rows:
            by_lang[pf.spec.lang] = rows
            files[pf.spec.lang] = pf.spec.path
    if not by_lang:
        raise CorpusError(doc.files[0].path, None, f"table {table.key!r} of the manifest was not found "
                                                   f"(caption {table.caption})")
    counts = {lang: len(rows) for lang, rows in by_lang.items()}
    if len(set(counts.values())) > 1:
        raise CorpusError(doc.files[0].path, None,
                          f"{table.key}: the versions have different numbers of rows ({counts})")
    original = next((f.lang for f in doc.files if not f.translates), "zh")
    doc_errata = [e for e in errata if e.doc == doc.id]
    records: list[Occupation] = []
    carried: dict[str, tuple[str, str]] = {}  # lang -> (industry, id of the row that printed it)
    corrected_industry: list[Note] = []
    for index in range(next(iter(counts.values()))):
        rows = {lang: rows[index] for lang, rows in by_lang.items()}
        number = rows[original].number if original in rows else next(iter(rows.values())).number
        rid = record_id(table, number)
        notes: list[Note] = []
        _apply_row_errata(rid, rows, doc_errata, errata_path, notes)
        for lang, row in rows.items():
            # An empty industry cell means "same as the row above".
            if not row.industry and carried.get(lang):
                row.industry, source_id = carried[lang]
                corrected = next((n for n in corrected_industry if n.target == source_id), None)
                if corrected is not None:
                    notes.append(Note("erratum", rid, field="industry", supplied_by="errata",
                                      text=f"The industry cell is empty and carries down “{row.industry}” "
                                           f"from {source_id}, where corpus/errata.toml corrected it."))
            elif row.industry:
                carried[lang] = (row.industry, rid)
                corrected_industry.extend(n for n in notes if n.kind == "erratum" and n.field == "industry")
            for text in row.notes:
                field = text.split()[0]
                other = [r for lg, r in rows.items() if lg != lang and getattr(r, field, None)]
                agreement = (f" The {LANG_NAMES[other[0].lang]} version agrees: “{getattr(other[0], field)}”."
                             if other else "")
                notes.append(Note("recovered", rid, field=field, supplied_by=lang,
                                  text=f"In the {LANG_NAMES[lang]} table the {text}.{agreement}"))
        merger = _Merger(rid, rows, original, files)

        def printed(field: str) -> set[str] | None:
            """The languages a sheet has a column of ``field`` in (a document's table: all)."""
            return set(doc.sheet.columns.get(field, {})) if doc.sheet is not None else None

        # Beijing-style rows carry degree inside the education text.
        for lang, row in rows.items():
            if not row.degree and row.specialties:
                try:
                    row.specialties, row.degree = norm.split_degree(row.specialties)
                except norm.UnknownForm as exc:
                    raise CorpusError(files[lang], row.first_line, f"{rid}: {exc}") from None
        min_degree = merger.normalised("min_degree", partial(norm.degree, vocabularies=vocabularies),
                                       lambda r: r.degree, langs=printed("degree"))
        years = merger.normalised("experience_years", norm.experience_years, lambda r: r.experience,
                                  langs=printed("experience"))
        # The bound as the original words it (a translation may say "more than" for 以上).
        stated_in = printed("experience")
        bound_langs = ({original} if original in rows and (stated_in is None or original in stated_in)
                       else stated_in)
        bound = merger.normalised("experience_bound", partial(norm.experience_bound, vocabularies=vocabularies),
                                  lambda r: r.experience, langs=bound_langs)
        # A list states a shortage's duration and severity where its vocabulary entry says so.
        duration = merger.normalised("shortage_duration",
                                     partial(norm.shortage_duration, vocabularies=vocabularies),
                                     lambda r: r.duration, required="shortage_duration" in table.required,
                                     langs=printed("duration"))
        severity = merger.normalised("severity", partial(norm.severity, vocabularies=vocabularies),
                                     lambda r: r.severity, required="severity" in table.required,
                                     langs=printed("severity"))
        industry_key = merger.normalised("industry", lambda text, lang: industries.lookup(text).key,
                                         lambda r: r.industry, langs=printed("industry"))
        notes.extend(merger.notes)
        for lang, row in rows.items():
            if not row.title and (printed("title") is None or lang in printed("title")):
                raise CorpusError(files[lang], row.first_line, f"{rid}: the title cell is empty")
            if not row.competencies and (printed("competencies") is None or lang in printed("competencies")):
                raise CorpusError(files[lang], row.first_line, f"{rid}: no competencies")
        comp = {lang: [clean_item(c, lang) for c in row.competencies] for lang, row in rows.items()
                if printed("competencies") is None or lang in printed("competencies")}
        if len(comp) == 2 and len(comp["zh"]) != len(comp["en"]):
            notes.append(Note("disagreement", rid, field="competencies",
                              text=f"The Chinese version lists {len(comp['zh'])} competencies, "
                                   f"the English {len(comp['en'])}."))

        def text(field: str, lang: str, item: bool = True) -> str | None:
            row = rows.get(lang)
            if row is None:
                return None
            value = getattr(row, field)
            return (clean_item(value, lang) if item else collapse_spaces(value)) or None

        unofficial: list[str] = []
        title = bilingual(text("title", "zh", False), text("title", "en", False))
        industry = industries.by_key[industry_key]
        industry_en = text("industry", "en", False)
        if industry_en is None and "en" in rows:
            industry_en = industry.en
            unofficial.append("industry.en")
        records.append(Occupation(
            id=rid, doc=doc.id, list=table.list, city=doc.city or "", number=number,
            title=title,
            industry={"key": industry_key, "zh": text("industry", "zh", False) or industry.zh,
                      "en": industry_en, "sector": industry.sector},
            competencies=bilingual(comp.get("zh"), comp.get("en")),
            specialties=bilingual(text("specialties", "zh"), text("specialties", "en")),
            degree=bilingual(text("degree", "zh"), text("degree", "en")),
            min_degree=min_degree,
            experience=bilingual(text("experience", "zh"), text("experience", "en")),
            experience_years=years,
            experience_bound=bound,
            shortage_duration=duration,
            shortage_duration_label=bilingual(text("duration", "zh", False), text("duration", "en", False)),
            severity=severity,
            severity_label=bilingual(text("severity", "zh", False), text("severity", "en", False)),
            other=bilingual(text("other", "zh", False), text("other", "en", False)),
            notes=[n.to_dict() for n in notes],
            unofficial=unofficial,
            source=_source(doc, table, rows, files, number),
        ))
    return records


def _source(doc: DocumentSpec, table: TableSpec, rows: dict[str, RawRow], files: dict[str, Path],
            number: int) -> dict[str, Any]:
    if doc.sheet is not None:
        return _sheet_source(doc, rows, files, number)
    caption = table.caption
    files_info = {lang: {"path": f"corpus/{files[lang].name}", "lines": [row.first_line, row.last_line]}
                  for lang, row in rows.items()}
    zh_caption = caption.get("zh", "").replace(" ", "")
    # Catalogues number their rows 序号; report tables are cited by row (第N行).
    row_label = f"序号{number}" if zh_caption.startswith("附件") else f"第{number}行"
    citation_zh = book_title(doc.title["zh"] or "") + (f"（{doc.number}）" if doc.number else "") + f"{zh_caption} {row_label}"
    citation_en = None
    if caption.get("en") and doc.title.get("en"):
        citation_en = f"{doc.title['en']}, {caption['en']}, row {number}"
    return {
        "doc": doc.id,
        "table": bilingual(caption.get("zh"), caption.get("en")),
        "row": number,
        "files": {lang: files_info.get(lang) for lang in ("zh", "en")},
        "citation": bilingual(citation_zh, citation_en),
    }


def _sheet_source(doc: DocumentSpec, rows: dict[str, RawRow], files: dict[str, Path],
                  number: int) -> dict[str, Any]:
    """A spreadsheet row's source: cited by the sheet's own row number (表格第N行, sheet row N),
    the one a reader finds when opening the file; both languages are the same row."""
    row = next(iter(rows.values())).first_line
    path = next(iter(files.values()))
    info = {"path": f"corpus/{path.name}", "lines": [row, row]}
    citation_zh = book_title(doc.title["zh"] or "") + f"表格第{row}行"
    citation_en = f"{doc.title['en']}, sheet row {row}" if doc.title.get("en") else f"sheet row {row}"
    return {
        "doc": doc.id,
        "table": bilingual("表格", "Sheet"),
        "row": number,
        "sheet_row": row,
        "files": {lg: info if lg in rows else None for lg in ("zh", "en")},
        "citation": bilingual(citation_zh, citation_en),
    }
