"""Memory over rebuilds: ``kb serve`` while ``kb build`` publishes new builds again and again.

One run, against a fresh build of the real corpus in a temporary data directory:

1. starts ``kb serve --workers N`` on 127.0.0.1 (nginx in front of gunicorn);
2. keeps a few client threads requesting a mix of searches, record pages, ``/api/items``,
   figures and term look-ups (``bench/load.py``'s mixed traffic) throughout;
3. rebuilds ``--rebuilds`` times (30 by default) with ``kb build --corpus`` from corpus
   copies whose English title of qh-s06 carries the rebuild's number, so every build
   differs from the one before (as a new edition of the corpus would);
4. after each rebuild, once the new build has answered and every worker has had
   ``--settle`` seconds of traffic on it, reads the resident memory (RSS) of each gunicorn
   worker from ``/proc``.

It reports RSS per worker per rebuild, the growth over the first and the last ten
rebuilds, the requests made and any that failed (anything but 200), whether a worker was
replaced, and the machine's speed (``machine_ms`` of ``bench/search.py``) before and after.

Usage::

    .venv/bin/python bench/rebuilds.py [--rebuilds 30] [--workers 2] [--clients 4] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from load import KB, get, marked_corpus, mixed_paths, rss_mb, serve_fresh_build, stop_server, workers_of  # noqa: E402
from search import machine_ms  # noqa: E402


class Clients:
    """``count`` threads requesting ``paths`` round-robin until stopped; counts answers by
    status and remembers the builds that answered."""

    def __init__(self, base: str, paths: list[str], count: int):
        self.base = base
        self.paths = paths
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.statuses: dict[str, int] = {}
        self.failures: list[str] = []
        self.last_build: str | None = None
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(count)]

    def _run(self, offset: int) -> None:
        i = offset
        while not self.stop.is_set():
            path = self.paths[i % len(self.paths)]
            i += 1
            try:
                status, headers, _body = get(self.base + path)
            except (OSError, urllib.error.URLError) as exc:
                status, headers = 0, {}
                with self.lock:
                    self.failures.append(f"{path}: {type(exc).__name__}: {exc}")
            with self.lock:
                self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1
                if status == 200 and headers.get("X-KB-Build"):
                    self.last_build = headers["X-KB-Build"]
                elif status != 200 and len(self.failures) < 20:
                    self.failures.append(f"{path}: HTTP {status}")

    def __enter__(self) -> "Clients":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuilds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4, help="client threads requesting throughout")
    parser.add_argument("--settle", type=float, default=4.0,
                        help="seconds of traffic on each new build before memory is read")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kb-rebuilds-"))
    data_dir = workdir / "data"
    env = {**os.environ, "KB_DATA_DIR": str(data_dir)}
    report: dict[str, Any] = {"rebuilds": args.rebuilds, "workers": args.workers, "clients": args.clients,
                              "cores": os.cpu_count(), "machine_ms_before": machine_ms()}
    server, base = serve_fresh_build(workdir, args.workers)
    rows: list[dict[str, Any]] = []
    try:
        listing = json.loads(get(f"{base}/api/search?kind=occupation&limit=100")[2])
        paths = mixed_paths([hit["id"] for hit in listing["hits"]])
        workers = sorted(workers_of(server.pid))
        with Clients(base, paths, args.clients) as clients:
            time.sleep(args.settle)
            rows.append({"rebuild": 0, "seconds": 0.0, "rss_mb": {str(p): rss_mb(p) for p in workers}})
            print(json.dumps(rows[-1]), flush=True)
            for i in range(1, args.rebuilds + 1):
                corpus = marked_corpus(workdir, f"rebuilt-{i}")
                started = time.perf_counter()
                done = subprocess.run([KB, "build", "--corpus", str(corpus)], env=env, capture_output=True, text=True)
                seconds = round(time.perf_counter() - started, 1)
                shutil.rmtree(corpus)
                if done.returncode:
                    raise SystemExit(f"kb build failed: {done.stderr[-500:]}")
                build = (data_dir / "current").resolve().name
                deadline = time.monotonic() + 30
                while clients.last_build != build and time.monotonic() < deadline:
                    time.sleep(0.1)
                time.sleep(args.settle)
                now = sorted(workers_of(server.pid))
                rows.append({"rebuild": i, "seconds": seconds, "build": build,
                             "rss_mb": {str(p): rss_mb(p) for p in now}})
                print(json.dumps(rows[-1]), flush=True)
        report["machine_ms_after"] = machine_ms()
        report["rows"] = rows
        report["requests"] = clients.statuses
        report["failures"] = clients.failures[:20]
        report["workers_replaced"] = sorted(workers_of(server.pid)) != workers
        per_worker = {p: [r["rss_mb"].get(p) for r in rows] for p in rows[0]["rss_mb"]}
        report["growth_mb"] = {
            p: {"first_10": _delta(values[0:11]), "last_10": _delta(values[-11:]),
                "max": max(v for v in values if v is not None)}
            for p, values in per_worker.items()}
        print("requests", json.dumps(clients.statuses), "workers replaced:", report["workers_replaced"])
        print("growth_mb", json.dumps(report["growth_mb"]))
        print("machine_ms", report["machine_ms_before"], report["machine_ms_after"])
    finally:
        stop_server(server)
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


def _delta(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(known[-1] - known[0], 1) if len(known) > 1 else None


if __name__ == "__main__":
    main()
