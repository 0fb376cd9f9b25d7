"""Commands the widgets push: each runs one project operation, nothing more.

The inverse of every operation is recorded by the project itself (see
:mod:`lawgov_desktop.store.history`), so a command keeps no copy of what it changed: its
first ``redo`` runs the operation, a later ``redo`` is the project's redo and ``undo`` the
project's undo.  The window pushes them on :class:`~lawgov_desktop.gui.history.HistoryStack`,
whose Undo/Redo act on the project's history directly; a plain ``QUndoStack`` (a dialog
used on its own) works as well, as long as nothing else changes the project meanwhile.

No command may keep an attribute named ``id``: it would hide ``QUndoCommand.id()``, which
``QUndoStack.push`` calls on the command on top of the stack (a crash, not an error).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand, QUndoStack

from lawgov_desktop.gui.bilingual import shown
from lawgov_desktop.store.project import Project


class OperationCommand(QUndoCommand):
    """One project operation as a ``QUndoCommand``; subclasses say what :meth:`perform` runs."""

    def __init__(self, project: Project, text: str) -> None:
        super().__init__(text)
        self.project = project
        self._performed = False

    def perform(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._performed:
            self.project.redo()
        else:
            self.perform()
            self._performed = True

    def undo(self) -> None:
        self.project.undo()


class AddAnnotationsCommand(OperationCommand):
    """Tag one or more spans of a report (one step even for "tag all results")."""

    def __init__(self, project: Project, report_id: int, spans: list[tuple[int, int]],
                 category_ids: list[int], note: str = "", text: str = "") -> None:
        super().__init__(project, text or f"标注 {len(spans)} 处")
        self.report_id, self.spans = report_id, spans
        self.category_ids, self.note = category_ids, note
        self.ids: list[int] = []

    def perform(self) -> None:
        self.ids = self.project.annotations.add_many(self.report_id, self.spans, self.category_ids, note=self.note)


class TagAcrossReportsCommand(OperationCommand):
    """Tag spans of several reports ("tag all results"): one transaction, one step."""

    def __init__(self, project: Project, spans: dict[int, list[tuple[int, int]]], category_ids: list[int],
                 text: str = "") -> None:
        total = sum(len(v) for v in spans.values())
        super().__init__(project, text or f"标注 {total} 处")
        self.spans, self.category_ids = spans, category_ids
        self.ids: list[int] = []

    def perform(self) -> None:
        by_report = self.project.annotations.add_across(self.spans, self.category_ids)
        self.ids = [aid for ids in by_report.values() for aid in ids]


class DeleteAnnotationsCommand(OperationCommand):
    def __init__(self, project: Project, annotation_ids: list[int], text: str = "") -> None:
        super().__init__(project, text or f"删除 {len(annotation_ids)} 条标注")
        self.ids = list(annotation_ids)

    def perform(self) -> None:
        self.project.annotations.delete_many(self.ids)


class UpdateAnnotationCommand(OperationCommand):
    """Change an annotation's note and/or categories (and/or span)."""

    def __init__(self, project: Project, annotation_id: int, *, note: str | None = None,
                 category_ids: list[int] | None = None, span: tuple[int, int] | None = None,
                 text: str = "") -> None:
        super().__init__(project, text or "修改标注")
        self.annotation_id = annotation_id
        self.new = {"note": note, "category_ids": category_ids, "span": span}

    def perform(self) -> None:
        self.project.annotations.update(self.annotation_id, **self.new)


class AddCategoryCommand(OperationCommand):
    def __init__(self, project: Project, name: str, color: str | None = None, shortcut: str = "",
                 parent_id: int | None = None, keywords: list[str] | None = None) -> None:
        super().__init__(project, f"新建类别 {name}")
        self.args = {"name": name, "color": color, "shortcut": shortcut, "parent_id": parent_id,
                     "keywords": keywords}
        self.category_id: int | None = None

    def perform(self) -> None:
        self.category_id = self.project.categories.add(**self.args)


class UpdateCategoryCommand(OperationCommand):
    """Rename, recolour, re-key, re-nest or edit keywords of a category."""

    def __init__(self, project: Project, category_id: int, text: str = "", **fields: object) -> None:
        super().__init__(project, text or "修改类别")
        self.category_id, self.fields = category_id, fields

    def perform(self) -> None:
        self.project.categories.update(self.category_id, **self.fields)


class DeleteCategoryCommand(OperationCommand):
    """Delete (or, with ``reassign_to``, merge) a category; undo restores links and annotations."""

    def __init__(self, project: Project, category_id: int, *, reassign_to: int | None = None,
                 delete_annotations: bool = False, text: str = "") -> None:
        super().__init__(project, text or ("合并类别" if reassign_to is not None else "删除类别"))
        self.category_id = category_id
        self.reassign_to, self.delete_annotations = reassign_to, delete_annotations

    def perform(self) -> None:
        self.project.categories.delete(self.category_id, reassign_to=self.reassign_to,
                                     delete_annotations=self.delete_annotations)


class ReorderCategoriesCommand(OperationCommand):
    def __init__(self, project: Project, ordered_ids: list[int]) -> None:
        super().__init__(project, "调整类别顺序")
        self.order = list(ordered_ids)

    def perform(self) -> None:
        self.project.categories.reorder(self.order)


# -- the one way widgets push commands ---------------------------------------------------------
def push_checked(stack: QUndoStack, cmds: QUndoCommand | Sequence[QUndoCommand], text: str = "") -> None:
    """Push one command, or several as one undo step; if one fails, leave no trace and re-raise.

    Two PySide/Qt details make a bare ``stack.push`` unsafe here:

    * a command whose ``redo`` raised would stay on the stack, and a later Ctrl+Z would "undo"
      a change that never happened;
    * ``QUndoStack.push`` calls ``id()`` on the command below the new one, and the commands in
      :mod:`~lawgov_desktop.gui.undo` keep an int in ``self.id``, which shadows that virtual
      and crashes the process.

    So every command is pushed as the first child of a macro of its own (Qt never calls
    ``id()`` then), and on failure the steps already done are undone and the macro is dropped.
    """
    todo = [cmds] if isinstance(cmds, QUndoCommand) else list(cmds)
    from lawgov_desktop.gui.history import HistoryStack

    if isinstance(stack, HistoryStack):  # the window's: one project operation, all or nothing
        stack.push_all(todo, text)
        return
    done: list[QUndoCommand] = []
    error: Exception | None = None
    stack.beginMacro(text or todo[0].text())
    try:
        for cmd in todo:
            if len(todo) > 1:
                stack.beginMacro(cmd.text())
            try:
                stack.push(cmd)
            finally:
                if len(todo) > 1:
                    stack.endMacro()
            done.append(cmd)
    except Exception as exc:  # noqa: BLE001 - re-raised below, once the stack is clean again
        error = exc
    finally:
        stack.endMacro()
    if error is not None:
        for cmd in reversed(done):
            cmd.undo()
        macro = stack.command(stack.index() - 1)
        macro.setObsolete(True)  # an obsolete command is deleted by undo() without being undone
        stack.undo()
        raise error


def error_text(exc: BaseException) -> str:
    """The store's message for the user, without the prefix PySide adds to errors raised in
    an overridden virtual such as ``redo``."""
    return re.sub(r"^Error calling Python override of [\w:]+\(\): ", "", shown(exc))
