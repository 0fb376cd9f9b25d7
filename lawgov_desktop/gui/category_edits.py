"""Editing categories from the manager: ask the reader, check the answer, push one undo step.

Each edit — new, rename, colour, shortcut key, keywords, move, merge, delete — asks what it
needs in a small dialog over the manager, checks it by the same rules as every other way a
category comes in (:func:`name_problem`), and pushes one step on the shared undo stack (a
macro when it takes two store calls, e.g. re-nesting plus re-ordering).  A refusal from the
store is shown as a warning, never raised.  The manager (:mod:`.category_manager`) shows the
tree and rebuilds it from the bridge's ``changed`` signal, so nothing here touches the tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QColorDialog, QDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.category_delete_dialog import DELETE, MOVE, DeleteCategoryDialog
from lawgov_desktop.gui.category_moves import TreeShape
from lawgov_desktop.gui.category_widgets import KEY_RE, parse_keywords, tree_order
from lawgov_desktop.gui.undo import (
    AddCategoryCommand,
    DeleteCategoryCommand,
    ReorderCategoriesCommand,
    UpdateCategoryCommand,
    error_text,
    push_checked,
)
from lawgov_desktop.store.annotations import AnnotationFilter
from lawgov_desktop.store.categories import MAX_CATEGORY_NAME, check_category_name
from lawgov_desktop.store.records import Category

if TYPE_CHECKING:
    from lawgov_desktop.store.project import Project


def _tr(text: str) -> str:
    """The manager's translations (the strings were its own before the edits moved here)."""
    return QCoreApplication.translate("CategoryManagerDialog", text)


def name_problem(name: str, categories: Iterable[Category], own_id: int | None = None) -> str:
    """Why ``name`` cannot name a category (``own_id``'s own name may stay); "" when it can."""
    if not name:
        return _tr("A category needs a name.")
    if len(name) > MAX_CATEGORY_NAME:
        return _tr("A category name may have at most {n} characters.").format(n=MAX_CATEGORY_NAME)
    try:
        check_category_name(name)  # the same rules as every other way a name comes in
    except ValueError:
        return _tr("A category name cannot contain line breaks, tabs or other control characters.")
    if any(c.name == name and c.id != own_id for c in categories):
        return _tr("A category named “{name}” already exists.").format(name=name)
    return ""


