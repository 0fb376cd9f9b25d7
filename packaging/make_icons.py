"""Render the app icon ``resources/icons/lawgov-desktop.svg`` to every size and format needed.

Writes, beside the SVG:

* ``lawgov-desktop-<N>.png`` for N = 16 … 512 (Linux hicolor theme, window icon, About box);
* ``lawgov-desktop.ico`` (Windows: the .exe, the installer, the Start menu entry, .lawgov files):
  uncompressed 32-bit entries up to 128 px, a PNG entry at 256 px, as Windows expects;
* ``lawgov-desktop.icns`` (macOS .app bundle): PNG entries 16 … 1024 px.

Build-time only; uses Qt's own SVG renderer (PySide6 is a dependency anyway)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
NAME = "lawgov-desktop"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: icns OSType for each PNG size (icp4/icp5/icp6 and ic07 … ic10)
ICNS_TYPES = ((16, b"icp4"), (32, b"icp5"), (64, b"icp6"), (128, b"ic07"), (256, b"ic08"),
              (512, b"ic09"), (1024, b"ic10"))


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buf, "PNG"):
        raise RuntimeError("cannot encode PNG")
    buf.close()
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """An ICO entry as a Windows DIB: BITMAPINFOHEADER, BGRA rows bottom-up, an empty AND mask."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    stride = image.bytesPerLine()
    raw = bytes(image.constBits())  # Format_ARGB32 on a little-endian machine: B, G, R, A
    rows = [raw[y * stride: y * stride + size * 4] for y in range(size)]
    pixels = b"".join(reversed(rows))
    mask_stride = ((size + 31) // 32) * 4
    return header + pixels + bytes(mask_stride * size)


def ico_bytes(entries: list[tuple[int, bytes]]) -> bytes:
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    blobs = []
    for size, blob in entries:
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs.append(blob)
    return out + b"".join(blobs)


def icns_bytes(entries: list[tuple[bytes, bytes]]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(blob)) + blob for kind, blob in entries)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    if sys.byteorder != "little":
        raise SystemExit("make_icons.py writes ICO pixels assuming a little-endian machine")
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0], "-platform", "offscreen"])
    svg = ICONS / f"{NAME}.svg"
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    for size in PNG_SIZES:
        (ICONS / f"{NAME}-{size}.png").write_bytes(png_bytes(render(renderer, size)))
    ico = [(s, png_bytes(render(renderer, s)) if s >= 256 else dib_bytes(render(renderer, s)))
           for s in ICO_SIZES]
    (ICONS / f"{NAME}.ico").write_bytes(ico_bytes(ico))
    icns = [(kind, png_bytes(render(renderer, s))) for s, kind in ICNS_TYPES]
    (ICONS / f"{NAME}.icns").write_bytes(icns_bytes(icns))
    del app
    print(f"wrote {len(PNG_SIZES)} PNG, 1 ICO, 1 ICNS to {ICONS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
