"""A normative document's metadata as its header states it, checked against the manifest.

The lines before a law's, regulation's or rule's body (:mod:`.parsers.normative`) say what it
is: its title, its document number (某市人民政府令 / 第15号 → 某市人民政府令第15号, 〔YYYY〕N号,
or the decree its note under the title names, …某市人民政府令第9号公布), its issuer (the body
the decree is of: 某市人民政府令 → 某市人民政府; in English, "Decree No. 15 of the City People's
Government") and its dates (通过 adopted, 公布 promulgated, 施行 in force). So a manifest entry
for such a file needs only its id, file and language: what the manifest does not give is read
from here, and the kind from the title's last word (…法 law, …条例 regulation, …规定 / …办法 rule,
…决定 decision).

Where the manifest gives a value the header states otherwise, the manifest wins only with a
``reason`` in its entry saying why (as a ``[document.validity]`` override does); without one the
build stops, naming the manifest line and both values. Values are compared as printed, spaces,
book-title marks, a leading 中华人民共和国 and (in English) case and a leading "the" aside; a
manifest ``date`` of a month or year agrees with a day in it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from .manifest import DocumentSpec
from .parsers.base import ParsedFile

# The note under the title names the decree that promulgated the document: …某市人民政府令第9号公布.
PROMULGATED_BY_RE = re.compile(r"(?:日|^)(?P<n>(?P<issuer>[\u4e00-\u9fff]{2,20})令第[\d〇零一二三四五六七八九十百]+号)"
                               r"(?:公布|发布)")
DECREE_ISSUER_RE = re.compile(r"^(?P<issuer>[\u4e00-\u9fff]{2,30}?)(?:令|公告)$")
EN_ISSUER_RE = re.compile(r"\b(?:Decree|Order) No\. ?\d+ of (?:the )?(?P<issuer>.+?)(?= on \d| on [A-Z]|,|\)|$)")
# The kind of a document whose manifest names none, by the last word of its title.
KINDS = (("决定", "decision"), ("条例", "regulation"), ("规定", "rule"), ("办法", "rule"), ("细则", "rule"),
         ("法", "law"))
FIELDS = ("title.zh", "title.en", "number", "issuer.zh", "issuer.en", "date")


def stated_number(entries: list[dict[str, Any]]) -> tuple[str, int] | None:
    """The document number the Chinese header states, with its line: the decree's (its first
    lines joined), else a 〔YYYY〕N号, else the decree the note under the title names."""
    decree: list[dict[str, Any]] = []
    for entry in entries:
        if entry["kind"] == "decree":
            decree.append(entry)
        elif decree:
            break
    if decree:
        return "".join(str(e["text"]).replace(" ", "") for e in decree), int(decree[0]["line"])
    for entry in entries:
        if entry["kind"] == "number":
            return str(entry["text"]), int(entry["line"])
    for entry in entries:
        if entry["kind"] == "promulgated" and (m := PROMULGATED_BY_RE.search(str(entry["text"]).replace(" ", ""))):
            return m.group("n"), int(entry["line"])
    return None


def _issuer_zh(entries: list[dict[str, Any]]) -> tuple[str, int] | None:
    for entry in entries:
        if entry["kind"] == "decree" and (m := DECREE_ISSUER_RE.match(str(entry["text"]).replace(" ", ""))):
            return m.group("issuer"), int(entry["line"])
    for entry in entries:
        if entry["kind"] == "promulgated" and (m := PROMULGATED_BY_RE.search(str(entry["text"]).replace(" ", ""))):
            return m.group("issuer"), int(entry["line"])
    return None


def _issuer_en(entries: list[dict[str, Any]]) -> tuple[str, int] | None:
    for entry in entries:
        if entry["kind"] in ("promulgated", "decree") and (m := EN_ISSUER_RE.search(str(entry["text"]))):
            name = m.group("issuer").strip()
            return "The " + name if not name.lower().startswith("the ") else name, int(entry["line"])
    return None


def _first(entries: list[dict[str, Any]], *kinds: str) -> dict[str, Any] | None:
    return next((e for kind in kinds for e in entries if e["kind"] == kind and e.get("date")), None)


def header_metadata(parsed: list[ParsedFile]) -> dict[str, Any]:
    """What the files' headers state: ``{"title": {"zh", "en"}, "number", "issuer": {"zh", "en"},
    "adopted", "promulgated", "effective", "lines": {field: [file, line]}}``; None where a
    header states nothing."""
    headers = {pf.spec.lang: (pf.spec, list(pf.header)) for pf in parsed if pf.header}
    found: dict[str, Any] = {"title": {"zh": None, "en": None}, "number": None, "issuer": {"zh": None, "en": None},
                             "adopted": None, "promulgated": None, "effective": None, "lines": {}}

    def put(key: str, value: tuple[str, int] | None, lang: str) -> None:
        if value is None:
            return
        group, _, sub = key.partition(".")
        if sub:
            found[group][sub] = value[0]
        else:
            found[group] = value[0]
        found["lines"][key] = [headers[lang][0].name, value[1]]

    for lang, (_, entries) in headers.items():
        title = next((e for e in entries if e["kind"] == "title"), None)
        put(f"title.{lang}", (str(title["text"]), int(title["line"])) if title else None, lang)
    zh = headers.get("zh", (None, []))[1]
    en = headers.get("en", (None, []))[1]
    put("number", stated_number(zh), "zh")
    put("issuer.zh", _issuer_zh(zh), "zh")
    if en:
        put("issuer.en", _issuer_en(en), "en")
    for key, kinds in (("adopted", ("adopted",)), ("promulgated", ("promulgated", "date")),
                       ("effective", ("effective",))):
        for lang, entries in (("zh", zh), ("en", en)):
            event = _first(entries, *kinds)
            if event is not None:
                put(key, (str(event["date"]), int(event["line"])), lang)
                break
    return found


def _key(value: str, field: str) -> str:
    """A value as compared: what printing varies left out."""
    text = re.sub(r"[\s　《》〈〉“”\"]", "", value) if not field.endswith(".en") else " ".join(value.split())
    if field.endswith(".en"):
        return text.casefold().removeprefix("the ").rstrip(".")
    return text.removeprefix("中华人民共和国")


def _agrees(field: str, manifest: str, header: str) -> bool:
    if field == "date":  # a manifest month or year agrees with a day in it
        return header.startswith(manifest)
    return _key(manifest, field) == _key(header, field)


def apply_header_metadata(doc: DocumentSpec, parsed: list[ParsedFile], manifest_path: Path) -> dict[str, Any]:
    """Fill what the manifest entry does not give from the headers; stop on a value the manifest
    gives otherwise without a ``reason``. Returns the metadata, with ``from`` per field
    (``header`` or ``manifest``) and the manifest's ``overridden`` values, with the reason."""
    stated = header_metadata(parsed)
    manifest = {"title.zh": doc.title.get("zh"), "title.en": doc.title.get("en"), "number": doc.number,
                "issuer.zh": doc.issuer.get("zh"), "issuer.en": doc.issuer.get("en"), "date": doc.date}
    header = {"title.zh": stated["title"]["zh"], "title.en": stated["title"]["en"], "number": stated["number"],
              "issuer.zh": stated["issuer"]["zh"], "issuer.en": stated["issuer"]["en"], "date": stated["promulgated"]}
    stated["from"], stated["overridden"] = {}, {}
    for field in FIELDS:
        given, read = manifest[field], header[field]
        if given is not None and read is not None and not _agrees(field, given, read):
            file, line = stated["lines"]["promulgated" if field == "date" else field]
            if not doc.reason:
                name = field.replace(".", " ")
                raise CorpusError(manifest_path, doc.key_lines.get(field.split(".")[0]) or doc.manifest_line,
                                  f"document {doc.id!r}: the manifest's {name} {given!r} differs from the "
                                  f"{name} its header states, {read!r} ({file} line {line}); the manifest "
                                  f"wins only with a reason: add reason = \"...\" to this entry saying why, "
                                  f"or drop the manifest's value to take the header's")
            stated["overridden"][field] = {"manifest": given, "header": read, "reason": doc.reason}
        if given is not None:
            stated["from"][field] = "manifest"
            continue
        if read is None:
            continue
        stated["from"][field] = "header"
        group, _, sub = field.partition(".")
        if field == "date":
            doc.date = read
        elif field == "number":
            doc.number = read
        else:
            getattr(doc, group)[sub] = read
    if "kind" not in doc.given and doc.title.get("zh"):
        title = re.sub(r"[（(][^）)]*[)）]$", "", doc.title["zh"])  # …办法（试行）
        doc.kind = next((kind for word, kind in KINDS if title.endswith(word)), doc.kind)
    return stated
