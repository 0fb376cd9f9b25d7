"""Statistics, export and backups from the window's menus; start-up lock, backup and rescue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from lawgov_desktop.gui import instance_lock
from lawgov_desktop.gui.app import main
from lawgov_desktop.gui.main_window import MainWindow
from lawgov_desktop.paths import backups_dir_for
from lawgov_desktop.store.annotations import AnnotationFilter
from lawgov_desktop.store.backups import list_backups
from lawgov_desktop.store.project import Project

ROOT = Path(__file__).resolve().parents[2]
SEED_003 = sorted((ROOT / "seeds").glob("*.txt"))[3]  # report 4 of the seeded project


def action(window: MainWindow, name: str):
    found = window.findChild(type(window.act_import), name)
    assert found is not None, name
    return found


def menu_of(window: MainWindow, act) -> str:
    for top in window.menuBar().actions():
        if act in top.menu().actions():
            return top.text()
    return ""


def test_statistics_opens_from_the_view_menu(main_window, qtbot):
    from lawgov_desktop.gui.stats_view import StatsDialog

    act = action(main_window, "actStats")
    assert menu_of(main_window, act) == main_window.menuBar().actions()[3].text()  # View
    act.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, StatsDialog) and w.isVisible()]
    assert len(dialogs) == 1 and dialogs[0].parent() is main_window
    dialogs[0].close()


def test_export_opens_from_the_file_menu_with_its_key(main_window, qtbot, monkeypatch):
    from lawgov_desktop.gui import export_dialog

    opened = []
    monkeypatch.setattr(export_dialog.ExportDialog, "exec", lambda self: opened.append(self) or 0)
    act = action(main_window, "actExport")
    assert menu_of(main_window, act) == main_window.menuBar().actions()[0].text()  # File
    main_window.open_report(1).view.setFocus()
    qtbot.keyClick(main_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(opened) == 1
    assert opened[0].project_path == Path(main_window.project.path) and opened[0].parent() is main_window


def test_restoring_a_backup_reloads_the_panes_and_clears_undo(main_window, qtbot, tmp_path, dialogs):
    from lawgov_desktop.gui.backups_dialog import BackupsDialog

    project = main_window.project
    pane = main_window.open_report(4)
    old_text = project.reports.text(4)
    s = old_text.index("召开党组会议")
    aid = project.annotations.add(4, s, s + 6, ["执法"])
    manual = project.backups.make("manual")
    # a corrected edition: a paragraph inserted near the top shifts everything after it
    cut = old_text.index("\n", 300)
    v2 = tmp_path / "v2.txt"
    v2.write_text(old_text[:cut] + "\n（补充）本段为修订时新增的说明文字。" + old_text[cut:], encoding="utf-8")
    project.reports.import_files([v2])
    assert pane.view.text() == project.reports.text(4) != old_text  # the pane follows the new version
    moved = project.annotations.get(aid)
    assert pane.view.highlights.exact(moved.start, moved.end) is not None
    pane.view.select_span(0, 3)
    main_window.tag_selection(1)
    assert main_window.undo_stack.count() == 4  # the seeds' import, the tag, the new version, this tag

    act = action(main_window, "actBackups")
    assert menu_of(main_window, act) == main_window.menuBar().actions()[0].text()
    act.trigger()
    [dialog] = [w for w in QApplication.topLevelWidgets() if isinstance(w, BackupsDialog) and w.isVisible()]
    row = next(i for i, b in enumerate(dialog.backups) if b.path == manual.path)
    dialog.table.selectRow(row)
    assert dialog.restore_selected()
    assert pane.view.text() == old_text == project.reports.text(4)
    assert main_window.undo_stack.count() == 0
    assert [(a.start, a.end) for a in project.annotations.list(AnnotationFilter(report_ids=[4]))] == [(s, s + 6)]
    assert [(h.start, h.end) for h in pane.view.highlights.spans] == [(s, s + 6)]
    assert pane.sections == project.reports.sections(4)
    dialog.close()


# -- start-up ----------------------------------------------------------------------------------

def _windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def _close_started_window() -> MainWindow:
    [window] = _windows()
    window.save_on_close = False
    window.close()
    window.bridge.detach()
    window.project.close()
    window.deleteLater()
    return window


@pytest.fixture
def no_lock_left():
    yield
    instance_lock.release_all()


def test_start_up_takes_the_lock_and_backs_up_on_open(qapp, project_path, dialogs, no_lock_left):
    shutil.rmtree(backups_dir_for(project_path))  # the import's own hourly backup: start with none
    assert main(["--db", str(project_path)]) == 0
    try:
        assert Path(project_path).resolve() in instance_lock._held
        backups = list_backups(project_path, inspect=False)
        assert [b.reason for b in backups] == ["open"]
    finally:
        _close_started_window()


def test_second_instance_opens_read_only_or_not_at_all(qapp, project_path, dialogs, monkeypatch, no_lock_left):
    from lawgov_desktop.gui import app

    monkeypatch.setattr(instance_lock, "acquire_or_ask", lambda path, parent=None, ask=None: "cancel")
    assert app.main(["--db", str(project_path)]) == 0
    assert _windows() == []
    monkeypatch.setattr(instance_lock, "acquire_or_ask", lambda path, parent=None, ask=None: "readonly")
    before = list_backups(project_path, inspect=False)
    assert app.main(["--db", str(project_path)]) == 0
    [window] = _windows()
    readonly, title = window.project.readonly, window.windowTitle()
    _close_started_window()
    assert readonly and title.endswith(("(read-only)", "（只读）"))
    assert list_backups(project_path, inspect=False) == before  # a viewer makes no backups


def test_damaged_project_offers_its_backups_and_opens_the_restored_one(qapp, project_path, dialogs, monkeypatch,
                                                                        no_lock_left):
    from lawgov_desktop.gui.backups_dialog import BackupsDialog

    with Project(project_path) as p:
        p.backups.make("manual")
    Path(project_path).write_bytes(b"garbage" * 500)

    def restore_first(self):
        self.table.selectRow(0)
        self.restore_selected()
        return 1

    monkeypatch.setattr(BackupsDialog, "exec", restore_first)
    assert main(["--db", str(project_path)]) == 0
    kinds = [k for k, _t, _x in dialogs.shown]
    assert kinds[:2] == ["critical", "question"]
    [window] = _windows()
    assert len(window.project.reports.list()) == 5
    _close_started_window()
    # and when the user declines, the app ends after saying why
    Path(project_path).write_bytes(b"garbage" * 500)
    dialogs.shown.clear()
    dialogs.question_answer = dialogs.question_answer.No
    assert main(["--db", str(project_path)]) == 1
    assert [k for k, _t, _x in dialogs.shown] == ["critical", "question"]
    assert _windows() == []
