"""Undo commands: each wraps one project operation and its exact inverse.

No command may keep an attribute named ``id``: it would hide ``QUndoCommand.id()``, which
``QUndoStack.push`` calls on the command on top of the stack (a crash, not an error).

Annotations and categories are put back with their original ids, so redo after undo gives
the same database rows and other commands on the stack still refer to the right things.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from lawgov_desktop.store.categories import CategorySnapshot
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.records import Annotation


class AddAnnotationsCommand(QUndoCommand):
    """Tag one or more spans of a report (one step even for "tag all results")."""

    def __init__(self, project: Project, report_id: int, spans: list[tuple[int, int]],
                 category_ids: list[int], note: str = "", text: str = "") -> None:
        super().__init__(text or f"标注 {len(spans)} 处")
        self.project, self.report_id, self.spans = project, report_id, spans
        self.category_ids, self.note = category_ids, note
        self.ids: list[int] = []
        self._removed: list[Annotation] = []

    def redo(self) -> None:
        if self._removed:
            self.project.restore_annotations(self._removed)
        else:
            self.ids = self.project.add_annotations(self.report_id, self.spans, self.category_ids, note=self.note)

    def undo(self) -> None:
        self._removed = self.project.delete_annotations(self.ids)


class DeleteAnnotationsCommand(QUndoCommand):
    def __init__(self, project: Project, annotation_ids: list[int], text: str = "") -> None:
        super().__init__(text or f"删除 {len(annotation_ids)} 条标注")
        self.project, self.ids = project, list(annotation_ids)
        self._removed: list[Annotation] = []

    def redo(self) -> None:
        self._removed = self.project.delete_annotations(self.ids)

    def undo(self) -> None:
        self.project.restore_annotations(self._removed)


class UpdateAnnotationCommand(QUndoCommand):
    """Change an annotation's note and/or categories (and/or span)."""

    def __init__(self, project: Project, annotation_id: int, *, note: str | None = None,
                 category_ids: list[int] | None = None, span: tuple[int, int] | None = None,
                 text: str = "") -> None:
        super().__init__(text or "修改标注")
        self.project, self.annotation_id = project, annotation_id
        self.new = {"note": note, "category_ids": category_ids, "span": span}
        self._old: Annotation | None = None

    def redo(self) -> None:
        self._old = self.project.update_annotation(self.annotation_id, **self.new)

    def undo(self) -> None:
        old = self._old
        assert old is not None
        self.project.update_annotation(
            self.annotation_id,
            note=old.note if self.new["note"] is not None else None,
            category_ids=old.category_ids if self.new["category_ids"] is not None else None,
            span=(old.start, old.end) if self.new["span"] is not None else None,
        )


class AddCategoryCommand(QUndoCommand):
    def __init__(self, project: Project, name: str, color: str | None = None, shortcut: str = "",
                 parent_id: int | None = None, keywords: list[str] | None = None) -> None:
        super().__init__(f"新建类别 {name}")
        self.project = project
        self.args = {"name": name, "color": color, "shortcut": shortcut, "parent_id": parent_id,
                     "keywords": keywords}
        self.category_id: int | None = None

    def redo(self) -> None:
        self.category_id = self.project.add_category(**self.args, category_id=self.category_id)

    def undo(self) -> None:
        assert self.category_id is not None
        self.project.delete_category(self.category_id)


class UpdateCategoryCommand(QUndoCommand):
    """Rename, recolour, re-key, re-nest or edit keywords of a category."""

    def __init__(self, project: Project, category_id: int, text: str = "", **fields: object) -> None:
        super().__init__(text or "修改类别")
        self.project, self.category_id, self.fields = project, category_id, fields
        self._old: dict[str, object] = {}
        self._key_holder: int | None = None

    def redo(self) -> None:
        if self.fields.get("shortcut"):
            holder = [c for c in self.project.categories() if c.shortcut == self.fields["shortcut"] and c.id != self.category_id]
            self._key_holder = holder[0].id if holder else None
        old = self.project.update_category(self.category_id, **self.fields)
        self._old = {k: getattr(old, k) for k in self.fields}

    def undo(self) -> None:
        self.project.update_category(self.category_id, **self._old)
        if self._key_holder is not None:
            self.project.update_category(self._key_holder, shortcut=self.fields["shortcut"])


class DeleteCategoryCommand(QUndoCommand):
    """Delete (or, with ``reassign_to``, merge) a category; undo restores links and annotations."""

    def __init__(self, project: Project, category_id: int, *, reassign_to: int | None = None,
                 delete_annotations: bool = False, text: str = "") -> None:
        super().__init__(text or ("合并类别" if reassign_to is not None else "删除类别"))
        self.project, self.category_id = project, category_id
        self.reassign_to, self.delete_annotations = reassign_to, delete_annotations
        self._snap: CategorySnapshot | None = None

    def redo(self) -> None:
        self._snap = self.project.delete_category(
            self.category_id, reassign_to=self.reassign_to, delete_annotations=self.delete_annotations
        )

    def undo(self) -> None:
        assert self._snap is not None
        self.project.restore_category(self._snap)


class ReorderCategoriesCommand(QUndoCommand):
    def __init__(self, project: Project, ordered_ids: list[int]) -> None:
        super().__init__("调整类别顺序")
        self.project, self.order = project, list(ordered_ids)
        self._before: list[int] = []

    def redo(self) -> None:
        self._before = self.project.reorder_categories(self.order)

    def undo(self) -> None:
        self.project.reorder_categories(self._before)
