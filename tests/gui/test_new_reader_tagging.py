"""What a new reader stumbled on while tagging (issue: tagging, snapping, category keys).

Each test drives the real window with mouse and key events, as a reader would.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from lawgov_desktop.core import segment
from lawgov_desktop.store.annotations import AnnotationFilter
from tests.gui.guiutil import annotation_rows

ENFORCE, REVIEW = 1, 2
LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def chinese(qapp):
    """The Chinese interface (the default), as the app installs it at start-up."""
    from lawgov_desktop.gui.app import install_translations

    installed = install_translations(qapp, "zh_CN")
    yield
    for tr in installed:
        qapp.removeTranslator(tr)


def point_at(view, offset: int, inside: int) -> QPoint:
    """A viewport point just inside the character boundary before ``offset`` (``inside`` px)."""
    rect = view.offset_rect(offset)
    return QPoint(int(rect.center().x()) + inside, int(rect.center().y()))


def drag(qtbot, view, start: int, end: int) -> None:
    """Press at ``start``, move with the button held, release at ``end`` (code points)."""
    vp = view.viewport()
    p1, p2 = point_at(view, start, 2), point_at(view, end, -2)
    qtbot.mousePress(vp, LEFT, NO_MOD, p1)
    for frac in (0.3, 0.7, 1.0):
        p = QPointF(p1 + (p2 - p1) * frac)
        move = QMouseEvent(QEvent.Type.MouseMove, p, vp.mapToGlobal(p), Qt.MouseButton.NoButton, LEFT, NO_MOD)
        QApplication.sendEvent(vp, move)
    qtbot.mouseRelease(vp, LEFT, NO_MOD, p2)


def key(qtbot, view, k: Qt.Key, mod: Qt.KeyboardModifier = NO_MOD) -> None:
    view.setFocus()
    qtbot.keyClick(view, k, mod)


def anns(project, rid: int):
    return project.annotations.list(AnnotationFilter(report_ids=[rid]))


def test_after_a_tag_the_highlight_shows_and_a_new_drag_makes_a_new_annotation(chinese, main_window, qtbot):
    """Item 1: the selection is cleared after tagging; a drag inside the old selection selects
    anew; new-vs-add is named in the status bar; undo restores exactly."""
    project = main_window.project
    pane = main_window.open_report(1)
    view = pane.view
    text = view.text()
    a0 = text.index("把认真学习贯彻党的二十大精神作为首要政治任务")
    a1 = a0 + len("把认真学习贯彻党的二十大精神作为首要政治任务")
    pane.view.scroll_to_offset(a0 - 100)
    before = annotation_rows(project)
    drag(qtbot, view, a0, a1)
    assert view.selection_span() == (a0, a1)
    key(qtbot, view, Qt.Key.Key_1)
    [first] = anns(project, 1)
    assert (first.start, first.end, first.category_ids) == (a0, a1, [ENFORCE])
    assert not view.textCursor().hasSelection()  # the new highlight is not hidden under a selection
    status = main_window.statusBar().currentMessage()
    assert "新建标注" in status and "执法" in status
    after_first = annotation_rows(project)

    # a new drag inside the tagged passage (an overlapping one): a new selection, a new annotation
    b0 = a0 + len("把认真学习贯彻")
    b1 = b0 + len("党的二十大精神")
    drag(qtbot, view, b0, b1)
    assert view.selection_span() == (b0, b1)
    key(qtbot, view, Qt.Key.Key_2)
    spans = sorted((a.start, a.end, a.category_ids) for a in anns(project, 1))
    assert spans == [(a0, a1, [ENFORCE]), (b0, b1, [REVIEW])]  # the first keeps 执法 alone
    status = main_window.statusBar().currentMessage()
    assert "新建标注" in status and "复议" in status
    main_window.undo_stack.undo()
    assert annotation_rows(project) == after_first

    # exactly the first passage again: the key adds to that annotation, and says so
    drag(qtbot, view, a0, a1)
    key(qtbot, view, Qt.Key.Key_2)
    [same] = anns(project, 1)
    assert same.id == first.id and same.category_ids == [ENFORCE, REVIEW]
    status = main_window.statusBar().currentMessage()
    assert "现有标注" in status and "复议" in status and "执法" in status
    assert "现有标注" in main_window.undo_stack.undoText()
    main_window.undo_stack.undo()
    rows, links = annotation_rows(project)
    assert links == after_first[1] and [r[:11] for r in rows] == [r[:11] for r in after_first[0]]
    main_window.undo_stack.undo()
    assert annotation_rows(project) == before


def test_a_selection_made_before_the_dictionary_is_ready_never_cuts_a_word(main_window, qtbot, monkeypatch):
    """Item 2: the first drag after start (dictionary still loading) is snapped when the words
    arrive, and a tag made at once waits for them instead of quoting half a word."""
    pane = main_window.open_report(1)
    view = pane.view
    text = view.text()
    s = text.index("学习贯彻党的二十大精神，认真落实")
    cut = s + len("学习贯彻党的二十大精")  # cuts 精神
    whole = s + len("学习贯彻党的二十大精神")

    fresh = segment.Segmenter()  # a segmenter that has not loaded yet, as just after start
    monkeypatch.setattr(segment, "_default", fresh)
    gate = __import__("threading").Event()
    real_load = fresh._load
    monkeypatch.setattr(fresh, "_load", lambda: (gate.wait(30), real_load()))
    drag(qtbot, view, s, cut)
    assert not fresh.is_ready
    assert view.selection_span() == (s, cut)  # nothing to snap with yet
    gate.set()  # the words arrive: the selection is put right without another gesture
    qtbot.waitUntil(lambda: view.selection_span() == (s, whole), timeout=30_000)

    # again with a fresh dictionary, tagging at once: the tag waits briefly for the words
    fresh2 = segment.Segmenter()
    monkeypatch.setattr(segment, "_default", fresh2)
    view.clear_selection()
    drag(qtbot, view, s, cut)
    assert not fresh2.is_ready or view.selection_span() == (s, whole)
    key(qtbot, view, Qt.Key.Key_1)
    [ann] = anns(main_window.project, 1)
    assert ann.quote == "学习贯彻党的二十大精神"


def test_a_new_category_gets_the_next_free_number_key(main_window, qtbot, monkeypatch):
    """Item 7: a category added in the manager gets key 4 (then 5), its toolbar button shows
    the key, and the key tags."""
    from PySide6.QtWidgets import QInputDialog

    from lawgov_desktop.gui.category_manager import CategoryManagerDialog

    project = main_window.project
    dialog = CategoryManagerDialog(main_window.bridge, main_window.undo_stack, main_window)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("公平竞争", True))
    dialog.add_action.trigger()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("信息公开", True))
    dialog.add_action.trigger()
    fair, info = project.categories.by_name("公平竞争"), project.categories.by_name("信息公开")
    assert (fair.shortcut, info.shortcut) == ("4", "5")
    action = main_window.category_actions.actions[fair.id]
    assert action.shortcut().toString() == "4" and "4" in action.toolTip()
    # the toolbar button's swatch has the key written on it
    from lawgov_desktop.gui.actions import swatch_icon

    def image(icon):
        return icon.pixmap(20, 20).toImage()

    assert main_window.category_actions.toolbar.widgetForAction(action) is not None
    assert image(action.icon()) == image(swatch_icon(fair.color, "4"))
    assert image(action.icon()) != image(swatch_icon(fair.color, ""))
    pane = main_window.open_report(1)
    pane.view.select_span(40, 50)
    key(qtbot, pane.view, Qt.Key.Key_4)
    assert [a.category_ids for a in anns(project, 1)] == [[fair.id]]
    main_window.undo_stack.undo()
    main_window.undo_stack.undo()
    assert project.categories.by_name("信息公开") is None
    main_window.undo_stack.undo()
    assert project.categories.by_name("公平竞争") is None
