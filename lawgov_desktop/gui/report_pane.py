"""One report in the reading area: title bar, breadcrumb, section tree and text.

The tree and the text follow each other: choosing a heading scrolls it to the top of the
view, and scrolling selects the section of the topmost visible line and shows its path in
the breadcrumb.  A guard flag keeps the two directions from feeding back into each other.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.core.document import Section, section_path
from lawgov_desktop.core.gcpause import paused_gc
from lawgov_desktop.gui.document_view import DocumentView
from lawgov_desktop.gui.highlighter import Span
from lawgov_desktop.gui.outline_model import OutlineModel, OutlineView
from lawgov_desktop.store.annotations import AnnotationKey, SectionLocator
from lawgov_desktop.store.project import Project

#: Up to this many changed annotations are updated one by one; more re-read the report's all.
MAX_INCREMENTAL = 500
#: The outline's default share of a pane, and its bounds in pixels: the text gets the room
#: (two panes in a 1400-px window used to leave 12 characters per line beside a wide tree).
OUTLINE_SHARE = 0.28
OUTLINE_MIN, OUTLINE_MAX = 120, 260
#: Settings key of the outline width the reader last dragged to (used by every new pane).
OUTLINE_WIDTH_KEY = "reading/outline_width"


def remembered_outline_width() -> int | None:
    """The outline width the reader chose by dragging, if any (kept across restarts)."""
    from lawgov_desktop.gui.settings import open_settings

    try:
        width = int(open_settings().value(OUTLINE_WIDTH_KEY, 0) or 0)
    except (TypeError, ValueError):
        return None
    return width if width > 0 else None


def default_outline_width(pane_width: int, remembered: int | None = None) -> int:
    """Outline width for a pane: the remembered one (never more than half the pane), else
    :data:`OUTLINE_SHARE` of it within :data:`OUTLINE_MIN` … :data:`OUTLINE_MAX`."""
    if remembered:
        return max(40, min(remembered, pane_width // 2))
    outline = min(OUTLINE_MAX, round(pane_width * OUTLINE_SHARE))
    return outline if outline >= OUTLINE_MIN else min(OUTLINE_MIN, pane_width // 3)  # narrow panes: text first


class ElidedLabel(QLabel):
    """A one-line label that shortens its text in the middle ("一、… > …一是…") to fit.

    ``text()`` still returns the whole text; the tooltip shows it too.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        self._full = text
        self.setToolTip(text)
        self._fit()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = max(0, self.contentsRect().width() - 12)  # the style sheet's padding
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, room))


