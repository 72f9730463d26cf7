"""The searcher: one build's index, dictionary and records, answering search requests.

:class:`Searcher` composes the steps of a search. Understanding the query
(:mod:`.query`): normalise and convert it, and, when it uses syntax, parse it
(syntax that is invalid or finds nothing is searched as plain words);
otherwise plan it from its language runs, expansions and typo corrections.
Executing it (:mod:`.execution`): the matches and BM25F scores, the kind and
filters as a mask, the top hits and the facet counts over every match.
Presenting them (:mod:`.hits`): each hit with its snippets and highlights.
Only an empty query lists everything the filters allow.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import numpy as np

from whoosh.query import Every, Query

from ..errors import QueryError, QueryTooComplex
from ..reading.validity import STATUSES
from ..reading.validity import statuses as statuses_on
from ..store import KnowledgeBase
from .analysis import SEGMENTER, configure, open_index
from .contexts import CONTEXTS_FILE, Contexts, read_contexts
from .execution.facets import FacetTable
from .execution.relevance import CONFIDENT, Relevance, coordinate
from .execution.scoring import Matches, PostingsScorer, top
from .execution.table import TABLE_DIR, PostingTable
from .hits.answer import answer_card
from .hits.builder import HitBuilder
from .indexing import FACETS
from .query.constraints import Constraints
from .query.plan import RELAXATIONS, Plan, QueryPlanner
from .query.prepare import SYNTAX_RE, normalise_query, strip_syntax, to_simplified
from .query.question import Understanding, places_of, understand
from .query.budget import check_work
from .query.syntax import SyntaxParser
from .query.typos import Typos

MAX_LIMIT = 100
# The facets a search reports and filters on: the indexed ones, and each hit's document's
# validity status on the as-of day (computed per request, never indexed).
FILTER_KEYS = (*FACETS, "status")
KINDS = ("occupation", "section", "passage", "term")
# A document in the city (or the document) a question names scores this much more: a boost,
# never a filter.
CITY_BOOST = 3.0
DOC_BOOST = 1.3
# A passage answering a question outranks the section that holds it by this factor.
PASSAGE_BOOST = 1.2
# The occupation a question names by its exact title ("blockchain engineer", 精算师).
TITLE_BOOST = 1.5
# The occupations stating the years of experience a question asks about ("requires 10 years").
REQUIRED_YEARS_BOOST = 2.0


class Searcher:
    """Answers search requests against one build (index, dictionary and knowledge base)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        build = kb.build_dir
        configure(build / "userdict.txt", build.parent.parent / "cache", build / SEGMENTER)
        self.ix = open_index(build / "index")
        self.searcher = self.ix.searcher()
        self.scorer = PostingsScorer(self.searcher, PostingTable(build / TABLE_DIR))
        self.facets = FacetTable(self.searcher.reader())
        with (build / "dictionary.json").open(encoding="utf-8") as fh:
            self.dictionary = json.load(fh)
        self.typos = Typos(self.dictionary.get("en_words", {}))
        self.planner = QueryPlanner(self.scorer.lists, self.scorer.size, self.dictionary, self.typos)
        self.syntax = SyntaxParser(self.ix.schema, self.scorer.lists)
        self.hits = HitBuilder(kb, self.dictionary.get("en_words", {}))
        self.titles = {t.lower(): r["id"] for r in kb.records for t in r["title"].values() if t}
        self.places = places_of(kb.vocabularies)
        # The context words of every section and document title, as the build wrote them.
        self._chains = read_contexts(build / CONTEXTS_FILE)
        self._computed: Contexts | None = None
        self._doc_contexts: dict[int, frozenset[str]] = {}  # by document number: the index's, fixed

    def close(self) -> None:
        self.searcher.close()

    def plain_query(self, text: str) -> Plan:
        """``text`` read as words: the query tree, its expansions and the words to highlight."""
        return self.planner.plain(text)

    def syntax_query(self, text: str) -> Query | None:
        """``text`` read as query syntax, patterns bounded; None when it is not valid syntax.
        :class:`~kb.errors.QueryTooComplex` when it asks for more than the budget allows."""
        return self.syntax.parse(text)

    def _run(self, query: Query, budget: bool) -> Matches:
        """The matches of ``query``, once its work is known to be within the budget (when
        ``budget``)."""
        if budget:
            work = self.scorer.work(query)
            check_work(work.terms, work.postings, self.scorer.lists.total_postings)
        return self.scorer.run(query)

    def search(self, query: str, kind: str | None = None, filters: dict[str, str] | None = None,
               limit: int = 10, as_of: date | None = None, budget: bool = True) -> dict[str, Any]:
        """The hits for ``query`` and the facet counts over every match; ``status`` is judged on
        ``as_of`` (today by default). A query over the budget (:mod:`.query.budget`) is
        :class:`~kb.errors.QueryTooComplex`; ``budget=False`` is for the knowledge base's own
        queries (a record's related occupations), never for what a person typed."""
        filters = dict(filters or {})
        self._check(kind, filters, limit)
        self._check_values(filters)
        as_of = as_of or date.today()
        statuses = self.kb.memo(("statuses", as_of), lambda: statuses_on(self.kb.documents, as_of))
        status = filters.pop("status", None)
        original = normalise_query(query)
        text = to_simplified(original)
        converted = text if text != original else None
        question = understand(text, self.places)
        if question.question or question.city or question.asks:
            # A question's content words are searched; its question words and place are not.
            text = question.content
        words = strip_syntax(text)
        plan, matches = self._understand(text, words, question.question, budget)
        # A question that names only a city or what the asker holds lists what those allow:
        # occupations, which are what a city's lists and a degree or years rule in or out.
        listing = not text and bool(question.city or question.constraints)
        kinds = ["occupation"] if listing and kind is None else self._kinds(kind, question)
        allowed = self.facets.allowed(kinds, filters)
        if question.constraints:
            allowed = allowed & self._within(question.constraints)
        in_city = self._in_city(question.city) if question.city else None
        if in_city is not None:
            allowed = allowed & in_city
        if status is not None:
            allowed = allowed & self.facets.status_allowed(statuses, status)
        relaxed = None
        if plan.query is None and words:
            # No word of the query is in the index: relaxed at once (any word, character pairs).
            wider = self._relaxed(words, question, allowed, budget)
            if wider is not None:
                relaxed, plan, matches = wider
        if plan.query is None:
            # Only an empty query lists everything (that the filters allow); text with nothing
            # searchable in it (punctuation, emoji, a bare wildcard) finds nothing.
            if not listing and (text or (not filters and status is None and kind is None)):
                return self._empty(original, converted)
            plan.query = Every()
        if matches is None:
            matches = self._run(plan.query, budget)
        relevance = Relevance(self.scorer, plan.concepts, self._context)
        coverage = relevance.coverage(matches)
        if coverage is not None and relaxed is None and not isinstance(plan.query, Every):
            # Weighed by how much of the question each match holds, and how closely.
            matches = Matches(matches.mask, matches.scores * coordinate(coverage)
                              * relevance.proximity(matches, allowed))
        if relaxed is None and (question.question or question.city or question.asks or question.constraints):
            matches = self._boost(matches, question)
        chosen, matched = top(matches, allowed, limit)
        if not len(matched) and words and relaxed is None and not isinstance(plan.query, Every):
            # Nothing found: any of the words, then Chinese character pairs, and the result says so.
            wider = self._relaxed(words, question, allowed, budget)
            if wider is not None:
                relaxed, wide_plan, matches = wider
                plan.highlight = {lang: plan.highlight[lang] | wide_plan.highlight[lang] for lang in ("zh", "en")}
                chosen, matched = top(matches, allowed, limit)
        marks = self.hits.marks(plan.highlight)
        hits = [self.hits.hit(self.facets.value("id", d), self.facets.value("kind", d),
                              float(matches.scores[d]), marks)
                for d in chosen]
        for hit, d in zip(hits, chosen):
            if hit["doc"] in statuses:
                hit["status"] = statuses[hit["doc"]]
            hit["confidence"] = round(float(coverage[d]), 2) if coverage is not None else 1.0
        understood = question.as_dict()
        if in_city is not None:
            understood.setdefault("constraints", {})["city"] = {"is": question.city}
        # Nothing answers when the best match holds too little of the question's content.
        unsure = not hits or hits[0]["confidence"] < CONFIDENT
        return {
            "query": query,
            "total": int(len(matched)),
            "hits": hits,
            "facets": self.facets.counts(matched, statuses),
            "expanded": [e["term"] for e in plan.expansions],
            "expansions": plan.expansions,
            "did_you_mean": self.typos.did_you_mean(words, self.dictionary["en_to_zh"]) if words else None,
            "converted": converted,
            "relaxed": relaxed,
            "understood": understood,
            "no_confident_match": unsure,
            # A list of what the question allows is no one answer.
            "answer": None if unsure or listing else answer_card(self.kb, understood, hits, self.hits.passage_texts,
                                                                 statuses),
        }

    def _relaxed(self, words: str, question: Understanding, allowed: np.ndarray,
                 budget: bool) -> tuple[str, Plan, Matches] | None:
        """The first relaxation (:data:`~.query.plan.RELAXATIONS`) of ``words`` that finds a hit
        ``allowed`` permits: its name, plan and (boosted) matches; None when none does. A wider
        query over the budget is not run (the user did not ask for it)."""
        for level in RELAXATIONS:
            wider = self.planner.relaxed(words, level)
            if wider.query is None:
                continue
            try:
                found = self._run(wider.query, budget)
            except QueryTooComplex:
                continue
            if question.question or question.city:
                found = self._boost(found, question)
            if (found.mask & allowed).any():
                return level, wider, found
        return None

    @staticmethod
    def _kinds(kind: str | None, question: Understanding) -> list[str]:
        """The kinds searched: as asked (sections, for a question, with their paragraphs);
        else a translation request looks in the term base,
        a question also finds passages (the paragraph that answers it), other queries find
        occupations and sections."""
        if kind == "section" and question.question:
            return ["section", "passage"]  # a section's paragraphs are parts of it
        if kind:
            return [kind]
        if question.translation:
            return ["term"]
        return ["occupation", "section", "passage"] if question.question else ["occupation", "section"]

    def _boost(self, matches: Matches, question: Understanding) -> Matches:
        """Scores raised for the city and document a question names, the occupation it names
        by its title, and for passages."""
        factor = np.ones(len(matches.scores))
        named = self.titles.get(question.content.lower()) if question.question else None
        years = question.constraints.experience_required
        if years is not None:
            codes, values = self.facets.values()["experience_years"]
            if str(years) in values:
                factor[codes == values.index(str(years))] *= REQUIRED_YEARS_BOOST
        order = question.constraints.experience_order
        if order is not None:
            # Ranked by the years each occupation states, most first or least first; an
            # occupation stating none, and what is no occupation, keep their score (factor 1,
            # the lowest either way).
            codes, values = self.facets.values()["experience_years"]
            years = np.array([float(v) if v.isdigit() else np.nan for v in values] or [np.nan])[codes]
            most = float(np.nanmax(years)) if np.isfinite(years).any() else 0.0
            if order == "most":
                factor *= 1 + np.nan_to_num(years, nan=0.0)
            else:
                factor *= (1 + most) / (1 + np.nan_to_num(years, nan=most))
        for facet, value, boost in (("city", question.city, CITY_BOOST), ("doc", question.doc, DOC_BOOST),
                                    ("kind", "passage", PASSAGE_BOOST), ("id", named, TITLE_BOOST)):
            codes, values = self.facets.values()[facet]
            if value and value in values:
                factor[codes == values.index(value)] *= boost
        return Matches(matches.mask, matches.scores * factor)

    def _within(self, constraints: Constraints) -> np.ndarray:
        """Documents an asker with these constraints is not ruled out of: every non-occupation,
        and the occupations asking no more experience and no higher degree than stated (one
        whose requirement is not stated stays)."""
        kind_codes, kinds = self.facets.values()["kind"]
        keep = kind_codes != (kinds.index("occupation") if "occupation" in kinds else -1)
        fits = np.ones(len(kind_codes), dtype=bool)
        if constraints.experience_max is not None:
            codes, values = self.facets.values()["experience_years"]
            too_many = [i for i, v in enumerate(values) if v.isdigit() and int(v) > constraints.experience_max]
            fits &= ~np.isin(codes, too_many)
        if constraints.degree_held is not None:
            order = list((self.kb.vocabularies.get("degrees") or {}).keys())
            if constraints.degree_held in order:
                held = order.index(constraints.degree_held)
                codes, values = self.facets.values()["min_degree"]
                higher = [i for i, v in enumerate(values) if v in order and order.index(v) > held]
                fits &= ~np.isin(codes, higher)
        return keep | fits

    def _context(self, docnum: int) -> frozenset[str]:
        """The index words of a section's or passage's context: its document's title and the
        headings enclosing it, in both languages (an occupation has none: its list's title is
        every record's alike)."""
        known = self._doc_contexts.get(docnum)
        if known is None:
            if self.facets.value("kind", docnum) not in ("section", "passage"):
                known = frozenset()
            else:
                item = self.kb.get(self.facets.value("id", docnum))
                # A passage's context starts at its section, a section's at its parent.
                known = self._section_context(item.get("section") or item.get("parent"), item["doc"])
            if len(self._doc_contexts) > 100_000:  # bounded, whatever the corpus
                self._doc_contexts.clear()
            self._doc_contexts[docnum] = known
        return known

    def _section_context(self, section_id: str | None, doc: str) -> frozenset[str]:
        known = self._chains.get(section_id or f"{doc}:")
        if known is None:
            # Not in the build's contexts.json (it holds every section and document): computed.
            if self._computed is None:
                self._computed = Contexts({s["id"]: s for s in self.kb.sections}, self.kb.documents)
            known = self._computed.chain(section_id, doc)
        return known

    def _in_city(self, city: str) -> np.ndarray | None:
        """Documents a question naming ``city`` is answered from: every non-occupation, and the
        occupations of that city's lists (an occupation of another city's list does not answer
        "… in Qianhai"); None when the city has no occupation list (nothing to filter)."""
        kind_codes, kinds = self.facets.values()["kind"]
        codes, values = self.facets.values()["city"]
        if "occupation" not in kinds or city not in values:
            return None
        occupations = kind_codes == kinds.index("occupation")
        if not (occupations & (codes == values.index(city))).any():
            return None
        return ~occupations | (codes == values.index(city))

    @staticmethod
    def _check(kind: str | None, filters: dict[str, str], limit: int) -> None:
        if kind is not None and kind not in KINDS:
            raise QueryError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        unknown = [k for k in filters if k not in FILTER_KEYS]
        if unknown:
            raise QueryError(f"unknown filter {unknown[0]!r}; filters are {', '.join(FILTER_KEYS)}")
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")

    def _check_values(self, filters: dict[str, str]) -> None:
        """A filter value that no item of the build has (``city=Beijing``, ``doc=nosuchdoc``) is
        an error naming the filter and its values, not a search that finds nothing."""
        if not filters:
            return
        table = self.facets.values()
        for key, value in filters.items():
            known = STATUSES if key == "status" else [v for v in table[key][1] if v]
            if value not in known:
                shown = ", ".join(sorted(known, key=lambda v: (len(v), v) if v.isdigit() else (0, v)))
                raise QueryError(f"filter {key!r}: no item has the value {value!r}; {key} is one of {shown}")

    def _understand(self, text: str, words: str, question: bool = False,
                    budget: bool = True) -> tuple[Plan, Matches | None]:
        """The query to run (with its expansions and highlights) and, for syntax, its matches.

        Syntax is honoured when it parses and finds something; its expansions and highlights
        come from its words. Otherwise the words are searched as words."""
        if text and SYNTAX_RE.search(text):
            parsed = self.syntax.parse(text, budget)
            if parsed is not None:
                matches = self._run(parsed, budget)
                if matches.mask.any():
                    plan = self.planner.plain(words)
                    return Plan(parsed, plan.expansions, plan.highlight, plan.concepts), matches
        if words:
            return self.planner.plain(words, question), None
        return Plan(None), None

    @staticmethod
    def _empty(query: str, converted: str | None) -> dict[str, Any]:
        return {"query": query, "total": 0, "hits": [], "facets": {}, "expanded": [], "expansions": [],
                "did_you_mean": None, "converted": converted, "relaxed": None, "understood": None,
                "no_confident_match": bool(query.strip()), "answer": None}


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
