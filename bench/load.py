"""Load: ``kb serve`` under a fixed mix of requests, with rebuilds of the index during the run.

One run, against a fresh build of the real corpus in a temporary data directory:

1. starts ``kb serve --workers N`` on 127.0.0.1 (nginx in front of gunicorn, preloaded);
2. **API searches**: drives ``/api/search`` with the 200-query mix of
   ``bench/search.py`` (English, Chinese, traditional, cross-language,
   filters) from a second process, `wrk`_, for a bounded time, and reports
   throughput, latency p50/p95/p99 and errors;
3. **HTML pages**: the same for a mix of search result pages, occupation
   pages, the reader, the term base and the figures;
4. **mixed traffic with rebuilds**: searches, record pages and API calls
   while ``kb build`` rebuilds the index twice (from corpus copies whose
   English title of qh-s06 carries a marker, so the builds differ). A probe
   thread meanwhile searches ``blockchain engineer`` again and again; every
   answer names its build (``X-KB-Build``) and must equal, hit for hit and in
   its total, what that build's own index answers in process, with titles from
   that build's records: one complete index, old or new, never a mix;
5. the same API searches again on the newest build;
6. the same API searches while 50 slow clients hold connections open (a
   third send half a request line, a third trickle their headers a byte a
   second, a third send nothing; each is reopened when the server drops it):
   throughput and latency must hold, and the server must drop them;
7. **expensive queries**: one client searches normally (the API mix on 4 connections)
   while 16 other clients (each from its own loopback address) send only the costliest
   queries the query budget accepts (``bench/budget.py`` ``expensive_queries``: prefixes
   and NOTs as the outside probe sent them, OR chains, phrases, ranges, long questions…),
   as fast as they are answered: the normal searches' p50/p95 (the target: p95 under
   50 ms), and what the costly clients got (answers, 429s);
8. the resident memory (RSS) of each gunicorn worker (and of nginx's worker)
   after every phase: it grows once while a worker holds two builds (the one
   requests are finishing on and the new one), then stays flat.

The load generator and the server share the machine's cores, as the issue's
target requires. wrk comes from Debian (``apt-get install wrk``; ``make
bench`` installs it).

Usage::

    .venv/bin/python bench/load.py [--duration 20] [--workers 2] [--connections 16] [--json out.json]

.. _wrk: https://github.com/wg/wrk
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search import query_mix  # noqa: E402

KB = str(Path(sys.executable).with_name("kb"))
PROBE_QUERY = "blockchain engineer"

WRK_SCRIPT = r"""
-- Round-robin over a fixed list of paths; the summary as one JSON line.
local paths = {}
for line in io.lines(os.getenv("KB_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i - 1) % #paths + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "duration_s": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def servers_of(serve: int) -> dict[str, list[int]]:
    """The processes under ``kb serve``: the gunicorn workers (children of the gunicorn
    master) and nginx's worker (the child of its master)."""
    found: dict[str, list[int]] = {"gunicorn": [], "nginx": []}
    for child in children_of(serve):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        name = "gunicorn" if b"gunicorn" in command else "nginx" if b"nginx" in command else None
        if name:
            found[name] += children_of(child)
    return found


def workers_of(serve: int) -> list[int]:
    return servers_of(serve)["gunicorn"]


def get(url: str, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (127.0.0.1 only)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def serve_fresh_build(workdir: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """Build the real corpus into ``workdir/data`` and start ``kb serve`` over it on a free port
    of 127.0.0.1 (its standard error in ``workdir/server.log``); once it answers, the server
    and its base URL. :func:`stop_server` stops it."""
    env = {**os.environ, "KB_DATA_DIR": str(workdir / "data")}
    subprocess.run([KB, "build"], env=env, check=True, capture_output=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (workdir / "server.log").open("w") as log:
        server = subprocess.Popen([KB, "serve", "--host", "127.0.0.1", "--port", str(port),
                                   "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(600):
        try:
            if get(f"{base}/api/stats", timeout=1)[0] == 200:
                return server, base
        except OSError:
            time.sleep(0.1)
    stop_server(server)
    raise SystemExit("the server did not start: " + (workdir / "server.log").read_text())


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM (kb serve stops nginx, then gunicorn, gracefully); SIGKILL after 30 s."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


# -- request mixes ------------------------------------------------------------------------------

def search_paths(count: int) -> list[str]:
    paths = []
    for q in query_mix(count):
        params = {"q": q["q"], "limit": "10"}
        if q["kind"]:
            params["kind"] = q["kind"]
        params.update(q["filters"] or {})
        paths.append("/api/search?" + urllib.parse.urlencode(params))
    return paths


def page_paths(records: list[str], docs: list[str]) -> list[str]:
    queries = [q["q"] for q in query_mix(60) if q["q"]]
    paths = ["/?" + urllib.parse.urlencode({"q": q}) for q in queries[:40]]
    paths += [f"/occupations/{r}" for r in records]
    paths += [f"/docs/{d}" for d in docs] + ["/stats", "/terms", "/terms?q=%E5%8C%BA%E5%9D%97%E9%93%BE",
                                           "/check-eligibility?degree=master&years=5&keywords=finance"]
    return paths


def mixed_paths(records: list[str]) -> list[str]:
    searches = search_paths(120)
    items = [f"/api/items/{r}" for r in records]
    pages = [f"/occupations/{r}" for r in records[::3]]
    mixed = []
    for i, search in enumerate(searches):
        mixed.append(search)
        mixed.append(items[i % len(items)])
        if i % 3 == 0:
            mixed.append(pages[i % len(pages)])
        if i % 10 == 0:
            mixed += ["/api/stats", "/api/terms?q=finance", "/?q=" + urllib.parse.quote("区块链")]
    return mixed


def run_wrk(base: str, paths: list[str], duration: int, connections: int, workdir: Path, label: str) -> dict[str, Any]:
    path_file = workdir / f"{label}.paths"
    path_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    script = workdir / "mix.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    out = subprocess.run(["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration}s", "--timeout", "5s",
                          "-s", str(script), base], capture_output=True, text=True, check=True,
                         env={**os.environ, "KB_PATHS": str(path_file)})
    line = next(x for x in out.stdout.splitlines() if x.startswith("WRK "))
    result = json.loads(line[4:])
    result["per_second"] = round(result["requests"] / result["duration_s"], 1)
    result["errors"] = result["status_errors"] + result["socket_errors"]
    result["paths"] = len(paths)
    return result


# -- rebuilds and the consistency probe ----------------------------------------------------------

def marked_corpus(workdir: Path, marker: str) -> Path:
    """A copy of the corpus whose English title of qh-s06 ends in ``marker``."""
    target = workdir / f"corpus-{marker}"
    shutil.copytree(ROOT / "corpus", target)
    for path in target.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        if "<b>Blockchain engineer</b>" in text:
            path.write_text(text.replace("<b>Blockchain engineer</b>", f"<b>Blockchain engineer {marker}</b>"),
                            encoding="utf-8")
    return target


class Probe(threading.Thread):
    """Searches the probe query over and over, keeping each answer and the build it names."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base = base
        self.answers: list[dict[str, Any]] = []
        self.failures: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        url = f"{self.base}/api/search?" + urllib.parse.urlencode({"q": PROBE_QUERY, "limit": "5"})
        while not self.stop.is_set():
            try:
                status, headers, body = get(url)
            except OSError as exc:
                self.failures.append(f"{type(exc).__name__}: {exc}")
                continue
            if status != 200:
                self.failures.append(f"HTTP {status}")
                continue
            result = json.loads(body)
            self.answers.append({"build": headers.get("X-KB-Build"), "total": result["total"],
                                 "hits": [(h["id"], h["title"]["en"]) for h in result["hits"]]})
            time.sleep(0.02)


def check_answers(data_dir: Path, answers: list[dict[str, Any]]) -> dict[str, Any]:
    """Each answer against its own build, searched in process: same total, same hits, same titles."""
    from kb.search import Searcher
    from kb.store import KnowledgeBase

    expected: dict[str, dict[str, Any]] = {}
    mismatches = []
    for answer in answers:
        build = answer["build"]
        if build not in expected:
            kb = KnowledgeBase.from_build_dir(data_dir / "builds" / build)
            searcher = Searcher(kb)
            result = searcher.search(PROBE_QUERY, limit=5)
            expected[build] = {"total": result["total"], "hits": [(h["id"], h["title"]["en"]) for h in result["hits"]]}
            searcher.close()
        if answer["total"] != expected[build]["total"] or [list(h) for h in answer["hits"]] != \
                [list(h) for h in expected[build]["hits"]]:
            mismatches.append({"answer": answer, "expected": expected[build]})
    titles = {b: next((t for i, t in e["hits"] if i == "qh-s06"), None) for b, e in expected.items()}
    return {"probes": len(answers), "builds_seen": len(expected), "qh_s06_title_by_build": titles,
            "mismatches": len(mismatches), "first_mismatch": mismatches[0] if mismatches else None}


# -- slow clients -----------------------------------------------------------------------------------

class SlowClients(threading.Thread):
    """Keeps ``count`` slow connections open: a third send half a request line, a third half
    their headers and then a byte a second, a third nothing. When the server drops one, it
    is opened again, so the server faces ``count`` of them throughout."""

    def __init__(self, base: str, count: int):
        super().__init__(daemon=True)
        parts = urllib.parse.urlsplit(base)
        self.address = (parts.hostname, parts.port)
        self.count = count
        self.stop = threading.Event()
        self.opened = 0
        self.dropped: list[float] = []  # seconds each dropped connection was held open

    def _open(self, i: int) -> tuple[socket.socket, float, bool]:
        sock = socket.create_connection(self.address, timeout=5)
        sock.setblocking(False)
        self.opened += 1
        if i % 3 == 0:
            sock.sendall(b"GET /api/search?q=blockch")
        elif i % 3 == 1:
            sock.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        return sock, time.monotonic(), i % 3 == 1

    def run(self) -> None:
        conns = [self._open(i) for i in range(self.count)]
        while not self.stop.wait(1.0):
            for i, (sock, opened, trickles) in enumerate(conns):
                try:
                    if sock.recv(4096) == b"":
                        raise ConnectionResetError
                except BlockingIOError:
                    if trickles:
                        try:
                            sock.send(b"x")
                        except OSError:
                            pass
                    continue
                except OSError:
                    pass
                sock.close()
                self.dropped.append(time.monotonic() - opened)
                conns[i] = self._open(i)
        for sock, _opened, _trickles in conns:
            sock.close()

    def __enter__(self) -> "SlowClients":
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.join()

    def report(self) -> dict[str, Any]:
        held = sorted(self.dropped)
        return {"held_open": self.count, "opened": self.opened, "dropped_by_server": len(held),
                "longest_held_s": round(held[-1], 1) if held else None}


# -- the run ----------------------------------------------------------------------------------------

class CostlyClients(threading.Thread):
    """``count`` clients, each from its own loopback address (127.0.0.2, 127.0.0.3, …, so
    nginx counts them as different clients, as on a public site), each sending the costliest
    accepted queries one after another on one keep-alive connection, as fast as answers come
    and ignoring ``Retry-After``: what a hostile or careless script does."""

    def __init__(self, base: str, paths: list[str], count: int):
        super().__init__(daemon=True)
        parts = urllib.parse.urlsplit(base)
        self.address = (parts.hostname, parts.port)
        self.paths = paths
        self.count = count
        self.stop = threading.Event()
        self.statuses: dict[int, int] = {}
        self.latencies: list[float] = []
        self._lock = threading.Lock()

    def _client(self, i: int) -> None:
        import http.client

        source = (f"127.0.0.{2 + i}", 0)
        conn = http.client.HTTPConnection(*self.address, timeout=10, source_address=source)
        n = i
        while not self.stop.is_set():
            path = self.paths[n % len(self.paths)]
            n += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection(*self.address, timeout=10, source_address=source)
                status = 0
            with self._lock:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status == 200:
                    self.latencies.append((time.perf_counter() - started) * 1000)
        conn.close()

    def run(self) -> None:
        threads = [threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(self.count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def report(self, seconds: float) -> dict[str, Any]:
        done = sorted(self.latencies)
        pick = (lambda q: round(done[min(len(done) - 1, int(q * len(done)))], 2)) if done else (lambda q: None)
        return {"clients": self.count, "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
                "answered_per_second": round(len(done) / seconds, 1), "p50_ms": pick(0.5), "p95_ms": pick(0.95)}


def expensive_phase(base: str, data_dir: Path, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """For ``--duration``: the normal search mix from one client on ``--normal-connections``
    (wrk), while ``--expensive-clients`` other clients send only the costliest queries the
    budget accepts (:class:`CostlyClients`); each side's figures."""
    from budget import expensive_queries

    expensive = expensive_queries(data_dir=data_dir)
    paths = ["/api/search?" + urllib.parse.urlencode({"q": q["q"], "limit": "10"}) for q in expensive]
    accepted = [p for p in paths if get(base + p)[0] == 200]
    attackers = CostlyClients(base, accepted, args.expensive_clients)
    attackers.start()
    try:
        time.sleep(1)  # every attacker under way before the normal searches are timed
        normal = run_wrk(base, search_paths(200), args.duration, args.normal_connections, workdir, "normal")
    finally:
        attackers.stop.set()
        attackers.join()
    return {"normal": normal, "expensive": attackers.report(args.duration + 1),
            "expensive_queries": {q["name"]: q["q"] for q in expensive}, "expensive_accepted": len(accepted)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per phase")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--slow-clients", type=int, default=50, help="slow connections held open in the last phase")
    parser.add_argument("--expensive-clients", type=int, default=16,
                        help="clients sending only the costliest accepted queries in the expensive phase")
    parser.add_argument("--normal-connections", type=int, default=4,
                        help="connections of the one client searching normally meanwhile")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk (make bench does it)")

    workdir = Path(tempfile.mkdtemp(prefix="kb-load-"))
    data_dir = workdir / "data"
    env = {**os.environ, "KB_DATA_DIR": str(data_dir)}
    server, base = serve_fresh_build(workdir, args.workers)
    report: dict[str, Any] = {"workers": args.workers, "connections": args.connections, "duration_s": args.duration,
                              "cores": os.cpu_count()}
    try:
        listing = json.loads(get(f"{base}/api/search?kind=occupation&limit=100")[2])
        records = [hit["id"] for hit in listing["hits"]]
        docs = [d["id"] for d in json.loads(get(f"{base}/api/docs/")[2])["documents"]]
        # Two passes over every path first, eight at a time (nginx then spreads them over its
        # connections to both workers; one at a time it would reuse one connection, to one
        # worker): each worker's caches warm, as in a served process.
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda path: get(base + path), 2 * sorted(set(search_paths(200) + page_paths(records, docs)))))
        workers = workers_of(server.pid)
        rss: dict[str, dict[str, float | None]] = {}
        report["rss_mb"] = rss

        def snapshot(label: str) -> None:
            servers = servers_of(server.pid)
            rss[label] = {**{str(pid): rss_mb(pid) for pid in servers["gunicorn"]},
                          **{f"nginx {pid}": rss_mb(pid) for pid in servers["nginx"]}}

        snapshot("start (warm)")

        report["api_search"] = run_wrk(base, search_paths(200), args.duration, args.connections, workdir, "search")
        print("api_search", json.dumps(report["api_search"]), flush=True)
        snapshot("after API searches")
        report["html_pages"] = run_wrk(base, page_paths(records, docs), args.duration, args.connections, workdir,
                                       "pages")
        print("html_pages", json.dumps(report["html_pages"]), flush=True)
        snapshot("after HTML pages")

        corpora = [marked_corpus(workdir, "rebuilt-1"), marked_corpus(workdir, "rebuilt-2")]
        probe = Probe(base)
        probe.start()
        rebuilds: list[dict[str, Any]] = []

        def rebuild_twice() -> None:
            for i, corpus in enumerate(corpora, 1):
                time.sleep(args.duration / 3)
                started = time.perf_counter()
                done = subprocess.run([KB, "build", "--corpus", str(corpus)], env=env, capture_output=True, text=True)
                rebuilds.append({"rebuild": i, "exit": done.returncode, "seconds": round(time.perf_counter() - started, 1),
                                 "stderr": done.stderr[-300:] if done.returncode else ""})

        rebuilder = threading.Thread(target=rebuild_twice)
        rebuilder.start()
        report["mixed_with_rebuilds"] = run_wrk(base, mixed_paths(records), args.duration, args.connections, workdir,
                                                "mixed")
        rebuilder.join()
        time.sleep(0.5)
        probe.stop.set()
        probe.join()
        report["mixed_with_rebuilds"]["rebuilds"] = rebuilds
        report["consistency"] = {**check_answers(data_dir, probe.answers), "probe_failures": len(probe.failures),
                                 "first_probe_failure": probe.failures[0] if probe.failures else None}
        print("mixed_with_rebuilds", json.dumps(report["mixed_with_rebuilds"]), flush=True)
        print("consistency", json.dumps(report["consistency"], ensure_ascii=False), flush=True)
        snapshot("after mixed traffic and two rebuilds")
        # The same searches again on the newest build: memory must not keep growing.
        report["api_search_after_rebuilds"] = run_wrk(base, search_paths(200), args.duration, args.connections,
                                                      workdir, "search-again")
        print("api_search_after_rebuilds", json.dumps(report["api_search_after_rebuilds"]), flush=True)
        snapshot("after API searches on the new build")
        # The same searches while slow clients hold connections open.
        with SlowClients(base, args.slow_clients) as slow:
            report["api_search_with_slow_clients"] = run_wrk(base, search_paths(200), args.duration,
                                                             args.connections, workdir, "search-slow")
        report["api_search_with_slow_clients"]["slow_clients"] = slow.report()
        print("api_search_with_slow_clients", json.dumps(report["api_search_with_slow_clients"]), flush=True)
        snapshot("after slow clients")
        # Normal searches while other connections send only the costliest accepted queries.
        report["api_search_with_expensive_queries"] = expensive_phase(base, data_dir, args, workdir)
        print("api_search_with_expensive_queries", json.dumps(report["api_search_with_expensive_queries"]),
              flush=True)
        snapshot("end")
        report["workers_replaced"] = sorted(workers_of(server.pid)) != sorted(workers)
        print("rss_mb", json.dumps(rss), "workers replaced:", report["workers_replaced"], flush=True)
    finally:
        stop_server(server)
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
