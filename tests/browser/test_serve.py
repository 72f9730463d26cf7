"""`kb serve`: what it checks before starting, how it runs gunicorn, and that a live
server picks up a new build without a restart."""

from __future__ import annotations

import json
import shutil
import socket
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from werkzeug.test import Client

from kb import serving
from kb.build import build
from kb.cli import main

from .helpers import running_server


@pytest.fixture
def no_exec(monkeypatch: pytest.MonkeyPatch) -> list[serving.ServePlan]:
    """Record the plan instead of replacing the test process with gunicorn."""
    plans: list[serving.ServePlan] = []
    monkeypatch.setattr(serving, "run", plans.append)
    return plans


def _serve(data_dir: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["--data-dir", str(data_dir), "serve", *args])


def test_serve_needs_a_build(tmp_path: Path, no_exec: list[serving.ServePlan]) -> None:
    result = _serve(tmp_path)
    assert result.exit_code == 1
    assert "run `kb build` first" in result.output and "Traceback" not in result.output
    assert no_exec == []


def test_serve_says_when_the_port_is_taken(built: Path, no_exec: list[serving.ServePlan]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _serve(built, "--port", str(port))
    assert result.exit_code == 1 and f"port {port} on 127.0.0.1 is already in use" in result.output
    assert no_exec == []


def test_serve_runs_nginx_in_front_of_gunicorn_preloaded_on_the_given_address(
        built: Path, no_exec: list[serving.ServePlan], monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        serving.find_nginx()
    except serving.ServeError:
        pytest.skip(f"kb serve runs nginx in front of gunicorn: `apt-get install -y {serving.FRONT_DEBS}`")
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.delenv("KB_TRUSTED_HOSTS", raising=False)
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = _serve(built, "--port", str(port), "--workers", "3")
    assert result.exit_code == 0, result.output
    assert f"http://127.0.0.1:{port}/" in result.output and "nginx in front of gunicorn" in result.output
    (plan,) = no_exec
    argv = plan.gunicorn
    assert argv[1:3] == ["-m", "gunicorn"] and argv[-1] == serving.APP
    assert argv[argv.index("--bind") + 1] == f"unix:{plan.socket_path}"
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--worker-class") + 1] == "kb.serving_worker.Worker"  # gthread, refusals in the error shape
    assert "--preload" in argv and "--reload" not in argv and "--access-logfile" not in argv
    assert plan.env["KB_DATA_DIR"] == str(built.resolve()) and "FLASK_DEBUG" not in plan.env
    assert plan.env["KB_TRUSTED_HOSTS"] == "127.0.0.1,localhost"
    # nginx: its configuration in the data directory, listening on the given address only.
    assert plan.run_dir == built.resolve() / "serve" / str(port)
    assert plan.nginx[plan.nginx.index("-c") + 1] == str(plan.run_dir / "nginx.conf")
    assert f"listen 127.0.0.1:{port} default_server;" in plan.nginx_conf
    assert plan.nginx_conf.count("listen ") == 1 and f"server unix:{plan.socket_path}" in plan.nginx_conf
    assert "access_log off;" in plan.nginx_conf
    # Per client: the rate and the requests in progress, with their constants.
    assert f"rate={serving.RATE_PER_CLIENT}r/s;" in plan.nginx_conf
    assert f"limit_req zone=kb_rate burst={serving.RATE_BURST} nodelay;" in plan.nginx_conf
    assert f"limit_conn kb_conn {serving.CONNECTIONS_PER_CLIENT};" in plan.nginx_conf
    # gunicorn gets one malloc arena per process (memory stays flat over rebuilds).
    assert plan.env["MALLOC_ARENA_MAX"] == "1"

    assert _serve(built, "--port", str(port), "--access-log", "--trusted-host", "kb.example.org").exit_code == 0
    assert "access_log /dev/stdout combined;" in no_exec[1].nginx_conf
    assert no_exec[1].env["KB_TRUSTED_HOSTS"] == "kb.example.org,127.0.0.1"


def test_serve_refuses_a_trusted_host_that_is_not_a_name(built: Path, no_exec: list[serving.ServePlan]) -> None:
    result = _serve(built, "--trusted-host", "kb.example.org:8000")
    assert result.exit_code == 1 and "'kb.example.org:8000' is not a host name" in result.output
    assert no_exec == []


def test_cli_defaults_are_the_documented_ones() -> None:
    params = {p.name: p.default for p in main.commands["serve"].params if p.name not in ("access_log", "trusted_hosts", "as_of")}
    # --data-dir after the command has no default of its own: the one before it, KB_DATA_DIR, ./var.
    assert params == {"host": serving.DEFAULT_HOST, "port": serving.DEFAULT_PORT,
                      "workers": serving.DEFAULT_WORKERS, "data_dir": None}
    assert serving.DEFAULT_HOST == "127.0.0.1" and serving.DEFAULT_WORKERS == 2


def test_the_served_app_is_never_in_debug_mode(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_DATA_DIR", str(built))
    monkeypatch.setenv("FLASK_DEBUG", "1")
    wsgi = serving.wsgi_app()
    assert wsgi.app.debug is False
    response = Client(wsgi).get("/api/stats")
    assert response.status_code == 200 and response.get_json()["cities"]["beijing"]["records"] == 25


def _title(base_url: str, item_id: str) -> str:
    with urllib.request.urlopen(f"{base_url}/api/items/{item_id}", timeout=10) as response:
        return json.load(response)["title"]["en"]


@pytest.mark.browser
def test_a_new_build_is_served_without_a_restart(built: Path, corpus_copy: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(built, data_dir, symlinks=True)
    curated = corpus_copy / "translations" / "beijing-notice.en.po"
    text = curated.read_text(encoding="utf-8")
    old = 'msgstr "5G technology R&D engineer"'
    assert old in text
    with running_server(data_dir, tmp_path / "logs") as base_url:
        assert _title(base_url, "bj-01") == "5G technology R&D engineer"
        curated.write_text(text.replace(old, 'msgstr "5G technology R&D engineer (rebuilt)"'), encoding="utf-8")
        build(corpus_copy, data_dir)
        # A fresh connection each time, so both workers answer some of them.
        titles = {_title(base_url, "bj-01") for _ in range(12)}
    assert titles == {"5G technology R&D engineer (rebuilt)"}
