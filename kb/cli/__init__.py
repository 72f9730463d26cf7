"""The ``kb`` command line: build, add, show, check, stats, export, terms, translations, search, eval, serve.

A thin caller of the library: every command loads the built knowledge base
(or builds it) through :mod:`kb`, and every failure is a
:class:`click.ClickException` that says what went wrong and what to do. The
commands live by what they work on: :mod:`.corpus` (build, parsers), :mod:`.add`,
:mod:`.show`, :mod:`.reports` (check, stats, export), :mod:`.terms`, :mod:`.translations`,
:mod:`.search` (search, eval) and :mod:`.serve`.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..store import DEFAULT_DATA_DIR
from . import add, corpus, reports, search, serve, show, terms, translations


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data-dir", envvar="KB_DATA_DIR", default=DEFAULT_DATA_DIR, show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Where builds are written and read (env KB_DATA_DIR); also accepted after the command.")
@click.version_option(package_name="policy-kb", prog_name="kb")
@click.pass_context
def main(ctx: click.Context, data_dir: Path) -> None:
    """Bilingual knowledge base of China's foreign-talent policy."""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir


for command in (corpus.build, add.add, show.show, reports.check, reports.stats, reports.export, terms.terms,
                translations.translations, search.search, search.eval_command, corpus.parsers, serve.serve):
    main.add_command(command)
