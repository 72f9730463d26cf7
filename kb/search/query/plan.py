"""Turning a query's words into a Whoosh query tree (what to find, and how much each part counts).

For each language run: every word in any of its language's fields (a Latin
word also in the Chinese fields, which hold AI, 5G, IoT), documents with all
the run's words above documents with some (:data:`PARTIAL_MATCH_WEIGHT`), the
run as a phrase weighing strongly (:data:`PHRASE_WEIGHT`), a citation it names
("Article 3") as a phrase in the headings (:data:`CITATION_WEIGHT`), and for an English
word the index lacks, the nearest index words (:mod:`.typos`). Then the
expansions into the other language (:mod:`.expansion`), each a flat Or of its
words at a lower weight (:data:`EXPANSION_BOOST`; a reviewed synonym, or the gloss
of a word the index lacks, of several words as a phrase); a document that carries
every query word across, or matches every run, gets a bonus.

Field weights are the index's: title 3 > requirements 2 > body 1. Only
fields that hold a word get a term for it: every term costs a posting-list
look-up even when empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from whoosh.analysis import STOP_WORDS
from whoosh.query import And, Or, Phrase, Query, Term

from ...terms import EN_STOPWORDS
from ...terms.segment import ZH_STOPWORDS
from ..analysis import query_tokens
from ..execution.postings import PostingLists
from ..indexing import FIELD_BOOSTS, TEXT_FIELDS
from .expansion import expansions
from .prepare import Run, distinct_runs, english_stems
from .typos import Typos

EXPANSION_BOOST = {"synonym table": 0.5, "term base": 0.5, "dictionary": 0.3}
# An expanded word found in more than this share of documents is left out of the expansion.
COMMON_TERM_SHARE = 0.2
# A document matching some of a run's words counts this much of one matching them all.
PARTIAL_MATCH_WEIGHT = 0.2
# The query's words as a phrase, in any field: a strong signal even in a long body.
PHRASE_WEIGHT = 4.0
# A citation in the query ("Article 3", "item (2)", "Chapter III"): the numbered unit's own
# heading names it, so the phrase in a title field outweighs title words other articles share.
CITATION_WEIGHT = 6.0
CITATION_WORDS = frozenset({"articl", "chapter", "section", "item", "paragraph", "annex", "part"})
MAX_CITATIONS = 4  # a query is user input: a pasted list of citations is searched as words
CITATION_NUMBER_RE = re.compile(r"^(?:\d+|[ivxlc]+)$")
# Longer runs are not phrases anyone types: a pasted paragraph is searched as words.
MAX_PHRASE_WORDS = 8
# A word the index lacks is also searched as its nearest index words, at this share of its weight.
TYPO_WEIGHT = 0.6
# In a question, a Chinese word also matches the longer index words it begins (试点 → 试点工作,
# which jieba keeps whole), at this share of its weight, at most COMPOUNDS of them.
COMPOUND_WEIGHT = 0.6
COMPOUNDS = 8
# When a query finds nothing it is relaxed, first to any of its words, then to Chinese character
# pairs (:meth:`QueryPlanner.relaxed`), looking up at most this many index words.
RELAXATIONS = ("any-word", "ngrams")
RELAXED_WORDS = 40


def _boost(field_name: str) -> float:
    return FIELD_BOOSTS[field_name.split("_")[0]]


# A word in the headings of more than this many documents (外国人才, 上海 in a paper's section
# titles) says less in a heading: its title weight is damped, so the paragraph that answers is
# not swamped by the sections whose headings repeat the question's common words.
COMMON_HEADING = 10
HEADING_DAMPING = 0.7


# A field and the words it must hold together: one index word, or a phrase's words.
Group = tuple[str, tuple[str, ...]]


@dataclass
class Concept:
    """One content word of the query and where a document can hold it: the word itself in its
    language's fields (``own``), or a near form of it (a typo's correction, a compound it begins,
    its expansion into the other language: ``wider``; a typo's correction or a compound it
    begins: ``near``, less sure). The relevance stage
    (:mod:`..execution.relevance`) weighs a document by how much of the query's concepts it holds."""

    word: str
    lang: str
    run: int = 0  # which language run of the query holds it (words typed together)
    own: list[Group] = field(default_factory=list)
    wider: list[Group] = field(default_factory=list)
    near: list[Group] = field(default_factory=list)  # typo corrections, compounds it begins


