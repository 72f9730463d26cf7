"""The query budget (issue 19, item 3): how much work one search may ask for.

The probe's reproducer -- 256 characters of prefixes OR'ed and NOT'ed, 80-130 ms a search --
is refused; so is every query one step beyond each limit, while the query just within it is
answered. Refusals are a 400 in the error shape naming ``q`` (the search page says the same),
and an error from ``kb search``. What the limits cost is measured by bench/budget.py, not
here. NOT and the other operators now run on the posting arrays: they must find what
Whoosh's own matchers find, with the same scores; patterns expanded from the posting table
must stand for the words Whoosh's own expansion finds.
"""

from __future__ import annotations

import json
import time
import bisect
import itertools
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from whoosh.query import Prefix, TermRange, Wildcard

from kb.cli import main
from kb.errors import QueryTooComplex
from kb.search import Searcher, searcher_for
from kb.search.query.budget import (MAX_CLAUSES, MAX_NOTS, MAX_PATTERN_WORDS, MAX_POSTINGS_SHARE,
                                    MAX_TERMS)
from kb.search.query.prepare import MAX_QUERY_CHARS
from kb.store import KnowledgeBase
from web import SECURITY_HEADERS, create_app

# Common English words of the corpus (each in many documents), none a city or a question word.
WORDS = ["talent", "work", "experience", "industry", "development", "research", "management", "technology",
         "service", "international", "market", "policy", "engineer", "design", "finance", "system", "data",
         "software", "professional", "knowledge", "skills", "project", "business", "science"]
PROBE = " OR ".join(["ab*"] * 28)[:140] + " " + " ".join(
    f"NOT {''.join(p)}*" for p in itertools.product("abcdefghijklmnopqrstuvwxyz", repeat=2))
PROBE = PROBE[:MAX_QUERY_CHARS]


@pytest.fixture(scope="module")
def searcher(kb: KnowledgeBase) -> Searcher:
    return searcher_for(kb)


@pytest.fixture(scope="module")
def client(built: Path):
    return create_app({"TESTING": True, "KB_DATA_DIR": str(built)}).test_client()


def refusal(searcher: Searcher, query: str) -> str:
    with pytest.raises(QueryTooComplex) as caught:
        searcher.search(query)
    return str(caught.value)


def work(searcher: Searcher, text: str):
    return searcher.scorer.work(searcher.plain_query(text).query)


def grow(searcher: Searcher, words: list[str], over) -> tuple[str, str]:
    """The longest run of ``words`` whose planned work is within ``over``, and that run with
    the next word (whose work is not)."""
    chosen: list[str] = []
    for word in words:
        if over(work(searcher, " ".join([*chosen, word]))):
            return " ".join(chosen), " ".join([*chosen, word])
        chosen.append(word)
    raise AssertionError("the words never reach the limit")


def chinese_words(searcher: Searcher, key) -> list[str]:
    """Chinese index words, sorted by ``key``."""
    table = searcher.scorer.lists.table
    return sorted({w for w in table.words("body_zh") if "\u4e00" <= w[0] <= "\u9fff" and len(w) > 1}, key=key)


def title_words(searcher: Searcher) -> list[str]:
    return [w for w in searcher.scorer.lists.table.words("title_en") if w.isalpha()]


# -- each limit's boundary, through the library -------------------------------------------------

def test_the_probes_query_is_refused(searcher: Searcher) -> None:
    assert len(PROBE) == MAX_QUERY_CHARS
    nots = len(re.findall(r"\bNOT\b", PROBE))
    assert nots > MAX_NOTS
    assert refusal(searcher, PROBE).startswith(f"the query is too complex to search: it has {nots} NOT terms "
                                               f"(at most {MAX_NOTS}); leave some out")


