""".pdf with a text layer, read with PDFium (pypdfium2), rebuilt into running text.

Why PDFium: it is the PDF engine of Chromium, fuzzed continuously, fast (a 100-page report
reads in well under a second), and pypdfium2 ships it as wheels for Windows, macOS and Linux
under permissive licences (Apache-2.0 / BSD-3-Clause).  pdfminer.six, the pure-Python
alternative, gave the same characters and positions on our test PDFs but took about 30
times as long.

Each character comes with its position and size; :mod:`.layout` turns them into lines and
paragraphs, drops page numbers and running headers/footers.  What cannot be read is refused
with its reason, never stored as an empty report:

* no text layer at all (a scan): 「此 PDF 为扫描件，没有文字层」;
* a password is needed to open it: 「此 PDF 已加密」 (one that opens without a password —
  "copy protection" only — is read);
* damaged, too many pages, too much text, or too slow to read (a time budget is checked
  between pages).

Compressed streams are checked before PDFium sees the file: a stream that inflates far past
any real page (a "PDF bomb": 1 MB that inflates to gigabytes) is refused, because PDFium
inflates a page's content stream whole.  Streams of an encrypted file cannot be checked this
way; the page, text and time limits still apply to them.
"""

from __future__ import annotations

import re
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.core.readers.layout import Glyph, Line, build_lines, mostly_private_use, rebuild_text
from lawgov_desktop.messages import Message

#: A report runs to a few hundred pages; the limit only stops absurd files.
MAX_PAGES = 5000
#: Characters of text in all (about 25,000 pages of dense Chinese).
MAX_CHARS = 50_000_000
#: Seconds of reading before giving up (checked between pages).
TIME_BUDGET = 300.0
#: A non-image stream may inflate to this much...
MAX_STREAM_BYTES = 256 * 1024 * 1024
#: ...and to more than this only at an ordinary compression ratio.
SUSPECT_STREAM_BYTES = 32 * 1024 * 1024
MAX_STREAM_RATIO = 100
#: All non-image streams together.
MAX_INFLATED_BYTES = 768 * 1024 * 1024

# the catalogue codes of the refusals (see lawgov_desktop/messages.py)
SCANNED = "read.pdf_scanned"
ENCRYPTED = "read.pdf_encrypted"
CORRUPT = "read.corrupt"
UNMAPPED = "read.pdf_unmapped"
BOMB = "read.pdf_bomb"

# PDFium is not thread-safe: one document at a time in this process
_LOCK = threading.Lock()
_STREAM_RE = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_FILTER_RE = re.compile(rb"/Filter\s*(\[[^\]]{0,400}\]|/[A-Za-z0-9]+)")
_NAME_RE = re.compile(rb"/([A-Za-z0-9]+)")
_IMAGE_RE = re.compile(rb"/Subtype\s*/Image")
_CHUNK = 1 << 16
_OUT = 1 << 20
#: Clipping paths are looked at for this many text objects per page, this many points each.
_MAX_CLIPPED_OBJECTS = 5000
_MAX_CLIP_SEGMENTS = 256


def read_pdf(path: Path | str, data: bytes) -> str:
    """The running text of a PDF (see the module's docstring)."""
    if not data.startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise ReportReadError(path, Message(CORRUPT, kind="PDF"))
    check_streams(path, data)
    try:
        import pypdfium2 as pdfium  # loaded on the first PDF only
    except ImportError:  # a broken install: this file is refused, the rest of a batch goes on
        raise ReportReadError(path, Message("read.pdf_missing_component")) from None

    began = time.monotonic()
    pages: list[list[Line]] = []
    heights: list[float] = []
    chars = 0
    with _LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise ReportReadError(path, Message(ENCRYPTED) if _password_error(exc) else Message(CORRUPT, kind="PDF")) from None
        try:
            count = len(doc)
            if count > MAX_PAGES:
                raise ReportReadError(path, Message("read.pdf_too_many_pages", count=count, limit=MAX_PAGES))
            for index in range(count):
                if time.monotonic() - began > TIME_BUDGET:
                    raise ReportReadError(path, Message("read.pdf_timeout", seconds=round(TIME_BUDGET)))
                try:
                    glyphs, height = _page_glyphs(doc, index)
                except pdfium.PdfiumError:
                    raise ReportReadError(path, Message("read.pdf_page_damaged", page=index + 1)) from None
                chars += len(glyphs)
                if chars > MAX_CHARS:
                    raise ReportReadError(path, Message("read.too_much_text", kind="PDF"))
                pages.append(build_lines(glyphs, index))
                heights.append(height)
        finally:
            doc.close()
    if not any(pages):
        raise ReportReadError(path, Message(SCANNED))
    text = rebuild_text(pages, heights)
    if not text.strip():
        raise ReportReadError(path, Message(SCANNED))
    if mostly_private_use(text):
        raise ReportReadError(path, Message(UNMAPPED))
    return text


