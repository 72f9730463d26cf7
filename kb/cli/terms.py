"""``kb terms``: look terms up, check their consistency, export the term base."""

from __future__ import annotations

from pathlib import Path

import click

from .common import BoundedInt, data_dir_option, echo_json, load_kb, term_base
from .reports import write_terms


@click.group()
def terms() -> None:
    """The term base: look terms up, check consistency, export."""


@terms.command("lookup")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the pairs as JSON.")
@click.option("--limit", default=20, show_default=True, type=BoundedInt(1, 10000))
@click.option("--order", type=click.Choice(["termhood", "frequency"]), default="termhood", show_default=True,
              help="termhood: domain terms first, general language last; frequency: most frequent first.")
@data_dir_option
@click.pass_context
def terms_lookup(ctx: click.Context, text: str, as_json: bool, limit: int, order: str) -> None:
    """Term pairs containing TEXT in either language, domain terms first by termhood, with places;
    for a Chinese TEXT, also every rendering the aligned corpus gives it, with counts and an example."""
    from ..reading.text import has_cjk
    from ..services.concordance import ConcordanceError, renderings
    from ..terms import lookup as term_lookup

    if not text.strip():
        raise click.ClickException("give some text to look up, e.g. `kb terms lookup 区块链`")
    kb = load_kb(ctx.find_root())
    pairs = term_lookup(term_base(kb)["pairs"], text, order)
    found = None
    if has_cjk(text):
        try:
            found = renderings(kb, text)
        except ConcordanceError as exc:
            raise click.ClickException(f"{exc} (a short term, e.g. `kb terms lookup 紧缺`)") from None
    if as_json:
        echo_json({"query": text, "total": len(pairs), "pairs": pairs[:limit],
                   **({"renderings": found["renderings"], "segments": found["segments"],
                       "unidentified": found["unidentified"]} if found else {})})
        return
    if not pairs:
        click.echo(f"No term pair contains {text!r}.")
    else:
        click.echo(f"{len(pairs)} pairs contain {text!r}" + (f" (first {limit})" if len(pairs) > limit else ""))
    for pair in pairs[:limit]:
        flag = ("" if pair["official"] else "  [unofficial]") + ("  [general]" if pair.get("general") else "")
        places = ", ".join(pair["places"][:6]) + (" …" if len(pair["places"]) > 6 else "")
        click.echo(f"  {pair['zh']}  ↔  {pair['en']}{flag}")
        click.echo(f"      {pair['kind']}, ×{pair['frequency']}, termhood {pair.get('termhood', 0):g}: {places}")
    if found:
        click.echo(f"Renderings of {found['term']} in {found['segments']} aligned sentence pairs "
                   f"(`kb terms check` for the whole report):")
        for item in found["renderings"]:
            click.echo(f"  {item['rendering']}  ×{item['count']} ({item['official']} official, "
                       f"{item['unofficial']} curated)")
            example = item["examples"][0]
            click.echo(f"      {example['zh']}  |  {example['en']}  ({example['places'][0]['citation']['en']})")
        if found["unidentified"]["count"]:
            click.echo(f"  rendering not identified  ×{found['unidentified']['count']}")


@terms.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--limit", default=15, show_default=True, type=BoundedInt(1, 10000),
              help="How many terms to list per finding.")
@data_dir_option
@click.pass_context
def terms_check(ctx: click.Context, as_json: bool, limit: int) -> None:
    """Terms rendered more than one way, number mismatches, disagreeing values, curated
    translations that depart from the official renderings, and curated translations that
    disagree among themselves (a term, a cited document's title)."""
    from ..services.check import official_places
    from ..terms import consistency_report

    kb = load_kb(ctx.find_root())
    report = consistency_report(kb)
    if as_json:
        echo_json(report)
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
    departures = report["curated_departures"]
    notices = [f for f in departures if not f["explained"] and f.get("severity") == "notice"]
    unexplained = [f for f in departures if not f["explained"] and f.get("severity") != "notice"]
    click.echo(f"Curated translations departing from an official rendering: {len(unexplained)} unexplained, "
               f"{len(departures) - len(unexplained) - len(notices)} explained, {len(notices)} notices "
               f"(a rendering the official English gives once: not a failure)")
    for f in departures:
        why = (f"explained: {f['explained']}" if f["explained"]
               else "notice: the official English gives it once" if f in notices else "NOT EXPLAINED")
        click.echo(f"  {f['place']}: {f['zh']} (official: {' / '.join(f['expected'])} in {official_places(f)}) "
                   f"— {why}")
    consistency = report["curated_consistency"]
    open_places = sum(len(f["unexplained"]) for f in consistency)
    click.echo(f"Terms rendered more than one way across curated translations (corpus/curated_terms.toml): "
               f"{len(consistency)}, {open_places} place{'' if open_places == 1 else 's'} not explained")
    for f in consistency[:limit]:
        click.echo(f"  {f['zh']}: " + "; ".join(f"{r['rendering']} ×{r['count']}" for r in f["renderings"])
                   + f"  (majority: {f['majority']}; house: {f['house']})")
        for r in f["renderings"]:
            click.echo(f"      {r['rendering']}{' [house]' if r['house'] else ''}: {', '.join(r['places'])}")
        for place, why in f["explained"].items():
            click.echo(f"      explained: {place}: {why}")
    cited = report["cited_titles"]
    open_cited = [f for f in cited if not f["explained"]]
    click.echo(f"Cited documents whose one English title a curated translation lacks (corpus/cited_documents.toml): "
               f"{len(open_cited)} not explained, {len(cited) - len(open_cited)} explained")
    for f in cited[:limit]:
        if f["kind"] == "unsettled-title":
            click.echo(f"  《{f['title']}》: cited in {', '.join(f['places'])}; no English title settled")
        else:
            why = f"explained: {f['explained']}" if f["explained"] else "NOT EXPLAINED"
            click.echo(f"  {f['place']}: 《{f['title']}》 should read {f['expected']!r} — {why}")


@terms.command("export")
@click.option("--format", "fmt", type=click.Choice(["tbx", "csv", "xlsx"]), default="tbx", show_default=True,
              help="xlsx: an Excel workbook of the CSV's columns (needs -o FILE).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--include-general", is_flag=True, help="tbx: keep the pairs of general language too.")
@data_dir_option
@click.pass_context
def terms_export(ctx: click.Context, fmt: str, output: Path | None, include_general: bool) -> None:
    """Write the term base as TBX-Basic, CSV or an Excel workbook (tbx and csv: the same as
    `kb export --format tbx|terms-csv`)."""
    write_terms(load_kb(ctx.find_root()), fmt, output, include_general)
