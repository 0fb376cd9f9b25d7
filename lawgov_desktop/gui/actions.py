"""One action per category — the toolbar buttons, the "Tag as" menus and the shortcut keys.

Actions are rebuilt from ``project.categories.list()`` whenever categories change, so a renamed,
recoloured or re-keyed category shows up everywhere at once.  Their keys are bound to the
reading area (the panes and everything in them), so a key works with the toolbar hidden
but typing "1" in a filter box or a list elsewhere never tags anything.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QToolBar, QWidget

from lawgov_desktop.store.project import Project
from lawgov_desktop.store.records import Category


def swatch_icon(color: str, key: str = "", size: int = 20) -> QIcon:
    """A rounded square in the category's colour with its shortcut key written on it."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    c = QColor(color)
    p.setBrush(c)
    p.setPen(c.darker(140))
    p.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), 4, 4)
    if key:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(size * 0.6))
        p.setFont(font)
        p.setPen(QColor("#000000") if c.lightnessF() > 0.45 else QColor("#ffffff"))
        p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, key[:2])
    p.end()
    return QIcon(pix)


class CategoryActions(QObject):
    """Keeps a ``QAction`` per category in step with the project."""

    triggered = Signal(int)  # category id

    def __init__(self, project: Project, window: QWidget, shortcut_host: QWidget | None = None) -> None:
        super().__init__(window)
        self.project = project
        self.window = window
        self.host = shortcut_host if shortcut_host is not None else window
        self.actions: dict[int, QAction] = {}
        self.categories: list[Category] = []
        self.toolbar = QToolBar(self.tr("Categories"), window)
        self.toolbar.setObjectName("categoryToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.rebuild()

    def rebuild(self) -> None:
        for action in self.actions.values():
            self.host.removeAction(action)
            action.deleteLater()
        self.actions.clear()
        self.toolbar.clear()
        label = self.toolbar.addAction(self.tr("Tag as:"))
        label.setEnabled(False)
        self.categories = self.project.categories.list()
        for cat in self.categories:
            action = QAction(swatch_icon(cat.color, cat.shortcut), cat.name, self.window)
            action.setObjectName(f"tagCategory{cat.id}")
            action.setData(cat.id)
            if cat.shortcut:
                action.setShortcut(QKeySequence(cat.shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                action.setToolTip(self.tr("Tag the selection as {name} ({key})").format(name=cat.name, key=cat.shortcut))
            else:
                action.setToolTip(self.tr("Tag the selection as {name}").format(name=cat.name))
            action.triggered.connect(partial(self.triggered.emit, cat.id))
            self.host.addAction(action)
            self.toolbar.addAction(action)
            self.actions[cat.id] = action

    def fill_menu(self, menu: QMenu) -> None:
        """Put every category action into ``menu`` (sub-categories indented under their parent)."""
        menu.clear()
        depth: dict[int, int] = {}
        for cat in self.categories:
            depth[cat.id] = depth.get(cat.parent_id, -1) + 1 if cat.parent_id is not None else 0
        for cat in self.ordered():
            action = self.actions[cat.id]
            if depth.get(cat.id):
                sub = QAction(action.icon(), "    " * depth[cat.id] + cat.name, menu)
                sub.setShortcut(action.shortcut())
                sub.triggered.connect(action.trigger)
                menu.addAction(sub)
            else:
                menu.addAction(action)
        if not self.categories:
            menu.addAction(self.tr("(no categories)")).setEnabled(False)

    def ordered(self) -> list[Category]:
        """Categories with each sub-category right after its parent."""
        by_parent: dict[int | None, list[Category]] = {}
        ids = {c.id for c in self.categories}
        for c in self.categories:
            by_parent.setdefault(c.parent_id if c.parent_id in ids else None, []).append(c)
        out: list[Category] = []

        def walk(parent: int | None) -> None:
            for c in by_parent.get(parent, []):
                out.append(c)
                walk(c.id)

        walk(None)
        return out

    def name(self, category_id: int) -> str:
        return next((c.name for c in self.categories if c.id == category_id), "?")
