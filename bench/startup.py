"""Start-up of the command line: `kb --help` and a one-off `kb search QUERY`, each a new process.

A person at a terminal waits for the whole process: Python's start, the imports, jieba's
dictionary, the index and the search. Each command runs ``--runs`` times as a fresh
``python -c 'from kb.cli import main; main()'`` (what the ``kb`` script does), and the
median and 90th percentile of the wall-clock times are reported in seconds.

``--checkout DIR`` (repeatable) times another checkout of the project beside this one (a
``git worktree add DIR COMMIT``, or ``git archive COMMIT`` unpacked into a folder named
after the commit: the before of a before/after), with
the same Python and packages; its code comes first on ``PYTHONPATH``. Each checkout gets its
own build, made once by its own ``kb build`` in a temporary data directory. The checkouts
take turns run by run, so a change in the machine's speed weighs on all alike;
``machine_ms`` (bench/search.py's fixed Python loop, before and after) says how fast the
machine was.

Usage::

    .venv/bin/python bench/startup.py [--runs 15] [--query 工程师] [--checkout DIR] [--json out.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _machine_ms():  # type: ignore[no-untyped-def]
    """bench/search.py's machine-speed function (one loop for every bench's figures)."""
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.machine_ms


MAIN = "import sys; sys.argv[0] = 'kb'; from kb.cli import main; main()"


def _env(checkout: Path, data_dir: Path) -> dict[str, str]:
    # As a user runs it: Python writes and reads its .pyc files (without them it compiles
    # every module of the project again on each run).
    env = {k: v for k, v in os.environ.items() if k not in ("KB_DATA_DIR", "KB_AS_OF", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPATH"] = str(checkout)
    env["KB_DATA_DIR"] = str(data_dir)
    return env


def run_once(checkout: Path, data_dir: Path, args: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MAIN, *args], env=_env(checkout, data_dir), cwd=checkout,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"kb {' '.join(args)} failed in {checkout}:\n{done.stderr}")
    return took


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p90 = ordered[max(0, -(-len(ordered) * 9 // 10) - 1)]
    return {"median_s": round(statistics.median(ordered), 3), "p90_s": round(p90, 3),
            "min_s": round(ordered[0], 3), "runs": len(ordered)}


def commit_of(checkout: Path) -> str:
    done = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True)
    return done.stdout.strip() or checkout.name  # a `git archive` copy: named by its folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--query", default="工程师")
    parser.add_argument("--checkout", type=Path, action="append", default=[],
                        help="another checkout to time beside this one (e.g. the commit before)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    options = parser.parse_args()
    machine_ms = _machine_ms()
    checkouts = [c.resolve() for c in options.checkout] + [ROOT]
    commands = {"kb --help": ["--help"], f"kb search {options.query}": ["search", options.query]}
    workdir = Path(tempfile.mkdtemp(prefix="kb-startup-"))
    try:
        data_dirs = {}
        for index, checkout in enumerate(checkouts):
            data_dirs[checkout] = workdir / f"var{index}"
            run_once(checkout, data_dirs[checkout], ["build"])
            for args in commands.values():  # once untimed: the page cache and .pyc files warm
                run_once(checkout, data_dirs[checkout], args)
        before = machine_ms()
        samples: dict[tuple[Path, str], list[float]] = {(c, n): [] for c in checkouts for n in commands}
        for _ in range(options.runs):
            for name, args in commands.items():
                for checkout in checkouts:
                    samples[(checkout, name)].append(run_once(checkout, data_dirs[checkout], args))
        after = machine_ms()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"), "python": platform.python_version(), "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()], "machine_ms": [before, after],
        "query": options.query,
        "checkouts": [{"path": str(c), "commit": commit_of(c),
                       **{name: summary(samples[(c, name)]) for name in commands}} for c in checkouts]}
    print(f"machine_ms {before} / {after}, load average {report['load_average']}")
    for row in report["checkouts"]:
        for name in commands:
            s = row[name]
            print(f"{row['commit']:>9}  {name:<24} median {s['median_s']:.3f} s  p90 {s['p90_s']:.3f} s  "
                  f"(min {s['min_s']:.3f}, {s['runs']} runs)")
    if options.json:
        options.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
