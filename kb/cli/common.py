"""What every command shares: loading the build, printing JSON, writing an output file.

A failure a person can fix is a :class:`click.ClickException` that says what
went wrong and what to do (``run `kb build` first``, ``cannot write FILE``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..errors import NotBuiltError
from ..store import KnowledgeBase


def echo_json(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def load_kb(ctx: click.Context) -> KnowledgeBase:
    """The current build of the data directory, or a ClickException saying to run `kb build`."""
    try:
        return KnowledgeBase.load(ctx.obj["data_dir"])
    except NotBuiltError as exc:
        raise click.ClickException(f"{exc}") from None
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"the build in {ctx.obj['data_dir']} cannot be read ({exc}); "
                                   f"run `kb build` again") from None


def term_base(kb: KnowledgeBase) -> dict[str, Any]:
    try:
        return kb.terms
    except NotBuiltError as exc:
        raise click.ClickException(str(exc)) from None


def emit(text: str, output: Path | None, what: str) -> None:
    """Print an export, or write it to ``output`` and say so on standard error."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    click.echo(f"Wrote {output} ({what})", err=True)
