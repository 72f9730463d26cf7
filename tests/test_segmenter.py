"""The build's segmenter file gives the words jieba gives with its whole dictionary loaded.

The index was made with jieba's own dictionary and the build's user words; a search that
segments its query with the prebuilt file (loaded a character at a time) must find the same
words, or a query would miss what the index holds.
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest

from kb.search import analysis
from kb.search.analysis import SEGMENTER, configure, jieba_tokens
from kb.store import KnowledgeBase

CJK = re.compile(r"[\u3400-\u9fff]")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if CJK.search(value) else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.fixture
def fresh_jieba(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process's jieba as it starts: nothing loaded (restored after the test)."""
    monkeypatch.setattr(analysis, "_jieba", None)
    monkeypatch.setattr(analysis, "_shards", None)
    monkeypatch.setattr(analysis, "_user_words", {})
    analysis.query_tokens.cache_clear()
    yield
    analysis.query_tokens.cache_clear()


def test_prebuilt_segmenter_gives_jiebas_words_on_the_corpus(kb: KnowledgeBase, fresh_jieba: None) -> None:
    build = kb.build_dir
    cache = build.parent.parent / "cache"
    texts = sorted(set(_strings(kb.records) + _strings(kb.sections) + _strings(kb.units)))
    assert len(texts) > 1000 and sum(map(len, texts)) > 50_000  # the corpus, not a sample of it

    configure(build / "userdict.txt", cache)  # jieba's own dictionary and the user words, as indexed
    assert analysis._shards is None
    reference = [jieba_tokens(t) for t in texts]
    full_size = len(analysis._jieba.FREQ)

    configure(build / "userdict.txt", cache, build / SEGMENTER)
    assert analysis._shards is not None and analysis._jieba.FREQ == {}  # nothing loaded before a text
    jieba_tokens("区块链工程师")
    assert 0 < len(analysis._jieba.FREQ) < full_size / 20  # only the groups of these characters
    prebuilt = [jieba_tokens(t) for t in texts]

    differing = [(t, r, p) for t, r, p in zip(texts, reference, prebuilt) if r != p]
    assert differing == []
    words = {w for tokens in prebuilt for w, _, _ in tokens}
    assert {"区块链", "精算师"} <= words  # user words (the term base's) kept whole
    assert len(words) > 2000


def test_a_server_loads_the_whole_dictionary_before_it_forks(kb: KnowledgeBase, fresh_jieba: None) -> None:
    """kb.serving.preload loads every group (jieba's dictionary whole, as jieba itself would),
    so no request pays for a group's first use; the words are the same."""
    from kb.serving import preload

    build = kb.build_dir
    configure(build / "userdict.txt", build.parent.parent / "cache")
    full_size = len(analysis._jieba.FREQ)
    expected = jieba_tokens("前海深港现代服务业合作区紧缺人才清单")
    analysis.query_tokens.cache_clear()
    preload(build.parent.parent)
    assert analysis._shards is not None and len(analysis._jieba.FREQ) == full_size
    assert analysis._shards.loaded >= set(analysis._shards.index)
    assert jieba_tokens("前海深港现代服务业合作区紧缺人才清单") == expected


def test_a_new_process_segments_with_the_build_file_as_with_jieba(kb: KnowledgeBase) -> None:
    """As a one-off `kb search` does: a fresh Python, the segmenter file, a query's words."""
    build = kb.build_dir
    code = ("import sys; from pathlib import Path; from kb.search import analysis as a; b = Path(sys.argv[1]); "
            "a.configure(b / 'userdict.txt', b.parent.parent / 'cache', "
            "None if sys.argv[2] == 'full' else b / a.SEGMENTER); "
            "print(a._shards is not None, [w for w, _, _ in a.jieba_tokens(sys.argv[3])])")
    query = "我是AI工程师，能在北京从事区块链平台架构工作吗？硕士学历3年以上经验"
    runs = [subprocess.run([sys.executable, "-c", code, str(build), mode, query], capture_output=True, text=True,
                           check=True).stdout.split(" ", 1) for mode in ("full", "prebuilt")]
    assert [lazy for lazy, _ in runs] == ["False", "True"]
    assert runs[0][1] == runs[1][1]
    assert "区块链" in runs[1][1] and "工程师" in runs[1][1]
