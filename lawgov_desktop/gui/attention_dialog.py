"""Annotations needing a person after a report was re-imported in a new version.

Re-anchoring never drops an annotation and never moves one silently onto a look-alike: it
marks it ``review`` (placed, but not surely) or ``orphaned`` (its passage is gone).  This
dialog lists them with what they quoted before and why they were flagged, and settles each:
go to it, accept its new place, move it onto the text selected in the reader, or delete it.

Deleting is an undo step like any other.  Accepting and moving are decisions recorded by
the store (as ``lawgov resolve`` does), which keeps no inverse of them; the annotation is
still there and can be edited or deleted afterwards.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.core.reanchor import quote_diff
from lawgov_desktop.gui.bilingual import pick
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.undo import DeleteAnnotationsCommand, error_text, push_checked
from lawgov_desktop.store.records import Changes
from lawgov_desktop.store.versions import AttentionItem

# (report id, start, end) of the reader's current selection, or None
SelectionFn = Callable[[], tuple[int, int, int] | None]
QUOTE_CHARS = 60
#: Unchanged stretches longer than this are shortened in the before/now comparison.
SAME_CHARS = 40
REPORT, STATE, QUOTE, BEFORE, WHY = range(5)
_WAS = '<span style="background:#f6c8c8;text-decoration:line-through">{}</span>'
_NOW = '<span style="background:#c4ecc4;font-weight:bold">{}</span>'


def _short(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "…"


def marked_comparison(before: str, now: str) -> tuple[str, str]:
    """``before`` and ``now`` as rich text with what changed marked (struck out / bold), long
    unchanged stretches shortened, so a change deep inside a long quote is seen at once."""
    was_html, now_html = [], []
    pieces = quote_diff(before, now)
    for k, (was, new) in enumerate(pieces):
        if was == new:
            keep = SAME_CHARS // 2
            if len(was) > SAME_CHARS:
                head = was[:keep] if k else ""  # the start of the first stretch is not needed
                tail = was[-keep:] if k < len(pieces) - 1 else ""
                was = head + "…" + tail
            same = html.escape(was.replace("\n", " "))
            was_html.append(same)
            now_html.append(same)
            continue
        if was:
            was_html.append(_WAS.format(html.escape(was.replace("\n", " "))))
        if new:
            now_html.append(_NOW.format(html.escape(new.replace("\n", " "))))
    return "".join(was_html), "".join(now_html)


class AttentionDialog(QDialog):
    """Non-modal list of ``review`` / ``orphaned`` annotations with the ways to settle them."""

    jumpRequested = Signal(int, int, int)  # report id, start, end (code points)

    def __init__(self, bridge: ProjectBridge, undo_stack: QUndoStack | None, parent: QWidget | None = None,
                 selection: SelectionFn | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.undo_stack, self.selection = bridge, undo_stack, selection
        self.items: list[AttentionItem] = []
        self.setObjectName("attentionDialog")
        self.setWindowTitle(self.tr("Annotations to review"))
        self.resize(900, 420)
        self.intro = QLabel(self.tr(
            "After a report was imported in a new version, these annotations could not be placed with "
            "confidence (to check) or their passage is gone (lost their place)."), self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([self.tr("Report"), self.tr("State"), self.tr("Quote now"),
                                              self.tr("Quote before"), self.tr("Why")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((REPORT, 150), (STATE, 90), (QUOTE, 230), (BEFORE, 230)):
            header.resizeSection(col, width)
        self.count_label = QLabel(self)
        # the selected annotation's quote before and its text now, the changes marked
        self.comparison = QLabel(self)
        self.comparison.setObjectName("attentionComparison")
        self.comparison.setTextFormat(Qt.TextFormat.RichText)
        self.comparison.setWordWrap(True)
        self.comparison.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.go_button = QPushButton(self.tr("Go to passage"), self)
        self.accept_button = QPushButton(self.tr("Accept new place"), self)
        self.accept_button.setToolTip(self.tr("The annotation is where it should be: mark it as checked"))
        self.move_button = QPushButton(self.tr("Move to selection"), self)
        self.move_button.setToolTip(self.tr("Put the annotation on the text selected in the report"))
        self.delete_button = QPushButton(self.tr("Delete"), self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.go_button, self.accept_button, self.move_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.comparison)
        layout.addWidget(self.count_label)
        layout.addLayout(buttons)

        self.go_button.clicked.connect(self.go_to_selected)
        self.accept_button.clicked.connect(self.accept_selected)
        self.move_button.clicked.connect(self.move_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _ix: self.go_to_selected())
        bridge.changed.connect(self._on_changes)
        self.refresh()

    # -- listing -------------------------------------------------------------------------
    def refresh(self) -> None:
        keep = self.selected()
        self.items = self.bridge.project.versions.needing_attention()
        self.table.setRowCount(len(self.items))
        states = {"review": self.tr("To check"), "orphaned": self.tr("Lost its place")}
        for row, it in enumerate(self.items):
            a = it.annotation
            cells = [f"#{a.report_id} {it.report_title}", states.get(a.status, a.status),
                     "" if a.status == "orphaned" else _short(a.quote), _short(it.previous_quote or a.quote),
                     pick(it.reason)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, a.id)
                if col in (QUOTE, BEFORE, WHY):
                    item.setToolTip({QUOTE: a.quote, BEFORE: it.previous_quote or a.quote, WHY: text}[col])
                self.table.setItem(row, col, item)
        self.count_label.setText(self.tr("{n} annotation(s) to review").format(n=len(self.items))
                                 if self.items else self.tr("Nothing to review."))
        ids = [it.annotation.id for it in self.items]
        if keep is not None and keep.annotation.id in ids:
            self.table.selectRow(ids.index(keep.annotation.id))
        elif self.items:
            self.table.selectRow(0)
        self._update_buttons()

    def _on_changes(self, changes: Changes) -> None:
        if changes.reports or changes.annotations:
            self.refresh()

    def selected(self) -> AttentionItem | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None

    def _update_buttons(self) -> None:
        it = self.selected()
        writable = not self.bridge.project.readonly
        self.go_button.setEnabled(it is not None)
        self.accept_button.setEnabled(it is not None and writable and it.annotation.status == "review")
        self.move_button.setEnabled(it is not None and writable and self.selection is not None)
        self.delete_button.setEnabled(it is not None and writable and self.undo_stack is not None)
        self._show_comparison(it)

    def _show_comparison(self, it: AttentionItem | None) -> None:
        if it is None:
            self.comparison.clear()
            return
        a = it.annotation
        before = it.previous_quote or a.quote
        if a.status == "orphaned":
            self.comparison.setText(self.tr("Before: {text}").format(text=html.escape(_short(before)))
                                    + "<br>" + self.tr("Now: not found in the new version"))
            return
        was, now = marked_comparison(before, a.quote)
        self.comparison.setText(self.tr("Before: {text}").format(text=was) + "<br>"
                                + self.tr("Now: {text}").format(text=now))

    # -- settling ------------------------------------------------------------------------
    def go_to_selected(self) -> None:
        it = self.selected()
        if it is not None:
            a = it.annotation
            self.jumpRequested.emit(a.report_id, a.start, a.end)

    def accept_selected(self) -> bool:
        it = self.selected()
        if it is None or it.annotation.status != "review":
            return False
        return self._resolve(it, accept=True)

    def move_selected(self) -> bool:
        """Put the chosen annotation on the reader's selection (which must be in its report)."""
        it = self.selected()
        chosen = self.selection() if self.selection is not None else None
        if it is None:
            return False
        if chosen is None or chosen[0] != it.annotation.report_id or chosen[1] >= chosen[2]:
            QMessageBox.information(self, self.tr("Move to selection"), self.tr(
                "Select the right passage in report #{id} first (Go to passage opens it).").format(
                id=it.annotation.report_id))
            return False
        return self._resolve(it, place=(chosen[1], chosen[2]))

    def _resolve(self, it: AttentionItem, **how: object) -> bool:
        try:
            self.bridge.project.versions.resolve(it.annotation.id, **how)  # type: ignore[arg-type]
        except (ValueError, KeyError, RuntimeError) as exc:
            QMessageBox.warning(self, self.windowTitle(), error_text(exc))
            return False
        return True

    def delete_selected(self) -> bool:
        it = self.selected()
        if it is None or self.undo_stack is None:
            return False
        cmd = DeleteAnnotationsCommand(self.bridge.project, [it.annotation.id],
                                       text=self.tr("Delete annotation to review"))
        try:
            push_checked(self.undo_stack, cmd)
        except Exception as exc:  # noqa: BLE001 - the store refused: say so, keep the dialog
            QMessageBox.warning(self, self.windowTitle(), error_text(exc))
            return False
        return True


def open_attention_dialog(parent: QWidget, bridge: ProjectBridge, undo_stack: QUndoStack | None,
                          jump: Callable[[int, int, int], None], selection: SelectionFn | None) -> AttentionDialog:
    """Show the (non-modal) dialog; "Go to passage" calls ``jump``."""
    dialog = AttentionDialog(bridge, undo_stack, parent, selection)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.jumpRequested.connect(jump)
    dialog.show()
    return dialog


__all__ = ["AttentionDialog", "open_attention_dialog"]
