"""Reading report files: encodings, refusals, .docx and saved government web pages."""

from __future__ import annotations

import os
import pickle
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from lawgov_desktop.core.encoding import decode_bytes, normalize_text
from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.core.readers import MAX_FILE_BYTES, iter_report_files, read_report_file
from lawgov_desktop.messages import text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
REPORT = "南开区2023年度法治政府建设情况报告\n一、主要举措和成效\n（一）持续推进学习宣传贯彻习近平法治思想。\n"
RARE = "吉字异体𠮷，土字旁𡈽。"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reasons are read in English here (as with ``LAWGOV_LANG=en``); the catalogue's own
    tests check that each has a Chinese text with the same fields."""
    monkeypatch.setenv("LAWGOV_LANG", "en")


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def refused(path: Path) -> ReportReadError:
    with pytest.raises(ReportReadError) as info:
        read_report_file(path)
    assert path.name in str(info.value)
    return info.value


# ------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ((REPORT + RARE).encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + (REPORT + RARE).encode("utf-8"), "utf-8-sig"),
        ((REPORT + RARE).encode("gb18030"), "gb18030"),
        (REPORT.encode("gbk"), "gb18030"),
        (REPORT.encode("gb2312"), "gb18030"),
        (b"\xff\xfe" + (REPORT + RARE).encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + (REPORT + RARE).encode("utf-16-be"), "utf-16-be"),
        ((REPORT * 3).encode("utf-16-le"), "utf-16-le"),  # no BOM, but the NULs leave no doubt
    ],
)
def test_encodings_decode_exactly(tmp_path: Path, data: bytes, encoding: str) -> None:
    text, fmt, enc = read_report_file(write(tmp_path, "报告.txt", data))
    assert (fmt, enc) == ("txt", encoding)
    assert text.startswith(REPORT)
    if "𠮷" in text:
        assert text.endswith(RARE)
        assert len("𠮷") == 1 and text.count("𠮷") == 1 and text.count("𡈽") == 1


def test_ascii_is_utf8(tmp_path: Path) -> None:
    assert read_report_file(write(tmp_path, "a.txt", b"Annual report 2023\n"))[2] == "utf-8"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb\rc\nd", "a\nb\nc\nd"),
        ("a\r\r\nb", "a\n\nb"),
        ("\ufeff一\u2028二\u2029三", "一\n二\n三"),
        ("a\x00b\x01c\x0bd\x0ce\x1ff\tg", "abcdef\tg"),
        ("\u3000\u3000全角空格 保留\u00a0\x7f ", "\u3000\u3000全角空格 保留\u00a0\x7f "),
        ("𠮷\r\n𡈽", "𠮷\n𡈽"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_line_breaks_normalised_on_read(tmp_path: Path) -> None:
    text, _, _ = read_report_file(write(tmp_path, "crlf.txt", "一、总体\r\n（一）学习\r二是\n"))
    assert text == "一、总体\n（一）学习\n二是\n"


def test_empty_file_refused(tmp_path: Path) -> None:
    assert "empty" in refused(write(tmp_path, "空.txt", b"")).reason
    assert "empty" in refused(write(tmp_path, "blank.txt", "\ufeff \r\n\t\n")).reason


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "PNG"),
        (b"%PDF-1.7\n" + os.urandom(2000), "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), ".doc"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "ELF"),
    ],
)
def test_binary_txt_refused(tmp_path: Path, data: bytes, says: str) -> None:
    assert says in refused(write(tmp_path, "not text.txt", data)).reason


def test_random_bytes_refused(tmp_path: Path) -> None:
    for i in range(20):
        err = refused(write(tmp_path, f"random{i}.txt", os.urandom(4096)))
        assert "binary" in err.reason or "UTF-8" in err.reason


def test_high_bytes_without_controls_refused(tmp_path: Path) -> None:
    data = bytes((i * 7919) % 128 + 128 for i in range(4000))  # GB18030 "decodes" most of this
    assert "GB18030" in refused(write(tmp_path, "high.txt", data)).reason


def test_zip_and_docx_named_txt_refused(tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "压缩包里的文字" * 50)
    assert "ZIP" in refused(write(tmp_path, "archive.txt", archive.read_bytes())).reason
    document = docx.Document()
    document.add_paragraph("正文")
    document.save(tmp_path / "real.docx")
    assert ".docx" in refused(write(tmp_path, "renamed.txt", (tmp_path / "real.docx").read_bytes())).reason


@pytest.mark.parametrize("cut", [1, 2])
def test_truncated_utf8_refused(tmp_path: Path, cut: int) -> None:
    data = (REPORT * 20 + "保障").encode("utf-8")[:-cut]
    err = refused(write(tmp_path, "截断.txt", data))
    assert "truncated UTF-8" in err.reason
    assert f"byte {len(data) - 3 + cut}" in err.reason  # where the cut character starts


def test_truncated_mostly_ascii_utf8_refused(tmp_path: Path) -> None:
    data = ("Report " * 100 + "报告").encode("utf-8")[:-1]
    assert "truncated UTF-8" in refused(write(tmp_path, "t.txt", data)).reason


def test_damaged_utf8_refused(tmp_path: Path) -> None:
    good = (REPORT * 5).encode("utf-8")
    data = good + b"\xff" + good
    assert f"invalid UTF-8 at byte {len(good)}" in refused(write(tmp_path, "d.txt", data)).reason


def test_error_message_and_pickling() -> None:
    err = ReportReadError("/some/dir/报告.txt", "文件是二进制数据，不是文本 (binary data, not text)")
    assert str(err) == 'cannot read "报告.txt": binary data, not text'  # a reason of the older kind: its half
    assert text(err, "zh_CN") == '无法读取 "报告.txt"：文件是二进制数据，不是文本'
    assert isinstance(err, ValueError) and err.path == "/some/dir/报告.txt"
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.path, copy.reason, str(copy)) == (err.path, err.reason, str(err))


# -------------------------------------------------------------------------- files & folders


@pytest.mark.parametrize(("name", "says"), [("报告.pdf", "PDF"), ("报告.ofd", "OFD"), ("报告.doc", ".docx"), ("报告.wps", ".docx"),
                                            ("报告.xlsx", "unsupported"), ("README", "unsupported")])
def test_unsupported_extension_refused(tmp_path: Path, name: str, says: str) -> None:
    assert says in refused(write(tmp_path, name, REPORT)).reason


def test_missing_directory_and_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "not found" in refused(tmp_path / "没有这个文件.txt").reason
    (tmp_path / "folder.txt").mkdir()
    assert "folder" in refused(tmp_path / "folder.txt").reason
    locked = write(tmp_path, "locked.txt", REPORT)

    def deny(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", deny)
    assert "permission" in refused(locked).reason


def test_too_large_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    assert "100 MB" in refused(path).reason


def test_awkward_file_names(tmp_path: Path) -> None:
    for name in ['my report 2023.txt', '法治政府 “年度” 报告.txt', 'it\'s "quoted".txt', "  lead.md"]:
        assert read_report_file(write(tmp_path, name, REPORT))[0] == REPORT
    err = refused(write(tmp_path, 'bad "名字" here.txt', b""))
    assert str(err).startswith('cannot read "bad "名字" here.txt"')


def test_large_file_and_long_lines(tmp_path: Path) -> None:
    seed = (SEEDS / "001_033957f002b379d8.txt").read_text("utf-8")
    big = seed * (20 * 2**20 // len(seed.encode()) + 1)
    path = write(tmp_path, "big.txt", big)
    assert path.stat().st_size > 20 * 2**20
    start = time.perf_counter()
    text, _, enc = read_report_file(path)
    assert time.perf_counter() - start < 5
    assert enc == "utf-8" and text == big

    long_lines = "\n".join(ch * 100_000 for ch in "法治政府") + "\n"
    assert read_report_file(write(tmp_path, "long.txt", long_lines))[0] == long_lines


def test_decoding_one_megabyte_takes_milliseconds() -> None:
    data = (REPORT * 8000).encode("utf-8")
    gb = (REPORT * 8000).encode("gb18030")
    assert len(data) > 2**20
    start = time.perf_counter()
    for _ in range(5):
        normalize_text(decode_bytes(data, "x.txt")[0])
        decode_bytes(gb, "y.txt")
    assert (time.perf_counter() - start) / 5 < 0.1


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_decode_unchanged(seed: Path) -> None:
    raw = seed.read_bytes()
    text, fmt, enc = read_report_file(seed)
    assert (fmt, enc) == ("txt", "utf-8")
    assert text == normalize_text(raw.decode("utf-8"))
    assert text.count("\n") == raw.count(b"\n")


def test_iter_report_files(tmp_path: Path) -> None:
    root = tmp_path / "root"
    for rel in ["b.txt", "a.docx", "sub/c.html", "sub/deeper/d.md", "sub/notes.pdf", ".hidden.txt",
                ".git/e.txt", "~$a.docx", "sub/~$lock.docx", "Z.TXT"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    loose = write(tmp_path, "loose.pdf", "x")
    found = list(iter_report_files([root, loose, root / "b.txt", tmp_path / "missing.txt"]))
    rel = [p.relative_to(tmp_path).as_posix() for p in found]
    assert rel == ["root/a.docx", "root/b.txt", "root/sub/c.html", "root/sub/deeper/d.md", "root/sub/notes.pdf", "root/Z.TXT",
                   "loose.pdf", "missing.txt"]


# -------------------------------------------------------------------------------------- docx


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("天津市某区2023年法治政府建设情况报告")
    document.add_paragraph("一、主要举措")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["指标", "2022年", "2023年"], ["行政复议案件", "38", "45"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    para = document.add_paragraph("二、存在问题：")
    para.add_run("一是𠮷").bold = True
    para.add_run("\t二是")
    document.add_paragraph("")
    document.add_paragraph("三、下一步安排")
    path = tmp_path / "报告 2023.docx"
    document.save(path)
    text, fmt, enc = read_report_file(path)
    assert (fmt, enc) == ("docx", "utf-8")
    assert text == ("天津市某区2023年法治政府建设情况报告\n一、主要举措\n指标\t2022年\t2023年\n"
                    "行政复议案件\t38\t45\n二、存在问题：一是𠮷\t二是\n\n三、下一步安排")


def _add_chinese_numbering(document: docx.document.Document) -> str:
    """Give the document a list whose levels print as 一、 and （一）; returns its numId."""
    numbering = document.part.numbering_part.element
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    abstract = etree.fromstring(
        f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
        "</w:abstractNum>"
    )
    numbering.insert(0, abstract)
    numbering.append(etree.fromstring(f'<w:num xmlns:w="{w}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def test_docx_automatic_chinese_numbering(tmp_path: Path) -> None:
    document = docx.Document()
    num_id = _add_chinese_numbering(document)
    for level, words in [(0, "主要举措"), (1, "学习"), (1, "执法"), (2, "要点"), (0, "存在问题"), (1, "短板")]:
        p = document.add_paragraph(words)
        num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = int(num_id)
    document.save(tmp_path / "n.docx")
    text = read_report_file(tmp_path / "n.docx")[0]
    assert text == "一、主要举措\n（一）学习\n（二）执法\n要点\n二、存在问题\n（一）短板"


def test_docx_tracked_changes_and_breaks(tmp_path: Path) -> None:
    document = docx.Document()
    p = document.add_paragraph("保留")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    p._p.append(etree.fromstring(f'<w:ins xmlns:w="{w}" w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'))
    p._p.append(etree.fromstring(f'<w:del xmlns:w="{w}" w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'))
    run = p.add_run("换行前")
    run._r.append(run._r.makeelement(qn("w:br"), {}))
    run._r.append(etree.fromstring(f'<w:t xmlns:w="{w}">换行后</w:t>'))
    document.save(tmp_path / "t.docx")
    assert read_report_file(tmp_path / "t.docx")[0] == "保留插入换行前\n换行后"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"PK\x03\x04" + os.urandom(3000), "corrupt"),
        (REPORT.encode(), "corrupt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(3000), ".doc"),
    ],
)
def test_corrupt_docx_refused(tmp_path: Path, data: bytes, says: str) -> None:
    assert says in refused(write(tmp_path, "坏的.docx", data)).reason


def test_zip_without_document_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "x.docx", "w") as zf:
        zf.writestr("word/other.xml", "<x/>")
    refused(tmp_path / "x.docx")


# -------------------------------------------------------------------------------------- html

TITLE = "宝坻区人民政府2022年法治政府建设情况报告"
BODY = [
    "\u3000\u30002022年，宝坻区在市委、市政府和区委的领导下，坚持以习近平新时代中国特色社会主义思想为指导，"
    "全面贯彻落实党的二十大精神，深入贯彻习近平法治思想，法治政府建设取得新成效。现将有关情况报告如下：",
    "一、推进法治政府建设的主要举措和成效",
    "（一）深入学习贯彻习近平法治思想。区政府常务会议专题学习习近平法治思想 4 次，",
    "区政府领导班子带头开展学法活动，全年举办法治讲座6场。",
    "二、存在的不足和原因",
    "一是法治队伍建设有待加强。二是执法规范化水平有待进一步提高。",
]


def gov_page(charset: str = "utf-8", wrapper: str = "article") -> str:
    paragraphs = "\n".join(f"      <p>{line}</p>" for line in BODY[:2])
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html>
<head>
  <meta http-equiv="Content-Type" content="text/html; charset={charset}" />
  <title>{TITLE}_天津市宝坻区人民政府</title>
  <meta name="ArticleTitle" content="{TITLE}">
  <style>.nav {{ font-family: "宋体"; }}</style>
  <script type="text/javascript">var msg = "脚本里的中文不应出现";</script>
</head>
<body>
  <div class="header">
    <div class="logo"><a href="/"><img src="logo.png" alt="天津市宝坻区人民政府"></a></div>
    <div class="search"><input type="text" value="请输入关键字"><button>搜索</button></div>
  </div>
  <div class="nav"><ul>
    <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
    <li><a href="/hdjl/">互动交流</a></li><li><a href="/zjbd/">走进宝坻</a></li>
  </ul></div>
  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a>法治政府建设</a></div>
  <div class="{wrapper}">
    <h1 class="title">{TITLE}</h1>
    <div class="info">
      <span>来源:区司法局</span>
      <span>发布时间:2023-03-22 14:14</span>
      <span class="fontsize">字号：<a>大</a> <a>中</a> <a>小</a></span>
      <a class="print" href="javascript:window.print()">【打印本页】</a>
    </div>
    <div class="TRS_Editor">
{paragraphs}
      <p>{BODY[2]}<br>
      {BODY[3]}</p>
      <script>document.write("广告文字也不应出现");</script>
      <noscript>请启用脚本</noscript>
      <p>&nbsp;</p>
      <p>&nbsp;</p>
      <p>{BODY[4]}</p>
      <p>{BODY[5].replace("。二", "。&#x4E8C;")}</p>
    </div>
    <div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div>
    <div class="xgwz"><h3>相关文章</h3><ul>
      <li><a href="/1.html">宝坻区2021年法治政府建设情况报告</a></li>
      <li><a href="/2.html">宝坻区召开全面依法治区委员会会议</a></li>
      <li><a href="/3.html">关于印发宝坻区法治政府建设实施方案的通知</a></li>
    </ul></div>
  </div>
  <div class="footer">
    <p>版权所有：天津市宝坻区人民政府 主办：宝坻区人民政府办公室 承办：宝坻区政务服务中心</p>
    <p>网站标识码：1201150001 津ICP备05004578号 <a>网站地图</a> <a>联系我们</a></p>
  </div>
</body>
</html>
"""


