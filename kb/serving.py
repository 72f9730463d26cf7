"""Serving the web app: what ``kb serve`` runs.

``kb serve`` runs two servers and stays in the foreground to supervise them:

- **nginx in front** (Debian's ``nginx`` package, with its JavaScript module from
  ``libnginx-mod-http-js``), listening on ``--host:--port``
  and nowhere else. ``kb serve`` writes its configuration into the data
  directory (``serve/<port>/nginx.conf``, with its temporary files and pid
  there too) and starts it itself; no root is needed, and the system's own
  nginx configuration and service are not used.
- **gunicorn behind it**, on a Unix socket only nginx connects to (in a private
  temporary directory, so the data directory can be copied while a server
  runs), serving :func:`wsgi_app`.

Signals, and what happens to requests in flight:

- **Ctrl-C or SIGTERM: a graceful stop.** nginx first (SIGQUIT: it stops
  accepting and finishes every request it has, each answered whole), then
  gunicorn (SIGTERM: its workers finish theirs within :data:`GRACEFUL_TIMEOUT`).
  Connections made after that are refused; none is cut off mid-answer.
- **SIGHUP: a graceful reload, nothing lost.** gunicorn starts new workers (forked
  from its preloaded master) and the old ones finish their requests before they
  exit; nginx rereads its configuration (written again) and starts new workers
  while the old ones finish theirs. The listening sockets stay open throughout,
  and a request nginx sends on a kept-alive connection that an old gunicorn
  worker has just closed is sent again on a new one (nginx retries a cached
  connection), so every request is answered whole.
- **A new build** needs neither: it is served from the next request (below).
- **A crash** (a worker killed, by the kernel or ``kill -9``) loses what that
  worker had: nginx answers 502 in the error shape for a request whose answer had
  not begun, and an answer that had begun is cut short. gunicorn starts a new
  worker at once. Only a crash can truncate an answer.

If either server exits on its own, the other is stopped and ``kb serve`` exits
with status 1. Both are told to stop if ``kb serve`` itself is killed
(``PR_SET_PDEATHSIG`` on Linux).

Why a buffering front (slow clients)
------------------------------------

gunicorn's sync and gthread workers give a connection to a process or thread
while its request is still arriving, and gunicorn has no timeout for the
request line and headers: eight connections that send half a request, or
fifty that send nothing, left normal requests unanswered for as long as they
lasted. gunicorn's own deployment guide says to run it behind a proxy that
buffers slow clients, and names nginx; this is also the standard arrangement
for a Flask app on a public site. nginx reads each request whole before it
passes it on (the request line and headers within :data:`HEADER_TIMEOUT`
seconds in all, however slowly they trickle, then the connection is dropped),
holds idle connections in one event loop at no cost to the app, and buffers
each response, so a slow reader holds an nginx buffer rather than a gunicorn
thread. gunicorn only ever sees complete requests from a fast local client.

The alternatives were weighed: gunicorn's gevent worker does drop idle and
half-sent connections after its keep-alive time, but gunicorn caps the request
line at 8,190 bytes (or nothing at all, with the whole line then parsed in the
worker's one thread), below the 18,000-24,000 bytes a 2,000-character Chinese
parameter takes percent-encoded, and it would monkey-patch the standard library
after ``--preload`` has imported the app. A single-process threaded server
(waitress) would give up one of the two cores the workers use.

Limits (the front admits every request the app's rules accept)
---------------------------------------------------------------

The app refuses a parameter over 2,000 characters (400) and a query string
over 24 KiB (414), in its error shape (:mod:`web.params`). nginx admits a
request line up to :data:`HEADER_BUFFER` (32 KiB) and headers up to 32 KiB each
and 128 KiB in all, so every request the app's rules accept reaches it; above
that nginx answers itself (414, 431), and every answer nginx makes itself (400
for an unreadable request or Host, 405 for TRACE, 413 for a body over 64 KiB,
429 over the per-client limits, 502/504 if gunicorn is not answering) is in the
error shape with the security headers. gunicorn's own limits are lifted to what
nginx admits. nginx sets the ``X-Forwarded-*`` headers gunicorn trusts from its
socket, so a client cannot set them.

Where nginx and gunicorn read requests differently
--------------------------------------------------

nginx passes on some requests gunicorn's stricter parser refuses, and gunicorn
answered those with its bare HTML 400 (no security headers, not the error shape).
Two cases, two rules:

- **Legitimate: raw UTF-8 in the request target.** curl and many scripts send
  ``/?q=中文`` as typed, not percent-encoded; nginx accepts it and gunicorn
  refuses any byte outside printable ASCII in a target. nginx re-encodes such a
  target before passing it on: a map on ``$request_uri`` sends a target with such
  bytes through a few lines of nginx's own JavaScript module (njs,
  :data:`TARGET_JS`), which percent-encodes exactly those bytes, and
  ``proxy_pass http://kb_app$kb_target`` sends the result. gunicorn then receives
  byte for byte what the percent-encoded twin sends, so the answer is the twin's.
  Every other target goes as it came, without running the script. (nginx's core
  cannot do this: it re-escapes only the path, and only when ``proxy_pass`` names
  a URI, decoding ``%2F`` on the way; gunicorn has no setting for it.)
- **Refused: whatever else gunicorn's parser refuses** (a control byte in a header
  value, a method of one or two or over twenty letters, a repeated
  ``Content-Type``, and whatever a later gunicorn adds) is answered by gunicorn in
  the error shape with the security headers: ``kb serve`` runs gunicorn's gthread
  worker with only its error page replaced (:mod:`kb.serving_worker`). That is one
  rule at the server that refuses, for every such request, rather than a copy of
  gunicorn's rules in nginx (nginx cannot look at every header value without a
  script) or ``proxy_intercept_errors``, which would also replace the app's own
  400s, the ones that name the bad parameter.

Two more requests are refused: one naming **no host** (HTTP/1.0 without
``Host``, for which Werkzeug passes an empty host through and which was
redirected to ``http:///docs/``) is a 400 from the app, like an untrusted host;
an **HTTP/0.9** request (a request line without a version, which nginx would
answer with a bare body, no status or headers) gets no answer at all: nginx
closes the connection (its code 444).

Per-client limits (nginx ``limit_req`` and ``limit_conn``)
----------------------------------------------------------

Each client address may send :data:`RATE_PER_CLIENT` requests a second with
bursts of :data:`RATE_BURST` at once, and have :data:`CONNECTIONS_PER_CLIENT`
requests in progress; beyond either nginx answers 429 itself, in the error shape
with ``Retry-After``, at no cost to the app. The limits are generous (the rate
twice the most two workers have served one client on two cores; ``bench/load.py``
with 64 connections from one client stays below them): one client may use the
whole server but cannot queue unbounded work ahead of everyone else; what one
request may cost is bounded by the search itself. The burst is rejected at once
(``nodelay``) rather than queued, so a client over the limit learns it from the
429 instead of waiting. Clients behind one proxy share an address, and so its
limits.

The app's choices, unchanged behind the front
---------------------------------------------

- **Preloaded** (``--preload``): the master imports the app once, and
  :func:`wsgi_app` loads jieba's dictionary there (about a second) so every
  worker forks with it already in memory. The Whoosh index is deliberately
  *not* opened in the master: its readers keep file positions (seek, then
  read), and without mmap they read through a file descriptor whose offset
  forked workers would share. Each worker opens it on first search (tens of
  milliseconds).
- **gthread workers, 8 threads each, running the app one request at a time
  (costly searches in a lane of their own: :class:`OneAtATime`),
  with one malloc arena per process** (:data:`MALLOC_ARENAS`).
  nginx keeps a few keep-alive connections to gunicorn
  (:data:`UPSTREAM_KEEPALIVE`), which a gthread worker parks in a selector
  between requests. The app itself runs under one lock per process
  (:class:`OneAtATime`): the request path is CPU-bound under the GIL, so more
  concurrent requests per process would add no throughput, and the search path
  shares one Whoosh searcher per process, which is not thread-safe (its readers
  seek and then read shared file objects). Concurrency comes from the worker
  processes (default 2, one per core on a small machine).
- **Never debug**: ``app.debug`` is forced off and ``FLASK_DEBUG`` is not
  passed on; no ``--reload``.
- **Trusted hosts**: the app answers only to the names in ``KB_TRUSTED_HOSTS``
  (``--trusted-host``; 127.0.0.1, localhost and a named ``--host`` by default),
  so no other Host reaches a redirect or an absolute link.
- **A new build is served without a restart**: each request resolves the
  ``current`` link once and uses that build for the whole request
  (:func:`kb.store.load_current` loads a new build once per process, whole);
  the atomic swap by ``kb build`` takes effect on the next request in every
  worker, and jieba only changes the user-dictionary words that differ.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NoReturn

from .errors import NotBuiltError
from .store import data_dir_from_env, load_servable

if TYPE_CHECKING:
    from flask import Flask

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_WORKERS = 2
# gunicorn's gthread worker, answering its own refusals in the error shape (kb/serving_worker.py).
WORKER_CLASS = "kb.serving_worker.Worker"
# Threads per worker: the costly lane's waiting requests (COSTLY_WAITING, and the one in the
# lane) hold threads of their own, and normal requests still find one free.
THREADS = 8
# Costly searches (query syntax, or long; kb.search.query.budget.costly) waiting for their lane
# in one process before one more is refused with 429 (OneAtATime).
COSTLY_WAITING = 3
COSTLY_BUSY = ("too many searches with query syntax or long queries at once; try again in a moment, "
               "or search plain words")
# Seconds. A worker that does not report to the master for TIMEOUT is killed and
# replaced; on Ctrl-C/SIGTERM workers get GRACEFUL_TIMEOUT to finish requests;
# an idle keep-alive connection from nginx is closed after KEEP_ALIVE.
TIMEOUT = 30
GRACEFUL_TIMEOUT = 10
KEEP_ALIVE = 5
# Workers are not recycled after a number of requests: what a worker keeps is bounded
# (two builds and their searchers, capped posting and look-up caches; see
# tests/test_rebuild_memory.py), and bench/rebuilds.py checks that its memory stays flat
# over 30 rebuilds under load. glibc's malloc gives each thread that allocates its own arena
# (up to eight per core); a gthread worker's threads take turns loading builds, and each
# build's freed memory stayed scattered over their arenas: RSS rose by about 2 MB per
# rebuild. One arena per process (the app runs one request at a time in a process anyway,
# :class:`OneAtATime`) keeps it flat; a MALLOC_ARENA_MAX already set is left as it is.
MALLOC_ARENAS = 1

# The front (nginx). Seconds: a client has HEADER_TIMEOUT for its request line and headers
# in all, BODY_TIMEOUT between two reads of a body, SEND_TIMEOUT between two writes of the
# answer; an idle keep-alive connection is closed after CLIENT_KEEP_ALIVE.
HEADER_TIMEOUT = 10
BODY_TIMEOUT = 10
SEND_TIMEOUT = 10
CLIENT_KEEP_ALIVE = 5
# Bytes. The request line must fit one header buffer; headers take up to HEADER_BUFFERS of them.
HEADER_BUFFER = 32 * 1024
HEADER_BUFFERS = 4
MAX_BODY = 64 * 1024  # the app's MAX_CONTENT_LENGTH; it takes no uploads
# Per client address, at the front (nginx's limit_req and limit_conn): RATE_PER_CLIENT requests
# a second sustained, with up to RATE_BURST more at once, and at most CONNECTIONS_PER_CLIENT
# requests in progress at a time (being answered, or their answers being sent). Beyond either,
# nginx answers 429 itself (error shape, Retry-After: RETRY_AFTER seconds, by when a full burst
# has drained) without the app doing any work. Generous: the rate is about twice the most two
# workers have served one client on a two-core machine (1,084 searches a second; bench/load.py
# from one client over 16-64 connections reaches 500-1,000), and the burst is above the 64
# connections bench/load.py opens at once, so one client may use the whole server; what the
# limits stop is a client queueing unbounded work ahead of everyone else.
RATE_PER_CLIENT = 2000
RATE_BURST = 100
CONNECTIONS_PER_CLIENT = 128
RETRY_AFTER = 1
# Bytes of nginx's shared memory for the per-client counters (about 16,000 addresses a MiB).
RATE_ZONE = 10 * 1024 * 1024
# Idle connections nginx keeps open to gunicorn, closed before gunicorn's KEEP_ALIVE would.
UPSTREAM_KEEPALIVE = 16
UPSTREAM_KEEPALIVE_TIMEOUT = KEEP_ALIVE - 1
# Compression at the front: the media types besides HTML (JSON, the TBX and TMX exports,
# CSV, the style sheet and scripts), answers of at least GZIP_MIN_LENGTH bytes, at a level
# that costs little processor time for most of the gain.
GZIP_TYPES = ("application/json", "application/x-tbx+xml", "application/x-tmx+xml", "application/xml", "text/xml",
              "text/csv", "text/plain", "text/css", "application/javascript", "text/javascript", "image/svg+xml")
GZIP_LEVEL = 5
GZIP_MIN_LENGTH = 1024
# The answers nginx makes itself, in the app's error shape.
FRONT_ERRORS = {
    400: "the request could not be read (a malformed request line or header, or an invalid Host)",
    404: "not found",
    405: "method not allowed: the site answers GET, HEAD and OPTIONS",
    411: "a request body needs a Content-Length",
    413: f"the request body is over {MAX_BODY // 1024} KiB; the site takes no uploads",
    414: f"the request line is over {HEADER_BUFFER // 1024} KiB",
    429: f"too many requests from this address (over {RATE_PER_CLIENT} a second, or "
         f"{CONNECTIONS_PER_CLIENT} at once); try again in {RETRY_AFTER} s",
    431: f"a request header is over {HEADER_BUFFER // 1024} KiB, or all of them over "
         f"{HEADER_BUFFERS * HEADER_BUFFER // 1024} KiB",
    500: "the server failed",
    501: "this transfer coding is not implemented",
    502: "the application server is not answering; try again in a moment",
    503: "the application server is not answering; try again in a moment",
    504: "the application server did not answer in time",
    505: "this HTTP version is not supported",
}
NGINX = ("nginx", "/usr/sbin/nginx")
# nginx's JavaScript module (njs; Debian's libnginx-mod-http-js), for TARGET_JS.
JS_MODULE = Path("/usr/lib/nginx/modules/ngx_http_js_module.so")
FRONT_DEBS = "nginx libnginx-mod-http-js"
# Written beside nginx.conf: a request target with every byte outside printable ASCII (what
# gunicorn's parser admits) percent-encoded, as a client that encodes its URLs sends it.
TARGET_SCRIPT = "kb_front.js"
TARGET_JS = """// Written by `kb serve` (kb/serving.py) on every start; edits are lost.
function target(r) {
    var raw = r.rawVariables.request_uri;
    var out = '';
    for (var i = 0; i < raw.length; i++) {
        var b = raw[i];
        out += (b > 0x20 && b < 0x7f) ? String.fromCharCode(b)
            : '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
    }
    return out;
}

