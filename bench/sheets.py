"""How long an occupation list as a spreadsheet takes: propose its entry, read it, build with it.

    .venv/bin/python bench/sheets.py [--rows 500] [--json out.json]

Generates a CSV and an XLSX sheet of ``--rows`` made-up occupations (seeded, Chinese columns
with an English title beside them), then times, for each: :func:`kb.adding.sheets.propose_sheet`
(header mapping and every row's degree and experience read), :func:`kb.reading.sheets.parse_sheet`
(the rows as the build reads them), the whole reading stage of a corpus copy with the sheet
added, and a full ``kb build`` of that copy (reading, translations, term base, index).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import shutil
import sys
import subprocess
import tempfile
import time
from pathlib import Path

import tomlkit
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.adding.sheets import apply_vocabulary_additions, propose_sheet  # noqa: E402
from kb.build import build  # noqa: E402
from kb.reading.corpus import read_corpus  # noqa: E402

HEADER = ["序号", "岗位名称", "Position", "所属行业", "能力要求", "专业", "学历要求", "工作经验"]
FIELDS = [("数据", "Data"), ("航运", "Shipping"), ("金融", "Finance"), ("育种", "Breeding"), ("仲裁", "Arbitration"),
          ("零售", "Retail"), ("能源", "Energy"), ("医疗", "Medical")]
ROLES = [("工程师", "engineer"), ("经理", "manager"), ("专家", "expert"), ("分析师", "analyst")]
INDUSTRIES = ["金融业", "科技服务业", "信息服务业", "现代物流业", "专业服务业"]
DEGREES = ["本科及以上", "硕士及以上", "博士", "学士学位"]


def rows(count: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    out = []
    for n in range(1, count + 1):
        (zf, ef), (zr, er) = rng.choice(FIELDS), rng.choice(ROLES)
        out.append([str(n), f"{zf}{zr}{n}", f"{ef} {er} {n}", rng.choice(INDUSTRIES),
                    f"负责{zf}业务规划；协调{zf}团队；编写{zf}报告", f"{zf}相关专业", rng.choice(DEGREES),
                    f"{rng.randint(1, 10)}年以上"])
    return out


def write(path: Path, body: list[list[str]]) -> None:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([HEADER, *body])
    else:
        book = Workbook()
        for row in [HEADER, *body]:
            book.active.append(row)
        book.save(path)


def timed(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = func(*args, **kwargs)
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    body = rows(args.rows)
    results = []
    for suffix in (".csv", ".xlsx"):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            shutil.copytree(ROOT / "corpus", corpus)
            # `kb add --dry-run` as a maintainer runs it on the sheet (a new process: Python
            # start, the sheet read, the corpus read whole with it, the check, the preview).
            outside = Path(tmp) / f"bench-list{suffix}"
            write(outside, body)
            started = time.perf_counter()
            done = subprocess.run([str(ROOT / ".venv" / "bin" / "kb"), "add", str(outside), "--corpus", str(corpus),
                                   "--city", "bench", "--list", "bench-list", "--dry-run"],
                                  capture_output=True, text=True)
            add_s = time.perf_counter() - started
            if done.returncode != 0:
                raise SystemExit(f"kb add {outside.name} failed:\n{done.stdout}{done.stderr}")
            sheet = corpus / f"bench-list{suffix}"
            write(sheet, body)
            proposal, propose_s = timed(propose_sheet, sheet, corpus=corpus, doc_id="bench-list",
                                        city="bench", list_key="bench-list")
            apply_vocabulary_additions(corpus, proposal.vocabulary_additions)
            manifest = tomlkit.parse((corpus / "manifest.toml").read_text(encoding="utf-8"))
            manifest["document"].append(proposal.entry)
            (corpus / "manifest.toml").write_text(tomlkit.dumps(manifest), encoding="utf-8")
            read, read_s = timed(read_corpus, corpus)
            assert sum(r.list == "bench-list" for r in read.records) == args.rows
            _, build_s = timed(build, corpus, Path(tmp) / "data")
            results.append({"format": suffix[1:], "rows": args.rows, "bytes": sheet.stat().st_size,
                            "kb_add_dry_run_s": round(add_s, 2), "propose_s": round(propose_s, 3), "read_corpus_s": round(read_s, 2),
                            "build_s": round(build_s, 1)})
            print(json.dumps(results[-1]))
    meta = {"python": platform.python_version(), "cpus": os.cpu_count(), "machine": platform.machine(),
            "load": os.getloadavg()}
    print(json.dumps(meta))
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
