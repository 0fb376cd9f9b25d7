"""Unexpected errors in the window: the hooks that log them and have them shown.

Installed at start-up, so kept light: the dialog that shows an error
(:class:`~lawgov_desktop.gui.error_dialog.ErrorDialog`) is imported when the first error
is shown, not before the window is painted.  See :mod:`.error_dialog` for what the user sees.

:func:`install` replaces ``sys.excepthook`` (PySide6 reports exceptions from slots, event
handlers and ``QRunnable.run`` through it) and ``threading.excepthook`` (Python worker
threads).  Each error is written to the log (traceback, messages cut short: they may quote
report text) and then shown — always from the main thread, in the event loop's next turn,
never inside the slot that failed.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot, qVersion
from PySide6.QtWidgets import QApplication, QWidget

from lawgov_desktop.logs import environment_summary, format_exception, log, log_exception

if TYPE_CHECKING:
    from lawgov_desktop.gui.error_dialog import ErrorDialog

#: Longest exception message in the copied details (the log keeps a shorter one).
DETAILS_MESSAGE_LIMIT = 300


def error_details(exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None,
                  where: str = "") -> str:
    """What "Copy details" puts on the clipboard: version, platform, Qt, then the traceback."""
    head = environment_summary() + f"Qt {qVersion()}\n"
    if where:
        head += f"{where}\n"
    return head + "\n" + format_exception(exc_type, exc, tb, limit=DETAILS_MESSAGE_LIMIT)


class ErrorReporter(QObject):
    """Receives errors from any thread and shows them in the main thread."""

    reported = Signal(str)  # the details text

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: ErrorDialog | None = None
        self.count = 0
        self._previous: tuple[Callable[..., object], Callable[..., object]] | None = None
        # queued even from the main thread: the dialog opens after the failed slot has unwound
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    # -- hooks ---------------------------------------------------------------------------
    def install(self) -> None:
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous is not None:
            if sys.excepthook == self.excepthook:
                sys.excepthook = self._previous[0]
            if threading.excepthook == self.thread_excepthook:
                threading.excepthook = self._previous[1]
            self._previous = None

    def excepthook(self, exc_type: type[BaseException], exc: BaseException | None,
                   tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in a terminal: behave as Python does
            if self._previous is not None:
                self._previous[0](exc_type, exc, tb)
            return
        self.report(exc_type, exc, tb)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        self.report(args.exc_type, args.exc_value, args.exc_traceback, where=f"thread {name}")

    def report(self, exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None,
               where: str = "") -> None:
        """Log the error and ask the main thread to show it; never raises."""
        try:
            self.count += 1
            log_exception("unexpected error" + (f" in {where}" if where else ""), exc_type, exc, tb)
            open_log_file()  # an error before the window was painted goes to the file at once
            self.reported.emit(error_details(exc_type, exc, tb, where))
        except Exception:  # the error path itself must not fail; fall back to Python's printing
            sys.__excepthook__(exc_type, exc if exc is not None else exc_type(), tb)

    # -- the dialog ----------------------------------------------------------------------
    @Slot(str)
    def _show(self, details: str) -> None:
        if QApplication.closingDown():
            return
        if self.dialog is None:
            from lawgov_desktop.gui.error_dialog import ErrorDialog  # the first error shown

            self.dialog = ErrorDialog(_parent_window())
            self.dialog.destroyed.connect(self._forget_dialog)
            self.dialog.add_report(details)
            self.dialog.show()
            self.dialog.raise_()
            self.dialog.activateWindow()
        else:
            self.dialog.add_report(details)
        log.info("error dialog shown (%d error(s) this session)", self.count)

    def _forget_dialog(self) -> None:
        self.dialog = None


def _parent_window() -> QWidget | None:
    """Where the dialog goes: over a modal dialog that is open (anything else would be blocked
    behind it), else over the main window, else over whatever window is active."""
    from lawgov_desktop.gui.error_dialog import ErrorDialog

    modal = QApplication.activeModalWidget()
    if modal is not None and not isinstance(modal, ErrorDialog):
        return modal
    from lawgov_desktop.gui.main_window import MainWindow

    main = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)
    if main is not None:
        return main
    active = QApplication.activeWindow()
    return active.window() if active is not None and not isinstance(active, ErrorDialog) else None


_reporter: ErrorReporter | None = None


def install(app: QApplication) -> ErrorReporter:
    """Route unexpected exceptions to the log and the error dialog (once per application)."""
    global _reporter
    if _reporter is None:
        _reporter = ErrorReporter(app)
    _reporter.install()
    return _reporter


def uninstall() -> None:
    if _reporter is not None:
        _reporter.uninstall()


def start_error_reporting(app: QApplication, show_dialogs: bool, what: str = "") -> ErrorReporter | None:
    """Start-up of ``lawgov-desktop``: start the log and, for a real session, install the hooks.

    What is logged is kept in memory until :func:`open_log_file` (after the first paint, at
    the first error, at the end of ``main``).  ``show_dialogs`` is false for ``--screenshot``
    runs (nobody is there to read a dialog: Python's own printing and exit code say it) and
    when the app is embedded in a running application such as a test session, which has its
    own exception handling.
    """
    from lawgov_desktop.logs import hold_records, log_start

    hold_records()
    log_start("lawgov-desktop", what)
    return install(app) if show_dialogs else None


def open_log_file() -> None:
    """Open ``lawgov-desktop.log`` (once; again only if the log folder changed) and write what
    was logged before."""
    from lawgov_desktop.logs import setup_logging

    setup_logging("lawgov-desktop")