export default {target};
"""
START_TIMEOUT = 60.0  # seconds; the gunicorn master loads jieba (about a second) before it listens

APP = "kb.serving:wsgi_app()"


class ServeError(Exception):
    """``kb serve`` cannot start; the message says why and what to do."""


@dataclass
class ServePlan:
    """Everything needed to start the two servers: their commands, nginx's configuration,
    gunicorn's environment, where their files go, and the URL."""

    url: str
    build_dir: Path
    run_dir: Path
    socket_path: Path
    gunicorn: list[str]
    nginx: list[str]
    nginx_conf: str = field(repr=False)
    env: dict[str, str] = field(repr=False)
    address: tuple[str, int] = (DEFAULT_HOST, DEFAULT_PORT)
    warning: str | None = None  # the current build is damaged: an older one is served


def format_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def gunicorn_args(socket_path: Path, workers: int = DEFAULT_WORKERS) -> list[str]:
    """gunicorn's command-line arguments (without the program name): behind nginx, on a Unix socket."""
    return [
        "--bind", f"unix:{socket_path}",
        "--workers", str(workers),
        "--worker-class", WORKER_CLASS,
        "--threads", str(THREADS),
        "--preload",
        "--timeout", str(TIMEOUT),
        "--graceful-timeout", str(GRACEFUL_TIMEOUT),
        "--keep-alive", str(KEEP_ALIVE),
        # nginx has already bounded the request line and headers (HEADER_BUFFER and
        # HEADER_BUFFERS): admit all of it, so gunicorn never answers with its bare page.
        "--limit-request-line", "0",
        "--limit-request-field_size", str(2 * HEADER_BUFFER),
        "--limit-request-fields", "32768",
        # gunicorn ≥ 25.1 opens a control socket at one fixed path per user by
        # default, which a second server (tests, a second checkout) would fight over.
        "--no-control-socket",
        "--error-logfile", "-",
        APP,
    ]


