"""Importing our JSONL and W3C exports back: round trips, re-anchoring, duplicates, failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lawgov_desktop.cli import main
from lawgov_desktop.core.anchoring import find_span
from lawgov_desktop.export import export
from lawgov_desktop.export.importer import import_annotations
from lawgov_desktop.export.records import ExportOptions
from lawgov_desktop.store.project import Project
from tests.export_support import (
    NOW,
    REPORT_A,
    REPORT_B,
    add_reports,
    annotation_keys,
    build_project,
    fix_clock,
)

SHAPES = [("jsonl", {}), ("jsonl", {"per_excerpt": True}), ("w3c", {})]


@pytest.fixture
def golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    project, ids = build_project(tmp_path / "golden.lawgov", monkeypatch)
    with project:
        yield project


def _export(project: Project, fmt: str, out: Path, **opts) -> Path:
    return export(project, fmt, out, options=ExportOptions(now=NOW, **opts)).path


def _empty_with_reports(path: Path, texts: dict[str, str]) -> Project:
    project = Project(path)
    add_reports(project, texts)
    return project


# -- anchoring ---------------------------------------------------------------------------
def test_find_span_strategies():
    text = "甲乙丙。行政复议工作。丁戊。行政复议工作。己庚𠮷。"
    first, second = text.index("行政复议"), text.rindex("行政复议")
    assert find_span(text, "行政复议", hint_start=second) == (second, second + 4, "offsets", 1.0)
    assert find_span(text, "己庚𠮷", hint_start=3).method == "quote"
    assert find_span(text, "己庚𠮷")[:2] == (text.index("己"), text.index("己") + 3)  # 𠮷 is one code point
    by_context = find_span(text, "行政复议", prefix="丁戊。", suffix="工作")
    assert by_context[:3] == (second, second + 4, "quote+context") and by_context.score == 1.0
    assert find_span(text, "行政复议", hint_start=first + 1).start == first  # equal context: nearest wins
    assert find_span(text, "行政复议") is None  # two equal candidates, no hint: ambiguous
    assert find_span(text, "不存在") is None and find_span(text, "") is None


# -- round trips -------------------------------------------------------------------------
@pytest.mark.parametrize(("fmt", "opts"), SHAPES)
def test_round_trip_into_an_empty_project(golden, tmp_path: Path, fmt: str, opts: dict):
    path = _export(golden, fmt, tmp_path / f"out.{fmt}", **opts)
    with _empty_with_reports(tmp_path / "fresh.lawgov", {"A": REPORT_A, "B": REPORT_B}) as fresh:
        report = import_annotations(fresh, path)
        assert report.ok and report.added == 6 and report.duplicates == 0
        assert report.methods == {"offsets": 6} and report.created_categories == []
        assert annotation_keys(fresh) == annotation_keys(golden)
        got = {(a.start, a.annotator, a.created_at) for a in fresh.annotations.list()}
        assert got == {(a.start, a.annotator, a.created_at) for a in golden.annotations.list()}
        again = import_annotations(fresh, path)
        assert again.added == 0 and again.duplicates == 6 and again.ok
        assert len(fresh.annotations.list()) == 6


def test_unknown_categories_are_created_with_their_colour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fix_clock(monkeypatch)
    with Project(tmp_path / "src.lawgov") as src:
        rid = add_reports(src, {"A": REPORT_A})["A"]
        src.categories.add("公平竞争审查", color="#123abc")
        start = REPORT_A.index("企业开办")
        src.annotations.add(rid, start, start + 4, ["公平竞争审查", "营商环境"])
        path = _export(src, "jsonl", tmp_path / "c.jsonl")
    with _empty_with_reports(tmp_path / "dst.lawgov", {"A": REPORT_A}) as dst:
        report = import_annotations(dst, path)
        assert report.created_categories == ["公平竞争审查"]
        assert dst.categories.by_name("公平竞争审查").color == "#123abc"


# -- edited reports ----------------------------------------------------------------------------
EDITED_A = REPORT_A.replace("一、推进依法行政\n", "一、推进依法行政（修订稿）\n").replace(
    "二、优化营商环境", "二、持续优化营商环境")


@pytest.mark.parametrize(("fmt", "opts"), SHAPES)
def test_shifted_text_is_re_found_by_quote_and_context(golden, tmp_path: Path, fmt: str, opts: dict):
    path = _export(golden, fmt, tmp_path / f"out.{fmt}", **opts)
    with _empty_with_reports(tmp_path / "edited.lawgov", {"A": EDITED_A, "B": REPORT_B}) as edited:
        report = import_annotations(edited, path)
        assert report.ok and report.added == 6, report.unplaced
        assert report.methods["quote"] + report.methods.get("quote+context", 0) == 4  # report A moved
        text = edited.reports.text(1)
        for ann in edited.annotations.list():
            assert edited.reports.text(ann.report_id)[ann.start:ann.end] == ann.quote
        assert {a.quote for a in edited.annotations.list() if a.report_id == 1} == \
            {a.quote for a in golden.annotations.list() if a.report_id == 1}
        assert text.index("全年办理") != REPORT_A.index("全年办理")


def test_unplaceable_spans_are_reported_not_dropped(golden, tmp_path: Path, capsys):
    path = _export(golden, "jsonl", tmp_path / "out.jsonl", per_excerpt=True)
    broken_a = EDITED_A.replace("企业开办时间压缩至1个工作日", "企业开办时间大幅压缩")
    db = tmp_path / "broken.lawgov"
    with _empty_with_reports(db, {"A": broken_a}):
        pass
    code = main(["--db", str(db), "import-annotations", str(path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert out["added"] == 3  # three of report A re-found
    reasons = [u["reason"] for u in out["unplaced"]]
    assert len(reasons) == 3
    assert sum("找不到这段文字" in r for r in reasons) == 1
    assert sum("项目中没有这份报告" in r for r in reasons) == 2  # report B was never imported


def test_ambiguous_quote_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fix_clock(monkeypatch)
    text = "标题行\n一、甲\n同一句话。\n二、乙\n同一句话。\n"
    with Project(tmp_path / "a.lawgov") as src:
        rid = add_reports(src, {"T": text})["T"]
        start = text.rindex("同一句话")
        src.annotations.add(rid, start, start + 4, ["复议"])
        path = _export(src, "w3c", tmp_path / "a.jsonld")
    doc = json.loads(path.read_text(encoding="utf-8"))
    sel = doc["first"]["items"][0]["target"]["selector"]
    sel[0]["prefix"] = sel[0]["suffix"] = ""  # no context and no position: nothing tells which
    del sel[1]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with _empty_with_reports(tmp_path / "b.lawgov", {"T": text}) as dst:
        report = import_annotations(dst, path)
        assert report.added == 0 and len(report.unplaced) == 1
        assert "出现多次" in report.unplaced[0].reason


def test_doccano_style_lines_and_bad_lines(tmp_path: Path):
    text = REPORT_B
    start = text.index("开展联合执法")
    path = tmp_path / "doccano.jsonl"
    path.write_text(json.dumps({"text": text, "label": [[start, start + 6, "执法"]]}, ensure_ascii=False)
                    + "\n{not json\n", encoding="utf-8")
    with _empty_with_reports(tmp_path / "d.lawgov", {"B": text}) as dst:
        report = import_annotations(dst, path)
        assert report.added == 1 and [u.where for u in report.unplaced] == ["第 2 行"]
        assert dst.annotations.list()[0].quote == "开展联合执法"


def test_cli_import_twice(golden, tmp_path: Path, capsys):
    path = _export(golden, "w3c", tmp_path / "out.jsonld")
    db = tmp_path / "cli.lawgov"
    with _empty_with_reports(db, {"A": REPORT_A, "B": REPORT_B}):
        pass
    assert main(["--db", str(db), "import-annotations", str(path)]) == 0
    assert "新增 6 条" in capsys.readouterr().out  # one language a line (LAWGOV_LANG, else Chinese)
    assert main(["--db", str(db), "import-annotations", str(path)]) == 0
    assert "新增 0 条；已存在 6 条" in capsys.readouterr().out
