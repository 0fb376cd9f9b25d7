"""The section tree of one report (一、→（一）→1.→一是), as a Qt item model.

The store keeps the outline flat in document order with a ``parent`` index per section.
:meth:`OutlineModel.set_sections` turns that into Qt's own items in one pass, handing each
parent its children in one call: a long report has ~1,500 sections, and a model answering
in Python would be asked ``index``/``parent``/``rowCount``/``data`` thousands of times by
every expand and paint of the tree.  Here Qt answers them itself; Python is asked nothing
while the tree is laid out, expanded or painted.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from lawgov_desktop.core.document import Section

SECTION_INDEX_ROLE = Qt.ItemDataRole.UserRole + 1
#: Between the headings of a section's path (the tooltip, as the breadcrumb shows it).
PATH_SEP = " > "

Index = QModelIndex | QPersistentModelIndex


def section_texts(sections: list[Section]) -> tuple[list[str], list[str]]:
    """Each section's label + title, and its path from the top (``一、… > （五）…``), in one
    pass: a parent comes before its children. A bad parent index counts as top level."""
    texts = [f"{s.label}{s.title}" for s in sections]
    paths: list[str] = []
    for i, s in enumerate(sections):
        p = s.parent
        paths.append(paths[p] + PATH_SEP + texts[i] if p is not None and 0 <= p < i else texts[i])
    return texts, paths


class OutlineModel(QStandardItemModel):
    """Read-only tree over one report's outline; one column: label + title, the section's
    path as its tooltip, its flat index under :data:`SECTION_INDEX_ROLE`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: list[Section] = []
        self._items: list[QStandardItem] = []

    def set_sections(self, sections: list[Section]) -> None:
        self._sections = list(sections)
        texts, paths = section_texts(self._sections)
        items: list[QStandardItem] = []
        children: dict[int, list[QStandardItem]] = {}  # parent's flat index (-1: top) → its items
        for i, s in enumerate(self._sections):
            item = QStandardItem(texts[i])  # editable by flag, never by the view (no edit triggers)
            item.setData(i, SECTION_INDEX_ROLE)
            item.setToolTip(paths[i])
            items.append(item)
            p = s.parent
            children.setdefault(p if p is not None and 0 <= p < i else -1, []).append(item)
        self._items = items
        self.clear()
        for p, kids in children.items():  # a parent is complete before it is added
            if p >= 0:
                items[p].appendRows(kids)
        self.invisibleRootItem().appendRows(children.get(-1, []))

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
        value = index.data(SECTION_INDEX_ROLE) if index.isValid() else None
        return int(value) if value is not None else None