EXPECTED_PAGE = "\n".join([TITLE, "来源:区司法局 发布时间:2023-03-22 14:14", *BODY[:4], "", *BODY[4:]])


@pytest.mark.parametrize("wrapper", ["article", "xl-main"])  # a known or an unknown wrapper name
def test_government_page_gives_article_only(tmp_path: Path, wrapper: str) -> None:
    text, fmt, enc = read_report_file(write(tmp_path, "page.html", gov_page(wrapper=wrapper)))
    assert (fmt, enc) == ("html", "utf-8")
    assert text == EXPECTED_PAGE
    for junk in ("脚本", "广告", "请启用", "首页", "当前位置", "分享", "相关文章", "网站标识码", "版权所有", "字号", "打印"):
        assert junk not in text


def test_gb2312_page_with_meta_charset(tmp_path: Path) -> None:
    page = gov_page(charset="gb2312").replace("\u3000", "").replace("&nbsp;", "")
    text, _, enc = read_report_file(write(tmp_path, "gb.htm", page.encode("gb2312")))
    assert enc == "gb18030"
    assert text.splitlines()[:3] == [TITLE, "来源:区司法局 发布时间:2023-03-22 14:14", BODY[0].lstrip("\u3000")]


def test_page_without_known_containers(tmp_path: Path) -> None:
    page = f"""<html><head><title>{TITLE} - 某某区政府网</title></head><body>
    <div id="top"><a href="/">首页</a> | <a href="/a">机构</a> | <a href="/b">新闻</a> | <a href="/c">公开</a></div>
    <table><tr><td width="200"><a href="/x">链接一</a><br><a href="/y">链接二</a><br><a href="/z">链接三</a></td>
    <td><div align="center"><b>{TITLE}</b></div>
        <div>{BODY[0]}</div><div>{BODY[1]}</div><div>{BODY[5]}</div></td></tr></table>
    <div id="bottom">Copyright &copy; 2023 某某区人民政府 &nbsp; 网站标识码：1201150001</div>
    </body></html>"""
    text = read_report_file(write(tmp_path, "plain.htm", page))[0]
    assert text.splitlines() == [TITLE, BODY[0], BODY[1], BODY[5]]


