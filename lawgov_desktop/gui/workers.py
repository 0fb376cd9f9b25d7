"""Background work: importing files without freezing the window.

Parsing a folder of reports takes seconds, so it runs on a pool thread.  A ``Project``
(one SQLite connection) must never cross threads, so the worker opens its *own* project on
the same file; WAL mode lets the window keep reading meanwhile.  Results come back as Qt
signals, which are delivered on the GUI thread.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from lawgov_desktop.store.project import Project


class ImportSignals(QObject):
    """Signals of an :class:`ImportWorker` (a ``QRunnable`` cannot have its own)."""

    progress = Signal(int, int, str)  # done, total, current file name
    finished = Signal(object)  # ImportSummary
    failed = Signal(str)  # message for the user


class ImportWorker(QRunnable):
    """Imports files and folders into the project at ``db_path`` on a pool thread."""

    def __init__(self, db_path: str | Path, paths: list[str | Path], replace: bool = False) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the controller owns it until its signals are delivered
        self.db_path = Path(db_path)
        self.paths = [Path(p) for p in paths]
        self.replace = replace  # the user confirmed: new versions may lose much of the old text
        self.signals = ImportSignals()
        self._cancel = threading.Event()
        self._done = threading.Event()

    def cancel(self) -> None:
        """Ask the worker to stop before the next file (files already imported stay)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def run(self) -> None:
        try:
            with Project(self.db_path) as project:
                summary = project.import_files(
                    self.paths, progress=self.signals.progress.emit, cancelled=self._cancel.is_set,
                    replace=self.replace,
                )
        except Exception as exc:  # the user's files or disk, never a reason to crash the app
            self._done.set()
            self.signals.failed.emit(str(exc))
            return
        self._done.set()
        self.signals.finished.emit(summary)
