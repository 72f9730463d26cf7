"""Figures computed from the records against the figures the Qianhai report states."""

from __future__ import annotations

from kb.services import compare_stated, compute_stats
from kb.store import KnowledgeBase


def test_qianhai_figures_reproduce_the_report(kb: KnowledgeBase) -> None:
    qianhai = compute_stats(kb.records, kb.documents)["cities"]["qianhai"]
    assert qianhai["records"] == 50
    assert qianhai["list"] == {"qianhai-demand": 29, "qianhai-strategic": 21}
    assert qianhai["industry"] == {"professional-services": 20, "sci-tech-services": 15, "finance": 8,
                                   "information-services": 5, "modern-logistics": 2}
    # Sections 3.1 and 3.2 break the industries down per table.
    assert qianhai["industry_by_list"]["qianhai-demand"] == {
        "professional-services": 12, "sci-tech-services": 9, "finance": 5, "modern-logistics": 2,
        "information-services": 1}
    assert qianhai["industry_by_list"]["qianhai-strategic"] == {
        "professional-services": 8, "sci-tech-services": 6, "information-services": 4, "finance": 3}
    assert qianhai["shortage_duration"] == {"long": 34, "short": 13, "near": 3}
    assert qianhai["severity"] == {"moderate": 14, "relative": 21, "extreme": 15}
    assert qianhai["experience"] == {"1": 2, "3": 20, "5": 28}  # 10 years counted with 5


def test_beijing_figures(kb: KnowledgeBase) -> None:
    beijing = compute_stats(kb.records, kb.documents)["cities"]["beijing"]
    assert beijing["records"] == 25
    assert beijing["min_degree"] == {"bachelor": 20, "master": 2, "doctor": 3}
    assert beijing["experience"] == {"2": 25}
    assert beijing["industry"]["software-information-services"] == 5
    assert beijing["shortage_duration"] == {} and beijing["severity"] == {}


def test_every_stated_figure_is_reproduced(kb: KnowledgeBase) -> None:
    stated = compare_stated(compute_stats(kb.records, kb.documents), kb.documents)
    assert len(stated) == 17
    assert all(figure["ok"] for figure in stated), [f for f in stated if not f["ok"]]
