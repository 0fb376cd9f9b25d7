"""Every export format read back with a real reader, every excerpt checked against its report."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from openpyxl import load_workbook

from lawgov_desktop.export import FORMATS, export
from lawgov_desktop.export.records import TABLE_HEADERS, ExportFilter, ExportOptions
from lawgov_desktop.export.safe_cells import restore
from lawgov_desktop.export.xlsx_format import sheet_name
from lawgov_desktop.store.project import Project
from tests.export_support import NOW, add_reports, build_project, fix_clock
from tests.export_support import REPORT_A as REPORT_A_TEXT

QDA = "urn:QDA-XML:project:1.0"
INJECTIONS = ['=HYPERLINK("http://evil.example","点")', "+1", "-1", "@SUM(A1)", "\t制表符开头"]


@pytest.fixture
def golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    project, ids = build_project(tmp_path / "golden.lawgov", monkeypatch)
    with project:
        yield project, ids


@pytest.fixture
def injected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A report whose lines start like spreadsheet formulas, each line tagged."""
    fix_clock(monkeypatch)
    text = "报告标题\n" + "\n".join(INJECTIONS) + "\n"
    with Project(tmp_path / "inj.lawgov") as project:
        rid = add_reports(project, {"X": text})["X"]
        for line in INJECTIONS:
            start = text.index(line)
            project.annotations.add(rid, start, start + len(line), ["执法"], note="\r回车开头", annotator="@admin")
        yield project


def _export(project, fmt: str, out: Path, flt: ExportFilter | None = None, **opts):
    return export(project, fmt, out, flt, ExportOptions(now=NOW, **opts))


def _assert_quote(project: Project, report_id: int, start: int, end: int, quote: str) -> None:
    assert project.reports.text(report_id)[start:end] == quote


