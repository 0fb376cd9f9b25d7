""".docx: the body in document order, tables included (a row per line, cells tab-separated),
with text of tracked insertions, content controls and links but not of deletions, field
codes, text boxes or shapes.  Automatic Word list numbering (``一、``, ``（一）``, ``1.`` made
by numbering.xml rather than typed) is written before its paragraph as Word shows it: the
outline parser depends on those labels.  Bullets are left out.

The package is opened through :mod:`lawgov_desktop.core.safezip`: every part is bounded in
size and compression ratio before anything is inflated.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from lawgov_desktop.core.encoding import sniff_binary
from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.core.numbering import int_to_cn
from lawgov_desktop.core.safezip import BadZipError, SafeZip, ZipLimitError, ZipLimits
from lawgov_desktop.messages import Message

if TYPE_CHECKING:
    import docx.document

#: A .docx is at most 100 MB; its XML parts inflate to far less than this in real reports.
DOCX_LIMITS = ZipLimits(max_part=256 * 1024 * 1024, max_total=512 * 1024 * 1024)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_SKIP = {_W + t for t in ("pPr", "rPr", "del", "moveFrom", "drawing", "pict", "object", "instrText", "delText",
                            "fldChar", "footnoteReference", "endnoteReference", "sym", "br", "rt")}
_W_SKIP.add("{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")
_W_CHARS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


def read_docx(path: Path, data: bytes) -> str:
    """The text of a .docx (see the module's docstring)."""
    import docx  # python-docx is slow to import; only pay for it when a .docx shows up

    corrupt = Message("read.corrupt", kind="DOCX")
    if not data.startswith(b"PK"):
        raise ReportReadError(path, sniff_binary(data) or corrupt)
    try:
        # every part's declared size and ratio are checked before python-docx inflates any of
        # them (it reads them all, styles.xml and numbering.xml too); zipfile never inflates a
        # part past its declared size, so a header that lies ends in a CRC error, not a bomb
        SafeZip(data, DOCX_LIMITS).close()
    except ZipLimitError as exc:
        raise ReportReadError(path, exc.args[0] if exc.args else str(exc)) from None
    except BadZipError:
        raise ReportReadError(path, corrupt) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # zipfile, python-docx and lxml raise a dozen types for damaged packages
        raise ReportReadError(path, corrupt) from None
    body = document.element.body
    return "" if body is None else "\n".join(_docx_blocks(body, _Numbering(document)))


def _docx_blocks(container: etree._Element, numbering: _Numbering) -> Iterator[str]:
    """The lines of ``container``'s paragraphs and tables, in document order."""
    for child in container:
        tag = child.tag
        if tag == _W + "p":
            yield numbering.label(child) + "".join(_docx_runs(child))
        elif tag == _W + "tbl":
            for row in child.iterchildren(_W + "tr"):  # nested tables come out flattened in their cell
                cells = [[c for c in _docx_blocks(tc, numbering) if c.strip()] for tc in row.iterchildren(_W + "tc")]
                if len(cells) == 1:  # one-cell rows are frames around text: keep their lines
                    yield from cells[0]
                elif any(cells):
                    yield "\t".join(" ".join(c).replace("\n", " ") for c in cells)
        elif tag in (_W + "sdt", _W + "customXml", _W + "sdtContent"):
            yield from _docx_blocks(child, numbering)


def _docx_runs(el: etree._Element) -> Iterator[str]:
    for child in el:
        tag = child.tag
        if tag == _W + "t":
            yield child.text or ""
        elif tag in _W_CHARS:
            yield _W_CHARS[tag]
        elif tag == _W + "br" and child.get(_W + "type", "textWrapping") == "textWrapping":
            yield "\n"  # page and column breaks are layout, not text
        elif tag not in _W_SKIP and isinstance(tag, str):
            yield from _docx_runs(child)  # runs, hyperlinks, insertions, smart tags, fields


_CN_FORMATS = frozenset({"chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting"})
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _format_number(n: int, fmt: str) -> str:
    """One counter as Word shows it in the numbering formats Chinese documents use."""
    if fmt in _CN_FORMATS and 0 < n < 100:
        return int_to_cn(n)
    if fmt.startswith("decimalEnclosedCircle") and 0 < n <= 20:
        return chr(0x245F + n)  # ① …
    if fmt in ("upperLetter", "lowerLetter") and 0 < n <= 26:
        return chr((65 if fmt == "upperLetter" else 97) + n - 1)
    return str(n).translate(_FULL_WIDTH) if fmt == "decimalFullWidth" else str(n)


class _Numbering:
    """Renders Word's automatic list labels (``一、``, ``（一）``, ``1.``) for paragraphs.

    Counters are kept per abstract list definition, as Word does for lists that share
    one; a level restarts when a shallower one advances.  Bullets render as nothing.
    """

    def __init__(self, document: docx.document.Document) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        root, styles = (_part_xml(document, rel) for rel in (RT.NUMBERING, RT.STYLES))
        # abstractNumId -> ilvl -> (format, label template, start)
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {
            an.get(_W + "abstractNumId", ""): {
                _int(lvl.get(_W + "ilvl")): (_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText"),
                                             _int(_val(lvl, "start"), 1)) for lvl in an.iter(_W + "lvl")}
            for an in root.iter(_W + "abstractNum")}
        # numId -> (abstractNumId, {ilvl: start override})
        self.nums: dict[str, tuple[str, dict[int, int]]] = {
            num.get(_W + "numId", ""): (_val(num, "abstractNumId"), {
                _int(o.get(_W + "ilvl")): _int(_val(o, "startOverride"), 1)
                for o in num.iter(_W + "lvlOverride") if o.find(_W + "startOverride") is not None})
            for num in root.iter(_W + "num")}
        # paragraph styleId -> (numId, ilvl) for heading styles linked to a list
        self.style_num: dict[str, tuple[str, str]] = {
            st.get(_W + "styleId", ""): (_val(num_pr, "numId"), _val(num_pr, "ilvl"))
            for st in styles.iter(_W + "style") if (num_pr := st.find(f"{_W}pPr/{_W}numPr")) is not None}
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()

    def label(self, p: etree._Element) -> str:
        ppr = p.find(_W + "pPr")
        if ppr is None or not self.nums:
            return ""
        num_id, ilvl_s = self.style_num.get(_val(ppr, "pStyle"), ("", ""))
        num_pr = ppr.find(_W + "numPr")
        if num_pr is not None:
            num_id, ilvl_s = _val(num_pr, "numId") or num_id, _val(num_pr, "ilvl") or ilvl_s
        ilvl = _int(ilvl_s)
        abstract, starts = self.nums.get(num_id, ("", {}))  # numId 0 means "numbering removed"
        levels = self.levels.get(abstract, {})
        if not 0 <= ilvl < 9 or ilvl not in levels or levels[ilvl][0] in ("bullet", "none"):
            return ""
        counts = self.counters.setdefault(abstract, [0] * 9)
        if num_id not in self.started:  # a restarted list ("重新编号") carries start overrides
            self.started.add(num_id)
            for lvl, start in starts.items():
                counts[lvl % 9] = start - 1
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else levels[ilvl][2]
        counts[ilvl + 1:] = [0] * (8 - ilvl)

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            fmt, _text, start = levels.get(k, ("decimal", "", 1))
            return _format_number(counts[k] or start, fmt)

        return re.sub(r"%([1-9])", sub, levels[ilvl][1])


def _part_xml(document: docx.document.Document, reltype: str) -> etree._Element:
    try:  # python-docx would try (and fail) to create a missing numbering part
        return document.part.part_related_by(reltype).element  # type: ignore[attr-defined]
    except KeyError:
        return etree.Element(_W + "none")


def _val(el: etree._Element, child: str) -> str:
    found = el.find(_W + child)
    return "" if found is None else found.get(_W + "val", "")


def _int(s: str | None, default: int = 0) -> int:
    return int(s) if s and s.lstrip("-").isdigit() else default