def _password_error(exc: Exception) -> bool:
    import pypdfium2.raw as pdfium_c

    return getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD or "password" in str(exc).lower()


def _page_glyphs(doc: object, index: int) -> tuple[list[Glyph], float]:
    """The glyphs PDFium found on one page, in drawing order, with y growing down the page."""
    import ctypes

    import pypdfium2.raw as c

    page = doc[index]  # type: ignore[index]
    try:
        cl, cb, cr, ct = page.get_cropbox()  # the visible area (the media box when none is set)
        rotation = page.get_rotation() % 360
        height = (cr - cl) if rotation in (90, 270) else (ct - cb)
        textpage = page.get_textpage()
        try:
            raw = textpage.raw
            n = c.FPDFText_CountChars(raw)
            box = c.FS_RECTF()
            glyphs: list[Glyph] = []
            # text object -> the box of its clipping path (None: not clipped)
            clips: dict[int, tuple[float, float, float, float] | None] | None = (
                {} if hasattr(c, "FPDFText_GetTextObject") else None)
            clip: tuple[float, float, float, float] | None = None
            run = (float("inf"), float("inf"))  # where the last character ended: (x1, bottom)
            for i in range(max(n, 0)):
                code = c.FPDFText_GetUnicode(raw, i)
                if code in (0, 0xFFFE, 0xFFFF) or code > 0x10FFFF or (0xD800 <= code < 0xE000):
                    continue
                if c.FPDFText_IsGenerated(raw, i) == 1:  # spaces and line ends PDFium made up
                    continue
                if not c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(box)):
                    continue
                x0, x1, top, bottom = box.left, box.right, box.top, box.bottom
                if x1 < cl or x0 > cr or top < cb or bottom > ct:
                    continue  # drawn outside the page: no reader sees it
                if clips is not None:
                    # the text object (and its clip) is looked up where a run of characters
                    # breaks (another line, a jump): within a run it is the same object
                    if abs(bottom - run[1]) > 0.01 or abs(x0 - run[0]) > 0.5 * (top - bottom):
                        obj = c.FPDFText_GetTextObject(raw, i)
                        key = ctypes.cast(obj, ctypes.c_void_p).value if obj else None
                        if key is not None and key not in clips:
                            clips[key] = _clip_box(obj) if len(clips) < _MAX_CLIPPED_OBJECTS else None
                        clip = clips.get(key) if key is not None else None
                    run = (x1, bottom)
                    if clip is not None and not (clip[0] - 1 <= (x0 + x1) / 2 <= clip[2] + 1
                                                 and clip[1] - 1 <= (top + bottom) / 2 <= clip[3] + 1):
                        continue  # clipped away: drawn, but not shown
                # to the page as shown (rotated), y growing down it, near the baseline; the
                # size is the box's height in page units (the font size PDFium reports may not be)
                if rotation == 90:
                    u0, u1, v, size = bottom - cb, top - cb, x0 - cl + 0.8 * (x1 - x0), x1 - x0
                elif rotation == 180:
                    u0, u1, v, size = cr - x1, cr - x0, top - cb - 0.2 * (top - bottom), top - bottom
                elif rotation == 270:
                    u0, u1, v, size = ct - top, ct - bottom, cr - x1 + 0.8 * (x1 - x0), x1 - x0
                else:
                    u0, u1, v, size = x0 - cl, x1 - cl, ct - bottom - 0.2 * (top - bottom), top - bottom
                if not 0 <= v <= height:
                    continue  # its baseline off the page: cut off (e.g. a line repeated past the edge)
                glyphs.append(Glyph(chr(code), u0, u1, v, abs(size) or 1.0))
        finally:
            textpage.close()
    finally:
        page.close()
    _sizes_in_em(glyphs)
    return glyphs, height


