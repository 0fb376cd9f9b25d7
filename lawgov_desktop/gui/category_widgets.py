"""Building blocks of the category manager, also used by the annotation panel and editor
(how commands are pushed lives with the commands, in :mod:`~lawgov_desktop.gui.undo`).

Kept apart from the dialog so the panel and the editor can show categories the same way
(swatches, tree order, readable text on a category colour) without importing the manager.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QStandardItemModel
from PySide6.QtWidgets import QWidget

from lawgov_desktop.store.records import Category

ID_ROLE = Qt.ItemDataRole.UserRole + 1
MIME = "application/x-lawgov-category-id"
KEY_RE = re.compile(r"[0-9a-z]")
Index = QModelIndex | QPersistentModelIndex


# -- helpers shared with the annotations panel and the editor ------------------------------
def swatch_icon(color: str, size: int = 14) -> QIcon:
    """A small rounded colour square, so categories are recognisable in lists and menus."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(0, 0, 0, 90))
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(0.5, 0.5, size - 1, size - 1, 3, 3)
    painter.end()
    return QIcon(pix)


def ink_for(color: str) -> QColor:
    """Black or white, whichever reads better on ``color`` (user colours can be dark)."""
    c = QColor(color)
    luma = 0.299 * c.redF() + 0.587 * c.greenF() + 0.114 * c.blueF()
    return QColor("#000000") if luma > 0.55 else QColor("#ffffff")


def tree_order(categories: list[Category]) -> list[tuple[Category, int]]:
    """Categories depth-first with their depth: parents before children, siblings by position."""
    known = {c.id for c in categories}
    kids: dict[int | None, list[Category]] = {}
    for c in categories:  # the store lists them by position already
        kids.setdefault(c.parent_id if c.parent_id in known else None, []).append(c)
    out: list[tuple[Category, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for c in kids.get(parent, []):
            out.append((c, depth))
            walk(c.id, depth + 1)

    walk(None, 0)
    return out


def parse_keywords(text: str) -> list[str]:
    """Keywords typed one per line or separated by 、 , ， ; ；, without blanks or repeats."""
    words: list[str] = []
    for w in re.split(r"[\n\r、,，;；]+", text):
        w = w.strip()
        if w and w not in words:
            words.append(w)
    return words


class CategoryTreeModel(QStandardItemModel):
    """The category tree; a drop never moves items itself but asks for a store operation.

    Letting Qt move the rows would change the view behind the store's back; instead the drop
    becomes an undoable command and the tree is rebuilt from the resulting ``Changes``.
    """

    #: category id, new parent id (None: top level), sibling to insert before (None: last)
    moveRequested = Signal(int, object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.parents: dict[int, int | None] = {}

    def category_id(self, index: Index) -> int | None:
        return index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = [self.category_id(i) for i in indexes]
        data.setData(MIME, QByteArray(str(next((i for i in ids if i is not None), "")).encode()))
        return data

    def drop_target(self, data: QMimeData, row: int, parent: Index) -> tuple[int, int | None, int | None] | None:
        """(category, new parent, before) for a drop, or None if it would nest a category in itself."""
        raw = bytes(data.data(MIME).data()).decode() if data.hasFormat(MIME) else ""
        if not raw.isdigit():
            return None
        cid, parent_id, before = int(raw), self.category_id(parent), None
        if row >= 0:  # between two rows: re-order (and re-parent) instead of nesting
            holder = self.itemFromIndex(parent.siblingAtColumn(0)) if parent.isValid() else self.invisibleRootItem()
            if row < holder.rowCount():
                before = holder.child(row, 0).data(ID_ROLE)
        seen = parent_id
        while seen is not None:
            if seen == cid:
                return None
            seen = self.parents.get(seen)
        return cid, parent_id, before

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return self.drop_target(data, row, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        target = self.drop_target(data, row, parent)
        if target is not None:
            self.moveRequested.emit(*target)
        return False  # nothing moved here: the view must not delete the dragged rows
