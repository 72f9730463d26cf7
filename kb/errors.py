"""Exceptions raised while reading the corpus or the built knowledge base.

Every error that can reach a user names what was wrong and where, so the CLI
can print it as it is and the web app can turn it into a JSON error.
"""

from __future__ import annotations

from pathlib import Path


class KBError(Exception):
    """Base class for every error the knowledge base raises on purpose."""


class CorpusError(KBError):
    """A source document, the manifest or a curated file is malformed."""

    def __init__(self, path: str | Path, line: int | None, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


class NotBuiltError(KBError):
    """The data directory holds no build that can be served.

    The message is shown on the web as it is, so it names no path of the server's disk;
    ``where`` (the data directory or build) and ``detail`` (what was found) are for the
    operator's own terminal and log: :meth:`explain` gives all three.
    """

    def __init__(self, message: str, where: str | None = None, detail: str | None = None):
        super().__init__(message)
        self.where = where
        self.detail = detail

    def explain(self) -> str:
        """The message with where it was found and what, for the CLI and the log."""
        return "\n  ".join([str(self), *(part for part in (self.where, self.detail) if part)])


class OutdatedBuildError(NotBuiltError):
    """The data directory holds a build this version cannot read (an older layout or format);
    ``kb build`` writes one it can. Served like no build at all: 503, "run `kb build`"."""


class DamagedBuildError(NotBuiltError):
    """A build's files no longer match the checksums ``kb build`` wrote (truncated, overwritten,
    deleted, or a file added): it is never read half-way. Served like no build (503), unless
    an intact build before it can be served instead."""

    def __init__(self, build_dir: Path, detail: str):
        super().__init__("the build is damaged; run `kb build`", where=f"build: {build_dir}", detail=detail)
        self.build_dir = build_dir


class BuildLockedError(KBError):
    """Another ``kb build`` holds the data directory's lock (and this one was told not to wait)."""


class QueryError(KBError, ValueError):
    """A search request that cannot be answered as asked (unknown kind, filter or limit)."""


class QueryTooComplex(QueryError):
    """A query that asks for more work than one search may do (:mod:`kb.search.query.budget`).

    ``detail`` says what is over the limit and how to simplify, without naming the parameter:
    the message is "the query " + detail, and the web says "q " + detail."""

    def __init__(self, detail: str):
        self.detail = detail
        super().__init__(f"the query {detail}")


class UnknownItemError(KBError, LookupError):
    """No record or section has the requested id."""


class InputError(KBError):
    """What a command was given (an option, a file to add) that it cannot use as it is; the
    message names the option (``--city``) or the file and line, and what to do."""
