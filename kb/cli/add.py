"""``kb add``: a document file (HTML, PDF, Word, Markdown, text, or an occupation spreadsheet)
made into a corpus document, with a preview of how the corpus reads it (:mod:`kb.adding`)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import click

from ..errors import CorpusError, InputError
from .common import echo_json, validity_line

HINT = "nothing was written; fix the file or the option and run `kb add` again (--dry-run shows what it would do)"


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--corpus", "corpus_dir", envvar="KB_CORPUS_DIR", default="corpus", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The corpus folder (env KB_CORPUS_DIR).")
@click.option("--id", "doc_id", help="The document's id (default: made from its title).")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="The file's language (default: from its text).")
@click.option("--translates", metavar="DOC", help="Add the file as another language of document DOC "
                                                  "(an official English).")
@click.option("--city", help="The city key of the document or occupation list.")
@click.option("--list", "list_key", help="The occupation list key (spreadsheets).")
@click.option("--parser", metavar="NAME", help="The scheme or parser that reads the file, where its text does "
                                               "not say (`kb parsers` lists them).")
@click.option("--dry-run", is_flag=True, help="Show what would be written; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the preview as JSON.")
def add(file: Path, corpus_dir: Path, doc_id: str | None, lang: str | None, translates: str | None,
        city: str | None, list_key: str | None, parser: str | None, dry_run: bool, as_json: bool) -> None:
    """Add FILE to the corpus: its text, its original and its manifest entry, then a preview.

    The format is told from the content (a file that is not what its name says is refused);
    title, number, issuer and dates are read from the text. Run `kb build` afterwards."""
    from ..adding.add import apply, propose
    from ..adding.preview import build_preview

    with tempfile.TemporaryDirectory(prefix="kb-add-") as work:
        try:
            addition = propose(file, corpus_dir, Path(work), doc_id=doc_id, lang=lang, translates=translates,
                               city=city, list_key=list_key, parser=parser)
            preview = build_preview(addition)
            written = [] if dry_run else apply(addition)
        except CorpusError as exc:
            # The readers' own advice names the manifest key; kb add takes it as an option.
            text = str(exc).replace('name one with parser = "..."', "name one with --parser NAME")
            raise click.ClickException(f"{text}\n  {HINT}") from None
        except InputError as exc:
            # An option the file needs (a sheet's --city, --list) or cannot take.
            raise click.ClickException(f"{exc}\n  {HINT}") from None
        except OSError as exc:
            raise click.ClickException(f"cannot read or write {exc.filename}: {exc.strerror}\n  {HINT}") from None
    if as_json:
        echo_json({**preview, "dry_run": dry_run, "written": [str(p) for p in written]})
        return
    _echo_preview(preview, corpus_dir, dry_run)


def _text(value: dict[str, Any] | None) -> str:
    if not value:
        return "—"
    return " / ".join(v for v in (value.get("zh"), value.get("en")) if v) or "—"


def _echo_preview(p: dict[str, Any], corpus: Path, dry_run: bool) -> None:
    doc = p["document"]
    pages = f", {p['pages']} pages" if p["pages"] else ""
    click.echo(f"{'Would add' if dry_run else 'Added'} document {p['doc']} ({p['lang']}, from {p['format']}{pages})")
    origin = p["from"]

    def where(key: str) -> str:
        return " (from its header)" if origin.get(key) == "header" else ""
    click.echo(f"  title     {_text(doc['title'])}{where('title.zh')}")
    click.echo(f"  kind      {doc['kind']}; read by {', '.join(f['parser'] or ('the sheet reader' if p.get('mapping') else '?') for f in p['files'])}")
    click.echo(f"  number    {doc['number'] or '—'}{where('number')}")
    click.echo(f"  issuer    {_text(doc['issuer'])}{where('issuer.zh')}")
    click.echo(f"  date      {doc['date'] or '—'}{where('date')}")
    click.echo(f"  validity  {validity_line(p['validity'])}")
    click.echo(f"Sections ({len(p['sections'])}), with their citations and where they were read:")
    for s in p["sections"]:
        lines = s["lines"]
        at = f"lines {lines[0]}-{lines[1]}" if lines[0] else ""
        at += f", page {s['page']}" if s["page"] else ""
        label = s["citation"] or s["heading"] or s["kind"]
        heading = f" {s['heading']}" if s["heading"] and s["heading"] != label else ""
        click.echo(f"  {'  ' * (s['level'] - 1)}{label}{heading} [{s['lang']}, {s['units']} units] {at}")
    refs = p["references"]
    click.echo(f"References: {len(refs['resolved'])} resolved, {len(refs['unresolved'])} not in the knowledge base")
    for ref in refs["resolved"]:
        click.echo(f"  {ref['text']} -> {ref['article'] or ref['doc']} ({ref['unit']})")
    for ref in refs["unresolved"]:
        click.echo(f"  {ref['text']} -> not in the knowledge base ({ref['unit']})")
    click.echo(f"Occupation records: {len(p['records'])}")
    for record in p["records"][:10]:
        click.echo(f"  {record['id']} {_text(record['title'])}")
    if len(p["records"]) > 10:
        click.echo(f"  … and {len(p['records']) - 10} more")
    if p["mapping"]:
        click.echo("Column mapping: " + ", ".join(f"{k} <- {v or '(not read)'}" for k, v in p["mapping"].items()))
    if p["vocabulary_additions"]:
        click.echo(f"Vocabulary additions: {p['vocabulary_additions']}")
    t = p["translation"]
    languages = ", ".join(doc.get("languages") or [])
    if t:
        click.echo(f"Translation: languages {languages}; curated English {t['translated']} of {t['total']} "
                   f"units, {t['missing']} missing, {t['stale']} outdated (`kb translations update` "
                   f"adds the missing to the catalog)")
    check = p["check"]
    notes = ", ".join(f"{n} {kind}" for kind, n in check["notes"].items() if n) or "none"
    click.echo(f"Check: {'consistent' if check['ok'] else 'PROBLEMS'}; notes on this document: {notes}")
    for problem in check["problems"]:
        click.echo(f"  - {problem}")
    click.echo(("Would write" if dry_run else "Wrote") + ": " + ", ".join(str(corpus / n) for n in p["writes"]))
    if dry_run:
        click.echo("Dry run: nothing was written.")
    else:
        click.echo("Next: `kb build`, then `kb check`; `kb translations update` for the curated English.")
