"""Bilingual search over the index: query analysis, expansion, ranking, facets, snippets.

A query goes through these steps:

1. **normalise** -- NFKC (full-width letters and digits), control characters
   dropped, length capped;
2. **convert** -- traditional Chinese becomes simplified with OpenCC's
   ``tw2sp`` profile, which converts phrases too (軟體 → 软件, 資訊 → 信息); the
   result says so in ``converted``;
3. **split into language runs** -- ``AI 训练师`` is an English run and a
   Chinese run; each is analysed for its own language's fields (Latin words
   also search the Chinese fields, which hold AI, 5G, IoT);
4. **expand across languages** -- each run's words are carried to the other
   language through the build's cross-language dictionary (the term base
   first, CC-CEDICT second, only words the index contains), so an English
   query reaches the Chinese-only Beijing catalogue and annexes. Expanded terms
   weigh less than the user's own words, and the result lists them;
5. **tolerate typos** -- an English word the index does not know is also
   matched fuzzily, and ``did_you_mean`` offers the query with the closest
   known words;
6. **syntax** -- quotes, AND/OR/NOT and ``field:value`` are honoured when the
   query uses them; a query that is not valid syntax is searched as words.

Ranking is BM25F with weights title 3 > requirements 2 > body 1; facets are
counted over the whole result set; snippets are escaped text with ``<mark>``
around the matches, one per language.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from whoosh import index
from whoosh.lang.porter import stem as _porter_stem
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import And, Every, FuzzyTerm, MultiTerm, Or, Phrase, Query, Regex, Term, Wildcard

from .analysis import configure, jieba_tokens
from .scoring import PostingsScorer, top
from .indexing import FACETS, FIELD_BOOSTS, TEXT_FIELDS, term_id
from .store import KnowledgeBase
from .terms import EN_STOPWORDS
from .text import has_cjk

MAX_QUERY_CHARS = 256
MAX_EXPANSIONS = 8
# Index words a wildcard, prefix, fuzzy term or range may stand for (per field).
MAX_PATTERN_TERMS = 64
# ... and all of a query's patterns together (``a* OR b* OR c*`` in six fields).
MAX_QUERY_PATTERN_TERMS = 256
MAX_LIMIT = 100
EXPANSION_BOOST = {"term base": 0.5, "dictionary": 0.3}
# An expanded word found in more than this share of documents is left out of the expansion.
COMMON_TERM_SHARE = 0.2
# A document matching some of a run's words counts this much of one matching them all.
PARTIAL_MATCH_WEIGHT = 0.2
# The query's words as a phrase, in any field: a strong signal even in a long body.
PHRASE_WEIGHT = 4.0
# Longer runs are not phrases anyone types: a pasted paragraph is searched as words.
MAX_PHRASE_WORDS = 8
FILTER_KEYS = tuple(f for f in FACETS)
KINDS = ("occupation", "section", "term")
_LATIN_WORD = r"[A-Za-z0-9][A-Za-z0-9+#&'\-.]*"
# A run is consecutive Chinese characters, or consecutive Latin words ("green card").
_RUN_RE = re.compile(rf"[\u3400-\u9fff\uf900-\ufaff]+|{_LATIN_WORD}(?:\s+{_LATIN_WORD})*")
_SYNTAX_RE = re.compile(r'"|\b(?:AND|OR|NOT)\b|\b[a-z_]+:\S|[*?~]')


porter_stem = lru_cache(maxsize=50000)(_porter_stem)


class UnboundedPattern(ValueError):
    """A wildcard with nothing literal before it: it would match every word of the index."""


class QueryError(ValueError):
    """A search request that cannot be answered as asked (unknown kind, filter or limit)."""


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance of two words, giving up (limit + 1) once it exceeds ``limit``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def strip_syntax(text: str) -> str:
    """The words of a query without its syntax (quotes, operators, field prefixes, wildcards)."""
    return " ".join(re.sub(r'["*?~()\[\]{}^+\-!:]|\b(?:AND|OR|NOT|TO)\b|\b[a-z_]+:', " ", text).split())


def normalise_query(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_CHARS]


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("tw2sp")


def to_simplified(text: str) -> str:
    return _converter().convert(text) if has_cjk(text) else text


def english_stems(text: str) -> list[str]:
    return [porter_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower())]


@dataclass
class Run:
    text: str
    lang: str  # zh | en


def language_runs(text: str) -> list[Run]:
    return [Run(m.group(0), "zh" if has_cjk(m.group(0)) else "en") for m in _RUN_RE.finditer(text)]


class Searcher:
    """Answers search requests against one build (index, dictionary and knowledge base)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        build = kb.build_dir
        configure(build / "userdict.txt", build.parent.parent / "cache")
        self.ix = index.open_dir(str(build / "index"))
        self.searcher = self.ix.searcher()
        self.scorer = PostingsScorer(self.searcher)
        with (build / "dictionary.json").open(encoding="utf-8") as fh:
            self.dictionary = json.load(fh)
        self.terms_by_id = {term_id(p): p for p in kb.terms["pairs"]}
        self._facets: dict[str, tuple[np.ndarray, list[str]]] | None = None
        self._df: dict[tuple[str, str], int] = {}
        self._allowed_masks: dict[tuple[Any, ...], np.ndarray] = {}
        self.en_words: dict[str, str] = self.dictionary.get("en_words", {})
        self.en_vocab = set(self.en_words.values())
        self._words_by_initial: dict[str, list[str]] = {}
        for word in self.en_words:
            self._words_by_initial.setdefault(word[0], []).append(word)

    def _doc_frequency(self, field: str, token: str) -> int:
        key = (field, token)
        known = self._df.get(key)
        if known is None:
            if len(self._df) > 200_000:  # bounded: queries are user input
                self._df.clear()
            known = self._df[key] = self.searcher.doc_frequency(field, token)
        return known

    def _common(self, fields: tuple[str, ...], token: str) -> bool:
        total = self.scorer.size or 1
        return any(self._doc_frequency(f, token) / total > COMMON_TERM_SHARE for f in fields)

    def _has(self, field: str, token: str) -> bool:
        return self._doc_frequency(field, token) > 0

    def _facet_values(self) -> dict[str, tuple[np.ndarray, list[str]]]:
        """Every document's facet values, as codes by document number and the values the
        codes stand for (code 0 is "no value"), read once per searcher."""
        if self._facets is None:
            reader = self.searcher.reader()
            size = reader.doc_count_all()
            table = {f: (np.zeros(size, dtype=np.int32), [""]) for f in FACETS + ("id",)}
            codes_of: dict[str, dict[str, int]] = {f: {"": 0} for f in table}
            for docnum, stored in reader.iter_docs():
                for facet, (codes, values) in table.items():
                    value = stored.get(facet) or ""
                    code = codes_of[facet].get(value)
                    if code is None:
                        code = codes_of[facet][value] = len(values)
                        values.append(value)
                    codes[docnum] = code
            self._facets = table
        return self._facets

    def _allowed(self, kinds: list[str], filters: dict[str, str]) -> np.ndarray:
        """Which documents the kind and the filters let through."""
        key = (tuple(kinds), tuple(sorted(filters.items())))
        allowed = self._allowed_masks.get(key)
        if allowed is None:
            table = self._facet_values()
            allowed = np.ones(self.scorer.size, dtype=bool)
            for facet, wanted in [("kind", kinds)] + [(k, [v]) for k, v in filters.items()]:
                codes, values = table[facet]
                allowed &= np.isin(codes, [values.index(w) for w in wanted if w in values])
            if len(self._allowed_masks) > 1000:
                self._allowed_masks.clear()
            self._allowed_masks[key] = allowed
        return allowed

    def _facet_counts(self, docnums: np.ndarray) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for facet in FACETS:
            codes, values = self._facet_values()[facet]
            tally = np.bincount(codes[docnums], minlength=len(values))
            found = {values[c]: int(n) for c, n in enumerate(tally) if n and c}
            if found:
                counts[facet] = dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
        return counts

    def near_words(self, word: str) -> list[str]:
        """Index words within one edit (two for long words) of a word the index lacks."""
        limit = 2 if len(word) >= 8 else 1
        return [w for w in self._words_by_initial.get(word[:1], [])
                if abs(len(w) - len(word)) <= limit and edit_distance(w, word, limit) <= limit]

    def close(self) -> None:
        self.searcher.close()

    # -- query construction ---------------------------------------------------------
    def _clause(self, fields: tuple[str, ...], tokens: list[str], boost: float,
                words: list[str] | None = None) -> Query | None:
        """Each token in any of ``fields``; for English, a word the index lacks also matches
        the index words nearest to it (typos), at a lower weight."""
        per_token = []
        missing = False
        seen: set[str] = set()
        for position, token in enumerate(tokens):
            if token in seen:
                continue  # a repeated word adds nothing but cost
            seen.add(token)
            # Only fields that hold the token: every Term costs a posting-list look-up even when empty.
            terms: list[Query] = [Term(f, token, boost=FIELD_BOOSTS[f.split("_")[0]] * boost)
                                  for f in fields if self._has(f, token)]
            word = words[position] if words and position < len(words) else None
            if word and token not in self.en_vocab and len(word) >= 4:
                for stem in {self.en_words[w] for w in self.near_words(word)}:
                    terms += [Term(f, stem, boost=FIELD_BOOSTS[f.split("_")[0]] * boost * 0.6) for f in fields]
            if not terms:
                missing = True  # a word no field holds: no document can have every word
                continue
            per_token.append(Or(terms) if len(terms) > 1 else terms[0])
        if not per_token:
            return None
        if missing:
            return Or(list(per_token), boost=PARTIAL_MATCH_WEIGHT)
        if len(per_token) == 1:
            return per_token[0]
        # Documents with every word rank above documents with some of them. Each compound gets
        # its own list: Whoosh flattens sub-query lists in place while normalising.
        return Or([And(list(per_token), boost=1.0), Or(list(per_token), boost=PARTIAL_MATCH_WEIGHT)])

    def _expansions(self, runs: list[Run]) -> list[dict[str, str]]:
        found: list[dict[str, str]] = []
        seen: set[str] = set()
        for run in runs:
            if run.lang == "en":
                words = english_stems(run.text)
                table, target = self.dictionary["en_to_zh"], "zh"
                phrases = [" ".join(words)] + [" ".join(words[i:i + 2]) for i in range(len(words) - 1)]
                # Word by word only when every word crosses over ("Abel Prize" → 阿贝尔 + 奖项);
                # "green card" is not "green" + something.
                content = [w for w in words if w not in EN_STOPWORDS]
                singles = words if len(words) == 1 or all(w in table for w in content) else []
                keys = (phrases if len(words) > 1 else []) + singles
            else:
                keys = [run.text] + [w for w, _, _ in jieba_tokens(run.text)]
                table, target = self.dictionary["zh_to_en"], "en"
            if run.lang == "en":
                keys = [k if k in table else self._prefix_key(k, table) for k in keys]
            covered: set[str] = set()
            for key in keys:
                if key in covered or key not in table or (run.lang == "zh" and len(key) < 2):
                    continue
                entries = table[key]
                if any(e["source"] == "term base" for e in entries):
                    # The corpus's own rendering beats the general dictionary.
                    entries = [e for e in entries if e["source"] == "term base"]
                for entry in entries[:3]:
                    term, source = entry["term"], entry["source"]
                    if term in seen or (target == "zh" and len(term) < 2):
                        continue
                    seen.add(term)
                    found.append({"term": term, "from": key, "source": source, "lang": target})
                covered.update(key.split())
        return found[:MAX_EXPANSIONS]

    @staticmethod
    def _prefix_key(stem: str, table: dict[str, Any]) -> str:
        """For a word the dictionary lacks, the longest key that is most of its beginning
        (postdoctoral → postdoc): a shortened or derived form of the same word."""
        if " " in stem or len(stem) < 7:
            return stem
        for size in range(len(stem) - 1, max(5, int(len(stem) * 0.7)) - 1, -1):
            if stem[:size] in table:
                return stem[:size]
        return stem

    def _plain_query(self, text: str) -> tuple[Query | None, list[dict[str, str]], dict[str, set[str]]]:
        runs, seen_runs = [], set()
        for run in language_runs(text):
            if (run.text, run.lang) not in seen_runs:  # "人才 人才 人才…" is one run's worth
                seen_runs.add((run.text, run.lang))
                runs.append(run)
        clauses: list[Query] = []
        highlight: dict[str, set[str]] = {"zh": set(), "en": set()}
        for run in runs:
            if run.lang == "zh":
                tokens = [w.lower() for w, _, _ in jieba_tokens(run.text)]
                clause = self._clause(TEXT_FIELDS["zh"], tokens, 1.0)
                highlight["zh"].update(tokens)
            else:
                stems = english_stems(run.text)
                en_clause = self._clause(TEXT_FIELDS["en"], stems, 1.0,
                                         words=re.findall(r"[a-z0-9]+", run.text.lower()))
                raw = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", run.text)]
                zh_clause = self._clause(TEXT_FIELDS["zh"], raw, 1.0)
                clause = Or([c for c in (en_clause, zh_clause) if c is not None])
                highlight["en"].update(stems)
                highlight["zh"].update(raw)
            if clause is not None:
                clauses.append(clause)
            phrase_tokens = tokens if run.lang == "zh" else stems
            if 1 < len(phrase_tokens) <= MAX_PHRASE_WORDS:
                # The words as a phrase ("green card") outrank the words apart.
                fields = TEXT_FIELDS["zh"] if run.lang == "zh" else TEXT_FIELDS["en"]
                phrases = [Phrase(f, list(phrase_tokens), boost=PHRASE_WEIGHT) for f in fields
                           if all(self._has(f, t) for t in phrase_tokens)]
                if phrases:
                    clauses.append(Or(phrases))
        user_clauses = list(clauses)
        expansions = self._expansions(runs)
        by_source: dict[str, list[Query]] = {}
        for exp in expansions:
            boost = EXPANSION_BOOST[exp["source"]]
            # An expansion is one flat Or of its words: cheap, and it only has to add weight.
            if exp["lang"] == "zh":
                tokens = [w.lower() for w, _, _ in jieba_tokens(exp["term"])]
                fields = TEXT_FIELDS["zh"]
                highlight["zh"].update(tokens)
            else:
                tokens = english_stems(exp["term"])
                fields = TEXT_FIELDS["en"]
                highlight["en"].update(tokens)
            # Words in a fifth of all documents say little and cost a lot: they stay out.
            tokens = [t for t in tokens if not self._common(fields, t)]
            terms = [Term(f, t, boost=FIELD_BOOSTS[f.split("_")[0]] * boost / max(len(tokens), 1))
                     for t in tokens for f in fields if self._has(f, t)]
            clause = Or(terms) if terms else None
            if clause is not None:
                clauses.append(clause)
                by_source.setdefault(exp["from"], []).append(clause)
        if len(by_source) > 1:
            # A document that carries every query word across (Abel → 阿贝尔, Prize → 奖项)
            # beats one that repeats a single word's translation.
            clauses.append(And([Or(list(group)) for group in by_source.values()], boost=2.0))
        if not clauses:
            return None, expansions, highlight
        if len(user_clauses) > 1:
            clauses.append(And(list(user_clauses), boost=2.0))  # every run of the query matched
        return Or(list(clauses)), expansions, highlight

    def _syntax_query(self, text: str) -> Query | None:
        fields = list(TEXT_FIELDS["zh"] + TEXT_FIELDS["en"])
        boosts = {f: FIELD_BOOSTS[f.split("_")[0]] for f in fields}
        text = re.sub(r"\btitle:", "title_en:", text)
        parser = MultifieldParser(fields, self.ix.schema, fieldboosts=boosts, group=OrGroup)
        try:
            parsed = parser.parse(text)
        except Exception:  # whoosh's parser raises many kinds; any of them means "not syntax"
            return None
        if parsed is None or "Error" in type(parsed).__name__ or repr(parsed).count("ErrorQuery"):
            return None
        budget = [MAX_QUERY_PATTERN_TERMS]
        try:
            return self._bounded(parsed, budget)
        except UnboundedPattern:
            return None

    def _bounded(self, query: Query, budget: list[int]) -> Query:
        """``query`` with each pattern (wildcard, prefix, fuzzy term, range, regex) replaced by
        the index words it stands for, at most :data:`MAX_PATTERN_TERMS` of them and
        :data:`MAX_QUERY_PATTERN_TERMS` for all of a query's patterns (``budget``); a pattern
        with no literal beginning (``*ing``, ``?a``) would stand for the whole vocabulary and
        is refused, so the query is searched as plain words instead."""
        if not query.is_leaf():
            return query.apply(lambda sub: self._bounded(sub, budget))
        if not isinstance(query, MultiTerm):
            return query
        if isinstance(query, (Wildcard, Regex)):
            literal = query._find_prefix(query.text)
            if len(literal) < 2 and not has_cjk(literal):
                raise UnboundedPattern(query.text)
        if isinstance(query, FuzzyTerm):
            # Edits beyond two find unrelated words; the first letter is taken as typed.
            query = FuzzyTerm(query.fieldname, query.text, boost=query.boost, maxdist=min(query.maxdist, 2),
                              prefixlength=max(query.prefixlength, 1))
        reader = self.searcher.reader()
        words = []
        for word in itertools.islice(query._btexts(reader), min(MAX_PATTERN_TERMS, budget[0])):
            words.append(word.decode("utf-8") if isinstance(word, bytes) else word)
        budget[0] -= len(words)
        return Or([Term(query.fieldname, w, boost=query.boost) for w in words])

    # -- searching -------------------------------------------------------------------------
    def search(self, query: str, kind: str | None = None, filters: dict[str, str] | None = None,
               limit: int = 10) -> dict[str, Any]:
        filters = dict(filters or {})
        if kind is not None and kind not in KINDS:
            raise QueryError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        unknown = [k for k in filters if k not in FILTER_KEYS]
        if unknown:
            raise QueryError(f"unknown filter {unknown[0]!r}; filters are {', '.join(FILTER_KEYS)}")
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
        original = normalise_query(query)
        text = to_simplified(original)
        converted = text if text != original else None
        expansions: list[dict[str, str]] = []
        highlight: dict[str, set[str]] = {"zh": set(), "en": set()}
        q: Query | None = None
        matches = None
        words = strip_syntax(text)
        if text and _SYNTAX_RE.search(text):
            q = self._syntax_query(text)
            if q is not None:
                matches = self.scorer.run(q)
                if matches.mask.any():
                    _, expansions, highlight = self._plain_query(words)
                else:
                    q = matches = None  # syntax that finds nothing is searched as plain words
        if q is None and words:
            q, expansions, highlight = self._plain_query(words)
        if q is None:
            # Only an empty query lists everything (that the filters allow); text with nothing
            # searchable in it (punctuation, emoji, a bare wildcard) finds nothing.
            if text or (not filters and kind is None):
                return self._empty(original, converted)
            q = Every()
        if matches is None:
            matches = self.scorer.run(q)
        kinds = [kind] if kind else ["occupation", "section"]
        chosen, matched = top(matches, self._allowed(kinds, filters), limit)
        ids, id_values = self._facet_values()["id"]
        kind_codes, kind_values = self._facet_values()["kind"]
        hits = [self._hit(id_values[ids[d]], kind_values[kind_codes[d]], float(matches.scores[d]), highlight)
                for d in chosen]
        facet_counts = self._facet_counts(matched)
        did_you_mean = self._did_you_mean(words) if words else None
        return {
            "query": query,
            "total": int(len(matched)),
            "hits": hits,
            "facets": facet_counts,
            "expanded": [e["term"] for e in expansions],
            "expansions": expansions,
            "did_you_mean": did_you_mean,
            "converted": converted,
        }

    def _empty(self, query: str, converted: str | None) -> dict[str, Any]:
        return {"query": query, "total": 0, "hits": [], "facets": {}, "expanded": [], "expansions": [],
                "did_you_mean": None, "converted": converted}

    def _did_you_mean(self, text: str) -> str | None:
        """The query with each English word the index does not know replaced by its nearest
        index word, when there is one (blockchian → blockchain)."""
        corrected, changed = text, False
        for word in re.findall(r"[A-Za-z]{4,}", text):
            lower = word.lower()
            stem = porter_stem(lower)
            if stem in self.en_vocab or stem in self.dictionary["en_to_zh"]:
                continue  # a word the index or the cross-language dictionary knows is no typo
            near = self.near_words(lower)
            if near:
                best = min(near, key=lambda w: (edit_distance(w, lower, 2), -len(w), w))
                corrected = re.sub(rf"\b{re.escape(word)}\b", best, corrected)
                changed = True
        return corrected if changed else None

    # -- hits ------------------------------------------------------------------------------
    def _hit(self, hit_id: str, kind: str, score: float, highlight: dict[str, set[str]]) -> dict[str, Any]:
        hit = self._plain_hit(hit_id, kind, score, highlight)
        # The title with the query's words marked, for pages that highlight titles too.
        hit["marked_title"] = {lang: highlighted(hit["title"][lang], highlight, lang) for lang in ("zh", "en")}
        return hit

    def _plain_hit(self, hit_id: str, kind: str, score: float, highlight: dict[str, set[str]]) -> dict[str, Any]:
        if kind == "term":
            pair = self.terms_by_id[hit_id]
            places = ", ".join(pair["places"][:5])
            return {"id": hit_id, "kind": "term", "doc": "term-base",
                    "title": {"zh": pair["zh"], "en": pair["en"]},
                    "snippet": {"zh": html.escape(f"{pair['kind']} ×{pair['frequency']}: {places}"),
                                "en": html.escape(pair["method"])},
                    "score": round(score, 4), "official": pair["official"]}
        item = self.kb.get(hit_id)
        if kind == "occupation":
            title = dict(item["title"])
            separator = {"zh": "；", "en": "; "}
            texts = {lang: separator[lang].join(item["competencies"][lang]) + "\n" + (item["specialties"][lang] or "")
                     if item["competencies"][lang] else None for lang in ("zh", "en")}
            return {"id": hit_id, "kind": kind, "doc": item["doc"], "title": title,
                    "snippet": {lang: snippet(texts[lang], highlight, lang) for lang in ("zh", "en")},
                    "score": round(score, 4), "unofficial": item["unofficial"]}
        pair = self.kb.section_pair(hit_id)
        title = {lang: (" ".join(p for p in (pair[lang]["number"], pair[lang]["heading"]) if p) or None)
                 if pair[lang] else None for lang in ("zh", "en")}
        return {"id": hit_id, "kind": "section", "doc": item["doc"], "title": title,
                "snippet": {lang: snippet(pair[lang]["body"] if pair[lang] else None, highlight, lang)
                            for lang in ("zh", "en")},
                "score": round(score, 4), "counterpart": item.get("counterpart")}


