"""``kb add``: a file made into a corpus document, shown before it is kept.

:func:`propose` does all the work away from the corpus: the file's format is told from its
content (:mod:`.formats`) and read into the text lines the readers parse; the text is read
alone once (its scheme detected, :mod:`kb.reading.parsers.detect`; title, number, issuer and
dates from its header, :mod:`kb.reading.metadata`) to name the document; then a copy of the
corpus with the new files and the new manifest entry is read whole, as ``kb build`` reads it
(:func:`kb.build.parse_corpus`, without the term base), and the ``kb check`` logic runs on the
result (:func:`kb.services.check.run_check`). Any fault stops it before the corpus is touched.
:func:`apply` then writes the files into the corpus and the manifest last, each to a temporary
file renamed into place, so the manifest is the old one or the new one, never half of either.

What a document leaves in the corpus, for ``DOC`` in language ``LANG``:

* ``DOC.LANG.txt``: the text the build reads (UTF-8, a paragraph or printed line a line);
* the original beside it, ``DOC.LANG.<suffix>`` (``.pdf``, ``.html``, ``.docx``, ``.md``; a
  GB18030 text as ``DOC.LANG.gb18030.txt``; a UTF-8 ``.txt`` is its own text, kept once);
* in its ``[[document.file]]``: ``source = { path = "...", format = "...", sha256 = "..." }``, the
  original's name, format and sha256, so the same file is never added twice.

The id is ``--id``, or made from the title: the ASCII words of its English title (else of its
Chinese title) lower-cased and joined by ``-`` (six words at most), or, for a title without
any, ``doc-`` and the first 8 hex digits of the title's sha256.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import tomlkit

from ..errors import CorpusError
from ..model import LANGS
from ..reading.manifest import ID_PATTERN, DocumentSpec, FileSpec
from ..reading.metadata import apply_header_metadata
from ..reading.parsers import PARSERS
from ..reading.parsers.detect import detect_parser
from ..reading.schemes import ALIASES
from ..reading.text import CJK_RE, read_lines
from . import sheets
from .formats import Extracted, detect_format, extract

# The kind a manifest entry gets from the scheme that reads its text; a normative document's
# kind comes from its title (kb.reading.metadata), so it is left out.
SCHEME_KINDS = {"notice-zh": "policy-notice", "paper-zh": "research-paper"}
SHEETS = ("csv", "xlsx")
# What a document the normative reader does not read (a notice) states of itself, where it
# prints it: its document number on a line of its own among its first lines (某科发〔2025〕3号),
# and at its end a date on a line of its own (2025年3月20日) after its issuer's line.
NUMBER_LINE = re.compile(r"^[\u4e00-\u9fff]{1,10}〔\d{4}〕\d+号$")
DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
ISSUER_LINE = re.compile(r"^[\u4e00-\u9fff（）()、 ]{2,60}$")


@dataclass
class Addition:
    """What ``kb add`` would write, and what the corpus reads with it."""

    corpus: Path
    source: Path
    format: str
    doc_id: str
    lang: str
    translates: str | None  # the document a --translates file is added to
    files: dict[str, bytes]  # corpus file name -> content
    manifest: str  # the whole new manifest
    entry: dict[str, Any]  # the entry (or the file entry, for --translates) as written
    extracted: Extracted | None = None
    vocabulary_additions: dict[str, Any] = field(default_factory=dict)
    mapping: dict[str, Any] | None = None
    staged: Path | None = None  # the copy of the corpus that was read
    kb: Any = None  # the corpus read with the addition (a KnowledgeBase in memory)
    check: dict[str, Any] | None = None
    text_name: str | None = None  # the file the build reads


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words[:6])


def derive_id(title: dict[str, str | None]) -> str:
    """The id a document gets without ``--id`` (the rule of the module docstring)."""
    for text in (title.get("en"), title.get("zh")):
        if text and (made := slug(text)):
            return made
    return "doc-" + sha256((title.get("zh") or title.get("en") or "").encode("utf-8"))[:8]


def guess_lang(lines: list[str]) -> str:
    text = "".join(lines)
    letters = sum(1 for ch in text if ch.isalpha())
    return "zh" if letters and len(CJK_RE.findall(text)) * 10 >= letters else "en"


def _manifest(corpus: Path) -> tuple[Path, str, dict[str, Any]]:
    path = corpus / "manifest.toml"
    if not corpus.is_dir() or not path.is_file():
        raise CorpusError(corpus, None, "not a corpus folder (it has no manifest.toml); give --corpus the "
                                        "folder that holds manifest.toml")
    raw = path.read_text(encoding="utf-8")
    try:
        return path, raw, tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(path, None, f"not valid TOML: {exc}; fix it before adding to it") from None


def _known_files(corpus: Path, data: dict[str, Any]) -> dict[str, str]:
    """sha256 -> "FILE (document DOC)" of every file of the manifest and every original it records."""
    known: dict[str, str] = {}
    for entry in data.get("document", []):
        for f in entry.get("file", []):
            name = f.get("path")
            if isinstance(name, str) and (corpus / name).is_file():
                known.setdefault(sha256((corpus / name).read_bytes()), f"{name} (document {entry.get('id')})")
            source = f.get("source")
            if isinstance(source, dict) and source.get("sha256"):
                known.setdefault(source["sha256"], f"{source.get('path')} (document {entry.get('id')})")
    return known


def _inside(corpus: Path, name: str) -> bool:
    return (corpus / name).resolve().is_relative_to(corpus.resolve())


def _read_alone(path: Path, text: str, lang: str,
                parser: str | None = None) -> tuple[str, dict[str, str | None], DocumentSpec]:
    """Read the text alone: the scheme that reads it, its title, and what its header states."""
    with tempfile.TemporaryDirectory(prefix="kb-add-") as tmp:
        file = Path(tmp) / path.name
        file.write_text(text, encoding="utf-8")
        doc = DocumentSpec(id="new-document", kind="document", title={"zh": None, "en": None},
                           issuer={"zh": None, "en": None}, date=None, number=None, city=None,
                           files=[], tables=[])
        spec = FileSpec(path=file, lang=lang, parser=parser)
        doc.files = [spec]
        lines = read_lines(file)
        try:
            parser = parser or detect_parser(doc, spec, lines)
            parsed = PARSERS[parser](doc, spec, lines)
        except CorpusError as exc:
            raise CorpusError(path, exc.line, exc.reason) from None
        if parsed.header:
            apply_header_metadata(doc, [parsed], file)
        if not doc.title.get(lang):
            heading = next((s.heading for s in parsed.sections if s.kind == "title" and s.heading), None)
            first = next((ln.stripped for ln in lines if ln.stripped), "")
            doc.title[lang] = heading or first[:120]
    return parser, dict(doc.title), doc


def stated_by_text(lines: list[str]) -> dict[str, Any]:
    """The number, issuer and date a notice prints (the rule of :data:`NUMBER_LINE`)."""
    texts = [re.sub(r"\s+", "", line) for line in lines if line.strip()]
    found: dict[str, Any] = {}
    number = next((t for t in texts[:6] if NUMBER_LINE.match(t)), None)
    if number:
        found["number"] = number
    tail = texts[-4:]
    for i in range(len(tail) - 1, 0, -1):
        day = DATE_LINE.match(tail[i])
        if day and ISSUER_LINE.match(tail[i - 1]) and not tail[i - 1].startswith("特此"):
            found["issuer"] = {"zh": tail[i - 1]}
            found["date"] = f"{day.group(1)}-{int(day.group(2)):02d}-{int(day.group(3)):02d}"
            break
    return found


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, renamed into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _inline(values: dict[str, Any]) -> Any:
    table = tomlkit.inline_table()
    table.update({k: v for k, v in values.items() if v is not None})
    return table


def _file_table(entry: dict[str, Any], comment: str | None = None) -> Any:
    table = tomlkit.table()
    if comment:
        table.add(tomlkit.comment(comment))
    for key, value in entry.items():
        table.add(key, _inline(value) if isinstance(value, dict) else value)
    table.add(tomlkit.nl())
    table.indent(2)
    return table


def _document_table(entry: dict[str, Any], comment: str) -> Any:
    table = tomlkit.table()
    for line in comment.split("\n"):
        table.add(tomlkit.comment(line))
    for key, value in entry.items():
        if key in ("file", "table"):
            continue
        table.add(key, _inline(value) if isinstance(value, dict) else value)
    table.add(tomlkit.nl())
    for key in ("file", "table"):
        if entry.get(key):
            aot = tomlkit.aot()
            for item in entry[key]:
                aot.append(_file_table(item))
            table.add(key, aot)
    return table


def new_manifest(raw: str, entry: dict[str, Any], comment: str, translates: str | None = None) -> str:
    """The manifest with ``entry`` added (a new ``[[document]]``, or with ``translates`` a
    ``[[document.file]]`` of that document), its comments and layout kept (tomlkit)."""
    # A blank line before the new entry, as between the others.
    doc = tomlkit.parse(raw.rstrip("\n") + "\n\n" if translates is None else raw)
    if translates is None:
        doc["document"].append(_document_table(entry, comment))
    else:
        target = next(d for d in doc["document"] if d.get("id") == translates)
        target["file"].append(_file_table(entry, comment))
    text = tomlkit.dumps(doc)
    tomllib.loads(text)  # what tomlkit writes must read back
    return text


def _stage(corpus: Path, files: dict[str, bytes], manifest: str, work: Path) -> Path:
    staged = work / "corpus"
    shutil.copytree(corpus, staged, symlinks=False)
    for name, content in files.items():
        (staged / name).write_bytes(content)
    (staged / "manifest.toml").write_text(manifest, encoding="utf-8")
    return staged


def _read_staged(addition: Addition, work: Path) -> None:
    """Read the staged corpus whole, as the build does, and run the check logic on it."""
    from ..build import parse_corpus
    from ..services.check import run_check
    from ..store import KnowledgeBase
    from ..translation.stage import report

    staged = addition.staged
    assert staged is not None
    try:
        data = parse_corpus(staged, cache_dir=work / "cache", with_terms=False)
    except CorpusError as exc:
        # Name the corpus' own files, not the copy's (gone when the message is read), and for
        # the text made from the file, the file itself, with a PDF's page.
        name = Path(exc.path).name
        reason = exc.reason.replace(str(staged), str(addition.corpus))
        if name in addition.files and name == addition.text_name:
            page = _page_of(addition, exc.line)
            where = f"{addition.source} (read as {name}{f', page {page}' if page else ''})"
            raise CorpusError(where, exc.line, reason) from None
        raise CorpusError(str(exc.path).replace(str(staged), str(addition.corpus)), exc.line, reason) from None
    kb = KnowledgeBase(staged, {}, data.documents, [r.to_dict() for r in data.records],
                       [s.to_dict() for s in data.sections], data.errata, [u.to_dict() for u in data.text_units])
    kb._translations = {"documents": report(data.translations), "entries": data.translation_entries,
                        "qa": data.translation_qa, "alignment": data.alignment}
    addition.kb = kb
    addition.check = run_check(kb)


def _page_of(addition: Addition, line: int | None) -> int | None:
    pages = addition.extracted.pages if addition.extracted else []
    return pages[line - 1] if line and 0 < line <= len(pages) else None


def propose(path: Path, corpus: Path, work: Path, *, doc_id: str | None = None, lang: str | None = None,
            translates: str | None = None, city: str | None = None, list_key: str | None = None,
            parser: str | None = None) -> Addition:
    """Everything ``kb add`` would write for ``path``, read with the corpus in ``work`` (a
    temporary folder the caller removes); :class:`CorpusError` on any fault, the corpus untouched."""
    path, corpus = Path(path), Path(corpus)
    manifest_path, raw, data = _manifest(corpus)
    if not path.is_file():
        raise CorpusError(path, None, "no such file")
    content = path.read_bytes()
    fmt = detect_format(path, content)
    known = _known_files(corpus, data)
    digest = sha256(content)
    if digest in known:
        raise CorpusError(path, None, f"already in the corpus as {known[digest]} (same sha256 {digest[:12]}…)")
    ids = [e.get("id") for e in data.get("document", [])]
    if lang is not None and lang not in LANGS:
        raise CorpusError(path, None, f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
    if doc_id is not None and translates is None:
        if not ID_PATTERN.match(doc_id):
            raise CorpusError(path, None, f"--id {doc_id!r} must be lower-case words joined by '-' (city-talent-rule)")
        if doc_id in ids:
            raise CorpusError(manifest_path, None, f"--id {doc_id!r}: the manifest already has a document with "
                                                   f"this id; choose another id")
    if fmt in SHEETS:
        return _propose_sheet(path, corpus, work, content, fmt, raw, ids, doc_id, city, list_key)

    extracted = extract(path, content)
    lang = lang or guess_lang(extracted.lines)
    text = extracted.text.encode("utf-8")
    if sha256(text) in known:
        raise CorpusError(path, None, f"its text is already in the corpus as {known[sha256(text)]}")
    target: dict[str, Any] | None = None
    if translates is None and lang != "zh":
        raise CorpusError(path, None, "an English file is added as the English of a Chinese document: "
                                      "give --translates DOC (every document has its Chinese file; "
                                      "--lang zh if this file is Chinese)")
    if translates is not None:
        target = next((e for e in data.get("document", []) if e.get("id") == translates), None)
        if target is None:
            raise CorpusError(manifest_path, None, f"--translates {translates!r}: no document with this id in the "
                                                   f"manifest (known: {', '.join(map(str, ids))})")
        if any(f.get("lang") == lang for f in target.get("file", [])):
            raise CorpusError(path, None, f"document {translates!r} already has a {lang} file; "
                                          f"a document has one file per language (--lang)")
        doc_id = translates
    if parser is not None and parser not in PARSERS:
        raise CorpusError(path, None, f"--parser {parser!r} is not a parser (`kb parsers` lists them)")
    parser_named = parser
    parser, title, alone = _read_alone(path, extracted.text, lang, parser)
    if doc_id is None:
        doc_id = derive_id(title)
        if doc_id in ids:
            raise CorpusError(manifest_path, None, f"the id made from the title, {doc_id!r}, is a document's "
                                                   f"already; give another with --id")
    text_name = f"{doc_id}.{lang}.txt"
    files: dict[str, bytes] = {text_name: text}
    if fmt == "text" and extracted.encoding == "utf-8" and content == text:
        source_name = text_name
    else:
        suffix = ".gb18030.txt" if extracted.encoding == "gb18030" and fmt == "text" else path.suffix.lower()
        source_name = f"{doc_id}.{lang}{suffix}"
        files[source_name] = content
    for name in files:
        if not _inside(corpus, name) or (corpus / name).exists() or os.path.lexists(corpus / name):
            raise CorpusError(corpus / name, None, "a file of this name is in the corpus already (or leads out of "
                                                   "it); give another --id")
    file_entry: dict[str, Any] = {"path": text_name, "lang": lang}
    if parser_named:
        file_entry["parser"] = parser_named
    if target is not None:
        other = next((f for f in target.get("file", []) if f.get("lang") != lang), None)
        if other is not None:
            file_entry["translates"] = other["path"]
    file_entry["source"] = {"path": source_name, "format": extracted.format, "sha256": digest}
    stamp = f"Added by `kb add` from {path.name} ({extracted.format}) on {date.today().isoformat()}"
    if target is not None:
        entry = file_entry
        manifest = new_manifest(raw, entry, stamp, translates=doc_id)
    else:
        entry = {"id": doc_id}
        scheme = ALIASES.get(parser, parser)
        if scheme in SCHEME_KINDS:
            entry["kind"] = SCHEME_KINDS[scheme]
        if city:
            entry["city"] = city
        header_title = (alone.title.get(lang) if _states_title(parser) else None)
        if not header_title:
            entry["title"] = {k: v for k, v in title.items() if v}
            entry.update(stated_by_text(extracted.lines))
        entry["file"] = [file_entry]
        comment = stamp + ("\nits title, number, issuer and dates are what its header states" if header_title else "")
        manifest = new_manifest(raw, entry, comment)
    addition = Addition(corpus=corpus, source=path, format=extracted.format, doc_id=doc_id, lang=lang,
                        translates=translates, files=files, manifest=manifest, entry=entry, extracted=extracted,
                        text_name=text_name)
    addition.staged = _stage(corpus, files, manifest, work)
    _read_staged(addition, work)
    return addition


def _states_title(parser: str) -> bool:
    """Whether the scheme reads a header whose title the build takes (a law's, a decision's)."""
    from ..reading.schemes import SCHEMES

    scheme = SCHEMES.get(parser)
    return scheme is not None and scheme.front == "header"


def _propose_sheet(path: Path, corpus: Path, work: Path, content: bytes, fmt: str, raw: str, ids: list[Any],
                   doc_id: str | None, city: str | None, list_key: str | None) -> Addition:
    """A spreadsheet: its entry and vocabulary additions as :mod:`kb.adding.sheets` proposes them."""
    proposal = sheets.propose_sheet(path, corpus=corpus, doc_id=doc_id, city=city, list_key=list_key)
    entry = dict(proposal.entry)
    doc_id = entry.get("id") or doc_id
    if doc_id in ids:
        raise CorpusError(corpus / "manifest.toml", None, f"document id {doc_id!r} is a document's already; "
                                                          f"give another with --id")
    files: dict[str, bytes] = {}
    for f in entry.get("file", []):
        name = f.setdefault("path", f"{doc_id}{path.suffix.lower()}")
        if not (corpus / name).exists():
            files[name] = content
        f.setdefault("source", {"path": name, "format": fmt, "sha256": sha256(content)})
    for name in files:
        if not _inside(corpus, name):
            raise CorpusError(corpus / name, None, "this file name leads out of the corpus folder")
    stamp = f"Added by `kb add` from {path.name} ({fmt}) on {date.today().isoformat()}"
    manifest = new_manifest(raw, entry, stamp)
    addition = Addition(corpus=corpus, source=path, format=fmt, doc_id=str(doc_id), lang="zh", translates=None,
                        files=files, manifest=manifest, entry=entry,
                        vocabulary_additions=dict(proposal.vocabulary_additions), mapping=dict(proposal.mapping))
    addition.staged = _stage(corpus, files, manifest, work)
    if addition.vocabulary_additions:
        sheets.apply_vocabulary_additions(addition.staged, addition.vocabulary_additions)
    _read_staged(addition, work)
    return addition


def apply(addition: Addition) -> list[Path]:
    """Write the addition into the corpus: its files, the vocabularies, the manifest last."""
    written: list[Path] = []
    for name, content in addition.files.items():
        target = addition.corpus / name
        _write_atomic(target, content)
        written.append(target)
    if addition.vocabulary_additions:
        written += sheets.apply_vocabulary_additions(addition.corpus, addition.vocabulary_additions)
    manifest = addition.corpus / "manifest.toml"
    _write_atomic(manifest, addition.manifest.encode("utf-8"))
    written.append(manifest)
    return written
