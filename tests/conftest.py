"""Shared fixtures: one build of the real corpus per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.build import build
from kb.store import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("kb-data")
    build(CORPUS, data_dir)
    return data_dir


@pytest.fixture(scope="session")
def kb(built: Path) -> KnowledgeBase:
    return KnowledgeBase.load(built)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the corpus that a test may damage."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How many inputs the fuzz runs tried (they have fixed budgets)."""
    import sys

    hardening = sys.modules.get("tests.test_hardening")
    if hardening is not None and hardening.INPUTS_TRIED:
        terminalreporter.section("fuzz inputs tried")
        for name, count in sorted(hardening.INPUTS_TRIED.items()):
            terminalreporter.write_line(f"{count:6d}  {name}")
