"""``kb serve``: the web app and JSON API, nginx in front of gunicorn (:mod:`kb.serving`)."""

from __future__ import annotations

import os

import click

from .common import BoundedInt, data_dir_option


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (only this one; 127.0.0.1 keeps the server local).")
@click.option("--port", default=8000, show_default=True, type=BoundedInt(1, 65535))
@click.option("--workers", default=2, show_default=True, type=BoundedInt(1, 64),
              help="Worker processes (gunicorn gthread workers; 2 suits a two-core machine).")
@click.option("--trusted-host", "trusted_hosts", multiple=True, metavar="NAME",
              help="A host name the site answers to (repeatable; .example.org admits its subdomains). "
                   "Default: KB_TRUSTED_HOSTS, else 127.0.0.1 and localhost; a named --host is added.")
@click.option("--access-log", is_flag=True, help="Log every request (nginx's log, to standard output).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="Judge whether documents are in force on this day (env KB_AS_OF; default: each request's today).")
@data_dir_option
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int, trusted_hosts: tuple[str, ...],
          access_log: bool, as_of: str | None) -> None:
    """Serve the web app and JSON API until Ctrl-C: nginx in front of gunicorn (preloaded, never in debug mode)."""
    from .. import serving
    from ..services.validity import AsOfError, parse_as_of

    name, value = ("--as-of", as_of) if as_of is not None else ("KB_AS_OF", os.environ.get("KB_AS_OF"))
    try:
        parse_as_of(value, name)
    except AsOfError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        plan = serving.prepare(ctx.obj["data_dir"], host, port, workers, access_log, trusted_hosts)
    except serving.ServeError as exc:
        raise click.ClickException(str(exc)) from None
    if value:
        # A fixed day for every request; without one each request judges validity on its own today.
        plan.env["KB_AS_OF"] = value.strip()
    if plan.warning:
        click.echo(f"Warning: {plan.warning}", err=True)
    click.echo(f"Serving {plan.build_dir} at {plan.url} (nginx in front of gunicorn, {workers} "
               f"worker{'s' if workers > 1 else ''}; trusted hosts {plan.env['KB_TRUSTED_HOSTS']}; Ctrl-C stops)")
    serving.run(plan)
