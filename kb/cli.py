"""The ``kb`` command line: build, show, check, stats and export.

A thin caller of the library: every command loads the built knowledge base
(or builds it) through :mod:`kb`, and every failure is a
:class:`click.ClickException` that says what went wrong and what to do.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path
from typing import Any

import click

from .build import build as build_kb
from .check import GROUPS, run_check
from .errors import CorpusError, NotBuiltError, UnknownItemError
from .export import export_csv, export_jsonl
from .parsers import PARSERS
from .stats import FACETS, compare_stated, compute_stats
from .store import DEFAULT_DATA_DIR, KnowledgeBase
from .tbx import export_terms_csv, export_tbx
from .terms import lookup as term_lookup
from .terms_report import consistency_report

DEGREE_NAMES = {"bachelor": "bachelor's", "master": "master's", "doctor": "doctorate"}


def _echo_json(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _load(ctx: click.Context) -> KnowledgeBase:
    try:
        return KnowledgeBase.load(ctx.obj["data_dir"])
    except NotBuiltError as exc:
        raise click.ClickException(f"{exc}") from None
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"the build in {ctx.obj['data_dir']} cannot be read ({exc}); "
                                   f"run `kb build` again") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data-dir", envvar="KB_DATA_DIR", default=DEFAULT_DATA_DIR, show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Where builds are written and read (env KB_DATA_DIR).")
@click.version_option(package_name="policy-kb", prog_name="kb")
@click.pass_context
def main(ctx: click.Context, data_dir: Path) -> None:
    """Bilingual knowledge base of China's foreign-talent policy."""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir


