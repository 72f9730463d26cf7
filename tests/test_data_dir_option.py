"""The data directory given before the command, after it, or by KB_DATA_DIR: after wins, then
before, then the environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main

from .conftest import CORPUS, DATA

# Every command that reads the data directory, with arguments that make it do real work.
READERS = [
    ["stats"],
    ["check"],
    ["show", "bj-01"],
    ["search", "actuarial"],
    ["export", "--format", "jsonl"],
    ["eval", str(DATA / "eval_cases.json")],
    ["terms", "lookup", "人才"],
    ["terms", "check"],
    ["terms", "export", "--format", "csv"],
]


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, args, env={"KB_DATA_DIR": None, **(env or {})})
    return result.exit_code, result.output


@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c[:2]))
def test_a_command_reads_the_data_directory_given_before_or_after_it_or_in_the_environment(
        built: Path, command: list[str]) -> None:
    before = run(["--data-dir", str(built), *command])
    assert before[0] == 0, before[1]
    assert run([*command, "--data-dir", str(built)]) == before
    assert run(command, env={"KB_DATA_DIR": str(built)}) == before


@pytest.mark.parametrize("command", [*READERS, ["serve"]], ids=lambda c: " ".join(c[:2]))
def test_the_data_directory_after_the_command_wins(built: Path, tmp_path: Path, command: list[str]) -> None:
    empty = tmp_path / "empty"
    # After the command beats before it and the environment: this build is not there.
    code, out = run(["--data-dir", str(built), *command, "--data-dir", str(empty)],
                    env={"KB_DATA_DIR": str(built)})
    assert code == 1 and "no knowledge base has been built yet" in out and f"data directory: {empty}" in out, out
    # Before the command beats the environment.
    code, out = run(["--data-dir", str(empty), *command], env={"KB_DATA_DIR": str(built)})
    assert code == 1 and f"data directory: {empty}" in out, out


def test_kb_build_writes_where_data_dir_says_after_the_command(tmp_path: Path) -> None:
    wanted, before, env = tmp_path / "after", tmp_path / "before", tmp_path / "env"
    code, out = run(["--data-dir", str(before), "build", "--corpus", str(CORPUS), "--data-dir", str(wanted)],
                    env={"KB_DATA_DIR": str(env)})
    assert code == 0, out
    assert (wanted / "current" / "build.json").is_file()
    assert not before.exists() and not env.exists()
    code, out = run(["stats", "--data-dir", str(wanted)])
    assert code == 0 and "beijing: 25 occupations" in out, out
