"""The library's list of reports is read from an index, never from the reports' rows.

``chars``, ``sha256`` and ``imported_at`` sit after ``text`` in a report's row: a query reading
them from the table walks every report's text, which made start-up grow with the size of the
texts (see ``_v_report_list`` in :mod:`lawgov_desktop.store.schema`).
"""

from __future__ import annotations

from pathlib import Path

from lawgov_desktop.store.project import Project
from lawgov_desktop.store.reports import _REPORT_COLS


def _plan(project: Project, sql: str) -> str:
    return " | ".join(row[-1] for row in project.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))


def test_listing_reads_the_covering_index(tmp_path: Path, seed_files):
    with Project(tmp_path / "p.lawgov") as project:
        project.reports.import_files(seed_files)
        plan = _plan(project, f"SELECT {_REPORT_COLS} FROM reports r ORDER BY r.id")
        assert "COVERING INDEX reports_list" in plan, plan
        infos = project.reports.list()
        texts = {r.id: project.reports.text(r.id) for r in infos}
        assert [r.id for r in infos] == sorted(texts)
        assert all(r.chars == len(texts[r.id]) and len(r.sha256) == 64 and r.imported_at for r in infos)
        one = project.reports.get(infos[-1].id)
        assert one == infos[-1]
