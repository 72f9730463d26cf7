"""``kb translations``: the curated English catalogs (``corpus/translations/<doc>.en.po``)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from ..errors import CorpusError

CORPUS_OPTION = click.option("--corpus", "corpus_dir", envvar="KB_CORPUS_DIR", default="corpus",
                             show_default=True, type=click.Path(file_okay=False, path_type=Path),
                             help="The corpus folder (env KB_CORPUS_DIR).")


def _check_corpus(corpus_dir: Path) -> None:
    if not (corpus_dir / "manifest.toml").is_file():
        raise click.ClickException(f"no corpus at {corpus_dir} (expected {corpus_dir / 'manifest.toml'}; "
                                   f"use --corpus or run from the project folder)")


@click.group()
def translations() -> None:
    """Curated English for Chinese-only text: status and catalog updates."""


@translations.command("status")
@CORPUS_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="List every stale and missing entry.")
def status_command(corpus_dir: Path, as_json: bool, verbose: bool) -> None:
    """Per document: units translated, stale and missing. Exits 1 when any is stale or missing."""
    from ..translation.catalogs import catalog_status

    _check_corpus(corpus_dir)
    try:
        results = catalog_status(corpus_dir)
    except CorpusError as exc:
        raise click.ClickException(f"{exc}\n  Fix the file, then run `kb translations status` again.") from None
    if as_json:
        click.echo(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2))
    else:
        click.echo(f"{'document':<18} {'total':>6} {'translated':>11} {'stale':>6} {'missing':>8}  catalog")
        for r in results:
            click.echo(f"{r.doc:<18} {r.total:>6} {r.translated:>11} {len(r.stale):>6} {len(r.missing):>8}  "
                       f"{r.path}")
            if verbose:
                for context in r.stale:
                    click.echo(f"    stale    {context}")
                for context in r.missing:
                    click.echo(f"    missing  {context}")
    if any(r.stale or r.missing for r in results):
        if not as_json:
            click.echo("Run `kb translations update` to add new entries and mark changed ones fuzzy, then "
                       "translate them (any PO editor: Poedit, OmegaT, Weblate).")
        raise SystemExit(1)


@translations.command("update")
@CORPUS_OPTION
def update_command(corpus_dir: Path) -> None:
    """Rewrite the catalogs from the parsed corpus, as msgmerge does."""
    from ..translation.catalogs import update_catalogs

    _check_corpus(corpus_dir)
    try:
        counts = update_catalogs(corpus_dir)
    except CorpusError as exc:
        raise click.ClickException(f"{exc}\n  Nothing was rewritten.") from None
    for doc, c in counts.items():
        click.echo(f"{doc}: {c['kept']} kept, {c['added']} added (empty), {c['fuzzy']} marked fuzzy, "
                   f"{c['obsolete']} obsolete")