@main.command()
@click.option("--corpus", "corpus_dir", envvar="KB_CORPUS_DIR", default="corpus", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The corpus folder (env KB_CORPUS_DIR).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def build(ctx: click.Context, corpus_dir: Path, as_json: bool) -> None:
    """Parse the corpus and write a new build (the previous one stays until this succeeds)."""
    if not (corpus_dir / "manifest.toml").is_file():
        raise click.ClickException(f"no corpus at {corpus_dir} (expected {corpus_dir / 'manifest.toml'}; "
                                   f"use --corpus or run from the project folder)")
    try:
        path, summary = build_kb(corpus_dir, ctx.obj["data_dir"])
    except CorpusError as exc:
        raise click.ClickException(f"build failed, previous build kept.\n  {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"build failed, previous build kept: cannot write {exc.filename}: "
                                   f"{exc.strerror}") from None
    if as_json:
        _echo_json({"build": str(path), **summary})
        return
    sections = ", ".join(f"{n} {lang}" for lang, n in summary["sections"].items())
    lists = ", ".join(f"{n} {name}" for name, n in summary["records_by_list"].items())
    notes = ", ".join(f"{n} {kind}" for kind, n in summary["notes"].items()) or "none"
    term_pairs = ", ".join(f"{n} {kind}" for kind, n in summary["term_pairs"].items()) or "none"
    click.echo(f"Built {path}")
    click.echo(f"  documents      {summary['documents']}")
    click.echo(f"  sections       {sections}")
    click.echo(f"  records        {summary['records']} ({lists})")
    click.echo(f"  aligned pairs  {summary['aligned_pairs']} (Chinese sections with an English counterpart)")
    click.echo(f"  notes          {notes}")
    click.echo(f"  term pairs     {sum(summary['term_pairs'].values())} ({term_pairs})")
    click.echo("Run `kb check` to read the notes, `kb stats` for the figures.")


def _bi(value: dict[str, Any] | None) -> tuple[str, str]:
    value = value or {}
    def fmt(v: Any) -> str:
        if v is None:
            return "—"
        if isinstance(v, list):
            return "\n".join(f"{i}. {item}" for i, item in enumerate(v, 1))
        return str(v)
    return fmt(value.get("zh")), fmt(value.get("en"))


def _two_columns(rows: list[tuple[str, str, str]]) -> None:
    width = 38
    for label, zh, en in rows:
        zh_lines = sum((textwrap.wrap(p, width // 2 + 2) or [""] for p in zh.split("\n")), [])
        en_lines = sum((textwrap.wrap(p, width) or [""] for p in en.split("\n")), [])
        for i in range(max(len(zh_lines), len(en_lines))):
            head = label if i == 0 else ""
            left = zh_lines[i] if i < len(zh_lines) else ""
            right = en_lines[i] if i < len(en_lines) else ""
            # CJK characters take two columns in a terminal.
            pad = width - sum(2 if ord(ch) > 0x2e80 else 1 for ch in left)
            click.echo(f"  {head:<14}{left}{' ' * max(pad, 1)}{right}")


def _show_record(record: dict[str, Any]) -> None:
    official = "" if "title.en" not in record["unofficial"] else "  [English unofficial]"
    click.echo(f"{record['id']}  {record['title']['zh']} / {record['title']['en']}{official}")
    click.echo(f"  {record['source']['citation']['zh']}")
    if record["source"]["citation"]["en"]:
        click.echo(f"  {record['source']['citation']['en']}")
    click.echo("")
    _two_columns([
        ("industry", record["industry"]["zh"], record["industry"]["en"]
         + (" [unofficial]" if "industry.en" in record["unofficial"] else "")),
        ("competencies", *_bi(record["competencies"])),
        ("specialties", *_bi(record["specialties"])),
        ("degree", *_bi(record["degree"])),
        ("experience", *_bi(record["experience"])),
        ("duration", *_bi(record["shortage_duration_label"])),
        ("severity", *_bi(record["severity_label"])),
        ("other", *_bi(record["other"])),
    ])
    click.echo("")
    values = [f"min_degree={record['min_degree']}", f"experience_years={record['experience_years']}",
              f"shortage_duration={record['shortage_duration']}", f"severity={record['severity']}",
              f"industry={record['industry']['key']}", f"list={record['list']}", f"city={record['city']}"]
    click.echo("  normalised: " + ", ".join(values))
    for lang, info in record["source"]["files"].items():
        if info:
            click.echo(f"  source ({lang}): {info['path']} lines {info['lines'][0]}-{info['lines'][1]}")
    for note in record["notes"]:
        click.echo(f"  note [{note['kind']}] {note['text']}")


def _show_section(kb: KnowledgeBase, pair: dict[str, Any]) -> None:
    for lang in ("zh", "en"):
        section = pair[lang]
        if section is None:
            continue
        heading = " ".join(p for p in (section["number"], section["heading"]) if p) or section["kind"]
        click.echo(f"[{section['id']}] {heading}")
        if section.get("citation"):
            click.echo(f"  cite as: {section['citation']}")
        src = section["source"]
        page = f", page {src['page']}" if src.get("page") else ""
        click.echo(f"  source: {src['path']} lines {src['lines'][0]}-{src['lines'][1]}{page}")
        for paragraph in section["body"].split("\n\n") if section["body"] else []:
            for line in textwrap.wrap(paragraph, 40 if lang == "zh" else 88) or [""]:
                click.echo(f"    {line}")
        for i, footnote in enumerate(section["footnotes"], 1):
            click.echo(f"    [footnote {i}] {footnote}")
        if section["records"]:
            click.echo(f"    records: {', '.join(section['records'])}")
        for child in kb.children(section["id"]):
            click.echo(f"    › {child['id']} {child['heading'] or ''}")
        for note in section["notes"]:
            click.echo(f"  note [{note['kind']}] {note['text']}")
        click.echo("")


@main.command()
@click.argument("item_id")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract.")
@click.pass_context
def show(ctx: click.Context, item_id: str, as_json: bool) -> None:
    """Show one record (e.g. qh-s06) or section (e.g. beijing-notice:zh:annex-1.2.2) in both languages."""
    kb = _load(ctx)
    try:
        item = kb.get(item_id)
    except UnknownItemError as exc:
        hint = "ids look like qh-d01, qh-s21, bj-25 or qianhai-list:zh:2.3; `kb export --format jsonl` lists all"
        raise click.ClickException(f"{exc} ({hint})") from None
    if item["item"] == "occupation":
        _echo_json(item) if as_json else _show_record(item)
        return
    pair = kb.section_pair(item_id)
    if as_json:
        _echo_json({"id": item_id, "kind": "section", "doc": item["doc"], "zh": pair["zh"], "en": pair["en"]})
    else:
        _show_section(kb, pair)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="List every item, not only a summary per group.")
@click.pass_context
def check(ctx: click.Context, as_json: bool, verbose: bool) -> None:
    """List alignment gaps, disagreements, errata and unofficial translations; verify stated figures."""
    result = run_check(_load(ctx))
    if as_json:
        _echo_json(result)
    else:
        for kind, title in GROUPS:
            notes = result["groups"][kind]
            if kind == "erratum":
                click.echo(f"{title}: {len(result['errata'])}, touching {len(notes)} items")
            else:
                click.echo(f"{title}: {len(notes)}")
            by_text: dict[str, list[str]] = {}
            for note in notes:
                key = note["text"] if kind == "alignment" else f"{note['target']}: {note['text']}"
                by_text.setdefault(key, []).append(note["target"])
            for text, targets in by_text.items():
                if kind == "alignment":
                    shown = targets if verbose else targets[:4]
                    more = f" … and {len(targets) - len(shown)} more (-v lists all)" if len(targets) > len(shown) else ""
                    click.echo(f"  - {text} ({len(targets)}): {', '.join(shown)}{more}")
                elif kind == "unofficial" and not verbose:
                    continue
                else:
                    click.echo(f"  - {text}")
            if kind == "unofficial" and notes and not verbose:
                click.echo(f"  - curated English titles of {len(notes)} Beijing records "
                           f"({notes[0]['target']} … {notes[-1]['target']}); -v lists them")
        stated = result["stated"]
        matched = sum(1 for s in stated if s["ok"])
        click.echo(f"Figures the documents state about themselves: {matched} of {len(stated)} reproduced")
        for figure in stated:
            if verbose or not figure["ok"]:
                mark = "ok " if figure["ok"] else "MISMATCH"
                click.echo(f"  {mark} {figure['doc']} {figure['facet']} {figure['value'] or ''}: "
                           f"stated {figure['stated']}, computed {figure['computed']}")
        if result["problems"]:
            click.echo("Problems:")
            for problem in result["problems"]:
                click.echo(f"  ! {problem}")
        click.echo("The corpus is consistent with its notes." if result["ok"]
                   else "The corpus is NOT consistent with its notes.")
    if not result["ok"]:
        sys.exit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of occupations by list, industry, shortage duration, severity, degree and experience."""
    kb = _load(ctx)
    result = compute_stats(kb.records, kb.documents)
    result["stated"] = compare_stated(result, kb.documents)
    if as_json:
        _echo_json(result)
        return
    industries = result["industries"]
    for city, data in result["cities"].items():
        click.echo(f"{city}: {data['records']} occupations")
        for facet in FACETS:
            values = data[facet]
            if not values:
                continue
            click.echo(f"  {facet.replace('_', ' ')}")
            for value, count in values.items():
                label = value
                if facet == "industry":
                    label = f"{industries[value]['en']} ({industries[value]['zh']})"
                elif facet == "experience":
                    buckets = any(d.get("experience_buckets") for d in kb.documents.values() if d.get("city") == city)
                    label = f"{value}+ years" if buckets else f"{value} years"
                elif facet == "min_degree":
                    label = DEGREE_NAMES.get(value, value)
                pct = 100 * count / data["records"]
                click.echo(f"    {label:<52} {count:>3}  ({pct:.0f}%)")
    stated = result["stated"]
    if stated:
        ok = sum(1 for s in stated if s["ok"])
        click.echo(f"Stated by the documents and reproduced: {ok} of {len(stated)} figures")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "tbx", "terms-csv"]), default="jsonl",
              show_default=True, help="jsonl/csv: records (and sections); tbx/terms-csv: the term base.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export records (and, for jsonl, sections) or the term base (tbx, terms-csv), UTF-8."""
    kb = _load(ctx)
    if fmt in ("tbx", "terms-csv"):
        _write_terms(kb, "tbx" if fmt == "tbx" else "csv", output)
        return
    text = export_csv(kb.records) if fmt == "csv" else "".join(export_jsonl(kb.records, kb.sections))
    _emit(text, output, f"{fmt}, {len(kb.records)} records"
          + (f", {len(kb.sections)} sections" if fmt == "jsonl" else ""))


def _term_base(kb: KnowledgeBase) -> dict[str, Any]:
    try:
        return kb.terms
    except NotBuiltError as exc:
        raise click.ClickException(str(exc)) from None


def _write_terms(kb: KnowledgeBase, fmt: str, output: Path | None) -> None:
    base = _term_base(kb)
    text = export_tbx(base["pairs"], base["notice"]) if fmt == "tbx" else export_terms_csv(base["pairs"])
    _emit(text, output, f"{fmt}, {len(base['pairs'])} term pairs")


def _emit(text: str, output: Path | None, what: str) -> None:
    """Print an export, or write it to ``output`` and say so on standard error."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    click.echo(f"Wrote {output} ({what})", err=True)


@main.group()
def terms() -> None:
    """The term base: look terms up, check consistency, export."""


@terms.command("lookup")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the pairs as JSON.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000))
@click.pass_context
def terms_lookup(ctx: click.Context, text: str, as_json: bool, limit: int) -> None:
    """Term pairs containing TEXT in either language, most frequent first, with places."""
    if not text.strip():
        raise click.ClickException("give some text to look up, e.g. `kb terms lookup 区块链`")
    pairs = term_lookup(_term_base(_load(ctx.find_root()))["pairs"], text)
    if as_json:
        _echo_json({"query": text, "total": len(pairs), "pairs": pairs[:limit]})
        return
    if not pairs:
        click.echo(f"No term pair contains {text!r}.")
        return
    click.echo(f"{len(pairs)} pairs contain {text!r}" + (f" (first {limit})" if len(pairs) > limit else ""))
    for pair in pairs[:limit]:
        flag = "" if pair["official"] else "  [unofficial]"
        places = ", ".join(pair["places"][:6]) + (" …" if len(pair["places"]) > 6 else "")
        click.echo(f"  {pair['zh']}  ↔  {pair['en']}{flag}")
        click.echo(f"      {pair['kind']}, ×{pair['frequency']}: {places}")


@terms.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--limit", default=15, show_default=True, type=click.IntRange(1, 10000),
              help="How many terms to list per finding.")
@click.pass_context
def terms_check(ctx: click.Context, as_json: bool, limit: int) -> None:
    """Terms rendered more than one way, number mismatches and disagreeing values."""
    kb = _load(ctx.find_root())
    report = consistency_report(kb)
    if as_json:
        _echo_json(report)
        return
    for key, title in (("zh_terms", "Chinese terms with more than one English rendering"),
                       ("en_terms", "English terms with more than one Chinese source")):
        findings = report[key]
        click.echo(f"{title}: {len(findings)}")
        for finding in findings[:limit]:
            parts = "; ".join(f"{r['rendering']} ×{r['count']}" for r in finding["renderings"])
            click.echo(f"  {finding['term']}: {parts}  (majority: {finding['majority']})")
            minority = [p for r in finding["renderings"][1:] for p in r["places"]][:5]
            click.echo(f"      minority places: {', '.join(minority)}")
        if len(findings) > limit:
            click.echo(f"  … {len(findings) - limit} more (--limit, --json)")
    mismatches = report["number_mismatches"]
    click.echo(f"Aligned units whose numbers differ: {len(mismatches)}")
    for finding in mismatches[:limit]:
        click.echo(f"  {finding['place']} ({finding['kind']}): only zh {finding['only_zh'] or '-'}, "
                   f"only en {finding['only_en'] or '-'}")
    disagreements = report["value_disagreements"]
    click.echo(f"Records whose normalised values disagree between versions: {len(disagreements)}")
    for note in disagreements:
        click.echo(f"  {note['target']}: {note['text']}")


@terms.command("export")
@click.option("--format", "fmt", type=click.Choice(["tbx", "csv"]), default="tbx", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def terms_export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Write the term base as TBX-Basic or CSV (same as `kb export --format tbx|terms-csv`)."""
    _write_terms(_load(ctx.find_root()), fmt, output)


def _searcher(ctx: click.Context):  # type: ignore[no-untyped-def]
    from .searching import searcher_for

    kb = _load(ctx.find_root())
    if not (kb.build_dir / "index").is_dir():
        raise click.ClickException(f"the build in {kb.build_dir} has no search index (run `kb build` again)")
    return kb, searcher_for(kb)


def _terminal_snippet(text: str | None) -> str:
    import html as html_module

    if not text:
        return "—"
    return html_module.unescape(text.replace("<mark>", "[").replace("</mark>", "]"))


@main.command()
@click.argument("query", default="")
@click.option("--kind", type=click.Choice(["occupation", "section", "term"]), help="Only this kind of hit.")
@click.option("--filter", "filters", multiple=True, metavar="KEY=VALUE",
              help="Narrow by a facet, e.g. city=beijing, min_degree=master (repeatable).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True, help="Print the search result contract as JSON.")
@click.pass_context
def search(ctx: click.Context, query: str, kind: str | None, filters: tuple[str, ...], limit: int,
           as_json: bool) -> None:
    """Search occupations and sections (or terms) in English, Chinese or both."""
    from .searching import QueryError

    parsed: dict[str, str] = {}
    for item in filters:
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            raise click.ClickException(f"--filter takes KEY=VALUE, e.g. --filter city=beijing (got {item!r})")
        parsed[key.strip()] = value.strip()
    _kb, searcher = _searcher(ctx)
    try:
        result = searcher.search(query, kind=kind, filters=parsed, limit=limit)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        _echo_json(result)
        return
    if result["converted"]:
        click.echo(f"(converted from traditional Chinese: {result['converted']})")
    if result["expanded"]:
        click.echo(f"(also searched: {', '.join(result['expanded'])})")
    if result["did_you_mean"]:
        click.echo(f"Did you mean: {result['did_you_mean']}")
    click.echo(f"{result['total']} results" + (f", showing {len(result['hits'])}" if result["total"] > len(result["hits"]) else ""))
    for rank, hit in enumerate(result["hits"], 1):
        title = " / ".join(t for t in (hit["title"]["zh"], hit["title"]["en"]) if t)
        click.echo(f"{rank:>3}. [{hit['kind']}] {hit['id']}  {title}")
        for lang in ("zh", "en"):
            if hit["snippet"].get(lang):
                click.echo(f"       {lang}: {_terminal_snippet(hit['snippet'][lang])}")
    for facet, counts in result["facets"].items():
        if facet != "kind" or len(counts) > 1:
            click.echo(f"  {facet}: " + ", ".join(f"{k} {v}" for k, v in list(counts.items())[:8]))


@main.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_command(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Run relevance cases (JSON) and report recall@10, MRR and every failing case."""
    from .evaluate import run_eval

    kb, searcher = _searcher(ctx)
    try:
        report = run_eval(kb, searcher, file)
    except (ValueError, KeyError) as exc:
        raise click.ClickException(f"{file} is not a case file ({exc})") from None
    if as_json:
        _echo_json(report)
    else:
        for failure in report["failures"]:
            case = failure["case"]
            click.echo(f"FAIL {case['q']!r} ({case.get('kind')}): missing {'; '.join(failure['missing'])}; "
                       f"top: {', '.join(failure['top'])}")
        click.echo(f"{report['passed']} of {report['cases']} cases passed")
        click.echo(f"recall@10 {report['recall_at_10']:.3f}   MRR {report['mrr']:.3f}")
    if report["failures"]:
        sys.exit(1)


@main.command()
def parsers() -> None:
    """List the parsers a manifest entry can name."""
    for name, func in sorted(PARSERS.items()):
        click.echo(f"{name:<22} {(func.__doc__ or '').strip().splitlines()[0]}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (only this one; 127.0.0.1 keeps the server local).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (gunicorn gthread workers; 2 suits a two-core machine).")
@click.option("--trusted-host", "trusted_hosts", multiple=True, metavar="NAME",
              help="A host name the site answers to (repeatable; .example.org admits its subdomains). "
                   "Default: KB_TRUSTED_HOSTS, else 127.0.0.1 and localhost; a named --host is added.")
@click.option("--access-log", is_flag=True, help="Log every request (nginx's log, to standard output).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int, trusted_hosts: tuple[str, ...],
          access_log: bool) -> None:
    """Serve the web app and JSON API until Ctrl-C: nginx in front of gunicorn (preloaded, never in debug mode)."""
    from . import serving

    try:
        plan = serving.prepare(ctx.obj["data_dir"], host, port, workers, access_log, trusted_hosts)
    except serving.ServeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Serving {plan.build_dir} at {plan.url} (nginx in front of gunicorn, {workers} "
               f"worker{'s' if workers > 1 else ''}; trusted hosts {plan.env['KB_TRUSTED_HOSTS']}; Ctrl-C stops)")
    serving.run(plan)
