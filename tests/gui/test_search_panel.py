"""Search panel: grouped results, jump and highlight signals, and "tag all" as one undo step."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog

from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.search_panel import SPAN_ROLE, SearchPanel
from lawgov_desktop.gui.workers import BackgroundTask
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.search import Search
from tests.gui.guiutil import search_and_wait

REVIEW = 2  # 复议


@pytest.fixture
def panel(qtbot, seeded_project: Project):
    bridge = ProjectBridge(seeded_project)
    stack = QUndoStack()
    widget = SearchPanel(bridge, stack)
    qtbot.addWidget(widget)
    widget.stack = stack  # keep it alive with the panel
    yield widget
    stack.clear()  # its commands go now, with their stack alive, not in a later garbage collection
    bridge.detach()


def leaves(panel: SearchPanel) -> list[tuple[int, int, int]]:
    out = []
    model = panel.model
    for r in range(model.rowCount()):
        report = model.item(r)
        for s in range(report.rowCount()):
            section = report.child(s)
            for h in range(section.rowCount()):
                out.append(section.child(h).data(SPAN_ROLE))
    return out


def test_results_grouped_with_signals(qtbot, panel: SearchPanel):
    project = panel.project
    with qtbot.waitSignal(panel.hitsChanged) as blocker:
        panel.search("复议")
        assert panel.searching() and panel.status.text() == panel.tr("Searching…") and not panel.tag_button.isEnabled()
    hits = panel.hits()
    by_report = blocker.args[0]
    texts = {r.id: project.reports.text(r.id) for r in project.reports.list()}
    assert by_report == {rid: [(h.start, h.end) for h in hits if h.report_id == rid] for rid in {h.report_id for h in hits}}
    assert {rid: len(v) for rid, v in by_report.items()} == {rid: t.count("复议") for rid, t in texts.items() if "复议" in t}
    assert leaves(panel) == [(h.report_id, h.start, h.end) for h in hits]
    report_item = panel.model.item(0)
    assert report_item.text().startswith(f"#{hits[0].report_id} ")
    section = report_item.child(0)
    assert section.toolTip() == hits[0].section_path
    assert "【复议】" in section.child(0).text()
    assert panel.tag_button.isEnabled() and str(len(hits)) in panel.status.text()

    index = panel.model.indexFromItem(section.child(0))
    with qtbot.waitSignal(panel.jumpRequested) as jump:
        panel.tree.clicked.emit(index)
    assert jump.args == [hits[0].report_id, hits[0].start, hits[0].end]

    panel.query.setText("没有这个词语")
    with qtbot.waitSignal(panel.hitsChanged) as none:
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert none.args == [{}] and not panel.tag_button.isEnabled()


def test_tag_all_is_one_undo_step(qtbot, panel: SearchPanel, monkeypatch: pytest.MonkeyPatch):
    project, stack = panel.project, panel.stack
    hits = search_and_wait(qtbot, panel, "行政复议")
    assert len({h.report_id for h in hits}) >= 2
    project.annotations.add(hits[0].report_id, hits[0].start, hits[0].end, [REVIEW])  # already tagged: skipped
    before = len(project.annotations.list())

    dialog = panel.preview_dialog(REVIEW)
    assert dialog.category.currentText() == "复议"
    assert dialog.table.rowCount() == len({h.report_id for h in hits})
    assert 0 < dialog.samples.count() <= 6 and "【行政复议】" in dialog.samples.item(0).text()
    assert sum(len(v) for v in dialog.spans_by_report().values()) == len(hits) - 1
    assert "1" in dialog.summary.text()

    monkeypatch.setattr(QDialog, "exec", lambda self: (self.category.setCurrentIndex(self.category.findData(REVIEW)),
                                                       QDialog.DialogCode.Accepted)[1])
    assert panel.tag_all() == len(hits) - 1
    assert stack.count() == 1
    tagged = [a for a in project.annotations.list() if REVIEW in a.category_ids]
    assert len(project.annotations.list()) == before + len(hits) - 1
    assert {(a.report_id, a.start, a.end) for a in tagged} == {(h.report_id, h.start, h.end) for h in hits}
    stack.undo()  # one undo removes every one of them, across reports
    assert len(project.annotations.list()) == before
    stack.redo()
    assert len(project.annotations.list()) == before + len(hits) - 1
    assert panel.apply_tag_all(REVIEW) == 0  # nothing left to tag
    assert stack.count() == 1


def test_scope_and_reports_changing(qtbot, panel: SearchPanel):
    panel.set_report_scope([1])
    assert {h.report_id for h in search_and_wait(qtbot, panel, "执法")} == {1}
    with qtbot.waitSignal(panel.hitsChanged):
        panel.set_report_scope(None)
    assert len({h.report_id for h in panel.hits()}) > 1
    panel.project.reports.delete(1)
    qtbot.waitUntil(lambda: all(h.report_id != 1 for h in panel.hits()))


def test_the_search_runs_off_the_gui_thread(qtbot, panel: SearchPanel, monkeypatch: pytest.MonkeyPatch):
    gui_thread = threading.current_thread()
    ran_on: list[threading.Thread] = []
    real_hits = Search.hits

    def recorded(self, *args, **kwargs):
        ran_on.append(threading.current_thread())
        return real_hits(self, *args, **kwargs)

    monkeypatch.setattr(Search, "hits", recorded)
    hits = search_and_wait(qtbot, panel, "复议")
    assert hits and leaves(panel) == [(h.report_id, h.start, h.end) for h in hits]
    assert len(ran_on) == 1 and ran_on[0] is not gui_thread


def test_the_gui_thread_serves_events_while_a_search_runs(qtbot, panel: SearchPanel,
                                                        monkeypatch: pytest.MonkeyPatch):
    release = threading.Event()
    real_hits = Search.hits

    def held(self, *args, **kwargs):
        assert release.wait(10), "the GUI thread never got to release the search"
        return real_hits(self, *args, **kwargs)

    monkeypatch.setattr(Search, "hits", held)
    with qtbot.waitSignal(panel.hitsChanged, timeout=10000) as blocker:
        panel.search("复议")
        # the work waits for the GUI thread: only a GUI thread left free by search() can let it go
        QTimer.singleShot(0, release.set)
    assert release.is_set() and blocker.args[0] and panel.hits()


def test_a_newer_query_wins_over_a_slower_older_one(qtbot, panel: SearchPanel, monkeypatch: pytest.MonkeyPatch,
                                                    request: pytest.FixtureRequest):
    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(max(2, threads))  # the old search holds one thread while the newer one runs
    request.addfinalizer(lambda: pool.setMaxThreadCount(threads))
    old_started, release_old, old_done = threading.Event(), threading.Event(), threading.Event()
    real_hits = Search.hits

    def slow_for_the_old_query(self, query, *args, **kwargs):
        if query == "复议":
            old_started.set()
            assert release_old.wait(10)
            try:
                return real_hits(self, query, *args, **kwargs)
            finally:
                old_done.set()
        return real_hits(self, query, *args, **kwargs)

    monkeypatch.setattr(Search, "hits", slow_for_the_old_query)
    shown: list[dict] = []
    panel.hitsChanged.connect(shown.append)
    panel.search("复议")
    qtbot.waitUntil(old_started.is_set)  # running: superseded, not merely taken off the queue
    newer = search_and_wait(qtbot, panel, "文明执法")
    assert newer and all(panel.project.reports.text(h.report_id)[h.start:h.end] == "文明执法" for h in newer)
    release_old.set()
    assert old_done.wait(10) and pool.waitForDone(10000)
    qtbot.waitUntil(lambda: not panel.findChildren(BackgroundTask))  # the old task's outcome was delivered
    assert panel.hits() == newer and "【文明执法】" in panel.model.item(0).child(0).child(0).text()
    assert len(shown) == 1 and shown[0] == {rid: [(h.start, h.end) for h in newer if h.report_id == rid]
                                            for rid in {h.report_id for h in newer}}


def test_a_failing_search_says_so_in_the_status(qtbot, panel: SearchPanel):
    with sqlite3.connect(panel.project.path) as other:  # the file breaks under the panel
        other.execute("ALTER TABLE reports RENAME TO reports_gone")
    with qtbot.waitSignal(panel.failed, timeout=10000) as failure, qtbot.waitSignal(panel.hitsChanged) as cleared:
        panel.search("复议")
    message = failure.args[0]
    assert message and panel.status.text() == panel.tr("Search failed: {message}").format(message=message)
    assert cleared.args == [{}] and panel.hits() == [] and panel.model.rowCount() == 0
    assert not panel.tag_button.isEnabled() and not panel.searching()
