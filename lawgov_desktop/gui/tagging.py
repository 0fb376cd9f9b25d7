"""Tagging, editing and deleting annotations from the reading area.

Every change is an undo command pushed on the window's stack; the command calls the store,
which commits and *then* notifies, so what the user sees is always what is saved.  Tagging
a selection that is exactly an existing annotation adds the category to that annotation
instead of creating a twin.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QCursor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget

from lawgov_desktop.gui.actions import CategoryActions
from lawgov_desktop.gui.bilingual import shown
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.undo import AddAnnotationsCommand, DeleteAnnotationsCommand, UpdateAnnotationCommand

if TYPE_CHECKING:
    from lawgov_desktop.gui.report_pane import ReportPane

QUOTE_PREVIEW = 24


def error_message(exc: BaseException) -> str:
    """The store's message in the window's language, without the prefix PySide adds to errors
    raised inside ``redo``."""
    return re.sub(r"^Error calling Python override of [\w:]+\(\): ", "", shown(exc))


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace (line ends picked up by a triple-click) from both ends of a span."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class Tagger(QObject):
    """Turns user gestures on a pane into undo commands."""

    message = Signal(str)  # for the status bar

    def __init__(self, bridge: ProjectBridge, undo_stack: QUndoStack, categories: CategoryActions,
                 window: QWidget) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.project = bridge.project
        self.undo_stack = undo_stack
        self.categories = categories
        self.window = window
        self.editor: QWidget | None = None

    # -- tagging -------------------------------------------------------------------------
    def ensure_annotator_name(self) -> None:
        """On the first tag, ask once for the name recorded on annotations when none was chosen
        in the preferences (several people may tag the same reports); kept in the preferences.
        Cancel keeps the login name, and the question is not asked again."""
        if getattr(self, "_name_checked", False):
            return
        self._name_checked = True
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from lawgov_desktop.gui.settings import UiSettings
        from lawgov_desktop.store.project import default_annotator

        settings = UiSettings()
        if settings.chosen_annotator_name() or os.environ.get("LAWGOV_ANNOTATOR", "").strip():
            return  # chosen already, in the preferences or for this session by the environment
        name, ok = QInputDialog.getText(
            self.window, self.tr("Your name"),
            self.tr("Name recorded on your annotations (several people may tag the same reports):"),
            QLineEdit.EchoMode.Normal, default_annotator())
        settings.set_annotator_name((" ".join(name.split()) if ok else "") or default_annotator())
        settings.sync()
        self.project.annotations.annotator_name = settings.chosen_annotator_name()

    def tag(self, pane: ReportPane | None, category_id: int) -> bool:
        """Tag the selection of ``pane`` with a category; False (and a message) if nothing to tag."""
        if pane is None:
            self.message.emit(self.tr("Open a report and select some text first."))
            return False
        if not self.writable():
            return False
        if not pane.view.settle_selection():
            self.message.emit(self.tr("The word list is still loading: tag again in a moment "
                                      "(the selection is kept)."))
            return False
        span = pane.view.selection_span()
        if span is not None:
            span = trim_span(pane.view.text(), *span)
        if span is None or span[0] >= span[1]:
            self.message.emit(self.tr("Select some text first, then choose a category."))
            return False
        name = self.categories.name(category_id)
        quote = self._preview(pane.view.text()[span[0]:span[1]])
        same = pane.view.highlights.exact(*span)
        if same is not None:
            # the selection is exactly an existing annotation: the key adds its category to
            # that annotation (no twin), and says so; undo takes the category off again
            ann = self.project.annotations.get(same.id)
            had = "、".join(self.categories.name(c) for c in ann.category_ids) or self.tr("(no category)")
            if category_id in ann.category_ids:
                self.message.emit(self.tr("This passage is already tagged as {name}.").format(name=name))
                return False
            done = self._push(UpdateAnnotationCommand(
                self.project, ann.id, category_ids=[*ann.category_ids, category_id],
                text=self.tr("Add {name} to the existing annotation “{quote}”").format(name=name, quote=quote)))
            said = self.tr("Added {name} to the existing annotation “{quote}” (was {had}).").format(
                name=name, quote=quote, had=had)
        else:
            self.ensure_annotator_name()
            done = self._push(AddAnnotationsCommand(
                self.project, pane.report_id, [span], [category_id],
                text=self.tr("New annotation {name}: “{quote}”").format(name=name, quote=quote)))
            said = self.tr("New annotation {name}: “{quote}”.").format(name=name, quote=quote)
        if not done:
            return False
        # the new highlight shows at once, and the next drag starts a new selection
        pane.view.clear_selection()
        self.message.emit(said)
        return True

    @staticmethod
    def _preview(quote: str) -> str:
        quote = " ".join(quote.split())
        return quote if len(quote) <= QUOTE_PREVIEW else quote[:QUOTE_PREVIEW] + "…"

    # -- deleting and editing ------------------------------------------------------------
    def writable(self) -> bool:
        """False (and a message) when the project is open read-only in this window."""
        if self.project.readonly:
            self.message.emit(self.tr("This project is open read-only: annotations cannot be changed here."))
            return False
        return True

    def delete(self, annotation_ids: list[int]) -> None:
        if annotation_ids and self.writable():
            self._push(DeleteAnnotationsCommand(
                self.project, annotation_ids, text=self.tr("Delete {n} annotation(s)").format(n=len(annotation_ids))))

    def _push(self, command: QUndoCommand) -> bool:
        """Run a command through the undo stack; a store error becomes a message, not a crash.

        Updates and deletions go through the shared ``push_checked``, which leaves no step on
        the stack when the store refuses.  An added annotation is pushed plainly so callers can
        read the new ids from the stack's top command; if it fails, its undo is a no-op.
        """
        try:
            if isinstance(command, AddAnnotationsCommand):
                self.undo_stack.push(command)
            else:
                from lawgov_desktop.gui.undo import push_checked

                push_checked(self.undo_stack, command)
        except Exception as exc:  # the database refused (locked, disk full …): say so, keep going
            from PySide6.QtWidgets import QMessageBox  # message boxes: set up when one is shown

            QMessageBox.warning(self.window, self.tr("Not saved"), error_message(exc))
            return False
        return True

    def describe(self, annotation_id: int) -> str:
        """Menu text for an annotation: its categories and the start of its quote."""
        ann = self.project.annotations.get(annotation_id)
        names = "、".join(self.categories.name(c) for c in ann.category_ids) or self.tr("(no category)")
        quote = ann.quote.replace("\n", " ")
        if len(quote) > QUOTE_PREVIEW:
            quote = quote[:QUOTE_PREVIEW] + "…"
        return f"{names} · {quote}"

    def choose(self, annotation_ids: list[int], global_pos: QPoint, title: str = "") -> int | None:
        """One annotation id: the only one, or the one picked from a small menu."""
        if len(annotation_ids) == 1:
            return annotation_ids[0]
        try:
            from lawgov_desktop.gui.annotation_editor import choose_annotation
        except ImportError:
            pass
        else:
            return choose_annotation(self.bridge, annotation_ids, self.window, global_pos)
        menu = QMenu(self.window)
        if title:
            menu.addSection(title)
        for aid in annotation_ids:
            menu.addAction(self.describe(aid)).setData(aid)
        picked = menu.exec(global_pos)
        menu.deleteLater()
        return int(picked.data()) if picked is not None else None

    def open_editor(self, annotation_id: int, global_pos: QPoint | None = None) -> QWidget | None:
        """Show the annotation editor for one annotation, near ``global_pos``."""
        from PySide6.QtWidgets import QDialog, QMessageBox  # dialogs: set up when one is shown

        try:
            from lawgov_desktop.gui.annotation_editor import AnnotationEditor
        except ImportError:
            QMessageBox.information(self.window, self.tr("Annotation"), self.describe(annotation_id))
            return None
        if self.editor is not None:
            self.editor.close()
        editor = AnnotationEditor(self.bridge, self.undo_stack, annotation_id, self.window)
        self.editor = editor
        editor.destroyed.connect(lambda *_: setattr(self, "editor", None) if self.editor is editor else None)
        if global_pos is not None:
            editor.move(global_pos + QPoint(8, 8))
        if isinstance(editor, QDialog):
            editor.open()
        else:
            editor.show()
        return editor

    def on_clicked(self, annotation_ids: list[int], global_pos: QPoint) -> None:
        """A plain click on highlights: edit the annotation (asking which when they overlap)."""
        aid = self.choose(annotation_ids, global_pos, self.tr("Which annotation?"))
        if aid is not None:
            self.open_editor(aid, global_pos)

    def edit_at_cursor(self, pane: ReportPane | None) -> None:
        ids = self._ids_at_cursor(pane)
        if ids:
            self.on_clicked(ids, QCursor.pos())
        else:
            self.message.emit(self.tr("There is no annotation at the cursor."))

    def delete_at_cursor(self, pane: ReportPane | None) -> None:
        ids = self._ids_at_cursor(pane)
        if not ids:
            self.message.emit(self.tr("There is no annotation at the cursor."))
            return
        aid = self.choose(ids, QCursor.pos(), self.tr("Delete which annotation?"))
        if aid is not None:
            self.delete([aid])

    def _ids_at_cursor(self, pane: ReportPane | None) -> list[int]:
        if pane is None:
            return []
        span = pane.view.selection_span()
        if span is not None and (same := pane.view.highlights.exact(*trim_span(pane.view.text(), *span))):
            return [same.id]
        offset = pane.view.cursor_offset()
        hits = pane.view.highlights.at(offset) or pane.view.highlights.at(max(0, offset - 1))
        return [s.id for s in hits if not s.dashed]

    # -- context menu --------------------------------------------------------------------
    def extend_context_menu(self, pane: ReportPane, menu: QMenu, annotation_ids: list[int]) -> None:
        """Add "Tag as ▸", and for a click on highlights "Edit"/"Delete", above Qt's own entries."""
        first = menu.actions()[0] if menu.actions() else None
        tag_menu = QMenu(self.tr("Tag as"), menu)
        self.categories.fill_menu(tag_menu)
        tag_menu.setEnabled(pane.view.selection_span() is not None)
        menu.insertMenu(first, tag_menu)
        if annotation_ids:
            pos = QCursor.pos()
            for aid in annotation_ids:
                suffix = f"：{self.describe(aid)}" if len(annotation_ids) > 1 else ""
                edit = menu.addAction(self.tr("Edit annotation") + suffix)
                edit.triggered.connect(lambda _=False, a=aid: self.open_editor(a, pos))
                menu.insertAction(first, edit)
            for aid in annotation_ids:
                suffix = f"：{self.describe(aid)}" if len(annotation_ids) > 1 else ""
                delete = menu.addAction(self.tr("Delete annotation") + suffix)
                delete.triggered.connect(lambda _=False, a=aid: self.delete([a]))
                menu.insertAction(first, delete)
        menu.insertSeparator(first)
