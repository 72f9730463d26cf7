"""``kb check``, ``kb stats`` and ``kb export``: the services over a build, for a terminal or a file."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .common import as_of_option, data_dir_option, echo_json, emit, load_kb, term_base, validity_line

if TYPE_CHECKING:
    from ..store import KnowledgeBase

@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="List every item, not only a summary per group.")
@as_of_option
@data_dir_option
@click.pass_context
def check(ctx: click.Context, as_json: bool, verbose: bool, as_of: date) -> None:
    """List alignment gaps, disagreements, errata and unofficial translations; verify stated figures;
    give notice of documents whose stated period has ended or not begun (not a failure)."""
    from ..services import GROUPS, run_check

    kb = load_kb(ctx)  # verifies the build's checksums: a damaged build stops here
    result = run_check(kb, as_of)
    if as_json:
        echo_json(result)
    else:
        click.echo(f"Build {kb.build_dir.name}: {kb.verified} files match their checksums (SHA256SUMS)")
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
                click.echo(f"  - curated English of {len(notes)} Beijing records "
                           f"({notes[0]['target']} … {notes[-1]['target']}); -v lists them")
        implausible = result["implausible"]
        click.echo(f"Official pairs implausible as translations (by length or numbers; left out of the "
                   f"official translation memory): {len(implausible)}")
        for finding in implausible:
            click.echo(f"  - {finding['text'].removeprefix('Implausible official pair ')}")
        _echo_translation_findings(result["translations"], verbose)
        stated = result["stated"]
        matched = sum(1 for s in stated if s["ok"])
        click.echo(f"Figures the documents state about themselves: {matched} of {len(stated)} reproduced")
        for figure in stated:
            if verbose or not figure["ok"]:
                mark = "ok " if figure["ok"] else "MISMATCH"
                click.echo(f"  {mark} {figure['doc']} {figure['facet']} {figure['value'] or ''}: "
                           f"stated {figure['stated']}, computed {figure['computed']}")
        unresolved = result["references"]["unresolved"]
        click.echo(f"Cited, not in the knowledge base: {len(unresolved)} titles and document numbers "
                   f"({sum(r['count'] for r in unresolved)} citations){'' if verbose else '; -v lists them'}")
        for ref in unresolved if verbose else []:
            click.echo(f"  - {ref['text']} ×{ref['count']}: {', '.join(ref['places'])}")
        notices = [v for v in result["validity"] if v["notice"]]
        click.echo(f"Validity as of {as_of.isoformat()}: {len(notices)} document"
                   f"{'' if len(notices) == 1 else 's'} whose stated period has ended or not begun (notice, not a failure)")
        for v in result["validity"]:
            if v["notice"] or verbose:
                click.echo(f"  {'!' if v['notice'] else '-'} {v['doc']}: {validity_line(v)}")
        unlabelled = result["vocabularies"]["unlabelled"]
        if unlabelled:
            click.echo(f"Vocabulary entries without a Chinese label (corpus/vocabularies.toml; notice, not a "
                       f"failure): {len(unlabelled)}")
            for entry in unlabelled:
                click.echo(f"  ! [{entry['vocabulary']}.{entry['key']}] is labelled {entry['en']!r} only: "
                           f"set its zh (and en) label")
        if result["problems"]:
            click.echo("Problems:")
            for problem in result["problems"]:
                click.echo(f"  ! {problem}")
        click.echo("The corpus is consistent with its notes." if result["ok"]
                   else "The corpus is NOT consistent with its notes.")
    if not result["ok"]:
        sys.exit(1)


def _echo_translation_findings(found: dict[str, Any], verbose: bool) -> None:
    from ..services.check import official_places

    click.echo("Curated translations (corpus/translations/*.en.po):")
    for doc in found["documents"]:
        click.echo(f"  - {doc['doc']}: {doc['translated']} of {doc['total']} translated, "
                   f"{len(doc['stale'])} stale, {len(doc['missing'])} missing")
        for context in doc["stale"]:
            click.echo(f"      stale (translation outdated): {context}")
        for context in doc["missing"][:None if verbose else 5]:
            click.echo(f"      missing: {context}")
    click.echo(f"  - numbers the English lacks: {len(found['numbers'])}")
    explained = [f for f in found["terms"] if f["explained"]]
    notices = [f for f in found["terms"] if not f["explained"] and f.get("severity") == "notice"]
    unexplained = [f for f in found["terms"] if not f["explained"] and f.get("severity") != "notice"]
    click.echo(f"  - departures from official renderings: {len(unexplained)} unexplained, "
               f"{len(explained)} explained by a translator comment, {len(notices)} notice"
               f"{'' if len(notices) == 1 else 's'} (the official English gives the rendering once: "
               f"not a failure{'' if verbose else '; -v lists them'})")
    for f in unexplained:
        click.echo(f"      contradiction: {f['place']}: {f['zh']} not rendered {' / '.join(f['expected'])} "
                   f"as the official English does in {official_places(f)}")
    for f in notices if verbose else []:
        click.echo(f"      notice: {f['place']}: {f['zh']} not rendered {' / '.join(f['expected'])} "
                   f"as the official English does in {official_places(f)}")
    for f in explained if verbose else []:
        click.echo(f"      {f['place']}: {f['zh']} → {f['explained']}")
    _echo_house_findings(found, verbose)


def _echo_house_findings(found: dict[str, Any], verbose: bool) -> None:
    """The curated entries among themselves (kb.translation.house): a count per kind, each
    unexplained finding, and (-v) the explained ones and the notices."""
    consistency = found.get("consistency", [])
    departing = sum(len(f["unexplained"]) for f in consistency)
    click.echo(f"  - terms rendered more than one way across curated entries (corpus/curated_terms.toml): "
               f"{len(consistency)}, {departing} unexplained place{'' if departing == 1 else 's'}")
    for f in consistency:
        if f["unexplained"] or verbose:
            click.echo(f"      {f['zh']}: " + "; ".join(f"{r['rendering']} ×{r['count']}" for r in f["renderings"])
                       + f" (house: {f['house']})")
            for r in f["renderings"]:
                if not r["house"]:
                    click.echo(f"          {r['rendering']}: {', '.join(r['places'])}")
            for place, why in f["explained"].items():
                click.echo(f"          explained: {place}: {why}")
    for key, title in (("cited_titles", "cited documents without their one English title (corpus/cited_documents.toml)"),
                       ("document_numbers", "document numbers not in the house form (Guo Ke Ban Cai [2022] No. 177)"),
                       ("chinese_left", "entries with Chinese left in the English"),
                       ("bounds", "inclusive bounds (以上, 以下, 不低于, 不超过) rendered \"more than\" / \"less than\"")):
        items = found.get(key, [])
        explained = [f for f in items if f.get("explained")]
        click.echo(f"  - {title}: {len(items) - len(explained)} unexplained, {len(explained)} explained")
        for f in items if verbose else [f for f in items if not f.get("explained")]:
            why = f" — explained: {f['explained']}" if f.get("explained") else ""
            what = f.get("expected") or f.get("en") or ", ".join(f.get("chinese", []))
            click.echo(f"      {f['place']}: {f.get('number') or f.get('zh') or f.get('title') or ''} → {what}{why}")
    modality = found.get("modality", [])
    click.echo(f"  - modal verbs (应, 应当, 须, 不得, 可以) the English may have lost: {len(modality)} notice"
               f"{'' if len(modality) == 1 else 's'} to review (not a failure{'' if verbose else '; -v lists them'})")
    for f in modality if verbose else []:
        why = f" — reviewed: {f['explained']}" if f.get("explained") else ""
        click.echo(f"      {f['place']}: {', '.join(f['modals'])}{why}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@data_dir_option
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of occupations by list, industry, shortage duration, severity, degree and experience."""
    from ..services import STATS_FACETS, compare_stated, compute_stats

    kb = load_kb(ctx)
    result = compute_stats(kb.records, kb.documents, kb.vocabularies)
    result["stated"] = compare_stated(result, kb.documents)
    if as_json:
        echo_json(result)
        return
    import wcwidth

    industries = result["industries"]
    for city, data in result["cities"].items():
        rows: list[tuple[str, str, str]] = []  # (facet heading or "", label, count and share)
        for facet in STATS_FACETS:
            values = data[facet]
            if not values:
                continue
            rows.append((facet.replace("_", " "), "", ""))
            for value, count in values.items():
                label = value
                if facet == "industry":
                    label = f"{industries[value]['en']} ({industries[value]['zh']})"
                elif facet == "experience":
                    buckets = any(d.get("experience_buckets") for d in kb.documents.values() if d.get("city") == city)
                    label = f"{value}+ years" if buckets else f"{value} years"
                elif facet == "min_degree":
                    # The degree's English label in corpus/vocabularies.toml, as running text.
                    label = ((kb.vocabularies.get("degrees", {}).get(value) or {}).get("en") or value).lower()
                pct = 100 * count / data["records"]
                rows.append(("", label, f"{count:>3}  ({pct:.0f}%)"))
        # Columns by what a terminal shows: a Chinese character is two columns wide.
        width = max([wcwidth.width(label) for _, label, _ in rows] + [40])
        click.echo(f"{city}: {data['records']} occupations")
        for heading, label, figures in rows:
            click.echo(f"  {heading}" if heading else f"    {wcwidth.ljust(label, width)} {figures}")
    stated = result["stated"]
    if stated:
        ok = sum(1 for s in stated if s["ok"])
        click.echo(f"Stated by the documents and reproduced: {ok} of {len(stated)} figures")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "tbx", "terms-csv", "tmx"]), default="jsonl",
              show_default=True, help="jsonl/csv: records (and sections); tbx/terms-csv: the term base; "
                                      "tmx: the translation memory.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--include-general", is_flag=True, help="tbx: keep the pairs of general language too.")
