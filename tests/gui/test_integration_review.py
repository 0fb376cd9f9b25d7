"""Review-suggestions mode in the real window: dashed proposals, keys only in the mode, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt

from lawgov_desktop.store.annotations import AnnotationFilter
from tests.gui.guiutil import select_cp

ENFORCE = 1
TIMEOUT = 30_000


def press(qtbot, view, key: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    view.setFocus()
    qtbot.keyClick(view, key, mod)


def dashed(view) -> list[tuple[int, int, tuple[int, ...]]]:
    return [(s.start, s.end, s.category_ids) for s in view.highlights.spans if s.dashed]


def start_review(main_window, qtbot, report_id: int):
    ctrl = main_window.review.controller
    with qtbot.waitSignal(ctrl.suggestionsReady, timeout=TIMEOUT, check_params_cb=lambda rid: rid == report_id):
        qtbot.keyClick(main_window, Qt.Key.Key_S,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert main_window.review.active and main_window.review.action.isChecked()
    return ctrl


def test_review_mode_draws_walks_and_accepts_on_the_window_stack(main_window, qtbot):
    project = main_window.project
    left = main_window.open_report(1)
    right = main_window.open_report(2)
    assert main_window.review.action in main_window.menuBar().actions()[2].menu().actions()
    ctrl = start_review(main_window, qtbot, 2)
    assert main_window.review.panel.isVisible()
    found = ctrl.suggestions_for(2)
    assert found
    assert sorted(dashed(right.view)) == sorted((s, e, (c,)) for s, e, c, _ in found)
    assert dashed(left.view) == []  # only the report being walked through
    first = ctrl.current()
    assert right.view.marks.focus() == (first.start, first.end)
    assert right.view.viewport().rect().contains(right.view.cursorRect())

    press(qtbot, right.view, Qt.Key.Key_N)
    second = ctrl.current()
    assert ctrl.index == 1 and right.view.marks.focus() == (second.start, second.end)
    press(qtbot, right.view, Qt.Key.Key_P)
    assert ctrl.index == 0
    press(qtbot, right.view, Qt.Key.Key_N)

    before = main_window.undo_stack.count()
    press(qtbot, right.view, Qt.Key.Key_A)
    [ann] = project.annotations.list(AnnotationFilter(report_ids=[2]))
    assert (ann.start, ann.end, ann.category_ids) == (second.start, second.end, [second.category_id])
    assert main_window.undo_stack.count() == before + 1
    assert any(not s.dashed and s.id == ann.id for s in right.view.highlights.spans)
    qtbot.keyClick(right.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.annotations.list(AnnotationFilter(report_ids=[2])) == []

    rejected = ctrl.current()
    press(qtbot, right.view, Qt.Key.Key_Delete)
    fb = project.suggestions.feedback(report_id=2)
    assert [(f.start, f.end, f.verdict) for f in fb] == [(rejected.start, rejected.end, "rejected")]

    # the current pane decides which report is walked through
    with qtbot.waitSignal(ctrl.suggestionsReady, timeout=TIMEOUT, check_params_cb=lambda rid: rid == 1):
        left.view.setFocus()
        main_window.reading.set_current(left)
    assert ctrl.report_id == 1 and dashed(left.view)

    # off: dashes and frames go, the keys are gone
    main_window.review.action.trigger()
    assert not main_window.review.active and not main_window.review.panel.isVisible()
    assert dashed(left.view) == [] and dashed(right.view) == [] and left.view.marks.focus() is None
    index = ctrl.index
    press(qtbot, left.view, Qt.Key.Key_N)
    assert ctrl.index == index


def test_review_keys_never_clash_with_category_keys_or_delete(main_window, qtbot):
    project = main_window.project
    project.categories.update(ENFORCE, shortcut="A")  # a user's own choice of key
    pane = main_window.open_report(1)
    text = project.reports.text(1)
    s = text.index("行政执法")
    select_cp(pane.view, s, s + 4)
    press(qtbot, pane.view, Qt.Key.Key_A)  # outside the mode: A is 执法's key
    [ann] = project.annotations.list(AnnotationFilter(report_ids=[1]))
    assert ann.category_ids == [ENFORCE]

    ctrl = start_review(main_window, qtbot, 1)
    suggestion = ctrl.current()
    press(qtbot, pane.view, Qt.Key.Key_A)  # in the mode: A accepts
    anns = project.annotations.list(AnnotationFilter(report_ids=[1]))
    assert len(anns) == 2 and any((a.start, a.end) == (suggestion.start, suggestion.end) for a in anns)
    # Delete rejects the suggestion, and leaves the annotation under the caret alone
    pane.view.select_span(s + 1, s + 1)
    rejected = ctrl.current()
    press(qtbot, pane.view, Qt.Key.Key_Delete)
    assert len(project.annotations.list(AnnotationFilter(report_ids=[1]))) == 2
    assert [f.verdict for f in project.suggestions.feedback(report_id=1) if f.start == rejected.start] == ["rejected"]
    # a category change while reviewing rebuilds the actions: their keys are lifted again
    project.categories.update(ENFORCE, color="#f0a050")
    assert main_window.category_actions.actions[ENFORCE].shortcut().isEmpty()

    main_window.review.set_active(False)
    assert main_window.category_actions.actions[ENFORCE].shortcut().toString() == "A"
    assert main_window.act_delete_ann.shortcut().toString() == "Del"
    pane.view.select_span(s + 1, s + 1)
    press(qtbot, pane.view, Qt.Key.Key_Delete)  # outside the mode: deletes the annotation at the caret
    assert ann.id not in [a.id for a in project.annotations.list(AnnotationFilter(report_ids=[1]))]


def test_panel_shows_held_out_quality_and_closing_the_window_stops_the_worker(main_window, qtbot):
    main_window.open_report(4)
    review = main_window.review
    with qtbot.waitSignal(review.controller.evaluationReady, timeout=TIMEOUT):
        review.set_active(True)
    assert review.panel.quality_title.isVisible()
    text = review.panel.quality.text()
    assert "执法" in text and "复议" in text and "营商环境" in text
    main_window.close()
    assert review.controller._closed


def test_closing_the_dock_ends_the_mode(main_window, qtbot):
    pane = main_window.open_report(3)
    review = main_window.review
    review.set_active(True)
    review.panel.close()
    assert not review.active and not review.action.isChecked()
    assert [s for s in pane.view.highlights.spans if s.dashed] == []


def test_read_only_window_offers_no_review(qtbot, project_path):
    from lawgov_desktop.gui.bridge import ProjectBridge
    from lawgov_desktop.gui.main_window import MainWindow
    from lawgov_desktop.gui.settings import UiSettings
    from lawgov_desktop.store.project import Project

    bridge = ProjectBridge(Project(project_path, readonly=True))
    window = MainWindow(bridge, UiSettings(), restore=False)
    qtbot.addWidget(window)
    try:
        assert not window.review.action.isEnabled()
    finally:
        window.close()
        bridge.detach()
        bridge.project.close()


def test_a_restart_does_not_bring_back_the_suggestions_dock_without_the_mode(make_window, qtbot):
    first = make_window()
    first.open_report(1)
    first.review.set_active(True)
    first.focus_search()
    first.close()  # saves the layout with both docks showing
    second = make_window(restore=True)
    assert not second.review.active and not second.review.panel.isVisible()
    assert second.search_dock.isVisible()  # the search dock is the reader's own choice
