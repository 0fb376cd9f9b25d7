"""Exports and command lines as a new reader met them (issue: exports, totals, times, names, CLI).

Each test names the item of the issue it covers; every one failed before the fix.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook

from lawgov_desktop.cli import main
from lawgov_desktop.export import export
from lawgov_desktop.export.records import TABLE_HEADERS, ExportOptions
from tests.export_support import NOW, build_project


@pytest.fixture
def beijing(monkeypatch: pytest.MonkeyPatch):
    """The user's computer is in Beijing time (UTC+8)."""
    before = os.environ.get("TZ")
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    if before is None:
        monkeypatch.delenv("TZ")
    else:
        monkeypatch.setenv("TZ", before)
    time.tzset()


@pytest.fixture
def golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    project, ids = build_project(tmp_path / "people.lawgov", monkeypatch)
    with project:
        yield project, ids


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project, _ids = build_project(tmp_path / "cli.lawgov", monkeypatch)
    project.close()
    return tmp_path / "cli.lawgov"


def _export(project, fmt: str, out: Path, **opts):
    return export(project, fmt, out, options=ExportOptions(now=NOW, **opts))


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# -- item 3: the Word digest in 公文 style ----------------------------------------------------
def test_word_digest_is_a4_with_gongwen_margins_fonts_page_numbers_and_set_apart_excerpts(golden, tmp_path):
    project, _ = golden
    doc = Document(str(_export(project, "docx", tmp_path / "d.docx").path))
    paras = doc.paragraphs
    # no title given: a title for people, not the project file name
    assert paras[0].text == "法治政府建设年度报告标注摘编" and "people" not in paras[0].text
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    for name, face in (("Normal", "仿宋"), ("Quote", "仿宋"), ("Title", "黑体"), ("Heading 1", "黑体")):
        rfonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == face, name
    assert doc.styles["Normal"].font.size.pt == 16  # 三号
    # a page number field in the footer, 「— n —」
    footer = section.footer.paragraphs[0]
    assert "PAGE" in "".join(t.text for t in footer._p.iter(qn("w:instrText")))
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    # excerpts are set apart: indented on both sides with a rule on the left, 来源 under each
    quote_style = doc.styles["Quote"].element.pPr
    ind = quote_style.find(qn("w:ind"))
    assert int(ind.get(qn("w:leftChars"))) > 0 and int(ind.get(qn("w:rightChars"))) > 0
    assert quote_style.find(f"{qn('w:pBdr')}/{qn('w:left')}").get(qn("w:val")) == "single"
    for i, p in enumerate(paras):
        if p.style.name == "Quote":
            following = [q.text for q in paras[i + 1:i + 3]]
            assert any(t.startswith("来源：《") for t in following), following
    source = next(p for p in paras if p.text.startswith("来源：《"))
    assert int(source._p.pPr.find(qn("w:ind")).get(qn("w:leftChars"))) > 0
    assert Mm(1)  # (docx.shared imported for the unit conversion above)


def test_export_dialog_has_a_title_field_that_reaches_the_digest(qtbot, golden, tmp_path):
    from lawgov_desktop.gui.export_dialog import ExportDialog

    project, _ = golden
    dialog = ExportDialog(project.path, project.categories.list(), project.reports.list())
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("docx"))
    assert dialog.title_edit.isEnabled() and dialog.title_edit.text() == "法治政府建设年度报告标注摘编"
    dialog.title_edit.setText("2024年执法工作摘编")
    dialog.output.setText(str(tmp_path / "t.docx"))
    assert dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    assert Document(str(tmp_path / "t.docx")).paragraphs[0].text == "2024年执法工作摘编"
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))
    assert not dialog.title_edit.isEnabled()


