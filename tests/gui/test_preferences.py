"""Edit → Preferences: each choice takes effect and is kept across restarts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

from lawgov_desktop.gui.export_dialog import ExportDialog
from lawgov_desktop.gui.preferences import PreferencesDialog
from lawgov_desktop.gui.settings import DEFAULT_TEXT_SIZE, UiSettings
from lawgov_desktop.store.annotations import AnnotationFilter
from lawgov_desktop.store.backups import list_backups
from lawgov_desktop.store.project import Project
from tests.gui.guiutil import select_cp


def open_preferences(window) -> PreferencesDialog:
    window.act_preferences.trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def press_ok(qtbot, dialog: PreferencesDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def tag_first_words(window, qtbot, rid: int = 1):
    pane = window.open_report(rid)
    text = window.project.reports.text(rid)
    start = text.index("推进法治政府建设")
    select_cp(pane.view, start, start + 8)
    window.activateWindow()  # back from the dialog: the category keys work in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_1)
    [ann] = window.project.annotations.list(AnnotationFilter(report_ids=[rid]))
    return pane, ann


def test_defaults_before_anything_is_chosen(main_window, qtbot):
    dialog = open_preferences(main_window)
    assert dialog.text_size.value() == DEFAULT_TEXT_SIZE
    assert dialog.annotator.text() == "" and dialog.annotator.placeholderText() == "tester"
    assert dialog.backups.value() == main_window.project.backups.keep() == 10
    assert dialog.language.currentData() == "zh_CN"
    _pane, ann = tag_first_words(main_window, qtbot)
    assert ann.annotator == "tester"  # LAWGOV_ANNOTATOR, as on the command line


def test_preferences_apply_at_once_and_after_a_restart(make_window, qtbot, tmp_path, monkeypatch, project_path):
    window = make_window()
    dialog = open_preferences(window)
    folder = tmp_path / "exports"
    folder.mkdir()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.text_size.setValue(17)
    dialog.annotator.setText("  张三  ")
    dialog.backups.setValue(3)
    dialog.export_folder.setText(str(folder))
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: window.findChild(PreferencesDialog) is None)

    # at once: text size, annotator, backups kept, language menu
    pane, ann = tag_first_words(window, qtbot)
    assert pane.view.font().pointSizeF() == 17 + window.zoom
    window.act_zoom_in.trigger()
    assert pane.view.font().pointSizeF() == 18
    window.act_zoom_reset.trigger()
    assert pane.view.font().pointSizeF() == 17  # "Actual size" is the chosen size
    assert ann.annotator == "张三"
    assert window.project.backups.keep() == 3
    assert [a.text() for a in window.language_group.actions() if a.isChecked()] == ["English"]
    # the export dialog proposes the chosen folder
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda _p, _t, start, _f: asked.append(start)
                                                                     or ("", "")))
    export = ExportDialog(window.project.path, window.project.categories.list(), window.project.reports.list(), window)
    export._choose_file()
    export.deleteLater()
    assert Path(asked[0]).parent == folder

    # after a restart: a new settings object, a new window, the project opened again
    stored = UiSettings()
    assert (stored.language(), stored.text_size(), stored.annotator_name(), stored.backups_kept(),
            stored.default_export_folder()) == ("en", 17, "张三", 3, folder)
    window.close()
    again = make_window()
    assert again.text_size == 17 and again.project.annotations.annotator_name == "张三"
    with Project(project_path) as p:  # the number is the project's own setting, so `lawgov backup` keeps it too
        assert p.backups.keep() == 3
        for _ in range(5):
            p.backups.make("manual")
    assert len(list_backups(project_path, inspect=False)) == 3


def test_cancel_changes_nothing(main_window):
    dialog = open_preferences(main_window)
    dialog.text_size.setValue(20)
    dialog.annotator.setText("someone")
    dialog.reject()
    stored = UiSettings()
    assert stored.text_size() == DEFAULT_TEXT_SIZE and stored.chosen_annotator_name() == ""
    assert stored.backups_kept() is None and main_window.text_size == DEFAULT_TEXT_SIZE


def test_export_folder_that_disappeared_falls_back_to_home(tmp_path):
    settings = UiSettings()
    gone = tmp_path / "gone"
    settings.set_default_export_folder(gone)
    assert settings.default_export_folder() == Path.home()
    gone.mkdir()
    assert settings.default_export_folder() == gone
