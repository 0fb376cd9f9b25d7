"""The read-only text of one report, with annotation highlights painted over it.

A ``QPlainTextEdit`` lays out only what is on screen, so a 1 MB report opens at once.  The
text is set with ``setPlainText`` only — a report containing ``<script>`` shows it
literally — and is never modified: highlights are painted from :mod:`.highlighter`.

All offsets in this class's API are code points (the store's unit); Qt's UTF-16 cursor
positions are converted here, through one :class:`~lawgov_desktop.core.offsets.OffsetMap`
per text, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QPoint, QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QMenu, QPlainTextDocumentLayout, QPlainTextEdit, QWidget

from lawgov_desktop.core.offsets import OffsetMap
from lawgov_desktop.core.segment import get_segmenter
from lawgov_desktop.core.selection import expand_to_paragraph, expand_to_sentence
from lawgov_desktop.gui.highlighter import (
    HighlightIndex,
    HighlightSegment,
    Span,
    compute_segments,
    paint_segments,
)
from lawgov_desktop.gui.marks import SpanMarks
from lawgov_desktop.gui.viewports import own_viewport
from lawgov_desktop.gui.word_selection import LineTokens, segmenter_ready, words_ready_notifier

#: Distance from one line's top to the next, as a multiple of the text height.
LINE_SPACING = 1.5
#: Extra space after a paragraph, as a multiple of its last line's height.
PARAGRAPH_SPACING = 0.4
#: Height of an empty line (the blank line many reports put between paragraphs), in text heights.
EMPTY_LINE = 0.5
FLASH_COLOR = QColor("#ffd400")


class SpacedTextLayout(QPlainTextDocumentLayout):
    """Plain-text layout with line and paragraph spacing.

    ``QPlainTextDocumentLayout`` ignores ``QTextBlockFormat.lineHeight`` and block margins,
    so lines would sit tight — hard on the eyes for long Chinese paragraphs, and no room for
    the category bands drawn below each line.  After Qt lays a block out, this moves its
    lines apart and reports the taller block; everything else (hit-testing, cursor
    rectangles, scrolling) reads the moved line positions, so stays consistent.
    """

    def __init__(self, document: QTextDocument, line_spacing: float = LINE_SPACING,
                 paragraph_spacing: float = PARAGRAPH_SPACING) -> None:
        super().__init__(document)
        self.line_spacing = line_spacing
        self.paragraph_spacing = paragraph_spacing

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:  # noqa: N802 (Qt override)
        rect = super().blockBoundingRect(block)  # lays the block out if needed
        layout = block.layout()
        n = layout.lineCount() if layout is not None else 0
        if n == 0 or not block.isVisible():
            return rect
        first = layout.lineAt(0)
        if n > 1 and layout.lineAt(1).y() < first.height() * self.line_spacing - 0.5:
            y = 0.0
            for i in range(n):
                line = layout.lineAt(i)
                line.setPosition(QPointF(line.x(), y))
                y += round(line.height() * self.line_spacing)
            rect = super().blockBoundingRect(block)
        last = layout.lineAt(n - 1)
        if block.length() <= 1 and block.next().isValid():
            # a blank line between paragraphs: it already separates them, keep it short
            return QRectF(rect.x(), rect.y(), rect.width(), round(last.height() * EMPTY_LINE))
        following = block.next()
        gap = self.line_spacing - 1
        if not following.isValid() or following.length() > 1:
            gap += self.paragraph_spacing  # no blank line follows: add the paragraph space ourselves
        return QRectF(rect.x(), rect.y(), rect.width(), rect.height() + round(last.height() * gap))


class DocumentView(QPlainTextEdit):
    """Read-only view of one report's text with highlights, zoom, click and context menu."""

    annotationsClicked = Signal(list, QPoint)  # annotation ids under a plain click, global position
    contextMenuAboutToShow = Signal(QMenu, list)  # the menu, annotation ids under the pointer
    zoomRequested = Signal(int)  # +1 / -1 zoom steps (Ctrl+wheel)
    scrolled = Signal()  # the topmost visible line may have changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        doc = QTextDocument(self)
        doc.setDocumentLayout(SpacedTextLayout(doc))
        doc.setDocumentMargin(18)
        doc.setUndoRedoEnabled(False)
        self.setDocument(doc)
        own_viewport(self)  # after setDocument (see gui.viewports)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setAcceptDrops(False)  # drops go to the reading area (open report / import)
        self.viewport().setAcceptDrops(False)
        self._text = ""
        self._offsets = OffsetMap("")
        self._index = HighlightIndex()
        self._suggestion_spans: list[Span] = []
        self._colors: dict[int, QColor] = {}
        self.marks = SpanMarks()  # search hits and the suggestion under review
        self._words = LineTokens()  # words of the lines a selection ends in, for snapping
        self._press: QPoint | None = None
        # a mouse selection (anchor, position in code points) made before the word dictionary
        # was ready: snapped when the words arrive, or when tagging waits for them
        self._unsnapped: tuple[int, int] | None = None
        words_ready_notifier().ready.connect(self._on_words_ready)
        self._flash: tuple[int, int] | None = None  # UTF-16 range being flashed
        self._flash_alpha = 0
        self._flash_anim = QVariantAnimation(self)
        self._flash_anim.setStartValue(200)
        self._flash_anim.setEndValue(0)
        self._flash_anim.setDuration(1400)
        self._flash_anim.setEasingCurve(QEasingCurve.Type.InQuad)
        self._flash_anim.valueChanged.connect(self._on_flash_value)
        self._flash_anim.finished.connect(self._end_flash)
        self.verticalScrollBar().valueChanged.connect(self.scrolled)

    # -- content -----------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        """Show ``text`` literally (never as rich text) and reset highlights' offset map."""
        self._text = text
        self._offsets = OffsetMap(text)
        self._words.reset(text)
        # every offset-based overlay belongs to the old text; owners re-send theirs
        self.marks.clear()
        self._suggestion_spans = []
        self._index = HighlightIndex()
        self.setPlainText(text)
        # a view not yet laid out (still a few pixels wide) may have scrolled to keep the cursor visible
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)

    def text(self) -> str:
        return self._text

    @property
    def offsets(self) -> OffsetMap:
        return self._offsets

    def set_highlights(self, spans: list[Span], colors: dict[int, QColor]) -> None:
        """The report's annotations (solid) and the colours of their categories."""
        self._colors = dict(colors)
        self._rebuild_index(list(spans))

    def set_suggestions(self, spans: list[tuple[int, int, int]]) -> None:
        """Unconfirmed suggestions ``(start, end, category_id)``: drawn dashed, never clickable."""
        self._suggestion_spans = [Span(-1 - i, s, e, (cid,), dashed=True) for i, (s, e, cid) in enumerate(spans)]
        self._rebuild_index([s for s in self._index.spans if not s.dashed])

    def set_search_hits(self, spans: list[tuple[int, int]]) -> None:
        """Search results ``(start, end)`` to outline (empty: none); never clickable."""
        self.marks.set_hits(spans)
        self.viewport().update()

    def set_focus_span(self, span: tuple[int, int] | None, color: QColor | None = None) -> None:
        """Frame one span (the suggestion under review), or none."""
        self.marks.set_focus(span, color)
        self.viewport().update()

    def _rebuild_index(self, annotations: list[Span]) -> None:
        self._index = HighlightIndex(annotations + self._suggestion_spans)
        self.viewport().update()

    def update_highlights(self, removed: set[int], added: list[Span]) -> None:
        """Replace a few highlights (by annotation id) without rebuilding the others."""
        self._index.update(removed, added)
        self.viewport().update()

    @property
    def highlights(self) -> HighlightIndex:
        return self._index

    def set_point_size(self, points: float) -> None:
        font = self.font()
        if abs(font.pointSizeF() - points) > 0.01:
            font.setPointSizeF(points)
            self.setFont(font)

    # -- positions (code points) ------------------------------------------------------------
    def selection_span(self) -> tuple[int, int] | None:
        """The selected range in code points, or None when nothing is selected."""
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        return self._offsets.from_utf16(cur.selectionStart()), self._offsets.from_utf16(cur.selectionEnd())

    def clear_selection(self) -> None:
        """Drop the selection, leaving the caret at its end (so fresh highlights show at once)."""
        cur = self.textCursor()
        if cur.hasSelection():
            cur.setPosition(cur.selectionEnd())
            self.setTextCursor(cur)
        self._unsnapped = None

    def select_span(self, start: int, end: int) -> None:
        cur = QTextCursor(self.document())
        cur.setPosition(self._offsets.to_utf16(start))
        cur.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)

    def snap_selection_to_words(self) -> bool:
        """Grow the selection to the words its ends cut; False when nothing changed.

        While the word dictionary is still loading the selection is remembered instead and
        snapped when the words arrive (:meth:`_on_words_ready`) or when tagging asks
        (:meth:`settle_selection`): the reader never waits on a drag.
        """
        cur = self.textCursor()
        if not cur.hasSelection():
            return False
        anchor, pos = self._offsets.from_utf16(cur.anchor()), self._offsets.from_utf16(cur.position())
        if not segmenter_ready():
            self._unsnapped = (anchor, pos)
            words_ready_notifier().notify_when_loaded()
            return False
        self._unsnapped = None
        start, end = self._words.snap(min(anchor, pos), max(anchor, pos))
        if (start, end) == (min(anchor, pos), max(anchor, pos)):
            return False
        if anchor <= pos:
            self.select_span(start, end)
        else:
            self.select_span(end, start)  # keep the drag's direction (Shift+arrows extend the right end)
        return True

    def _selection_is(self, anchor_pos: tuple[int, int]) -> bool:
        cur = self.textCursor()
        return cur.hasSelection() and (self._offsets.from_utf16(cur.anchor()),
                                       self._offsets.from_utf16(cur.position())) == anchor_pos

    def _on_words_ready(self) -> None:
        """The dictionary has loaded: snap a selection made before, if the reader kept it."""
        pending, self._unsnapped = self._unsnapped, None
        if pending is not None and segmenter_ready() and self._selection_is(pending):
            self.snap_selection_to_words()

    def has_unsnapped_selection(self) -> bool:
        """Whether the current selection still waits for the word dictionary to be snapped."""
        return self._unsnapped is not None and self._selection_is(self._unsnapped)

    def settle_selection(self, timeout: float = 5.0) -> bool:
        """Make sure the selection is snapped to whole words before it is used (tagging).

        A selection made before the dictionary was ready waits up to ``timeout`` seconds for
        it (normally well under one: loading began at the mouse press); False when the
        words are still not there — the caller then tags nothing rather than half a word.
        """
        if not self.has_unsnapped_selection():
            self._unsnapped = None
            return True
        seg = get_segmenter()
        if not seg.is_ready:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                seg.ensure_loaded(timeout)
            except TimeoutError:
                return False
            except RuntimeError:  # the dictionary cannot load at all: characters are all there is
                self._unsnapped = None
                return True
            finally:
                QApplication.restoreOverrideCursor()
        pending, self._unsnapped = self._unsnapped, None
        if pending is not None and self._selection_is(pending):
            self.snap_selection_to_words()
        return True

    def select_sentence(self) -> tuple[int, int]:
        """Select the whole sentence(s) the selection or caret touches; returns the span."""
        return self._expand(expand_to_sentence)

    def select_paragraph(self) -> tuple[int, int]:
        """Select the whole paragraph(s) the selection or caret touches; returns the span."""
        return self._expand(expand_to_paragraph)

    def _expand(self, grow: Callable[[str, int, int], tuple[int, int]]) -> tuple[int, int]:
        span = self.selection_span()
        at = self.cursor_offset()
        start, end = grow(self._text, *(span if span is not None else (at, at)))
        if end > start:
            self.select_span(start, end)
        return start, end

    def cursor_offset(self) -> int:
        return self._offsets.from_utf16(self.textCursor().position())

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding ``offset`` is the topmost visible line."""
        pos = self._offsets.to_utf16(max(0, min(offset, self._offsets.length)))
        block = self.document().findBlock(pos)
        if not block.isValid():
            return
        self.blockBoundingRect(block)  # make sure the block is laid out
        layout = block.layout()
        line = 0
        if layout is not None and layout.lineCount():
            line = max(0, layout.lineForTextPosition(pos - block.position()).lineNumber())
        self.verticalScrollBar().setValue(block.firstLineNumber() + line)

    def top_offset(self) -> int:
        """Code-point offset of the first character of the topmost visible line."""
        block = self.firstVisibleBlock()
        if not block.isValid():
            return 0
        geo = self.blockBoundingGeometry(block).translated(self.contentOffset())
        layout = block.layout()
        for i in range(layout.lineCount() if layout is not None else 0):
            line = layout.lineAt(i)
            if geo.top() + line.y() + line.height() > 1:
                return self._offsets.from_utf16(block.position() + line.textStart())
        return self._offsets.from_utf16(block.position())

    def offset_rect(self, offset: int) -> QRectF:
        """Viewport rectangle of the cursor before ``offset`` (for tests and popups)."""
        cur = QTextCursor(self.document())
        cur.setPosition(self._offsets.to_utf16(offset))
        return QRectF(self.cursorRect(cur))

    # -- highlights ----------------------------------------------------------------------
    def visible_highlight_segments(self) -> list[HighlightSegment]:
        """Every fill and band rectangle painted for the visible part of the text."""
        return compute_segments(self, self._index, self._offsets, self._colors)

    def annotations_at(self, pos: QPoint) -> list[int]:
        """Ids of the annotations whose highlight is under viewport point ``pos``."""
        point = QPointF(pos)
        ids: list[int] = []
        for seg in self.visible_highlight_segments():
            rect = seg.rect.adjusted(0, -1, 0, 1)
            if not seg.dashed and rect.contains(point) and seg.annotation_id not in ids:
                ids.append(seg.annotation_id)
        return ids

    def flash_span(self, start: int, end: int) -> None:
        """Briefly light up a span (after a jump), fading out on its own."""
        self._flash = (self._offsets.to_utf16(start), self._offsets.to_utf16(end))
        self._flash_anim.stop()
        self._flash_anim.start()

    def is_flashing(self) -> bool:
        return self._flash is not None

    def _on_flash_value(self, value: object) -> None:
        self._flash_alpha = int(value)  # type: ignore[arg-type]
        self.viewport().update()

    def _end_flash(self) -> None:
        self._flash = None
        self.viewport().update()

    def _flash_rects(self) -> list[QRectF]:
        if self._flash is None:
            return []
        a, b = self._flash
        probe = HighlightIndex([Span(-1, self._offsets.from_utf16(a), self._offsets.from_utf16(b))])
        return [s.rect for s in compute_segments(self, probe, self._offsets, {}) if s.kind == "fill"]

    # -- Qt events -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        segments = compute_segments(self, self._index, self._offsets, self._colors, QRectF(event.rect()))
        flash = self._flash_rects()
        if segments or flash or self.marks:
            painter = QPainter(self.viewport())
            paint_segments(painter, segments)
            if self.marks:
                self.marks.paint(painter, self, self._offsets, QRectF(event.rect()))
            color = QColor(FLASH_COLOR)
            color.setAlpha(self._flash_alpha)
            for rect in flash:
                painter.fillRect(rect.adjusted(-2, -2, 2, 2), color)
            painter.end()
        super().paintEvent(event)  # the text, selection and cursor, over the highlights

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.scrolled.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._press = event.position().toPoint() if event.button() == Qt.MouseButton.LeftButton else None
        if self._press is not None:  # a selection may follow: word snapping needs the dictionary
            get_segmenter().ensure_loaded_async()
            if not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                # a press inside the selection would start dragging the selected text (and a
                # release then only clears it): a new drag must make a new selection
                self.clear_selection()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position().toPoint()
        if self.textCursor().hasSelection():
            if not event.modifiers() & Qt.KeyboardModifier.AltModifier:  # Alt: character precision
                self.snap_selection_to_words()
            return
        if (pos - press).manhattanLength() >= QApplication.startDragDistance():
            return
        ids = self.annotations_at(pos)
        if ids:
            self.annotationsClicked.emit(ids, event.globalPosition().toPoint())

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt override)
        menu = self.createStandardContextMenu(event.pos())
        self.contextMenuAboutToShow.emit(menu, self.annotations_at(event.pos()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoomRequested.emit(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)