# -- item 4: totals that add up and say what they count ------------------------------------
def test_totals_add_up_and_say_what_they_count(golden, tmp_path, db, capsys):
    project, _ = golden  # 6 excerpts; one has two categories: 7 tags
    wb = load_workbook(_export(project, "xlsx", tmp_path / "x.xlsx").path)
    summary = wb["汇总"]
    header = [c.value for c in summary[1]]
    assert header[-2:] == ["标注（次）", "摘录（条）"]
    rows = [[c.value for c in r] for r in summary.iter_rows(min_row=2, max_row=4)]
    for row in rows:
        assert sum(row[2:-2]) == row[-2]  # the category columns add up to the tag total
    assert rows[-1][0] == "合计" and rows[-1][-2:] == [7, 6]
    notes = [r[0].value for r in summary.iter_rows(min_row=5) if r and r[0].value]
    assert any("摘录 6 条，标注 7 次" in str(n) for n in notes)
    texts = [p.text for p in Document(str(_export(project, "docx", tmp_path / "d.docx").path)).paragraphs]
    assert any(t.startswith("摘录 6 条，标注 7 次") for t in texts)
    assert not any("共 6 条摘录" in t for t in texts)
    assert main(["--db", str(db), "export", "-f", "csv", "-o", str(tmp_path / "c.csv")]) == 0
    assert "摘录 6 条，标注 7 次" in capsys.readouterr().out


# -- item 5: local times, status in the UI language, exact xlsx values ---------------------
def test_files_for_people_show_local_time_and_words_machine_formats_keep_iso(beijing, golden, tmp_path):
    project, _ = golden
    rows = _csv_rows(_export(project, "csv", tmp_path / "c.csv").path)
    assert rows[0]["创建时间"] == "2024-03-01 16:00" and rows[0]["更新时间"] == "2024-03-01 16:00"
    assert {r["状态"] for r in rows} == {"正常"}
    assert any(r["备注"] == "'+1" for r in rows)  # csv keeps its apostrophe guard
    ws = load_workbook(_export(project, "xlsx", tmp_path / "x.xlsx").path)["执法"]
    col = {h: i for i, h in enumerate(TABLE_HEADERS)}
    cells = list(ws.iter_rows(min_row=2, max_row=2))[0]
    assert cells[col["创建时间"]].value == "2024-03-01 16:00" and cells[col["状态"]].value == "正常"
    plus = next(r[col["备注"]] for r in ws.iter_rows(min_row=2) if r[col["备注"]].value == "+1")
    assert plus.data_type == "s" and plus.quotePrefix  # exact value, kept text by the cell style
    digest = [p.text for p in Document(str(_export(project, "docx", tmp_path / "d.docx").path)).paragraphs]
    assert any("2024-03-01" in t and t.startswith("来源") for t in digest)
    line = json.loads(_export(project, "jsonl", tmp_path / "e.jsonl", per_excerpt=True)
                      .path.read_text(encoding="utf-8").splitlines()[0])
    assert line["meta"]["created_at"] == "2024-03-01T08:00:00+00:00"  # machine format: ISO with offset
    english = _csv_rows(_export(project, "csv", tmp_path / "en.csv", language="en").path)
    assert {r["状态"] for r in english} == {"OK"}


