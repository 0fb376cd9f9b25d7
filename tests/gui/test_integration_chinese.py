"""Chinese-aware reading in the real window: aligned linked panes, word-snapped mouse selections,
sentence and paragraph selection, and an English interface without Chinese chrome."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMenu, QToolBar

from lawgov_desktop.core.segment import get_segmenter
from lawgov_desktop.gui.menus import plain_label
from tests.gui.guiutil import select_cp

WORD = "营商环境"
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture
def words_ready():
    get_segmenter().ensure_loaded()  # the window loads it in the background; here we need it now


def click_section(qtbot, pane, index: int) -> None:
    ix = pane.outline.index_for_section(index)
    pane.tree.scrollTo(ix)
    rect = pane.tree.visualRect(ix)  # the start of the label: the narrow outline may cut its end
    qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft() + QPoint(6, rect.height() // 2))


def test_linked_panes_use_the_content_alignment_once_words_are_loaded(main_window, qtbot, words_ready):
    left, right = main_window.open_report(1), main_window.open_report(5)
    main_window.set_linked(True)
    assert (left.sections[5].label, left.sections[5].title) == ("（五）", "深化行政执法规范化建设")
    click_section(qtbot, left, 5)
    best = main_window.project.alignment.matches(1, 5)[5].best
    assert best.score >= 0.05
    target = right.sections[right.current_section()]
    assert right.current_section() == best.index
    assert (target.label, target.title) == ("（四）", "深入推进严格规范公正文明执法")  # not the other （五）
    assert right.view.document().findBlock(right.view.offsets.to_utf16(target.start)).blockNumber() == \
        right.view.firstVisibleBlock().blockNumber()


def test_weak_alignment_falls_back_to_numbering_and_title(main_window, qtbot, words_ready, monkeypatch):
    from lawgov_desktop.core.align import Alignment, SectionMatch
    from lawgov_desktop.core.similarity import corresponding_section

    left, right = main_window.open_report(1), main_window.open_report(5)
    weak = [Alignment(i, [SectionMatch(0, 0.01, 0.0, 0.01)]) for i in range(len(left.sections))]
    monkeypatch.setattr(type(main_window.project.alignment), "matches", lambda self, a, b, **k: weak)
    main_window.set_linked(True)
    click_section(qtbot, left, 5)
    assert right.current_section() == corresponding_section(left.sections, 5, right.sections)


def _mouse(view, kind: QEvent.Type, offset: int, mods=Qt.KeyboardModifier.NoModifier) -> None:
    """A left-button mouse event at the left quarter of the character at ``offset``."""
    rect = view.offset_rect(offset)
    font_w = view.fontMetrics().horizontalAdvance("营")
    pos = QPointF(rect.left() + font_w / 4, rect.center().y())
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, pos, view.viewport().mapToGlobal(pos), Qt.MouseButton.LeftButton
                        if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton, held, mods)
    QApplication.sendEvent(view.viewport(), event)


def drag(view, start: int, end: int, mods=Qt.KeyboardModifier.NoModifier) -> None:
    _mouse(view, QEvent.Type.MouseButtonPress, start, mods)
    for off in range(start, end + 1):
        _mouse(view, QEvent.Type.MouseMove, off, mods)
    _mouse(view, QEvent.Type.MouseButtonRelease, end, mods)


def test_a_mouse_drag_snaps_to_whole_words_and_alt_keeps_characters(main_window, qtbot, words_ready):
    pane = main_window.open_report(1)
    view = pane.view
    text = view.text()
    s = text.index("打造法治化" + WORD) + len("打造法治化")
    pane.reveal_span(s, s, flash=False)
    drag(view, s + 1, s + 3)  # “商环”: the middle of the word
    assert view.selection_span() == (s, s + 4)
    assert text[slice(*view.selection_span())] == WORD
    view.select_span(s, s)
    drag(view, s + 1, s + 3, Qt.KeyboardModifier.AltModifier)
    assert view.selection_span() == (s + 1, s + 3)
    # a plain click still selects nothing and snaps nothing
    _mouse(view, QEvent.Type.MouseButtonPress, s + 2)
    _mouse(view, QEvent.Type.MouseButtonRelease, s + 2)
    assert view.selection_span() is None


def test_no_snapping_while_the_dictionary_is_loading(main_window, monkeypatch):
    from lawgov_desktop.gui import word_selection

    loading = type("S", (), {"is_ready": False, "ensure_loaded_async": lambda self: None,
                             "when_ready": lambda self, callback: None})()
    monkeypatch.setattr(word_selection, "get_segmenter", lambda: loading)
    pane = main_window.open_report(1)
    text = pane.view.text()
    s = text.index(WORD)
    select_cp(pane.view, s + 1, s + 3)
    assert pane.view.snap_selection_to_words() is False
    assert pane.view.selection_span() == (s + 1, s + 3)
    assert pane.view.has_unsnapped_selection()  # snapped when the words arrive (see test_new_reader_tagging)


def test_select_sentence_and_paragraph_pick_exact_code_point_ranges(main_window, qtbot):
    pane = main_window.open_report(1)
    view = pane.view
    text = view.text()
    anchor = text.index("编制《天津市红桥区行政许可事项清单")
    # the sentence: after the previous 。 up to and including its own 。
    sent_start = text.rfind("。", 0, anchor) + 1
    sent_end = text.index("。", anchor) + 1
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = text.index("\n", anchor)
    assert "\n" not in text[sent_start:sent_end] and sent_start > para_start
    select_cp(view, anchor + 2, anchor + 5)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert view.selection_span() == (sent_start, sent_end)
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert view.selection_span() == (para_start, para_end)
    # a caret alone grows too, and both commands are in the Edit menu and the context menu
    view.select_span(anchor, anchor)
    main_window.act_select_sentence.trigger()
    assert view.selection_span() == (sent_start, sent_end)
    edit_menu = main_window.menuBar().actions()[1].menu()
    assert {main_window.act_select_sentence, main_window.act_select_paragraph} <= set(edit_menu.actions())
    menu = view.createStandardContextMenu()
    main_window._extend_menu(pane, menu, [])
    assert {main_window.act_select_sentence, main_window.act_select_paragraph} <= set(menu.actions())
    menu.deleteLater()


def _chrome_texts(window) -> list[str]:
    """Every piece of interface text a user sees in the window's menus, toolbars and docks."""
    data = {c.name for c in window.project.categories.list()} | {"中文（简体）"}
    texts: list[str] = []

    def walk(menu: QMenu) -> None:
        for act in menu.actions():
            if act.menu() is not None:
                texts.append(act.text())
                walk(act.menu())
            elif act.text() and plain_label(act.text()).strip() not in data:
                texts.extend([act.text(), act.toolTip()])

    for top in window.menuBar().actions():
        texts.append(top.text())
        walk(top.menu())
    for bar in window.findChildren(QToolBar):
        texts.append(bar.windowTitle())
        texts.extend(a.toolTip() for a in bar.actions() if a.text() not in data and a.text())
    for dock in (window.library_dock, window.annotations_dock, window.search_dock, window.review.panel):
        texts.append(dock.windowTitle())
    panel = window.search_panel
    texts += [panel.query.placeholderText(), panel.search_button.text(), panel.tag_button.text()]
    sp = window.review.panel
    texts += [sp.header.text(), sp.quality_title.text(), sp.accept_button.text(), sp.reject_button.text()]
    return texts


def test_english_interface_has_no_chinese_chrome(main_window):
    texts = _chrome_texts(main_window)
    assert len(texts) > 60
    assert [t for t in texts if CJK.search(t)] == []


def test_chinese_interface_translates_the_new_commands(make_window, qapp):
    from lawgov_desktop.gui.app import install_translations

    installed = install_translations(qapp, "zh_CN")
    try:
        window = make_window()
        for act in (window.act_export, window.act_backups, window.act_search, window.act_stats,
                    window.act_attention, window.act_select_sentence, window.act_select_paragraph,
                    window.review.action):
            assert CJK.search(act.text()), act.text()
        assert window.search_dock.windowTitle() == "搜索"
    finally:
        for tr in installed:
            qapp.removeTranslator(tr)
