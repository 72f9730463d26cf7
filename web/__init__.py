"""The web front end of the knowledge base (Flask).

``create_app`` is the application factory. The app is a thin caller of
:mod:`kb`: it loads the built knowledge base once per request into ``g`` and
turns library errors into one JSON error shape
``{"ok": false, "error": ..., "status": ...}``. The search UI, occupation
pages, reader and term base pages arrive with their issues; for now it serves
the JSON API over the built records and sections.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g, jsonify
from werkzeug.exceptions import HTTPException

from kb.store import KnowledgeBase, data_dir_from_env


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(KB_DATA_DIR=str(data_dir_from_env()), JSON_AS_ASCII=False)
    if test_config:
        app.config.update(test_config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    from . import api

    app.register_blueprint(api.bp)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        """Every HTTP error as the one JSON error shape."""
        status = exc.code or 500
        return jsonify({"ok": False, "error": exc.description, "status": status}), status

    @app.teardown_appcontext
    def drop_kb(_exc: BaseException | None) -> None:
        g.pop("kb", None)

    return app


def get_kb() -> KnowledgeBase:
    """The knowledge base for this request, loaded on first use."""
    from flask import current_app

    if "kb" not in g:
        g.kb = KnowledgeBase.load(current_app.config["KB_DATA_DIR"])
    return g.kb
