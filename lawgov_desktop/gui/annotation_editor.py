"""Editing one annotation: its categories and note, or deleting it.

Opened from a highlight in the reader or a row of the annotations panel.  The quote is shown
read-only and as plain text (report text may contain ``<`` or ``&``); saving pushes one
``UpdateAnnotationCommand`` with only what changed, so Ctrl+Z restores exactly that.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QCursor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from lawgov_desktop.gui.annotations_panel import local_time
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.category_widgets import swatch_icon, tree_order
from lawgov_desktop.gui.undo import (
    DeleteAnnotationsCommand,
    UpdateAnnotationCommand,
    error_text,
    push_checked,
)
from lawgov_desktop.store.records import Annotation, Changes

if TYPE_CHECKING:
    from lawgov_desktop.store.project import Project

SAVED, DELETED = "saved", "deleted"


def _tr(text: str) -> str:
    return QCoreApplication.translate("AnnotationEditor", text)


def exec_menu(menu: QMenu, pos: QPoint) -> QAction | None:
    """Show ``menu`` at ``pos`` and wait for a choice; one place for tests to stand in for it."""
    return menu.exec(pos)


def choose_annotation(bridge: ProjectBridge | None, annotation_ids: list[int], parent: QWidget | None = None,
                      pos: QPoint | None = None) -> int | None:
    """Let the reader pick one of several overlapping annotations from a menu.

    One id needs no question; with a bridge each entry names the categories and the start of
    the quote, so overlapping highlights can be told apart.
    """
    if len(annotation_ids) <= 1:
        return annotation_ids[0] if annotation_ids else None
    menu = QMenu(parent)
    cats = {c.id: c for c in bridge.project.categories.list()} if bridge else {}
    for aid in annotation_ids:
        label, icon = _tr("Annotation #{id}").format(id=aid), None
        if bridge is not None:
            try:
                ann = bridge.project.annotations.get(aid)
            except KeyError:
                continue
            names = "、".join(cats[c].name for c in ann.category_ids if c in cats) or _tr("Uncategorised")
            quote = " ".join(ann.quote.split())
            label = f"{names}：{quote[:24]}{'…' if len(quote) > 24 else ''}"
            first = next((cats[c] for c in ann.category_ids if c in cats), None)
            icon = swatch_icon(first.color) if first else None
        act = menu.addAction(label.replace("&", "&&"))  # '&' would otherwise become a mnemonic
        if icon is not None:
            act.setIcon(icon)
        act.setData(aid)
    chosen = exec_menu(menu, pos if pos is not None else QCursor.pos())
    return chosen.data() if chosen is not None else None


class AnnotationEditor(QDialog):
    """Dialog for one annotation; ``outcome`` says whether it was saved or deleted."""

    def __init__(self, bridge: ProjectBridge, undo_stack: QUndoStack, annotation_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.undo_stack, self.annotation_id = bridge, undo_stack, annotation_id
        self.outcome: str | None = None
        self._own_change = False
        self.ann: Annotation = self.project.annotations.get(annotation_id)  # KeyError for an unknown id
        self.setWindowTitle(self.tr("Annotation"))

        report = next((r for r in self.project.reports.list() if r.id == self.ann.report_id), None)
        self.report_label = self._plain_label(report.title if report else "")
        path = self.project.reports.section_paths(self.ann.report_id, [self.ann.start])[0]
        self.section_label = self._plain_label(path or self.tr("(before the first heading)"))
        self.quote_view = QPlainTextEdit()
        self.quote_view.setReadOnly(True)
        self.quote_view.setPlainText(self.ann.quote)
        self.quote_view.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 12)
        self.category_list = QListWidget()
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlainText(self.ann.note)
        self.note_edit.setPlaceholderText(self.tr("Note (optional)"))
        self.note_edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.meta_label = self._plain_label("")
        self._fill_categories(set(self.ann.category_ids))
        self._show_meta()

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.delete_button = buttons.addButton(self.tr("Delete"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.cancel_button.clicked.connect(self.reject)

        form = QFormLayout(self)
        form.addRow(self.tr("Report:"), self.report_label)
        form.addRow(self.tr("Section:"), self.section_label)
        form.addRow(self.tr("Quote:"), self.quote_view)
        form.addRow(self.tr("Categories:"), self.category_list)
        form.addRow(self.tr("Note:"), self.note_edit)
        form.addRow("", self.meta_label)
        form.addRow(buttons)
        self.resize(520, self.sizeHint().height())
        bridge.changed.connect(self._on_changed)

    @property
    def project(self) -> Project:
        return self.bridge.project

    @staticmethod
    def choose(annotation_ids: list[int], parent: QWidget | None = None, bridge: ProjectBridge | None = None,
               pos: QPoint | None = None) -> int | None:
        """Pick one of several overlapping annotations (see :func:`choose_annotation`)."""
        return choose_annotation(bridge, annotation_ids, parent, pos)

    def _plain_label(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)  # report text is never markup
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _fill_categories(self, checked: set[int]) -> None:
        self.category_list.clear()
        for cat, depth in tree_order(self.project.categories.list()):
            item = QListWidgetItem(swatch_icon(cat.color), "\u3000" * depth + cat.name)
            item.setData(Qt.ItemDataRole.UserRole, cat.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if cat.id in checked else Qt.CheckState.Unchecked)
            tint = QColor(cat.color)
            tint.setAlpha(70)  # the category's colour, light enough to keep black text readable
            item.setBackground(tint)
            if cat.shortcut:
                item.setToolTip(self.tr("Shortcut key: {key}").format(key=cat.shortcut))
            self.category_list.addItem(item)
        rows = max(1, min(self.category_list.count(), 8))  # beyond eight, the list scrolls
        row_height = self.category_list.sizeHintForRow(0) if self.category_list.count() else 20
        self.category_list.setFixedHeight(rows * row_height + 2 * self.category_list.frameWidth() + 2)

    def _show_meta(self) -> None:
        self.meta_label.setText(self.tr("By {who} · created {created} · updated {updated}").format(
            who=self.ann.annotator or self.tr("unknown"), created=local_time(self.ann.created_at),
            updated=local_time(self.ann.updated_at)))

    def checked_category_ids(self) -> list[int]:
        """Checked categories in display order."""
        items = (self.category_list.item(i) for i in range(self.category_list.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]

    def _on_changed(self, changes: Changes) -> None:
        if self._own_change:
            return
        if changes.categories:
            self._fill_categories(set(self.checked_category_ids()))
        if changes.annotations and self.ann.report_id in changes.annotations:
            try:
                self.ann = self.project.annotations.get(self.annotation_id)
            except KeyError:  # deleted elsewhere (another window, an undo): nothing left to edit
                self.reject()
                return
            self._show_meta()

    def done(self, result: int) -> None:
        """Stop following the project once closed: the editor is made for one annotation."""
        with contextlib.suppress(RuntimeError, TypeError):
            self.bridge.changed.disconnect(self._on_changed)
        super().done(result)

    def _push(self, cmd: QUndoCommand) -> bool:
        self._own_change = True
        try:
            push_checked(self.undo_stack, cmd)
            return True
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
            QMessageBox.warning(self, self.tr("Annotation"), error_text(exc))
            return False
        finally:
            self._own_change = False

    def save(self) -> bool:
        """Push the changed note and/or categories as one undo step, then close."""
        note, cats = self.note_edit.toPlainText(), self.checked_category_ids()
        fields: dict[str, object] = {}
        if note != self.ann.note:
            fields["note"] = note
        if set(cats) != set(self.ann.category_ids):
            fields["category_ids"] = cats
            if not cats and QMessageBox.question(
                    self, self.tr("No category"),
                    self.tr("No category is checked. Keep the passage as an uncategorised highlight?"),
            ) != QMessageBox.StandardButton.Yes:
                return False
        if fields and not self._push(UpdateAnnotationCommand(self.project, self.annotation_id,
                                                             text=self.tr("Edit annotation"), **fields)):
            return False
        self.outcome = SAVED if fields else None
        self.accept()
        return True

    def delete(self) -> bool:
        """Delete the annotation (undoable, so no confirmation), then close."""
        if not self._push(DeleteAnnotationsCommand(self.project, [self.annotation_id],
                                                   text=self.tr("Delete annotation"))):
            return False
        self.outcome = DELETED
        self.accept()
        return True
