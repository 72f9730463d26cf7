"""``kb search`` and ``kb eval``: the bilingual search in a terminal, and its relevance cases."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import NotBuiltError
from .common import BoundedInt, as_of_option, data_dir_option, echo_json, load_kb

if TYPE_CHECKING:
    from ..search import Searcher
    from ..store import KnowledgeBase


def _searcher(ctx: click.Context) -> tuple[KnowledgeBase, Searcher]:
    from ..search import searcher_for

    kb = load_kb(ctx.find_root())
    if not (kb.build_dir / "index").is_dir():
        raise click.ClickException(f"the build in {kb.build_dir} has no search index (run `kb build` again)")
    try:
        return kb, searcher_for(kb)
    except NotBuiltError as exc:  # an index this version cannot read: run `kb build`
        raise click.ClickException(exc.explain()) from None


def _terminal_snippet(text: str | None) -> str:
    import html as html_module

    if not text:
        return "—"
    return html_module.unescape(text.replace("<mark>", "[").replace("</mark>", "]"))


@click.command()
@click.argument("query", default="")
@click.option("--kind", type=click.Choice(["occupation", "section", "passage", "term"]), help="Only this kind of hit.")
@click.option("--filter", "filters", multiple=True, metavar="KEY=VALUE",
              help="Narrow by a facet, e.g. city=beijing, min_degree=master (repeatable).")
@click.option("--limit", default=10, show_default=True, type=BoundedInt(1, 100))
@click.option("--json", "as_json", is_flag=True, help="Print the search result contract as JSON.")
@as_of_option
@data_dir_option
@click.pass_context
def search(ctx: click.Context, query: str, kind: str | None, filters: tuple[str, ...], limit: int,
           as_json: bool, as_of: date) -> None:
    """Search occupations and sections (or terms) in English, Chinese or both."""
    from ..search import QueryError
    from ..services.validity import search_notices

    parsed: dict[str, str] = {}
    for item in filters:
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            raise click.ClickException(f"--filter takes KEY=VALUE, e.g. --filter city=beijing (got {item!r})")
        parsed[key.strip()] = value.strip()
    kb, searcher = _searcher(ctx)
    try:
        result = search_notices(searcher.search(query, kind=kind, filters=parsed, limit=limit, as_of=as_of),
                                kb.documents, as_of)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        echo_json(result)
        return
    for line in _notes(kb, result):
        click.echo(line)
    if result["answer"]:
        click.echo("")
        for line in _answer_card(kb, result["answer"], result["validity"]):
            click.echo(line)
        click.echo("")
    click.echo(f"{result['total']} results" + (f", showing {len(result['hits'])}" if result["total"] > len(result["hits"]) else ""))
    for rank, hit in enumerate(result["hits"], 1):
        title = " / ".join(t for t in (hit["title"]["zh"], hit["title"]["en"]) if t)
        click.echo(f"{rank:>3}. [{hit['kind']}] {hit['id']}  {title}")
        if hit["doc"] in result["validity"]:
            click.echo(f"       ! {result['validity'][hit['doc']]['message']['en']}")
        for lang in ("zh", "en"):
            if hit["snippet"].get(lang):
                click.echo(f"       {lang}: {_terminal_snippet(hit['snippet'][lang])}")
    for facet, counts in result["facets"].items():
        if facet != "kind" or len(counts) > 1:
            click.echo(f"  {facet}: " + ", ".join(f"{k} {v}" for k, v in list(counts.items())[:8]))


# What a search did with the query, in the words the web's search page uses.
RELAXED = {"any-word": "Nothing matched the query as typed; these results match some of its words or the "
                       "words inside them.",
           "ngrams": "Nothing matched the query's words; these results share two-character parts of them."}


def _label(kb: KnowledgeBase, vocabulary: str, key: str) -> str:
    """A vocabulary key in words, both languages (``beijing`` → Beijing (北京))."""
    entry = kb.vocabularies.get(vocabulary, {}).get(key) or {}
    en, zh = entry.get("en") or key, entry.get("zh")
    return f"{en} ({zh})" if zh and zh != en else en


def _notes(kb: KnowledgeBase, result: dict[str, Any]) -> list[str]:
    """What was understood of the query and done with it, one line each, above the hits."""
    lines = []
    understood = result.get("understood") or {}
    parts = ["a question"] if understood.get("question") else []
    if understood.get("asks"):
        parts.append(f"asks {understood['asks'].replace('_', ' ')}")
    if understood.get("city"):
        parts.append(f"city {_label(kb, 'cities', understood['city'])}")
    if understood.get("doc") and not understood.get("city"):
        title = (kb.documents.get(understood["doc"]) or {}).get("title") or {}
        parts.append(f"document {title.get('en') or title.get('zh') or understood['doc']}")
    if understood.get("translation"):
        parts.append(f"translation of {understood['translation']}")
    if parts:
        searched = understood.get("content")
        lines.append("Understood: " + " · ".join(parts) + (f"; searched for: {searched}" if searched else ""))
    constraints = understood.get("constraints") or {}
    if constraints:
        within = []
        if "experience_years" in constraints:
            within.append(f"experience at most {constraints['experience_years']['at_most']} years")
        if "min_degree" in constraints:
            held = constraints["min_degree"]["held"]
            degree = (kb.vocabularies.get("degrees", {}).get(held) or {}).get("en") or held
            within.append(f"degree required no higher than {degree}")
        if "city" in constraints:
            city = constraints["city"]["is"]
            label = (kb.vocabularies.get("cities", {}).get(city) or {}).get("en") or city
            within.append(f"the lists of {label}")
        if within:
            lines.append("Filtered (occupations only): " + " · ".join(within))
        if "experience_required" in constraints:
            lines.append(f"Ranked first: occupations that require {constraints['experience_required']['years']} "
                         "years of experience")
        if "experience_order" in constraints:
            lines.append(f"Ranked by the experience required, the {constraints['experience_order']['by']} first")
    if result["converted"]:
        lines.append(f"Converted from traditional Chinese: {result['converted']}")
    if result.get("expansions"):
        lines.append("Also searched: " + ", ".join(f"{e['term']} ({e['source']})"
                                                  for e in result["expansions"]))
    elif result["expanded"]:
        lines.append(f"Also searched: {', '.join(result['expanded'])}")
    if result.get("relaxed") in RELAXED:
        lines.append(RELAXED[result["relaxed"]])
    if result["did_you_mean"]:
        lines.append(f"Did you mean: {result['did_you_mean']}")
    return lines


def _wrapped(text: str, indent: str) -> list[str]:
    """``text`` wrapped to the terminal (at most 100 columns), a Chinese character two columns."""
    import shutil

    import wcwidth

    width = max(40, min(100, shutil.get_terminal_size().columns)) - len(indent)
    return [indent + line for paragraph in text.split("\n") for line in (wcwidth.wrap(paragraph, width) or [""])]


def _answer_card(kb: KnowledgeBase, answer: dict[str, Any], validity: dict[str, Any]) -> list[str]:
    """The answer card: the requirement or passage that answers the question, in both
    languages, its citation and its document's validity; an occupation's in each list."""
    asks = f" ({answer['asks'].replace('_', ' ')})" if answer.get("asks") else ""
    lines = [f"Answer{asks}: {answer['id']}"]
    for lang in ("zh", "en"):
        text = (answer.get("text") or {}).get(lang) or "—"
        if lang == "en" and "text.en" in (answer.get("unofficial") or []):
            text += " [this knowledge base's translation (unofficial)]"
        wrapped = _wrapped(text, "      ")
        lines += [f"  {lang}: {wrapped[0].lstrip()}", *wrapped[1:]]
    lines += [f"  {cite}" for cite in ((answer.get("citation") or {}).get(lang) for lang in ("zh", "en")) if cite]
    if answer.get("doc") in validity:
        lines.append(f"  ! {validity[answer['doc']]['message']['en']}")
    per_list = answer.get("per_list") or []
    if len(per_list) > 1:
        lines.append("  In each list:")
        for entry in per_list:
            flag = " [unofficial]" if "text.en" in (entry.get("unofficial") or []) else ""
            status = f"  ! {validity[entry['doc']]['label']['en']}" if entry.get("doc") in validity else ""
            lines.append(f"    {_label(kb, 'lists', entry['list'])}, {entry['id']}: "
                         f"{entry['text'].get('zh') or '—'} / {entry['text'].get('en') or '—'}{flag}{status}")
    return lines


CASE_FILE_HINT = ('{"cases": [{"q": "actuarial", "kind": "occupation", "expect_first": "qh-s02"}, ...]} '
                  "(README, `kb eval`)")


@click.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
@click.pass_context
def eval_command(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Run relevance cases (JSON) and report recall@10, MRR and every failing case.

    FILE is {"cases": [{"q": ..., "kind": ..., "expect_first" | "expect_all" | "expect_text": ...}]}."""
    from ..search.evaluate import CaseFileError, load_cases, run_eval

    try:
        cases = load_cases(file)  # before the index is opened: a bad file fails at once
        kb, searcher = _searcher(ctx)
        report = run_eval(kb, searcher, file, cases)
    except CaseFileError as exc:
        raise click.ClickException(f"{exc}\n  a case file is {CASE_FILE_HINT}") from None
    if as_json:
        echo_json(report)
    else:
        for failure in report["failures"]:
            case = failure["case"]
            click.echo(f"FAIL {case['q']!r} ({case.get('kind')}): missing {'; '.join(failure['missing'])}; "
                       f"top: {', '.join(failure['top'])}")
        click.echo(f"{report['passed']} of {report['cases']} cases passed")
        click.echo(f"recall@10 {report['recall_at_10']:.3f}   MRR {report['mrr']:.3f}")
    if report["failures"]:
        sys.exit(1)
