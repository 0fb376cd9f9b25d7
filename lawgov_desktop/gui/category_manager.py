"""Category manager: the window showing the tree of tags with colours, shortcut keys, counts
and keywords, and the actions that edit it.

The edits themselves — asking, checking, pushing one undo step each — are
:class:`~lawgov_desktop.gui.category_edits.CategoryEditor`'s; where a moved category lands
is :class:`~lawgov_desktop.gui.category_moves.TreeShape`'s arithmetic.  The tree is rebuilt
only from the bridge's ``changed`` signal, so an undo from the main window shows here
exactly like a click.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QShowEvent,
    QStandardItem,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QSizePolicy,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.gui.annotations_panel import LOOK_ONLY_OPS
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.category_edits import CategoryEditor, name_problem
from lawgov_desktop.gui.category_moves import Destination, TreeShape
from lawgov_desktop.gui.category_widgets import (
    ID_ROLE,
    CategoryTreeModel,
    swatch_icon,
    tree_order,
)
from lawgov_desktop.store.records import Category, Changes

if TYPE_CHECKING:
    from lawgov_desktop.store.project import Project


class CategoryManagerDialog(QDialog):
    """Non-modal manager of the category tree; every change is one step on ``undo_stack``."""

    def __init__(self, bridge: ProjectBridge, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.undo_stack = bridge, undo_stack
        self.setWindowTitle(self.tr("Manage categories"))
        self._cats: dict[int, Category] = {}
        self.shape = TreeShape()
        self.edits = CategoryEditor(self, bridge, undo_stack, lambda: self._cats)
        self._counts: Counter[int] = Counter()
        self._building = False
        self._counts_stale = True
        self.model = CategoryTreeModel(self)
        self.model.setHorizontalHeaderLabels([self.tr("Category"), self.tr("Key"), self.tr("Annotations"),
                                              self.tr("Keywords")])
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDropIndicatorShown(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        header = self.view.header()
        header.setStretchLastSection(True)
        header.resizeSection(0, 190)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

        tool = QVBoxLayout()
        self.actions_: list[QAction] = []
        spec = [("add_action", self.tr("New"), self.add_category),
                ("rename_action", self.tr("Rename"), self.rename_category),
                ("color_action", self.tr("Colour…"), self.recolor_category),
                ("shortcut_action", self.tr("Shortcut key"), self.set_shortcut),
                ("keywords_action", self.tr("Keywords"), self.edit_keywords),
                ("up_action", self.tr("Move up"), self.move_up),
                ("down_action", self.tr("Move down"), self.move_down),
                ("nest_action", self.tr("Make subcategory"), self.nest),
                ("unnest_action", self.tr("Promote"), self.unnest),
                ("merge_action", self.tr("Merge into…"), self.merge_category),
                ("delete_action", self.tr("Delete"), self.delete_category)]
        for attr, label, slot in spec:
            act = self.addAction(label)
            act.setIconText(label)  # buttons would drop the "…" that says a dialog follows
            act.triggered.connect(slot)
            setattr(self, attr, act)
            self.actions_.append(act)
            button = QToolButton()
            button.setDefaultAction(act)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            tool.addWidget(button)
            if attr in ("keywords_action", "unnest_action"):
                tool.addSpacing(8)
        tool.addStretch(1)
        self.add_action.setShortcut(QKeySequence.StandardKey.New)
        self.rename_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        for act in (self.rename_action, self.delete_action):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        # a non-modal dialog has its own window, where the main window's Ctrl+Z does not reach
        bottom = QHBoxLayout()
        self.undo_action = undo_stack.createUndoAction(self, self.tr("Undo"))
        self.redo_action = undo_stack.createRedoAction(self, self.tr("Redo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        for act in (self.undo_action, self.redo_action):
            self.addAction(act)
            button = QToolButton()
            button.setDefaultAction(act)
            bottom.addWidget(button)
        bottom.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bottom.addWidget(close)

        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addLayout(tool)
        lay = QVBoxLayout(self)
        lay.addLayout(body)
        lay.addLayout(bottom)
        self.resize(680, 440)

        self.model.itemChanged.connect(self._on_item_changed)
        self.model.moveRequested.connect(self.move_category, Qt.ConnectionType.QueuedConnection)
        self.view.selectionModel().currentChanged.connect(self._update_actions)
        bridge.changed.connect(self._on_changed)
        self.rebuild()

    # -- reading ---------------------------------------------------------------------------
    @property
    def project(self) -> Project:
        return self.bridge.project

    def current_id(self) -> int | None:
        return self.model.category_id(self.view.currentIndex())

    def select(self, category_id: int | None) -> None:
        """Make ``category_id`` the current row (no-op for an unknown id)."""
        for row in self.model.match(self.model.index(0, 0), ID_ROLE, category_id, 1,
                                    Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive):
            self.view.setCurrentIndex(row)
            return

    def _on_changed(self, changes: Changes) -> None:
        if changes.categories or changes.annotations or changes.reports:
            # renaming, recolouring, re-keying or moving a category leaves every count as it was
            self._counts_stale = self._counts_stale or changes.reports or changes.op not in LOOK_ONLY_OPS
            self.rebuild()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._counts_stale:
            self.rebuild()

    def rebuild(self) -> None:
        """Rebuild the tree from the store, keeping the current category selected."""
        keep = self.current_id()
        cats = self.project.categories.list()
        if self._counts_stale and (self.isVisible() or not self._counts):
            # one pass over the annotations; counting only when shown keeps edits cheap
            self._counts = Counter(cid for a in self.project.annotations.list() for cid in a.category_ids)
            self._counts_stale = False
        self._building = True
        self.model.removeRows(0, self.model.rowCount())
        self._cats = {c.id: c for c in cats}
        self.shape = TreeShape()
        self.model.parents = self.shape.parents  # the model checks drops against the same tree
        items: dict[int, QStandardItem] = {}
        for cat, _depth in tree_order(cats):
            parent = cat.parent_id if cat.parent_id in self._cats else None
            self.shape.add(cat.id, parent)
            name = QStandardItem(swatch_icon(cat.color), cat.name)
            name.setData(cat.id, ID_ROLE)
            name.setToolTip(cat.name)
            key = QStandardItem(cat.shortcut)
            key.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            count = QStandardItem(str(self._counts.get(cat.id, 0)))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            words = QStandardItem("、".join(cat.keywords))
            words.setToolTip("\n".join(cat.keywords))
            for extra in (key, count, words):
                extra.setEditable(False)
            (items[parent] if parent is not None else self.model.invisibleRootItem()).appendRow(
                [name, key, count, words])
            items[cat.id] = name
        self._building = False
        self.view.expandAll()
        self.select(keep)
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        cid = self.current_id()
        sibs = self.shape.siblings(cid) if cid is not None else []
        pos = sibs.index(cid) if cid in sibs else -1
        for act in self.actions_[1:]:
            act.setEnabled(cid is not None)
        self.up_action.setEnabled(pos > 0)
        self.nest_action.setEnabled(pos > 0)
        self.down_action.setEnabled(0 <= pos < len(sibs) - 1)
        self.unnest_action.setEnabled(cid is not None and self.model.parents.get(cid) is not None)
        self.merge_action.setEnabled(cid is not None and len(self._cats) > 1)

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addActions(self.actions_)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    # -- edits (asked, checked and pushed by CategoryEditor) ------------------------------
    def _name_problem(self, name: str, own_id: int | None = None) -> str:
        return name_problem(name, self._cats.values(), own_id)

    def _current(self) -> Category | None:
        cid = self.current_id()
        return self._cats.get(cid) if cid is not None else None

    def add_category(self) -> None:
        if (cid := self.edits.add()) is not None:
            self.select(cid)

    def rename_category(self) -> None:
        if (cat := self._current()) is not None:
            self.edits.ask_rename(cat)

    def _rename(self, cid: int, name: str) -> bool:
        return self.edits.rename(cid, name)

    def _on_item_changed(self, item: QStandardItem) -> None:
        if self._building or item.column() != 0:
            return
        cid, text = item.data(ID_ROLE), item.text()
        # after the editor has closed: the rename rebuilds the model this item lives in
        QTimer.singleShot(0, self, lambda: self._rename(cid, text) or self.rebuild())

    def recolor_category(self) -> None:
        if (cat := self._current()) is not None:
            self.edits.recolor(cat)

    def set_shortcut(self) -> None:
        if (cat := self._current()) is not None:
            self.edits.set_shortcut(cat)

    def edit_keywords(self) -> None:
        if (cat := self._current()) is not None:
            self.edits.edit_keywords(cat)

    def move_category(self, cid: int, parent_id: int | None, before: int | None) -> bool:
        """Put ``cid`` under ``parent_id`` (None: top level) before sibling ``before`` (None: last)."""
        if cid not in self._cats or (parent_id is not None and parent_id not in self._cats):
            return False
        ok = self.edits.move(self.shape, cid, parent_id, before)
        self.select(cid)
        return ok

    def _move_to(self, where: Callable[[int], Destination | None]) -> None:
        if (cid := self.current_id()) is not None and (dest := where(cid)) is not None:
            self.move_category(cid, *dest)

    def move_up(self) -> None:
        self._move_to(lambda cid: self.shape.step(cid, -1))

    def move_down(self) -> None:
        self._move_to(lambda cid: self.shape.step(cid, 1))

    def nest(self) -> None:
        """Make the current category the last child of the category above it."""
        self._move_to(self.shape.nest)

    def unnest(self) -> None:
        """Move the current category up one level, right after its former parent."""
        self._move_to(self.shape.unnest)

    def merge_category(self) -> None:
        if (cat := self._current()) is not None:
            self.edits.merge(cat, self._counts.get(cat.id, 0))

    def delete_category(self) -> None:
        if (cat := self._current()) is not None:
            self.edits.delete(cat)
