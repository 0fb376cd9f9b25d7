"""Opening a report stays light by design (counts of statements and imported modules, never
timings: ``lawgov bench`` measures the time).

* A pane reads who made each annotation with the annotations themselves: opening a report
  runs the same statements whether one person or several tagged it.
* The store's optional parts (agreement figures, the suggestion ranker, the bulk import's
  worker pool) are imported when first used, not by opening a project or a report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from PySide6.QtWidgets import QApplication

from tests.gui.test_startup_design import _modules_after_first_paint


def _tag(project, report_id: int, annotators: list[str], count: int = 30) -> None:
    length = len(project.reports.text(report_id))
    step = max(3, (length - 10) // count)
    cats = [c.id for c in project.categories.list()]
    for i in range(count):
        start = i * step
        project.annotations.add(report_id, start, start + 2, [cats[i % len(cats)]], annotator=annotators[i % len(annotators)])


def _refresh_statements(window, pane) -> list[str]:
    """The statements a pane's full read of its report's annotations (what opening it does) runs."""
    seen: list[str] = []
    conn = window.project.conn
    conn.set_trace_callback(seen.append)
    try:
        pane.refresh_annotations()
    finally:
        conn.set_trace_callback(None)
    return seen


def test_opening_a_report_reads_its_annotators_with_its_annotations(main_window):
    window = main_window
    _tag(window.project, 1, ["alice"])
    _tag(window.project, 2, ["alice", "bob", "carol"])
    pane1 = window.open_report(1, new_pane=True)
    pane2 = window.open_report(2, new_pane=True)
    QApplication.processEvents()
    alone, several = _refresh_statements(window, pane1), _refresh_statements(window, pane2)
    assert alone and len(alone) == len(several), (alone, several)
    assert not [sql for sql in alone + several if sql.startswith("SELECT id, annotator")]
    # the bands still tell annotators apart: one style for one, three for three
    assert len(pane1.view.highlights) == 30 == len(pane2.view.highlights)
    assert {s.style for s in pane1.view.highlights.spans} == {0}
    assert len({s.style for s in pane2.view.highlights.spans}) == 3
    # a tag by a fourth person keeps the others' styles and gives the new one its own
    before = {s.id: s.style for s in pane2.view.highlights.spans}
    new = window.project.annotations.add(2, 1, 2, [window.project.categories.list()[0].id], annotator="dave")
    pane2.refresh_annotations({new})
    after = {s.id: s.style for s in pane2.view.highlights.spans}
    assert len(set(after.values())) == 4
    assert after[new] not in before.values()
    assert {k: v for k, v in after.items() if k != new} == before


def test_loading_a_report_runs_one_collector_pass_and_the_collector_is_back_after(main_window):
    """A long report's sections, keys and highlights are thousands of objects without cycles:
    the pane builds them with the cyclic collector waiting (its passes walked them, several
    times per open) and switches it back on when done, which runs the one pass it owes."""
    import gc

    window = main_window
    project = window.project
    length = len(project.reports.text(1))
    cat = project.categories.list()[0].id
    for who in ("alice", "bob"):  # 4,000 annotations: a pass was due every few hundred new objects
        project.annotations.add_many(1, [(i % (length - 9), i % (length - 9) + 8) for i in range(2000)], [cat],
                                     annotator=who)
    passes: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            passes.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        pane = window.open_report(1, new_pane=True)
    finally:
        gc.callbacks.remove(seen)
    assert len(passes) <= 1, passes
    assert gc.isenabled()
    assert len(pane.view.highlights) == 4000
    assert {s.style for s in pane.view.highlights.spans} == {0, 1}  # the keys still tell who made what


_STORE_PROBE = r"""
import json, sys
from lawgov_desktop.store.open import open_project
project = open_project(sys.argv[1])
project.reports.text(1); project.annotations.spans(1); project.reports.sections(1)
print("MODULES " + json.dumps(sorted(sys.modules)))
"""

#: loaded when their feature is first used
OPTIONAL = ("lawgov_desktop.core.agreement", "lawgov_desktop.store.team", "lawgov_desktop.core.suggest",
            "lawgov_desktop.core.ranker", "concurrent.futures")


def test_store_loads_agreement_ranker_and_worker_pool_when_used(project_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", _STORE_PROBE, str(project_path)], env=env, capture_output=True,
                         text=True, encoding="utf-8", timeout=300, check=True).stdout
    modules = set(json.loads(next(ln for ln in out.splitlines() if ln.startswith("MODULES "))[8:]))
    assert "lawgov_desktop.store.project" in modules
    assert not [m for m in OPTIONAL if m in modules]


def test_an_open_report_pane_loads_no_agreement_or_ranker_code(project_path):
    modules = _modules_after_first_paint(project_path, [1])
    assert "lawgov_desktop.gui.report_pane" in modules
    assert "lawgov_desktop.core.agreement" not in modules
    assert "lawgov_desktop.store.team" not in modules
    assert not [m for m in OPTIONAL if m in modules]  # nor the ranker: the suggestions load it


def test_band_lanes_are_swept_per_cluster_when_drawn():
    """Opening a long report lanes only what is drawn; each cluster's lanes are those of a sweep
    of the whole report, and a tag re-lanes its cluster alone."""
    from lawgov_desktop.gui.highlighter import HighlightIndex, Span

    # 400 clusters of three overlapping spans, one with two categories
    spans = [Span(3 * c + k, 100 * c + 5 * k, 100 * c + 5 * k + 20, (1, 2) if k == 1 else (1,))
             for c in range(400) for k in range(3)]
    index = HighlightIndex(spans)
    assert index._lanes == {}
    drawn = index.between(1000, 1300)  # clusters 10, 11 and 12
    lanes = index.lanes_of(drawn)
    assert set(lanes) == {s.id for s in spans if 10 <= s.id // 3 <= 12}
    full = HighlightIndex(spans)._assign_lanes()
    assert {sid: full[sid] for sid in lanes} == lanes
    assert [lanes[s.id] for s in drawn[:3]] == [0, 1, 3]
    index.update(set(), [Span(9999, 1101, 1102, (3,))])  # a tag in cluster 11
    assert not {3 * 11, 3 * 11 + 1, 3 * 11 + 2, 9999} & index._lanes.keys()
    assert {3 * 10, 3 * 12} <= index._lanes.keys()
    assert index.lanes == HighlightIndex([*spans, Span(9999, 1101, 1102, (3,))]).lanes
