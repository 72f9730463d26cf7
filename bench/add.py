"""How long ``kb add --dry-run`` takes per format, on a regulation of some 50 printed pages.

The document is made up here (a long 条例 of chapters, articles, paragraphs and items, its
sentences drawn with a fixed seed from phrases written for this benchmark), written as a web
page with navigation around it, printed to PDF by Chromium (``/usr/bin/chromium``), and written
as a Word file, Markdown and UTF-8 text. For each format the script times:

* ``read``: the format's reader alone (:func:`kb.adding.formats.extract`), in this process,
  best of 3;
* ``kb add --dry-run``: the whole command as a maintainer runs it, a new process each time
  (Python start, the format read, the text read alone, the corpus copied and read whole with
  the document, the check run, the preview printed), median of 3.

``machine_ms`` (a fixed Python loop, as in bench/search.py) says how fast the machine was.

Usage::

    .venv/bin/python bench/add.py [--pages 50] [--json bench/add-results.json]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.adding.formats import extract  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
KB = ROOT / ".venv" / "bin" / "kb"
DIGITS = "零一二三四五六七八九"

SUBJECTS = ["区人力资源社会保障部门", "区科学技术部门", "公安机关出入境管理部门", "用人单位", "人才服务中心",
            "街道办事处", "区教育部门", "区卫生健康部门"]
ACTS = ["应当为外籍人才办理相关手续提供便利", "应当在十个工作日内作出答复", "应当公开服务事项的办理流程和时限",
        "可以委托专业机构提供咨询服务", "应当建立外籍人才信息档案并定期更新", "应当会同有关部门研究解决存在的问题",
        "不得向申请人收取规定以外的费用", "应当为外籍人才子女入学提供咨询"]
ITEMS = ["持有有效的工作许可", "在本区连续工作满一年", "具有硕士以上学位", "参与重点研发项目",
         "获得省级以上科技奖励", "在区内企业担任技术负责人", "按规定缴纳社会保险", "无违法犯罪记录"]
CHAPTERS = ["总则", "引进服务", "工作许可", "居留便利", "生活保障", "子女教育", "医疗服务", "创业支持",
            "信息共享", "监督检查", "法律责任", "附则"]


def zh(n: int) -> str:
    """A Chinese numeral up to 999 (一百零一, 二百三十)."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    out = f"{DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and units:
        out += "零"
    return out + (DIGITS[units] if units else "")


def regulation(articles: int, seed: int = 7) -> list[tuple[str, str]]:
    """The regulation as (kind, text) lines: title, note, chapter, article, paragraph, item."""
    rng = random.Random(seed)
    lines = [("title", "某区外籍人才综合服务条例"),
             ("note", "（2026年2月1日某区人民政府令第12号公布　自2026年6月1日起施行）")]
    per_chapter = -(-articles // len(CHAPTERS))
    n = 0
    for c, name in enumerate(CHAPTERS, 1):
        lines.append(("chapter", f"第{zh(c)}章　{name}"))
        for _ in range(per_chapter):
            n += 1
            if n > articles:
                break
            text = "；".join(f"{rng.choice(SUBJECTS)}{rng.choice(ACTS)}" for _ in range(rng.randint(2, 4)))
            lines.append(("article", f"第{zh(n)}条　{text}。"))
            if rng.random() < 0.4:
                lines.append(("paragraph", f"申请人符合下列条件之一的，{rng.choice(SUBJECTS)}{rng.choice(ACTS)}："))
                count = rng.randint(2, 4)
                for i in range(1, count + 1):
                    lines.append(("item", f"（{zh(i)}）{rng.choice(ITEMS)}{'。' if i == count else '；'}"))
            if rng.random() < 0.3:
                lines.append(("paragraph", f"前款规定的事项，{rng.choice(SUBJECTS)}{rng.choice(ACTS)}。"))
    return lines


def write_inputs(lines: list[tuple[str, str]], folder: Path) -> dict[str, Path]:
    import docx

    tags = {"title": "h1", "chapter": "h2"}
    body = "".join(f"<{tags.get(kind, 'p')}>{text}</{tags.get(kind, 'p')}>" for kind, text in lines)
    html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{lines[0][1]}_某区政府网</title>"
            f"<style>body {{ font-family: 'Noto Sans CJK SC', sans-serif; font-size: 14pt; }} nav, footer "
            f"{{ display: none; }}</style></head><body><nav><a href='/'>首页</a> <a href='/zw'>政务公开</a></nav>"
            f"<article>{body}</article><footer>版权所有 某区人民政府</footer></body></html>")
    paths = {"html": folder / "long.html"}
    paths["html"].write_text(html, encoding="utf-8")
    paths["pdf"] = folder / "long.pdf"
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={paths['pdf']}",
                    paths["html"].as_uri()], check=True, capture_output=True, timeout=300)
    document = docx.Document()
    for kind, text in lines:
        if kind == "title":
            document.add_paragraph(text, style="Title")
        elif kind == "chapter":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    paths["docx"] = folder / "long.docx"
    document.save(str(paths["docx"]))
    marks = {"title": "# ", "chapter": "## "}
    paths["md"] = folder / "long.md"
    paths["md"].write_text("\n\n".join(marks.get(kind, "") + text for kind, text in lines) + "\n", encoding="utf-8")
    paths["txt"] = folder / "long.txt"
    paths["txt"].write_text("\n".join(text for _, text in lines) + "\n", encoding="utf-8")
    return paths


def machine_ms() -> float:
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        best = min(best, time.perf_counter() - t)
    return round(best * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50, help="at least this many printed pages")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit("Chromium is not installed (/usr/bin/chromium); `make browser-deps` as root installs it")
    work = Path(tempfile.mkdtemp(prefix="kb-bench-add-"))
    try:
        articles = 300
        while True:
            lines = regulation(articles)
            paths = write_inputs(lines, work)
            pages = extract(paths["pdf"]).page_count or 0
            if pages >= args.pages:
                break
            articles = int(articles * args.pages / max(pages, 1) * 1.05) + 1
        corpus = work / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        before = machine_ms()
        rows = {}
        for fmt, path in paths.items():
            reads = []
            for _ in range(3):
                t = time.perf_counter()
                extracted = extract(path)
                reads.append(time.perf_counter() - t)
            runs = []
            for _ in range(3):
                t = time.perf_counter()
                done = subprocess.run([str(KB), "add", str(path), "--corpus", str(corpus), "--id", "long-regulation",
                                       "--dry-run"], capture_output=True, text=True)
                runs.append(time.perf_counter() - t)
                if done.returncode != 0:
                    sys.exit(f"kb add {path.name} failed:\n{done.stdout}{done.stderr}")
            sections = sum(1 for line in done.stdout.splitlines() if line.strip().startswith("第") and "条 [zh" in line)
            rows[fmt] = {"bytes": path.stat().st_size, "lines": len(extracted.lines), "articles": sections,
                         "read_s": round(min(reads), 3), "kb_add_dry_run_s": round(statistics.median(runs), 2)}
        after = machine_ms()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {"pages": pages, "articles": articles, "machine_ms": [before, after], "formats": rows}
    print(f"{articles} articles, {pages} PDF pages; machine_ms {before} / {after}")
    print(f"{'format':<6} {'bytes':>9} {'lines':>6} {'articles':>8} {'read s':>7} {'kb add --dry-run s':>19}")
    for fmt, row in rows.items():
        print(f"{fmt:<6} {row['bytes']:>9} {row['lines']:>6} {row['articles']:>8} {row['read_s']:>7} "
              f"{row['kb_add_dry_run_s']:>19}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
