"""Annotation editor: saves note and categories, deletes, each as one undoable step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMenu, QMessageBox

from lawgov_desktop.gui import annotation_editor
from lawgov_desktop.gui.annotation_editor import DELETED, SAVED, AnnotationEditor
from lawgov_desktop.gui.annotations_panel import local_time
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.store.project import Project

ENFORCE, REVIEW, BUSINESS = 1, 2, 3


def db_rows(project: Project) -> tuple[list, list]:
    """Annotation rows without updated_at (an undo is itself an update at a later time)."""
    q = project.db.execute
    return (q('SELECT id, report_id, start, "end", quote, prefix, suffix, note, annotator, status, created_at '
              "FROM annotations ORDER BY id").fetchall(),
            q("SELECT * FROM annotation_categories ORDER BY 1, 2").fetchall())


@pytest.fixture
def setup(qtbot, seeded_project: Project):
    p = seeded_project
    aid = p.annotations.add(1, 440, 460, [ENFORCE, REVIEW], note="原备注")
    other = p.annotations.add(1, 450, 470, [BUSINESS])
    bridge = ProjectBridge(p)
    stack = QUndoStack()
    editor = AnnotationEditor(bridge, stack, aid)
    qtbot.addWidget(editor)
    editor.show()
    yield p, bridge, stack, editor, aid, other
    stack.clear()  # its commands go now, with their stack alive, not in a later garbage collection
    bridge.detach()


def check(editor: AnnotationEditor, cat_id: int, on: bool) -> None:
    lst = editor.category_list
    for i in range(lst.count()):
        if lst.item(i).data(Qt.ItemDataRole.UserRole) == cat_id:
            lst.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def undo_redo(stack: QUndoStack, p: Project, before: tuple, after: tuple) -> None:
    assert stack.count() == 1
    stack.undo()
    assert db_rows(p) == before
    stack.redo()
    assert db_rows(p) == after


def test_shows_quote_plainly_with_categories_and_times(setup):
    p, _b, _s, editor, aid, _o = setup
    ann = p.annotations.get(aid)
    assert editor.quote_view.isReadOnly() and editor.quote_view.toPlainText() == ann.quote
    assert editor.section_label.textFormat() == Qt.TextFormat.PlainText
    assert editor.section_label.text().endswith("（二）持续打造法治化营商环境")
    assert editor.checked_category_ids() == [ENFORCE, REVIEW]
    assert editor.category_list.count() == 3
    assert local_time(ann.created_at) in editor.meta_label.text() and "tester" in editor.meta_label.text()
    assert editor.note_edit.toPlainText() == "原备注"


def test_save_note(setup):
    p, _b, stack, editor, aid, _o = setup
    before = db_rows(p)
    editor.note_edit.setPlainText("新的备注 <b>不是富文本</b>")
    assert editor.save() and editor.outcome == SAVED and not editor.isVisible()
    assert p.annotations.get(aid).note == "新的备注 <b>不是富文本</b>"
    assert p.annotations.get(aid).category_ids == [ENFORCE, REVIEW]
    undo_redo(stack, p, before, db_rows(p))


def test_save_categories(setup):
    p, _b, stack, editor, aid, _o = setup
    before = db_rows(p)
    check(editor, ENFORCE, False)
    check(editor, BUSINESS, True)
    editor.save_button.click()
    assert p.annotations.get(aid).category_ids == [REVIEW, BUSINESS] and p.annotations.get(aid).note == "原备注"
    undo_redo(stack, p, before, db_rows(p))


def test_unchecking_every_category_asks_first(setup, monkeypatch):
    p, _b, stack, editor, aid, _o = setup
    check(editor, ENFORCE, False)
    check(editor, REVIEW, False)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not editor.save() and stack.count() == 0 and editor.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert editor.save()
    assert p.annotations.get(aid).category_ids == []  # kept as an uncategorised highlight


def test_nothing_changed_pushes_nothing(setup):
    _p, _b, stack, editor, _aid, _o = setup
    assert editor.save() and stack.count() == 0 and editor.outcome is None


def test_delete_and_undo(setup):
    p, _b, stack, editor, aid, _o = setup
    before = db_rows(p)
    editor.delete_button.click()
    assert editor.outcome == DELETED
    with pytest.raises(KeyError):
        p.annotations.get(aid)
    undo_redo(stack, p, before, db_rows(p))


def test_closes_when_deleted_elsewhere_and_follows_new_categories(setup):
    p, _b, _stack, editor, aid, _o = setup
    check(editor, BUSINESS, True)
    p.categories.add("信息公开")
    assert editor.category_list.count() == 4
    assert editor.checked_category_ids() == [ENFORCE, REVIEW, BUSINESS]  # the user's ticks survive
    p.annotations.delete(aid)
    assert not editor.isVisible()


def test_choose_one_of_overlapping_annotations(setup, monkeypatch):
    _p, bridge, _s, _e, aid, other = setup
    shown: list[list[str]] = []

    def fake_exec(menu: QMenu, pos):
        shown.append([a.text() for a in menu.actions()])
        return menu.actions()[1]

    monkeypatch.setattr(annotation_editor, "exec_menu", fake_exec)
    assert AnnotationEditor.choose([aid, other], None, bridge) == other
    assert shown[0][0].startswith("执法、复议：") and shown[0][1].startswith("营商环境：")
    assert AnnotationEditor.choose([aid], None) == aid and len(shown) == 1  # one needs no menu
    assert AnnotationEditor.choose([], None) is None
    monkeypatch.setattr(annotation_editor, "exec_menu", lambda menu, pos: None)
    assert AnnotationEditor.choose([aid, other], None, bridge) is None