def nginx_config(host: str, port: int, run_dir: Path, socket_path: Path, access_log: bool = False) -> str:
    """nginx's configuration: listen on ``host:port`` only, buffer every request and answer,
    pass them to gunicorn on ``socket_path``, and answer its own refusals in the error shape."""
    from web import SECURITY_HEADERS

    listen = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    nofile = _open_files_allowed()
    user = ""
    if os.geteuid() == 0:
        # Root starts the workers as someone else; they must reach the socket and the run
        # directory, so they stay who kb serve is.
        import grp
        import pwd

        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    headers = "\n".join(f'      add_header {name} "{value}" always;' for name, value in SECURITY_HEADERS.items())
    error_pages = []
    error_locations = []
    for status, message in FRONT_ERRORS.items():
        body = json.dumps({"ok": False, "error": message, "status": status})
        assert "'" not in body and "$" not in body, body
        extra = f"\n      add_header Retry-After {RETRY_AFTER} always;" if status == 429 else ""
        # nginx reports headers too large as its own code 494 and sends 400; 431 says what it is.
        error_pages.append(f"    error_page {'494 =431' if status == 431 else status} /.kb-front/{status};")
        error_locations.append(f"    location = /.kb-front/{status} {{\n      internal;\n{headers}{extra}\n"
                               f"      default_type application/json;\n      return {status} '{body}\\n';\n    }}")
    tmp = run_dir / "tmp"
    return f"""# Written by `kb serve` (kb/serving.py) on every start; edits are lost.
load_module {find_js_module()};
daemon off;
worker_processes 1;
worker_rlimit_nofile {nofile};
pid {run_dir / "nginx.pid"};
error_log stderr warn;
{user}
events {{
  worker_connections {nofile // 2};
}}

http {{
  access_log {"/dev/stdout combined" if access_log else "off"};
  server_tokens off;
  client_body_temp_path {tmp / "body"};
  proxy_temp_path {tmp / "proxy"};
  fastcgi_temp_path {tmp / "fastcgi"};
  uwsgi_temp_path {tmp / "uwsgi"};
  scgi_temp_path {tmp / "scgi"};

  # Slow clients: the request line and headers in {HEADER_TIMEOUT} s in all, however slowly
  # they trickle; then the connection is dropped (reset).
  client_header_timeout {HEADER_TIMEOUT}s;
  client_body_timeout {BODY_TIMEOUT}s;
  send_timeout {SEND_TIMEOUT}s;
  keepalive_timeout {CLIENT_KEEP_ALIVE}s;
  reset_timedout_connection on;

  # Limits: above the app's own (a query string of at most 24 KiB), so every request the
  # app accepts reaches it.
  client_header_buffer_size 1k;
  large_client_header_buffers {HEADER_BUFFERS} {HEADER_BUFFER // 1024}k;
  client_max_body_size {MAX_BODY // 1024}k;

  # Text answers compressed for clients that accept gzip (the reader is some 120 KB of HTML,
  # the TMX 700 KB): HTML always, and the types in GZIP_TYPES. The app's ETags become weak
  # ones (W/"…"), which If-None-Match still matches (web/caching.py).
  gzip on;
  gzip_comp_level {GZIP_LEVEL};
  gzip_min_length {GZIP_MIN_LENGTH};
  gzip_proxied any;
  gzip_vary on;
  gzip_types {" ".join(GZIP_TYPES)};

  # Per client address (RATE_PER_CLIENT, CONNECTIONS_PER_CLIENT): beyond them, 429.
  limit_req_zone $binary_remote_addr zone=kb_rate:{RATE_ZONE // 1024 // 1024}m rate={RATE_PER_CLIENT}r/s;
  limit_conn_zone $binary_remote_addr zone=kb_conn:{RATE_ZONE // 1024 // 1024}m;
  limit_req_status 429;
  limit_conn_status 429;
  limit_req_log_level warn;
  limit_conn_log_level warn;

  # The request target as gunicorn reads it: raw bytes outside printable ASCII (UTF-8 that
  # a client did not percent-encode, `?q=中文`) percent-encoded, so gunicorn (which refuses
  # them) gets what the client's percent-encoded twin would send. Only such targets run the
  # script; the rest go as they came.
  js_import kb_front from {run_dir / TARGET_SCRIPT};
  js_set $kb_encoded_target kb_front.target;
  map $request_uri $kb_target {{
    "~[^\\x21-\\x7e]" $kb_encoded_target;
    default $request_uri;
  }}

  upstream kb_app {{
    server unix:{socket_path} max_fails=0;
    keepalive {UPSTREAM_KEEPALIVE};
    keepalive_timeout {UPSTREAM_KEEPALIVE_TIMEOUT}s;
  }}

  server {{
    listen {listen} default_server;
{chr(10).join(error_pages)}

    limit_req zone=kb_rate burst={RATE_BURST} nodelay;
    limit_conn kb_conn {CONNECTIONS_PER_CLIENT};

    location / {{
      # HTTP/0.9 (a request line without a version) would be answered with a bare body, no
      # status and no headers: the connection is closed without an answer instead (444).
      # Here, not at the server level: nginx's own error pages for unreadable requests
      # (no protocol either) pass through the server level again.
      if ($server_protocol = "") {{
        return 444;
      }}
      proxy_pass http://kb_app$kb_target;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # The Host as the client sent it: the app answers only to its trusted hosts.
      proxy_set_header Host $http_host;
      # gunicorn trusts these from its socket; only nginx sets them.
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Protocol "";
      proxy_set_header X-Forwarded-Ssl "";
      proxy_set_header Forwarded "";
      # Whole answers are buffered, so a slow reader holds nginx memory, not a gunicorn thread.
      proxy_buffering on;
      proxy_buffer_size 16k;
      proxy_buffers 32 16k;
      proxy_read_timeout {TIMEOUT + 5}s;
    }}

{chr(10).join(error_locations)}
  }}
}}
"""