def test_clauses(searcher: Searcher) -> None:
    within = " OR ".join(WORDS[:MAX_CLAUSES])
    assert searcher.search(within)["total"] > 0
    message = refusal(searcher, " OR ".join(WORDS[:MAX_CLAUSES + 1]))
    assert message.startswith(f"the query is too complex to search: it has {MAX_CLAUSES + 1} words, phrases or "
                              f"patterns with query syntax (at most {MAX_CLAUSES}); search fewer at once")
    # Quoted phrases, field:value terms and ranges are clauses too; operators and brackets are not.
    assert refusal(searcher, " OR ".join(f'"{a} {b}"' for a, b in zip(WORDS, WORDS[1:MAX_CLAUSES + 2])))
    assert searcher.search("(" + " AND ".join(f"title:{w}" for w in WORDS[:MAX_CLAUSES]) + ")") is not None
    # The same words without syntax are plain words, under the plain budget.
    assert searcher.search(" ".join(WORDS[:MAX_CLAUSES + 1]))["total"] > 0


def test_not_terms(searcher: Searcher) -> None:
    within = "engineer " + " ".join(f"NOT {w}" for w in WORDS[1:MAX_NOTS + 1])
    assert searcher.search(within)["total"] > 0
    assert refusal(searcher, within + " ANDNOT blockchain").startswith(
        f"the query is too complex to search: it has {MAX_NOTS + 1} NOT terms (at most {MAX_NOTS})")


def test_pattern_words_in_total(searcher: Searcher) -> None:
    """A range of the English titles' words stands for exactly the words between its ends."""
    words = title_words(searcher)
    assert len(words) > MAX_PATTERN_WORDS + 1
    within = f"title_en:[{words[0]} TO {words[MAX_PATTERN_WORDS - 1]}]"
    assert len(list(searcher.syntax_query(within).leaves())) == MAX_PATTERN_WORDS
    assert searcher.search(within)["total"] > 0
    beyond = f"title_en:[{words[0]} TO {words[MAX_PATTERN_WORDS]}]"
    assert refusal(searcher, beyond).startswith(
        f"the query is too complex to search: its wildcards, prefixes or ranges stand for more than "
        f"{MAX_PATTERN_WORDS} index words; make them longer")
    # All of a query's patterns count together, not each one on its own.
    half = MAX_PATTERN_WORDS // 2
    two = (f"title_en:[{words[0]} TO {words[half - 1]}] OR "
           f"title_en:[{words[half]} TO {words[MAX_PATTERN_WORDS]}]")
    assert refusal(searcher, two).startswith("the query is too complex to search: its wildcards")


def test_index_words(searcher: Searcher) -> None:
    # Words that stand for the most index words per character first (each in several fields,
    # with expansions into English), so the limit is reached within the 256 characters: plain
    # English reaches it only beyond them.
    words = chinese_words(searcher, lambda w: (-work(searcher, w).terms / (len(w) + 1), w))
    within, beyond = grow(searcher, words, lambda w: w.terms > MAX_TERMS)
    assert len(beyond) <= MAX_QUERY_CHARS
    assert searcher.search(within) is not None
    assert refusal(searcher, beyond).startswith(
        f"the query is too long to search: it stands for {work(searcher, beyond).terms} index words in all "
        f"fields (at most {MAX_TERMS}); use fewer words")


