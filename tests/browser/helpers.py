"""Helpers for the browser tests: a live `kb serve`, Chromium's settings, screenshots.

The fixtures in ``conftest.py`` use these; tests import the screenshot helpers:

    from .helpers import phone_screenshot, screenshot
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "screenshots"

# Debian's Chromium: no browser is ever downloaded (`playwright install` is not used).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

SERVER_START_TIMEOUT = 60.0  # seconds; the master loads jieba (about a second) before it listens


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _kb_command() -> list[str]:
    """The `kb` entry point of the Python running the tests."""
    script = Path(sys.executable).with_name("kb")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from kb.cli import main; sys.exit(main())"]


@contextmanager
def running_server(data_dir: Path, log_dir: Path, workers: int = 2,
                   env_extra: dict[str, str] | None = None) -> Iterator[str]:
    """Run `kb serve` on a free port of 127.0.0.1 over ``data_dir``; yield its base URL (no
    trailing slash). :func:`serving_process` says how."""
    with serving_process(data_dir, log_dir, workers, env_extra) as (base, _proc):
        yield base


@contextmanager
def serving_process(data_dir: Path, log_dir: Path, workers: int = 2,
                    env_extra: dict[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run `kb serve` on a free port of 127.0.0.1 over ``data_dir``; yield its base URL (no
    trailing slash) and the `kb serve` process (to signal it).

    The server's output goes to files in ``log_dir`` (a pipe nobody reads could fill up
    and stall it); ``env_extra`` is added to its environment (``KB_AS_OF``); if it does not answer ``/api/stats`` in time, the test fails with its
    standard error. On exit it gets SIGTERM (kb serve stops nginx, then gunicorn, gracefully),
    then SIGKILL. Without nginx installed, the test is skipped, saying so.
    """
    from kb.serving import FRONT_DEBS, ServeError, find_nginx

    try:
        find_nginx()
    except ServeError:
        pytest.skip(f"kb serve runs nginx (with its JavaScript module) in front of gunicorn: "
                    f"`apt-get install -y {FRONT_DEBS}` (which `make test` does as root)")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "FLASK_DEBUG"}
    env["KB_DATA_DIR"] = str(data_dir)
    env.update(env_extra or {})
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / f"serve-{port}.out", log_dir / f"serve-{port}.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen([*_kb_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
                                 "--workers", str(workers)], env=env, cwd=ROOT, stdout=out, stderr=err)
    try:
        _wait_until_up(proc, base, err_path)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_up(proc: subprocess.Popen[bytes], base: str, err_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    problem = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"`kb serve` exited with {proc.returncode} before answering; its stderr:\n"
                        f"{err_path.read_text(errors='replace')}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{base}/api/stats", timeout=5) as response:
                if response.status == 200:
                    json.load(response)
                    return
                problem = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            exc.close()
            problem = f"HTTP {exc.code}"
        except (OSError, ValueError) as exc:
            problem = str(exc)
        time.sleep(0.2)
    pytest.fail(f"`kb serve` did not answer {base}/api/stats within {SERVER_START_TIMEOUT:.0f} s "
                f"(last: {problem}); its stderr:\n{err_path.read_text(errors='replace')}", pytrace=False)


def screenshot(page: "Page", name: str, *, full_page: bool = True) -> Path:
    """Save ``page`` as tests/screenshots/NAME.png (git-ignored) and return the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / (name if name.endswith(".png") else f"{name}.png")
    page.screenshot(path=str(path), full_page=full_page)
    return path


def phone_screenshot(browser: "Browser", url: str, name: str, *, full_page: bool = True) -> Path:
    """Open ``url`` at phone width (390×844, mobile, touch, 2× pixels) and save tests/screenshots/NAME.png."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(url)
        return screenshot(page, name, full_page=full_page)
    finally:
        context.close()
