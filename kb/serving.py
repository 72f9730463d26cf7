"""Serving the web app with gunicorn: what ``kb serve`` runs.

``kb serve`` checks that there is a build, then replaces itself with a
gunicorn master (``python -m gunicorn``), so Ctrl-C and SIGTERM reach gunicorn
directly and shut it down gracefully. The data directory reaches the app
through the environment variable ``KB_DATA_DIR``, which
:func:`web.create_app` reads (via :func:`kb.store.data_dir_from_env`).

Choices, in one place:

- **Preloaded** (``--preload``): the master imports the app once, and
  :func:`wsgi_app` loads jieba's dictionary there (about a second) so every
  worker forks with it already in memory. The Whoosh index is deliberately
  *not* opened in the master: its readers keep file positions (seek, then
  read), and without mmap they read through a file descriptor whose offset
  forked workers would share. Each worker opens it on first search (tens of
  milliseconds).
- **gthread workers, 4 threads each, running the app one request at a time.**
  A sync worker blocks in ``recv()`` on a connection that sends nothing, and
  Chrome opens such speculative (preconnect) connections: with no proxy in
  front, a page could hang until the worker timeout (30 s). A gthread worker
  gives a new connection to a thread, which waits at most 5 s for a request
  before parking it in a selector, so a few threads absorb a browser's idle
  connections while another thread answers the real request. The app itself
  runs under one lock per process (:class:`OneAtATime`): the request path is
  CPU-bound under the GIL, so more concurrent requests per process would add
  no throughput, and the search path shares one Whoosh searcher per process,
  which is not thread-safe (its readers seek and then read shared file
  objects). Concurrency comes from the worker processes (default 2, one per
  core on a small machine).
- **Never debug**: ``app.debug`` is forced off and ``FLASK_DEBUG`` is not
  passed on; no ``--reload``.
- **A new build is served without a restart**: each request resolves the
  ``current`` link once and uses that build for the whole request
  (:func:`kb.store.load_current` loads a new build once per process, whole);
  the atomic swap by ``kb build`` takes effect on the next request in every
  worker, and jieba only changes the user-dictionary words that differ.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .errors import NotBuiltError, OutdatedBuildError
from .store import KnowledgeBase, data_dir_from_env

if TYPE_CHECKING:
    from flask import Flask

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_WORKERS = 2
WORKER_CLASS = "gthread"
THREADS = 4
# Seconds. A worker that does not report to the master for TIMEOUT is killed and
# replaced; on Ctrl-C/SIGTERM workers get GRACEFUL_TIMEOUT to finish requests;
# an idle keep-alive connection is closed after KEEP_ALIVE.
TIMEOUT = 30
GRACEFUL_TIMEOUT = 10
KEEP_ALIVE = 5
# Workers are not recycled after a number of requests: what a worker keeps is bounded
# (two builds and their searchers, capped posting and look-up caches), and bench/load.py
# checks that its memory stays flat under load and rebuilds.

APP = "kb.serving:wsgi_app()"


class ServeError(Exception):
    """``kb serve`` cannot start; the message says why and what to do."""


@dataclass
class ServePlan:
    """Everything needed to start gunicorn: its arguments, environment and the URL."""

    url: str
    build_dir: Path
    argv: list[str]
    env: dict[str, str] = field(repr=False)


def format_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def gunicorn_args(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, workers: int = DEFAULT_WORKERS,
                  access_log: bool = False) -> list[str]:
    """gunicorn's command-line arguments (without the program name)."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    args = [
        "--bind", bind,
        "--workers", str(workers),
        "--worker-class", WORKER_CLASS,
        "--threads", str(THREADS),
        "--preload",
        "--timeout", str(TIMEOUT),
        "--graceful-timeout", str(GRACEFUL_TIMEOUT),
        "--keep-alive", str(KEEP_ALIVE),
        # gunicorn ≥ 25.1 opens a control socket at one fixed path per user by
        # default, which a second server (tests, a second checkout) would fight over.
        "--no-control-socket",
        "--error-logfile", "-",
    ]
    if access_log:
        args += ["--access-logfile", "-"]
    return [*args, APP]


def check_build(data_dir: Path) -> Path:
    """The build directory that would be served, or :class:`ServeError`."""
    try:
        return KnowledgeBase.load(data_dir).build_dir
    except OutdatedBuildError as exc:
        raise ServeError(f"nothing to serve: {exc}") from None
    except NotBuiltError:
        raise ServeError(f"nothing to serve: no knowledge base in {data_dir} (run `kb build` first)") from None
    except (OSError, ValueError) as exc:
        raise ServeError(f"the build in {data_dir} cannot be read ({exc}); run `kb build` again") from None


def check_port(host: str, port: int) -> None:
    """Fail early, with a hint, if ``host:port`` cannot be bound (gunicorn would retry for 5 seconds)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"cannot bind to {host}: {exc.strerror}") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(f"port {port} on {host} is already in use (choose another with --port)") from None
            raise ServeError(f"cannot bind to {host}:{port}: {exc.strerror}") from None


def prepare(data_dir: Path | str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
            workers: int = DEFAULT_WORKERS, access_log: bool = False) -> ServePlan:
    """Check the build and the address, and return how to start gunicorn."""
    data_dir = Path(data_dir).resolve()
    build_dir = check_build(data_dir)
    check_port(host, port)
    env = {k: v for k, v in os.environ.items() if k not in ("FLASK_DEBUG", "GUNICORN_CMD_ARGS")}
    env["KB_DATA_DIR"] = str(data_dir)
    argv = [sys.executable, "-m", "gunicorn", *gunicorn_args(host, port, workers, access_log)]
    return ServePlan(url=format_url(host, port), build_dir=build_dir, argv=argv, env=env)


def run(plan: ServePlan) -> NoReturn:
    """Replace this process with the gunicorn master."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(plan.argv[0], plan.argv, plan.env)


def wsgi_app() -> "OneAtATime":
    """The app gunicorn serves: :func:`web.create_app`, never in debug mode, with jieba preloaded.

    Under ``--preload`` this runs once, in the master, before the workers fork.
    """
    from web import create_app

    app = create_app()
    app.debug = False
    preload(data_dir_from_env(app.config["KB_DATA_DIR"]))
    return OneAtATime(app)


class OneAtATime:
    """A WSGI app that runs the wrapped app for one request at a time in this process.

    The lock covers the view and its teardown (Flask finishes both before it
    returns). gunicorn's threads wait for request headers and write responses
    outside it, so an idle connection or a slow reader does not hold it; a
    request body is read by the view, under the lock (the app takes no uploads).
    """

    def __init__(self, app: "Flask"):
        self.app = app
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        with self._lock:
            return self.app(environ, start_response)


def preload(data_dir: Path) -> None:
    """Load what every worker needs and that holds no file open: the search modules and
    jieba with the current build's user dictionary (the same call a searcher makes, so a
    worker's first search finds it configured)."""
    from . import search  # noqa: F401  (numpy, whoosh, OpenCC bindings)
    from .search.analysis import configure

    try:
        build_dir = KnowledgeBase.load(data_dir).build_dir
    except NotBuiltError:
        return  # nothing to warm; requests answer 503 until `kb build`
    configure(build_dir / "userdict.txt", build_dir.parent.parent / "cache")
