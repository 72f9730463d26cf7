"""Concurrent builds on one data directory (issue 19, item 7): one at a time, and ``current``
only ever moves forward.

Real ``kb build`` processes on a one-notice corpus (a few seconds each) race each other,
or wait for a lock this test holds.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.build import LOCK_FILE
from kb.cli import main

from .browser.helpers import _kb_command
from .conftest import CORPUS

KB = _kb_command()


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """A corpus of one short notice: a real build, in a few seconds."""
    corpus = tmp_path / "small-corpus"
    (corpus / "translations").mkdir(parents=True)
    shutil.copy(CORPUS / "industries.toml", corpus)
    (corpus / "errata.toml").write_text("", encoding="utf-8")
    (corpus / "005_notice.txt").write_text(
        "关于开展测试工作的通知\n\n测试〔2024〕1号\n\n各有关单位：\n\n一、本通知自发布之日起施行。\n\n特此通知。\n",
        encoding="utf-8")
    (corpus / "manifest.toml").write_text(
        '[[document]]\nid = "test-notice"\ntitle = { zh = "关于开展测试工作的通知" }\ndate = "2024-01-01"\n'
        'number = "测试〔2024〕1号"\n\n  [[document.file]]\n  path = "005_notice.txt"\n  lang = "zh"\n'
        '  parser = "policy-notice-zh"\n', encoding="utf-8")
    return corpus


@contextmanager
def holding_the_lock(data_dir: Path) -> Iterator[None]:
    """The build lock, held by this test process as another kb build would hold it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / LOCK_FILE).open("a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.truncate(0)
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield


def start_build(data_dir: Path, corpus: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*KB, "--data-dir", str(data_dir), "build", "--corpus", str(corpus), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def current_name(data_dir: Path) -> str | None:
    try:
        return Path(os.readlink(data_dir / "current")).name
    except FileNotFoundError:
        return None


def test_a_build_refuses_with_no_wait_while_another_holds_the_lock(built: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(built, data_dir, symlinks=True)
    before = current_name(data_dir)
    with holding_the_lock(data_dir):
        result = CliRunner().invoke(main, ["--data-dir", str(data_dir), "build", "--corpus", str(CORPUS),
                                           "--no-wait"])
    assert result.exit_code == 1, result.output
    assert f"another kb build (pid {os.getpid()}) is writing to {data_dir}" in result.output
    assert "without --no-wait" in result.output and "Traceback" not in result.output
    assert current_name(data_dir) == before and len(list((data_dir / "builds").iterdir())) == 1


def test_a_build_waits_for_the_lock_and_says_so(small_corpus: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with holding_the_lock(data_dir):
        build = start_build(data_dir, small_corpus)
        assert build.stderr is not None
        ready, _, _ = select.select([build.stderr], [], [], 60)
        assert ready, "kb build said nothing while waiting"
        line = build.stderr.readline()
        assert line.strip() == f"waiting for another kb build (pid {os.getpid()}) on {data_dir}…", line
        time.sleep(1)
        assert build.poll() is None and current_name(data_dir) is None  # still waiting, nothing written
    out, err = build.communicate(timeout=120)
    assert build.returncode == 0, err
    assert out.startswith(f"Built {data_dir / 'builds' / current_name(data_dir)}\n"), out


def test_concurrent_builds_take_turns_and_current_only_moves_forward(small_corpus: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    builds = [start_build(data_dir, small_corpus, "--json") for _ in range(3)]
    seen: list[str] = []
    while any(b.poll() is None for b in builds):
        name = current_name(data_dir)
        if name is not None and (not seen or seen[-1] != name):
            assert (data_dir / "builds" / name).is_dir(), f"current points to a pruned build {name}"
            seen.append(name)
        time.sleep(0.005)
    results = [b.communicate() for b in builds]
    assert all(b.returncode == 0 for b in builds), [err for _, err in results]
    printed = [Path(json.loads(out)["build"]).name for out, _ in results]
    assert seen == sorted(seen), seen  # never back to an older build
    assert current_name(data_dir) == max(printed)
    assert all((data_dir / "builds" / name).is_dir() for name in printed)  # nobody pruned another's build
    assert sum("waiting for another kb build" in err for _, err in results) == 2


def test_a_clock_set_back_still_moves_current_forward(built: Path, small_corpus: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(built, data_dir, symlinks=True)
    future = data_dir / "builds" / "29991231T235959.000000"
    (data_dir / "current").resolve().rename(future)
    (data_dir / "current").unlink()
    (data_dir / "current").symlink_to(Path("builds") / future.name)
    build = start_build(data_dir, small_corpus, "--json")
    out, err = build.communicate(timeout=120)
    assert build.returncode == 0, err
    name = Path(json.loads(out)["build"]).name
    assert name > future.name and current_name(data_dir) == name and future.is_dir()
