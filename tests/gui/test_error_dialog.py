"""Unexpected exceptions: logged, shown in the error dialog, the project intact, the window still working."""

from __future__ import annotations

import platform
import threading

import pytest
from PySide6.QtCore import QRunnable, Qt, QThreadPool
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication

from lawgov_desktop import __version__, logs
from lawgov_desktop.gui import error_dialog
from lawgov_desktop.gui.error_dialog import ErrorDialog
from tests.gui.guiutil import select_cp

SECRET = "这是一段不应出现在日志中的报告原文" * 30


@pytest.fixture
def reporter(qapp, offline_and_isolated):
    """The hooks of a real session (tests otherwise leave exceptions to pytest-qt), and a log file."""
    logs.setup_logging("lawgov-desktop")
    rep = error_dialog.install(qapp)
    yield rep
    error_dialog.uninstall()
    if rep.dialog is not None:
        rep.dialog.close()
    logs.stop_logging()


def log_text(home) -> str:
    return (home / "logs" / "lawgov-desktop.log").read_text(encoding="utf-8")


def test_error_in_a_slot_shows_the_dialog_and_leaves_project_and_window_working(
        main_window, reporter, qtbot, monkeypatch, offline_and_isolated):
    w, project = main_window, main_window.project
    before = project.health.counts()["annotations"]
    real_insert = type(project.annotations)._insert_row
    calls = []

    def failing_insert(self, ann, keep_id=True):  # the second row of a two-span write fails
        calls.append(ann)
        if len(calls) == 2:
            raise RuntimeError(SECRET)
        return real_insert(self, ann, keep_id)

    monkeypatch.setattr(type(project.annotations), "_insert_row", failing_insert)
    broken = QAction("broken command", w)
    broken.triggered.connect(lambda: project.annotations.add_many(1, [(10, 20), (30, 40)], [1]))
    w.addAction(broken)
    broken.trigger()  # the exception leaves the slot: Qt carries on, the hook takes it

    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    assert dialog.windowTitle() == "An unexpected error occurred" and not dialog.isModal()
    details = dialog.details.toPlainText()
    assert "Traceback (most recent call last)" in details and "RuntimeError" in details
    assert __version__ in details and platform.system() in details
    assert SECRET not in details  # the message is cut short
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == details

    # the half-done write was rolled back: nothing of it is in the project
    assert project.health.counts()["annotations"] == before
    assert project.health.integrity() == "ok"
    logged = log_text(offline_and_isolated)
    assert "unexpected error" in logged and "RuntimeError" in logged and "failing_insert" in logged
    assert SECRET[:logs.MESSAGE_LIMIT] not in logged  # cut short (a message may quote a report)

    # and the window keeps working: tag with the key, as a user would
    monkeypatch.setattr(type(project.annotations), "_insert_row", real_insert)
    pane = w.open_report(1)
    text = project.reports.text(1)
    start = text.index("推进法治政府建设")
    select_cp(pane.view, start, start + 8)
    w.activateWindow()  # the user clicks back into the window (the dialog stays open beside it)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_1)
    assert project.health.counts()["annotations"] == before + 1

    # a second error while the dialog is open goes into the same dialog
    broken.triggered.disconnect()
    broken.triggered.connect(lambda: {}["no such key"])
    broken.trigger()
    qtbot.waitUntil(lambda: dialog.count_label.isVisible())
    assert "2" in dialog.count_label.text() and "KeyError" in dialog.details.toPlainText()
    assert [t for t in QGuiApplication.topLevelWindows() if t.isVisible() and t.title() == dialog.windowTitle()]
    assert len(w.findChildren(ErrorDialog)) == 1


def test_errors_in_worker_threads_reach_the_dialog_from_the_main_thread(main_window, reporter, qtbot,
                                                                       offline_and_isolated):
    class Broken(QRunnable):
        def run(self) -> None:
            raise ValueError("worker failed")

    QThreadPool.globalInstance().start(Broken())
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.waitUntil(lambda: reporter.dialog is not None and "worker failed" in reporter.dialog.details.toPlainText())
    assert reporter.dialog.thread() is main_window.thread()

    def python_thread() -> None:
        raise OSError("thread failed")

    t = threading.Thread(target=python_thread, name="lawgov-test-thread")
    t.start()
    t.join(5)
    qtbot.waitUntil(lambda: "thread failed" in reporter.dialog.details.toPlainText())
    assert "thread lawgov-test-thread" in reporter.dialog.details.toPlainText()
    assert "thread failed" in log_text(offline_and_isolated)


def test_keyboard_interrupt_is_left_to_python(reporter, qtbot, monkeypatch):
    seen = []
    monkeypatch.setattr(reporter, "_previous", (lambda *a: seen.append(a[0]), reporter._previous[1]))
    reporter.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    qtbot.wait(20)
    assert seen == [KeyboardInterrupt] and reporter.dialog is None


def test_error_while_a_modal_dialog_is_open_is_shown_over_it(main_window, reporter, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    modal = QDialog(main_window)
    seen = []

    def fail_then_look():
        QTimer.singleShot(0, lambda: {}["inside a modal dialog"])
        QTimer.singleShot(50, lambda: seen.append(reporter.dialog.parentWidget() if reporter.dialog else None))
        QTimer.singleShot(100, modal.accept)

    QTimer.singleShot(0, fail_then_look)
    modal.exec()  # application-modal: a dialog anywhere else could not be clicked
    assert seen == [modal]
