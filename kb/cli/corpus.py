"""``kb build`` and ``kb parsers``: making a build from the corpus."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import BuildLockedError, CorpusError
from .common import data_dir_option, echo_json


@click.command()
@click.option("--corpus", "corpus_dir", envvar="KB_CORPUS_DIR", default="corpus", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The corpus folder (env KB_CORPUS_DIR).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--allow-drop", is_flag=True,
              help="Accept catalogs that lost curated translations the last build has.")
@click.option("--no-wait", is_flag=True, help="Fail at once if another kb build is writing to the data directory.")
@data_dir_option
@click.pass_context
def build(ctx: click.Context, corpus_dir: Path, as_json: bool, allow_drop: bool, no_wait: bool) -> None:
    """Parse the corpus and write a new build (the previous one stays until this succeeds).

    One build at a time per data directory: another waits for the one running (or, with
    --no-wait, stops)."""
    from ..build import build as build_kb

    if not (corpus_dir / "manifest.toml").is_file():
        raise click.ClickException(f"no corpus at {corpus_dir} (expected {corpus_dir / 'manifest.toml'}; "
                                   f"use --corpus or run from the project folder)")
    data_dir = ctx.obj["data_dir"]

    def waiting(holder: str) -> None:
        click.echo(f"waiting for another kb build{holder} on {data_dir}…", err=True)

    try:
        path, summary = build_kb(corpus_dir, data_dir, allow_drop=allow_drop, wait=not no_wait, on_wait=waiting)
    except BuildLockedError as exc:
        raise click.ClickException(f"{exc}; wait for it to finish, or run `kb build` without --no-wait "
                                   f"to wait") from None
    except CorpusError as exc:
        raise click.ClickException(f"build failed, previous build kept.\n  {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"build failed, previous build kept: cannot write {exc.filename}: "
                                   f"{exc.strerror}") from None
    if as_json:
        echo_json({"build": str(path), **summary})
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
    units = ", ".join(f"{n} {lang}" for lang, n in summary["units"].items())
    click.echo(f"  units          {units} (paragraphs, items and clauses)")
    curated = ", ".join(f"{doc} {c['translated']}/{c['total']}" for doc, c in summary["translations"].items())
    click.echo(f"  translations   {curated} (curated English; `kb translations status`)")
    click.echo(f"  notes          {notes}")
    click.echo(f"  term pairs     {sum(summary['term_pairs'].values())} ({term_pairs})")
    click.echo("Run `kb check` to read the notes, `kb stats` for the figures.")


@click.command()
def parsers() -> None:
    """List the parsers a manifest entry can name: the heading schemes, their aliases, the code parsers."""
    from ..reading.parsers import PARSERS
    from ..reading.schemes import ALIASES, SCHEMES

    for name, func in sorted(PARSERS.items()):
        if name in ALIASES:
            what, summary = "alias", f"the {ALIASES[name]} scheme under its older name"
        else:
            what, summary = ("scheme" if name in SCHEMES else "parser"), (func.__doc__ or "").strip().splitlines()[0]
        click.echo(f"{name:<20} {what:<7}{summary}")
    detected = ", ".join(name for name, scheme in SCHEMES.items() if scheme.detect)
    click.echo(f"A manifest entry may name none: its file gets the first scheme whose signs the text shows "
               f"({detected}).")
