"""Fixtures for the desktop app's tests: a real main window over a temporary seeded project.

* Modal dialogs never block: the static ``QMessageBox``/``QFileDialog``/``QInputDialog``/
  ``QColorDialog`` helpers are replaced by recorders that answer like a user would.
* Settings go to an ini file under the test's ``LAWGOV_HOME`` (see ``gui/settings.py``).
* At teardown every window is closed, the thread pool is drained, the word dictionary the
  window started loading is waited for, and the test fails if a worker thread is still running.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QFileDialog, QInputDialog, QMessageBox

from lawgov_desktop.store.project import Project


@dataclass
class DialogLog:
    """What the patched dialogs were asked, and what they will answer next."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, title, text)
    open_files: list[str] = field(default_factory=list)  # answer of getOpenFileNames
    folder: str = ""  # answer of getExistingDirectory
    question_answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes

    def texts(self, kind: str | None = None) -> list[str]:
        return [t for k, _title, t in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def _free_what_the_test_left() -> Iterator[None]:
    """Python-owned Qt objects a test leaves in reference cycles (a panel with its undo stack
    and the commands on it) are freed as the test ends.  Left to a garbage collection that
    happened to run inside a later test's Qt event, an undo stack's commands were deleted
    twice: a crash of the whole run, at a place that moved with any change to allocations."""
    yield
    gc.collect()


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> DialogLog:
    log = DialogLog()

    def box(kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def show(_parent: object, title: str = "", text: str = "", *args: object, **kwargs: object):
            log.shown.append((kind, str(title), str(text)))
            return log.question_answer if kind == "question" else QMessageBox.StandardButton.Ok
        return show

    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(box(kind)))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *a: log.shown.append(("about", "", ""))))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (list(log.open_files), "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: log.folder))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (0, False)))
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a, **k: QColor()))
    try:  # the "which of these overlapping annotations?" menu: chooses nothing unless a test says so
        from lawgov_desktop.gui import annotation_editor
    except ImportError:
        pass
    else:
        monkeypatch.setattr(annotation_editor, "exec_menu", lambda menu, pos: None)
    return log


@pytest.fixture
def project_path(tmp_path: Path, seed_files: list[Path]) -> Path:
    """A project file with the five seed reports (ids 1–5), closed again."""
    path = tmp_path / "gui.lawgov"
    with Project(path) as project:
        summary = project.reports.import_files(seed_files)
        assert summary.ok and len(summary.imported) == 5
    return path


@pytest.fixture
def make_window(qtbot, project_path: Path, dialogs: DialogLog) -> Iterator[Callable[..., object]]:
    """Factory of real main windows over ``project_path`` sharing one settings file."""
    from lawgov_desktop.gui.bridge import ProjectBridge
    from lawgov_desktop.gui.main_window import MainWindow
    from lawgov_desktop.gui.settings import UiSettings

    made: list[tuple[MainWindow, ProjectBridge]] = []

    def make(restore: bool = False, show: bool = True, size: tuple[int, int] = (1400, 900)) -> MainWindow:
        bridge = ProjectBridge(Project(project_path))
        window = MainWindow(bridge, UiSettings(), restore=restore)
        qtbot.addWidget(window)
        if not restore:
            window.resize(*size)
        made.append((window, bridge))
        if show:
            window.show()
            qtbot.waitExposed(window)
            window.activateWindow()
            window.raise_()
        return window

    yield make
    for window, _bridge in made:
        if window.isVisible():
            window.close()
    pool = QThreadPool.globalInstance()
    pool.waitForDone(20_000)
    for _window, bridge in made:
        bridge.detach()
        bridge.project.close()
    assert pool.activeThreadCount() == 0, "a worker thread is still running"
    assert not any(w.importer.busy for w, _ in made), "an import never reported back"
    for t in threading.enumerate():  # the window starts loading the word dictionary once shown: let it finish
        if t.name == "jieba-loader":
            t.join(60)
    strays = [t for t in threading.enumerate()
              if t is not threading.main_thread() and not isinstance(t, threading._DummyThread) and t.is_alive()]
    assert not strays, f"threads left running: {strays}"


@pytest.fixture
def main_window(make_window):
    """A shown main window over the seeded project, nothing open yet."""
    return make_window()
