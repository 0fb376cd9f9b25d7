"""The keys for walking suggestions in a report pane (Enter/A accept, Delete/R reject,
N next, P previous) — plain letters, so they live on the pane only while review mode is on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from lawgov_desktop.gui.suggestion_controller import SuggestionController


def install_shortcuts(controller: SuggestionController, widget: QWidget) -> list[QShortcut]:
    """Keys for walking suggestions while ``widget`` (e.g. a report pane) has focus:
    Enter/A accept, Delete/R reject, N next, P previous."""
    spec = [("Return", controller.accept_current), ("Enter", controller.accept_current),
            ("A", controller.accept_current), ("Delete", controller.reject_current),
            ("R", controller.reject_current), ("N", controller.next), ("P", controller.previous)]
    shortcuts = []
    for key, fn in spec:
        sc = QShortcut(QKeySequence(key), widget)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(fn)
        shortcuts.append(sc)
    return shortcuts
