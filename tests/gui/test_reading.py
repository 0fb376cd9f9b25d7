"""Reading: panes side by side, outline tree ↔ scroll position, literal text, big reports."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from lawgov_desktop.core.document import section_path
from lawgov_desktop.core.report import parse_text
from lawgov_desktop.gui.library_model import REPORT_ID_ROLE, encode_report_ids
from lawgov_desktop.gui.reading_area import MAX_PANES
from tests.gui.guiutil import utf16_offset


def heading_block(pane, index: int):
    sec = pane.sections[index]
    return pane.view.document().findBlock(utf16_offset(pane.view.text(), sec.start))


def test_two_reports_side_by_side(main_window):
    left = main_window.open_report(1)
    right = main_window.open_report(2)
    assert main_window.reading.report_ids() == [1, 2]
    assert left.isVisible() and right.isVisible()
    assert left.mapTo(main_window, QPoint(0, 0)).x() < right.mapTo(main_window, QPoint(0, 0)).x()
    assert abs(left.width() - right.width()) < 40  # an even split
    assert left.view.text() == main_window.project.reports.text(1)
    assert right.title_label.text() == main_window.project.reports.get(2).title
    assert main_window.current_pane() is right


def test_library_double_click_context_menu_and_drag_open_reports(main_window, qtbot):
    lib = main_window.library
    row = next(r for r in range(lib.proxy.rowCount()) if lib.proxy.index(r, 0).data(REPORT_ID_ROLE) == 3)
    rect = lib.table.visualRect(lib.proxy.index(row, 0))
    qtbot.mouseClick(lib.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(lib.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert main_window.reading.report_ids() == [3]
    lib.openRequested.emit(4, False)  # 在当前窗格打开
    assert main_window.reading.report_ids() == [4]
    mime = QMimeData()
    mime.setData("application/x-lawgov-report-ids", encode_report_ids([1, 5]).data("application/x-lawgov-report-ids"))
    drag_and_drop(main_window.reading, mime)
    assert main_window.reading.report_ids() == [4, 1, 5]


def drag_and_drop(target, mime: QMimeData) -> bool:
    """Deliver a drag-enter then a drop at the centre of ``target``; True if the drop was taken."""
    centre = target.rect().center()
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def test_a_fifth_report_replaces_the_last_pane(main_window):
    for rid in (1, 2, 3, 4):
        main_window.open_report(rid)
    main_window.open_report(5)
    assert main_window.reading.report_ids() == [1, 2, 3, 5]
    assert len(main_window.reading.panes()) == MAX_PANES
    assert "4" in main_window.statusBar().currentMessage()


def test_close_button_closes_the_pane(main_window, qtbot):
    pane = main_window.open_report(1)
    main_window.open_report(2)
    qtbot.mouseClick(pane.close_button, Qt.MouseButton.LeftButton)
    assert main_window.reading.report_ids() == [2]


def test_tree_shows_the_outline_levels(main_window):
    pane = main_window.open_report(2)  # 一、→(一)→一是
    model = pane.outline
    top = model.index(0, 0)
    sub = model.index(0, 0, top)
    item = model.index(0, 0, sub)
    assert top.data().startswith("一、") and sub.data().startswith("(一)") and item.data() == "一是优化政府行政职能"
    pane4 = main_window.open_report(4)  # 一、→（一）→1.
    m4 = pane4.outline
    leaf = m4.index(0, 0, m4.index(0, 0, m4.index(0, 0)))
    assert leaf.data().startswith("1.用党的科学理论武装头脑")
    assert m4.parent(leaf).data().startswith("（一）")


def test_clicking_a_tree_node_puts_its_heading_at_the_top(main_window, qtbot):
    pane = main_window.open_report(2)
    main_window.open_report(4)
    for index in (6, 13, 2):  # (二), 一是 under (四), then back up
        ix = pane.outline.index_for_section(index)
        pane.tree.scrollTo(ix)
        rect = pane.tree.visualRect(ix)  # the start of the label: the narrow outline may cut its end
        qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft() + QPoint(6, rect.height() // 2))
        assert pane.view.firstVisibleBlock().blockNumber() == heading_block(pane, index).blockNumber()
        top = pane.view.offset_rect(pane.sections[index].start).top()
        assert 0 <= top < pane.view.fontMetrics().height() * 1.5
        assert pane.breadcrumb.text() == section_path(pane.sections, index)
        assert pane.outline.section_of(pane.tree.currentIndex()) == index


def test_scrolling_selects_the_section_and_updates_the_breadcrumb(main_window, qtbot):
    pane = main_window.open_report(2)
    bar = pane.view.verticalScrollBar()
    assert pane.current_section() is None  # the title and preamble come before 一、
    for index in (9, 20, 1):
        block = heading_block(pane, index)
        bar.setValue(block.firstLineNumber() + 1)  # a line into the section's first paragraph
        qtbot.waitUntil(lambda i=index: pane.current_section() in (i, *pane_children(pane, i)), timeout=2000)
        shown = pane.current_section()
        assert pane.outline.section_of(pane.tree.currentIndex()) == shown
        assert pane.breadcrumb.text() == section_path(pane.sections, shown)
        assert pane.section_at(pane.top_offset()) == shown


def pane_children(pane, index: int) -> list[int]:
    return [i for i, s in enumerate(pane.sections) if s.parent == index]


def test_report_text_is_shown_literally(main_window, qtbot):
    text = "测试报告\n一、概述\n正文含有<script>alert(1)</script>与&amp;和<b>粗体</b>。\n"
    rid = main_window.project.reports.import_parsed(parse_text(text, "script.txt")).report_id
    pane = main_window.open_report(rid)
    assert pane.view.document().toPlainText() == text.rstrip("\n") or pane.view.document().toPlainText() == text
    assert "<script>alert(1)</script>" in pane.view.document().findBlockByNumber(2).text()
    assert "&amp;" in pane.view.toPlainText() and "<b>粗体</b>" in pane.view.toPlainText()


def test_zoom_keys_and_ctrl_wheel(main_window, qtbot):
    pane = main_window.open_report(1)
    base = pane.view.font().pointSizeF()
    qtbot.keyClick(pane.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(pane.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert pane.view.font().pointSizeF() == base + 2 and main_window.zoom == 2
    qtbot.keyClick(pane.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert main_window.zoom == 1
    pane.view.zoomRequested.emit(-1)  # what Ctrl+wheel sends
    assert main_window.zoom == 0
    qtbot.keyClick(pane.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(pane.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert main_window.zoom == 0 and pane.view.font().pointSizeF() == base


def test_a_megabyte_report_with_5000_annotations_opens_and_paints(main_window, qtbot):
    para = "依法行政推进法治政府建设，严格规范公正文明执法，优化法治化营商环境，加强行政复议工作。" * 8 + "\n"
    parts = ["超大测试报告\n"]
    n = 0
    while sum(map(len, parts)) < 1_000_000:
        n += 1
        parts.append(f"{n}.第{n}部分\n" + para * 3)
    text = "".join(parts)
    project = main_window.project
    rid = project.reports.import_parsed(parse_text(text, "big.txt")).report_id
    step = len(text) // 5000
    spans = [(i * step + 3, i * step + 3 + 12 + i % 30) for i in range(5000)]
    project.annotations.add_many(rid, spans, [1])
    pane = main_window.open_report(rid)
    assert len(pane.view.highlights) == 5000
    assert not pane.view.grab().isNull()
    assert pane.view.visible_highlight_segments()
    pane.view.scroll_to_offset(len(text) // 2)
    qtbot.wait(20)
    assert not pane.view.grab().isNull()
    segs = pane.view.visible_highlight_segments()
    assert segs and all(s.rect.width() > 0 for s in segs)
    pane.view.scroll_to_offset(len(text) - 10)
    assert not pane.view.grab().isNull()


def test_library_filter_and_sort(main_window, qtbot):
    lib = main_window.library
    ids = lambda: [lib.report_id_at_row(r) for r in range(lib.proxy.rowCount())]  # noqa: E731
    assert ids() == [1, 2, 3, 4, 5]
    qtbot.keyClicks(lib.filter_edit, "2023")
    assert ids() == [3, 5]
    lib.filter_edit.setText("滨海新区")
    assert ids() == [3]
    lib.filter_edit.setText("区政务服务办公室 2022")  # every word must match
    assert ids() == [4]
    lib.filter_edit.clear()
    main_window.project.annotations.add(5, 0, 4, [1])
    lib.table.sortByColumn(lib.model.ANNOTATIONS, Qt.SortOrder.DescendingOrder)
    assert ids()[0] == 5 and lib.proxy.index(0, lib.model.ANNOTATIONS).data() == 1
    lib.table.sortByColumn(lib.model.YEAR, Qt.SortOrder.DescendingOrder)
    assert set(ids()[:2]) == {3, 5}


def test_category_manager_opens_from_the_menu(main_window, qtbot):
    from lawgov_desktop.gui.category_manager import CategoryManagerDialog

    main_window.act_categories.trigger()
    dialogs = main_window.findChildren(CategoryManagerDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].close()
