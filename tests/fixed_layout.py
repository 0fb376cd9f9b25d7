"""Building PDF, OFD and .docx files from the seed texts, for the reader tests.

* PDF: Qt's ``QPdfWriter`` with the bundled font (``resources/fonts``), A4, 16 px text, each
  paragraph with a two-character first-line indent, wrapped at the right margin, a running
  header and a page number in the style asked for.
* OFD: a hand-made package (OFD.xml → Doc_0/Document.xml → Pages/Page_N/Content.xml) with one
  ``TextObject`` per line, ``TextCode`` positions in mm and ``DeltaX`` lists using the ``g``
  shorthand; a ``TemplatePage`` carries the running header, and page numbers are drawn on the
  pages themselves, as converters do.
* .docx: python-docx, one paragraph per line of the seed.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "LawGovSansSC-Regular.otf"

PAGE_NUMBER_STYLES = {
    "dash": lambda n, total: f"- {n} -",
    "page": lambda n, total: f"第 {n} 页",
    "of": lambda n, total: f"{n}/{total}",
    "page_of": lambda n, total: f"第 {n} 页 共 {total} 页",
}


def paragraphs_of(text: str) -> list[str]:
    """The seed's paragraphs: its non-blank lines, without the spaces around them."""
    return [line.strip() for line in text.lstrip("\ufeff").replace("\r\n", "\n").split("\n") if line.strip()]


def _wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80


# ----------------------------------------------------------------------------------------- PDF

def make_pdf(path: Path, paragraphs: list[str], *, header: str = "", numbers: str = "dash",
             repeat: int = 1, font_px: int = 16, two_columns: bool = False, title_px: int = 0) -> int:
    """Write ``paragraphs`` (``repeat`` times over) as a PDF; returns the number of pages.

    ``title_px``: the first paragraph is a title, centred at the top of page 1 in that size.

    Needs a QGuiApplication (the ``qapp`` fixture).
    """
    from PySide6.QtCore import QMarginsF, QPointF
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QPageSize, QPainter, QPdfWriter

    font_id = QFontDatabase.addApplicationFont(str(FONT))
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    font = QFont(family)
    font.setPixelSize(font_px)
    small = QFont(family)
    small.setPixelSize(font_px - 4)
    fm = QFontMetricsF(font)
    width, height = 595, 842
    left, right, top, bottom = 72.0, width - 72.0, 100.0, height - 90.0
    gutter = 24.0
    columns = [(left, (left + right - gutter) / 2), ((left + right + gutter) / 2, right)] if two_columns \
        else [(left, right)]
    pitch = font_px * 1.75
    advance: dict[str, float] = {}

    # lay every line out first, so the page count is known for "3/12"
    laid: list[list[tuple[float, float, str]]] = [[]]
    col, y = 0, top
    title = paragraphs[0] if title_px else ""
    if title:
        paragraphs = paragraphs[1:]
        y += title_px * 1.5
    for _ in range(repeat):
        for para in paragraphs:
            c_left, c_right = columns[col]
            x0 = c_left + 2 * font_px
            line, used = "", 0.0
            lines: list[tuple[float, str]] = []
            for ch in para:
                adv = advance.setdefault(ch, fm.horizontalAdvance(ch))
                if line and used + adv > c_right - x0:
                    lines.append((x0, line))
                    line, used, x0 = "", 0.0, c_left
                line += ch
                used += adv
            lines.append((x0, line))
            for x, text in lines:
                if y > bottom:
                    col += 1
                    if col == len(columns):
                        laid.append([])
                        col = 0
                    y = top
                # lines were wrapped in the paragraph's first column: same width, other place
                laid[-1].append((x - c_left + columns[col][0], y, text))
                y += pitch
    total = len(laid)
    painter = QPainter(writer)
    for n, page in enumerate(laid, start=1):
        if n > 1:
            writer.newPage()
        painter.setFont(small)
        if header:
            painter.drawText(QPointF(left, 56), header)
        if numbers:
            label = PAGE_NUMBER_STYLES[numbers](n, total)
            painter.drawText(QPointF(width / 2 - QFontMetricsF(small).horizontalAdvance(label) / 2, height - 40), label)
        if title and n == 1:
            big = QFont(family)
            big.setPixelSize(title_px)
            painter.setFont(big)
            painter.drawText(QPointF(width / 2 - QFontMetricsF(big).horizontalAdvance(title) / 2, top), title)
        painter.setFont(font)
        for x, y, text in page:
            painter.drawText(QPointF(x, y), text)  # a space is drawn as a gap, with no glyph
    painter.end()
    return total


