"""Validators for pages and API answers: an ETag per build and content, and 304 when it matches.

Every successful GET or HEAD answer made from a build gets ``ETag: "<build>-<digest>"``:
the build that answered (as ``X-KB-Build`` says) and a digest of the body, which also
covers what the body depends on besides the build (the interface language, the day
validity is judged on). A browser that sends it back in ``If-None-Match`` gets
``304 Not Modified`` with no body while both are the same; after a rebuild every ETag is
new. ``Cache-Control: no-cache`` lets a browser keep a copy but ask each time, since the
answer can change with the next build or the next day.

nginx in front compresses answers (:mod:`kb.serving`) and then weakens the ETag
(``W/"…"``); ``If-None-Match`` compares weakly, so the weak form matches too.
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, g, request


def install(app: Flask) -> None:
    @app.after_request
    def build_etag(response: Response) -> Response:
        if (request.method not in ("GET", "HEAD") or response.status_code != 200 or "kb" not in g
                or response.direct_passthrough or response.is_streamed or "ETag" in response.headers):
            return response
        digest = hashlib.blake2b(response.get_data(), digest_size=12).hexdigest()
        response.set_etag(f"{g.kb.build_dir.name}-{digest}")
        response.headers.setdefault("Cache-Control", "no-cache")
        return response.make_conditional(request)
