"""House style of the curated English: what the curated entries must agree on among themselves.

:mod:`.qa` holds each curated translation to its Chinese (numbers) and to the official English
(established renderings). What no single entry shows is whether the entries agree with each
other, and a few kinds of meaning a reviewer reads for. These checks run over all curated
entries together:

* **consistency** -- a domain term of ``corpus/curated_terms.toml`` (外国专业人才, 紧缺) has one
  house rendering; an entry whose Chinese has the term and whose English gives another rendering
  (one the table names as a known variant, or none it knows) is listed under that rendering,
  majority first, each place named;
* **cited titles** -- a document the entries cite (《…》 or its number, read as
  :mod:`kb.reading.references` reads citations) has one English title: the knowledge base's own
  documents their manifest title, others the title ``corpus/cited_documents.toml`` settles. An
  entry citing it whose English lacks that title is a finding, and so is a title cited in two
  entries or more that no table settles;
* **document numbers** -- a file number (国科办才〔2022〕177号) reads in the English as official
  English versions print it, ``Guo Ke Ban Cai [2022] No. 177`` (:mod:`kb.reading.docnumbers`),
  never as printed in Chinese; nor is any other Chinese left in the English;
* **inclusive bounds** -- 以上 / 以下 / 不低于 / 不超过 with a number include the number
  ("10% or more", "aged 40 or under", "not less than"); English that says "more than" or "less
  than" that number is a finding;
* **modality** -- a Chinese unit that says 应 / 应当 / 须 / 不得 / 可以 and an English with none
  of should / shall / must / may / can (or fewer of them than the Chinese has modal verbs) is a
  *notice* to review (the obligation may be carried otherwise: "is required to", an
  imperative), never a failure.

A departure a translator meant is explained in the entry's translator comment, one line per
kind: ``# term: 紧缺 = in short supply (…why…)``, ``# cite: 关于全面实施… = …``, ``# bound: …``,
``# number: …``, ``# modal: …``; it is then reported as explained, not as a finding.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..errors import CorpusError
from ..reading.docnumbers import FILE_NUMBER_RE, house_form_in, number_en
from ..reading.references import NUMBER_REF_RE, TITLE_REF_RE, title_key
from ..reading.tomlfiles import load_toml
from ..terms.english import find_span, stem_key
from ..terms.numbers import numbers_in
from .qa import Entry

TERMS_FILE = "curated_terms.toml"
CITED_FILE = "cited_documents.toml"
# A translator comment line explaining a departure of one kind: "term: 紧缺 = …", "cite: … = …".
EXPLAINED_RE = re.compile(r"^(term|cite|bound|number|modal):\s*(.+)$", re.M)
NONE = "(none of the listed renderings)"
HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+(?:[\u3000-\u303f\uff00-\uffef]*[\u3400-\u9fff\uf900-\ufaff0-9]+)*")


def explanations(comment: str, kind: str) -> dict[str, str]:
    """The entry's explanations of one kind: what each names (before ``=``) → the whole text."""
    found = {}
    for m in EXPLAINED_RE.finditer(comment or ""):
        if m.group(1) == kind:
            text = m.group(2).strip()
            found[text.split("=", 1)[0].strip()] = text
    return found


# -- the tables ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HouseTerm:
    """A domain term of the curated English and its one rendering."""

    zh: tuple[str, ...]  # the term as the Chinese prints it (and its synonyms: 高端外国人才)
    en: str  # the house rendering
    forms: tuple[str, ...] = ()  # other forms of the house rendering (in high demand ~ high-demand)
    variants: tuple[str, ...] = ()  # renderings settled against, named in the report
    reason: str = ""


@dataclass(frozen=True)
class CitedDocument:
    """A document the texts cite, with its one English title."""

    titles: tuple[str, ...]  # the titles as cited (title keys, spaces and 中华人民共和国 ignored)
    en: str
    number: str | None = None
    doc: str | None = None  # the knowledge base's document id, for its own documents


def _entries(path: Path, table: str) -> list[tuple[int | None, dict[str, Any]]]:
    if not path.is_file():
        return []
    raw, data = load_toml(path)
    starts = [raw.count("\n", 0, m.start()) + 1 for m in re.finditer(rf"^\[\[{table}\]\]", raw, re.M)]
    items = data.get(table, [])
    if not isinstance(items, list):
        raise CorpusError(path, None, f"[[{table}]] must be an array of tables")
    return [(starts[i] if i < len(starts) else None, item) for i, item in enumerate(items)]


