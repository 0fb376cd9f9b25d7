"""The window shows the library's errors, notes and history labels in the window's language.

The library's text comes from one catalogue (``lawgov_desktop/messages.py``); the window asks
for it in the language of its own strings — English without the Chinese catalogue (as tests
run by default), Chinese with it — whatever language the process renders in otherwise.
"""

from __future__ import annotations

import pytest

from lawgov_desktop.gui.undo import error_text
from lawgov_desktop.messages import Message
from lawgov_desktop.store.errors import CategoryExists
from lawgov_desktop.store.history import label_part


@pytest.fixture
def chinese(qapp):
    from lawgov_desktop.gui.app import install_translations

    installed = install_translations(qapp, "zh_CN")
    assert installed, "the Chinese catalogue is missing"
    yield
    for tr in installed:
        qapp.removeTranslator(tr)


def test_an_english_window_says_a_refused_undo_and_the_step_names_in_english(main_window, dialogs) -> None:
    main_window.project.clear_history()  # (the seed import is a step)
    main_window.undo_stack.undo()
    assert dialogs.texts("information") == ["nothing to undo"]
    assert main_window.statusBar().currentMessage() == "nothing to undo"
    main_window.project.annotations.add_many(1, [(0, 4), (10, 14)], ["执法"])
    assert main_window.undo_stack.undoText() == "tag 2 spans"
    assert error_text(CategoryExists(name="执法")) == "the category exists: 执法"


def test_a_chinese_window_says_them_in_chinese(chinese, make_window, dialogs, monkeypatch) -> None:
    monkeypatch.setenv("LAWGOV_LANG", "en")  # what the command line would speak: not the window's business
    window = make_window()
    window.project.clear_history()
    window.undo_stack.undo()
    assert dialogs.texts("information") == ["没有可以撤销的操作"]
    assert window.statusBar().currentMessage() == "没有可以撤销的操作"
    window.project.annotations.add_many(1, [(0, 4), (10, 14)], ["执法"])
    assert window.undo_stack.undoText() == "标注 2 处"
    assert error_text(CategoryExists(name="执法")) == "类别已存在：执法"


def test_the_windows_own_words_for_a_step_are_kept_for_its_language_only(main_window) -> None:
    """The window names steps in its language; a reader of the other language (``lawgov
    history`` in Chinese, the window after a language change) gets the library's label."""
    stack, project = main_window.undo_stack, main_window.project
    stack.beginMacro("Tag two passages of report 1")
    project.annotations.add_many(1, [(0, 4), (10, 14)], ["执法"])
    stack.endMacro()
    assert stack.undoText() == "Tag two passages of report 1"
    assert label_part(project.undo_label(), english=True) == "Tag two passages of report 1"
    assert label_part(project.undo_label(), english=False) == "标注 2 处"
    assert project.history()[0].label.render("zh_CN") == "标注 2 处"
    stack.beginMacro("Nothing inside")  # a step the library did not name: the window's words in both
    stack.endMacro()
    assert label_part(project.undo_label(), english=False) == "Nothing inside"


def test_a_note_of_the_library_shows_in_the_window_language(main_window) -> None:
    main_window.show_message(Message("backup.hourly_failed", why="disk full"))
    assert main_window.statusBar().currentMessage().startswith("automatic backup failed: disk full")
    main_window.show_message("备份失败 (backup failed)")  # a bilingual line of an older kind: its English half
    assert main_window.statusBar().currentMessage() == "backup failed"


def test_a_failed_hourly_backup_reaches_the_window(main_window, monkeypatch) -> None:
    """The hourly backup tells its failure (never raises it: the change is saved); the window
    listens from its first paint and shows it in the status bar."""
    from PySide6.QtWidgets import QApplication

    from lawgov_desktop.store import backups

    def failing(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(backups, "make_backup", failing)
    auto = backups.AutoBackup(main_window.project.conn, main_window.project.path, interval=0)
    auto.after_commit()  # a backup is due, and it fails
    for _ in range(3):
        QApplication.processEvents()
    assert "disk full" in main_window.statusBar().currentMessage()
    assert "disk full" in (auto.last_error or "")