# -- CSV ---------------------------------------------------------------------------------
def test_csv_has_bom_crlf_headers_and_exact_quotes(golden, tmp_path: Path):
    project, _ = golden
    result = _export(project, "csv", tmp_path / "x.csv")
    raw = result.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    assert raw.split(b"\n", 1)[0].endswith(b"\r") and raw.endswith(b"\r\n")
    with result.path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == TABLE_HEADERS
    col = {h: i for i, h in enumerate(TABLE_HEADERS)}
    assert len(rows) - 1 == result.count == 6
    for row in rows[1:]:
        _assert_quote(project, int(row[col["报告ID"]]), int(row[col["起始"]]), int(row[col["结束"]]),
                      restore(row[col["摘录"]]))
    notes = [r[col["备注"]] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://example.com\",\"点击\")" in notes and "'+1" in notes
    assert "第二行\n备注" in notes  # a line break stays inside its cell


def test_csv_neutralises_formula_injection(injected, tmp_path: Path):
    result = _export(injected, "csv", tmp_path / "inj.csv")
    with result.path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    quote_col, note_col, who_col = (TABLE_HEADERS.index(h) for h in ("摘录", "备注", "标注人"))
    assert sorted(r[quote_col] for r in rows) == sorted("'" + s for s in INJECTIONS)
    assert all(r[note_col] == "'\r回车开头" and r[who_col] == "'@admin" for r in rows)


# -- XLSX --------------------------------------------------------------------------------
def test_xlsx_sheets_frozen_header_and_summary(golden, tmp_path: Path):
    project, _ = golden
    result = _export(project, "xlsx", tmp_path / "x.xlsx")
    wb = load_workbook(result.path)
    assert wb.sheetnames == ["汇总", "执法", "复议", "营商环境"]
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("A2", "C2")
    summary = wb["汇总"]
    header = [c.value for c in summary[1]]
    assert header == ["报告", "年份", "执法", "复议", "营商环境", "标注（次）", "摘录（条）"]
    body = [[c.value for c in row] for row in summary.iter_rows(min_row=2, max_row=4)]
    assert body[0][2:] == [2, 2, 1, 5, 4]  # report A: 执法 2, 复议 2, 营商环境 1 = 5 tags on 4 excerpts
    assert body[1][2:] == [2, 0, 0, 2, 2]
    assert body[2][0] == "合计" and body[2][2:] == [4, 2, 1, 7, 6]
    ws = wb["执法"]
    assert [c.value for c in ws[1]] == TABLE_HEADERS
    assert ws.cell(1, 1).fill.start_color.rgb.endswith("F6B26B")
    col = {h: i + 1 for i, h in enumerate(TABLE_HEADERS)}
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == 4
    for row in rows:
        v = [c.value for c in row]
        _assert_quote(project, v[col["报告ID"] - 1], v[col["起始"] - 1], v[col["结束"] - 1],
                      restore(v[col["摘录"] - 1]))
        assert row[col["摘录"] - 1].alignment.wrap_text


def test_xlsx_formula_cells_are_strings(injected, tmp_path: Path):
    result = _export(injected, "xlsx", tmp_path / "inj.xlsx")
    ws = load_workbook(result.path)["执法"]
    quote_col = TABLE_HEADERS.index("摘录") + 1
    cells = [ws.cell(r, quote_col) for r in range(2, ws.max_row + 1)]
    # the exact text, kept as text by a string cell with Excel's quotePrefix style (no "'" inside)
    assert sorted(c.value for c in cells) == sorted(INJECTIONS)
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    note = ws.cell(2, TABLE_HEADERS.index("备注") + 1)
    assert note.value == "\r回车开头" and note.data_type == "s" and note.quotePrefix


def test_sheet_names_are_sanitised_and_unique():
    used: set[str] = {"汇总"}
    assert sheet_name("执法/复议[重点]:*?", used) == "执法_复议_重点____"
    long = "很长的类别名称" * 6
    first, second = sheet_name(long, used), sheet_name(long, used)
    assert len(first) == len(second) == 31 and first != second
    assert sheet_name("Abc", used) == "Abc" and sheet_name("ABC", used) == "ABC(2)"


# -- DOCX --------------------------------------------------------------------------------
def test_docx_digest_headings_quotes_and_fonts(golden, tmp_path: Path):
    project, _ = golden
    result = _export(project, "docx", tmp_path / "d.docx", title="测试摘编")
    doc = Document(str(result.path))
    paras = doc.paragraphs
    assert paras[0].style.name == "Title" and paras[0].text == "测试摘编"
    texts = [p.text for p in paras]
    assert "生成日期：2024-04-01" in texts
    assert any(t.startswith("筛选条件：类别：全部") for t in texts)
    h1 = [p.text for p in paras if p.style.name == "Heading 1"]
    assert h1 == ["执法（摘录 4 条）", "复议（摘录 2 条）", "营商环境（摘录 1 条）"]
    assert "某某区人民政府2023年法治政府建设年度报告" in [p.text for p in paras if p.style.name == "Heading 2"]
    assert "一、推进依法行政 > （一）严格规范公正文明执法" in [p.text for p in paras if p.style.name == "Heading 3"]
    quotes = [p.text for p in paras if p.style.name == "Quote"]
    assert len(quotes) == 7  # the excerpt tagged 执法 and 复议 appears under both
    assert "全年办理行政处罚案件120件，张𠮷同志获评优秀执法人员。" in quotes
    assert "备注：含生僻字𠮷" in texts
    assert any(t.startswith("来源：《某某街道办事处") and "标注人：李四" in t for t in texts)
    for name, face in (("Normal", "仿宋"), ("Heading 1", "黑体"), ("Quote", "仿宋")):
        rfonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == face and rfonts.get(qn("w:eastAsiaTheme")) is None


# -- JSONL -------------------------------------------------------------------------------
def test_jsonl_per_report_offsets_and_doccano_labels(golden, tmp_path: Path):
    project, ids = golden
    result = _export(project, "jsonl", tmp_path / "r.jsonl")
    lines = [json.loads(x) for x in result.path.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == [ids["A"], ids["B"]]
    for line in lines:
        assert line["text"] == project.reports.text(line["id"])
        for sp in line["spans"]:
            assert line["text"][sp["start"]:sp["end"]] == project.annotations.get(sp["annotation_id"]).quote
        assert line["label"] == [[s["start"], s["end"], s["label"]] for s in line["spans"]]
    two = [s for s in lines[0]["spans"] if s["annotation_id"] == 3]
    assert [s["label"] for s in two] == ["执法", "复议"] and len({(s["start"], s["end"]) for s in two}) == 1


def test_jsonl_per_excerpt(golden, tmp_path: Path):
    project, _ = golden
    result = _export(project, "jsonl", tmp_path / "e.jsonl", per_excerpt=True)
    lines = [json.loads(x) for x in result.path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 6
    for line in lines:
        meta = line["meta"]
        text = project.reports.text(meta["report_id"])
        assert text[meta["start"]:meta["end"]] == line["text"]
        assert text[:meta["start"]].endswith(line["context"]["before"])
        assert text[meta["end"]:].startswith(line["context"]["after"])
        assert isinstance(line["label"], list) and line["label"]


# -- BIO ---------------------------------------------------------------------------------
def _bio_spans(path: Path) -> list[tuple[str, str]]:
    """(label, characters) of each B/I run, read back from a BIO file."""
    spans: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line:
            continue
        ch, tag = line.split(" ")
        assert len(ch) == 1 and not ch.isspace()
        if tag.startswith("B-"):
            spans.append((tag[2:], ch))
        elif tag.startswith("I-"):
            assert spans and spans[-1][0] == tag[2:]
            spans[-1] = (spans[-1][0], spans[-1][1] + ch)
    return spans


def test_bio_per_category_and_longest(golden, tmp_path: Path):
    project, _ = golden
    result = _export(project, "bio", tmp_path / "t.bio")
    assert [p.name for p in result.paths] == ["t-执法.bio", "t-复议.bio", "t-营商环境.bio"]
    law = _bio_spans(result.paths[0])
    assert ("执法", "全年办理行政处罚案件120件，张𠮷同志获评优秀执法人员。") in law
    assert ("执法", "执法人员力量不足！") in law
    assert len(law) == 4
    review = _bio_spans(result.paths[1])
    assert review == [("复议", "张𠮷同志获评优秀执法人员"), ("复议", "全年收到行政复议申请30件，纠错率10%。")]
    longest = _export(project, "bio", tmp_path / "l.bio", bio_policy="longest")
    assert longest.paths == [tmp_path / "l.bio"] and longest.warnings  # the nested 复议 span is dropped
    labels = _bio_spans(longest.path)
    assert ("复议", "张𠮷同志获评优秀执法人员") not in labels and len(labels) == 5


def test_bio_restarts_with_b_in_each_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fix_clock(monkeypatch)
    text = "标题\n第一句。第二句！\n第三 句"
    with Project(tmp_path / "s.lawgov") as project:
        rid = add_reports(project, {"S": text})["S"]
        start = text.index("第一句")
        project.annotations.add(rid, start, len(text), ["执法"])
        path = _export(project, "bio", tmp_path / "s.bio", bio_policy="longest").path
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    assert [b.splitlines()[0] for b in blocks if b.strip()][1:] == ["第 B-执法", "第 B-执法", "第 B-执法"]
    assert "  " not in path.read_text(encoding="utf-8")  # the space in 第三 句 is skipped


# -- W3C ---------------------------------------------------------------------------------
def test_w3c_annotation_collection(golden, tmp_path: Path):
    project, _ = golden
    doc = json.loads(_export(project, "w3c", tmp_path / "a.jsonld").path.read_text(encoding="utf-8"))
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection" and doc["total"] == 6
    shas = {r.sha256: r.id for r in project.reports.list()}
    for anno in doc["first"]["items"]:
        assert anno["type"] == "Annotation" and anno["id"].startswith("urn:uuid:")
        target = anno["target"]
        rid = shas[target["source"]["id"].removeprefix("urn:sha256:")]
        quote_sel, pos_sel = target["selector"]
        assert quote_sel["type"] == "TextQuoteSelector" and pos_sel["type"] == "TextPositionSelector"
        text = project.reports.text(rid)
        assert text[pos_sel["start"]:pos_sel["end"]] == quote_sel["exact"]
        assert text[:pos_sel["start"]].endswith(quote_sel["prefix"])
        assert text[pos_sel["end"]:].startswith(quote_sel["suffix"])
        purposes = [b["purpose"] for b in anno["body"]]
        assert "tagging" in purposes and anno["creator"]["type"] == "Person"
    noted = [a for a in doc["first"]["items"] if any(b["purpose"] == "commenting" for b in a["body"])]
    assert len(noted) == 4


# -- QDPX --------------------------------------------------------------------------------
@pytest.mark.parametrize("newlines", ["lf", "crlf"])
def test_qdpx_project_and_positions(golden, tmp_path: Path, newlines: str):
    project, _ = golden
    result = _export(project, "qdpx", tmp_path / f"p-{newlines}.qdpx", qdpx_newlines=newlines)
    with zipfile.ZipFile(result.path) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        assert root.tag == f"{{{QDA}}}Project" and root.nsmap[None] == QDA
        ns = {"q": QDA}
        codes = {c.get("guid"): c.get("name") for c in root.iterfind(".//q:Code", ns)}
        assert set(codes.values()) == {"执法", "复议", "营商环境"}
        selections = 0
        for src in root.iterfind("q:Sources/q:TextSource", ns):
            path = src.get("plainTextPath")
            assert path == f"internal://{src.get('guid')}.txt"
            raw = zf.read(f"sources/{src.get('guid')}.txt")
            assert not raw.startswith(b"\xef\xbb\xbf")
            body = raw.decode("utf-8")
            assert ("\r\n" in body) == (newlines == "crlf")
            for sel in src.iterfind("q:PlainTextSelection", ns):
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                guid = sel.get("guid")
                ann = next(a for a in project.annotations.list()
                           if guid == _selection_guid(project, a.report_id, a.id))
                expected = ann.quote.replace("\n", "\r\n") if newlines == "crlf" else ann.quote
                assert body[start:end] == expected
                refs = [codes[r.get("targetGUID")] for r in sel.iterfind("q:Coding/q:CodeRef", ns)]
                names = {c.id: c.name for c in project.categories.list()}
                assert refs == [names[c] for c in ann.category_ids]
                selections += 1
        assert selections == 6


def _selection_guid(project: Project, report_id: int, annotation_id: int) -> str:
    from lawgov_desktop.export.qdpx_format import guid

    return guid("selection", f"{project.reports.get(report_id).sha256}:{annotation_id}")


def test_qdpx_crlf_shifts_positions_after_line_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fix_clock(monkeypatch)
    text = "标题\n第一行\n第二行含𠮷字\n"
    with Project(tmp_path / "c.lawgov") as project:
        rid = add_reports(project, {"C": text})["C"]
        start = text.index("第一行")
        project.annotations.add(rid, start, text.index("字") + 1, ["复议"])
        path = _export(project, "qdpx", tmp_path / "c.qdpx", qdpx_newlines="crlf").path
    with zipfile.ZipFile(path) as zf:
        sel = etree.fromstring(zf.read("project.qde")).find(f".//{{{QDA}}}PlainTextSelection")
        body = next(zf.read(n) for n in zf.namelist() if n.startswith("sources/")).decode("utf-8")
    assert (int(sel.get("startPosition")), int(sel.get("endPosition"))) == (start + 1, text.index("字") + 1 + 2)
    assert body[int(sel.get("startPosition")):int(sel.get("endPosition"))] == "第一行\r\n第二行含𠮷字"


# -- filters and empty selections ------------------------------------------------------------
def test_filters_select_and_restrict_categories(golden, tmp_path: Path):
    project, ids = golden
    only = _export(project, "jsonl", tmp_path / "c.jsonl", ExportFilter(categories=["复议"]), per_excerpt=True)
    lines = [json.loads(x) for x in only.path.read_text(encoding="utf-8").splitlines()]
    assert [x["label"] for x in lines] == [["复议"], ["复议"]]  # 执法 of the two-category excerpt left out
    by_report = _export(project, "csv", tmp_path / "r.csv", ExportFilter(report_ids=[ids["B"]]))
    assert by_report.count == 2
    by_who = project.excerpts.list(ExportFilter(annotator="王五"))
    assert {e.annotation_id for e in by_who} == {2, 3}
    window = project.excerpts.list(ExportFilter(since="2024-03-02", until="2024-03-04"))
    assert [e.annotation_id for e in window] == [2, 3, 4]
    by_id = project.excerpts.list(ExportFilter(categories=[project.categories.by_name("营商环境").id]))
    assert [e.categories for e in by_id] == [["营商环境"]]
    with pytest.raises(ValueError, match="未知类别"):
        project.excerpts.list(ExportFilter(categories=["不存在"]))
    with pytest.raises(ValueError, match="日期"):
        project.excerpts.list(ExportFilter(since="2024/03/01"))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_empty_selection_writes_a_valid_empty_file(golden, tmp_path: Path, fmt: str):
    project, _ = golden
    out = tmp_path / f"empty{FORMATS[fmt].suffix}"
    result = _export(project, fmt, out, ExportFilter(annotator="无此人"))
    extra = [out.with_name("empty.label_config.xml")] if fmt == "labelstudio" else []  # its labelling config
    assert result.empty and result.count == 0 and result.paths == [out, *extra] and out.exists()
    if fmt == "csv":
        with out.open(encoding="utf-8-sig", newline="") as fh:
            assert list(csv.reader(fh)) == [TABLE_HEADERS]
    elif fmt == "xlsx":
        assert load_workbook(out).sheetnames == ["汇总"]
    elif fmt == "docx":
        assert "没有符合条件的标注。" in [p.text for p in Document(str(out)).paragraphs]
    elif fmt in ("jsonl", "bio", "doccano"):
        assert out.read_bytes() == b""
    elif fmt == "labelstudio":
        assert json.loads(out.read_text(encoding="utf-8")) == []
    elif fmt == "w3c":
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert doc["type"] == "AnnotationCollection" and doc["total"] == 0 and "first" not in doc
    elif fmt == "qdpx":
        with zipfile.ZipFile(out) as zf:
            assert zf.namelist() == ["project.qde"]
            assert etree.fromstring(zf.read("project.qde")).tag == f"{{{QDA}}}Project"


def test_orphaned_annotations_are_left_out_and_reported(golden, tmp_path: Path):
    project, _ = golden
    project.db.execute("UPDATE annotations SET status = 'orphaned' WHERE id = 6")
    project.db.execute("UPDATE annotations SET status = 'review' WHERE id = 5")
    result = _export(project, "csv", tmp_path / "o.csv")
    assert result.count == 5 and any("已失去在报告中的位置" in w for w in result.warnings)
    with result.path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    status = TABLE_HEADERS.index("状态")
    assert sorted(r[status] for r in rows) == sorted(["正常"] * 4 + ["待复核"])  # in the UI's language


def test_qdpx_nests_sub_categories_under_their_parents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fix_clock(monkeypatch)
    with Project(tmp_path / "n.lawgov") as project:
        rid = add_reports(project, {"A": REPORT_A_TEXT})["A"]
        parent = project.categories.by_name("执法").id
        project.categories.add("行政处罚", color="#e06666", parent_id=parent)
        project.categories.add("2023", color="#8e7cc3")
        start = REPORT_A_TEXT.index("全年办理")
        project.annotations.add(rid, start, start + 4, ["行政处罚", "2023"])
        path = _export(project, "qdpx", tmp_path / "n.qdpx").path
        assert [e.categories for e in project.excerpts.list(ExportFilter(categories=["2023"]))] == [["2023"]]
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("project.qde"))
    ns = {"q": QDA}
    top = root.findall("q:CodeBook/q:Codes/q:Code", ns)
    assert [c.get("name") for c in top] == ["执法", "2023"]
    child = top[0].find("q:Code", ns)
    assert child.get("name") == "行政处罚" and child.get("color") == "#e06666"
    ref = root.find(".//q:PlainTextSelection/q:Coding/q:CodeRef", ns).get("targetGUID")
    assert ref == child.get("guid")