SNIPPET_CHARS = {"zh": 90, "en": 220}


def match_spans(text: str, highlight: dict[str, set[str]], lang: str) -> list[tuple[int, int]]:
    """Where the query's words (and their expansions) occur in ``text``, in text order."""
    if lang == "zh":
        # Longest words first in the alternation, so 区块链 wins over 区块; matches never overlap.
        pattern = _alternation(frozenset(highlight["zh"]))
        return [m.span() for m in pattern.finditer(text)] if pattern else []
    stems = highlight["en"]
    return [m.span() for m in re.finditer(r"[A-Za-z0-9]+", text) if porter_stem(m.group(0).lower()) in stems]


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, position = [], start
    for a, b in spans:
        if start <= a and b <= end:
            out.append(html.escape(text[position:a]))
            out.append(f"<mark>{html.escape(text[a:b])}</mark>")
            position = b
    out.append(html.escape(text[position:end]))
    return "".join(out)


def highlighted(text: str | None, highlight: dict[str, set[str]], lang: str) -> str | None:
    """All of ``text`` (a title), escaped, matches in ``<mark>``."""
    if not text:
        return None
    return _marked(text, match_spans(text, highlight, lang), 0, len(text))


def snippet(text: str | None, highlight: dict[str, set[str]], lang: str) -> str | None:
    """The best window of ``text`` around the query's words, escaped, matches in ``<mark>``."""
    if not text:
        return None
    text = text[:20000]
    spans = match_spans(text, highlight, lang)
    width = SNIPPET_CHARS[lang]
    start = 0
    if spans:
        # The window holding the most matches (spans are in text order: a sliding window).
        best_start, best_count, right = spans[0][0], 0, 0
        for left, (a, _) in enumerate(spans):
            right = max(right, left)
            while right < len(spans) and spans[right][0] < a + width:
                right += 1
            if right - left > best_count:
                best_start, best_count = a, right - left
        start = max(0, best_start - width // 4)
    end = min(len(text), start + width)
    body = _marked(text, spans, start, end).replace("\n", " ")
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


@lru_cache(maxsize=1024)
def _alternation(words: frozenset[str]) -> re.Pattern[str] | None:
    words = frozenset(w for w in words if w)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))), re.IGNORECASE)


_searchers: dict[str, Searcher] = {}
# The current build's searcher and the one before it (requests begun on it finish on it).
KEEP_SEARCHERS = 2


def searcher_for(kb: KnowledgeBase) -> Searcher:
    """One :class:`Searcher` per build directory, reused by this process."""
    key = str(kb.build_dir)
    if key not in _searchers:
        _searchers[key] = Searcher(kb)
        while len(_searchers) > KEEP_SEARCHERS:
            _searchers.pop(next(iter(_searchers))).close()
    return _searchers[key]
