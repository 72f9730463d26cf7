"""A term's renderings across the corpus, with example sentence pairs (a bilingual concordance).

A translator who looks up a short key term (紧缺, 专才, 高精尖缺) wants every way the
corpus renders it, how often, and where -- the Chinese sentence that contains it
beside its English with the rendering marked, as Linguee shows it. The sentences are
the aligned segments of the translation memory (:func:`kb.services.tmx.memory_segments`:
record fields, the aligned paragraph beads cut into sentences, the curated
translations) and the aligned headings and table labels of the term base; a bead the
build found implausible is left out.

The rendering in each English segment is found from the segments themselves:

1. **candidates** -- every run of one to :data:`MAX_WORDS` English words, stemmed as the
   term base compares renderings (:func:`kb.terms.english.stem_key`), that does not cross
   a quotation mark, bracket or sentence stop and neither begins nor ends on a grammar word
   (a hyphenated compound is one word: high-demand); the term base's own renderings of the
   term and its CC-CEDICT glosses join them;
2. **precision** -- how many of the segments whose English holds a candidate have the term
   in their Chinese; a run found by co-occurrence must reach :data:`MIN_PRECISION` in at
   least :data:`MIN_SEGMENTS` segments (a word the whole corpus repeats is not a rendering);
3. **claims** -- a run that renders another Chinese word of the same segment, as the term
   base pairs them (职业 occupation beside 紧缺 in 紧缺职业), is not the term's rendering there;
4. **cover** -- the candidate that explains the most segments not yet explained is taken
   first, the longest of those within :data:`NEAR` of the most ("short supply", not
   "supply"), and so on while one explains enough.

Segments no rendering explains are listed apart ("rendering not identified"). Each
rendering counts the segments it occurs in, official and curated apart, and keeps a few
distinct example pairs with their citations.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..reading.text import has_cjk
from ..terms import consistency_report, lookup
from ..terms.english import EN_STOPWORDS, WORD_RE, derived_stem
from ..terms.places import pair_entry, place_citation
from ..terms.segment import tokenizer, zh_term
from .tmx import memory_segments

MAX_WORDS = 8
MIN_SEGMENTS = 2
MIN_PRECISION = 0.5
NEAR = 0.9
MAX_EXAMPLES = 3
MAX_EXAMPLE_PLACES = 3
MAX_TERM_LENGTH = 40
# Marks a rendering does not run across: quotation marks, brackets and sentence stops.
_BOUNDARY_RE = re.compile(r"[\"“”‘’()\[\]{};:.!?/\n]")


class ConcordanceError(ValueError):
    """A look-up the concordance cannot make (no Chinese in it, or too long for a term)."""


@dataclass
class _Segment:
    zh: str
    en: str
    place: str  # the id the segment is cited and linked by
    official: bool
    words: list[tuple[int, int, str]]  # English words: start, end, stem
    joined: list[bool]  # words[i] is hyphen-joined to words[i - 1]
    broken: list[bool]  # a boundary mark stands between words[i - 1] and words[i]
    normal: str  # " stem stem | stem ": the stems, boundaries as "|", for counting


def _segment(zh: str, en: str, place: str, official: bool) -> _Segment:
    words = [(m.start(), m.end(), derived_stem(m.group(0).lower(), fold_ing=False)) for m in WORD_RE.finditer(en)]
    gaps = [""] + [en[words[i - 1][1]:words[i][0]] for i in range(1, len(words))]
    broken = [bool(_BOUNDARY_RE.search(g)) for g in gaps]
    normal = " " + " ".join(("| " if b else "") + w[2] for w, b in zip(words, broken)) + " "
    return _Segment(zh_term(zh), en, place, official, words, [g == "-" for g in gaps], broken, normal)


def concordance_segments(kb: Any) -> list[_Segment]:
    """Every aligned segment of a build once (the translation memory and the aligned headings
    and labels), computed once per build."""
    def compute() -> list[_Segment]:
        seen: set[tuple[str, str]] = set()
        out = []
        for s in memory_segments(kb):
            if s.implausible:
                continue
            out.append(_segment(s.zh, s.en, s.source_id.split("+", 1)[0], s.official))
        for unit in kb.terms.get("units", []):
            if unit["kind"] in ("heading", "label"):
                out.append(_segment(unit["zh"], unit["en"], unit["place"], unit["official"]))
        unique = []
        for s in out:
            key = (s.zh, " ".join(s.en.split()), s.place.split("#", 1)[0])
            if key not in seen:
                seen.add(key)
                unique.append(s)
        return unique
    return kb.memo("concordance segments", compute)


def _word_index(kb: Any, segments: list[_Segment]) -> dict[str, set[int]]:
    """English stem -> the segments that hold it (to count a run's segments quickly)."""
    def compute() -> dict[str, set[int]]:
        index: dict[str, set[int]] = {}
        for i, s in enumerate(segments):
            for _, _, stem in s.words:
                index.setdefault(stem, set()).add(i)
        return index
    return kb.memo("concordance index", compute)


def _zh_index(kb: Any, segments: list[_Segment]) -> dict[str, set[int]]:
    """jieba word -> the segments whose Chinese holds it."""
    def compute() -> dict[str, set[int]]:
        tk = tokenizer()
        index: dict[str, set[int]] = {}
        for i, s in enumerate(segments):
            for word in set(tk.cut(s.zh)):
                if has_cjk(word):
                    index.setdefault(word, set()).add(i)
        return index
    return kb.memo("concordance zh index", compute)


def _zh_words_of(found: list[_Segment], term: str) -> set[str]:
    """The jieba words of the segments that hold ``term``, other than the term and words
    that overlap it."""
    tk = tokenizer()
    return {w for s in found for w in tk.cut(s.zh) if has_cjk(w) and w not in term and term not in w}


def _runs(segment: _Segment) -> dict[str, tuple[int, int]]:
    """Candidate renderings of a segment: stemmed key -> the first span it covers."""
    words, n = segment.words, len(segment.words)
    runs: dict[str, tuple[int, int]] = {}
    for i in range(n):
        if segment.joined[i]:
            continue  # not from the middle of a hyphenated compound
        for j in range(i, min(i + MAX_WORDS, n)):
            if j > i and segment.broken[j]:
                break
            if j + 1 < n and segment.joined[j + 1]:
                continue
            first_ok = words[i][2] not in EN_STOPWORDS or (j > i and segment.joined[i + 1])
            last_ok = words[j][2] not in EN_STOPWORDS or (j > i and segment.joined[j])
            if not (first_ok and last_ok) or (i == j and len(words[i][2]) < 3):
                continue
            runs.setdefault(" ".join(w[2] for w in words[i:j + 1]), (words[i][0], words[j][1]))
    return runs


def _key(english: str) -> str:
    return " ".join(derived_stem(m.group(0).lower(), fold_ing=False) for m in WORD_RE.finditer(english))


def _spans(segment: _Segment, key: str) -> list[tuple[int, int]]:
    """Where ``key`` (stems) stands in the segment's English, as character spans."""
    target = key.split()
    stems = [w[2] for w in segment.words]
    return [(segment.words[i][0], segment.words[i + len(target) - 1][1])
            for i in range(len(stems) - len(target) + 1)
            if stems[i:i + len(target)] == target and not any(segment.broken[i + 1:i + len(target)])]


def term_spans(text: str, term: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(term), text)]


