"""Unexpected errors in the window: logged, shown in a dialog that offers to copy the details.

The hooks that catch the errors are in :mod:`.error_hook` (installed at start-up); this
module, with the dialog, is imported when the first error is shown.

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

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
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
from lawgov_desktop.gui.error_hook import (  # noqa: F401 (the hooks, also reachable from here)
    DETAILS_MESSAGE_LIMIT,
    ErrorReporter,
    error_details,
    install,
    start_error_reporting,
    uninstall,
)
from lawgov_desktop.logs import log_dir

#: Errors kept in one open dialog; later ones are only counted (and logged).
MAX_SHOWN = 20


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


