"""Running text from positioned glyphs: the line joining shared by the PDF and OFD readers.

A fixed-layout page knows where each glyph is drawn, not where a paragraph ends.  This module
rebuilds the text as a reader sees it:

1. **Lines.**  Glyphs are taken in the order the file draws them (for the files reports come
   as — Word, WPS, the e-government OFD converters — that is the reading order, two-column
   pages included); a glyph on another baseline, or one that jumps back to the left, starts
   a new line.  A wide gap on one baseline (a table's cells) becomes a tab; a gap between
   Latin letters or digits with no space drawn becomes a space.  When a page is drawn in no
   sensible order (most steps go up the page) its lines are sorted top to bottom instead.
2. **Page furniture.**  Page numbers (``- 3 -``, ``— 3 —``, ``第 3 页``, ``第3页 共12页``,
   ``3/12``, ``Page 3 of 12``) at the top or bottom of a page, and lines repeated in the top
   or bottom band of many pages (running headers and footers, the numbers in them aside; not
   a title set larger than the body, though the header may repeat its words), are dropped.
3. **Paragraphs.**  A line continues the paragraph of the line before it unless something
   says otherwise: the line is indented against its column (a first-line indent, or a
   centred title), the line before it stops short of the column's right edge (a paragraph's
   last line, a heading: more than two and a half characters short, or a character short
   after a sentence end), the vertical gap is larger than the line spacing, or — in a
   document that shows paragraphs neither by indents nor by gaps — the line before ends a
   sentence (。！？；：”).  Chinese has no hyphenation, so joined lines meet with nothing
   between them (a space only between two Latin words).

Full- and half-width forms are left as printed; only the layout is interpreted.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from statistics import median

__all__ = ["Glyph", "Line", "build_lines", "mostly_private_use", "rebuild_text"]


@dataclass(slots=True)
class Glyph:
    """One drawn character: left and right edge, baseline (growing down the page), em size."""

    char: str
    x0: float
    x1: float
    y: float
    size: float


@dataclass(slots=True)
class Line:
    text: str
    x0: float  # left edge of the first visible glyph
    x1: float  # right edge of the last visible glyph
    y: float  # baseline
    size: float  # em size (median of the glyphs)
    page: int = 0
    left: float = 0.0  # the left edge of this line's column (see _column_edges)
    right: float = 0.0  # the right edge of this line's column


# sentence ends: a line that ends with one of these may end its paragraph
_SENTENCE_END = frozenset("。！？；：”!?;:")
_CLOSERS = frozenset("”’）)」』】》\"'")
_SPACE = frozenset(" \u3000\xa0\t")
_LATIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")
# page numbers, compared on the NFKC form without spaces
_PAGE_NUMBER_RES = [re.compile(p, re.I) for p in (
    r"[-－—–~_·•]*\d{1,4}[-－—–~_·•]*",
    r"[-－—–]*[一二三四五六七八九十百零〇]{1,6}[-－—–]+|[-－—–]+[一二三四五六七八九十百零〇]{1,6}[-－—–]*",
    r"第\d{1,4}页([,，/]?共\d{1,4}页)?",
    r"共\d{1,4}页[,，/]?第\d{1,4}页",
    r"\d{1,4}/\d{1,4}",
    r"(page|p\.?)\d{1,4}((of|/)\d{1,4})?",
)]
# labels that open a heading: a line starting with one never continues a finished sentence
_HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|"
                            r"第[一二三四五六七八九十]{1,3}[章节部分]|\d{1,2}[、.．]\D)")
#: The band at the top and at the bottom of a page where headers, footers and numbers sit.
_FURNITURE_BAND = 0.12
#: Above this many lines on one page, column edges are taken for the page as a whole.
_MAX_LINES_FOR_COLUMNS = 400


def _is_space(ch: str) -> bool:
    return ch in _SPACE


def build_lines(glyphs: list[Glyph], page: int = 0) -> list[Line]:
    """Group one page's glyphs, in drawing order, into lines (see the module's docstring)."""
    lines: list[Line] = []
    cur: list[Glyph] = []
    parts: list[str] = []

    def flush() -> None:
        visible = [g for g in cur if not _is_space(g.char)]
        if visible:
            # leading spaces drawn as glyphs (full-width ones indent many reports) are layout:
            # the indent is where the first visible glyph sits
            text = "".join(parts).strip(" \t\xa0\u3000")
            lines.append(Line(text, visible[0].x0, max(g.x1 for g in visible),
                              median(g.y for g in visible), median(g.size for g in visible), page))
        cur.clear()
        parts.clear()

    for g in glyphs:
        if g.char in "\r\n":
            continue
        if cur:
            last = cur[-1]
            em = max(last.size, g.size, 1e-6)
            if abs(g.y - last.y) > 0.45 * em or g.x0 < last.x1 - 0.6 * em:
                flush()
            else:
                gap = g.x0 - last.x1
                if gap > 2.5 * em and not _is_space(g.char) and not _is_space(last.char):
                    parts.append("\t")
                elif (gap > 0.2 * em and not _is_space(g.char) and not _is_space(last.char)
                      and _LATIN.match(last.char) and _LATIN.match(g.char)):
                    parts.append(" ")
        cur.append(g)
        parts.append(g.char)
    flush()
    return _reading_order(lines)


def _reading_order(lines: list[Line]) -> list[Line]:
    """The lines as drawn, unless the drawing order is no reading order at all."""
    if len(lines) < 4:
        return lines
    ups = sum(1 for a, b in zip(lines, lines[1:], strict=False) if b.y < a.y - 0.5 * a.size)
    if ups * 3 <= len(lines):  # a column or two, a header drawn last: keep the file's order
        return lines
    return sorted(lines, key=lambda ln: (round(ln.y / max(ln.size * 0.5, 1e-6)), ln.x0))


def mostly_private_use(text: str) -> bool:
    """Whether most characters are in the Private Use Area: a text layer whose fonts map their
    glyphs to no real characters (some converters do this), which no one can read or search."""
    visible = [ch for ch in text if not ch.isspace()]
    private = sum(1 for ch in visible if "\ue000" <= ch <= "\uf8ff")
    return bool(visible) and private * 2 > len(visible)


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(unicodedata.normalize("NFKC", text).split()))


def _is_page_number(text: str) -> bool:
    squashed = "".join(unicodedata.normalize("NFKC", text).split())
    return bool(squashed) and any(r.fullmatch(squashed) for r in _PAGE_NUMBER_RES)


def drop_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """The pages without page numbers and running headers/footers (see the module's docstring)."""
    def in_band(line: Line, height: float) -> bool:
        return line.y < _FURNITURE_BAND * height or line.y > (1 - _FURNITURE_BAND) * height

    counts: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        counts.update({_furniture_key(ln.text) for ln in lines if in_band(ln, height)})
    with_text = sum(1 for lines in pages if lines)
    repeated = {key for key, n in counts.items() if with_text >= 2 and n >= max(2, 0.5 * with_text)}
    sizes = sorted(ln.size for lines in pages for ln in lines)
    body_size = sizes[len(sizes) // 2] if sizes else 0.0

    def running(ln: Line, height: float) -> bool:
        # a running header repeats in the band; a title set larger than the body is no header,
        # even where the header repeats the title's words
        return in_band(ln, height) and ln.size <= 1.1 * body_size and _furniture_key(ln.text) in repeated

    out: list[list[Line]] = []
    for lines, height in zip(pages, heights, strict=True):
        if not lines:
            out.append([])
            continue
        top = min(ln.y for ln in lines)
        bottom = max(ln.y for ln in lines)
        kept = []
        for ln in lines:
            edge = in_band(ln, height) or ln.y in (top, bottom)
            if edge and (_is_page_number(ln.text) or running(ln, height)):
                continue
            if edge and "\t" in ln.text:  # a page number far out on a body line's baseline
                head, _tab, tail = ln.text.rpartition("\t")
                first, _tab2, rest = ln.text.partition("\t")
                if _is_page_number(tail):
                    ln.text = head.rstrip("\t")
                elif _is_page_number(first):
                    ln.text = rest.lstrip("\t")
            kept.append(ln)
        out.append(kept)
    return out


def _column_edges(lines: list[Line]) -> None:
    """Set each line's ``left``/``right``: the edges of the column it sits in.

    A line's column is the lines of its page that overlap it horizontally by at least half
    of the shorter one; its left edge is the leftmost start shared by two of them (so a
    single odd line does not move it), its right edge the second-rightmost end (ragged or
    justified, full lines end there).
    """
    whole = len(lines) > _MAX_LINES_FOR_COLUMNS
    for ln in lines:
        if whole:
            peers = lines
        else:
            peers = [p for p in lines
                     if min(ln.x1, p.x1) - max(ln.x0, p.x0) >= 0.5 * min(ln.x1 - ln.x0, p.x1 - p.x0)]
        em = ln.size
        starts = sorted(p.x0 for p in peers)
        shared = [a for a, b in zip(starts, starts[1:], strict=False) if b - a <= 0.3 * em]
        ln.left = shared[0] if shared else starts[0]
        ends = sorted((p.x1 for p in peers), reverse=True)
        ln.right = ends[1] if len(ends) > 1 else ends[0]


def _indented(ln: Line) -> bool:
    return ln.x0 - ln.left > 0.8 * ln.size


def _short(ln: Line) -> bool:
    """The line stops short of its column's right edge: a paragraph's last line.  Up to two
    characters short is still a full line where the text is not justified (a mark that may not
    start a line takes the character before it down: "养，")."""
    return ln.right - ln.x1 > 2.5 * ln.size


def _centred_continuation(prev: Line, ln: Line) -> bool:
    """``ln`` goes on with a centred title that filled its line (a title set over two lines)."""
    def centred(line: Line) -> bool:
        return abs((line.x0 - line.left) - (line.right - line.x1)) < line.size

    return (centred(prev) and centred(ln) and prev.x1 - prev.x0 >= 0.8 * (prev.right - prev.left)
            and ln.x0 - ln.left > 2.5 * ln.size and abs(prev.size - ln.size) <= 0.1 * prev.size
            and not _ends_sentence(prev.text) and 0 < ln.y - prev.y < 2.2 * prev.size)


def _ends_sentence(text: str) -> bool:
    t = text.rstrip()
    while t and t[-1] in _CLOSERS and t[-1] != "”":
        t = t[:-1]
    return bool(t) and t[-1] in _SENTENCE_END


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


def rebuild_text(pages: list[list[Line]], heights: list[float]) -> str:
    """The running text of a document's pages of lines: one paragraph per line of output."""
    pages = drop_furniture(pages, heights)
    for lines in pages:
        _column_edges(lines)
    flat = [ln for lines in pages for ln in lines]
    if not flat:
        return ""
    steps = [b.y - a.y for a, b in zip(flat, flat[1:], strict=False)
             if a.page == b.page and 0 < b.y - a.y < 3 * a.size]
    pitch = median(steps) if steps else flat[0].size * 1.5
    indents = sum(1 for ln in flat if _indented(ln))
    gaps = sum(1 for s in steps if s > 1.6 * pitch)
    uses_layout = indents >= max(2, 0.03 * len(flat)) or gaps >= max(2, 0.03 * len(flat))
    paragraphs: list[str] = [flat[0].text]
    for prev, ln in zip(flat, flat[1:], strict=False):
        same_flow = prev.page == ln.page and ln.y > prev.y - 0.5 * prev.size
        new = (
            (_indented(ln) and not _centred_continuation(prev, ln))
            or _short(prev)
            or abs(prev.size - ln.size) > 0.15 * max(prev.size, ln.size)  # a title or heading size
            or (same_flow and ln.y - prev.y > 1.6 * max(pitch, prev.size * 1.2))
            # where neither indents nor gaps show paragraphs, a sentence end at a line end does
            or (_ends_sentence(prev.text) and (not uses_layout or _HEADING_START.match(ln.text) is not None))
        )
        if new:
            paragraphs.append(ln.text)
        else:
            paragraphs[-1] = _join(paragraphs[-1], ln.text)
    return "\n".join(p for p in paragraphs if p.strip())
