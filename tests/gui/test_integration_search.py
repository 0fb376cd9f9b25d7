"""The search dock in the real window: focus key, jumps, hit highlights in panes, tag all + undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from lawgov_desktop.core.report import parse_text
from lawgov_desktop.gui.search_panel import SPAN_ROLE
from lawgov_desktop.store.annotations import AnnotationFilter
from tests.gui.guiutil import search_and_wait, utf16_offset

REVIEW = 2  # 复议
ASTRAL_TEXT = ("𠮷𡈽区2023年法治政府建设报告\n一、主要举措\n"
               "张𠮷同志在𡈽城街道推进严格规范公正文明执法，并做好行政复议工作。\n")


def first_leaf(panel):
    report = panel.model.item(0)
    return report.child(0).child(0)


def test_ctrl_shift_f_shows_the_dock_and_focuses_the_query(main_window, qtbot):
    assert not main_window.search_dock.isVisible()
    assert main_window.search_dock.toggleViewAction() in main_window.menuBar().actions()[3].menu().actions()
    main_window.open_report(1).view.setFocus()
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert main_window.search_dock.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is main_window.search_panel.query)


def test_results_are_outlined_in_every_open_pane_and_cleared(main_window, qtbot):
    left, right = main_window.open_report(1), main_window.open_report(2)
    main_window.focus_search()
    hits = search_and_wait(qtbot, main_window.search_panel, "行政复议")
    by_report = {}
    for h in hits:
        by_report.setdefault(h.report_id, []).append((h.start, h.end))
    assert by_report.get(1) and by_report.get(2)
    assert left.view.marks.hits() == sorted(by_report[1])
    assert right.view.marks.hits() == sorted(by_report[2])
    # a pane opened afterwards gets its report's hits too
    third = main_window.open_report(3)
    assert third.view.marks.hits() == sorted(by_report.get(3, []))
    # the outline is painted where the text is: scroll to a hit and find its rectangle
    s, e = by_report[1][0]
    left.reveal_span(s, e, flash=False)
    rects = left.view.marks.hit_rects(left.view, left.view.offsets)
    cursor_rect = left.view.offset_rect(s)
    assert rects and any(abs(r.left() - cursor_rect.left()) < 2 and r.top() <= cursor_rect.center().y() <= r.bottom()
                         for r in rects)
    # hits are not annotations: nothing to click, nothing in the highlight index
    assert len(left.view.highlights) == 0
    main_window.search_panel.clear()
    assert left.view.marks.hits() == [] and right.view.marks.hits() == [] and third.view.marks.hits() == []


def test_jump_opens_selects_and_scrolls_with_utf16_conversion(main_window, qtbot):
    project = main_window.project
    rid = project.reports.import_parsed(parse_text(ASTRAL_TEXT, "astral.txt")).report_id
    main_window.open_report(1)
    main_window.focus_search()
    panel = main_window.search_panel
    search_and_wait(qtbot, panel, "文明执法")
    leaf = next(panel.model.item(r).child(0).child(0) for r in range(panel.model.rowCount())
                if panel.model.item(r).child(0).child(0).data(SPAN_ROLE)[0] == rid)
    report_id, start, end = leaf.data(SPAN_ROLE)
    text = project.reports.text(rid)
    assert text[start:end] == "文明执法" and text[:start].count("𠮷") == 2
    panel.tree.setCurrentIndex(leaf.index())
    panel.tree.activated.emit(leaf.index())
    pane = main_window.current_pane()
    assert pane.report_id == rid
    assert pane.view.selection_span() == (start, end)
    cur = pane.view.textCursor()
    assert (cur.selectionStart(), cur.selectionEnd()) == (utf16_offset(text, start), utf16_offset(text, end))
    assert pane.view.is_flashing()
    assert pane.view.viewport().rect().contains(pane.view.cursorRect())
    assert QApplication.focusWidget() is not pane.view  # the results list keeps the keyboard


def test_tag_all_results_is_one_step_on_the_window_undo_stack(main_window, qtbot):
    project = main_window.project
    pane = main_window.open_report(1)
    panel = main_window.search_panel
    hits = search_and_wait(qtbot, panel, "行政复议")
    assert len({h.report_id for h in hits}) > 1
    before = main_window.undo_stack.count()
    assert panel.undo_stack is main_window.undo_stack
    tagged = panel.apply_tag_all(REVIEW)
    assert tagged == len(hits)
    assert len(project.annotations.list(AnnotationFilter(category_ids=[REVIEW]))) == len(hits)
    assert main_window.undo_stack.count() == before + 1
    # the open pane shows the new annotations
    assert len(pane.view.highlights) == sum(1 for h in hits if h.report_id == 1)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.annotations.list(AnnotationFilter(category_ids=[REVIEW])) == []
    assert len(pane.view.highlights) == 0
