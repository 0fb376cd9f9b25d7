"""Annotations panel: lists, filters, scope, jumping, deleting (undoably) and refreshing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QUndoStack

from lawgov_desktop.gui.annotations_panel import (
    CATEGORIES,
    QUOTE,
    REPORT,
    SECTION,
    UNCATEGORISED,
    AnnotationsPanel,
    local_time,
)
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.store.project import Project

ENFORCE, REVIEW, BUSINESS = 1, 2, 3


def rows(panel: AnnotationsPanel) -> list[int]:
    return [panel.model.data(panel.model.index(r, 0), Qt.ItemDataRole.UserRole + 1)
            for r in range(panel.model.rowCount())]


def db_rows(project: Project) -> tuple[list, list]:
    q = project.db.execute
    return (q("SELECT * FROM annotations ORDER BY id").fetchall(),
            q("SELECT * FROM annotation_categories ORDER BY 1, 2").fetchall())


@pytest.fixture
def setup(qtbot, seeded_project: Project):
    p = seeded_project
    ids = [
        p.annotations.add(1, 152, 169, [ENFORCE], note="学习法治思想"),
        p.annotations.add(1, 440, 460, [REVIEW, BUSINESS]),
        p.annotations.add(2, 100, 130, [BUSINESS], note="待核实"),
        p.annotations.add(3, 60, 90, []),
    ]
    bridge = ProjectBridge(p)
    stack = QUndoStack()
    panel = AnnotationsPanel(bridge, undo_stack=stack)
    qtbot.addWidget(panel)
    panel.resize(1000, 400)
    panel.show()
    qtbot.waitExposed(panel)
    yield p, panel, stack, ids
    stack.clear()  # its commands go now, with their stack alive, not in a later garbage collection
    bridge.detach()


def test_lists_all_annotations_with_their_columns(setup):
    p, panel, _stack, ids = setup
    assert rows(panel) == ids
    m = panel.model
    assert m.index(0, REPORT).data() == "红桥区 2022"
    assert "天津市红桥区" in m.index(0, REPORT).data(Qt.ItemDataRole.ToolTipRole)
    assert m.index(0, SECTION).data() == "（一）深入学习贯彻习近平法治思想"
    assert m.index(0, QUOTE).data() == p.annotations.get(ids[0]).quote
    assert m.index(1, CATEGORIES).data() == "复议、营商环境"
    assert m.index(0, 4).data() == "学习法治思想" and m.index(0, 5).data() == "tester"
    assert m.index(0, 6).data() == local_time(p.annotations.get(ids[0]).updated_at)
    assert panel.count_label.text().startswith("4")


def test_filters_by_category_uncategorised_and_text(setup, qtbot):
    p, panel, _stack, ids = setup
    combo = panel.category_combo
    combo.setCurrentIndex(combo.findData(BUSINESS))
    assert rows(panel) == [ids[1], ids[2]]
    combo.setCurrentIndex(combo.findData(UNCATEGORISED))
    assert rows(panel) == [ids[3]]
    p.categories.update(REVIEW, parent_id=ENFORCE)  # a parent stands for its branch
    combo.setCurrentIndex(combo.findData(ENFORCE))
    assert rows(panel) == [ids[0], ids[1]]
    combo.setCurrentIndex(0)
    panel.text_filter.setText("核实")  # matches a note
    qtbot.waitUntil(lambda: rows(panel) == [ids[2]])
    panel.text_filter.setText("营商环境")  # matches a quote
    qtbot.waitUntil(lambda: rows(panel) == [ids[1]])
    combo.setCurrentIndex(combo.findData(ENFORCE))  # both filters at once
    assert rows(panel) == [ids[1]]
    combo.setCurrentIndex(combo.findData(BUSINESS))
    panel.text_filter.setText("习近平")  # in the quotes of ids[0], ids[2] and ids[3]
    qtbot.waitUntil(lambda: rows(panel) == [ids[2]])
    panel.text_filter.setText("不存在的词")
    qtbot.waitUntil(lambda: rows(panel) == [])


def test_scope_open_reports_or_all(setup):
    _p, panel, _stack, ids = setup
    panel.set_scope([1])
    assert rows(panel) == ids[:2]
    panel.set_scope([2, 3])
    assert rows(panel) == ids[2:]
    panel.scope_combo.setCurrentIndex(panel.scope_combo.findData(True))  # 全部报告
    assert rows(panel) == ids
    panel.scope_combo.setCurrentIndex(panel.scope_combo.findData(False))
    panel.set_scope([])
    assert rows(panel) == []
    panel.set_scope(None)
    assert rows(panel) == ids


def test_double_click_and_enter_emit_jump_with_offsets(setup, qtbot):
    p, panel, _stack, ids = setup
    index = panel.model.index(2, QUOTE)
    rect = panel.view.visualRect(index)
    with qtbot.waitSignal(panel.jumpRequested) as blocker:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [2, 100, 130]
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    with qtbot.waitSignal(panel.jumpRequested) as blocker:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    ann = p.annotations.get(ids[0])
    assert blocker.args == [ann.report_id, ann.start, ann.end]


def test_refreshes_after_external_change_and_keeps_selection(setup):
    p, panel, _stack, ids = setup
    panel.view.selectionModel().select(panel.model.index(2, 0), QItemSelectionModel.SelectionFlag.Select
                                       | QItemSelectionModel.SelectionFlag.Rows)
    new = p.annotations.add(1, 10, 20, [ENFORCE])  # the bridge hears the project's notification
    assert rows(panel) == [new, ids[0], ids[1], ids[2], ids[3]]
    assert panel.selected_ids() == [ids[2]]
    p.categories.update(ENFORCE, name="行政执法")
    assert panel.model.index(0, CATEGORIES).data() == "行政执法"
    p.reports.delete(1)
    assert rows(panel) == [ids[2], ids[3]]


def test_delete_selected_is_one_undo_step(setup):
    p, panel, stack, ids = setup
    before = db_rows(p)
    sel = panel.view.selectionModel()
    for r in (0, 3):
        sel.select(panel.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                   | QItemSelectionModel.SelectionFlag.Rows)
    panel.delete_action.trigger()
    assert rows(panel) == [ids[1], ids[2]]
    after = db_rows(p)
    assert stack.count() == 1
    stack.undo()
    assert db_rows(p) == before and rows(panel) == ids
    stack.redo()
    assert db_rows(p) == after and rows(panel) == [ids[1], ids[2]]


def test_without_undo_stack_nothing_can_be_deleted(qtbot, seeded_project: Project):
    bridge = ProjectBridge(seeded_project)
    panel = AnnotationsPanel(bridge)
    qtbot.addWidget(panel)
    assert not panel.delete_action.isEnabled()
    bridge.detach()


def test_many_rows_are_listed_without_per_row_work(qtbot, seeded_project: Project):
    """20,000 annotations: one query, and section paths only for the rows that are painted."""
    p = seeded_project
    p.annotations.add_many(1, [(i % 3000, i % 3000 + 5) for i in range(20_000)], [ENFORCE])
    bridge = ProjectBridge(p)
    panel = AnnotationsPanel(bridge)
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.model.rowCount() == 20_000
    assert len(panel.model._paths) < 200
    bridge.detach()


def test_quotes_and_notes_are_read_only_for_rows_that_are_shown(qtbot, seeded_project: Project):
    """The list holds ids and places; whole rows are read a chunk at a time as they are painted."""
    p = seeded_project
    ids = p.annotations.add_many(1, [(i, i + 8) for i in range(0, 3000, 10)], [ENFORCE], note="初读")
    bridge = ProjectBridge(p)
    panel = AnnotationsPanel(bridge, undo_stack=QUndoStack())
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    qtbot.waitExposed(panel)
    m = panel.model
    assert m.rowCount() == len(ids) == 300
    qtbot.waitUntil(lambda: ids[0] in m.details)  # painted
    assert ids[-1] not in m.details
    assert len(m.details) < 100
    panel.view.scrollToBottom()
    qtbot.waitUntil(lambda: ids[-1] in m.details)
    last = m.rowCount() - 1
    assert m.index(last, QUOTE).data() == " ".join(p.annotations.get(ids[-1]).quote.split())
    assert m.index(last, 4).data() == "初读"
    # an edit is shown at once: the row's cached details are dropped and read again
    p.annotations.update(ids[-1], note="复核")
    assert m.index(last, 4).data() == "复核"
    assert m.index(last, 6).data() == local_time(p.annotations.get(ids[-1]).updated_at)
    p.annotations.update(ids[-1], span=(2995, 3005))
    assert m.index(last, QUOTE).data() == " ".join(p.annotations.get(ids[-1]).quote.split())
    bridge.detach()


def test_sorts_by_columns_whose_values_are_read_lazily(setup, qtbot):
    p, panel, _stack, ids = setup
    by_quote = sorted(ids, key=lambda i: p.annotations.get(i).quote)
    panel.view.sortByColumn(QUOTE, Qt.SortOrder.AscendingOrder)
    assert rows(panel) == by_quote
    panel.view.sortByColumn(QUOTE, Qt.SortOrder.DescendingOrder)
    assert rows(panel) == by_quote[::-1]
    panel.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # note
    assert rows(panel)[:2] == [ids[2], ids[0]]  # 待核实 > 学习法治思想 > the two without a note
    p.annotations.update(ids[3], note="重点")  # merged in: still in note order
    assert rows(panel)[:3] == [ids[3], ids[2], ids[0]]
    panel.text_filter.setText("核实")  # the text filter asks the store, whatever is loaded
    qtbot.waitUntil(lambda: rows(panel) == [ids[2]])
    assert panel.model.index(0, QUOTE).data() == " ".join(p.annotations.get(ids[2]).quote.split())
