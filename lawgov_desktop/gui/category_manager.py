"""Category manager: the tree of tags with colours, shortcut keys, order and keywords.

Every edit is pushed on the shared ``QUndoStack`` as one step (a macro when it takes two
store calls, e.g. re-nesting plus re-ordering), and the tree is rebuilt only from the
bridge's ``changed`` signal, so an undo from the main window shows here exactly like a click.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeySequence,
    QShowEvent,
    QStandardItem,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.gui.annotations_panel import LOOK_ONLY_OPS
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.category_widgets import (
    DELETE,
    ID_ROLE,
    KEY_RE,
    MOVE,
    CategoryTreeModel,
    DeleteCategoryDialog,
    error_text,
    parse_keywords,
    push_checked,
    swatch_icon,
    tree_order,
)
from lawgov_desktop.gui.undo import (
    AddCategoryCommand,
    DeleteCategoryCommand,
    ReorderCategoriesCommand,
    UpdateCategoryCommand,
)
from lawgov_desktop.store.annotations import AnnotationFilter
from lawgov_desktop.store.categories import MAX_CATEGORY_NAME, check_category_name
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
        self._children: dict[int | None, list[int]] = {}
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
        cats = self.project.categories()
        if self._counts_stale and (self.isVisible() or not self._counts):
            # one pass over the annotations; counting only when shown keeps edits cheap
            self._counts = Counter(cid for a in self.project.annotations() for cid in a.category_ids)
            self._counts_stale = False
        self._building = True
        self.model.removeRows(0, self.model.rowCount())
        self._cats = {c.id: c for c in cats}
        self._children = {}
        self.model.parents = {}
        items: dict[int, QStandardItem] = {}
        for cat, _depth in tree_order(cats):
            parent = cat.parent_id if cat.parent_id in self._cats else None
            self._children.setdefault(parent, []).append(cat.id)
            self.model.parents[cat.id] = parent
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

    def _siblings(self, cid: int) -> list[int]:
        return self._children.get(self.model.parents.get(cid), [])

    def _update_actions(self, *_args: object) -> None:
        cid = self.current_id()
        sibs = self._siblings(cid) if cid is not None else []
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

    # -- pushing ---------------------------------------------------------------------------
    def _error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Manage categories"), message)

    def _push(self, *cmds: QUndoCommand, text: str = "") -> bool:
        """Push one command, or several as one undo step; report a refusal instead of raising."""
        try:
            push_checked(self.undo_stack, cmds, text)
            return True
        except Exception as exc:  # noqa: BLE001 - any refusal is shown, never a traceback
            self._error(error_text(exc))
            return False

    def _name_problem(self, name: str, own_id: int | None = None) -> str:
        if not name:
            return self.tr("A category needs a name.")
        if len(name) > MAX_CATEGORY_NAME:
            return self.tr("A category name may have at most {n} characters.").format(n=MAX_CATEGORY_NAME)
        try:
            check_category_name(name)  # the same rules as every other way a name comes in
        except ValueError:
            return self.tr("A category name cannot contain line breaks, tabs or other control characters.")
        if any(c.name == name and c.id != own_id for c in self._cats.values()):
            return self.tr("A category named “{name}” already exists.").format(name=name)
        return ""

    def _current(self) -> Category | None:
        cid = self.current_id()
        return self._cats.get(cid) if cid is not None else None

    # -- operations ------------------------------------------------------------------------
    def add_category(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New category"), self.tr("Name of the new category:"))
        name = name.strip()
        if not ok or not name:
            return
        if problem := self._name_problem(name):
            return self._error(problem)
        # the next free number key (4, 5, …), shown on its toolbar button and in the tree
        cmd = AddCategoryCommand(self.project, name, shortcut=self.project.next_free_shortcut())
        cmd.setText(self.tr("New category “{name}”").format(name=name))
        if self._push(cmd) and (added := self.project.category_by_name(name)) is not None:
            self.select(added.id)

    def rename_category(self) -> None:
        if (cat := self._current()) is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename category"), self.tr("New name:"),
                                        QLineEdit.EchoMode.Normal, cat.name)
        if ok:
            self._rename(cat.id, name)

    def _rename(self, cid: int, name: str) -> bool:
        name, cat = name.strip(), self._cats.get(cid)
        if cat is None or name == cat.name:
            return False
        if problem := self._name_problem(name, cid):
            self._error(problem)
            return False
        text = self.tr("Rename “{old}” to “{new}”").format(old=cat.name, new=name)
        return self._push(UpdateCategoryCommand(self.project, cid, text=text, name=name))

    def _on_item_changed(self, item: QStandardItem) -> None:
        if self._building or item.column() != 0:
            return
        cid, text = item.data(ID_ROLE), item.text()
        # after the editor has closed: the rename rebuilds the model this item lives in
        QTimer.singleShot(0, self, lambda: self._rename(cid, text) or self.rebuild())

    def recolor_category(self) -> None:
        if (cat := self._current()) is None:
            return
        color = QColorDialog.getColor(QColor(cat.color), self,
                                      self.tr("Colour of “{name}”").format(name=cat.name))
        if color.isValid() and color.name() != cat.color.lower():
            text = self.tr("Recolour “{name}”").format(name=cat.name)
            self._push(UpdateCategoryCommand(self.project, cat.id, text=text, color=color.name()))

    def set_shortcut(self) -> None:
        if (cat := self._current()) is None:
            return
        key, ok = QInputDialog.getText(
            self, self.tr("Shortcut key"),
            self.tr("One key, 0–9 or a–z, tags a selection with “{name}” (leave empty for none):")
            .format(name=cat.name), QLineEdit.EchoMode.Normal, cat.shortcut)
        key = key.strip().lower()
        if not ok or key == cat.shortcut:
            return
        if key and not KEY_RE.fullmatch(key):
            return self._error(self.tr("A shortcut is a single key 0–9 or a–z."))
        holder = next((c for c in self._cats.values() if key and c.shortcut == key and c.id != cat.id), None)
        text = self.tr("Shortcut of “{name}”").format(name=cat.name)
        if self._push(UpdateCategoryCommand(self.project, cat.id, text=text, shortcut=key)) and holder:
            QMessageBox.information(self, self.tr("Shortcut key"), self.tr(
                "Key {key} was used by “{old}”; it now tags “{new}”, and “{old}” has no shortcut.")
                .format(key=key, old=holder.name, new=cat.name))

    def edit_keywords(self) -> None:
        if (cat := self._current()) is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("Keywords"),
            self.tr("Keywords that suggest “{name}”, one per line or separated by 、 or ,:").format(name=cat.name),
            "\n".join(cat.keywords))
        words = parse_keywords(text)
        if ok and words != cat.keywords:
            text = self.tr("Keywords of “{name}”").format(name=cat.name)
            self._push(UpdateCategoryCommand(self.project, cat.id, text=text, keywords=words))

    def move_category(self, cid: int, parent_id: int | None, before: int | None) -> bool:
        """Put ``cid`` under ``parent_id`` (None: top level) before sibling ``before`` (None: last).

        Nesting and order are two store calls; they go on the stack as one macro."""
        if cid not in self._cats or (parent_id is not None and parent_id not in self._cats):
            return False
        seen = parent_id
        while seen is not None:
            if seen == cid:
                self._error(self.tr("A category cannot be nested inside itself."))
                return False
            seen = self.model.parents.get(seen)
        children = {k: [c for c in v if c != cid] for k, v in self._children.items()}
        sibs = children.setdefault(parent_id, [])
        sibs.insert(sibs.index(before) if before in sibs else len(sibs), cid)
        order: list[int] = []

        def walk(parent: int | None) -> None:
            for c in children.get(parent, []):
                order.append(c)
                walk(c)

        walk(None)
        name = self._cats[cid].name
        cmds: list[QUndoCommand] = []
        if parent_id != self.model.parents.get(cid):
            cmds.append(UpdateCategoryCommand(self.project, cid, parent_id=parent_id))
        if order != [c.id for c in self.project.categories()]:
            cmds.append(ReorderCategoriesCommand(self.project, order))
        if not cmds:
            return False
        text = self.tr("Move “{name}”").format(name=name)
        cmds[0].setText(text)
        ok = self._push(*cmds, text=text)
        self.select(cid)
        return ok

    def _step(self, delta: int) -> None:
        if (cid := self.current_id()) is None:
            return
        sibs = self._siblings(cid)
        pos = sibs.index(cid) + delta
        if 0 <= pos < len(sibs):
            after = pos + 1 if delta > 0 else pos
            self.move_category(cid, self.model.parents.get(cid), sibs[after] if after < len(sibs) else None)

    def move_up(self) -> None:
        self._step(-1)

    def move_down(self) -> None:
        self._step(1)

    def nest(self) -> None:
        """Make the current category the last child of the category above it."""
        if (cid := self.current_id()) is None:
            return
        sibs = self._siblings(cid)
        if sibs.index(cid) > 0:
            self.move_category(cid, sibs[sibs.index(cid) - 1], None)

    def unnest(self) -> None:
        """Move the current category up one level, right after its former parent."""
        if (cid := self.current_id()) is None or (parent := self.model.parents.get(cid)) is None:
            return
        grand = self.model.parents.get(parent)
        sibs = self._children.get(grand, [])
        pos = sibs.index(parent) + 1
        self.move_category(cid, grand, sibs[pos] if pos < len(sibs) else None)

    def merge_category(self) -> None:
        if (cat := self._current()) is None:
            return
        others = [(c, depth) for c, depth in tree_order(list(self._cats.values())) if c.id != cat.id]
        if not others:
            return
        labels = ["\u3000" * depth + c.name for c, depth in others]
        choice, ok = QInputDialog.getItem(
            self, self.tr("Merge category"),
            self.tr("Move the {count} annotation(s) of “{name}” to this category and delete “{name}”:")
            .format(count=self._counts.get(cat.id, 0), name=cat.name), labels, 0, False)
        if ok and choice in labels:
            target = others[labels.index(choice)][0]
            text = self.tr("Merge “{name}” into “{target}”").format(name=cat.name, target=target.name)
            self._push(DeleteCategoryCommand(self.project, cat.id, reassign_to=target.id, text=text))

    def delete_category(self) -> None:
        if (cat := self._current()) is None:
            return
        used = self.project.annotations(AnnotationFilter(category_ids=[cat.id]))
        text = self.tr("Delete category “{name}”").format(name=cat.name)
        if not used:  # nothing to decide; undo brings it back
            self._push(DeleteCategoryCommand(self.project, cat.id, text=text))
            return
        only = sum(1 for a in used if a.category_ids == [cat.id])
        others = [c for c, _ in tree_order(list(self._cats.values())) if c.id != cat.id]
        dialog = DeleteCategoryDialog(cat, others, len(used), only, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        mode, target = dialog.choice()
        self._push(DeleteCategoryCommand(self.project, cat.id, text=text,
                                         reassign_to=target if mode == MOVE else None,
                                         delete_annotations=mode == DELETE))
