"""Zip packages read within bounds: declared sizes, ratios, headers that lie, names outside the package.

Every zip-based format the app reads goes through :class:`~lawgov_desktop.core.safezip.SafeZip`:
.docx (all of its parts — styles.xml and numbering.xml as much as document.xml) and .ofd.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.core.readers import read_report
from lawgov_desktop.core.safezip import BadZipError, SafeZip, ZipLimitError, ZipLimits

ROOT = Path(__file__).resolve().parent.parent


def zip_of(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def lie_about_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """The package with ``name``'s uncompressed size rewritten to ``size`` in both headers."""
    out = bytearray(data)
    pos = out.find(b"PK\x03\x04")
    while pos >= 0:
        name_len = struct.unpack_from("<H", out, pos + 26)[0]
        if out[pos + 30:pos + 30 + name_len] == name:
            struct.pack_into("<I", out, pos + 22, size)
        pos = out.find(b"PK\x03\x04", pos + 4)
    pos = out.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", out, pos + 28)[0]
        if out[pos + 46:pos + 46 + name_len] == name:
            struct.pack_into("<I", out, pos + 24, size)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def test_reads_parts_and_resolves_names() -> None:
    with SafeZip(zip_of({"OFD.xml": b"<a/>", "Doc_0/Document.xml": b"<b/>"})) as z:
        assert z.read("OFD.xml") == b"<a/>"
        assert z.read("doc_0/document.XML") == b"<b/>"  # Windows tools write any case
        assert SafeZip.resolve("Doc_0/Document.xml", "Pages/Page_0/Content.xml") == "Doc_0/Pages/Page_0/Content.xml"
        assert SafeZip.resolve("Doc_0/Document.xml", "/Doc_0/Res/x.xml") == "Doc_0/Res/x.xml"
        assert SafeZip.resolve("Doc_0/Pages/P/Content.xml", "..\\..\\Res.xml") == "Doc_0/Res.xml"
        with pytest.raises(KeyError):
            z.read("missing.xml")
    for ref in ["../../etc/passwd", "/../x", "C:/Windows/x", "a/../../../x"]:
        with pytest.raises(ZipLimitError):
            SafeZip.resolve("Doc_0/Document.xml", ref)


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/evil.xml", "a/../../evil.xml", "C:/evil.xml"])
def test_entry_names_outside_the_package_refused(name: str) -> None:
    with pytest.raises(ZipLimitError, match="包外"):
        SafeZip(zip_of({"ok.xml": b"<a/>", name: b"<x/>"}))


def test_declared_size_and_ratio_refused_before_inflating() -> None:
    limits = ZipLimits(max_part=1024 * 1024, max_total=2 * 1024 * 1024, ratio_floor=64 * 1024, max_ratio=50)
    with pytest.raises(ZipLimitError, match="压缩炸弹"):  # one part too big
        SafeZip(zip_of({"big.xml": b"x" * (2 * 1024 * 1024)}), limits)
    with pytest.raises(ZipLimitError, match="压缩炸弹"):  # a compression ratio no real part has
        SafeZip(zip_of({"ratio.xml": b"\x00" * (512 * 1024)}), limits)
    with pytest.raises(ZipLimitError):  # together too big
        SafeZip(zip_of({f"p{i}.xml": bytes(range(256)) * 3000 for i in range(4)}), limits)
    many = zip_of({f"p{i}": b"" for i in range(50)})
    with pytest.raises(ZipLimitError, match="太多"):
        SafeZip(many, ZipLimits(max_entries=20))


def test_a_header_that_lies_is_caught_after_bounded_work() -> None:
    """The header says 100 bytes; the data inflates to 50 MB: reading stops at the declared size."""
    honest = zip_of({"styles.xml": b"<a/>" * (12 * 1024 * 1024)})
    lying = lie_about_sizes(honest, b"styles.xml", 100)
    with SafeZip(lying) as z, pytest.raises(BadZipError):
        z.read("styles.xml")


def test_damaged_package_refused() -> None:
    with pytest.raises(BadZipError):
        SafeZip(b"PK\x03\x04" + bytes(100))


# ------------------------------------------------------------------------------- in .docx


def _docx_with(tmp_path: Path, part: str, data: bytes) -> Path:
    document = docx.Document()
    document.add_paragraph("天津市某区2023年法治政府建设情况报告")
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    parts[part] = data
    path = tmp_path / "bomb.docx"
    path.write_bytes(zip_of(parts))
    return path


@pytest.mark.parametrize("part", ["word/styles.xml", "word/numbering.xml", "word/document.xml", "docProps/app.xml"])
def test_docx_bomb_in_any_part_refused(tmp_path: Path, part: str) -> None:
    # 16 MB of one byte: a ratio of about 1,000 to 1
    path = _docx_with(tmp_path, part, b"<w:styles>" + b" " * (16 * 1024 * 1024))
    with pytest.raises(ReportReadError, match="压缩炸弹"):
        read_report(path)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory is read from /proc")
def test_docx_styles_bomb_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """The case of the issue, scaled down to what a test writes quickly: styles.xml inflating to
    600 MB (the issue's 3 GB one took 6.3 GB of memory and 72 s before it was refused)."""
    path = tmp_path / "styles-bomb.docx"
    document = docx.Document()
    document.add_paragraph("正文")
    document.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("word/styles2.xml", "w", force_zip64=True) as f:
            for _ in range(600):
                f.write(b"<a/>" * (1 << 18))
    code = (
        "import json, sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from lawgov_desktop.core.errors import ReportReadError\n"
        "from lawgov_desktop.core.readers import read_report\n"
        "t = time.monotonic()\n"
        f"try:\n    read_report({str(path)!r}); why = ''\n"
        "except ReportReadError as e:\n    why = e.reason\n"
        # this process's own high-water mark (ru_maxrss would carry over the parent's: it survives exec)
        "hwm = int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) / 1024\n"
        "print(json.dumps([why, time.monotonic() - t, hwm]))\n"
    )
    import json

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    why, seconds, peak_mb = json.loads(done.stdout.strip().splitlines()[-1])
    assert "压缩炸弹" in why
    assert seconds < 5 and peak_mb < 300


@pytest.mark.parametrize("name", ["annotations.xlsx", "project.qdpx", "export.jsonl"])
def test_import_annotations_never_inflates_a_zip(tmp_path: Path, name: str) -> None:
    """Annotations come back from JSONL and W3C exports; a zip package (an .xlsx or .qdpx
    export, or a bomb named like anything) is refused from its first bytes, never inflated."""
    from lawgov_desktop.export.importer import read_file

    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/sharedStrings.xml", "w") as f:
        for _ in range(64):  # 64 MB of one byte
            f.write(b"\x00" * (1 << 20))
    with pytest.raises(ValueError, match="JSONL 或 W3C"):
        read_file(path)
