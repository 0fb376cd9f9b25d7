"""PDF, OFD and .docx files made from the seed texts read back paragraph for paragraph, with the gold outline.

The files are built here (tests/fixed_layout.py): PDFs with Qt's QPdfWriter and the bundled
font, multi-page with running headers and page numbers in four styles (and one two-column
layout); OFD packages by hand; .docx with python-docx.  Then: scans and encrypted PDFs are
refused with their reasons, and hostile files (PDF and zip bombs, entity expansion, a
500-page PDF) are dealt with in bounded time and memory.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.core.outline import parse_outline
from lawgov_desktop.core.readers import read_report
from lawgov_desktop.core.readers.layout import Glyph, build_lines, rebuild_text

from .conftest import GOLD, SEEDS
from .fixed_layout import (
    encrypted_pdf,
    flate_bomb_pdf,
    make_docx,
    make_ofd,
    make_pdf,
    ofd_page_xml,
    paragraphs_of,
    print_pdf,
    scanned_pdf,
)
from .test_outline_gold import align

SEED_FILES = sorted(SEEDS.glob("*.txt"))
STYLES = ["dash", "page", "of", "page_of", "dash"]
ROOT = Path(__file__).resolve().parent.parent


def seed_paragraphs(seed: Path) -> list[str]:
    return paragraphs_of(seed.read_text(encoding="utf-8"))


def gold_of(seed: Path) -> list[dict]:
    return json.loads((GOLD / f"{seed.stem}.json").read_text(encoding="utf-8"))["sections"]


def squash_cjk_spaces(s: str) -> str:
    """Qt's PDF engine draws a space as a gap with no glyph; next to a Chinese character such a
    gap is no space for the reader (Word leaves the same gap between Chinese and Latin with
    its automatic spacing), so the PDF comparison ignores spaces beside Chinese characters.
    The bundled font draws — (U+2014) and ― (U+2015) with one glyph, and the text layer Qt
    writes names either, depending on what the process drew before: they compare equal."""
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", s).replace("\u2015", "\u2014")


def refused(path: Path) -> str:
    with pytest.raises(ReportReadError) as info:
        read_report(path)
    assert path.name in str(info.value)
    return info.value.reason


# ------------------------------------------------------------------------------------- PDF


@pytest.mark.parametrize("k", range(len(SEED_FILES)), ids=lambda k: SEED_FILES[k].name[:3])
def test_pdf_of_a_seed_reads_back_paragraph_for_paragraph(qapp, tmp_path: Path, k: int) -> None:
    seed = SEED_FILES[k]
    want = seed_paragraphs(seed)
    path = tmp_path / f"{seed.stem}.pdf"
    pages = make_pdf(path, want, header="某区人民政府2022年法治政府建设年度报告", numbers=STYLES[k], two_columns=k == 4)
    assert pages >= 3
    read = read_report(path)
    assert (read.source_format, read.encoding) == ("pdf", "utf-8")
    got = paragraphs_of(read.text)
    assert [squash_cjk_spaces(p) for p in got] == [squash_cjk_spaces(p) for p in want]
    assert "某区人民政府2022年法治政府建设年度报告" not in read.text  # the running header
    align(parse_outline(read.text), gold_of(seed))


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_pdf_from_qt_paragraph_layout_reads_back(qapp, tmp_path: Path, seed: Path) -> None:
    """Another producer: Qt's rich-text layout and printing (its own line breaking, a centred
    title in a larger size, page numbers at the foot, and lines cut by a page break drawn twice
    but clipped: only what a reader sees is read)."""
    want = seed_paragraphs(seed)
    print_pdf(tmp_path / "printed.pdf", want)
    read = read_report(tmp_path / "printed.pdf")
    assert [squash_cjk_spaces(p) for p in paragraphs_of(read.text)] == [squash_cjk_spaces(p) for p in want]
    align(parse_outline(read.text), gold_of(seed))


def test_pdf_page_numbers_and_headers_are_dropped_but_not_body_numbers(qapp, tmp_path: Path) -> None:
    paras = ["一、总体情况", "全年办理行政复议案件", "3", "件，均在法定期限内办结。"] + seed_paragraphs(SEED_FILES[0])
    make_pdf(tmp_path / "n.pdf", paras, header="法治政府建设报告", numbers="page_of")
    text = read_report(tmp_path / "n.pdf").text
    assert not re.search(r"第\s*\d+\s*页", text)
    assert "法治政府建设报告\n" not in text
    assert paragraphs_of(text)[:4] == ["一、总体情况", "全年办理行政复议案件", "3", "件，均在法定期限内办结。"]


def test_a_running_header_that_repeats_the_title_takes_only_the_headers(qapp, tmp_path: Path) -> None:
    seed = SEED_FILES[0]
    paras = seed_paragraphs(seed)
    make_pdf(tmp_path / "t.pdf", paras, header=paras[0], numbers="of", title_px=22)
    text = read_report(tmp_path / "t.pdf").text
    # the title once, at the top; no header lines
    assert [squash_cjk_spaces(p) for p in paragraphs_of(text)] == [squash_cjk_spaces(p) for p in paras]
    align(parse_outline(text), gold_of(seed))


def test_wrapped_lines_join_and_paragraph_breaks_stay() -> None:
    """The rules on their own: a full line continues, a short line, an indent or a gap ends a
    paragraph, and a line ending a sentence ends it only where the layout shows nothing else."""
    def line(text: str, x: float, y: float) -> list[Glyph]:
        return [Glyph(ch, x + 10 * i, x + 10 * i + 10, y, 10) for i, ch in enumerate(text)]

    full = "一" * 20  # 200 wide: the column's full width
    glyphs = (line("（一）标题没有句号", 20, 20) + line("第一段开头" + "字" * 12 + "未", 20, 40)
              + line(full, 0, 60) + line("第一段完。", 0, 80) + line("第二段" + "字" * 15, 20, 100)
              + line("延续到下一行", 0, 120))
    text = rebuild_text([build_lines(glyphs)], [1000])
    assert text.split("\n") == ["（一）标题没有句号", "第一段开头" + "字" * 12 + "未" + full + "第一段完。",
                                "第二段" + "字" * 15 + "延续到下一行"]
    # no indents, no gaps: a sentence end at the right edge ends the paragraph
    flat = line("甲" * 19 + "。", 0, 20) + line("乙" * 20, 0, 40) + line("乙乙", 0, 60)
    assert rebuild_text([build_lines(flat)], [1000]).split("\n") == ["甲" * 19 + "。", "乙" * 22]
    # Latin words wrapped at a line end get their space back; Chinese never does
    latin = line("推进" + "Rule" + "x" * 14, 0, 20) + line("of Law", 0, 40)
    assert rebuild_text([build_lines(latin)], [1000]) == "推进Rule" + "x" * 14 + " of Law"


def test_pdf_scan_without_text_layer_is_refused(qapp, tmp_path: Path) -> None:
    scanned_pdf(tmp_path / "scan.pdf", seed_paragraphs(SEED_FILES[0]))
    assert "此 PDF 为扫描件，没有文字层" in refused(tmp_path / "scan.pdf")
    # a scan whose software stamped page numbers as text is a scan all the same
    scanned_pdf(tmp_path / "scan2.pdf", seed_paragraphs(SEED_FILES[0]), page_numbers=True)
    assert "此 PDF 为扫描件，没有文字层" in refused(tmp_path / "scan2.pdf")


def test_pdf_with_password_is_refused_and_copy_protected_one_read(tmp_path: Path) -> None:
    (tmp_path / "locked.pdf").write_bytes(encrypted_pdf(b"secret"))
    assert "加密" in refused(tmp_path / "locked.pdf")
    # encrypted with an empty user password ("copy protection" only): opens in any reader
    (tmp_path / "protected.pdf").write_bytes(encrypted_pdf(b""))
    assert read_report(tmp_path / "protected.pdf").text == "Annual report of the district"


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + bytes(range(256)) * 50, b"%PDF-1.4\n1 0 obj << >> endobj\n"])
def test_damaged_pdf_refused(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "bad.pdf").write_bytes(data)
    assert "PDF" in refused(tmp_path / "bad.pdf")


def _measure(code: str, timeout: float = 120) -> dict:
    """Run ``code`` in a fresh interpreter; it prints a JSON dict.  Peak RSS (MB) is added."""
    wrapper = textwrap.dedent("""
        import json, sys, time
        sys.path.insert(0, {root!r})
        began = time.monotonic()
        out = {{}}
        {body}
        out["seconds"] = time.monotonic() - began
        # this process's own high-water mark (ru_maxrss would carry over the parent's: it survives exec)
        status = open("/proc/self/status").read()
        out["peak_mb"] = int(status.split("VmHWM:")[1].split()[0]) / 1024
        print(json.dumps(out))
    """).format(root=str(ROOT), body=textwrap.dedent(code))
    done = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


READ_OR_REFUSE = """
from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.core.readers import read_report
try:
    out["chars"] = len(read_report({path!r}).text)
