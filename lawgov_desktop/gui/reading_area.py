"""The reading area: one to four report panes side by side, optionally linked.

It owns the panes' order and which one is *current* (the last one the user touched: where
tagging and zoom act), accepts reports dragged from the library and files dragged from the
desktop, and — when linked — moves the other panes to the corresponding section whenever
the user picks a section in one of them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QVBoxLayout, QWidget

from lawgov_desktop.core.similarity import corresponding_section
from lawgov_desktop.gui.library_model import REPORT_IDS_MIME, decode_report_ids
from lawgov_desktop.store.project import Project

if TYPE_CHECKING:
    from lawgov_desktop.gui.report_pane import ReportPane

MAX_PANES = 4
#: The pane's module (text view, highlighter, outline tree, word snapping) is imported with the
#: first report opened: a window that starts with none paints without it.
_PANE_MODULE = "lawgov_desktop.gui.report_pane"
# Below this content similarity a linked pane falls back to the numbering path and title.
MIN_ALIGNMENT_SCORE = 0.05


def _new_pane(project: Project, report_id: int) -> ReportPane:
    from lawgov_desktop.gui.report_pane import ReportPane

    return ReportPane(project, report_id)


def _is_pane(widget: object) -> bool:
    """Whether ``widget`` is a report pane (none can be while their module was never imported)."""
    module = sys.modules.get(_PANE_MODULE)
    return module is not None and isinstance(widget, module.ReportPane)


def local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    """Local files and folders carried by a drag from the desktop or a file manager."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


