"""The background-work helper: every task reports progress, cancel, result and errors the same
way, on the GUI thread, and always ends."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QThread

from lawgov_desktop.gui.workers import PROJECT_ERRORS, BackgroundTask, TaskContext, open_project
from lawgov_desktop.store.db import ProjectError


def _record(task: BackgroundTask) -> list[tuple]:
    """Every signal of ``task`` as it arrives, with whether it arrived on the GUI thread."""
    seen: list[tuple] = []
    gui = QThread.currentThread()

    def note(*args: object) -> None:
        seen.append((*args, QThread.currentThread() is gui))

    task.progress.connect(lambda done, total, text: note("progress", done, total, text))
    task.finished.connect(lambda result: note("finished", result))
    task.cancelled.connect(lambda: note("cancelled"))
    task.failed.connect(lambda message: note("failed", message))
    task.ended.connect(lambda: note("ended"))
    return seen


def test_result_and_progress_arrive_on_the_gui_thread_in_order(qtbot):
    workers: list[str] = []

    def work(context: TaskContext) -> int:
        workers.append(threading.current_thread().name)
        for i in range(3):
            context.progress(i, 3, f"step {i}")
        return 42

    task = BackgroundTask(work)
    seen = _record(task)
    with qtbot.waitSignal(task.ended, timeout=5000):
        task.start()
    assert workers and workers[0] != threading.main_thread().name  # it ran on a pool thread
    assert seen == [("progress", 0, 3, "step 0", True), ("progress", 1, 3, "step 1", True),
                    ("progress", 2, 3, "step 2", True), ("finished", 42, True), ("ended", True)]
    assert task.done


def test_cancel_is_asked_at_checkpoints_and_reported(qtbot):
    class Stopped(Exception):
        pass

    started, release = threading.Event(), threading.Event()

    def work(context: TaskContext) -> None:
        started.set()
        release.wait(5)
        if context.cancel_requested():
            raise Stopped
        raise AssertionError("the cancel request was not seen")

    task = BackgroundTask(work, cancelled_by=(Stopped,))
    seen = _record(task)
    task.start()
    assert started.wait(5)
    task.cancel()
    assert task.cancel_requested
    with qtbot.waitSignal(task.ended, timeout=5000):
        release.set()
    assert seen == [("cancelled", True), ("ended", True)]


def test_an_expected_error_is_failed_with_the_message_in_words(qtbot):
    def work(_context: TaskContext) -> None:
        raise KeyError("no such category")

    task = BackgroundTask(work, expected=(KeyError,), describe=lambda exc: f"said: {exc.args[0]}")
    seen = _record(task)
    with qtbot.waitSignal(task.ended, timeout=5000):
        task.start()
    assert seen == [("failed", "said: no such category", True), ("ended", True)]


def test_an_unexpected_error_takes_the_exception_hook_and_the_task_still_ends(qtbot, monkeypatch):
    hooked: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, exc, tb: hooked.append(exc))

    def work(_context: TaskContext) -> None:
        raise ZeroDivisionError("a bug")

    task = BackgroundTask(work, expected=PROJECT_ERRORS)
    seen = _record(task)
    with qtbot.waitSignal(task.ended, timeout=5000):
        task.start()
    assert [str(e) for e in hooked] == ["a bug"]
    assert seen == [("ended", True)]  # no "failed": the error dialog is the one place that tells it


def test_run_in_the_calling_thread_reports_at_once():
    task = BackgroundTask(lambda context: context.progress(1, 1) or "ok")
    seen = _record(task)
    task.run()
    assert seen == [("progress", 1, 1, "", True), ("finished", "ok", True), ("ended", True)]


def test_open_project_falls_back_to_a_writable_connection(tmp_path, monkeypatch):
    from lawgov_desktop.gui import workers

    path = tmp_path / "p.lawgov"
    with open_project(path) as project:
        assert project.path == path
    real = workers.Project
    calls: list[bool] = []

    def fake(p, readonly: bool = False):
        calls.append(readonly)
        if readonly:
            raise ProjectError("cannot open read-only")
        return real(p)

    monkeypatch.setattr(workers, "Project", fake)
    with open_project(path, readonly=True) as project:
        assert project.path == path
    assert calls == [True, False]


@pytest.mark.parametrize("exc", [ProjectError("locked"), OSError("disk full")])
def test_project_and_disk_errors_are_expected(exc):
    assert isinstance(exc, PROJECT_ERRORS)


def test_a_task_destroyed_with_its_parent_ends_quietly(qtbot):
    from PySide6.QtCore import QObject, QThreadPool

    from lawgov_desktop.gui import workers

    owner = QObject()
    started, release = threading.Event(), threading.Event()

    def work(_context: TaskContext) -> str:
        started.set()
        release.wait(5)
        return "late"

    task = BackgroundTask(work, parent=owner)
    task.start()
    assert started.wait(5) and task in workers._live
    owner.deleteLater()
    qtbot.waitUntil(lambda: _destroyed(task))
    release.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    assert task.done and task not in workers._live  # nothing left waiting for a delivery


def _destroyed(obj) -> bool:
    from shiboken6 import isValid

    return not isValid(obj)
