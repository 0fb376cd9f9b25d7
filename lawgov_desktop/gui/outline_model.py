"""The section tree of one report (一、→（一）→1.→一是), as a Qt item model and its view.

The store keeps the outline flat in document order with a ``parent`` index per section.
:meth:`OutlineModel.set_sections` turns that into Qt's own items in one pass — one item per
section, each parent given its children in one call: a long report has ~1,500 sections,
and a model answering in Python would be asked ``index``/``parent``/``rowCount``/``data``
thousands of times by every expand and paint of the tree.  Here Qt answers them itself.
What only one section at a time needs is worked out when asked: which flat section an
index is (:meth:`OutlineModel.section_of`) and the section's path, the tree's tooltip
(:class:`OutlineView`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtGui import QHelpEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QToolTip, QTreeView

from lawgov_desktop.core.document import Section, section_path

Index = QModelIndex | QPersistentModelIndex
_TOP = -1  # the flat "index" of the invisible root


class OutlineModel(QStandardItemModel):
    """Read-only tree over one report's outline; one column: label + title."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: list[Section] = []
        self._items: list[QStandardItem] = []
        self._flat: dict[tuple[int, int], int] = {}  # (parent's flat index, row) → flat index

    def set_sections(self, sections: list[Section]) -> None:
        self._sections = list(sections)
        items = [QStandardItem(f"{s.label}{s.title}") for s in self._sections]
        children: dict[int, list[QStandardItem]] = {}  # parent's flat index → its items, in order
        flat: dict[tuple[int, int], int] = {}
        for i, s in enumerate(self._sections):
            p = s.parent if s.parent is not None and 0 <= s.parent < i else _TOP  # a bad parent: top level
            kids = children.setdefault(p, [])
            flat[(p, len(kids))] = i
            kids.append(items[i])
        self._items, self._flat = items, flat
        self.clear()
        for p, kids in children.items():  # the top level last: Qt hears of one insertion
            if p != _TOP:
                items[p].appendRows(kids)
        self.invisibleRootItem().appendRows(children.get(_TOP, []))

    @property
    def sections(self) -> list[Section]:
        return self._sections

    # -- lookups -----------------------------------------------------------------------
    def index_for_section(self, section_index: int) -> QModelIndex:
        """Model index of flat outline entry ``section_index`` (invalid when out of range)."""
        if not (0 <= section_index < len(self._items)):
            return QModelIndex()
        return self._items[section_index].index()

    def section_of(self, index: Index) -> int | None:
        """The flat outline entry shown at ``index`` (None for none)."""
        if not index.isValid():
            return None
        up = index.parent()
        parent = self.section_of(up) if up.isValid() else _TOP
        return None if parent is None else self._flat.get((parent, index.row()))

    def path_of(self, index: Index) -> str:
        """The section's path from the top, as the breadcrumb shows it ("" for none)."""
        i = self.section_of(index)
        return section_path(self._sections, i) if i is not None else ""


class OutlineView(QTreeView):
    """The tree of an :class:`OutlineModel`; its tooltip is the section's path, worked out
    for the one section under the pointer."""

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        model = self.model()
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent) and isinstance(model, OutlineModel):
            path = model.path_of(self.indexAt(event.pos()))
            if path:
                QToolTip.showText(event.globalPos(), path, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)
