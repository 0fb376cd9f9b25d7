"""Each benchmark baseline produces the same output as the app's side of its case.

A baseline that does less than the app flatters the ratio; these checks keep every pair
honest on a small corpus: the same hits (offsets, section paths, context), the same bytes
of the exported file, the same stored texts and a search index that finds the same reports.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lawgov_desktop.bench import baselines
from lawgov_desktop.export import ExportOptions, export
from lawgov_desktop.store.project import Project


@pytest.fixture
def tagged(tmp_path: Path, seed_files: list[Path]) -> Path:
    path = tmp_path / "fair.lawgov"
    with Project(path) as project:
        project.reports.import_files(seed_files)
        for report in project.reports.list():
            text = project.reports.text(report.id)
            # before the first heading, inside sections, overlapping, and with two categories
            project.annotations.add(report.id, 0, 6, ["执法"])
            mid = len(text) // 2
            project.annotations.add(report.id, mid, mid + 30, ["复议", "执法"], note="两类")
            project.annotations.add(report.id, mid + 10, mid + 50, ["营商环境"])
            pos = text.find("行政复议")
            if pos >= 0:
                project.annotations.add(report.id, pos, pos + 4, ["复议"])
    return path


@pytest.mark.parametrize("phrase", ["行政复议", "法治政府建设", "执法监督"])
def test_search_baseline_returns_the_same_hits(tagged: Path, tmp_path: Path, phrase: str):
    with Project(tagged, readonly=True) as project:
        ours = [(h.report_id, h.start, h.end, h.section_path, h.context_before, h.match, h.context_after)
                for h in project.search.hits(phrase)]
    conn = baselines.copy_for_search(tagged, tmp_path / "bare.db")
    _seconds, bare = baselines.search_hits(conn, phrase)
    conn.close()
    assert ours, "the phrase should occur in the seeds"
    assert bare == ours


def test_jsonl_baseline_writes_the_same_file(tagged: Path, tmp_path: Path):
    ours, bare = tmp_path / "ours.jsonl", tmp_path / "bare.jsonl"
    with Project(tagged, readonly=True) as project:
        export(project, "jsonl", ours, options=ExportOptions(overwrite=True))
    _seconds, rows = baselines.jsonl_per_report(tagged, bare)
    assert rows > 10
    assert bare.read_bytes() == ours.read_bytes()


def test_import_baseline_stores_the_same_texts_and_a_search_index_that_finds_the_same_reports(
        seed_files: list[Path], tmp_path: Path):
    ours_path, bare_path = tmp_path / "ours.lawgov", tmp_path / "bare.db"
    with Project(ours_path) as project:
        project.reports.import_files(seed_files)
    inserted, indexed = baselines.insert_and_index(seed_files, bare_path)
    assert 0 < inserted <= indexed
    ours = sqlite3.connect(ours_path)
    bare = sqlite3.connect(bare_path)
    try:
        ours_texts = [t for (t,) in ours.execute("SELECT text FROM reports ORDER BY id")]
        bare_texts = [t for (t,) in bare.execute("SELECT text FROM reports ORDER BY id")]
        assert bare_texts == ours_texts  # the seeds are clean UTF-8: nothing for our reader to fix
        fts_sql = {row[0] for row in ours.execute("SELECT sql FROM sqlite_master WHERE name = 'reports_fts'")}
        assert any("trigram" in s and "detail=none" in s for s in fts_sql)
        for phrase in ("行政复议", "法治政府建设", "营商环境", "执法监督"):
            query = "SELECT rowid FROM reports_fts WHERE reports_fts MATCH ? ORDER BY rowid"
            # without positions, a term is asked as its 3-character pieces, as the app's search does
            match = " AND ".join(f'"{phrase[i:i + 3]}"' for i in range(len(phrase) - 2))
            found = [r for (r,) in ours.execute(query, [match])]
            assert found, phrase
            assert [r for (r,) in bare.execute(query, [match])] == found
    finally:
        ours.close()
        bare.close()


def _cell_values(path: Path) -> dict[str, list[list]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def test_xlsx_baseline_writes_the_same_sheets_and_cell_values(tagged: Path, tmp_path: Path):
    ours, bare = tmp_path / "ours.xlsx", tmp_path / "bare.xlsx"
    with Project(tagged) as project:
        project.annotations.add(1, 10, 16, ["执法"], note="=1+1")  # a note a spreadsheet would run
    with Project(tagged, readonly=True) as project:
        now = "2026-12-02T08:36:00+00:00"
        export(project, "xlsx", ours, options=ExportOptions(overwrite=True, now=now))
    _seconds, rows = baselines.xlsx_workbook(tagged, bare, now=now)
    assert rows > 10
    mine, theirs = _cell_values(ours), _cell_values(bare)
    assert list(theirs) == list(mine)
    assert theirs == mine
    assert any("=1+1" in row for sheet in mine.values() for row in sheet)  # kept as text on both sides
