"""The welcome guide: three steps from the sample library to a first export.

Shown once, the first time the app starts for a user (remembered in the UI settings), and
again whenever Help → Getting started is chosen.  It never blocks: it is a non-modal tool
window beside the main window, so the user can follow the steps with it open, and it
closes with the main window.  ``--screenshot`` runs and tests that embed the app never show
it (see :func:`show_welcome_once`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from lawgov_desktop import APP_NAME
from lawgov_desktop.gui.dialog_size import resize_to_fit
from lawgov_desktop.gui.settings import UiSettings


class WelcomeDialog(QDialog):
    """The guide itself; the category keys it names are read from the window's actions."""

    def __init__(self, window: QWidget, keys: list[tuple[str, str]] | None = None) -> None:
        super().__init__(window)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("Getting started"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)
        keys = keys if keys is not None else _category_keys(window)
        tag_keys = "、".join(f"<b>{key}</b> {name}" for key, name in keys[:3]) or "1、2、3"

        heading = QLabel(self.tr("Welcome to {app}").format(app=APP_NAME), self)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        heading.setFont(font)
        intro = QLabel(self.tr("The library on the left holds sample reports to try things on. "
                               "Three steps to your first tagged excerpts:"), self)
        intro.setWordWrap(True)
        steps = [
            self.tr("<b>Open two reports side by side.</b> Double-click a report in the library, then another: "
                    "each opens in its own pane. View → Link panes (Ctrl+L) keeps their sections in step."),
            self.tr("<b>Select text and tag it.</b> Select a passage with the mouse and press a category key — "
                    "{keys}. Right-click a passage for more; Ctrl+Z undoes.").format(keys=tag_keys),
            self.tr("<b>Export.</b> File → Export… (Ctrl+Shift+E) writes the tagged excerpts to Excel, CSV, "
                    "Word and other formats."),
        ]
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        self.step_labels: list[QLabel] = []
        for n, text in enumerate(steps, 1):
            label = QLabel(f"<p style='margin-left:1.6em; text-indent:-1.6em'>{n}.&nbsp;&nbsp;{text}</p>", self)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(label)
            self.step_labels.append(label)
        footer = QLabel(self.tr("Everything is saved automatically. This guide is under Help → Getting started; "
                                "all keys are under Help → Keyboard shortcuts."), self)
        footer.setWordWrap(True)
        footer.setEnabled(False)  # greyed: a hint, not a step
        layout.addWidget(footer)
        buttons = QDialogButtonBox(self)
        self.start_button = buttons.addButton(self.tr("Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        resize_to_fit(self, 540, self.sizeHint().height())
        window.installEventFilter(self)  # closes with the window (a child window would stay open)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.Close, QEvent.Type.Hide) and watched is self.parent():
            self.close()
        return False

    def place_beside(self, window: QWidget) -> None:
        """Put the guide over the window's right-hand side, clear of the library it talks about."""
        geo = window.frameGeometry()
        x = geo.right() - self.width() - 40
        y = geo.top() + 120
        self.move(max(geo.left(), x), y)


def _category_keys(window: QWidget) -> list[tuple[str, str]]:
    """(key, category name) of the window's tag actions that have a key, in toolbar order."""
    actions = getattr(getattr(window, "category_actions", None), "actions", {})
    return [(a.shortcut().toString(), a.text()) for a in actions.values() if not a.shortcut().isEmpty()]


def show_welcome(window: QWidget) -> WelcomeDialog:
    """Open the guide beside ``window`` (or bring the open one forward)."""
    existing = window.findChild(WelcomeDialog)
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = WelcomeDialog(window)
    dialog.place_beside(window)
    dialog.show()
    return dialog


def show_welcome_once(window: QWidget, settings: UiSettings) -> WelcomeDialog | None:
    """On the first start for this user: open the guide and remember that it was shown."""
    if settings.welcome_shown():
        return None
    settings.set_welcome_shown(True)
    settings.sync()
    return show_welcome(window)