@click.option("--official-only", is_flag=True, help="tmx: only segments whose English is official.")
@as_of_option
@data_dir_option
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, include_general: bool, official_only: bool,
           as_of: date) -> None:
    """Export records (and, for jsonl, sections and units), the term base (tbx, terms-csv) or the
    translation memory (tmx), UTF-8."""
    from ..services import export_csv, export_jsonl
    from ..services.tmx import export_tmx, memory_segments, tmx_summary
    from ..services.validity import documents_as_of

    kb = load_kb(ctx)
    if fmt in ("tbx", "terms-csv"):
        write_terms(kb, "tbx" if fmt == "tbx" else "csv", output, include_general)
        return
    if fmt == "tmx":
        segments = memory_segments(kb, official_only)
        counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in tmx_summary(segments).items())
        marked = sum(1 for s in segments if s.implausible)
        counts += f" ({marked} official marked implausible)" if marked else ""
        emit(export_tmx(segments), output, f"tmx, {len(segments)} segments: {counts}")
        return
    validity = documents_as_of(kb.documents, as_of)
    text = (export_csv(kb.records, validity) if fmt == "csv"
            else "".join(export_jsonl(kb.records, kb.sections, kb.units, validity)))
    emit(text, output, f"{fmt}, {len(kb.records)} records"
         + (f", {len(kb.sections)} sections" if fmt == "jsonl" else ""), bom=fmt == "csv")


def write_terms(kb: KnowledgeBase, fmt: str, output: Path | None, include_general: bool = False) -> None:
    from ..terms import export_tbx, export_terms_csv
    from ..terms.tbx import export_terms_xlsx

    base = term_base(kb)
    if fmt == "tbx":
        text = export_tbx(base["pairs"], base["notice"], include_general)
        count = sum(1 for p in base["pairs"] if include_general or not p.get("general"))
    elif fmt == "xlsx":
        if output is None:
            raise click.ClickException("an Excel workbook is binary: write it to a file with -o FILE.xlsx")
        try:
            output.write_bytes(export_terms_xlsx(base["pairs"]))
        except OSError as exc:
            raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
        click.echo(f"Wrote {output} (xlsx, {len(base['pairs'])} term pairs)", err=True)
        return
    else:
        text, count = export_terms_csv(base["pairs"]), len(base["pairs"])
    emit(text, output, f"{fmt}, {count} term pairs", bom=fmt == "csv")