def _clip_box(obj: object) -> tuple[float, float, float, float] | None:
    """The bounding box (page space) of what a page object's clipping path lets through, or None
    when it has none.  A clip of several paths lets through their intersection."""
    import ctypes

    import pypdfium2.raw as c

    clip = c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    found: tuple[float, float, float, float] | None = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for p in range(min(c.FPDFClipPath_CountPaths(clip), 16)):
        xs: list[float] = []
        ys: list[float] = []
        for k in range(min(c.FPDFClipPath_CountPathSegments(clip, p), _MAX_CLIP_SEGMENTS)):
            seg = c.FPDFClipPath_GetPathSegment(clip, p, k)
            if seg and c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
                xs.append(x.value)
                ys.append(y.value)
        if xs:
            b = (min(xs), min(ys), max(xs), max(ys))
            found = b if found is None else (max(found[0], b[0]), max(found[1], b[1]),
                                             min(found[2], b[2]), min(found[3], b[3]))
    return found


def _sizes_in_em(glyphs: list[Glyph]) -> None:
    """Make each glyph's size its em: a loose box is the font's ascent plus descent (1.0 to
    1.5 em, by font), while a Chinese character is one em wide, whatever the font."""
    widths = sorted(g.x1 - g.x0 for g in glyphs if "\u4e00" <= g.char <= "\u9fff")
    heights = sorted(g.size for g in glyphs if "\u4e00" <= g.char <= "\u9fff")
    ratio = widths[len(widths) // 2] / heights[len(heights) // 2] if widths and heights[len(heights) // 2] else 1 / 1.2
    ratio = min(max(ratio, 0.5), 1.2)
    for g in glyphs:
        g.size *= ratio


# -- compressed streams ----------------------------------------------------------------------

def check_streams(path: Path | str, data: bytes) -> None:
    """Refuse a PDF whose non-image Flate streams inflate to an abnormal size.

    Streams are found by their ``>> stream`` keyword and the dictionary before it; images
    are skipped (PDFium does not decode them to read text).  Inflation runs in chunks with
    the output thrown away, so this check itself needs little memory.
    """
    total = 0
    scanned_in = 0
    prev_end = 0
    for m in _STREAM_RE.finditer(data):
        head = data[max(prev_end, m.start() - 4096):m.end()]
        prev_end = m.end()
        obj = head.rfind(b"obj")
        if obj >= 0:
            head = head[obj:]
        if _IMAGE_RE.search(head):
            continue
        found = _FILTER_RE.search(head)
        if not found:
            continue
        names = _NAME_RE.findall(found.group(1))
        layers = 0
        while layers < len(names) and names[layers] in (b"FlateDecode", b"Fl"):
            layers += 1
        if not layers:
            continue
        size, used = _inflated_size(data, m.end(), layers, MAX_STREAM_BYTES + 1)
        scanned_in += used
        if size > MAX_STREAM_BYTES or (size > SUSPECT_STREAM_BYTES and size > MAX_STREAM_RATIO * max(used, 1)):
            raise ReportReadError(path, Message(BOMB))
        total += size
        if total > MAX_INFLATED_BYTES:
            raise ReportReadError(path, Message(BOMB))
        if scanned_in > 4 * len(data) + _CHUNK:  # overlapping "streams": enough looking
            return


def _drain(d: zlib._Decompress, chunk: bytes) -> Iterator[bytes]:
    """Everything ``d`` makes of ``chunk``, in pieces of at most 1 MB."""
    buf = chunk
    while True:
        out = d.decompress(buf, _OUT)
        if out:
            yield out
        buf = d.unconsumed_tail
        if not buf and len(out) < _OUT:
            return


def _through(d: zlib._Decompress, pieces: Iterator[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield from _drain(d, piece)


def _inflated_size(data: bytes, start: int, layers: int, limit: int) -> tuple[int, int]:
    """(bytes the stream at ``start`` inflates to through ``layers`` Flate filters, stopping
    past ``limit``; compressed bytes read).  A stream that is no valid zlib data (e.g. an
    encrypted one) counts what was inflated before the error."""
    ds = [zlib.decompressobj() for _ in range(layers)]
    total = 0
    pos = start
    try:
        while pos < len(data) and not ds[0].eof and total <= limit:
            chunk = data[pos:pos + _CHUNK]
            pos += len(chunk)
            pieces: Iterator[bytes] = _drain(ds[0], chunk)
            for d in ds[1:]:
                pieces = _through(d, pieces)
            for piece in pieces:
                total += len(piece)
                if total > limit:
                    break
    except zlib.error:
        pass
    return total, pos - start
