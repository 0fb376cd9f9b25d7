"""What a new reader met in the windows around the text: names, the export dialog, the
layout of two panes and the library, Qt's own dialogs in the Chinese interface."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton

from lawgov_desktop.gui.annotations_panel import SECTION
from lawgov_desktop.gui.library_model import LibraryModel

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def chinese(qapp):
    """The Chinese interface (the default), as the app installs it at start-up."""
    from lawgov_desktop.gui.app import install_translations

    installed = install_translations(qapp, "zh_CN")
    yield
    for tr in installed:
        qapp.removeTranslator(tr)


def test_passages_before_the_first_heading_are_named_like_the_breadcrumb(chinese, main_window, qtbot):
    """Item 6: the annotations list shows 「报告开头」 where the pane's breadcrumb does."""
    project = main_window.project
    pane = main_window.open_report(1)
    pane.scroll_to(0)
    assert pane.breadcrumb.text() == "报告开头"
    aid = project.annotations.add(1, 30, 40, [1])  # in the opening paragraph, before 一、
    model = main_window.annotations_panel.model
    qtbot.waitUntil(lambda: any(a.id == aid for a in model.rows), timeout=3000)
    row = next(r for r in range(model.rowCount()) if model.rows[r].id == aid)
    assert model.index(row, SECTION).data() == "报告开头"
    assert project.reports.section_paths(1, [30]) == ["报告开头"]


def test_export_dialog_proposes_a_file_clears_old_outcomes_and_offers_to_open(chinese, main_window, qtbot,
                                                                             tmp_path, monkeypatch):
    """Item 8: a proposed name in the preferred folder, no 「导出失败」 box, a stale 100 % is
    cleared by any change, and the finished export offers 打开文件 / 打开所在文件夹."""
    from lawgov_desktop.gui import export_dialog

    folder = tmp_path / "exports"
    folder.mkdir()
    main_window.settings.set_default_export_folder(folder)
    project = main_window.project
    project.annotations.add(1, 300, 320, [1])
    opened: list[export_dialog.ExportDialog] = []
    monkeypatch.setattr(export_dialog.ExportDialog, "exec", lambda self: opened.append(self) or 0)
    main_window.open_export()
    dialog = opened[0]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("xlsx"))
    proposed = Path(dialog.output.text())
    assert proposed.parent == folder and proposed.name.startswith("全部类别-全部报告-") and proposed.suffix == ".xlsx"
    for i in range(dialog.categories.count()):  # ticking 执法 renames the proposal
        if dialog.categories.item(i).text() == "执法":
            dialog.categories.item(i).setCheckState(dialog.categories.item(i).checkState().Checked)
    assert Path(dialog.output.text()).name.startswith("执法-")
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: messages.append(a[2]))
    assert dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    assert not messages and Path(dialog.output.text()).exists()
    assert dialog.progress.value() == 100 and "已导出摘录 1 条" in dialog.status.text()
    assert dialog.open_file_button.isVisible() and dialog.open_folder_button.isVisible()
    assert (dialog.open_file_button.text(), dialog.open_folder_button.text()) == ("打开文件", "打开所在文件夹")
    urls: list[str] = []
    monkeypatch.setattr(export_dialog.QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True)
    dialog.open_file_button.click()
    dialog.open_folder_button.click()
    assert urls == [dialog.result.path.as_posix(), folder.as_posix()]
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))  # any change: the outcome goes
    assert dialog.progress.value() == 0 and dialog.status.text() == ""
    assert not dialog.open_file_button.isVisible()
    assert Path(dialog.output.text()).suffix == ".csv" and not Path(dialog.output.text()).exists()
    dialog.output.setText("")  # emptied by hand: 导出 proposes again instead of failing
    assert dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    assert not messages and dialog.result is not None and dialog.result.path.parent == folder
    # the next time the dialog opens, the last-used folder is proposed (no preferred folder)
    main_window.settings.set_default_export_folder(None)
    other = tmp_path / "elsewhere"
    other.mkdir()
    main_window.settings.qs.setValue(export_dialog.LAST_FOLDER_KEY, str(other))
    main_window.open_export()
    qtbot.addWidget(opened[1])
    assert Path(opened[1].output.text()).parent == other