class ReportPane(QFrame):
    """A report's reader; knows its project only to read text, outline and annotations."""

    closeRequested = Signal(object)  # self
    sectionChosen = Signal(object, int)  # self, section index — chosen by the user in the tree
    focused = Signal(object)  # self

    def __init__(self, project: Project, report_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.report_id = report_id
        self.sections: list[Section] = []
        self._locator = SectionLocator([])
        self._syncing = False
        self._current_section: int | None = None
        self.setObjectName("reportPane")
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.title_label = QLabel(self)
        self.title_label.setObjectName("paneTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("paneClose")
        self.close_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Close this pane"))
        self.close_button.clicked.connect(lambda: self.closeRequested.emit(self))
        self.breadcrumb = ElidedLabel(self)
        self.breadcrumb.setObjectName("breadcrumb")
        self.breadcrumb.setTextFormat(Qt.TextFormat.PlainText)
        self.breadcrumb.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.breadcrumb.setStyleSheet("color: #5f6b7a; padding: 0 6px;")

        self.outline = OutlineModel(self)
        self.tree = OutlineView(self)
        self.tree.setObjectName("sectionTree")
        self.tree.setModel(self.outline)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setIndentation(14)
        self.tree.clicked.connect(self._on_tree_clicked)
        self.tree.activated.connect(self._on_tree_clicked)

        self.view = DocumentView(self)
        self.view.setObjectName("documentView")
        self.view.scrolled.connect(self._schedule_sync)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.view)
        self.splitter.setObjectName("outlineSplitter")
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([OUTLINE_MIN, 620])  # sized to the pane once it has its real width
        self.splitter.setChildrenCollapsible(True)
        self._outline_dragged_here = False  # until the reader drags it, the outline follows the pane
        self.splitter.installEventFilter(self)
        self.splitter.splitterMoved.connect(self._outline_dragged)

        head = QHBoxLayout()
        head.setContentsMargins(6, 2, 2, 2)
        head.addWidget(self.title_label, 1)
        head.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.breadcrumb)
        layout.addWidget(self.splitter, 1)

        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(30)
        self._sync_timer.timeout.connect(self.sync_to_scroll)
        self.set_current(False)
        self.load()

    # -- layout ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # the splitter's own resize, not the pane's: when the pane is resized its layout has not
        # yet passed the new width on, and sizing the outline from the old one left it a sliver
        # (panes opened at start-up, before the window had its final size)
        if (watched is self.splitter and event.type() == QEvent.Type.Resize
                and not self._outline_dragged_here and event.size().width() > 0):
            self.fit_outline(event.size().width())
        return super().eventFilter(watched, event)

    def fit_outline(self, total: int | None = None) -> None:
        """Give the outline its default (or remembered) width and the text the rest."""
        total = total or sum(self.splitter.sizes()) or self.splitter.width()
        outline = default_outline_width(total, remembered_outline_width())
        if self.splitter.sizes()[0] > 0:  # a tree the reader collapsed stays collapsed
            self.splitter.setSizes([outline, max(1, total - outline)])

    def _outline_dragged(self, _pos: int, _index: int) -> None:
        """The reader resized the outline: remember it for new panes and the next start."""
        from lawgov_desktop.gui.settings import open_settings

        self._outline_dragged_here = True
        width = self.splitter.sizes()[0]
        if width > 0:  # collapsing the tree is a one-off, not a width to keep
            open_settings().setValue(OUTLINE_WIDTH_KEY, int(width))

    # -- content -----------------------------------------------------------------------
    def load(self) -> None:
        """(Re)read text, outline and annotations of the report.

        The collector waits (see core/gcpause.py): a long report's sections, annotation keys
        and highlights are tens of thousands of new objects without a cycle among them, and
        its passes over them took 5-14 ms of each open, more than the text's layout."""
        with paused_gc():
            info = self.project.reports.get(self.report_id)
            self.title = info.title or info.file_name
            self.title_label.setText(self.title)
            self.title_label.setToolTip(f"{self.title}\n{info.issuer} {info.year or ''}")
            self.view.set_text(self.project.reports.text(self.report_id))
            self.sections = self.project.reports.sections(self.report_id)
            self._locator = SectionLocator(self.sections)
            self.outline.set_sections(self.sections)
            self.tree.expandAll()
            self.refresh_annotations()
            self.sync_to_scroll()

    def refresh_annotations(self, changed: set[int] | None = None) -> None:
        """Re-read this report's annotations and category colours into the highlighter.

        With ``changed`` (ids of annotations added, edited or deleted) only those are re-read
        and replaced: a tag in a report with thousands of annotations stays instant.
        """
        if changed and len(changed) <= MAX_INCREMENTAL:
            rows = self.project.annotations.spans(self.report_id, sorted(changed))
            self.view.update_highlights(set(changed), self._by_annotator(rows, set(changed)))
            return
        rows = self.project.annotations.spans(self.report_id)
        colors = {c.id: QColor(c.color) for c in self.project.categories.list()}
        self.view.set_highlights(self._by_annotator(rows), colors)

    def _by_annotator(self, rows: list[AnnotationKey], changed: set[int] | None = None) -> list[Span]:
        """The spans of the annotations' keys ``rows`` as the window's choice of annotators (all, mine,
        one) shows them: the others' left out, and each annotator's bands in a style of their
        own when several are shown."""
        from lawgov_desktop.gui.annotator_filter import spans_for_annotators

        return spans_for_annotators(self, rows, changed)

    def set_current(self, current: bool) -> None:
        """Mark this pane as the one that tagging, zoom keys and the editor act on."""
        self.setProperty("current", current)
        font = self.title_label.font()
        font.setBold(current)
        self.title_label.setFont(font)
        self.title_label.setStyleSheet("color: palette(highlight);" if current else "")

    # -- navigation ----------------------------------------------------------------------
    def go_to_section(self, index: int) -> None:
        """Scroll the heading of section ``index`` to the top and select it in the tree."""
        if not (0 <= index < len(self.sections)):
            return
        self.view.scroll_to_offset(self.sections[index].start)
        self._show_section(index)

    def section_at(self, offset: int) -> int | None:
        return self._locator.index(offset)

    def current_section(self) -> int | None:
        return self._current_section

    def top_offset(self) -> int:
        return self.view.top_offset()

    def scroll_to(self, offset: int) -> None:
        self.view.scroll_to_offset(offset)
        self.sync_to_scroll()

    def reveal_span(self, start: int, end: int, flash: bool = True) -> None:
        """Select a span, bring it to the middle of the view, and flash it."""
        self.view.select_span(start, end)
        self.view.centerCursor()
        if flash:
            self.view.flash_span(start, end)
        self.sync_to_scroll()

    def _schedule_sync(self) -> None:
        if not self._syncing:
            self._sync_timer.start()

    def sync_to_scroll(self) -> None:
        """Select the section of the topmost visible line and update the breadcrumb."""
        self._sync_timer.stop()
        self._show_section(self.section_at(self.view.top_offset()))

    def _show_section(self, index: int | None) -> None:
        self._current_section = index
        self._syncing = True
        try:
            sel = self.tree.selectionModel()
            if index is None:
                sel.clearSelection()
                self.breadcrumb.setText(self.tr("Beginning of the report"))
            else:
                ix = self.outline.index_for_section(index)
                sel.setCurrentIndex(ix, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                self.tree.scrollTo(ix, QAbstractItemView.ScrollHint.EnsureVisible)
                self.breadcrumb.setText(section_path(self.sections, index))
        finally:
            self._syncing = False

    def _on_tree_clicked(self, index: QModelIndex) -> None:
        sec = self.outline.section_of(index)
        if sec is None:
            return
        self._syncing = True
        try:
            self.go_to_section(sec)
        finally:
            self._syncing = False
        self._sync_timer.stop()
        self.sectionChosen.emit(self, sec)