def test_postings_relative_to_the_index(searcher: Searcher) -> None:
    """Phrases with slop are run by Whoosh's matcher, a posting at a time: their postings weigh
    most, and reach the limit first (plain words reach the 256 characters first)."""
    allowed = int(MAX_POSTINGS_SHARE * searcher.scorer.lists.total_postings)
    stems, lists = searcher.dictionary["en_words"], searcher.scorer.lists
    english = sorted({w for w in stems if w.isalpha() and len(w) > 3},
                     key=lambda w: (sum(lists.doc_frequency(f, stems[w]) for f in ("title_en", "req_en", "body_en")), w))
    pairs = [f'"{a} {b}"~2' for a, b in zip(english[::2], english[1::2])]

    def postings(query: str) -> int:
        return searcher.scorer.work(searcher.syntax_query(query)).postings

    def terms(query: str) -> int:
        return searcher.scorer.work(searcher.syntax_query(query)).terms

    # As many of the rarest pairs as leave room for one more within the index words; then the
    # first pair (rarest first) whose postings cross the limit is the boundary.
    n = next(n for n in range(MAX_CLAUSES - 1, 0, -1) if terms(" OR ".join(pairs[:n + 1])) <= MAX_TERMS)
    within = " OR ".join(pairs[:n])
    assert postings(within) <= allowed
    rest = pairs[n:]  # rarest first, so whether one crosses the limit rises with its place
    first = bisect.bisect_left(range(len(rest)), True, key=lambda i: postings(f"{within} OR {rest[i]}") > allowed)
    assert 0 < first < len(rest)
    assert postings(f"{within} OR {rest[first - 1]}") <= allowed and searcher.search(f"{within} OR {rest[first - 1]}")
    beyond = f"{within} OR {rest[first]}"
    assert terms(beyond) <= MAX_TERMS  # over the postings only
    assert searcher.search(within) is not None
    assert refusal(searcher, beyond).startswith(
        f"the query is too broad to search: its words are found in {postings(beyond):,} places in the index "
        f"(at most {allowed:,}); use fewer or rarer words")


def test_normal_queries_are_within_the_budget(searcher: Searcher) -> None:
    """Every relevance and question case's query is well within it (related occupations no
    longer search: they compare the records' title words)."""
    import json

    cases = [c for name in ("public_eval", "eval_cases", "questions", "question_cases")
             for c in json.loads((Path(__file__).parent / "data" / f"{name}.json").read_text("utf-8"))["cases"]]
    for case in cases:
        searcher.search(case["q"], kind=case.get("kind"), filters=case.get("filters"))


# -- the refusal through the web and the CLI ----------------------------------------------------

BEYOND = " OR ".join(WORDS[:MAX_CLAUSES + 1])
WITHIN = " OR ".join(WORDS[:MAX_CLAUSES])


