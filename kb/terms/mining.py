"""Mining the term base from aligned units: whole-unit pairs, then sub-term pairs.

Whole-unit pairs are units that are themselves terms (titles, labels, values,
headings). Sub-term pairs are found in three passes over the units:

1. **candidates** -- every jieba word of the Chinese side (:mod:`.segment`)
   whose CC-CEDICT gloss (:mod:`.cedict`) is found in the English side
   (:mod:`.english`);
2. **competitive linking** -- in each unit the best-supported links across
   the corpus are taken first; a Chinese word links once and an English span
   goes to one word only;
3. **co-occurrence** -- for words the dictionary does not know (专才), a
   Chinese word and an English word or bigram that share at least
   ``MIN_COOCCURRENCE`` short units with Dice ≥ ``MIN_DICE``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

from .cedict import cedict
from .english import EN_STOPWORDS, WORD_RE, display_form, find_span, plural_stem, stem_key
from .segment import splits_into_known_words, zh_term, zh_words
from .termhood import Termhood, rank_pairs
from .units import TermPair, Unit


def _gloss_forms(glosses: list[str]) -> list[str]:
    """The glosses, and a long gloss without its last word too (intellectual property rights →
    intellectual property), since a term often stands inside a longer phrase."""
    forms = list(glosses)
    for gloss in glosses:
        words = gloss.split()
        if len(words) >= 3 and words[-2] not in EN_STOPWORDS:
            forms.append(" ".join(words[:-1]))
    return forms


def _add(pairs: dict[tuple[str, str, str], TermPair], zh: str, en: str, kind: str, method: str,
         place: str, official: bool = True, lowercase_words: set[str] | frozenset[str] = frozenset()) -> None:
    zh = zh_term(zh)  # the term as written, whatever spaces the unit kept from its PDF
    key = (zh, stem_key(en) if kind == "sub-term" else en, kind)
    pair = pairs.get(key)
    if pair is None:
        pair = pairs[key] = TermPair(zh=zh, en=display_form(en, lowercase_words) if kind == "sub-term" else en,
                                     kind=kind, method=method, official=official)
    pair.frequency += 1
    if place not in pair.places:
        pair.places.append(place)
    pair.official = pair.official and official


def build_term_base(units: list[Unit], cache_dir: Path | None = None,
                    corpus_texts: list[str] | None = None) -> list[TermPair]:
    """The term pairs of ``units``, each with its termhood against ``corpus_texts`` (all the
    corpus' Chinese; the units' Chinese if not given), most frequent first."""
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
    lowercase = {w for unit in units if unit.official for w in WORD_RE.findall(unit.en) if w.islower()}
    # First pass: every (Chinese word, English span) that a dictionary gloss supports in a unit.
    candidates: list[tuple[Unit, str, tuple[int, int], str]] = []
    for unit in units:
        for word in sorted(set(zh_words(unit.zh, dictionary, cache_dir))):
            spans = {find_span(gloss, unit.en) for gloss in _gloss_forms(dictionary.get(word, []))} - {None}
            candidates += [(unit, word, span, stem_key(unit.en[span[0]:span[1]]))
                           for span in spans if span]
    # A curated translation is no evidence of how the source renders a term: only official
    # units support a link; pairs found only in curated English join the base as unofficial.
    support = Counter((word, key) for unit, word, _, key in candidates if unit.official)
    official_keys = {(word, key) for unit, word, _, key in candidates if unit.official}
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
        for unit, word, span, key in unit_candidates:
            if word in linked_words or any(span[0] < b and a < span[1] for a, b in taken):
                continue
            linked_words.add(word)
            taken.append(span)
            if not unit.official:
                if (word, key) not in official_keys:
                    _add(pairs, word, unit.en[span[0]:span[1]], "sub-term",
                         "jieba + CC-CEDICT candidate, found in a curated translation (unofficial)",
                         unit.place, official=False, lowercase_words=lowercase)
                continue
            _add(pairs, word, unit.en[span[0]:span[1]], "sub-term",
                 "jieba + CC-CEDICT candidate, confirmed in an aligned unit (competitive linking)",
                 unit.place, lowercase_words=lowercase)
    _cooccurrence_pairs(units, pairs, dictionary, cache_dir, lowercase, claimed)
    result = sorted(pairs.values(), key=lambda p: (-p.frequency, p.kind, p.zh, p.en))
    rank_pairs(result, Termhood(corpus_texts or [u.zh for u in units], cache_dir))
    return result


MIN_COOCCURRENCE = 3
MIN_DICE = 0.75


def _english_keys(text: str, claimed: list[tuple[int, int]]) -> dict[str, str]:
    """Stemmed content unigrams and bigrams of an English unit -> their surface text, leaving
    out words a dictionary link already explains."""
    words = [(m.start(), m.end(), plural_stem(m.group(0))) for m in WORD_RE.finditer(text)
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
    known = {(p.zh, stem_key(p.en)) for p in pairs.values() if p.kind == "sub-term" and p.official}
    linked_zh = {p.zh for p in pairs.values() if p.kind == "sub-term" and p.official}
    best: dict[str, tuple[float, int, str]] = {}
    for word, n_zh in zh_count.items():
        # Only where the dictionary is silent: glosses that never match are evidence against, and
        # a compound of known words (开拓创新 = 开拓 + 创新) is already explained word by word.
        if n_zh < MIN_COOCCURRENCE or word in linked_zh or word in dictionary \
                or splits_into_known_words(word, dictionary):
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