def _strings(path: Path, line: int | None, item: dict[str, Any], key: str, required: bool) -> tuple[str, ...]:
    value = item.get(key, [] if not required else None)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value) \
            or (required and not value):
        raise CorpusError(path, line, f"`{key}` must be {'a' if required else 'an optional'} string or "
                                      f"list of non-empty strings")
    return tuple(v.strip() for v in value)


def _string(path: Path, line: int | None, item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CorpusError(path, line, f"`{key}` must be a non-empty string (the one English)")
    return " ".join(value.split())


def load_terms(path: Path) -> list[HouseTerm]:
    """``corpus/curated_terms.toml``: ``[[term]]`` with ``zh``, ``en``, optional ``forms``,
    ``variants`` and ``reason``."""
    terms = []
    for line, item in _entries(path, "term"):
        terms.append(HouseTerm(zh=_strings(path, line, item, "zh", True), en=_string(path, line, item, "en"),
                               forms=_strings(path, line, item, "forms", False),
                               variants=_strings(path, line, item, "variants", False),
                               reason=" ".join(str(item.get("reason", "")).split())))
    return terms


def load_cited(path: Path, documents: Iterable[dict[str, Any]] = ()) -> list[CitedDocument]:
    """``corpus/cited_documents.toml`` (``[[document]]`` with ``zh`` titles as cited, ``en``, optional
    ``number``), and the knowledge base's own documents by their manifest titles."""
    cited = []
    for line, item in _entries(path, "document"):
        number = item.get("number")
        if number is not None and not (isinstance(number, str) and FILE_NUMBER_RE.fullmatch(number.strip())):
            raise CorpusError(path, line, f"`number` must be a document number like 国科办才〔2022〕177号, "
                                          f"not {number!r}")
        cited.append(CitedDocument(titles=tuple(title_key(t) for t in _strings(path, line, item, "zh", True)),
                                   en=_string(path, line, item, "en"), number=number.strip() if number else None))
    for doc in documents:
        title = doc.get("title") or {}
        if title.get("zh") and title.get("en"):
            cited.append(CitedDocument(titles=(title_key(title["zh"]),), en=title["en"],
                                       number=re.sub(r"\s", "", doc.get("number") or "") or None, doc=doc["id"]))
    return cited


# -- consistency across entries --------------------------------------------------------------------


def _spans(form: str, text: str) -> list[tuple[int, int]]:
    """Every place ``text`` gives ``form`` (plural- and derivation-insensitive, :func:`find_span`)."""
    found, offset = [], 0
    while (span := find_span(form, text[offset:])) is not None:
        found.append((offset + span[0], offset + span[1]))
        offset += span[1]
    return found


def renderings_in(term: HouseTerm, english: str) -> Counter[str]:
    """How often ``english`` gives each of the term's renderings: the house one (``term.en``)
    and known variants; where two overlap, the longer wins (a variant "foreign professional
    talents" over the house "foreign professionals")."""
    # Variants alike but for case, plural or hyphen (short-supply, short supply) are one rendering.
    variants: dict[str, str] = {}
    for variant in term.variants:
        variants.setdefault(stem_key(variant), variant)
    candidates = [(term.en, f) for f in (term.en, *term.forms)] + \
        [(variants[stem_key(v)], v) for v in term.variants]
    spans = [(start, end, key) for key, form in candidates for start, end in _spans(form, english)]
    kept = {(start, end, key) for start, end, key in spans
            if not any(o[0] <= start and end <= o[1] and (o[1] - o[0]) > (end - start) for o in spans)}
    return Counter(key for _, _, key in kept)


def consistency_findings(entries: Iterable[Entry], terms: Iterable[HouseTerm]) -> list[dict[str, Any]]:
    """One finding per house term some entry renders otherwise: its renderings, majority first,
    each with its places; ``unexplained`` the places a translator comment does not explain.

    An entry departs when its English gives the house rendering fewer times than its Chinese
    has the term and gives a variant instead (two renderings in one paragraph), or gives
    neither. A variant's words used for something else beside the house rendering (环节 as
    "stages", 紧密联动 "link closely") are no departure: the house rendering is there as often
    as the term."""
    entries = list(entries)
    findings = []
    for term in terms:
        places: dict[str, list[str]] = defaultdict(list)
        departures: list[str] = []
        explained: dict[str, str] = {}
        for entry in entries:
            occurrences = sum(entry.zh.count(zh) for zh in term.zh)
            if not occurrences:
                continue
            found = renderings_in(term, entry.en)
            variants = sorted(k for k in found if k != term.en)
            if found[term.en] >= occurrences or (found[term.en] and not variants):
                places[term.en].append(entry.context)
                continue
            for key in ([term.en] if found[term.en] else []) + (variants or [NONE]):
                places[key].append(entry.context)
            departures.append(entry.context)
            notes = explanations(entry.comment, "term")
            why = next((notes[zh] for zh in term.zh if zh in notes), None)
            if why:
                explained[entry.context] = why
        if not departures:
            continue
        counts = Counter({key: len(ps) for key, ps in places.items()})
        ordered = sorted(places, key=lambda k: (-counts[k], k != term.en, k))
        findings.append({
            "kind": "consistency", "zh": term.zh[0], "house": term.en, "reason": term.reason,
            "renderings": [{"rendering": key, "count": counts[key], "house": key == term.en, "places": places[key]}
                           for key in ordered],
            "majority": ordered[0], "explained": explained,
            "unexplained": [p for p in departures if p not in explained]})
    return findings


# -- cited documents -------------------------------------------------------------------------------


def _normalised(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    text = re.sub(r"[–—]", "-", text).lower()
    # The Chinese cites a title with or without 中华人民共和国; the English moves "of the PRC" about.
    text = re.sub(r"\s*(?:of )?the people's republic of china\s*", " ", text)
    return " ".join(text.split())


def citations(text: str) -> list[str]:
    """The titles (title keys) and document numbers a Chinese text cites."""
    return [title_key(m.group("title")) for m in TITLE_REF_RE.finditer(text)] + \
        [m.group(0) for m in NUMBER_REF_RE.finditer(text)]


def _cites(document: CitedDocument, cited: list[str]) -> str | None:
    """The citation (title key or number) of ``cited`` that names ``document``, if one does."""
    return next((c for c in cited if c in document.titles or (document.number and c.endswith(document.number))),
                None)


def cited_title_findings(entries: Iterable[Entry], documents: Iterable[CitedDocument]) -> list[dict[str, Any]]:
    """Entries citing a document whose English lacks its one title (``kind`` ``cited-title``), and
    titles cited in two entries or more with no title settled (``unsettled-title``)."""
    entries, documents = list(entries), list(documents)
    findings = []
    unsettled: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        cited = citations(entry.zh)
        for document in documents:
            citation = _cites(document, cited)
            if document.doc == entry.doc or citation is None:
                continue
            if _normalised(document.en) in _normalised(entry.en):
                continue
            notes = explanations(entry.comment, "cite")
            why = next((text for name, text in notes.items()
                        if title_key(name) in document.titles or name == document.number), None)
            findings.append({"kind": "cited-title", "place": entry.context, "doc": entry.doc,
                             "title": citation if citation in document.titles else document.titles[0],
                             "number": document.number, "expected": document.en,
                             "explained": why})
        for key in dict.fromkeys(cited):
            if not any(_cites(d, [key]) for d in documents) and not NUMBER_REF_RE.fullmatch(key):
                unsettled[key].append(entry.context)
    for title, places in sorted(unsettled.items()):
        if len(places) > 1:
            findings.append({"kind": "unsettled-title", "title": title, "places": places, "explained": None,
                             "expected": None, "place": places[0]})
    return findings


# -- document numbers and Chinese left in the English ----------------------------------------------


def document_number_findings(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """Each file number of the Chinese must read in the English in the house form (pinyin
    abbreviation, ``[YYYY] No. N``: :func:`~kb.reading.docnumbers.house_form_in`)."""
    findings = []
    for entry in entries:
        explained = explanations(entry.comment, "number")
        for m in FILE_NUMBER_RE.finditer(entry.zh):
            if house_form_in(m, entry.en):
                continue
            expected, year, n = number_en(m.group(0)), m.group("year"), int(m.group("n"))
            printed = m.group(0) in entry.en or f"〔{year}〕{n}号" in entry.en
            findings.append({"kind": "document-number", "place": entry.context, "doc": entry.doc,
                             "number": m.group(0), "expected": expected,
                             "problem": "printed in Chinese" if printed else "not in the house form",
                             "explained": next((t for k, t in explained.items() if m.group(0).endswith(k) or k in m.group(0)),
                                               None)})
    return findings


def chinese_left_findings(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """Chinese characters in the English of an entry (a number, a title, a word left untranslated)."""
    findings = []
    for entry in entries:
        left = HAN_RE.findall(entry.en)
        if left:
            findings.append({"kind": "chinese-left", "place": entry.context, "doc": entry.doc, "chinese": left,
                             "explained": None})
    return findings


# -- inclusive bounds ------------------------------------------------------------------------------

_NUMERAL = r"(?:\d[\d,.]*|[一二两三四五六七八九十百千]+)"
# 10%以上, 85 分以上, 40 周岁以下, 100 万元以上, 五年以上: a number, a unit of up to 3 characters, the bound.
ZH_AFTER_RE = re.compile(rf"({_NUMERAL}\s*(?:[%％]|[万亿]?[\u4e00-\u9fff]{{0,3}}?))\s*(以上|以下)")
# 不低于 6 倍, 不超过 5 个, 不少于 3 篇: the bound, then the number.
ZH_BEFORE_RE = re.compile(rf"(不低于|不少于|不高于|不超过|不多于)\s*((?:人民币|美元)?\s*{_NUMERAL}\s*[%％]?\s*[万亿]?)")
# "more than 10%", "less than USD 500,000", "over 40", "exceeding 5": the bound excluded.
EN_EXCLUSIVE_RE = re.compile(r"(?<!not )(?<!no )(?<!or )\b(?:more|less|fewer|greater|higher|lower) than\s+"
                             r"((?:[A-Za-z$¥€]+\s+){0,2}?[\d][\d,.]*(?:\s*(?:%|million|thousand|billion))?)"
                             r"|\b(?:over|under|exceed(?:s|ing)?)\s+((?:USD|RMB|CNY)?\s*\d[\d,.]*%?)", re.I)


def bound_findings(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """Inclusive bounds of the Chinese that the English makes exclusive, by the number bound."""
    findings = []
    for entry in entries:
        bounds = [(m.group(0), m.group(1)) for m in ZH_AFTER_RE.finditer(entry.zh)]
        bounds += [(m.group(0), m.group(2)) for m in ZH_BEFORE_RE.finditer(entry.zh)]
        if not bounds:
            continue
        explained = explanations(entry.comment, "bound")
        for m in EN_EXCLUSIVE_RE.finditer(entry.en):
            values = set(numbers_in(m.group(1) or m.group(2) or "", "en"))
            for zh, number in bounds:
                if values and values & set(numbers_in(number, "zh")):
                    findings.append({"kind": "bound", "place": entry.context, "doc": entry.doc, "zh": zh,
                                     "en": m.group(0), "explained": next(iter(explained.values()), None)})
                    break
    return findings


# -- modality --------------------------------------------------------------------------------------

# Words with 应 / 须 / 可 that are no modal verb (应对 respond, 相应 corresponding, 适应 adapt …).
NOT_MODAL = ("应对", "应用", "相应", "适应", "响应", "供应", "反应", "对应", "应急", "应聘", "应届", "效应",
             "呼应", "应邀", "顺应", "应征", "回应", "感应", "应变", "须知", "无须", "不可以")
ZH_MODAL_RE = re.compile(r"应当|应该|必须|不得|可以|须|应")
# Obligation (应, 应当, 须, 不得: should, shall, must, shall not) and permission (可以: may, can)
# are counted apart: a "can" for 能否 does not make up for a lost "should".
PERMISSION = {"可以"}
EN_OBLIGATION_RE = re.compile(r"\b(?:should|shall|must|need(?:s)? to|required to|ought|may not|cannot)\b", re.I)
EN_PERMISSION_RE = re.compile(r"\b(?:may|can)\b(?! not)", re.I)


def modal_markers(text: str, is_word: Any = None) -> list[str]:
    """The modal verbs of a Chinese text. 应对 is 应 + 对标 (should benchmark) where 对 starts a word
    with what follows (``is_word``: the dictionary), else 应对 (respond), no modal."""
    found = []
    for m in ZH_MODAL_RE.finditer(text):
        i = m.start()
        word = m.group(0)
        if word == "应" or word == "须":
            around = {text[max(0, i - 1):i + 1], text[i:i + 2], text[max(0, i - 1):i + 2]}
            blocked = [w for w in NOT_MODAL if w in around]
            if blocked == ["应对"] and is_word is not None and any(is_word(text[i + 1:i + k]) for k in (3, 4)):
                blocked = []
            if blocked:
                continue
        found.append(word)
    return found


def modality_notices(entries: Iterable[Entry], is_word: Any = None) -> list[dict[str, Any]]:
    """Entries whose Chinese states obligations or permissions and whose English has fewer modal
    verbs (none, where the Chinese has one)."""
    notices = []
    for entry in entries:
        markers = modal_markers(entry.zh, is_word)
        permissions = [m for m in markers if m in PERMISSION]
        obligations = len(markers) - len(permissions)
        # Fewer modal verbs in the English than the Chinese has: one of them may be lost (应对标
        # … 将 read "Shanghai will", beside a 应 kept as "should" in the same paragraph).
        if obligations > len(EN_OBLIGATION_RE.findall(entry.en)) or \
                len(permissions) > len(EN_PERMISSION_RE.findall(entry.en)):
            notices.append({"kind": "modal", "place": entry.context, "doc": entry.doc,
                            "modals": sorted(set(markers)), "severity": "notice",
                            "explained": next(iter(explanations(entry.comment, "modal").values()), None)})
    return notices


# -- all of them -----------------------------------------------------------------------------------


@dataclass
class HouseTables:
    terms: list[HouseTerm] = field(default_factory=list)
    cited: list[CitedDocument] = field(default_factory=list)


def load_tables(corpus_dir: Path, documents: Iterable[dict[str, Any]] = ()) -> HouseTables:
    corpus_dir = Path(corpus_dir)
    return HouseTables(load_terms(corpus_dir / TERMS_FILE), load_cited(corpus_dir / CITED_FILE, documents))


def house_findings(entries: Iterable[Entry], tables: HouseTables, is_word: Any = None) -> dict[str, list[dict[str, Any]]]:
    """Every check of this module, by kind; modality's are notices."""
    entries = list(entries)
    return {"consistency": consistency_findings(entries, tables.terms),
            "cited_titles": cited_title_findings(entries, tables.cited),
            "document_numbers": document_number_findings(entries),
            "chinese_left": chinese_left_findings(entries),
            "bounds": bound_findings(entries),
            "modality": modality_notices(entries, is_word)}


def unexplained(findings: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The findings that make ``kb check`` fail, one line each (modality's notices never do)."""
    lines = []
    for f in findings.get("consistency", []):
        for place in f["unexplained"]:
            given = [r["rendering"] for r in f["renderings"] if place in r["places"] and not r["house"]]
            lines.append(f"{place}: {f['zh']} is rendered {' / '.join(given)}, not {f['house']!r} as the "
                         f"other curated entries and corpus/{TERMS_FILE} give it, and no translator comment "
                         f"explains it")
    for f in findings.get("cited_titles", []):
        if f["explained"]:
            continue
        if f["kind"] == "unsettled-title":
            lines.append(f"《{f['title']}》 is cited in {len(f['places'])} curated entries "
                         f"({', '.join(f['places'])}) and corpus/{CITED_FILE} settles no English title for it")
        else:
            lines.append(f"{f['place']}: cites 《{f['title']}》 but the English does not give its title "
                         f"{f['expected']!r}")
    for f in findings.get("document_numbers", []):
        if not f["explained"]:
            lines.append(f"{f['place']}: the document number {f['number']} is {f['problem']} in the English "
                         f"(house form: {f['expected']})")
    for f in findings.get("chinese_left", []):
        lines.append(f"{f['place']}: Chinese left in the English: {', '.join(f['chinese'])}")
    for f in findings.get("bounds", []):
        if not f["explained"]:
            lines.append(f"{f['place']}: {f['zh']} includes its bound, the English says {f['en']!r} "
                         f"(\"or more\" / \"or less\", \"not less than\")")
    return lines
