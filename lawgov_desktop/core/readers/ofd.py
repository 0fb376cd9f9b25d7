""".ofd (GB/T 33190, the fixed-layout format of Chinese e-government): the text of its pages.

An OFD file is a zip package of XML parts, read here on lxml without any OFD library:

* ``OFD.xml`` — the entry point; each ``DocBody`` names its document in ``DocRoot``;
* the document (``Doc_0/Document.xml``) — ``CommonData/PageArea/PhysicalBox`` gives the
  default page size, ``Pages/Page`` (in page order) each give a ``BaseLoc``: the page's
  content part, relative to the document's folder (``Pages/Page_0/Content.xml``);
* a page — ``Content/Layer`` hold graphic units, grouped by ``PageBlock``\\ s at any depth;
  each ``TextObject`` has a ``Boundary`` (x y w h, in mm, top-left origin), an optional
  ``CTM`` (a b c d e f), a ``Size`` and ``TextCode``\\ s.  A ``TextCode`` puts its first
  character at ``X``/``Y`` (the baseline, in the object's own space; when absent, those of
  the previous ``TextCode``) and each next one ``DeltaX``/``DeltaY`` further on, where
  ``g N V`` in a delta list stands for N times V.

Page templates (``TemplatePage``: letterheads, running headers and footers) and annotations
(seals, signatures) are not read.  The characters with their positions go through the same
line and paragraph rebuilding as a PDF's (:mod:`.layout`).

Hardened like the .docx reader: every part is read through :class:`~lawgov_desktop.core.safezip.SafeZip`
(bounded size and ratio before inflating), XML entities are never expanded and no DTD or
network is touched, the XML tree depth is libxml2's default limit, and a reference to a part
outside the package is refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from lawgov_desktop.core.encoding import sniff_binary
from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.core.readers.layout import Glyph, Line, build_lines, mostly_private_use, rebuild_text
from lawgov_desktop.core.safezip import BadZipError, SafeZip, ZipLimitError, ZipLimits
from lawgov_desktop.messages import Message

OFD_LIMITS = ZipLimits(max_part=256 * 1024 * 1024, max_total=512 * 1024 * 1024)
#: No XML part of a real OFD comes near this; its tree in memory is several times larger.
MAX_XML_PART = 32 * 1024 * 1024
MAX_PAGES = 5000
MAX_CHARS = 50_000_000
DEFAULT_PAGE = (0.0, 0.0, 210.0, 297.0)  # A4, mm

CORRUPT = "read.corrupt"
NO_TEXT = "read.ofd_no_text"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                          dtd_validation=False, remove_comments=True, remove_pis=True)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


class _Bad(Exception):
    """A problem inside the package, with the sentence for the user."""


def read_ofd(path: Path | str, data: bytes) -> str:
    """The running text of an OFD file (see the module's docstring)."""
    if not data.startswith(b"PK"):
        raise ReportReadError(path, sniff_binary(data) or Message(CORRUPT, kind="OFD"))
    pages: list[list[Line]] = []
    heights: list[float] = []
    try:
        with SafeZip(data, OFD_LIMITS) as z:
            chars = 0
            for glyphs, height in _pages(z):
                chars += len(glyphs)
                if chars > MAX_CHARS:
                    raise _Bad(Message("read.too_much_text", kind="OFD"))
                pages.append(build_lines(glyphs, len(pages)))
                heights.append(height)
    except ZipLimitError as exc:
        raise ReportReadError(path, exc.args[0] if exc.args else str(exc)) from None
    except BadZipError:
        raise ReportReadError(path, Message(CORRUPT, kind="OFD")) from None
    except _Bad as exc:
        raise ReportReadError(path, exc.args[0] if exc.args else str(exc)) from None
    if not any(pages):
        raise ReportReadError(path, Message(NO_TEXT))
    text = rebuild_text(pages, heights)
    if not text.strip():
        raise ReportReadError(path, Message(NO_TEXT))
    if mostly_private_use(text):
        raise ReportReadError(path, Message("read.ofd_private_use"))
    return text


# -- package structure -------------------------------------------------------------------------

def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el: etree._Element, name: str) -> Iterator[etree._Element]:
    return (c for c in el if _local(c) == name)


def _child(el: etree._Element | None, *names: str) -> etree._Element | None:
    for name in names:
        if el is None:
            return None
        el = next(_children(el, name), None)
    return el


def _xml(z: SafeZip, name: str) -> etree._Element:
    try:
        raw = z.read(name, MAX_XML_PART)
    except KeyError:
        raise _Bad(Message("read.ofd_part_missing", part=name[:80])) from None
    try:
        root = etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise _Bad(Message("read.ofd_bad_xml", part=name[:80], why=str(exc))) from None
    if root is None:
        raise _Bad(Message(CORRUPT, kind="OFD"))
    return root


