"""The gunicorn worker ``kb serve`` runs: gunicorn's gthread worker, whose own refusals are
answered in the site's error shape.

gunicorn's request parser is stricter than nginx's in places (a control byte in a header
value, a method of one or two or over twenty letters, a repeated ``Content-Type``), so a
request nginx passes on can still be refused by gunicorn before the app sees it. gunicorn
then writes a bare HTML page of its own. :class:`Worker` keeps everything gunicorn decides
(which requests it refuses, with which status, what it logs) and replaces only that page:
the same status, the JSON error shape ``{"ok": false, "error": ..., "status": ...}``
(the message :data:`kb.serving.FRONT_ERRORS` gives for the status, as nginx's own answers
say it) and the security headers every answer carries.

It lives apart from :mod:`kb.serving` so that the ``kb`` command does not import gunicorn's
workers (a tenth of a second) for every command; gunicorn loads it by name
(:data:`kb.serving.WORKER_CLASS`).
"""

from __future__ import annotations

import json
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

from .serving import FRONT_ERRORS


def error_answer(status: int, reason: str) -> bytes:
    """A whole HTTP/1.1 answer in the error shape, with the security headers, closing the connection."""
    from web import SECURITY_HEADERS

    message = FRONT_ERRORS.get(status) or reason.lower() or "the request could not be answered"
    body = json.dumps({"ok": False, "error": message, "status": status}).encode() + b"\n"
    lines = [f"HTTP/1.1 {status} {reason}", "Connection: close", "Content-Type: application/json",
             f"Content-Length: {len(body)}", *(f"{name}: {value}" for name, value in SECURITY_HEADERS.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class _ShapedErrors:
    """The client socket as gunicorn's error writer sees it: the bare page it sends is
    replaced by the same status in the error shape. Everything else goes to the socket."""

    def __init__(self, sock: Any):
        self._sock = sock

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)

    def sendall(self, data: bytes) -> None:
        # gunicorn's page begins with its status line: "HTTP/1.1 400 Bad Request".
        _version, status, reason = data.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
        self._sock.sendall(error_answer(int(status), reason))


class Worker(ThreadWorker):
    """gunicorn's gthread worker; a request its parser refuses is answered in the error shape."""

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        super().handle_error(req, _ShapedErrors(client), addr, exc)