def assert_headers(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, name


@pytest.mark.parametrize("query", [BEYOND, PROBE])
def test_api_search_refuses_with_a_400_naming_q(client, query: str) -> None:
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code == 400
    assert_headers(response)
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 400
    assert re.match(r"q is too complex to search: it has \d+ (NOT terms|words, phrases or patterns)", body["error"])


def test_api_search_answers_the_query_within(client) -> None:
    response = client.get("/api/search", query_string={"q": WITHIN})
    assert response.status_code == 200 and response.get_json()["total"] > 0


def test_the_search_page_says_the_same(client) -> None:
    response = client.get("/", query_string={"q": BEYOND})
    assert response.status_code == 400
    assert_headers(response)
    message = re.search(r'<p class="message">(.*?)</p>', response.get_data(as_text=True), re.S).group(1)
    assert message.startswith(f"q is too complex to search: it has {MAX_CLAUSES + 1} words, phrases or patterns")
    assert client.get("/", query_string={"q": WITHIN}).status_code == 200


def test_the_eligibility_check_names_its_keywords(client) -> None:
    response = client.get("/api/check-eligibility", query_string={"degree": "master", "years": "3",
                                                                 "keywords": BEYOND})
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("keywords is too complex to search")


def test_kb_search_refuses_with_a_clear_error(built: Path) -> None:
    result = CliRunner().invoke(main, ["--data-dir", str(built), "search", BEYOND])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.startswith(f"Error: the query is too complex to search: it has {MAX_CLAUSES + 1} words")
    within = CliRunner().invoke(main, ["--data-dir", str(built), "search", WITHIN])
    assert within.exit_code == 0 and "results" in within.output


# -- what now runs on the posting arrays agrees with Whoosh ------------------------------------

@pytest.mark.parametrize("query", [
    "engineer NOT blockchain", "engineer AND NOT blockchain", "NOT blockchain", "engin* NOT manag*",
    "engineer ANDNOT blockchain", "engineer ANDMAYBE blockchain", "engineer REQUIRE blockchain",
    "(data OR finance) ANDNOT (risk AND NOT market)", "NOT (engineer OR manager) AND 人才",
    'title:engineer ANDMAYBE 区块链', '"data engineer"~2 NOT software', "人工智能 NOT 工程师"])
def test_operators_agree_with_whoosh(searcher: Searcher, query: str) -> None:
    q = searcher.syntax_query(query)
    ours = searcher.scorer.run(q)
    theirs = {hit.docnum: hit.score for hit in searcher.searcher.search(q, limit=None)}
    assert theirs and set(np.flatnonzero(ours.mask).tolist()) == set(theirs)
    for docnum, score in theirs.items():
        assert ours.scores[docnum] == pytest.approx(score, rel=1e-6)


@pytest.mark.parametrize("pattern", [
    Prefix("body_en", "manag"), Prefix("title_en", "c"), Prefix("body_zh", "人才"), Prefix("req_zh", "a"),
    Wildcard("body_en", "co*n"), Wildcard("title_en", "en?in*"), Wildcard("body_zh", "人才*库"),
    TermRange("title_en", "data", "design", False, False), TermRange("body_en", "ab", "ac", True, True),
    TermRange("body_zh", None, "人", False, False), TermRange("req_en", "x", None, False, False)])
def test_patterns_expanded_from_the_table_are_whooshs_words(searcher: Searcher, pattern) -> None:
    ours = list(searcher.syntax._words(pattern))
    theirs = [w.decode("utf-8") for w in pattern._btexts(searcher.searcher.reader())]
    assert ours and ours == theirs


# -- the costly lane of kb serve (kb.serving.OneAtATime) -----------------------------------------

def test_costly_marks_syntax_and_length_but_no_normal_query() -> None:
    import sys as _sys

    from kb.search.query.budget import COSTLY_CHARS, costly

    _sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from search import query_mix

    cases = []
    for name in ("question_cases.json", "eval_cases.json", "public_eval.json", "questions.json"):
        data = json.loads((Path(__file__).parent / "data" / name).read_text(encoding="utf-8"))
        cases += [case["q"] for case in (data["cases"] if isinstance(data, dict) else data)]
    normal = cases + [q["q"] for q in query_mix(200)]
    assert not [q for q in normal if costly(q)]
    for text in ("ab* OR cd*", "engineer NOT finance", '"data engineer"', "title:engineer", "eng?neer",
                 "x" * (COSTLY_CHARS + 1)):
        assert costly(text), text
    assert not costly("What degree do I need to be an actuary in Qianhai?")


def test_costly_searches_wait_in_their_own_lane_and_the_surplus_is_429() -> None:
    import threading

    from kb import serving
    from web import SECURITY_HEADERS

    release = threading.Event()
    inside: list[str] = []

    def app(environ: dict, start_response) -> list[bytes]:
        inside.append(environ["QUERY_STRING"])
        release.wait(10)
        start_response("200 OK", [])
        return [b"ok"]

    front = serving.OneAtATime(app)  # type: ignore[arg-type]
    answers: list[tuple[str, dict]] = []

    def call(query: str) -> None:
        got: dict = {}
        front({"QUERY_STRING": query}, lambda status, headers: got.update(status=status, headers=dict(headers)))
        answers.append((query, got))

    costly = [threading.Thread(target=call, args=(f"q=ab%2A+OR+cd%2A&n={i}",)) for i in range(serving.COSTLY_WAITING + 1)]
    for thread in costly:
        thread.start()
    time.sleep(0.3)
    assert len(inside) == 1  # one costly search in the app; the others wait for the lane
    call("q=ab%2A+OR+ef%2A&n=surplus")  # one more than may wait: answered at once
    (query, refused), = answers
    assert query.endswith("surplus") and refused["status"].startswith("429")
    assert refused["headers"]["Retry-After"] == "1"
    assert all(refused["headers"][name] == value for name, value in SECURITY_HEADERS.items())
    normal = threading.Thread(target=call, args=("q=blockchain+engineer",))
    normal.start()
    time.sleep(0.1)
    release.set()
    for thread in [*costly, normal]:
        thread.join(10)
    assert sorted(got["status"] for _query, got in answers) == ["200 OK"] * (serving.COSTLY_WAITING + 2) + [
        "429 Too Many Requests"]