def test_two_reports_leave_the_text_the_room_and_the_outline_width_is_remembered(project_path, qtbot):
    """Item 9: two reports side by side in a 1400-px window (its reading area is about
    1070 px beside the library): each outline is narrow by default, and a width the reader
    drags to is used by new panes and after a restart."""
    from lawgov_desktop.gui.reading_area import ReadingArea
    from lawgov_desktop.store.project import Project

    def area(project):
        widget = ReadingArea(project)
        qtbot.addWidget(widget)
        widget.resize(1070, 700)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    with Project(project_path) as project:
        reading = area(project)
        panes = [reading.open_report(1), reading.open_report(2)]
        qtbot.wait(50)
        for pane in panes:
            tree, text = pane.splitter.sizes()
            assert tree <= 0.3 * (tree + text) and text >= 2 * tree, (tree, text)
            assert pane.view.width() >= 350  # about 20 characters a line, not 12
        pane = panes[0]
        pane.splitter.moveSplitter(200, 1)  # the reader drags the outline wider
        assert pane.splitter.sizes()[0] == 200
        reading.resize(1200, 700)
        qtbot.wait(20)
        assert pane.splitter.sizes()[0] == 200  # the dragged width stays
        reading.close_pane(panes[1])
        third = reading.open_report(3)
        qtbot.wait(50)
        assert third.splitter.sizes()[0] == 200
        again = area(project)  # after a restart too
        fourth = again.open_report(4)
        qtbot.wait(50)
        assert fourth.splitter.sizes()[0] == 200


def test_panes_opened_before_the_window_is_shown_still_get_a_readable_outline(make_window, qtbot):
    """Reports opened at start-up (``--open``) are laid out before the window is shown and has
    its size; once it is, each outline is as wide as the default, not a sliver."""
    from lawgov_desktop.gui.report_pane import OUTLINE_MIN

    window = make_window(show=False)
    panes = [window.open_report(1, new_pane=True), window.open_report(2, new_pane=True)]
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    for pane in panes:
        tree, text = pane.splitter.sizes()
        assert tree >= OUTLINE_MIN and text >= 2 * tree, (tree, text)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_library_count_column_fits_at_1366(make_window, qapp, qtbot, lang):
    """Item 9: at 1366 px the library shows title, year and the whole 标注数 column."""
    from lawgov_desktop.gui.app import install_translations

    installed = install_translations(qapp, lang)
    try:
        window = make_window(size=(1366, 768))
        window.project.annotations.add(1, 300, 320, [1])
        window.library.refresh()
        qtbot.wait(50)
        table = window.library.table
        header = table.horizontalHeader()
        col = LibraryModel.ANNOTATIONS
        right = header.sectionViewportPosition(col) + header.sectionSize(col)
        assert 0 <= header.sectionViewportPosition(col) and right <= table.viewport().width()
        title = table.model().headerData(col, header.orientation())
        assert header.sectionSize(col) >= header.fontMetrics().horizontalAdvance(title)
        assert header.sectionSize(LibraryModel.TITLE) >= 120
    finally:
        for tr in installed:
            qapp.removeTranslator(tr)


def test_qt_file_dialog_and_buttons_speak_chinese(chinese, qtbot):
    """Item 10: Qt's own file dialog (the non-native one Linux desktops without a portal get)
    and message box buttons are Chinese in the Chinese interface: no 「Look in:」."""
    dialog = QFileDialog(None, "导出到", str(Path.home()), "*.xlsx")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    labels = {QFileDialog.DialogLabel.LookIn, QFileDialog.DialogLabel.FileName, QFileDialog.DialogLabel.FileType,
              QFileDialog.DialogLabel.Accept, QFileDialog.DialogLabel.Reject}
    texts = [dialog.labelText(label) for label in labels]
    texts += [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton) if w.isVisible()]
    assert "Look in:" not in " ".join(texts) and "Files of type" not in " ".join(texts)
    english = [t for t in texts if LATIN_WORD.search(t.replace("xlsx", ""))]
    assert not english, english
    assert dialog.labelText(QFileDialog.DialogLabel.LookIn).startswith("查看")
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x", QMessageBox.StandardButton.Yes
                      | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == sorted(["是(&Y)", "否(&N)", "取消"])
