"""The library dock: a filter box over a sortable table of the project's reports.

Reports leave the library three ways — double-click, the context menu and dragging onto the
reading area — and all of them end in :attr:`LibraryPanel.openRequested`, so the main window
has one place that decides which pane a report goes to.
"""

from __future__ import annotations

import heapq

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLineEdit,
    QMenu,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.gui.library_model import REPORT_ID_ROLE, LibraryFilterProxy, LibraryModel
from lawgov_desktop.gui.viewports import own_viewport
from lawgov_desktop.store.project import Project

#: Longest values measured (by pixel width) per column when sizing issuer and region.
MEASURED_VALUES = 8
#: Issuer and region never start wider than this: they scroll in from the right.
MAX_SHORT_COLUMN = 320
#: The title column never gets narrower than this when it makes room for year and count.
MIN_TITLE_WIDTH = 120


class LibraryPanel(QWidget):
    """Filterable, sortable report list; emits requests, never opens anything itself."""

    openRequested = Signal(int, bool)  # report id, in a new pane
    importRequested = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LibraryModel(project, self)
        self.proxy = LibraryFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("libraryFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(self.tr("Filter: title, issuer, region, year"))
        self.filter_edit.textChanged.connect(self.proxy.set_filter_text)

        self.table = QTableView(self)
        self.table.setObjectName("libraryTable")
        own_viewport(self.table)  # before anything asks for it (see gui.viewports)
        # hidden before the model is set: a visible row header measures its first 200 labels
        self.table.verticalHeader().hide()
        self.table.setModel(self.proxy)
        # no sort indicator yet: enabling sorting would otherwise sort 1,000 rows by title first
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # import order until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # the title is what tells reports apart: give it a readable width and let issuer and
        # region scroll in from the right in a narrow dock (a stretched title shrank to "天津…");
        # the model's columns are already in the order a narrow dock shows first (title, year,
        # count). Every column is sized once from a few measured strings (fit_columns), never
        # by asking the model for each row's text
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.resizeSection(LibraryModel.TITLE, 210)
        self.model.modelReset.connect(self.fit_columns)
        self.model.dataChanged.connect(self._counts_changed)
        # title, year and count fit the dock (the count column was cut at 1366 px: 「Annota」);
        # until the reader drags the title column, it takes what year and count leave
        self._title_dragged = False
        self._fitting = False
        header.sectionResized.connect(self._section_resized)
        self.table.viewport().installEventFilter(self)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table)
        self.fit_columns()

    def _cell_width(self, texts: list[str]) -> int:
        """Room for the widest of ``texts`` in a cell of the table (text plus the cell's margins)."""
        metrics = self.table.fontMetrics()
        widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        margin = 2 * (self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1)
        return widest + margin + 4

    def fit_columns(self) -> None:
        """Size year, count, issuer and region to their values, from a few measured strings.

        Year and count are as wide as their widest value (digits: the longest number is the
        widest) or their header; issuer and region as their longest few values (by length,
        then measured), up to :data:`MAX_SHORT_COLUMN`. The title takes what year and count
        leave (:meth:`fit_title`). Independent of the number of reports but for one pass of
        ``len`` over the rows: no ``data()`` call.
        """
        header = self.table.horizontalHeader()
        rows = self.model.rows()
        longest = {
            LibraryModel.YEAR: [str(max((r.year for r in rows if r.year is not None), default=""))],
            LibraryModel.ANNOTATIONS: [str(max((r.annotations for r in rows), default=0))],
            LibraryModel.ISSUER: heapq.nlargest(MEASURED_VALUES, {r.issuer for r in rows}, key=len),
            LibraryModel.REGION: heapq.nlargest(MEASURED_VALUES, {r.region for r in rows}, key=len),
        }
        self._fitting = True
        try:
            for col, texts in longest.items():
                width = max(self._cell_width(texts), header.sectionSizeHint(col))
                if col in (LibraryModel.ISSUER, LibraryModel.REGION):
                    width = min(width, max(MAX_SHORT_COLUMN, header.sectionSizeHint(col)))
                header.resizeSection(col, width)
        finally:
            self._fitting = False
        self.fit_title()

    def _counts_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        """A count grew (999 → 1000): widen its column to keep it whole, and the title follows."""
        header = self.table.horizontalHeader()
        col = LibraryModel.ANNOTATIONS
        texts = [str(self.model.report_at(row).annotations) for row in range(top_left.row(), bottom_right.row() + 1)
                 if self.model.report_at(row) is not None]
        width = self._cell_width(texts)
        if width > header.sectionSize(col):
            header.resizeSection(col, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_title()
        return super().eventFilter(watched, event)

    def fit_title(self) -> None:
        """Title width = what the visible width leaves beside year and annotation count."""
        if self._title_dragged:
            return
        header = self.table.horizontalHeader()
        room = self.table.viewport().width() - sum(
            header.sectionSize(c) for c in (LibraryModel.YEAR, LibraryModel.ANNOTATIONS))
        self._fitting = True
        try:
            header.resizeSection(LibraryModel.TITLE, max(MIN_TITLE_WIDTH, room))
        finally:
            self._fitting = False

    def _section_resized(self, index: int, _old: int, _new: int) -> None:
        if self._fitting:
            return
        if index == LibraryModel.TITLE and QApplication.mouseButtons() & Qt.MouseButton.LeftButton:
            self._title_dragged = True  # the reader's own width from now on
        elif index in (LibraryModel.YEAR, LibraryModel.ANNOTATIONS):
            self.fit_title()  # counts grew (999 → 1000): keep them in view

    def refresh(self) -> None:
        """Re-read the reports, keeping the selection on the same reports."""
        keep = self.selected_report_ids()
        self.model.refresh()
        sel = self.table.selectionModel()
        for rid in keep:
            row = self.model.row_of(rid)
            if row is not None:
                ix = self.proxy.mapFromSource(self.model.index(row, 0))
                sel.select(ix, sel.SelectionFlag.Select | sel.SelectionFlag.Rows)

    def refresh_counts(self, report_ids: set[int]) -> None:
        """Re-read just these reports' rows (their annotation counts changed)."""
        self.model.update_reports(report_ids)

    def selected_report_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return [int(ix.data(REPORT_ID_ROLE)) for ix in rows]

    def report_id_at_row(self, proxy_row: int) -> int | None:
        ix = self.proxy.index(proxy_row, 0)
        return int(ix.data(REPORT_ID_ROLE)) if ix.isValid() else None

    def _on_double_click(self, index: QModelIndex) -> None:
        rid = index.data(REPORT_ID_ROLE)
        if rid is not None:
            self.openRequested.emit(int(rid), True)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        menu = QMenu(self)
        ids = self.selected_report_ids()
        if index.isValid():
            rid = int(index.data(REPORT_ID_ROLE))
            if rid not in ids:
                ids = [rid]
            menu.addAction(self.tr("Open in new pane"), lambda: [self.openRequested.emit(i, True) for i in ids])
            menu.addAction(self.tr("Open in current pane"), lambda: self.openRequested.emit(ids[0], False))
            menu.addSeparator()
        menu.addAction(self.tr("Import…"), self.importRequested.emit)
        menu.exec(self.table.viewport().mapToGlobal(pos))
