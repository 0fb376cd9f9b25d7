"""Unexpected errors in the window: logged, shown in a dialog that offers to copy the details.

Without this, an exception raised in a slot is printed to a console nobody sees (the app
runs from a Start-menu entry) and the user is left wondering whether the last click did
anything.  :func:`install` replaces ``sys.excepthook`` (PySide6 reports exceptions from
slots, event handlers and ``QRunnable.run`` through it) and ``threading.excepthook``
(Python worker threads).  Each error is written to the log (traceback, messages cut short:
they may quote report text) and then shown — always from the main thread, in the event
loop's next turn, never inside the slot that failed.

The app keeps running: the failed slot simply ended.  The project is intact because every
change is one SQLite transaction, rolled back when an exception leaves it.  A second error
while the dialog is open is added to that dialog rather than opening another one (an error
in a paint handler would otherwise open a window per repaint).
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.gui.dialog_size import resize_to_fit
from lawgov_desktop.logs import environment_summary, format_exception, log, log_dir, log_exception

#: Longest exception message in the copied details (the log keeps a shorter one).
DETAILS_MESSAGE_LIMIT = 300
#: Errors kept in one open dialog; later ones are only counted (and logged).
MAX_SHOWN = 20


def error_details(exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None,
                  where: str = "") -> str:
    """What "Copy details" puts on the clipboard: version, platform, Qt, then the traceback."""
    head = environment_summary() + f"Qt {qVersion()}\n"
    if where:
        head += f"{where}\n"
    return head + "\n" + format_exception(exc_type, exc, tb, limit=DETAILS_MESSAGE_LIMIT)


class ErrorDialog(QDialog):
    """「出现意外错误」: what happened in plain words, the details, and a button to copy them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(self.tr("An unexpected error occurred"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.reports: list[str] = []
        self.extra = 0  # errors beyond MAX_SHOWN: counted, not shown

        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel(self.tr("An unexpected error occurred"), self)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.explanation = QLabel(self.tr(
            "LawGov Desktop ran into a problem it did not expect. The step you were doing may not have "
            "been completed, but your project is safe: everything saved before is kept, and a change "
            "that failed half-way is undone automatically.\n\n"
            "You can keep working. If this happens again, click \"Copy details\" and send the text to "
            "whoever supports LawGov Desktop for you."), self)
        self.explanation.setWordWrap(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("errorCount")
        self.count_label.hide()
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("errorDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(160)

        self.copy_button = QPushButton(self.tr("Copy details"), self)
        self.copy_button.setObjectName("copyDetails")
        self.copy_button.clicked.connect(self.copy_details)
        self.logs_button = QPushButton(self.tr("Open log folder"), self)
        self.logs_button.clicked.connect(self.open_log_folder)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.logs_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(icon)
        text = QVBoxLayout()
        text.addWidget(self.heading)
        text.addWidget(self.explanation)
        text.addWidget(self.count_label)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr("Details:"), self))
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        resize_to_fit(self, 640, 460)

    def add_report(self, details: str) -> None:
        if len(self.reports) >= MAX_SHOWN:
            self.extra += 1
        else:
            self.reports.append(details)
            self.details.setPlainText(self.details_text())
        total = len(self.reports) + self.extra
        if total > 1:
            self.count_label.setText(self.tr("{n} errors occurred since this window opened.").format(n=total))
            self.count_label.show()

    def details_text(self) -> str:
        sep = "\n" + "-" * 60 + "\n"
        text = sep.join(self.reports)
        if self.extra:
            text += sep + f"(+{self.extra} more, see the log folder)\n"
        return text

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())
        self.copy_button.setText(self.tr("Copied"))

    def open_log_folder(self) -> None:
        folder = log_dir()
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


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
            self.reported.emit(error_details(exc_type, exc, tb, where))
        except Exception:  # the error path itself must not fail; fall back to Python's printing
            sys.__excepthook__(exc_type, exc if exc is not None else exc_type(), tb)

    # -- the dialog ----------------------------------------------------------------------
    @Slot(str)
    def _show(self, details: str) -> None:
        if QApplication.closingDown():
            return
        if self.dialog is None:
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
    """Start-up of ``lawgov-desktop``: open the log file and, for a real session, install the hooks.

    ``show_dialogs`` is false for ``--screenshot`` runs (nobody is there to read a dialog:
    Python's own printing and exit code say it) and when the app is embedded in a running
    application such as a test session, which has its own exception handling.
    """
    from lawgov_desktop.logs import log_start, setup_logging

    setup_logging("lawgov-desktop")
    log_start("lawgov-desktop", what)
    return install(app) if show_dialogs else None