# ----------------------------------------------------------------------------------------- OFD

OFD_NS = "http://www.ofdspec.org/2016"


def _delta_list(advances: list[float]) -> str:
    """A DeltaX list, runs of one value written with the ``g`` shorthand."""
    out: list[str] = []
    i = 0
    while i < len(advances):
        j = i
        while j < len(advances) and advances[j] == advances[i]:
            j += 1
        run = j - i
        out.append(f"g {run} {advances[i]:g}" if run > 2 else " ".join([f"{advances[i]:g}"] * run))
        i = j
    return " ".join(out)


def ofd_page_xml(lines: list[tuple[float, float, str]], size: float, number: str = "", page_id: int = 1) -> str:
    objs = []
    oid = page_id * 1000
    for x, y, text in lines:
        advances = [size if _wide(ch) else round(size / 2, 3) for ch in text]
        width = sum(advances)
        oid += 1
        # Boundary at the line's box, the TextCode relative to it (baseline 0.88 em down)
        objs.append(
            f'<ofd:TextObject ID="{oid}" Boundary="{x:g} {y - size * 0.88:.3f} {width:.3f} {size * 1.2:.3f}" '
            f'Font="3" Size="{size:g}"><ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{size * 0.88:.3f}" DeltaX="{_delta_list(advances[:-1])}">{_esc(text)}</ofd:TextCode>'
            f"</ofd:TextObject>")
    if number:
        oid += 1
        advances = [size if _wide(ch) else round(size / 2, 3) for ch in number]
        objs.append(f'<ofd:TextObject ID="{oid}" Boundary="95 280 30 8" Font="3" Size="{size:g}">'
                    f'<ofd:TextCode X="0" Y="5" DeltaX="{_delta_list(advances[:-1])}">{_esc(number)}</ofd:TextCode>'
                    f"</ofd:TextObject>")
    # the body in a PageBlock, as some converters group it
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}">'
            f'<ofd:Template TemplateID="2" ZOrder="Background"/>'
            f'<ofd:Content><ofd:Layer ID="{page_id * 1000}" Type="Body"><ofd:PageBlock ID="{page_id * 1000 + 999}">'
            + "".join(objs) + "</ofd:PageBlock></ofd:Layer></ofd:Content></ofd:Page>")


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def layout_ofd_pages(paragraphs: list[str], size: float = 5.6, repeat: int = 1) -> list[list[tuple[float, float, str]]]:
    """Lines laid out on A4 in mm: 25 mm margins, first-line indent of two characters."""
    left, right, top, bottom = 25.0, 185.0, 40.0, 265.0
    pitch = size * 1.7
    pages: list[list[tuple[float, float, str]]] = [[]]
    y = top
    for _ in range(repeat):
        for para in paragraphs:
            x0 = left + 2 * size
            line, used = "", 0.0
            lines: list[tuple[float, str]] = []
            for ch in para:
                adv = size if _wide(ch) else size / 2
                if line and x0 + used + adv > right:
                    lines.append((x0, line))
                    line, used, x0 = "", 0.0, left
                line += ch
                used += adv
            lines.append((x0, line))
            for x, text in lines:
                if y > bottom:
                    pages.append([])
                    y = top
                pages[-1].append((x, y, text))
                y += pitch
    return pages


def make_ofd(path: Path, paragraphs: list[str], *, header: str = "", size: float = 5.6, repeat: int = 1,
             extra: dict[str, bytes | str] | None = None, page_xml: list[str] | None = None) -> int:
    """Write an OFD package of ``paragraphs``; returns the number of pages.  ``page_xml``
    replaces the pages' content parts, ``extra`` adds or replaces parts (for hostile cases)."""
    pages = page_xml if page_xml is not None else [
        ofd_page_xml(lines, size, f"- {n} -", n) for n, lines in enumerate(layout_ofd_pages(paragraphs, size, repeat), 1)]
    ofd = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.1" DocType="OFD">'
           f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>0c1f</ofd:DocID><ofd:Title>report</ofd:Title></ofd:DocInfo>"
           f"<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    page_refs = "".join(f'<ofd:Page ID="{100 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
    document = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData>'
                f"<ofd:MaxUnitID>99999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
                f"</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
                f'<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
                f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>")
    public_res = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{OFD_NS}" BaseLoc="Res">'
                  f'<ofd:Fonts><ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    template = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
                f'<ofd:Layer ID="3"><ofd:TextObject ID="4" Boundary="25 15 160 8" Font="3" Size="4">'
                f'<ofd:TextCode X="0" Y="5" DeltaX="g {max(len(header) - 1, 0)} 4">{_esc(header)}</ofd:TextCode>'
                f"</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>")
    parts: dict[str, bytes | str] = {"OFD.xml": ofd, "Doc_0/Document.xml": document, "Doc_0/PublicRes.xml": public_res,
                                     "Doc_0/Tpls/Tpl_0/Content.xml": template}
    for n, xml in enumerate(pages):
        parts[f"Doc_0/Pages/Page_{n}/Content.xml"] = xml
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return len(pages)


