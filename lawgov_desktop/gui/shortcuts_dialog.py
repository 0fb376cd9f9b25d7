"""Help → Keyboard shortcuts: the table is read from the window's actions, never written by hand.

Every command with a key is listed under the menu it sits in (sub-menus as "Tag selection
as › 执法"), with all of its keys; keyed actions that are in no menu (added to the window or
a widget only) come under "Other keys".  The table is rebuilt whenever the dialog is shown
and, while it is open, whenever a keyed action changes or a menu gains or loses an item, so
a renamed category or a new key shows up at once.  Gestures that are not actions (Ctrl+wheel, Alt+drag, the review-mode keys) are
the only rows written here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.gui.dialog_size import resize_to_fit
from lawgov_desktop.gui.menus import plain_label

Row = tuple[str, str]  # (what it does, keys)


def key_text(action: QAction) -> str:
    """All keys of ``action`` as the platform writes them ("Ctrl+Shift+Z / Ctrl+Y")."""
    return " / ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty())


def _label(action: QAction) -> str:
    return plain_label(action.text()).strip()


def _menu_rows(menu: QMenu, prefix: str, seen: set[QAction], listed: set[Row]) -> list[Row]:
    rows: list[Row] = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        sub = action.menu()
        if sub is not None:
            rows += _menu_rows(sub, f"{prefix}{_label(action)} › ", seen, listed)
            continue
        seen.add(action)
        keys = key_text(action)
        if keys:
            rows.append((prefix + _label(action), keys))
            listed.add((_label(action), keys))
    return rows


def _where(widget: QWidget, window: QMainWindow) -> str:
    """"Annotations › " for a key that works in a docked panel: a bare "Delete" says too little."""
    w: QWidget | None = widget
    while w is not None and w is not window:
        if isinstance(w, QDockWidget) and w.windowTitle():
            return f"{plain_label(w.windowTitle())} › "
        w = w.parentWidget()
    return ""


def shortcut_groups(window: QMainWindow) -> list[tuple[str, list[Row]]]:
    """(menu title, rows) for every menu of the window's menu bar that has keyed commands."""
    groups: list[tuple[str, list[Row]]] = []
    seen: set[QAction] = set()
    listed: set[Row] = set()  # a menu may show a copy of an action (sub-categories): list it once
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None:
            continue
        rows = _menu_rows(menu, "", seen, listed)
        if rows:
            groups.append((_label(top), rows))
    other: list[Row] = []
    for widget in [window, *window.findChildren(QWidget)]:
        if isinstance(widget, QMenu):
            continue
        for action in widget.actions():
            row = (_label(action), key_text(action))
            if action in seen or not row[0] or not row[1] or row in listed:
                continue
            seen.add(action)
            listed.add(row)
            other.append((_where(widget, window) + row[0], row[1]))
    if other:
        groups.append((QCoreApplication.translate("ShortcutsDialog", "Other keys"), other))
    return groups


class ShortcutsDialog(QDialog):
    """A two-column tree: command and keys, grouped by menu."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcutsTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Command"), self.tr("Keys")])
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self._watched: list[QAction] = []
        self._pending = False
        self.refresh()
        resize_to_fit(self, 620, 640)

    def extra_rows(self) -> list[Row]:
        """Mouse gestures and the review-mode keys, which are not actions."""
        return [
            (self.tr("Zoom"), self.tr("Ctrl+mouse wheel")),
            (self.tr("Select characters exactly (without snapping to whole words)"), self.tr("Alt+drag")),
            (self.tr("While reviewing suggestions: accept, reject, next / previous"),
             self.tr("Enter / A, Delete / R, N / P")),
        ]

    def rows(self) -> list[tuple[str, list[Row]]]:
        return [*shortcut_groups(self.window_), (self.tr("Mouse and review mode"), self.extra_rows())]

    def refresh(self) -> None:
        """Rebuild the table from the window's actions as they are now."""
        self._pending = False
        for action in self._watched:
            try:
                action.changed.disconnect(self._schedule_refresh)
            except (RuntimeError, TypeError):  # the action was deleted (categories rebuilt)
                pass
        self._watched = []
        self.tree.clear()
        bold = self.tree.font()
        bold.setBold(True)
        for title, rows in self.rows():
            group = QTreeWidgetItem(self.tree, [title])
            group.setFirstColumnSpanned(True)
            group.setFont(0, bold)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for what, keys in rows:
                item = QTreeWidgetItem(group, [what, keys])
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.expandAll()
        for action in self.window_.findChildren(QAction):
            if key_text(action):
                action.changed.connect(self._schedule_refresh)
                self._watched.append(action)
        # a command added to or taken from a menu (categories rebuilt, another feature's item)
        for menu in [self.window_.menuBar(), *self.window_.findChildren(QMenu)]:
            menu.installEventFilter(self)  # installing again is a no-op (Qt keeps one entry per filter)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.ActionAdded, QEvent.Type.ActionChanged, QEvent.Type.ActionRemoved):
            self._schedule_refresh()
        return False

    def _schedule_refresh(self) -> None:
        if not self._pending and self.isVisible():
            self._pending = True
            QTimer.singleShot(0, self, self.refresh)

    def table(self) -> list[tuple[str, str, str]]:
        """(group, command, keys) as shown — what tests and screen readers read."""
        out: list[tuple[str, str, str]] = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                child = group.child(j)
                out.append((group.text(0), child.text(0), child.text(1)))
        return out

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        self.refresh()
        super().showEvent(event)


def open_shortcuts_dialog(window: QMainWindow) -> ShortcutsDialog:
    """Show the dialog (non-modal; the one already open is brought forward)."""
    dialog = window.findChild(ShortcutsDialog)
    if dialog is None:
        dialog = ShortcutsDialog(window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
