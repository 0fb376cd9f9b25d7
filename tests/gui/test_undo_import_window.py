"""An import made in the window is one step of the project's history: the Edit menu names it,
``lawgov undo`` takes it back (and the window follows), and undoing a new version from the
window puts the open pane back on the old text."""

from __future__ import annotations

from pathlib import Path

from lawgov_desktop.cli import main as cli
from lawgov_desktop.store.project import Project

REPORT = 4


def test_cli_undoes_an_import_made_in_the_window(main_window, project_path, tmp_path, qtbot, capsys):
    files = []
    for k in range(3):
        path = tmp_path / f"new{k}.txt"
        path.write_text(f"第{k}号报告\n一、总体情况\n全年办理行政复议案件{k + 10}件，依法纠错{k}件。\n", encoding="utf-8")
        files.append(path)
    with qtbot.waitSignal(main_window.importer.finished, timeout=30_000):
        main_window.import_paths(files)
    new = {rid for _path, rid in main_window.importer.last_summary.imported}
    assert len(new) == 3 and new <= {r.id for r in main_window.project.reports.list()}
    assert main_window.act_undo.isEnabled() and "3" in main_window.act_undo.text()
    assert "import" in main_window.act_undo.text().lower()
    assert cli(["--db", str(project_path), "undo"]) == 0
    assert "导入 3 份报告" in capsys.readouterr().out
    assert main_window.undo_stack.check_other_writers()  # the window notices the other process's undo
    assert not new & {r.id for r in main_window.project.reports.list()}
    with Project(project_path) as other:
        assert not new & {r.id for r in other.reports.list()} and other.health.integrity() == "ok"
    main_window.act_redo.trigger()  # and the window redoes what the command line undid
    assert new <= {r.id for r in main_window.project.reports.list()}
    assert {h.report_id for h in main_window.project.search.hits("行政复议案件")} >= new


def test_the_window_undoes_a_new_version_and_the_pane_shows_the_old_text(main_window, qtbot, tmp_path: Path):
    project = main_window.project
    pane = main_window.open_report(REPORT)
    old = project.reports.text(REPORT)
    cut = old.index("紧盯行政规范性文件")
    new = old[:cut] + old[cut + 30:]
    v2 = tmp_path / "v2.txt"
    v2.write_text(new, encoding="utf-8")
    with qtbot.waitSignal(main_window.importer.finished, timeout=30_000):
        main_window.import_paths([v2])
    assert pane.view.text() == new.strip() or pane.view.text() == project.reports.text(REPORT) != old
    assert main_window.act_undo.isEnabled()
    main_window.act_undo.trigger()
    assert project.reports.text(REPORT) == old == pane.view.text()
    assert pane.sections == project.reports.sections(REPORT)
    assert project.versions.list(REPORT) == []