@dataclass
class Plan:
    """A query tree (None: nothing searchable), the expansions used, the words to highlight, and
    the query's content words as concepts."""

    query: Query | None
    expansions: list[dict[str, str]] = field(default_factory=list)
    highlight: dict[str, set[str]] = field(default_factory=lambda: {"zh": set(), "en": set()})
    concepts: list[Concept] = field(default_factory=list)


def _expanded(concepts: list[Concept], source: str) -> list[Concept]:
    """The concepts an expansion carries across: the words of its source (an English key is
    stems joined by spaces; a Chinese one, a run or a word, holds its words)."""
    if source.isascii():
        words = set(source.split())
        return [c for c in concepts if c.word in words]
    return [c for c in concepts if c.word in source]


def content_concepts(concepts: list[Concept]) -> list[Concept]:
    """The concepts that are content: each word once (its places merged), without grammar words
    (the, of, 的) or a lone character (a Chinese one, or the "s" of "Beijing's"), unless
    nothing else is left."""
    merged: dict[tuple[str, str], Concept] = {}
    for concept in concepts:
        known = merged.setdefault((concept.lang, concept.word), Concept(concept.word, concept.lang, concept.run))
        known.own += [g for g in concept.own if g not in known.own]
        known.wider += [g for g in concept.wider if g not in known.wider]
        known.near += [g for g in concept.near if g not in known.near]
    content = [c for c in merged.values()
               if c.word not in STOP_WORDS and c.word not in EN_STOPWORDS and c.word not in ZH_STOPWORDS
               and not (len(c.word) == 1 and not c.word.isdigit())]
    return content or list(merged.values())