# -- item 6: one name for the passages before the first heading ----------------------------
def test_passages_before_the_first_heading_have_one_name_everywhere(golden, db, tmp_path, capsys):
    project, ids = golden
    title_end = project.reports.text(ids["A"]).index("\n")
    project.annotations.add(ids["A"], 0, 6, ["执法"])  # in the title line, before 一、
    rows = _csv_rows(_export(project, "csv", tmp_path / "c.csv").path)
    assert [r["章节"] for r in rows if r["起始"] == "0"] == ["报告开头"]
    digest = Document(str(_export(project, "docx", tmp_path / "d.docx").path))
    assert "报告开头" in [p.text for p in digest.paragraphs if p.style.name == "Heading 3"]
    line = _export(project, "jsonl", tmp_path / "e.jsonl", per_excerpt=True).path.read_text(encoding="utf-8")
    assert json.loads(line.splitlines()[0])["meta"]["section_path"] == "报告开头"
    assert title_end > 6
    assert main(["--db", str(db), "annotate", "1", "0", "6", "执法"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "annotations", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [a["section_path"] for a in listed if a["start"] == 0] == ["报告开头"]
    assert main(["--db", str(db), "search", "某某区人民政府", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and hits[0]["section_path"] == "报告开头"


# -- item 11: the command line -------------------------------------------------------------
def test_cli_export_proposes_a_name_and_writes_text_to_stdout(db, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(db), "export", "-f", "xlsx", "--category", "执法", "--report", "1"]) == 0
    out = capsys.readouterr().out
    [made] = list(tmp_path.glob("*.xlsx"))
    assert made.name.startswith("执法-某某区人民政府2023年法治政府建设年度报告-") and made.name in out
    assert main(["--db", str(db), "export", "-f", "xlsx", "--category", "执法", "--report", "1"]) == 0
    assert len(list(tmp_path.glob("*.xlsx"))) == 2  # a second export never replaces the first
    capsys.readouterr()
    assert main(["--db", str(db), "export", "-f", "csv", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert not (tmp_path / "-").exists()
    rows = list(csv.reader(io.StringIO(captured.out.lstrip("\ufeff"))))
    assert rows[0][0] == "报告" and len(rows) == 7
    assert "摘录 6 条" in captured.err  # the summary goes to stderr, the data alone to stdout
    assert main(["--db", str(db), "export", "-f", "docx", "-o", "-"]) == 1
    assert "不是文本格式" in capsys.readouterr().err


def test_cli_success_lines_are_in_one_language(db, tmp_path, capsys, monkeypatch):
    import re

    han, latin = re.compile(r"[\u4e00-\u9fff]"), re.compile(r"[A-Za-z]{3,}")
    monkeypatch.setenv("LAWGOV_LANG", "zh_CN")
    assert main(["--db", str(db), "export", "-f", "csv", "-o", str(tmp_path / "a.csv")]) == 0
    line = capsys.readouterr().out.strip().replace(str(tmp_path / "a.csv"), "")
    assert han.search(line) and not latin.search(line), line
    monkeypatch.setenv("LAWGOV_LANG", "en")
    assert main(["--db", str(db), "export", "-f", "csv", "-o", str(tmp_path / "b.csv")]) == 0
    line = capsys.readouterr().out.strip().replace(str(tmp_path / "b.csv"), "")
    assert latin.search(line) and not han.search(line), line
    monkeypatch.delenv("LAWGOV_LANG")
    from lawgov_desktop.gui.settings import UiSettings

    saved = UiSettings()
    saved.set_language("en")  # the language saved by the desktop app decides when LAWGOV_LANG is unset
    saved.sync()
    assert main(["--db", str(db), "export", "-f", "csv", "-o", str(tmp_path / "c.csv")]) == 0
    assert capsys.readouterr().out.startswith("Exported 6 excerpts")


def test_cli_search_json_names_the_report(db, capsys):
    assert main(["--db", str(db), "search", "行政复议", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all(h["report_title"] for h in hits)
    assert {h["report_title"] for h in hits if h["report_id"] == 1} == {"某某区人民政府2023年法治政府建设年度报告"}


def test_cli_suggest_limit_keeps_the_best_sorted_by_score(seeded_project, capsys):
    path = str(seeded_project.path)
    seeded_project.close()
    assert main(["--db", path, "suggest", "--json"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert main(["--db", path, "suggest", "--limit", "8", "--json"]) == 0
    best = json.loads(capsys.readouterr().out)
    scores = [s["score"] for s in best]
    assert len(best) == 8 and scores == sorted(scores, reverse=True)
    assert scores[-1] >= max(s["score"] for s in every if s not in best) - 1e-9
    # equal scores keep their order in the reports
    for a, b in zip(best, best[1:], strict=False):
        if a["score"] == b["score"]:
            assert (a["report_id"], a["start"]) <= (b["report_id"], b["start"])
    assert [s["score"] for s in every] == sorted((s["score"] for s in every), reverse=True)