# ---------------------------------------------------------------------------------------- docx

def make_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for para in paragraphs:
        document.add_paragraph(para)
    document.save(str(path))


# ------------------------------------------------------------------------ hand-written PDFs

def pdf_bytes(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file of numbered ``objects`` (1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra
            + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return bytes(out)


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def encrypted_pdf(user_password: bytes = b"secret", owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF with a text layer, encrypted with the standard security handler
    (RC4, 40-bit, revision 2: PDF 1.7 §7.6.3, algorithms 1–4), needing ``user_password``."""
    import hashlib
    import struct

    file_id = hashlib.md5(b"lawgov test").digest()
    owner_key = hashlib.md5((owner_password + _PAD)[:32]).digest()[:5]
    o_value = _rc4(owner_key, (user_password + _PAD)[:32])
    permissions = -44  # print and copy not allowed, as "protected" government PDFs often say
    key = hashlib.md5((user_password + _PAD)[:32] + o_value + struct.pack("<i", permissions) + file_id).digest()[:5]
    u_value = _rc4(key, _PAD)

    def seal(number: int, data: bytes) -> bytes:
        object_key = hashlib.md5(key + struct.pack("<i", number)[:3] + b"\x00\x00").digest()[:10]
        return _rc4(object_key, data)

    content = seal(4, b"BT /F1 24 Tf 72 700 Td (Annual report of the district) Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + o_value.hex().encode() + b"> /U <" + u_value.hex().encode()
        + b"> /P %d >>" % permissions,
    ]
    return pdf_bytes(objects, b"/Encrypt 6 0 R /ID [<" + file_id.hex().encode() + b"> <" + file_id.hex().encode() + b">]")


def flate_bomb_pdf(megabytes: int) -> bytes:
    """A one-page PDF whose content stream is ``megabytes`` MB of spaces, deflated (about 1,000:1)."""
    import zlib

    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ])


def scanned_pdf(path: Path, paragraphs: list[str], page_numbers: bool = False) -> None:
    """A "scan": each page is one picture of the text, with no text layer (optionally with
    page numbers as text, as some scanning software stamps them)."""
    from PySide6.QtCore import QMarginsF, QPointF, QRectF
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPageSize, QPainter, QPdfWriter

    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(FONT)))[0]
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    painter = QPainter(writer)
    for n in range(2):
        if n:
            writer.newPage()
        image = QImage(595, 842, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        p = QPainter(image)
        font = QFont(family)
        font.setPixelSize(16)
        p.setFont(font)
        for k, para in enumerate(paragraphs[:20]):
            p.drawText(QPointF(72, 100 + 28 * k), para[:30])
        p.end()
        painter.drawImage(QRectF(0, 0, 595, 842), image)
        if page_numbers:
            painter.drawText(QPointF(290, 810), f"- {n + 1} -")
    painter.end()


def print_pdf(path: Path, paragraphs: list[str], point_size: int = 12) -> None:
    """A PDF from Qt's own paragraph layout (QTextDocument.print_): the first paragraph a centred
    title, the others with a two-character first-line indent, Qt's page numbers at the foot, and
    a line cut by a page break drawn (clipped) on both pages, as this printing path does."""
    import html

    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QFont, QFontDatabase, QPageSize, QPdfWriter, QTextDocument

    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(FONT)))[0]
    indent = 2 * point_size * 1200 // 72  # QPdfWriter's default 1200 dpi: rich-text px are its dots
    body = "".join(f'<p style="text-indent:{indent}px; margin:0">{html.escape(p)}</p>' if i
                   else f'<h2 align="center">{html.escape(p)}</h2>' for i, p in enumerate(paragraphs))
    document = QTextDocument()
    document.setDefaultFont(QFont(family, point_size))
    document.setHtml(body)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(25, 25, 25, 25))
    document.print_(writer)