class QueryPlanner:
    """Builds query trees against one open index (its vocabulary decides which terms to add)."""

    def __init__(self, lists: PostingLists, size: int, dictionary: dict[str, Any], typos: Typos):
        self.lists = lists
        self.size = size
        self.dictionary = dictionary
        self.typos = typos
        self._df: dict[tuple[str, str], int] = {}
        self._compound: dict[tuple[str, str], list[str]] = {}
        self._zh_words: list[str] | None = None

    def _doc_frequency(self, field_name: str, token: str) -> int:
        key = (field_name, token)
        known = self._df.get(key)
        if known is None:
            if len(self._df) > 200_000:  # bounded: queries are user input
                self._df.clear()
            known = self._df[key] = self.lists.doc_frequency(field_name, token)
        return known

    def _weight(self, field_name: str, token: str) -> float:
        """A field's weight for a word: a heading word many headings share weighs less."""
        weight = _boost(field_name)
        if field_name.startswith("title") and self._doc_frequency(field_name, token) > COMMON_HEADING:
            weight *= HEADING_DAMPING
        return weight

    def _has(self, field_name: str, token: str) -> bool:
        return self._doc_frequency(field_name, token) > 0

    def _common(self, fields: tuple[str, ...], token: str) -> bool:
        total = self.size or 1
        return any(self._doc_frequency(f, token) / total > COMMON_TERM_SHARE for f in fields)

    def _compounds(self, field_name: str, token: str) -> list[str]:
        key = (field_name, token)
        found = self._compound.get(key)
        if found is None:
            if len(self._compound) > 50_000:  # bounded: queries are user input
                self._compound.clear()
            words = []
            for word in self.lists.expand_prefix(field_name, token):
                if word != token:
                    words.append(word)
                if len(words) >= COMPOUNDS:
                    break
            found = self._compound[key] = words
        return found

    def _clause(self, fields: tuple[str, ...], tokens: list[str], words: list[str] | None = None,
                compounds: bool = False, concepts: list[Concept] | None = None) -> Query | None:
        """Each token in any of ``fields``; for English, a word the index lacks also matches
        the index words nearest to it (typos), at a lower weight. ``concepts`` (one per token)
        are told where each token was looked for."""
        per_token = []
        missing = False
        seen: set[str] = set()
        for position, token in enumerate(tokens):
            if token in seen:
                continue  # a repeated word adds nothing but cost
            seen.add(token)
            terms: list[Query] = [Term(f, token, boost=self._weight(f, token)) for f in fields if self._has(f, token)]
            own = len(terms)
            word = words[position] if words and position < len(words) else None
            for stem in self.typos.corrections(token, word):
                terms += [Term(f, stem, boost=_boost(f) * TYPO_WEIGHT) for f in fields]
            if compounds and len(token) > 1 and not token.isascii():
                terms += [Term(f, w, boost=_boost(f) * COMPOUND_WEIGHT) for f in fields
                          for w in self._compounds(f, token)]
            if concepts is not None and position < len(concepts):
                concepts[position].own += [(t.fieldname, (t.text,)) for t in terms[:own]]
                concepts[position].near += [(t.fieldname, (t.text,)) for t in terms[own:]]
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

    def _run_clauses(self, run: Run, highlight: dict[str, set[str]], compounds: bool = False,
                     concepts: list[Concept] | None = None) -> list[Query]:
        """The clauses of one language run: its words, and its words as a phrase; each word a
        concept in ``concepts``."""
        run_number = len({c.run for c in concepts}) if concepts else 0
        if run.lang == "zh":
            tokens = [w.lower() for w, _, _ in query_tokens(run.text)]
            mine = [Concept(t, "zh", run_number) for t in tokens]
            clause = self._clause(TEXT_FIELDS["zh"], tokens, compounds=compounds, concepts=mine)
            highlight["zh"].update(tokens)
        else:
            tokens = english_stems(run.text)
            mine = [Concept(t, "en", run_number) for t in tokens]
            en_clause = self._clause(TEXT_FIELDS["en"], tokens, words=re.findall(r"[a-z0-9]+", run.text.lower()),
                                     concepts=mine)
            raw = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", run.text)]
            # A Latin word in the Chinese fields (AI, 5G) is the same concept as its stem.
            zh_clause = self._clause(TEXT_FIELDS["zh"], raw, concepts=mine)
            clause = Or([c for c in (en_clause, zh_clause) if c is not None])
            highlight["en"].update(tokens)
            highlight["zh"].update(raw)
        if concepts is not None:
            concepts += mine  # (the run's number is how many concepts came before, see plain())
        clauses = [clause] if clause is not None else []
        if run.lang == "en":
            clauses += self._citation_clauses(tokens)
        if 1 < len(tokens) <= MAX_PHRASE_WORDS:
            # The words as a phrase ("green card") outrank the words apart.
            phrases = [Phrase(f, list(tokens), boost=PHRASE_WEIGHT) for f in TEXT_FIELDS[run.lang]
                       if all(self._has(f, t) for t in tokens)]
            if phrases:
                clauses.append(Or(phrases))
        return clauses

    def _citation_clauses(self, tokens: list[str]) -> list[Query]:
        """"Article 3" in a query as a phrase in the title fields, where a numbered unit's
        heading carries it. (A Chinese citation, 第三条, is one word already, rare enough.)"""
        fields = ("title_en",)
        found = []
        for word, number in zip(tokens, tokens[1:]):
            if word in CITATION_WORDS and CITATION_NUMBER_RE.match(number):
                found += [Phrase(f, [word, number], boost=CITATION_WEIGHT) for f in fields
                          if self._has(f, word) and self._has(f, number)]
        return found[:MAX_CITATIONS]

    def _expansion_clauses(self, found: list[dict[str, str]], highlight: dict[str, set[str]],
                           concepts: list[Concept] | None = None) -> list[Query]:
        clauses: list[Query] = []
        by_source: dict[str, list[Query]] = {}
        for exp in found:
            boost = EXPANSION_BOOST[exp["source"]]
            # An expansion is one flat Or of its words: cheap, and it only has to add weight.
            if exp["lang"] == "zh":
                tokens = [w.lower() for w, _, _ in query_tokens(exp["term"])]
            else:
                tokens = english_stems(exp["term"])
            fields = TEXT_FIELDS[exp["lang"]]
            highlight[exp["lang"]].update(tokens)
            terms: list[Query]
            if len(tokens) > 1 and (exp["source"] == "synonym table" or exp.get("phrase")):
                # A reviewed synonym or a gloss the text prints is a term, not its words: "green
                # card" as a phrase, never "green" building.
                terms = [Phrase(f, list(tokens), boost=_boost(f) * boost) for f in fields
                         if all(self._has(f, t) for t in tokens)]
            else:
                # Words in a fifth of all documents say little and cost a lot: they stay out.
                tokens = [t for t in tokens if not self._common(fields, t)]
                terms = [Term(f, t, boost=_boost(f) * boost / max(len(tokens), 1))
                         for t in tokens for f in fields if self._has(f, t)]
            if terms:
                clause = Or(terms)
                clauses.append(clause)
                by_source.setdefault(exp["from"], []).append(clause)
                if concepts is not None:
                    groups = [(t.fieldname, tuple(t.words) if isinstance(t, Phrase) else (t.text,)) for t in terms]
                    for concept in _expanded(concepts, exp["from"]):
                        concept.wider += groups
        if len(by_source) > 1:
            # A document that carries every query word across (Abel → 阿贝尔, Prize → 奖项)
            # beats one that repeats a single word's translation.
            clauses.append(And([Or(list(group)) for group in by_source.values()], boost=2.0))
        return clauses

    def plain(self, text: str, question: bool = False) -> Plan:
        """The query tree for ``text`` read as words (no syntax); a question's Chinese words
        also match the compounds they begin."""
        runs = distinct_runs(text)
        highlight: dict[str, set[str]] = {"zh": set(), "en": set()}
        concepts: list[Concept] = []
        user_clauses = [c for run in runs for c in self._run_clauses(run, highlight, question, concepts)]
        found = expansions(runs, self.dictionary,
                           lambda word: any(self._has(f, word) for f in TEXT_FIELDS["zh"]))
        clauses = user_clauses + self._expansion_clauses(found, highlight, concepts)
        concepts = content_concepts(concepts)
        if not clauses:
            return Plan(None, found, highlight, concepts)
        if len(user_clauses) > 1:
            clauses.append(And(list(user_clauses), boost=2.0))  # every run of the query matched
        return Plan(Or(list(clauses)), found, highlight, concepts)

    def _holding(self, gram: str) -> list[str]:
        """The Chinese index words that hold ``gram`` (块链 → 区块链), shortest first, at most
        :data:`COMPOUNDS`: the vocabulary is read once per planner, only when a query is relaxed."""
        if self._zh_words is None:
            self._zh_words = sorted({w for f in TEXT_FIELDS["zh"] for w in self.lists.expand_prefix(f, "")
                                     if len(w) > 1 and not w.isascii()}, key=lambda w: (len(w), w))
        return [w for w in self._zh_words if gram in w and w != gram][:COMPOUNDS]

    def relaxed(self, text: str, level: str) -> Plan:
        """A wider query tree for ``text`` when its own finds nothing: ``"any-word"``, each of
        its words alone (a Chinese one of two characters or more), with the index words inside
        a Chinese word (个人 and 所得 in an unknown 个人所得) and those it begins; ``"ngrams"``,
        each two consecutive characters of a Chinese run and the index words that hold them. At most :data:`RELAXED_WORDS` index words, so
        the wider query stays within the budget; None when there is nothing to widen to."""
        runs = distinct_runs(text)
        highlight: dict[str, set[str]] = {"zh": set(), "en": set()}
        words: dict[tuple[str, str], float] = {}  # (lang, index word) → its weight

        def add(lang: str, word: str, weight: float = 1.0) -> None:
            if len(words) < RELAXED_WORDS and (lang, word) not in words and \
                    any(self._has(f, word) for f in TEXT_FIELDS[lang]):
                words[(lang, word)] = weight
                highlight[lang].add(word)

        for run in runs:
            if run.lang == "en" and level == "any-word":
                for raw in re.findall(r"[a-z0-9]+", run.text.lower()):
                    stem = english_stems(raw)[0]
                    if stem in STOP_WORDS:
                        continue
                    add("en", stem)
                    for near in self.typos.corrections(stem, raw):
                        add("en", near, TYPO_WEIGHT)
                    add("zh", raw)
            elif run.lang == "zh":
                chars = run.text
                if level == "any-word":
                    for token, _, _ in query_tokens(chars):
                        token = token.lower()
                        if len(token) < 2 and not token.isascii():
                            continue  # one character (的, 和) would match nearly everything
                        add("zh", token)
                        for size in range(len(token) - 1, 1, -1):  # the words inside it
                            for at in range(len(token) - size + 1):
                                add("zh", token[at:at + size], COMPOUND_WEIGHT)
                        for field_name in TEXT_FIELDS["zh"]:
                            for word in self._compounds(field_name, token):
                                add("zh", word, COMPOUND_WEIGHT)
                else:
                    for at in range(len(chars) - 1):
                        gram = chars[at:at + 2]
                        add("zh", gram, COMPOUND_WEIGHT)
                        for word in self._holding(gram):
                            add("zh", word, COMPOUND_WEIGHT * COMPOUND_WEIGHT)
        terms: list[Query] = [Term(f, word, boost=_boost(f) * weight) for (lang, word), weight in words.items()
                              for f in TEXT_FIELDS[lang] if self._has(f, word)]
        if not terms:
            return Plan(None, [], highlight)
        return Plan(Or(terms), [], highlight)
