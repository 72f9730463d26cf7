"""What a served process keeps over rebuilds: nothing per build beyond the builds it holds.

A long-running worker loads each new build whole (:func:`kb.store.load_current`) and keeps
the current one and the one before it; everything derived from a build (its searcher, its
reports, its related-occupation words) must go with it. The test publishes one build after
another into a data directory, answers a few requests from each through the app as a
served worker does, and counts the live objects: no kind of object may grow with the
number of builds. (The worker's resident memory over 30 real rebuilds is measured by
``bench/rebuilds.py``; see bench/README.md.)
"""

from __future__ import annotations

import gc
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from kb import store
from kb.search import searcher as searcher_module
from kb.search.searcher import KEEP_SEARCHERS, Searcher

BUILDS = 10
# Requests that load everything a worker derives from a build: a search, a record with its
# related occupations, a section, the term base and the figures.
PATHS = ("/api/search?q=blockchain%20engineer", "/api/search?q=%E5%8C%BA%E5%9D%97%E9%93%BE",
         "/occupations/qh-s06", "/api/items/bj-13", "/docs/qianhai-list", "/terms?q=finance", "/stats")


def _publish(data_dir: Path, source: Path, name: str) -> None:
    """``source`` copied as a new build and made current in one rename, as ``kb build`` does."""
    shutil.copytree(source, data_dir / "builds" / name, symlinks=True)
    link = data_dir / "current.new"
    os.symlink(Path("builds") / name, link)
    os.replace(link, data_dir / "current")


def _live() -> Counter[str]:
    gc.collect()
    return Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.get_objects())


def test_a_served_process_keeps_nothing_per_build(built: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from web import create_app

    source = (built / "current").resolve()
    data_dir = tmp_path / "data"
    (data_dir / "builds").mkdir(parents=True)
    monkeypatch.setenv("KB_DATA_DIR", str(data_dir))
    # This process's loaded builds and searchers start empty and are left as they were.
    monkeypatch.setattr(store, "_loaded", {})
    monkeypatch.setattr(searcher_module, "_searchers", {})
    client = create_app().test_client()
    steady: Counter[str] = Counter()
    for i in range(BUILDS):
        _publish(data_dir, source, f"b{i:02d}")
        for path in PATHS:
            response = client.get(path)
            assert response.status_code == 200, path
            assert response.headers["X-KB-Build"] == f"b{i:02d}"
        if i == 3:
            steady = _live()
        if i >= 3:
            shutil.rmtree(data_dir / "builds" / f"b{i - 3:02d}")  # kb build keeps three
    final = _live()
    # Of this data directory's builds (other tests' may be alive too), two are loaded.
    ours = [o for o in gc.get_objects() if isinstance(o, (store.KnowledgeBase, Searcher))
            and data_dir in (o.build_dir if isinstance(o, store.KnowledgeBase) else o.kb.build_dir).parents]
    assert len([o for o in ours if isinstance(o, store.KnowledgeBase)]) <= store.KEEP_LOADED
    assert len([o for o in ours if isinstance(o, Searcher)]) <= KEEP_SEARCHERS
    # From the fourth build on the process is in its steady state: each later build replaces
    # an older one. A kind of object that grew by one or more per build is kept per build.
    later = BUILDS - 1 - 3
    grown = {kind: n for kind, n in (final - steady).items() if n >= later}
    assert grown == {}, f"kept per build over {later} builds: {grown}"
