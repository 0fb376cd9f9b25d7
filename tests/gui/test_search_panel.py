"""Search panel: grouped results, jump and highlight signals, and "tag all" as one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog

from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.search_panel import SPAN_ROLE, SearchPanel
from lawgov_desktop.store.project import Project

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
        hits = panel.search("复议")
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
    hits = panel.search("行政复议")
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
    assert {h.report_id for h in panel.search("执法")} == {1}
    panel.set_report_scope(None)
    assert len({h.report_id for h in panel.hits()}) > 1
    panel.project.reports.delete(1)
    qtbot.waitUntil(lambda: all(h.report_id != 1 for h in panel.hits()))
