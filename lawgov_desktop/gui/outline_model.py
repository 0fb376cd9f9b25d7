"""The section tree of one report (一、→（一）→1.→一是), as a thin Qt model.

The store keeps the outline flat in document order with a ``parent`` index per section.
:func:`build_outline_tree` turns that into plain Python nodes once per report; the model
only answers Qt's questions about those nodes, so it stays trivially correct and cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from lawgov_desktop.core.document import Section, section_path

SECTION_INDEX_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()  # shared default: the invisible root


@dataclass(eq=False)
class OutlineNode:
    """One heading in the tree; ``index`` is its position in the flat outline (-1: root)."""

    index: int
    section: Section | None
    parent: OutlineNode | None = None
    children: list[OutlineNode] = field(default_factory=list)
    row: int = 0

    @property
    def text(self) -> str:
        s = self.section
        return f"{s.label}{s.title}" if s else ""


def build_outline_tree(sections: list[Section]) -> tuple[OutlineNode, list[OutlineNode]]:
    """Root node plus every node by flat index; a bad parent index falls back to top level."""
    root = OutlineNode(-1, None)
    nodes = [OutlineNode(i, s) for i, s in enumerate(sections)]
    for i, node in enumerate(nodes):
        p = sections[i].parent
        parent = nodes[p] if p is not None and 0 <= p < i else root
        node.parent, node.row = parent, len(parent.children)
        parent.children.append(node)
    return root, nodes


_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # asked for every row: combined once


class OutlineModel(QAbstractItemModel):
    """Read-only tree over one report's outline; one column: label + title."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: list[Section] = []
        self._root, self._nodes = build_outline_tree([])

    def set_sections(self, sections: list[Section]) -> None:
        self.beginResetModel()
        self._sections = list(sections)
        self._root, self._nodes = build_outline_tree(self._sections)
        self.endResetModel()

    @property
    def sections(self) -> list[Section]:
        return self._sections

    def _node(self, index: Index) -> OutlineNode:
        return index.internalPointer() if index.isValid() else self._root

    # -- QAbstractItemModel ---------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = _NO_PARENT) -> QModelIndex:
        node = self._node(parent)
        if column != 0 or not (0 <= row < len(node.children)):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: Index = _NO_PARENT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self._node(index).parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = _NO_PARENT) -> int:
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self._node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return section_path(self._sections, node.index)
        if role == SECTION_INDEX_ROLE:
            return node.index
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ITEM_FLAGS

    # -- lookups -----------------------------------------------------------------------
    def index_for_section(self, section_index: int) -> QModelIndex:
        """Model index of flat outline entry ``section_index`` (invalid when out of range)."""
        if not (0 <= section_index < len(self._nodes)):
            return QModelIndex()
        node = self._nodes[section_index]
        return self.createIndex(node.row, 0, node)

    def section_of(self, index: Index) -> int | None:
        return self._node(index).index if index.isValid() else None
