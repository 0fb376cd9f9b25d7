"""The preview of the search panel's "tag all results": which category, how many per report,
a few sample lines; accepting it tags them all as one undo step (see
:meth:`~lawgov_desktop.gui.search_panel.SearchPanel.tag_all`).

A module of its own so that the search panel, part of the window from its first paint, does
not set up the dialog classes (and their enum types) that only this preview uses.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.core.textsearch import SearchHit
from lawgov_desktop.gui.search_panel import hit_line

#: Sample lines shown in the preview.
SAMPLES = 6


class TagAllDialog(QDialog):
    """Preview of "tag all results": which category, how many per report, a few samples."""

    def __init__(self, hits: list[SearchHit], titles: dict[int, str], categories: list[tuple[int, str]],
                 already: dict[int, set[tuple[int, int, int]]], parent: QWidget | None = None,
                 category_id: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tag all results"))
        self.hits, self.already = hits, already
        self.category = QComboBox(self)
        for cid, name in categories:
            self.category.addItem(name, cid)
        if category_id is not None and self.category.findData(category_id) >= 0:
            self.category.setCurrentIndex(self.category.findData(category_id))
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Report"), self.tr("Results"), self.tr("To tag")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.samples = QListWidget(self)
        for hit in hits[:SAMPLES]:
            self.samples.addItem(f"#{hit.report_id}  {hit_line(hit)}")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Tag"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Category:"), self.category)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table)
        layout.addWidget(QLabel(self.tr("Examples:"), self))
        layout.addWidget(self.samples)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._titles = titles
        self.category.currentIndexChanged.connect(self._refresh)
        self._refresh()
        self.resize(640, 480)

    def category_id(self) -> int | None:
        data = self.category.currentData()
        return int(data) if data is not None else None

    def spans_by_report(self) -> OrderedDict[int, list[tuple[int, int]]]:
        """Spans that would be tagged: every hit not already tagged with the chosen category."""
        cid = self.category_id()
        done = self.already.get(cid, set()) if cid is not None else set()
        out: OrderedDict[int, list[tuple[int, int]]] = OrderedDict()
        for h in self.hits:
            if (h.report_id, h.start, h.end) not in done:
                out.setdefault(h.report_id, []).append((h.start, h.end))
        return out

    def _refresh(self) -> None:
        counts: OrderedDict[int, int] = OrderedDict()
        for h in self.hits:
            counts[h.report_id] = counts.get(h.report_id, 0) + 1
        todo = self.spans_by_report()
        self.table.setRowCount(len(counts))
        for row, (rid, n) in enumerate(counts.items()):
            for col, value in enumerate((f"#{rid} {self._titles.get(rid, '')}", str(n), str(len(todo.get(rid, []))))):
                self.table.setItem(row, col, QTableWidgetItem(value))
        total = sum(len(v) for v in todo.values())
        skipped = len(self.hits) - total
        text = self.tr("{n} passages in {r} reports will be tagged “{name}” as one undoable step.").format(
            n=total, r=len(todo), name=self.category.currentText())
        if skipped:
            text += " " + self.tr("{k} already carry this tag and are skipped.").format(k=skipped)
        self.summary.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(total > 0)
