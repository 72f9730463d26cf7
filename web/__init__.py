"""The web front end of the knowledge base (Flask).

``create_app`` is the application factory. The app is a thin caller of
:mod:`kb`: each request gets the build ``current`` points to (loaded once per
process, swapped whole when ``kb build`` publishes a new one) on ``g``, and
every page is rendered from the same dictionary its JSON twin returns.

Blueprints by concern, each with its templates in ``templates/<blueprint>/``:

- ``search``: the search page ``/`` and ``/api/search``;
- ``home``: ``/`` without a query, what the knowledge base covers, and ``/api/home``;
- ``occupations``: ``/occupations/<id>`` and ``/api/items/<id>``;
- ``reader``: ``/docs/`` and ``/docs/<doc>``, twins under ``/api/docs/``;
- ``termbase``: ``/terms``, ``/api/terms`` and the TBX, CSV, xlsx and TMX downloads;
- ``eligibility``: ``/check-eligibility`` and ``/api/check-eligibility``;
- ``figures``: ``/stats`` and ``/api/stats``;
- ``chrome``: the interface language switch.

Errors under ``/api/`` answer in one JSON shape
``{"ok": false, "error": ..., "status": ...}``; pages answer with an HTML
page saying the same. Every response carries a Content-Security-Policy that
allows nothing but this site's own files, so no injected markup can run.

The site answers only to its trusted host names (Flask's ``TRUSTED_HOSTS``,
from ``KB_TRUSTED_HOSTS``; 127.0.0.1 and localhost by default): a request
naming another ``Host``, or none (HTTP/1.0 allows that), is a 400, so no other
name reaches a redirect or an absolute link. Such a request has no URL adapter, so its error page is
rendered from ``layout.html``, which builds no URL with ``url_for``.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import BadHost, HTTPException, MethodNotAllowed, SecurityError

from kb.errors import NotBuiltError
from kb.services.validity import parse_as_of, validity_as_of
from kb.store import KnowledgeBase, data_dir_from_env, load_current

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
DEFAULT_TRUSTED_HOSTS = ("127.0.0.1", "localhost")
# A host name as Werkzeug compares it: ASCII labels of 1-63 letters, digits and hyphens;
# a leading dot admits every subdomain. No port, no IPv6 literal (Werkzeug cannot match those).
_HOST_NAME = re.compile(r"\.?(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*", re.ASCII)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(KB_DATA_DIR=str(data_dir_from_env()), JSON_AS_ASCII=False,
                            MAX_CONTENT_LENGTH=64 * 1024, TRUSTED_HOSTS=trusted_hosts(),
                            KB_AS_OF=os.environ.get("KB_AS_OF") or None)
    if test_config:
        app.config.update(test_config)
    # A bad KB_AS_OF stops the app at start, naming it, rather than failing every request.
    parse_as_of(app.config["KB_AS_OF"], "KB_AS_OF")
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from . import caching, chrome, eligibility, figures, home, occupations, params, reader, search, termbase

    @app.before_request
    def named_host() -> None:
        """A request that names no host (HTTP/1.0 without ``Host``, for which Werkzeug passes
        an empty host through) is refused like an untrusted one: no URL can be built for it."""
        if not request.host:
            raise BadHost()

    for module in (chrome, search, home, occupations, reader, termbase, eligibility, figures):
        app.register_blueprint(module.bp)
    chrome.install(app)
    params.install(app)
    caching.install(app)  # after the headers below are set (Flask runs these last first)

    @app.get("/api/openapi.json")
    def openapi():  # type: ignore[no-untyped-def]
        """The OpenAPI description of ``/api/*`` (what the HTTP fuzz tests generate requests from)."""
        return jsonify(openapi_description())

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        """Every HTTP error: the JSON error shape for the API, an HTML page otherwise."""
        status = exc.code or 500
        if isinstance(exc, (SecurityError, BadHost)):
            # The Host is not trusted or not a valid name: no URL can be built for this request.
            return error_response("the Host header does not name a host this site answers to", status,
                                  with_navigation=False)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            allowed = ", ".join(sorted(exc.valid_methods))
            body, status = error_response(f"{request.method} is not allowed here; {request.path} answers {allowed}",
                                          status)
            return body, status, {"Allow": allowed}
        return error_response(exc.description or exc.name, status)

    @app.errorhandler(NotBuiltError)
    def not_built(exc: NotBuiltError):  # type: ignore[no-untyped-def]
        """No build to serve: none yet, another version's, or damaged. The message names no path
        of the server's disk (where and what are in ``exc.explain()``, for the log)."""
        return error_response(str(exc), 503)

    @app.after_request
    def security_headers(response):  # type: ignore[no-untyped-def]
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if "kb" in g:
            # Which build answered: every response comes from exactly one (see bench/load.py).
            response.headers["X-KB-Build"] = g.kb.build_dir.name
        return response

    @app.teardown_appcontext
    def drop_kb(_exc: BaseException | None) -> None:
        g.pop("kb", None)

    return app


@lru_cache(maxsize=1)
def openapi_description() -> dict[str, Any]:
    with (Path(__file__).parent / "openapi.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(message: str, status: int, with_navigation: bool = True):  # type: ignore[no-untyped-def]
    if wants_json():
        return jsonify({"ok": False, "error": message, "status": status}), status
    return render_template("error.html", message=message, status=status, with_navigation=with_navigation), status


def trusted_hosts(value: str | None = None) -> list[str]:
    """The host names the site answers to: ``value`` or ``KB_TRUSTED_HOSTS``, comma-separated
    (``.example.org`` admits every subdomain); 127.0.0.1 and localhost when neither names any."""
    if value is None:
        value = os.environ.get("KB_TRUSTED_HOSTS", "")
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    for name in names:
        if not _HOST_NAME.fullmatch(name):
            raise ValueError(f"{name!r} is not a host name (letters, digits, hyphens and dots; no port)")
    return names or list(DEFAULT_TRUSTED_HOSTS)


def get_kb() -> KnowledgeBase:
    """The knowledge base for this request: the current build, the same one for the whole request."""
    from flask import current_app

    if "kb" not in g:
        g.kb = load_current(current_app.config["KB_DATA_DIR"])
    return g.kb


def as_of() -> date:
    """The day validity is judged on: ``KB_AS_OF`` (``kb serve --as-of``), or today, per request."""
    from flask import current_app

    return parse_as_of(current_app.config.get("KB_AS_OF"), "KB_AS_OF")


def validity(doc_id: str) -> dict[str, Any]:
    """A document's validity on this request's as-of day (with its status and notice)."""
    return validity_as_of(get_kb().documents.get(doc_id) or {}, as_of())