def _locate(z: SafeZip, base: str, ref: str) -> str:
    """The part ``ref`` names from part ``base``; some producers write page locations from the
    package root instead of the document's folder, so that is tried second."""
    first = SafeZip.resolve(base, ref)
    if first in z:
        return z.find(first) or first
    second = SafeZip.resolve("", ref)
    return (z.find(second) or second) if second in z else first


def _pages(z: SafeZip) -> Iterator[tuple[list[Glyph], float]]:
    root_name = z.find("OFD.xml")
    if root_name is None:
        raise _Bad(Message(CORRUPT, kind="OFD"))
    root = _xml(z, root_name)
    if _local(root) != "OFD":
        raise _Bad(Message(CORRUPT, kind="OFD"))
    count = 0
    for body in _children(root, "DocBody"):
        doc_root = _child(body, "DocRoot")
        if doc_root is None or not (doc_root.text or "").strip():
            continue
        doc_name = _locate(z, root_name, doc_root.text)
        document = _xml(z, doc_name)
        default_box = _box(_child(document, "CommonData", "PageArea", "PhysicalBox"), DEFAULT_PAGE)
        pages = _child(document, "Pages")
        for page_ref in _children(pages, "Page") if pages is not None else ():
            count += 1
            if count > MAX_PAGES:
                raise _Bad(Message("read.too_many_pages", kind="OFD", limit=MAX_PAGES))
            loc = page_ref.get("BaseLoc") or ""
            if not loc.strip():
                continue
            page = _xml(z, _locate(z, doc_name, loc))
            box = _box(_child(page, "Area", "PhysicalBox"), default_box)
            yield list(_page_glyphs(page)), box[3]


def _numbers(s: str | None) -> list[float]:
    return [float(v) for v in _NUMBER.findall(s or "")]


def _box(el: etree._Element | None, default: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    values = _numbers(el.text if el is not None else None)
    if len(values) == 4 and values[2] > 0 and values[3] > 0:
        return values[0], values[1], values[2], values[3]
    return default


def _deltas(raw: str | None, needed: int) -> list[float]:
    """A DeltaX/DeltaY list with ``g N V`` expanded, never longer than ``needed``."""
    out: list[float] = []
    tokens = (raw or "").split()
    i = 0
    while i < len(tokens) and len(out) < needed:
        tok = tokens[i]
        if tok == "g" and i + 2 < len(tokens):
            try:
                n, value = int(float(tokens[i + 1])), float(tokens[i + 2])
            except ValueError:
                break
            out.extend([value] * max(0, min(n, needed - len(out))))
            i += 3
            continue
        try:
            out.append(float(tok))
        except ValueError:
            break
        i += 1
    return out


def _page_glyphs(page: etree._Element) -> Iterator[Glyph]:
    """Every character of the page's text objects, in content order, positions in mm on the page."""
    content = _child(page, "Content")
    if content is None:
        return
    for obj in content.iter():  # PageBlocks nest at any depth; iter() does not recurse in Python
        if _local(obj) == "TextObject":
            yield from _text_object(obj)


def _text_object(obj: etree._Element) -> Iterator[Glyph]:
    bx, by, _bw, _bh = (_numbers(obj.get("Boundary")) + [0.0, 0.0, 0.0, 0.0])[:4]
    ctm = _numbers(obj.get("CTM"))
    a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    sizes = _numbers(obj.get("Size"))
    size = sizes[0] if sizes and sizes[0] > 0 else 3.5
    scale = math.sqrt(abs(a * d - b * c)) or 1.0
    x_scale = math.hypot(a, b) or 1.0
    em = size * scale
    x = y = 0.0
    for code in obj:
        if _local(code) != "TextCode":
            continue
        text = code.text or ""
        if "X" in code.attrib:
            x = (_numbers(code.get("X")) or [x])[0]
        if "Y" in code.attrib:
            y = (_numbers(code.get("Y")) or [y])[0]
        chars = list(text)
        dx = _deltas(code.get("DeltaX"), len(chars))
        dy = _deltas(code.get("DeltaY"), len(chars))
        px, py = x, y
        for k, ch in enumerate(chars):
            if k:
                # a missing delta: the standard says "no offset", but characters drawn on top of
                # each other are no text anyone wrote; advance by the font size instead
                px += dx[k - 1] if k - 1 < len(dx) else (dx[-1] if dx else size)
                py += dy[k - 1] if k - 1 < len(dy) else 0.0
            advance = dx[k] if k < len(dx) else (size if ord(ch) > 0x2E7F else size / 2)
            gx = a * px + c * py + e + bx
            gy = b * px + d * py + f + by
            yield Glyph(ch, gx, gx + max(advance * x_scale, em * 0.3), gy, em)