def renderings(kb: Any, term: str) -> dict[str, Any]:
    """Every rendering the corpus gives the Chinese ``term``, most frequent first, with
    counts, example pairs and the segments where none was identified."""
    term = zh_term(term)
    if not has_cjk(term):
        raise ConcordanceError(f"look up a Chinese term (紧缺, 专才), not {term!r}: "
                               "an English term is found in the term list (q=)")
    if len(term) > MAX_TERM_LENGTH:
        raise ConcordanceError(f"a term has at most {MAX_TERM_LENGTH} characters, this has {len(term)}")
    segments = concordance_segments(kb)
    index = _word_index(kb, segments)
    found = [s for s in segments if term in s.zh]
    # A run that renders another Chinese word of the segment (职业 occupation beside 紧缺, as
    # the term base pairs them) is that word's rendering, not the term's.
    others = [(p["zh"], _key(p["en"])) for p in kb.terms["pairs"] if p["kind"] == "sub-term" and p["official"]
              and p["zh"] not in term and term not in p["zh"]]
    runs = []
    for s in found:
        # Each Chinese word claims one occurrence: "demand" printed twice (demand-oriented
        # high-demand, 需求型紧缺) is not all 需求's.
        claimed = Counter(key for zh, key in others if zh in s.zh)
        spent = {c for c, n in claimed.items() if s.normal.count(f" {c} ") <= n}
        runs.append({k for k in _runs(s) if not any(f" {c} " in f" {k} " for c in spent)})
    # The term base's renderings of the term and the dictionary's glosses are candidates
    # on one segment's evidence; a run found by co-occurrence needs MIN_SEGMENTS.
    seeds = {_key(p["en"]) for p in kb.terms["pairs"] if p["zh"] == term} - {""}
    holds: dict[str, set[int]] = {}
    for i, keys in enumerate(runs):
        for k in keys:
            holds.setdefault(k, set()).add(i)
    for seed in seeds:
        holds[seed] = {i for i, s in enumerate(found) if f" {seed} " in s.normal}
    def enough(key: str, n: int) -> bool:
        return n >= (1 if key in seeds else MIN_SEGMENTS)
    zh_index = _zh_index(kb, segments)
    precision: dict[str, float] = {}
    having: dict[str, set[int]] = {}
    for key in [k for k, h in holds.items() if enough(k, len(h))]:
        words = key.split()
        pool = set.intersection(*(index.get(w, set()) for w in words))
        having[key] = {i for i in pool if f" {key} " in segments[i].normal}
        precision[key] = len(holds[key]) / len(having[key]) if having[key] else 0.0
    candidates = {k for k in precision if k in seeds or precision[k] >= MIN_PRECISION}
    # Chinese words beside the term that the term base gives no rendering (前海, 清单): a run
    # that stands beside one of them more often than beside the term renders that word.
    linked = {p["zh"] for p in kb.terms["pairs"] if p["kind"] == "sub-term" and p["official"]}
    rivals = [zh_index[w] for w in _zh_words_of(found, term) - linked if w in zh_index]

    def rivalled(key: str) -> bool:
        return key not in seeds and any(len(having[key] & w) / len(having[key]) > precision[key] for w in rivals)
    chosen: list[str] = []
    unexplained = set(range(len(found)))
    while unexplained:
        gain = {k: len(unexplained & holds[k]) for k in candidates - set(chosen)}
        gain = {k: n for k, n in gain.items() if enough(k, n)}
        if not gain:
            break
        top = max(gain.values())
        # Of the runs that explain (nearly) as many, the longest: "short supply", not "supply".
        best = max((k for k, n in gain.items() if n >= NEAR * top),
                   key=lambda k: (len(k.split()), gain[k], precision[k], k))
        if rivalled(best):
            candidates.discard(best)
            continue
        chosen.append(best)
        unexplained -= holds[best]
    items = []
    for key in chosen:
        members = [found[i] for i in sorted(holds[key])]
        forms = Counter(s.en[a:b] for s in members for a, b in _spans(s, key)[:1])
        items.append({"rendering": forms.most_common(1)[0][0] if forms else key, "key": key,
                      "forms": [{"form": f, "count": n} for f, n in forms.most_common()],
                      "count": len(members), "official": sum(1 for s in members if s.official),
                      "unofficial": sum(1 for s in members if not s.official),
                      "precision": round(precision[key], 2),
                      "examples": _examples(kb, members, term, key)})
    items.sort(key=lambda r: (-r["count"], r["rendering"].lower()))
    rest = [found[i] for i in sorted(unexplained)]
    return {"term": term, "segments": len(found), "renderings": items,
            "unidentified": {"count": len(rest), "examples": _examples(kb, rest, term, None)}}


