"""Where annotations are drawn in a document view, without touching the document.

Highlights are never written into the text document's character formats: that would make
every tag an edit of a 1 MB document and mix annotation state into the text.  Instead the
view asks :func:`compute_segments` for the rectangles of the annotations that intersect
the visible blocks and paints them under the text (:func:`paint_segments`).

Each annotation gets a translucent *fill* in its first category's colour, and one
underline *band* per category in the gap below each text line.  Bands sit in *lanes*: two
annotations that overlap never share a lane, so overlapping spans and spans with several
categories keep every colour visible.  A span can be drawn *dashed* (outline, no fill) —
the style reserved for unconfirmed suggestions.

Annotations live in a :class:`HighlightIndex`: sorted by start, with a running maximum of
ends, so the spans meeting a visible range are found by bisection even with thousands of
annotations in a long report.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from heapq import heappop, heappush
from itertools import accumulate
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from lawgov_desktop.core.offsets import OffsetMap

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPlainTextEdit

FILL_ALPHA = 78
UNCATEGORISED = QColor("#9e9e9e")


class Span(NamedTuple):
    """One annotation as the painter needs it; offsets are code points.  A tuple: a long
    report's thousands are made at each open, and a tuple is made without a Python call
    (``tuple.__new__(Span, fields)``)."""

    id: int
    start: int
    end: int
    category_ids: tuple[int, ...] = ()
    dashed: bool = False
    #: which annotator's band style (0 solid, then patterns) when several annotators are shown
    style: int = 0


_id_of = attrgetter("id")
#: the order of spans in an index: ``(start, end, id)`` (in C, as the sort's and bisections' key)
_order = attrgetter("start", "end", "id")
_start_of = attrgetter("start")
_end_of = attrgetter("end")
_place_of = attrgetter("start", "end")


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching ``[lo, hi)`` ranges joined, in order."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


@dataclass
class HighlightSegment:
    """One painted rectangle, in viewport coordinates (exposed for tests and hit-testing)."""

    annotation_id: int
    category_id: int | None
    kind: str  # "fill" or "band"
    rect: QRectF
    color: QColor
    dashed: bool = False
    style: int = 0  # the annotator's band style (see :data:`BAND_STYLES`)


#: band patterns that tell annotators apart when several are shown (the first is solid)
BAND_STYLES = (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.Dense3Pattern, Qt.BrushStyle.BDiagPattern,
               Qt.BrushStyle.CrossPattern, Qt.BrushStyle.FDiagPattern, Qt.BrushStyle.Dense5Pattern)


class HighlightIndex:
    """The annotations of one report, sorted for range queries, with band lanes assigned.

    Lanes are assigned when first drawn, one cluster (run of spans overlapping one another)
    at a time: opening a report with thousands of annotations sweeps only the clusters on
    screen.  A cluster's lanes are the same as a sweep of the whole report gives (see
    :meth:`update`)."""

    def __init__(self, spans: list[Span] | None = None) -> None:
        self.spans = sorted(spans or [], key=_order)
        self._ids = set(map(_id_of, self.spans))
        self._reindex()
        self._lanes: dict[int, int] = {}  # span id -> first band slot, filled cluster by cluster

    @property
    def lanes(self) -> dict[int, int]:
        """First band slot of every span (all clusters swept)."""
        if len(self._lanes) < len(self.spans):
            self._lanes = self._assign_lanes()
        return self._lanes

    def lanes_of(self, spans: list[Span]) -> dict[int, int]:
        """First band slot of each of ``spans`` (spans of this index), sweeping the clusters
        they belong to that have none yet."""
        lanes = self._lanes
        for s in spans:
            if s.id not in lanes:
                lo, hi = self._cluster(bisect_left(self.spans, _order(s), key=_order))
                lanes.update(self._assign_lanes(self.spans[lo:hi]))
        return lanes

    def _reindex(self, added: list[Span] | None = None, lists: bool = True) -> None:
        """Rebuild the lookup lists (unless ``lists`` is false: :meth:`_insert` kept them); the
        exact-span map only for ``added`` when that is enough."""
        if lists:
            self._starts = list(map(_start_of, self.spans))
            self._max_end = list(accumulate(map(_end_of, self.spans), max))
        if added is not None:
            for s in added:  # the first span in sort order wins, as in a full rebuild
                if s.dashed:  # a suggestion is not an annotation the user could add a category to
                    continue
                old = self._by_span.get((s.start, s.end))
                if old is None or _order(s) < _order(old):
                    self._by_span[(s.start, s.end)] = s
            return
        # the first span in sort order wins: built from the last, so earlier ones overwrite
        solid = [s for s in reversed(self.spans) if not s.dashed]
        self._by_span: dict[tuple[int, int], Span] = dict(zip(map(_place_of, solid), solid, strict=True))

    def update(self, removed: set[int], added: list[Span]) -> None:
        """Drop the spans with ids in ``removed`` and add ``added``, re-laning only around them.

        Tagging one passage of a report with thousands of annotations must not re-sort and
        re-lane them all.  Lanes come from a sweep in start order whose state empties wherever
        no earlier span reaches past the next start; so only the *clusters* (runs of spans
        overlapping one another) around a change can get other lanes, and sweeping just those
        gives exactly what a full rebuild would: the same annotations always look the same.
        """
        stale: list[tuple[tuple[int, int, int], tuple[int, int, int]]] = []  # clusters losing a span
        removed = removed & self._ids  # a tag names its new ids as changed: nothing to drop
        if removed:
            for i, span in enumerate(self.spans):
                if span.id in removed:
                    lo, hi = self._cluster(i)
                    stale.append((_order(self.spans[lo]), _order(self.spans[hi - 1])))
            self.spans = [s for s in self.spans if s.id not in removed]
            for sid in removed:
                self._lanes.pop(sid, None)
            self._ids -= removed
        if removed:
            for span in added:
                insort(self.spans, span, key=_order)
            self._reindex()
        else:  # tagging: each new span goes into the lookup lists where it sorts, nothing else moves
            for span in added:
                self._insert(span)
            self._reindex(added, lists=False)
        self._ids.update(map(_id_of, added))
        spans = self.spans
        # a removal can split its cluster: re-lane all that is left of it; an addition can join
        # clusters: re-lane the one it is now part of
        ranges = [(bisect_left(spans, a, key=_order), bisect_right(spans, b, key=_order)) for a, b in stale]
        ranges += [self._cluster(bisect_left(spans, _order(s), key=_order)) for s in added]
        for lo, hi in _merge(ranges):
            for s in spans[lo:hi]:  # swept again when next drawn
                self._lanes.pop(s.id, None)

    def _insert(self, span: Span) -> None:
        """Put ``span`` where it sorts, keeping the starts and the running maximum of ends.

        The maximum changes only from the new span on, and only while it was below the new
        end: a few entries at most, where rebuilding both lists walked every span (5,000 on
        a long report, at each tag).
        """
        k = bisect_right(self.spans, _order(span), key=_order)
        self.spans.insert(k, span)
        self._starts.insert(k, span.start)
        reach = self._max_end
        reach.insert(k, max(reach[k - 1], span.end) if k else span.end)
        j = k + 1
        while j < len(reach) and reach[j] < span.end:
            reach[j] = span.end
            j += 1

    def _cluster(self, k: int) -> tuple[int, int]:
        """``[lo, hi)`` of the run of spans overlapping, transitively, the span at ``k``."""
        spans, reach = self.spans, self._max_end
        lo = hi = k
        while lo > 0 and reach[lo - 1] > spans[lo].start:
            lo -= 1
        while hi < len(spans) - 1 and reach[hi] > spans[hi + 1].start:
            hi += 1
        return lo, hi + 1

    def __len__(self) -> int:
        return len(self.spans)

    def _assign_lanes(self, spans: list[Span] | None = None) -> dict[int, int]:
        """First band slot of each span: the lowest run of free slots among overlapping spans."""
        lanes: dict[int, int] = {}
        active: list[tuple[int, int, int]] = []  # heap of (end, first slot, slot count)
        for s in self.spans if spans is None else spans:
            need = len(s.category_ids) or 1
            start = s.start
            while active and active[0][0] <= start:  # ended before this span: slots free again
                heappop(active)
            if not active:  # most spans overlap nothing: skip the slot search
                lanes[s.id] = 0
                active.append((s.end, 0, need))
                continue
            slot = 0
            for lo, count in sorted([(a[1], a[2]) for a in active]):
                if slot + need <= lo:
                    break
                if lo + count > slot:
                    slot = lo + count
            lanes[s.id] = slot
            heappush(active, (s.end, slot, need))
        return lanes

    def between(self, start: int, end: int) -> list[Span]:
        """Spans intersecting ``[start, end)``, in start order."""
        first = bisect_right(self._max_end, start)  # before this, every span ended by ``start``
        last = bisect_left(self._starts, end)
        return [s for s in self.spans[first:last] if s.end > start]

    def at(self, offset: int) -> list[Span]:
        """Spans containing the character at ``offset``."""
        return self.between(offset, offset + 1)

    def exact(self, start: int, end: int) -> Span | None:
        """The (solid) annotation covering exactly ``[start, end)``, if there is one."""
        return self._by_span.get((start, end))


@dataclass
class _Line:
    top: float  # viewport y of the line's top
    height: float  # text height of the line
    gap: float  # free space below the text before the next line
    u16_start: int  # document position of the line's first character
    u16_end: int
    x_of: object  # callable: document position -> viewport x


def _visible_lines(view: QPlainTextEdit, clip: QRectF) -> list[_Line]:
    """The laid-out lines of the blocks that intersect ``clip`` (viewport coordinates)."""
    lines: list[_Line] = []
    block = view.firstVisibleBlock()
    offset = view.contentOffset()
    while block.isValid():
        geo = view.blockBoundingGeometry(block).translated(offset)
        if geo.top() > clip.bottom():
            break
        layout = block.layout()
        if block.isVisible() and geo.bottom() >= clip.top() and layout is not None:
            n = layout.lineCount()
            for i in range(n):
                ln = layout.lineAt(i)
                next_top = layout.lineAt(i + 1).y() if i + 1 < n else geo.height()
                pos, left = block.position(), geo.left()

                def x_of(u16: int, _ln=ln, _pos=pos, _x=left) -> float:
                    return _x + _ln.cursorToX(u16 - _pos)[0]

                lines.append(_Line(geo.top() + ln.y(), ln.height(), max(0.0, next_top - ln.y() - ln.height()),
                                   pos + ln.textStart(), pos + ln.textStart() + ln.textLength(), x_of))
        block = block.next()
    return lines


def compute_segments(view: QPlainTextEdit, index: HighlightIndex, offsets: OffsetMap,
                     colors: dict[int, QColor], clip: QRectF | None = None) -> list[HighlightSegment]:
    """Rectangles of every fill and band of the annotations visible in ``view``."""
    if not len(index):
        return []
    clip = clip if clip is not None else QRectF(view.viewport().rect())
    lines = _visible_lines(view, clip)
    if not lines:
        return []
    cp_lo = offsets.from_utf16(lines[0].u16_start)
    cp_hi = offsets.from_utf16(lines[-1].u16_end) + 1
    spans = index.between(cp_lo, cp_hi)
    if not spans:
        return []
    lanes = index.lanes_of(spans)
    slots = max(lanes[s.id] + max(1, len(s.category_ids)) for s in spans)
    gap = min(ln.gap for ln in lines)
    band = max(1.0, min(max(2.0, lines[0].height / 7), (gap - 2) / slots - 1)) if gap > 3 else 2.0
    line_starts = [ln.u16_start for ln in lines]
    out: list[HighlightSegment] = []
    for s in spans:
        a, b = offsets.to_utf16(s.start), offsets.to_utf16(s.end)
        cats: list[int | None] = list(s.category_ids) or [None]
        fill = colors.get(cats[0], UNCATEGORISED) if cats[0] is not None else UNCATEGORISED
        for ln in lines[max(0, bisect_right(line_starts, a) - 1):bisect_left(line_starts, b)]:
            lo, hi = max(a, ln.u16_start), min(b, ln.u16_end)
            if hi <= lo:
                continue
            x1, x2 = ln.x_of(lo), ln.x_of(hi)
            out.append(HighlightSegment(s.id, cats[0], "fill", QRectF(x1, ln.top, x2 - x1, ln.height),
                                        fill, s.dashed))
            for k, cid in enumerate(cats):
                y = ln.top + ln.height + 1 + (lanes[s.id] + k) * (band + 1)
                color = colors.get(cid, UNCATEGORISED) if cid is not None else UNCATEGORISED
                out.append(HighlightSegment(s.id, cid, "band", QRectF(x1, y, x2 - x1, band), color, s.dashed,
                                            s.style))
    return out


def paint_segments(painter: QPainter, segments: list[HighlightSegment]) -> None:
    """Fills first (translucent, so overlaps deepen), then the bands on top of them."""
    painter.setPen(Qt.PenStyle.NoPen)
    for seg in segments:
        if seg.kind != "fill":
            continue
        if seg.dashed:  # a shade darker than the fill colour: pale colours (green) stay visible as a thin line
            pen = QPen(seg.color.darker(125), 1.3, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(seg.rect.adjusted(0.5, 0.5, -0.5, -0.5))
            painter.setPen(Qt.PenStyle.NoPen)
        else:
            c = QColor(seg.color)
            c.setAlpha(FILL_ALPHA)
            painter.fillRect(seg.rect, c)
    for seg in segments:
        if seg.kind != "band":
            continue
        if seg.dashed:
            brush = QBrush(seg.color, Qt.BrushStyle.Dense4Pattern)
            painter.fillRect(seg.rect, brush)
        elif seg.style:
            # a shade darker too: a pattern alone is faint on a band two pixels high
            painter.fillRect(seg.rect, QBrush(seg.color.darker(115 + 15 * min(seg.style, 4)),
                                              BAND_STYLES[seg.style % len(BAND_STYLES)]))
        else:
            painter.fillRect(seg.rect, seg.color)