def dropped_text(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> tuple[str, str] | None:
    """(plain text, HTML) dragged from another program, to become a report; None when the drag
    carries files or links, no text, or comes from this app (a selection dragged a little way
    is no new report)."""
    if event.source() is not None:
        return None
    mime = event.mimeData()
    if mime.hasUrls() or not (mime.hasText() or mime.hasHtml()):
        return None
    text = mime.text() if mime.hasText() else ""
    html = mime.html() if mime.hasHtml() else ""
    return (text, html) if text.strip() or html.strip() else None


class ReadingArea(QWidget):
    """Holds the panes; emits what changed so the window can refresh docks and settings."""

    panesChanged = Signal()  # a pane was opened, closed or replaced
    currentChanged = Signal(object)  # the current ReportPane (or None)
    filesDropped = Signal(list)  # list[Path] dropped onto the reading area
    textDropped = Signal(str, str)  # text and HTML dragged from another program, for a new report
    paneCreated = Signal(object)  # a new ReportPane, for the window to connect
    message = Signal(str)  # something to say in the status bar

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.linked = False
        self._current: ReportPane | None = None
        self.setAcceptDrops(True)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("paneSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.placeholder = QLabel(self.tr(
            "Double-click a report in the library, or drag it here, to read it.\n"
            "Open up to four reports side by side to compare them."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setObjectName("readingPlaceholder")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.splitter)
        self.splitter.hide()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    # -- panes ---------------------------------------------------------------------------
    def panes(self) -> list[ReportPane]:
        return [w for i in range(self.splitter.count()) if _is_pane(w := self.splitter.widget(i))]

    def current_pane(self) -> ReportPane | None:
        panes = self.panes()
        if self._current in panes:
            return self._current
        return panes[-1] if panes else None

    def pane_for(self, report_id: int) -> ReportPane | None:
        cur = self.current_pane()
        if cur is not None and cur.report_id == report_id:
            return cur
        return next((p for p in self.panes() if p.report_id == report_id), None)

    def open_report(self, report_id: int, new_pane: bool = True) -> ReportPane | None:
        """Open a report: in a new pane (the last one is replaced when four are open) or the current one."""
        try:
            self.project.reports.get(report_id)
        except KeyError:
            self.message.emit(self.tr("Report {id} does not exist.").format(id=report_id))
            return None
        panes = self.panes()
        current = self.current_pane()
        if not new_pane and current is not None and current.report_id == report_id:
            return current
        if panes and (not new_pane or len(panes) >= MAX_PANES):
            target = current if not new_pane and current is not None else panes[-1]
            if new_pane:
                self.message.emit(self.tr("At most {n} panes side by side: the last one was replaced.")
                                  .format(n=MAX_PANES))
            return self._replace(target, report_id)
        pane = _new_pane(self.project, report_id)
        self._adopt(pane)
        self.splitter.addWidget(pane)
        self._equalize()
        self._update_placeholder()
        self.set_current(pane)
        self.panesChanged.emit()
        return pane

    def _replace(self, old: ReportPane, report_id: int) -> ReportPane:
        index = self.splitter.indexOf(old)
        pane = _new_pane(self.project, report_id)
        self._adopt(pane)
        self.splitter.replaceWidget(index, pane)
        old.deleteLater()
        self.set_current(pane)
        self.panesChanged.emit()
        return pane

    def _adopt(self, pane: ReportPane) -> None:
        pane.closeRequested.connect(self.close_pane)
        pane.sectionChosen.connect(self._on_section_chosen)
        self.paneCreated.emit(pane)

    def close_pane(self, pane: ReportPane) -> None:
        if pane not in self.panes():
            return
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        if self._current is pane:
            self._current = None
            self.set_current(self.current_pane())
        self._equalize()
        self._update_placeholder()
        self.panesChanged.emit()

    def close_all(self) -> None:
        for pane in self.panes():
            self.close_pane(pane)

    def set_current(self, pane: ReportPane | None) -> None:
        if pane is self._current and pane is not None:
            return
        self._current = pane
        for p in self.panes():
            p.set_current(p is pane)
        self.currentChanged.emit(pane)

    def report_ids(self) -> list[int]:
        return [p.report_id for p in self.panes()]

    def _equalize(self) -> None:
        n = self.splitter.count()
        if n:
            width = max(1, self.splitter.width())
            self.splitter.setSizes([width // n] * n)

    def _update_placeholder(self) -> None:
        has = self.splitter.count() > 0
        self.splitter.setVisible(has)
        self.placeholder.setVisible(not has)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        w = new
        while w is not None:
            if _is_pane(w):
                if w in self.panes():
                    self.set_current(w)
                return
            w = w.parentWidget()

    # -- linked panes ----------------------------------------------------------------------
    def set_linked(self, linked: bool) -> None:
        self.linked = linked

    def _on_section_chosen(self, source: ReportPane, index: int) -> None:
        self.set_current(source)
        if not self.linked:
            return
        for pane in self.panes():
            if pane is source:
                continue
            match = self.matching_section(source, index, pane)
            if match is not None:
                pane.go_to_section(match)

    def matching_section(self, source: ReportPane, index: int, pane: ReportPane) -> int | None:
        """The section of ``pane`` that talks about what section ``index`` of ``source`` does.

        Once the word dictionary is loaded, by content (:meth:`~lawgov_desktop.store.alignment.Alignment.matches`, cached per
        pair of texts): districts number and word the same topic differently.  Until then, or
        when nothing is similar enough, by numbering path and title.
        """
        from lawgov_desktop.core.segment import get_segmenter

        if source.report_id != pane.report_id and get_segmenter().is_ready:
            try:
                aligned = self.project.alignment.matches(source.report_id, pane.report_id)
            except (KeyError, RuntimeError):  # a report deleted meanwhile, a broken dictionary
                aligned = []
            best = aligned[index].best if 0 <= index < len(aligned) else None
            if best is not None and best.score >= MIN_ALIGNMENT_SCORE and best.index < len(pane.sections):
                return best.index
        return corresponding_section(source.sections, index, pane.sections)

    # -- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if event.mimeData().hasFormat(REPORT_IDS_MIME) or local_paths(event) or dropped_text(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt override)
        self.dragEnterEvent(event)  # type: ignore[arg-type]

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        ids = decode_report_ids(event.mimeData())
        if ids:
            for rid in ids:
                self.open_report(rid, new_pane=True)
            event.acceptProposedAction()
            return
        paths = local_paths(event)
        if paths:
            self.filesDropped.emit(paths)
            event.acceptProposedAction()
            return
        text = dropped_text(event)
        if text:
            event.acceptProposedAction()
            self.textDropped.emit(*text)
            return
        event.ignore()