def _examples(kb: Any, members: list[_Segment], term: str, key: str | None) -> list[dict[str, Any]]:
    """Distinct example pairs, official first and the most repeated first, each with its places."""
    groups: dict[tuple[str, str], list[_Segment]] = {}
    for s in members:
        groups.setdefault((s.zh, " ".join(s.en.split())), []).append(s)
    ordered = sorted(groups.values(), key=lambda g: (not g[0].official, -len(g), len(g[0].zh)))
    # The official pairs first, and one curated pair where there is one: how this knowledge
    # base renders the term is what a translator checks against the official English.
    curated = [g for g in ordered if not g[0].official][:1]
    shown = [g for g in ordered if g[0].official][:MAX_EXAMPLES - len(curated)] + curated
    out = []
    for group in (shown if len(shown) >= min(MAX_EXAMPLES, len(ordered)) else ordered[:MAX_EXAMPLES]):
        s = group[0]
        places = list(dict.fromkeys(m.place for m in group))
        out.append({"zh": s.zh, "en": s.en, "official": s.official, "count": len(group),
                    "zh_spans": term_spans(s.zh, term), "en_spans": _spans(s, key) if key else [],
                    "places": [{"id": p, "citation": place_citation(kb, p)} for p in places[:MAX_EXAMPLE_PLACES]],
                    "more_places": max(0, len(places) - MAX_EXAMPLE_PLACES)})
    return out


def term_lookup(kb: Any, term: str, max_pairs: int = 10) -> dict[str, Any]:
    """The look-up of one Chinese term: its renderings with examples, the term base's pairs
    that hold it, and the consistency report's findings about it."""
    result = renderings(kb, term)
    term = result["term"]
    pairs = lookup(kb.terms["pairs"], term)
    report = kb.memo("consistency report", lambda: consistency_report(kb))
    result["pairs"] = [pair_entry(kb, p, max_places=3) for p in pairs[:max_pairs]]
    result["pairs_total"] = len(pairs)
    result["consistency"] = {
        "zh_terms": [f for f in report["zh_terms"] if term in f["term"]],
        "en_terms": [f for f in report["en_terms"] if any(term in r["rendering"] for r in f["renderings"])],
        "curated_departures": [{**f, "cited_place": {"id": f["place"], "citation": place_citation(kb, f["place"])}}
                               for f in report["curated_departures"] if term in f["zh"]],
    }
    return result
