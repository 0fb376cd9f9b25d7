"""Marks a document view paints besides annotations: search hits and the suggestion in review.

Both must never be mistaken for a tag.  Annotations are a translucent fill in a category
colour with bands under the line, suggestions a thin dashed outline; so a search hit is a
pale yellow box with a solid amber border, and the suggestion being reviewed gets a thick
dark outline in its category's colour with a faint wash — a frame, not a fill.  Like
annotations (see :mod:`.highlighter`), marks are painted from offsets, never written into
the text document.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QPlainTextEdit

from lawgov_desktop.core.offsets import OffsetMap
from lawgov_desktop.gui.highlighter import HighlightIndex, Span, compute_segments

HIT_FILL = QColor(255, 236, 64, 110)
HIT_EDGE = QColor("#b8860b")
FOCUS_WASH_ALPHA = 36


def _fill_rects(view: QPlainTextEdit, index: HighlightIndex, offsets: OffsetMap, clip: QRectF) -> list[QRectF]:
    if not len(index):
        return []
    return [s.rect for s in compute_segments(view, index, offsets, {}, clip) if s.kind == "fill"]


class SpanMarks:
    """Search hits and one emphasised span of a view (code-point offsets)."""

    def __init__(self) -> None:
        self._hits = HighlightIndex()
        self._focus: HighlightIndex = HighlightIndex()
        self.focus_color = QColor("#3c6ea8")

    # -- state -------------------------------------------------------------------------
    def set_hits(self, spans: list[tuple[int, int]]) -> None:
        self._hits = HighlightIndex([Span(i, s, e) for i, (s, e) in enumerate(spans) if e > s])

    def hits(self) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self._hits.spans]

    def set_focus(self, span: tuple[int, int] | None, color: QColor | None = None) -> None:
        self._focus = HighlightIndex([Span(0, *span)] if span is not None and span[1] > span[0] else [])
        if color is not None and color.isValid():
            self.focus_color = QColor(color)

    def focus(self) -> tuple[int, int] | None:
        return (self._focus.spans[0].start, self._focus.spans[0].end) if len(self._focus) else None

    def clear(self) -> None:
        self.set_hits([])
        self.set_focus(None)

    def __bool__(self) -> bool:
        return bool(len(self._hits) or len(self._focus))

    # -- geometry and painting -----------------------------------------------------------
    def hit_rects(self, view: QPlainTextEdit, offsets: OffsetMap, clip: QRectF | None = None) -> list[QRectF]:
        """Viewport rectangles of the visible search hits (one per line piece)."""
        return _fill_rects(view, self._hits, offsets, clip if clip is not None else QRectF(view.viewport().rect()))

    def focus_rects(self, view: QPlainTextEdit, offsets: OffsetMap, clip: QRectF | None = None) -> list[QRectF]:
        return _fill_rects(view, self._focus, offsets, clip if clip is not None else QRectF(view.viewport().rect()))

    def paint(self, painter: QPainter, view: QPlainTextEdit, offsets: OffsetMap, clip: QRectF) -> None:
        """Draw over the annotation fills and under the text (the caller paints the text last)."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        hits = self.hit_rects(view, offsets, clip)
        if hits:
            painter.setPen(QPen(HIT_EDGE, 1.4))
            painter.setBrush(HIT_FILL)
            for rect in hits:
                painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 2, 2)
        focus = self.focus_rects(view, offsets, clip)
        if focus:
            edge = QColor(self.focus_color).darker(150)
            wash = QColor(self.focus_color)
            wash.setAlpha(FOCUS_WASH_ALPHA)
            painter.setPen(QPen(edge, 2.6, Qt.PenStyle.SolidLine))
            painter.setBrush(wash)
            for rect in focus:
                painter.drawRoundedRect(rect.adjusted(-2.5, -2.5, 2.5, 2.5), 3, 3)
        painter.restore()


__all__ = ["HIT_EDGE", "HIT_FILL", "SpanMarks"]
