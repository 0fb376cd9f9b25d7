"""A report deleted in the window is one step of the project's history: the Edit menu names
it, ``lawgov undo`` brings the report back (and the window follows), and the window redoes it."""

from __future__ import annotations

from lawgov_desktop.cli import main as cli
from lawgov_desktop.store.project import Project

REPORT = 4


def test_cli_undoes_a_deletion_made_in_the_window(main_window, project_path, qtbot, capsys):
    project = main_window.project
    text = project.reports.text(REPORT)
    start = text.index("行政")
    project.annotations.add(REPORT, start, start + 2, ["执法"])
    steps = len(project.history())
    project.reports.delete(REPORT)
    assert REPORT not in {r.id for r in project.reports.list()}
    assert len(project.history()) == steps + 1  # the tag's step is kept
    assert main_window.act_undo.isEnabled()
    assert f"delete report {REPORT}" in main_window.act_undo.text().lower()
    assert cli(["--db", str(project_path), "undo"]) == 0
    assert f"删除报告 {REPORT}" in capsys.readouterr().out
    assert main_window.undo_stack.check_other_writers()  # the window notices the other process's undo
    assert REPORT in {r.id for r in project.reports.list()} and project.reports.text(REPORT) == text
    assert [a.start for a in project.annotations.list() if a.report_id == REPORT] == [start]
    with Project(project_path) as other:
        assert other.health.integrity() == "ok"
    assert REPORT in {h.report_id for h in project.search.hits("行政")}
    main_window.act_redo.trigger()  # and the window redoes what the command line undid
    assert REPORT not in {r.id for r in project.reports.list()}
    assert REPORT not in {h.report_id for h in project.search.hits("行政")}
    main_window.act_undo.trigger()
    assert project.reports.text(REPORT) == text


def test_the_window_undoes_a_deletion_of_an_open_report(main_window, qtbot):
    project = main_window.project
    main_window.open_report(REPORT)
    text = project.reports.text(REPORT)
    project.reports.delete(REPORT)
    main_window.act_undo.trigger()
    assert project.reports.text(REPORT) == text
    pane = main_window.open_report(REPORT)
    assert pane.view.text() == text.strip() or pane.view.text() == text
    assert pane.sections == project.reports.sections(REPORT)
