"""Search panel: find words and phrases across reports, jump to hits, tag all of them at once.

Results are grouped by report, then by section, each hit shown with its context as plain
text.  The panel announces every result set through :attr:`SearchPanel.hitsChanged` so the
main window can highlight the hits in the open panes.  "Tag all results as…" shows what it
is about to do (count per report, sample lines, category) and then pushes one undo step,
however many reports the hits span.

A search runs as a :class:`~lawgov_desktop.gui.workers.BackgroundTask` with its own read-only
connection to the project file, so typing stays smooth on a large project: :meth:`SearchPanel.search`
starts it and returns at once, the status says "Searching…", and the results are filled in (and
:attr:`SearchPanel.hitsChanged` emitted) on the GUI thread when they arrive.  A newer query
supersedes an older one still running: the older one's results are never shown.  Until then
the tree keeps the previous results, which are also what "tag all" acts on.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.core.textsearch import SearchHit
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.undo import TagAcrossReportsCommand
from lawgov_desktop.gui.workers import PROJECT_ERRORS, BackgroundTask, TaskContext, open_project
from lawgov_desktop.store.annotations import AnnotationFilter
from lawgov_desktop.store.records import Changes

if TYPE_CHECKING:
    from lawgov_desktop.gui.tag_all_dialog import TagAllDialog

#: Item data: (report_id, start, end) of the hit (or of the first hit under a group).
SPAN_ROLE = Qt.ItemDataRole.UserRole + 1
#: Hits shown in the tree; beyond this the tree would only slow down (all hits stay usable).
MAX_SHOWN = 3000


def hit_line(hit: SearchHit) -> str:
    """One plain-text line for a hit: context, the match in 【】, context."""
    return f"…{hit.context_before}【{hit.match}】{hit.context_after}…".replace("\n", " ")


class SearchPanel(QWidget):
    """Query box and grouped results over the whole project (or a chosen set of reports)."""

    jumpRequested = Signal(int, int, int)  # report_id, start, end (code points)
    hitsChanged = Signal(object)  # dict report_id -> list[(start, end)]; object: int keys would not survive a QVariantMap
    failed = Signal(str)  # a search could not run (the project file): the message, also shown in the status

    def __init__(self, bridge: ProjectBridge, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.undo_stack = bridge, undo_stack
        self.project = bridge.project
        self._hits: list[SearchHit] = []
        self._scope: list[int] | None = None
        self._last_query = ""
        self._task: BackgroundTask | None = None  # the newest search while it runs: only its results are shown

        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("Search all reports — spaces mean AND, \"quotes\" keep a phrase"))
        self.query.setClearButtonEnabled(True)
        self.search_button = QPushButton(self.tr("Search"), self)
        self.tag_button = QPushButton(self.tr("Tag all results as…"), self)
        self.tag_button.setEnabled(False)
        self.status = QLabel(self)
        self.model = QStandardItemModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)

        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.tag_button)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(400)
        self._typing.timeout.connect(self._search_as_typed)
        self.query.returnPressed.connect(self.search)
        self.query.textEdited.connect(lambda _t: self._typing.start())
        self.search_button.clicked.connect(self.search)
        self.tree.activated.connect(self._on_activated)
        self.tree.clicked.connect(self._on_activated)
        self.tag_button.clicked.connect(self.tag_all)
        bridge.changed.connect(self._on_changes)

    # -- searching -----------------------------------------------------------------------
    def set_report_scope(self, report_ids: list[int] | None) -> None:
        """Search only these reports (None: all); re-runs the current query."""
        self._scope = list(report_ids) if report_ids is not None else None
        if self._last_query:
            self.search(self._last_query)

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def _search_as_typed(self) -> None:
        # one character matches almost everywhere: wait for Enter rather than redraw on every key
        if len(self.query.text().strip()) >= 2:
            self.search()

    def searching(self) -> bool:
        """A search is running; its results are not shown yet."""
        return self._task is not None

    def search(self, query: str | None = None) -> None:
        """Run ``query`` (default: the query box) in the background; the results are shown and
        :attr:`hitsChanged` emitted when they arrive (at once for an empty query)."""
        if isinstance(query, str):
            if query != self.query.text():
                self.query.setText(query)
        else:
            query = self.query.text()
        self._typing.stop()
        self._last_query = query.strip()
        if self._task is not None:  # superseded: its results would be dropped anyway
            self._task.cancel()
            if self._task.discard():
                self._task.deleteLater()
            self._task = None
        if not self._last_query:
            self._show([], {})
            return
        text, scope, path = self._last_query, self._scope, self.project.path

        def work(_context: TaskContext) -> tuple[list[SearchHit], dict[int, str]]:
            with open_project(path, readonly=True) as project:
                hits = project.search.hits(text, report_ids=scope)
                return hits, {r.id: r.title for r in project.reports.list()} if hits else {}

        # a child of the panel: closing the window drops a result still on its way
        task = BackgroundTask(work, expected=PROJECT_ERRORS, parent=self)
        task.finished.connect(lambda result: self._on_found(task, result))
        task.failed.connect(lambda message: self._on_failed(task, message))
        task.ended.connect(lambda: self._on_ended(task))
        self._task = task
        self.tag_button.setEnabled(False)
        self.status.setText(self.tr("Searching…"))
        task.start()

    def _on_found(self, task: BackgroundTask, result: tuple[list[SearchHit], dict[int, str]]) -> None:
        if task is self._task:  # else superseded (ended is emitted after finished)
            self._show(*result)

    def _on_failed(self, task: BackgroundTask, message: str) -> None:
        if task is not self._task:
            return
        self._show([], {})
        self.status.setText(self.tr("Search failed: {message}").format(message=message))
        self.failed.emit(message)

    def _on_ended(self, task: BackgroundTask) -> None:
        if self._task is task:
            self._task = None
        task.deleteLater()

    def _show(self, hits: list[SearchHit], titles: dict[int, str]) -> None:
        """Fill the tree with ``hits`` and tell the panes."""
        self._hits = hits
        self._fill(titles)
        by_report: dict[int, list[tuple[int, int]]] = {}
        for h in self._hits:
            by_report.setdefault(h.report_id, []).append((h.start, h.end))
        self.hitsChanged.emit(by_report)

    def clear(self) -> None:
        self.query.clear()
        self.search("")

    def _fill(self, titles: dict[int, str]) -> None:
        self.model.clear()
        groups: OrderedDict[int, OrderedDict[str, list[SearchHit]]] = OrderedDict()
        for h in self._hits[:MAX_SHOWN]:
            groups.setdefault(h.report_id, OrderedDict()).setdefault(h.section_path, []).append(h)
        counts: dict[int, int] = {}
        for h in self._hits:
            counts[h.report_id] = counts.get(h.report_id, 0) + 1
        root = self.model.invisibleRootItem()
        for rid, sections in groups.items():
            first = next(iter(sections.values()))[0]
            report_item = self._item(f"#{rid} {titles.get(rid, '')}  ({counts[rid]})", first)
            for path, hits in sections.items():
                label = path.rsplit(" > ", 1)[-1] if path else self.tr("(before the first heading)")
                sec_item = self._item(f"{label}  ({len(hits)})", hits[0])
                sec_item.setToolTip(path)
                for h in hits:
                    sec_item.appendRow(self._item(hit_line(h), h))
                report_item.appendRow(sec_item)
            root.appendRow(report_item)
        if len(groups) <= 3:
            self.tree.expandAll()
        else:
            for row in range(self.model.rowCount()):
                self.tree.expand(self.model.index(row, 0))
        n = len(self._hits)
        if not self._last_query:
            self.status.setText("")
        elif not n:
            self.status.setText(self.tr("No results."))
        else:
            text = self.tr("{n} results in {r} reports").format(n=n, r=len(counts))
            if n > MAX_SHOWN:
                text += " " + self.tr("(the first {m} are listed)").format(m=MAX_SHOWN)
            self.status.setText(text)
        self.tag_button.setEnabled(n > 0)

    @staticmethod
    def _item(text: str, hit: SearchHit) -> QStandardItem:
        item = QStandardItem(text)
        item.setData((hit.report_id, hit.start, hit.end), SPAN_ROLE)
        item.setEditable(False)
        return item

    def _on_activated(self, index: QModelIndex) -> None:
        span = index.data(SPAN_ROLE)
        if span:
            self.jumpRequested.emit(*span)

    def _on_changes(self, changes: Changes) -> None:
        if changes.reports and self._last_query:
            QTimer.singleShot(0, lambda: self.search(self._last_query))

    # -- tag all -------------------------------------------------------------------------
    def _already_tagged(self) -> dict[int, set[tuple[int, int, int]]]:
        """category id → (report, start, end) of exact-span annotations among the hit reports."""
        rids = sorted({h.report_id for h in self._hits})
        out: dict[int, set[tuple[int, int, int]]] = {}
        if not rids:
            return out
        for a in self.project.annotations.list(AnnotationFilter(report_ids=rids)):
            for cid in a.category_ids:
                out.setdefault(cid, set()).add((a.report_id, a.start, a.end))
        return out

    def preview_dialog(self, category_id: int | None = None) -> TagAllDialog:
        """The confirmation dialog of "tag all" (not shown; tests and callers exec it)."""
        from lawgov_desktop.gui.tag_all_dialog import TagAllDialog  # a dialog: loaded when first asked for

        titles = {r.id: r.title for r in self.project.reports.list()}
        cats = [(c.id, c.name) for c in self.project.categories.list()]
        return TagAllDialog(self._hits, titles, cats, self._already_tagged(), self, category_id)

    def tag_all(self) -> int:
        """Ask for a category with a preview, then tag every result; returns spans tagged."""
        if not self._hits:
            return 0
        dialog = self.preview_dialog()
        if dialog.exec() != dialog.DialogCode.Accepted:
            return 0
        cid = dialog.category_id()
        return self.apply_tag_all(cid, dialog.spans_by_report()) if cid is not None else 0

    def apply_tag_all(self, category_id: int, spans: dict[int, list[tuple[int, int]]] | None = None) -> int:
        """Tag ``spans`` (default: every current hit not yet carrying the category) as ONE undo step."""
        if spans is None:
            done = self._already_tagged().get(category_id, set())
            spans = OrderedDict()
            for h in self._hits:
                if (h.report_id, h.start, h.end) not in done:
                    spans.setdefault(h.report_id, []).append((h.start, h.end))
        total = sum(len(v) for v in spans.values())
        if not total:
            return 0
        name = self.project.categories.get(category_id).name
        # one operation across the reports: one transaction, one undo step
        self.undo_stack.push(TagAcrossReportsCommand(
            self.project, {rid: list(v) for rid, v in spans.items() if v}, [category_id],
            self.tr("Tag {n} search results as “{name}”").format(n=total, name=name)))
        return total


__all__ = ["MAX_SHOWN", "SPAN_ROLE", "SearchPanel", "hit_line"]
