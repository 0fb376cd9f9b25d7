"""Background work: one helper for everything that must not freeze the window.

Importing a folder, writing an export, computing suggestions and recounting the statistics
take seconds, so each runs as a :class:`BackgroundTask` on Qt's global thread pool (which the window drains when it
closes).  A ``Project`` (one SQLite connection) must never cross threads, so the work opens
its *own* project on the same file (:func:`open_project`); WAL mode lets the window keep
reading meanwhile.

Every task reports the same way, always on the GUI thread (the task is a ``QObject`` of that
thread; the worker's emissions are relayed to it):

* ``progress(done, total, text)`` while it works; the work asks ``context.cancel_requested()``
  at its checkpoints after :meth:`BackgroundTask.cancel`;
* then exactly one of ``finished(result)``, ``cancelled()`` (the work raised one of the
  task's ``cancelled_by`` exceptions) or ``failed(message)`` — an *expected* error (one of the
  task's ``expected`` exceptions: a locked project, a missing folder) that the owner shows
  in its own words and place;
* an *unexpected* error goes through the one path every unexpected error takes: the
  exception hook, which ``gui/error_dialog.py`` turns into the log entry and the error
  dialog.  The owner is not asked to show it a second time;
* last, always, ``ended()``: the owner drops its busy state there.

A task given a ``parent`` is destroyed with it; a result still on its way is then dropped.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from lawgov_desktop.store.db import ProjectError
from lawgov_desktop.store.project import Project

#: Errors of the project file or the disk — locked, read-only, full, gone: the user can act on
#: them, so they are shown in words, not as a crash.
PROJECT_ERRORS: tuple[type[BaseException], ...] = (ProjectError, OSError, sqlite3.OperationalError)


def open_project(path: str | Path, readonly: bool = False) -> Project:
    """A connection of the worker's own; ``readonly`` when it only reads (falls back to a
    writable one when the file cannot be opened read-only)."""
    if readonly:
        try:
            return Project(path, readonly=True)
        except ProjectError:
            pass
    return Project(path)


#: Tasks queued or running: the pool holds only the C++ side, so the Python side is kept here
#: until its outcome has been delivered, whatever the owner does with its reference.
_live: set[BackgroundTask] = set()


class TaskContext:
    """What the work may call from its thread: report progress, ask whether to stop."""

    def __init__(self, task: BackgroundTask) -> None:
        self._task = task

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._task._relay(self._task._progressed, done, total, text)

    def cancel_requested(self) -> bool:
        return self._task._cancel.is_set()


class _Runnable(QRunnable):
    """The pool's handle on a task (a ``QRunnable`` cannot carry signals itself)."""

    def __init__(self, task: BackgroundTask) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the task keeps it: tryTake() and a second look need it alive
        self.task = task

    def run(self) -> None:
        self.task.run()


class BackgroundTask(QObject):
    """One piece of work off the GUI thread, reporting progress, cancel, result and errors alike."""

    progress = Signal(int, int, str)  # done, total, what is being done (may be "")
    finished = Signal(object)  # what the work returned
    cancelled = Signal()
    failed = Signal(str)  # an expected error, in words for the user
    ended = Signal()  # after any of the three above, or after an unexpected error

    # emitted from the worker, received by this object on the GUI thread (auto connection:
    # queued from a pool thread, direct when run() is called on the GUI thread itself)
    _progressed = Signal(int, int, str)
    _outcome = Signal(str, object)  # "finished" | "cancelled" | "failed" | "error", payload

    def __init__(self, work: Callable[[TaskContext], object], *,
                 expected: tuple[type[BaseException], ...] = (),
                 cancelled_by: tuple[type[BaseException], ...] = (),
                 describe: Callable[[BaseException], str] = str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work
        self.expected = expected
        self.cancelled_by = cancelled_by
        self.describe = describe
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._runnable = _Runnable(self)
        self._progressed.connect(self._on_progressed)
        self._outcome.connect(self._on_outcome)

    # -- the owner's side ------------------------------------------------------------------
    def start(self) -> BackgroundTask:
        """Queue the work on the global pool; returns the task for chaining."""
        _live.add(self)
        QThreadPool.globalInstance().start(self._runnable)
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next checkpoint (what it finished may stay, as it decides)."""
        self._cancel.set()

    def discard(self) -> bool:
        """Take the task off the pool's queue if it has not started; True when it never will."""
        if QThreadPool.globalInstance().tryTake(self._runnable):
            self._done.set()
            _live.discard(self)
            return True
        return False

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @property
    def done(self) -> bool:
        """The work has returned (its signals may still be on their way to the GUI thread)."""
        return self._done.is_set()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the work has returned; False on time-out."""
        return self._done.wait(None if msecs < 0 else msecs / 1000)

    # -- the worker's side -----------------------------------------------------------------
    def run(self) -> None:
        """Run the work in the calling thread (the pool calls this; so may a test)."""
        kind, payload = "finished", None
        try:
            payload = self.work(TaskContext(self))
        except self.cancelled_by:
            kind = "cancelled"
        except self.expected as exc:
            kind, payload = "failed", self.describe(exc)
        except Exception:  # a bug, not the user's doing: the log and the error dialog
            kind = "error"
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        finally:
            self._done.set()
        if not self._relay(self._outcome, kind, payload):
            _live.discard(self)  # destroyed with its parent: no outcome will ever be delivered

    @staticmethod
    def _relay(signal: object, *args: object) -> bool:
        try:
            signal.emit(*args)  # type: ignore[attr-defined]
            return True
        except RuntimeError:
            return False  # the task was destroyed with its owner meanwhile: nobody is left to tell

    @Slot(int, int, str)
    def _on_progressed(self, done: int, total: int, text: str) -> None:
        self.progress.emit(done, total, text)

    @Slot(str, object)
    def _on_outcome(self, kind: str, payload: object) -> None:
        _live.discard(self)
        if kind == "finished":
            self.finished.emit(payload)
        elif kind == "cancelled":
            self.cancelled.emit()
        elif kind == "failed":
            self.failed.emit(str(payload))
        self.ended.emit()