def test_html_tables_entities_and_xml_declaration(tmp_path: Path) -> None:
    page = """<?xml version="1.0" encoding="utf-8"?>
    <html xmlns="http://www.w3.org/1999/xhtml"><body><div class="TRS_Editor">
    <p>依法行政&amp;依法决策&lt;有效&gt;，“引号”&#169;𠮷</p>
    <table><tr><th>项目</th><th>数量</th></tr><tr><td><p>行政复议</p></td><td>38</td></tr></table>
    <p>法治
    政府 建设</p></div></body></html>"""
    text = read_report_file(write(tmp_path, "x.xhtml", page))[0]
    assert text == "依法行政&依法决策<有效>，“引号”©𠮷\n项目\t数量\n行政复议\t38\n法治政府 建设"


def test_empty_and_binary_html_refused(tmp_path: Path) -> None:
    assert "empty" in refused(write(tmp_path, "e.html", b"")).reason
    assert "empty" in refused(write(tmp_path, "e2.html", "<html><body><script>x()</script></body></html>")).reason
    assert "PDF" in refused(write(tmp_path, "p.html", b"%PDF-1.4\n" + os.urandom(500))).reason


def test_page_declaring_gb2312_but_saved_as_utf8(tmp_path: Path) -> None:
    page = gov_page(charset="gb2312")
    text, _, enc = read_report_file(write(tmp_path, "mislabelled.html", page.encode("utf-8")))
    assert (enc, text) == ("utf-8", EXPECTED_PAGE)