def _open_files_allowed() -> int:
    """Descriptors for nginx's one worker: 8192, or what the hard limit allows."""
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return 8192 if hard == resource.RLIM_INFINITY else max(256, min(8192, hard))


def find_nginx() -> str:
    """The nginx program (with its JavaScript module), or :class:`ServeError` saying how to install it."""
    for candidate in NGINX:
        found = shutil.which(candidate)
        if found:
            find_js_module()
            return found
    raise ServeError("kb serve runs nginx in front of gunicorn, and nginx is not installed: "
                     f"`sudo apt-get install -y {FRONT_DEBS}` (`make run` installs it when run as root). "
                     "For development without it: `flask --app web run`.")


def find_js_module() -> Path:
    """nginx's JavaScript module, or :class:`ServeError` saying how to install it."""
    if not JS_MODULE.is_file():
        raise ServeError(f"kb serve needs nginx's JavaScript module ({JS_MODULE}), which is not installed: "
                         f"`sudo apt-get install -y {FRONT_DEBS}` (`make run` installs it when run as root).")
    return JS_MODULE


def check_build(data_dir: Path) -> tuple[Path, str | None]:
    """The build directory that would be served (its checksums verified, as every worker will),
    and a warning when it is an older intact build served instead of a damaged current one;
    :class:`ServeError` when there is none."""
    try:
        kb, damage = load_servable(data_dir)
    except NotBuiltError as exc:  # none, outdated, or damaged with no intact build before it
        raise ServeError(f"nothing to serve: {exc.explain()}") from None
    except (OSError, ValueError) as exc:
        raise ServeError(f"the build in {data_dir} cannot be read ({exc}); run `kb build` again") from None
    if damage is None:
        return kb.build_dir, None
    return kb.build_dir, (f"{damage.explain()}\n  serving {kb.build_dir.name} instead, the newest intact "
                          f"build before it, until a new `kb build`")