except ReportReadError as exc:
    out["refused"] = exc.reason
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory is read from /proc")
def test_pdf_bomb_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(flate_bomb_pdf(2048))  # 2 MB that inflate to 2 GB
    assert path.stat().st_size < 4 * 1024 * 1024
    got = _measure(READ_OR_REFUSE.format(path=str(path)))
    assert "异常巨大" in got["refused"]
    assert got["seconds"] < 10 and got["peak_mb"] < 400, got


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory is read from /proc")
def test_500_page_pdf_in_bounded_time_and_memory(qapp, tmp_path: Path) -> None:
    paras = [p for seed in SEED_FILES for p in seed_paragraphs(seed)]
    path = tmp_path / "long.pdf"
    pages = make_pdf(path, paras, header="某区法治政府建设报告", repeat=18)
    assert pages >= 500
    got = _measure(READ_OR_REFUSE.format(path=str(path)))
    assert got["chars"] > 18 * sum(map(len, paras)) * 0.95
    assert got["seconds"] < 60 and got["peak_mb"] < 500, got


def test_100_page_pdf_import_time(qapp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """How long a 100-page PDF takes to import (reading, outline, storing); printed with -s."""
    from lawgov_desktop.store.project import Project

    paras = [p for seed in SEED_FILES for p in seed_paragraphs(seed)]
    path = tmp_path / "hundred.pdf"
    pages = make_pdf(path, (paras * 4)[: len(paras) * 100 // 31], header="某区法治政府建设报告")
    with Project(tmp_path / "p.lawgov") as project:
        began = time.perf_counter()
        summary = project.reports.import_files([path])
        seconds = time.perf_counter() - began
    assert len(summary.imported) == 1, summary.refused
    with capsys.disabled():
        print(f"\n[{pages}-page PDF imported in {seconds:.2f} s]")
    assert 90 <= pages <= 115 and seconds < 30


@pytest.mark.skipif(not Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists(),
                    reason="needs the Noto CJK system font, whose PDFs carry radical look-alikes")
def test_pdf_in_noto_cjk_gets_ordinary_characters(qapp, tmp_path: Path) -> None:
    """The case of the issue: Qt + Noto Sans CJK SC write ⼀ ⼈ ⺠ ⻅ into the text layer."""
    from PySide6.QtCore import QMarginsF, QPointF
    from PySide6.QtGui import QFont, QPainter, QPdfWriter

    words = "一、人民群众见面，民主长期坚持。"
    writer = QPdfWriter(str(tmp_path / "noto.pdf"))
    writer.setResolution(72)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    painter = QPainter(writer)
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(16)
    painter.setFont(font)
    painter.drawText(QPointF(72, 100), words)
    painter.end()
    import pypdfium2

    raw = pypdfium2.PdfDocument(str(tmp_path / "noto.pdf"))[0].get_textpage().get_text_range()
    assert raw != words and "⺠" in raw  # what the text layer says
    read = read_report(tmp_path / "noto.pdf")
    assert read.text == words
    assert read.look_alikes == sum(1 for a, b in zip(raw, words, strict=True) if a != b) >= 6


# ------------------------------------------------------------------------------------- OFD


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_ofd_of_a_seed_reads_back_exactly(tmp_path: Path, seed: Path) -> None:
    want = seed_paragraphs(seed)
    path = tmp_path / f"{seed.stem}.ofd"
    assert make_ofd(path, want, header="某区人民政府") >= 3
    read = read_report(path)
    assert (read.source_format, read.encoding) == ("ofd", "utf-8")
    assert paragraphs_of(read.text) == want  # spaces too: OFD positions every character
    align(parse_outline(read.text), gold_of(seed))


def test_ofd_radicals_ctm_and_root_relative_pages(tmp_path: Path) -> None:
    """Radical look-alikes are folded; a CTM scales the text; a page location written from the
    package root (as some converters do) is found; the template header is not read."""
    ns = "http://www.ofdspec.org/2016"
    page = (f'<ofd:Page xmlns:ofd="{ns}"><ofd:Content><ofd:Layer ID="1"><ofd:PageBlock ID="2"><ofd:PageBlock ID="3">'
            # size 1 scaled by 5: 5 mm characters, first line indented two of them
            '<ofd:TextObject ID="4" Boundary="35 35 150 8" Size="1" CTM="5 0 0 5 0 0">'
            '<ofd:TextCode X="0" Y="0.88" DeltaX="g 8 1">⼀、⼈⺠群众⻅⾯会</ofd:TextCode></ofd:TextObject>'
            '</ofd:PageBlock></ofd:PageBlock>'
            '<ofd:TextObject ID="5" Boundary="35 45.6 150 8" Size="5">'
            '<ofd:TextCode X="0" Y="4.4" DeltaX="5 5 5">（⼀）学</ofd:TextCode>'
            '<ofd:TextCode X="20" DeltaX="g 2 5">习宣传。</ofd:TextCode></ofd:TextObject>'
            # two full lines of body text set the column's edges (25 to 185 mm)
            '<ofd:TextObject ID="6" Boundary="25 54.2 160 16" Size="5">'
            f'<ofd:TextCode X="0" Y="4.4" DeltaX="g 31 5">{"正文" * 16}</ofd:TextCode>'
            f'<ofd:TextCode X="0" Y="13" DeltaX="g 31 5">{"正文" * 16}</ofd:TextCode></ofd:TextObject>'
            "</ofd:Layer></ofd:Content></ofd:Page>")
    path = tmp_path / "r.ofd"
    make_ofd(path, [], header="页眉", page_xml=[page])
    with zipfile.ZipFile(path) as zf:
        document = zf.read("Doc_0/Document.xml").decode()
    make_ofd(path, [], header="页眉", page_xml=[page],
             extra={"Doc_0/Document.xml": document.replace('BaseLoc="Pages/', 'BaseLoc="Doc_0/Pages/')})
    read = read_report(path)
    assert read.text == "一、人民群众见面会\n（一）学习宣传。\n" + "正文" * 32
    assert read.look_alikes == 6


@pytest.mark.parametrize(
    ("parts", "says"),
    [
        ({"OFD.xml": "<ofd:OFD xmlns:ofd='x'><ofd:DocBody><ofd:DocRoot>../../etc/Document.xml</ofd:DocRoot>"
                     "</ofd:DocBody></ofd:OFD>"}, "包外"),
        ({"OFD.xml": "<not xml"}, "XML"),
        ({"Doc_0/Pages/Page_0/Content.xml": None}, "缺少"),
        ({"../evil.xml": "<x/>"}, "包外"),
    ],
)
def test_broken_or_hostile_ofd_refused(tmp_path: Path, parts: dict, says: str) -> None:
    path = tmp_path / "h.ofd"
    make_ofd(path, seed_paragraphs(SEED_FILES[0])[:5])
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    for name, data in parts.items():
        if data is None:
            files.pop(name)
        else:
            files[name] = data
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    assert says in refused(path)


def test_ofd_scan_refused(tmp_path: Path) -> None:
    empty_page = ofd_page_xml([], 5.0)
    make_ofd(tmp_path / "scan.ofd", [], page_xml=[empty_page, empty_page])
    assert "没有文字" in refused(tmp_path / "scan.ofd")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory is read from /proc")
def test_ofd_zip_bomb_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.ofd"
    make_ofd(path, seed_paragraphs(SEED_FILES[0])[:5])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("Doc_0/Res/huge.xml", "w", force_zip64=True) as f:
        block = b"<a/>" * (1 << 18)  # 1 MB
        for _ in range(320):  # 320 MB, a third of a MB on disk
            f.write(block)
    assert path.stat().st_size < 8 * 1024 * 1024
    got = _measure(READ_OR_REFUSE.format(path=str(path)))
    assert "压缩炸弹" in got["refused"]
    assert got["seconds"] < 10 and got["peak_mb"] < 300, got


def test_ofd_entities_are_never_expanded(tmp_path: Path) -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    page = ofd_page_xml([(25, 40, "正文第一行。")], 5.0)
    hostile = page.replace('<?xml version="1.0" encoding="UTF-8"?>',
                           '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE ofd:Page [<!ENTITY l0 "哈哈">'
                           + laughs + '<!ENTITY xxe SYSTEM "file:///etc/hostname">]>')
    hostile = hostile.replace("正文第一行。</ofd:TextCode>", "正文第一行。&l9;&xxe;</ofd:TextCode>")
    make_ofd(tmp_path / "e.ofd", [], page_xml=[hostile])
    began = time.monotonic()
    try:
        text = read_report(tmp_path / "e.ofd").text
    except ReportReadError as exc:  # refusing is fine too; expanding is not
        text = exc.reason
    assert time.monotonic() - began < 5
    assert "哈哈" not in text and len(text) < 1000
    if Path("/etc/hostname").exists():
        assert Path("/etc/hostname").read_text().strip() not in text


# ------------------------------------------------------------------------------------ docx


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_docx_of_a_seed_reads_back_exactly(tmp_path: Path, seed: Path) -> None:
    want = seed_paragraphs(seed)
    make_docx(tmp_path / "r.docx", want)
    read = read_report(tmp_path / "r.docx")
    assert paragraphs_of(read.text) == want
    align(parse_outline(read.text), gold_of(seed))


def test_lawgov_import_takes_pdf_and_ofd_and_names_a_scan(qapp, tmp_path: Path) -> None:
    paras = seed_paragraphs(SEED_FILES[2])
    make_pdf(tmp_path / "a.pdf", paras)
    make_ofd(tmp_path / "b.ofd", [p.replace("泰达街", "新港街") for p in paras])
    scanned_pdf(tmp_path / "c.pdf", paras)
    db = str(tmp_path / "p.lawgov")
    done = subprocess.run([sys.executable, "-m", "lawgov_desktop.cli", "--db", db, "import", "--json",
                           str(tmp_path / "a.pdf"), str(tmp_path / "b.ofd"), str(tmp_path / "c.pdf")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1  # one file refused
    out = json.loads(done.stdout)
    assert [Path(i["path"]).name for i in out["imported"]] == ["a.pdf", "b.ofd"]
    assert [Path(r["path"]).name for r in out["refused"]] == ["c.pdf"]
    assert "扫描件" in out["refused"][0]["reason"]


def test_ofd_whose_text_is_private_use_code_points_is_refused(tmp_path: Path) -> None:
    """Some converters write the codes of an embedded font's private glyphs instead of text."""
    private = "".join(chr(0xE100 + i) for i in range(30))
    make_ofd(tmp_path / "pua.ofd", [private, private + "。"])
    assert "私有" in refused(tmp_path / "pua.ofd")
    make_ofd(tmp_path / "some.ofd", ["某区报告" + chr(0xE100) + "正文。" * 5])  # a stray one is kept
    assert chr(0xE100) in read_report(tmp_path / "some.ofd").text