class CategoryEditor:
    """The edits of one manager window.

    ``categories`` returns the categories as the manager shows them (id → category), so the
    checks see the same tree as the reader."""

    def __init__(self, parent: QWidget, bridge: ProjectBridge, undo_stack: QUndoStack,
                 categories: Callable[[], dict[int, Category]]) -> None:
        self.parent, self.bridge, self.undo_stack = parent, bridge, undo_stack
        self.categories = categories

    @property
    def project(self) -> Project:
        return self.bridge.project

    def error(self, message: str) -> None:
        QMessageBox.warning(self.parent, _tr("Manage categories"), message)

    def push(self, *cmds: QUndoCommand, text: str = "") -> bool:
        """Push one command, or several as one undo step; report a refusal instead of raising."""
        try:
            push_checked(self.undo_stack, cmds, text)
            return True
        except Exception as exc:  # noqa: BLE001 - any refusal is shown, never a traceback
            self.error(error_text(exc))
            return False

    # -- one category's properties -------------------------------------------------------
    def add(self) -> int | None:
        """Ask for a name and add a category; its id, or None when nothing was added."""
        name, ok = QInputDialog.getText(self.parent, _tr("New category"), _tr("Name of the new category:"))
        name = name.strip()
        if not ok or not name:
            return None
        if problem := name_problem(name, self.categories().values()):
            self.error(problem)
            return None
        # the next free number key (4, 5, …), shown on its toolbar button and in the tree
        cmd = AddCategoryCommand(self.project, name, shortcut=self.project.categories.next_free_shortcut())
        cmd.setText(_tr("New category “{name}”").format(name=name))
        if self.push(cmd) and (added := self.project.categories.by_name(name)) is not None:
            return added.id
        return None

    def ask_rename(self, cat: Category) -> bool:
        name, ok = QInputDialog.getText(self.parent, _tr("Rename category"), _tr("New name:"),
                                        QLineEdit.EchoMode.Normal, cat.name)
        return ok and self.rename(cat.id, name)

    def rename(self, cid: int, name: str) -> bool:
        """Rename ``cid`` (typed in the dialog or in the tree); False when nothing changed."""
        name, cat = name.strip(), self.categories().get(cid)
        if cat is None or name == cat.name:
            return False
        if problem := name_problem(name, self.categories().values(), cid):
            self.error(problem)
            return False
        text = _tr("Rename “{old}” to “{new}”").format(old=cat.name, new=name)
        return self.push(UpdateCategoryCommand(self.project, cid, text=text, name=name))

    def recolor(self, cat: Category) -> None:
        color = QColorDialog.getColor(QColor(cat.color), self.parent, _tr("Colour of “{name}”").format(name=cat.name))
        if color.isValid() and color.name() != cat.color.lower():
            text = _tr("Recolour “{name}”").format(name=cat.name)
            self.push(UpdateCategoryCommand(self.project, cat.id, text=text, color=color.name()))

    def set_shortcut(self, cat: Category) -> None:
        key, ok = QInputDialog.getText(
            self.parent, _tr("Shortcut key"),
            _tr("One key, 0–9 or a–z, tags a selection with “{name}” (leave empty for none):")
            .format(name=cat.name), QLineEdit.EchoMode.Normal, cat.shortcut)
        key = key.strip().lower()
        if not ok or key == cat.shortcut:
            return
        if key and not KEY_RE.fullmatch(key):
            return self.error(_tr("A shortcut is a single key 0–9 or a–z."))
        holder = next((c for c in self.categories().values() if key and c.shortcut == key and c.id != cat.id), None)
        text = _tr("Shortcut of “{name}”").format(name=cat.name)
        if self.push(UpdateCategoryCommand(self.project, cat.id, text=text, shortcut=key)) and holder:
            QMessageBox.information(self.parent, _tr("Shortcut key"), _tr(
                "Key {key} was used by “{old}”; it now tags “{new}”, and “{old}” has no shortcut.")
                .format(key=key, old=holder.name, new=cat.name))

    def edit_keywords(self, cat: Category) -> None:
        text, ok = QInputDialog.getMultiLineText(
            self.parent, _tr("Keywords"),
            _tr("Keywords that suggest “{name}”, one per line or separated by 、 or ,:").format(name=cat.name),
            "\n".join(cat.keywords))
        words = parse_keywords(text)
        if ok and words != cat.keywords:
            text = _tr("Keywords of “{name}”").format(name=cat.name)
            self.push(UpdateCategoryCommand(self.project, cat.id, text=text, keywords=words))

    # -- the tree ------------------------------------------------------------------------
    def move(self, shape: TreeShape, cid: int, parent_id: int | None, before: int | None) -> bool:
        """Put ``cid`` under ``parent_id`` (None: top level) before sibling ``before`` (None: last).

        Nesting and order are two store calls; they go on the stack as one macro."""
        cats = self.categories()
        if cid not in cats or (parent_id is not None and parent_id not in cats):
            return False
        if shape.nests_in_itself(cid, parent_id):
            self.error(_tr("A category cannot be nested inside itself."))
            return False
        order = shape.order_after_move(cid, parent_id, before)
        cmds: list[QUndoCommand] = []
        if parent_id != shape.parents.get(cid):
            cmds.append(UpdateCategoryCommand(self.project, cid, parent_id=parent_id))
        if order != [c.id for c in self.project.categories.list()]:
            cmds.append(ReorderCategoriesCommand(self.project, order))
        if not cmds:
            return False
        text = _tr("Move “{name}”").format(name=cats[cid].name)
        cmds[0].setText(text)
        return self.push(*cmds, text=text)

    def merge(self, cat: Category, annotations: int) -> None:
        """Ask for a target and move ``cat``'s ``annotations`` there, deleting ``cat``."""
        others = [(c, depth) for c, depth in tree_order(list(self.categories().values())) if c.id != cat.id]
        if not others:
            return
        labels = ["\u3000" * depth + c.name for c, depth in others]
        choice, ok = QInputDialog.getItem(
            self.parent, _tr("Merge category"),
            _tr("Move the {count} annotation(s) of “{name}” to this category and delete “{name}”:")
            .format(count=annotations, name=cat.name), labels, 0, False)
        if ok and choice in labels:
            target = others[labels.index(choice)][0]
            text = _tr("Merge “{name}” into “{target}”").format(name=cat.name, target=target.name)
            self.push(DeleteCategoryCommand(self.project, cat.id, reassign_to=target.id, text=text))

    def delete(self, cat: Category) -> None:
        """Delete ``cat``; when annotations use it, ask what becomes of them first."""
        used = self.project.annotations.list(AnnotationFilter(category_ids=[cat.id]))
        text = _tr("Delete category “{name}”").format(name=cat.name)
        if not used:  # nothing to decide; undo brings it back
            self.push(DeleteCategoryCommand(self.project, cat.id, text=text))
            return
        only = sum(1 for a in used if a.category_ids == [cat.id])
        others = [c for c, _ in tree_order(list(self.categories().values())) if c.id != cat.id]
        dialog = DeleteCategoryDialog(cat, others, len(used), only, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        mode, target = dialog.choice()
        self.push(DeleteCategoryCommand(self.project, cat.id, text=text,
                                        reassign_to=target if mode == MOVE else None,
                                        delete_annotations=mode == DELETE))
