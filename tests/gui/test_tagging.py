"""Tagging, highlights, editing and undo in the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from lawgov_desktop.core.report import parse_text
from lawgov_desktop.gui.undo import UpdateAnnotationCommand, UpdateCategoryCommand
from lawgov_desktop.store.annotations import AnnotationFilter
from tests.gui.guiutil import annotation_rows, select_cp

ENFORCE, REVIEW, BUSINESS = 1, 2, 3
ASTRAL_TEXT = ("𠮷𡈽区2023年法治政府建设报告\n一、主要举措\n"
               "张𠮷同志在𡈽城街道推进严格规范公正文明执法，并做好行政复议工作。\n")


def annotations(project, rid: int):
    return project.annotations.list(AnnotationFilter(report_ids=[rid]))


def press(qtbot, view, key: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    view.setFocus()
    qtbot.keyClick(view, key, mod)


def test_category_key_tags_the_selection_with_code_point_offsets(main_window, qtbot):
    project = main_window.project
    rid = project.reports.import_parsed(parse_text(ASTRAL_TEXT, "astral.txt")).report_id
    pane = main_window.open_report(rid)
    text = project.reports.text(rid)
    start = text.index("严格规范公正文明执法")
    end = start + len("严格规范公正文明执法")
    assert text[:start].count("𠮷") == 2  # two astral characters before: UTF-16 would be off by 4
    select_cp(pane.view, start, end)
    press(qtbot, pane.view, Qt.Key.Key_1)
    [ann] = annotations(project, rid)
    assert (ann.start, ann.end, ann.quote, ann.category_ids) == (start, end, "严格规范公正文明执法", [ENFORCE])
    # a selection that contains astral characters
    s2 = text.index("张𠮷同志")
    select_cp(pane.view, s2, s2 + 4)
    press(qtbot, pane.view, Qt.Key.Key_2)
    second = [a for a in annotations(project, rid) if a.id != ann.id][0]
    assert (second.start, second.end, second.quote) == (s2, s2 + 4, "张𠮷同志")
    # the highlight covers exactly the selected characters
    select_cp(pane.view, s2, s2 + 4)
    sel = pane.view.textCursor()
    fills = [s for s in pane.view.visible_highlight_segments() if s.annotation_id == second.id and s.kind == "fill"]
    assert len(fills) == 1
    left = pane.view.cursorRect(sel).x()
    sel.setPosition(sel.selectionStart())
    assert abs(fills[0].rect.left() - pane.view.cursorRect(sel).x()) <= 1.5
    assert abs(fills[0].rect.right() - left) <= 1.5


def test_toolbar_button_and_whitespace_trim(main_window, qtbot):
    project = main_window.project
    pane = main_window.open_report(1)
    text = project.reports.text(1)
    start = text.index("（二）持续打造法治化营商环境")
    select_cp(pane.view, start - 1, start + 14)  # picks up the line end before the heading
    main_window.category_actions.actions[BUSINESS].trigger()
    [ann] = annotations(project, 1)
    assert (ann.start, ann.end, ann.category_ids) == (start, start + 14, [BUSINESS])
    assert main_window.saved_label.text()  # "已自动保存 …"


def test_nothing_selected_tags_nothing(main_window, qtbot):
    pane = main_window.open_report(1)
    press(qtbot, pane.view, Qt.Key.Key_1)
    assert annotations(main_window.project, 1) == []
    assert main_window.statusBar().currentMessage()


def test_overlapping_and_multi_category_spans(main_window, qtbot):
    project = main_window.project
    pane = main_window.open_report(1)
    text = project.reports.text(1)
    a0 = text.index("把认真学习贯彻党的二十大精神作为首要政治任务")
    a1 = a0 + 22
    b0, b1 = a0 + 10, a0 + 40
    select_cp(pane.view, a0, a1)
    press(qtbot, pane.view, Qt.Key.Key_1)
    select_cp(pane.view, b0, b1)
    press(qtbot, pane.view, Qt.Key.Key_2)
    select_cp(pane.view, a0, a1)  # exactly A again: adds the category instead of a twin
    press(qtbot, pane.view, Qt.Key.Key_3)
    anns = annotations(project, 1)
    assert [(x.start, x.end, x.category_ids) for x in anns] == [(a0, a1, [ENFORCE, BUSINESS]), (b0, b1, [REVIEW])]
    A, B = anns
    pane.view.scroll_to_offset(a0)
    segs = pane.view.visible_highlight_segments()
    fills = {(s.annotation_id, s.kind) for s in segs if s.kind == "fill"}
    assert fills == {(A.id, "fill"), (B.id, "fill")}
    bands_a = [s for s in segs if s.annotation_id == A.id and s.kind == "band"]
    bands_b = [s for s in segs if s.annotation_id == B.id and s.kind == "band"]
    assert {s.category_id for s in bands_a} == {ENFORCE, BUSINESS} and {s.category_id for s in bands_b} == {REVIEW}
    assert {s.color.name() for s in bands_a} == {"#f6b26b", "#93c47d"}
    # where A and B overlap on a line, every band has its own height: no colour hides another
    for sa in bands_a:
        for sb in bands_b:
            if sa.rect.intersects(sb.rect):
                pytest.fail(f"bands overlap: {sa} {sb}")
    lines_a = [s for s in segs if s.annotation_id == A.id and s.kind == "fill"]
    tops = {round(s.rect.top(), 1) for s in bands_a}
    assert len(bands_a) == len(tops) == 2 * len(lines_a)  # A's two categories are stacked on every line
    # the text itself is untouched: no character format carries a highlight colour
    block = pane.view.document().findBlock(a0)
    assert all(not r.format.background().style() != Qt.BrushStyle.NoBrush for r in block.layout().formats())
    assert not pane.view.grab().isNull()


def test_click_on_a_highlight_opens_the_editor_and_menu_for_overlaps(main_window, qtbot, monkeypatch):
    from lawgov_desktop.gui import annotation_editor
    from lawgov_desktop.gui.annotation_editor import AnnotationEditor

    project = main_window.project
    pane = main_window.open_report(1)
    text = project.reports.text(1)
    a0 = text.index("深刻领悟")
    one = project.annotations.add(1, a0, a0 + 10, [ENFORCE])
    two = project.annotations.add(1, a0 + 5, a0 + 16, [REVIEW])
    pane.view.scroll_to_offset(a0)
    fill_one = next(s for s in pane.view.visible_highlight_segments() if s.annotation_id == one and s.kind == "fill")
    # a point only "one" covers: its first two characters
    point = QPoint(int(fill_one.rect.left()) + 4, int(fill_one.rect.center().y()))
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    editor = main_window.tagger.editor
    assert isinstance(editor, AnnotationEditor) and editor.annotation_id == one
    editor.close()
    # where both overlap, a menu asks which one
    fill_two = next(s for s in pane.view.visible_highlight_segments() if s.annotation_id == two and s.kind == "fill")
    both = fill_one.rect.intersected(fill_two.rect).center().toPoint()
    monkeypatch.setattr(annotation_editor, "exec_menu", lambda menu, pos: menu.actions()[1])
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=both)
    assert main_window.tagger.editor.annotation_id == two


def test_editor_edits_note_and_deletes_through_the_window_undo_stack(main_window, qtbot):
    project = main_window.project
    pane = main_window.open_report(1)
    text = project.reports.text(1)
    start = text.index("召开“干部学习大讲堂”")
    select_cp(pane.view, start, start + 10)
    press(qtbot, pane.view, Qt.Key.Key_1)
    [ann] = annotations(project, 1)
    editor = main_window.tagger.open_editor(ann.id)
    editor.note_edit.setPlainText("重点：学法用法")
    assert editor.save()
    assert project.annotations.get(ann.id).note == "重点：学法用法"
    press(qtbot, pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.annotations.get(ann.id).note == ""
    press(qtbot, pane.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert project.annotations.get(ann.id).note == "重点：学法用法"
    editor = main_window.tagger.open_editor(ann.id)
    assert editor.delete()
    assert annotations(project, 1) == []
    assert len(pane.view.highlights) == 0
    main_window.undo_stack.undo()
    assert [a.id for a in annotations(project, 1)] == [ann.id]
    assert len(pane.view.highlights) == 1


def test_context_menu_tags_edits_and_deletes(main_window, qtbot, monkeypatch):
    project = main_window.project
    pane = main_window.open_report(1)
    text = project.reports.text(1)
    start = text.index("编制《天津市红桥区行政许可事项清单")
    select_cp(pane.view, start, start + 12)
    menu = pane.view.createStandardContextMenu()
    main_window._extend_menu(pane, menu, [])
    tag_menu = next(a.menu() for a in menu.actions() if a.menu() is not None)
    assert [a.text() for a in tag_menu.actions()] == ["执法", "复议", "营商环境"]
    next(a for a in tag_menu.actions() if a.text() == "复议").trigger()
    [ann] = annotations(project, 1)
    assert (ann.start, ann.end, ann.category_ids) == (start, start + 12, [REVIEW])
    menu2 = pane.view.createStandardContextMenu()
    main_window._extend_menu(pane, menu2, [ann.id])
    texts = [a.text() for a in menu2.actions()]
    assert len([t for t in texts if t]) >= 4  # tag-as, edit, delete, and Qt's own copy entries
    delete = [a for a in menu2.actions() if a.text() and a.menu() is None][1]
    delete.trigger()
    assert annotations(project, 1) == []


def test_undo_and_redo_restore_the_database_exactly(main_window, qtbot):
    project = main_window.project
    pane = main_window.open_report(4)
    text = project.reports.text(4)
    states = [annotation_rows(project)]
    s = text.index("深入学习《论坚持全面依法治国》")
    for key, (a, b) in [(Qt.Key.Key_1, (s, s + 8)), (Qt.Key.Key_2, (s + 4, s + 14)), (Qt.Key.Key_3, (s, s + 8))]:
        select_cp(pane.view, a, b)
        press(qtbot, pane.view, key)
        states.append(annotation_rows(project))
    main_window.tagger.delete([annotations(project, 4)[1].id])
    states.append(annotation_rows(project))
    assert len(states[-2][0]) == 2 and len(states[-1][0]) == 1
    for expected in reversed(states[:-1]):
        press(qtbot, pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert without_update_time(annotation_rows(project)) == without_update_time(expected)
    assert annotation_rows(project) == states[0]
    for expected in states[1:]:
        press(qtbot, pane.view, Qt.Key.Key_Z,
              Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert without_update_time(annotation_rows(project)) == without_update_time(expected)
    assert len(pane.view.highlights) == len(states[-1][0]) == 1


def without_update_time(rows: tuple[list, list]) -> tuple[list, list]:
    """An undone update is itself a change made now: compare everything but updated_at."""
    anns, links = rows
    return [r[:11] for r in anns], links


def test_shortcuts_follow_category_changes(main_window, qtbot):
    project = main_window.project
    main_window.undo_stack.push(UpdateCategoryCommand(project, ENFORCE, shortcut="9"))
    assert main_window.category_actions.actions[ENFORCE].shortcut().toString() == "9"
    assert main_window.category_actions.actions[REVIEW].shortcut().toString() == "2"
    pane = main_window.open_report(1)
    select_cp(pane.view, 10, 20)
    press(qtbot, pane.view, Qt.Key.Key_9)
    assert [a.category_ids for a in annotations(project, 1)] == [[ENFORCE]]
    project.categories.add("信息公开", shortcut="4")
    assert [a.text() for a in main_window.tag_menu.actions()][-1] == "信息公开"
    select_cp(pane.view, 30, 40)
    press(qtbot, pane.view, Qt.Key.Key_4)
    assert annotations(project, 1)[-1].category_ids == [project.categories.by_name("信息公开").id]


def test_jump_from_the_annotations_panel_opens_selects_and_flashes(main_window, qtbot):
    project = main_window.project
    text = project.reports.text(3)
    start = len(text) - 60
    aid = project.annotations.add(3, start, start + 20, [BUSINESS])
    main_window.open_report(1)
    main_window.annotations_panel.jumpRequested.emit(3, start, start + 20)
    pane = main_window.current_pane()
    assert pane.report_id == 3 and main_window.reading.report_ids() == [1, 3]
    assert pane.view.selection_span() == (start, start + 20)
    assert pane.view.is_flashing()
    assert any(s.annotation_id == aid for s in pane.view.visible_highlight_segments())
    qtbot.waitUntil(lambda: not pane.view.is_flashing(), timeout=4000)


def test_update_command_from_elsewhere_refreshes_highlights(main_window):
    project = main_window.project
    pane = main_window.open_report(2)
    aid = project.annotations.add(2, 300, 320, [ENFORCE])
    assert pane.view.highlights.exact(300, 320).category_ids == (ENFORCE,)
    main_window.undo_stack.push(UpdateAnnotationCommand(project, aid, category_ids=[REVIEW, BUSINESS]))
    assert pane.view.highlights.exact(300, 320).category_ids == (REVIEW, BUSINESS)


def test_read_only_project_refuses_changes_politely(make_window, project_path, qtbot):
    from lawgov_desktop.gui.bridge import ProjectBridge
    from lawgov_desktop.gui.main_window import MainWindow
    from lawgov_desktop.gui.settings import UiSettings
    from lawgov_desktop.store.project import Project

    project = Project(project_path, readonly=True)
    bridge = ProjectBridge(project)
    window = MainWindow(bridge, UiSettings(), restore=False)
    window.save_on_close = False
    qtbot.addWidget(window)
    try:
        assert "只读" in window.windowTitle() or "read-only" in window.windowTitle()
        pane = window.open_report(1)
        select_cp(pane.view, 10, 20)
        steps = window.undo_stack.count()  # the seeds' import
        assert not window.tag_selection(ENFORCE)
        assert window.undo_stack.count() == steps and project.health.counts()["annotations"] == 0
        assert window.statusBar().currentMessage()
    finally:
        window.close()
        bridge.detach()
        project.close()


def test_category_keys_belong_to_the_text_and_del_deletes_at_the_cursor(main_window, qtbot):
    project = main_window.project
    pane = main_window.open_report(1)
    select_cp(pane.view, 10, 20)
    box = main_window.library.filter_edit
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_1)
    assert box.text() == "1" and annotations(project, 1) == []  # typing a year does not tag
    box.clear()
    press(qtbot, pane.view, Qt.Key.Key_1)
    [ann] = annotations(project, 1)
    select_cp(pane.view, 15, 15)  # just the cursor, inside the highlight
    press(qtbot, pane.view, Qt.Key.Key_Delete)
    assert annotations(project, 1) == []
    main_window.undo_stack.undo()
    assert [a.id for a in annotations(project, 1)] == [ann.id]


def test_suggestions_are_drawn_dashed_and_are_not_annotations(main_window, qtbot):
    project = main_window.project
    pane = main_window.open_report(1)
    text = project.reports.text(1)
    s = text.index("深刻领悟")
    pane.view.set_suggestions([(s, s + 8, REVIEW)])
    pane.view.scroll_to_offset(s)
    dashed = [g for g in pane.view.visible_highlight_segments() if g.dashed]
    assert {g.kind for g in dashed} == {"fill", "band"} and all(g.category_id == REVIEW for g in dashed)
    fill = next(g for g in dashed if g.kind == "fill")
    assert pane.view.annotations_at(fill.rect.center().toPoint()) == []  # a click opens no editor
    select_cp(pane.view, s, s + 8)
    press(qtbot, pane.view, Qt.Key.Key_1)  # tagging the same span makes a real annotation
    [ann] = annotations(project, 1)
    assert (ann.start, ann.end, ann.category_ids) == (s, s + 8, [ENFORCE])
    assert not pane.view.grab().isNull()


def test_a_refused_change_leaves_no_undo_step(main_window, qtbot, monkeypatch, dialogs):
    from lawgov_desktop.store.db import ProjectError

    project = main_window.project
    pane = main_window.open_report(1)
    select_cp(pane.view, 40, 50)
    press(qtbot, pane.view, Qt.Key.Key_1)
    steps = main_window.undo_stack.count()
    before = annotation_rows(project)

    def refuse(*args, **kwargs):
        raise ProjectError("数据库被锁定 (database is locked)")

    monkeypatch.setattr(project.annotations, "update", refuse)
    monkeypatch.setattr(project.annotations, "delete_many", refuse)
    select_cp(pane.view, 40, 50)  # tagging cleared the selection: the same span again
    press(qtbot, pane.view, Qt.Key.Key_2)  # same span: would add a category
    main_window.tagger.delete([annotations(project, 1)[0].id])
    assert annotation_rows(project) == before
    assert main_window.undo_stack.count() == steps
    assert [k for k, _t, text in dialogs.shown] == ["warning", "warning"]
    # the window speaks English here: the English half of the error, without PySide's prefix
    assert dialogs.shown[0][2] == "database is locked"
