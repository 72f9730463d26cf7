"""What every command shares: loading the build, printing JSON, writing an output file.

The command modules import the library inside their commands, not at the top: `kb --help`
and each command then load only what they use (the search and jieba are not imported for
`kb stats`, nor the build's readers for `kb search`).

A failure a person can fix is a :class:`click.ClickException` that says what
went wrong and what to do (``run `kb build` first``, ``cannot write FILE``).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import NotBuiltError
from ..userinput import parse_number, quoted

if TYPE_CHECKING:
    from ..store import KnowledgeBase


class BoundedInt(click.IntRange):
    """A whole-number option from ``min`` to ``max``, its text read by the one bounded parser
    (:func:`kb.userinput.parse_number`), as the web reads its parameters: click's own
    ``int()`` would take ``٣`` and ``1_0`` and echo 4,301 digits back."""

    def __init__(self, low: int, high: int):
        super().__init__(low, high)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            number = parse_number(value, low=self.min, high=self.max)
            if number is None:
                self.fail(f"{quoted(value)} is not a whole number from {self.min} to {self.max}", param, ctx)
            value = number
        return super().convert(value, param, ctx)


def echo_json(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def load_kb(ctx: click.Context) -> KnowledgeBase:
    """The current build of the data directory, or a ClickException saying to run `kb build`."""
    from ..store import KnowledgeBase

    try:
        return KnowledgeBase.load(ctx.obj["data_dir"])
    except NotBuiltError as exc:  # damaged, outdated or none: which, and where (the operator's terminal)
        raise click.ClickException(exc.explain()) from None
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"the build in {ctx.obj['data_dir']} cannot be read ({exc}); "
                                   f"run `kb build` again") from None


def term_base(kb: KnowledgeBase) -> dict[str, Any]:
    try:
        return kb.terms
    except NotBuiltError as exc:
        raise click.ClickException(exc.explain()) from None


def emit(text: str, output: Path | None, what: str, bom: bool = False) -> None:
    """Print an export, or write it to ``output`` and say so on standard error. ``bom``: the file
    starts with a UTF-8 byte-order mark (a CSV sheet: Excel reads it as UTF-8 only then); standard
    output never gets one, so pipes read plain UTF-8."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    click.echo(f"Wrote {output} ({what})", err=True)


def _parse_as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    from ..services.validity import AsOfError, parse_as_of

    from_env = ctx.get_parameter_source(param.name or "") == click.core.ParameterSource.ENVIRONMENT
    try:
        return parse_as_of(value, "KB_AS_OF" if from_env else "--as-of")
    except AsOfError as exc:
        raise click.ClickException(str(exc)) from None


# The day validity is judged on (in force, trial period ended, ...): today unless given.
as_of_option = click.option(
    "--as-of", "as_of", envvar="KB_AS_OF", metavar="YYYY-MM-DD", callback=_parse_as_of,
    help="Judge whether documents are in force on this day (env KB_AS_OF; default today).")


def _store_data_dir(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:  # given after the command: it wins over `kb --data-dir` and KB_DATA_DIR
        ctx.ensure_object(dict)
        ctx.obj["data_dir"] = value


# The data directory, after the command as well as before it (`kb build --data-dir DIR` and
# `kb --data-dir DIR build`): the group's option (with KB_DATA_DIR and the default) stores it
# in the context object, and this one, when given, replaces it there.
data_dir_option = click.option(
    "--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None, expose_value=False,
    callback=_store_data_dir, metavar="DIR",
    help="Where builds are written and read; also accepted before the command "
         "(default: env KB_DATA_DIR, else ./var).")


def validity_line(validity: dict[str, Any]) -> str:
    """A document's validity in one line for a terminal."""
    period = f"{validity.get('effective_from') or '…'} – {validity.get('effective_until') or 'no end stated'}"
    line = f"{validity['status']} ({validity['label']['en']} / {validity['label']['zh']}) as of {validity['as_of']}"
    if validity.get("effective_from") or validity.get("effective_until"):
        line += f"; period {period}"
    if validity.get("message"):
        line += f"\n    {validity['message']['en']}\n    {validity['message']['zh']}"
    clause = validity.get("clause")
    if clause and clause.get("unit"):
        line += f"\n    stated in {clause['unit']} ({clause['citation'].get('zh')}): {clause.get('sentence') or clause['words']}"
    elif clause and clause.get("from") == "header":
        line += (f"\n    stated in {clause['citation']['en']} ({clause['citation']['zh']}, {clause['path']} line "
                 f"{clause['line']}): {clause['sentence']}")
    elif clause and clause.get("reason"):
        line += f"\n    set in the manifest: {clause['reason']}"
    return line