def check_port(host: str, port: int) -> None:
    """Fail early, with a hint, if ``host:port`` cannot be bound."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"cannot bind to {host}: {exc.strerror}") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx does
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(f"port {port} on {host} is already in use (choose another with --port)") from None
            raise ServeError(f"cannot bind to {host}:{port}: {exc.strerror}") from None


def trusted_hosts_for(host: str, names: tuple[str, ...] | list[str] = ()) -> str:
    """``KB_TRUSTED_HOSTS`` for the app: ``names`` if given, else the environment's, else
    127.0.0.1 and localhost; the listening address is added when it is a name or an IPv4
    address other than 0.0.0.0 (Werkzeug cannot match IPv6 literals)."""
    from web import trusted_hosts

    try:
        chosen = trusted_hosts(",".join(names)) if names else trusted_hosts()
        if host not in chosen and host != "0.0.0.0" and ":" not in host:
            chosen += trusted_hosts(host)
    except ValueError as exc:
        raise ServeError(f"trusted host {exc}") from None
    return ",".join(chosen)


def new_socket_path() -> Path:
    """Where gunicorn's socket will be: in a private directory under the system's temporary
    directory, with a name no one can guess (:func:`run` creates it, mode 0700, and removes it).
    Not in the data directory, which can then be copied while a server runs."""
    return Path(tempfile.gettempdir()) / f"kb-serve-{secrets.token_hex(8)}" / "gunicorn.sock"


def prepare(data_dir: Path | str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
            workers: int = DEFAULT_WORKERS, access_log: bool = False,
            trusted_hosts: tuple[str, ...] | list[str] = ()) -> ServePlan:
    """Check the build, nginx and the address, and return how to start both servers."""
    data_dir = Path(data_dir).resolve()
    build_dir, warning = check_build(data_dir)
    env = {k: v for k, v in os.environ.items() if k not in ("FLASK_DEBUG", "GUNICORN_CMD_ARGS")}
    env["KB_DATA_DIR"] = str(data_dir)
    env["KB_TRUSTED_HOSTS"] = trusted_hosts_for(host, trusted_hosts)
    env.setdefault("MALLOC_ARENA_MAX", str(MALLOC_ARENAS))
    check_port(host, port)
    nginx = find_nginx()
    run_dir = data_dir / "serve" / str(port)
    socket_path = new_socket_path()
    conf = run_dir / "nginx.conf"
    return ServePlan(
        url=format_url(host, port), build_dir=build_dir, run_dir=run_dir, socket_path=socket_path,
        gunicorn=[sys.executable, "-m", "gunicorn", *gunicorn_args(socket_path, workers)],
        nginx=[nginx, "-p", str(run_dir), "-c", str(conf), "-e", "stderr"],
        nginx_conf=nginx_config(host, port, run_dir, socket_path, access_log), env=env, address=(host, port),
        warning=warning)


def run(plan: ServePlan) -> NoReturn:
    """Start gunicorn, then nginx in front of it; supervise both until Ctrl-C or SIGTERM
    (a graceful stop); on SIGHUP reload both gracefully (:func:`_reload`)."""
    (plan.run_dir / "tmp").mkdir(parents=True, exist_ok=True)
    _write_front_files(plan)
    plan.socket_path.parent.mkdir(mode=0o700)
    stop = threading.Event()
    reload = threading.Event()

    def request_stop(_signum: int, _frame: Any) -> None:
        stop.set()

    def request_reload(_signum: int, _frame: Any) -> None:
        reload.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, request_stop)
    signal.signal(signal.SIGHUP, request_reload)
    sys.stdout.flush()
    sys.stderr.flush()
    # nginx first: it is stopped first.
    children: dict[str, subprocess.Popen[bytes]] = {}
    try:
        children["gunicorn"] = _start(plan.gunicorn, plan.env)
        if _wait_until_listening(children["gunicorn"], "gunicorn", stop,
                                 lambda: _connects(socket.AF_UNIX, str(plan.socket_path))):
            children = {"nginx": _start(plan.nginx, plan.env), **children}
            if _wait_until_listening(children["nginx"], "nginx", stop, lambda: _connects_tcp(*plan.address)):
                while not stop.is_set() and all(child.poll() is None for child in children.values()):
                    if reload.is_set():
                        reload.clear()
                        _reload(plan, children)
                    stop.wait(0.2)
        for name, child in children.items():
            if child.poll() is not None:
                print(f"kb serve: {name} exited with status {child.returncode}; stopping", file=sys.stderr, flush=True)
    finally:
        _stop_all(children)
        shutil.rmtree(plan.socket_path.parent, ignore_errors=True)
    raise SystemExit(0 if stop.is_set() else 1)


def _write_front_files(plan: ServePlan) -> None:
    (plan.run_dir / "nginx.conf").write_text(plan.nginx_conf, encoding="utf-8")
    (plan.run_dir / TARGET_SCRIPT).write_text(TARGET_JS, encoding="utf-8")


def _reload(plan: ServePlan, children: dict[str, subprocess.Popen[bytes]]) -> None:
    """A graceful reload, no request lost: gunicorn (SIGHUP) starts new workers and lets the
    old ones finish what they have (up to GRACEFUL_TIMEOUT) before they stop; nginx (SIGHUP)
    rereads its configuration, written again, and starts new workers, while the old ones stop
    accepting and finish their requests. The listening sockets stay open throughout, so a
    connection made meanwhile waits in the backlog for a new worker."""
    try:
        print("kb serve: reloading gracefully (new gunicorn workers, nginx reloaded)", file=sys.stderr, flush=True)
    except OSError:
        pass  # the terminal is gone (its hang-up may be what sent SIGHUP): serve on regardless
    _write_front_files(plan)
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGHUP)


def _start(argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    # Its own session: Ctrl-C reaches kb serve only, which stops the servers in order.
    return subprocess.Popen(argv, env=env, start_new_session=True, preexec_fn=_die_with_parent)


def _die_with_parent() -> None:
    """In the child, before exec: ask for SIGTERM if kb serve dies (Linux's PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


def _connects(family: int, address: Any) -> bool:
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        try:
            sock.connect(address)
        except OSError:
            return False
        return True


def _connects_tcp(host: str, port: int) -> bool:
    family, _kind, _proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    return _connects(family, address)


def _wait_until_listening(child: subprocess.Popen[bytes], name: str, stop: threading.Event,
                          listening: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and not stop.is_set() and child.poll() is None:
        if listening():
            return True
        stop.wait(0.1)
    if child.poll() is None and not stop.is_set():
        print(f"kb serve: {name} did not start listening within {START_TIMEOUT:.0f} s", file=sys.stderr, flush=True)
    return False


def _stop_all(children: dict[str, subprocess.Popen[bytes]]) -> None:
    """In order, nginx first (SIGQUIT: it stops accepting and finishes what it has), then
    gunicorn (SIGTERM: graceful); whatever still runs after its grace time is killed."""
    for name, child in children.items():
        if child.poll() is None:
            child.send_signal(signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
            try:
                child.wait(timeout=GRACEFUL_TIMEOUT + 5)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


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
    """A WSGI app that runs the wrapped app for one request at a time in this process, with a
    lane of its own for costly searches.

    The lock covers the view and its teardown (Flask finishes both before it
    returns). gunicorn's threads wait for request headers and write responses
    outside it, so an idle connection or a slow reader does not hold it; a
    request body is read by the view, under the lock (the app takes no uploads,
    and nginx has read any body whole before gunicorn sees the request).

    **Costly searches** (a ``q`` or ``keywords`` that :func:`kb.search.query.budget.costly`
    marks: query syntax, or longer than any normal query) first pass a lane that lets one
    of them at a time reach the lock, so a normal request waits behind at most one costly
    search, however many clients send them: the query budget bounds what one costs (about
    ten normal ones at most), the lane how many of them stand in the queue. At most
    :data:`COSTLY_WAITING` wait for the lane; one more is answered at once with a 429 in
    the error shape (``Retry-After: 1``), before any parsing, so the waiting ones never take
    every thread (:data:`THREADS`).
    """

    def __init__(self, app: "Flask"):
        self.app = app
        self._lock = threading.Lock()
        self._costly_lane = threading.Lock()
        self._costly_waiting = threading.BoundedSemaphore(COSTLY_WAITING + 1)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if not _costly(environ):
            with self._lock:
                return self.app(environ, start_response)
        if not self._costly_waiting.acquire(blocking=False):
            return _busy(start_response)
        try:
            with self._costly_lane, self._lock:
                return self.app(environ, start_response)
        finally:
            self._costly_waiting.release()


def _costly(environ: dict[str, Any]) -> bool:
    """Whether the request is a search whose query text the budget marks costly."""
    from urllib.parse import parse_qsl

    from .search.query.budget import costly

    query = environ.get("QUERY_STRING") or ""
    if "q=" not in query and "keywords=" not in query:
        return False
    return any(costly(value) for key, value in parse_qsl(query, keep_blank_values=False)
               if key in ("q", "keywords"))


def _busy(start_response: Any) -> list[bytes]:
    from web import SECURITY_HEADERS

    body = json.dumps({"ok": False, "error": COSTLY_BUSY, "status": 429}).encode() + b"\n"
    start_response("429 Too Many Requests", [
        ("Content-Type", "application/json"), ("Content-Length", str(len(body))), ("Retry-After", "1"),
        *SECURITY_HEADERS.items()])
    return [body]


def preload(data_dir: Path) -> None:
    """Load what every worker needs and that holds no file open: the search modules and
    jieba with the current build's user dictionary (the same call a searcher makes, so a
    worker's first search finds it configured), all of its dictionary loaded, and the question
    cues' patterns compiled."""
    from . import search  # noqa: F401  (numpy, whoosh, OpenCC bindings)
    from .search.analysis import SEGMENTER, configure, load_dictionary
    from .search.query.question import compile_cues, places_of

    try:
        kb = load_servable(data_dir)[0]  # an intact older one where current is damaged
    except NotBuiltError:
        return  # nothing to warm; requests answer 503 until `kb build`
    build_dir = kb.build_dir
    configure(build_dir / "userdict.txt", build_dir.parent.parent / "cache", build_dir / SEGMENTER)
    load_dictionary()
    compile_cues(places_of(kb.vocabularies))
