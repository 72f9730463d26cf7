"""Damaged builds, and what a 503 says about the server (issue 19, items 5 and 6).

A build's files can be damaged after ``kb build`` wrote them (a full disk, a
half-finished copy, a stray edit). The build carries the sha256 of every file
(``SHA256SUMS``), verified wherever a build is loaded: a damaged build is never
read half-way. The web serves the newest intact build before it, reporting the
damage in the log, or answers 503 in the error shape; the CLI says which build
is damaged and how. No web answer names a path of the server's disk.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb import serving
from kb.cli import main
from kb.store import CHECKSUMS, KnowledgeBase
from web import SECURITY_HEADERS, create_app

TARGETS = ("records.json", "build.json", "sections.json", "index", "postings")


def copy_of(built: Path, tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(built, data_dir, symlinks=True)
    return data_dir


def current_build(data_dir: Path) -> Path:
    return (data_dir / "current").resolve()


def largest_file(path: Path) -> Path:
    return max((p for p in path.rglob("*") if p.is_file()), key=lambda p: p.stat().st_size) if path.is_dir() else path


def damage(target: Path, how: str) -> None:
    """Truncate, overwrite with garbage or delete a build's file (a directory: its largest file,
    or the whole directory when deleted)."""
    if how == "deleted":
        shutil.rmtree(target) if target.is_dir() else target.unlink()
        return
    victim = largest_file(target)
    data = victim.read_bytes()
    if how == "truncated":
        victim.write_bytes(data[:len(data) // 2])
    else:  # garbage of the same size, so only the content tells
        victim.write_bytes(bytes((i * 37 + 11) % 256 for i in range(len(data))))


def runs(data_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.output


def assert_names_no_server_path(body: str, data_dir: Path) -> None:
    for fragment in (str(data_dir), str(data_dir.resolve()), "/tmp", "/work", "var/", "/builds/", "/home", "/root"):
        assert fragment not in body, (fragment, body)


def web_answers(data_dir: Path) -> list[tuple[str, int, str, dict[str, str]]]:
    """Status, body and headers of a JSON and an HTML request, each asked twice (a worker that
    refused a build once keeps refusing it)."""
    client = create_app({"TESTING": True, "KB_DATA_DIR": str(data_dir)}).test_client()
    answers = []
    for _ in range(2):
        for url in ("/api/search?q=blockchain", "/api/items/qh-s06", "/stats", "/occupations/qh-s06"):
            response = client.get(url)
            answers.append((url, response.status_code, response.get_data(as_text=True), dict(response.headers)))
    return answers


@pytest.fixture
def no_build(tmp_path: Path) -> Path:
    return tmp_path / "empty"


@pytest.fixture
def outdated(built: Path, tmp_path: Path) -> Path:
    data_dir = copy_of(built, tmp_path)
    meta_path = current_build(data_dir) / "build.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["format"] = 2
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    return data_dir


@pytest.fixture
def damaged(built: Path, tmp_path: Path) -> Path:
    data_dir = copy_of(built, tmp_path)
    damage(current_build(data_dir) / "records.json", "garbage")
    return data_dir


@pytest.mark.parametrize("state, message", [
    ("no_build", "run `kb build` first"),
    ("outdated", "run `kb build` again"),
    ("damaged", "the build is damaged; run `kb build`"),
])
def test_a_503_names_no_path_of_the_server(state: str, message: str, request: pytest.FixtureRequest) -> None:
    data_dir: Path = request.getfixturevalue(state)
    for url, status, body, headers in web_answers(data_dir):
        assert status == 503, (url, body)
        assert message in body, (url, body)
        assert_names_no_server_path(body, data_dir)
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, (url, name)
        if url.startswith("/api/"):
            assert json.loads(body) == {"ok": False, "error": json.loads(body)["error"], "status": 503}
    # The operator's own terminal may say where it looked.
    code, out = runs(data_dir, "show", "qh-s06")
    assert code == 1 and message in out and str(data_dir) in out and "Traceback" not in out, out


@pytest.mark.parametrize("how", ["truncated", "garbage", "deleted"])
@pytest.mark.parametrize("target", TARGETS)
def test_a_damaged_build_is_refused_everywhere(built: Path, tmp_path: Path, target: str, how: str) -> None:
    data_dir = copy_of(built, tmp_path)
    damage(current_build(data_dir) / target, how)
    for url, status, body, _headers in web_answers(data_dir):
        assert status == 503, (url, status, body)
        assert "the build is damaged; run `kb build`" in body, (url, body)
        assert_names_no_server_path(body, data_dir)
    for args in (["show", "qh-s06"], ["search", "blockchain"], ["check"]):
        code, out = runs(data_dir, *args)
        assert code == 1, (args, out)
        assert "the build is damaged; run `kb build`" in out and "Traceback" not in out, (args, out)
        assert current_build(data_dir).name in out and target in out, (args, out)  # which build, which file
    code, out = runs(data_dir, "serve", "--port", "8797")
    assert code == 1 and "damaged" in out and target in out and "Traceback" not in out, out


def test_a_file_that_is_not_part_of_the_build_is_damage(built: Path, tmp_path: Path) -> None:
    data_dir = copy_of(built, tmp_path)
    # Whoosh opens the newest table of contents it finds: a stray one would be read.
    (current_build(data_dir) / "index" / "_MAIN_9.toc").write_bytes(b"\x00" * 64)
    code, out = runs(data_dir, "show", "qh-s06")
    assert code == 1 and "index/_MAIN_9.toc is not part of the build" in out, out


def test_an_intact_previous_build_is_served_instead(built: Path, tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    data_dir = copy_of(built, tmp_path)
    newest = current_build(data_dir)
    older = newest.parent / "20000101T000000.000000"
    shutil.copytree(newest, older)
    damage(newest / "postings", "truncated")
    with caplog.at_level(logging.WARNING):
        answers = web_answers(data_dir)
    for url, status, body, headers in answers:
        assert status == 200, (url, status, body)
        assert headers["X-KB-Build"] == older.name
    [logged] = [r.getMessage() for r in caplog.records if "damaged" in r.getMessage()]  # once, not per request
    assert newest.name in logged and "postings/" in logged and older.name in logged, logged
    # kb serve starts on it and says so; the CLI names the damaged build.
    build_dir, warning = serving.check_build(data_dir)
    assert build_dir == older and warning is not None and newest.name in warning and older.name in warning
    code, out = runs(data_dir, "show", "qh-s06")
    assert code == 1 and "damaged" in out and newest.name in out


def test_a_build_lists_the_checksum_of_every_file(kb: KnowledgeBase) -> None:
    listed = (kb.build_dir / CHECKSUMS).read_text(encoding="utf-8").splitlines()
    files = sorted(p.relative_to(kb.build_dir).as_posix() for p in kb.build_dir.rglob("*")
                   if p.is_file() and p.name != CHECKSUMS)
    assert sorted(line.split("  ", 1)[1] for line in listed) == files
    assert all(re.fullmatch(r"[0-9a-f]{64}  \S+", line) for line in listed)
    assert {"build.json", "records.json", "index/_MAIN_1.toc", "postings/ids.npy"} <= set(files)
    code, out = runs(kb.build_dir.parent.parent, "check")
    assert f"{len(files)} files match their checksums" in out, out
