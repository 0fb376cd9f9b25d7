"""The window's Undo/Redo are the project's history: shared with ``lawgov undo``, kept after
closing the window, and the window follows a change another process made."""

from __future__ import annotations

from lawgov_desktop.cli import main as cli
from lawgov_desktop.store.annotations import AnnotationFilter
from lawgov_desktop.store.project import Project

REPORT = 1


def spans(window, report_id: int = REPORT) -> list[tuple[int, int]]:
    pane = next(p for p in window.reading.panes() if p.report_id == report_id)
    return sorted((s.start, s.end) for s in pane.view.highlights.spans)


def tag(window, start: int, end: int, category: int = 1) -> int:
    pane = window.open_report(REPORT)
    pane.view.select_span(start, end)
    assert window.tag_selection(category)
    return window.undo_stack.last_command.ids[0]


def test_cli_undoes_a_tag_made_in_the_window_and_the_window_follows(main_window, project_path, capsys, qtbot,
                                                                   monkeypatch):
    aid = tag(main_window, 10, 16)
    assert (10, 16) in spans(main_window)
    assert cli(["--db", str(project_path), "history", "--limit", "1"]) == 0
    assert "标注 1 处" in capsys.readouterr().out  # in Chinese: the library's name of the step
    monkeypatch.setenv("LAWGOV_LANG", "en")  # the window's language (no Chinese catalogue here)
    assert cli(["--db", str(project_path), "undo"]) == 0
    assert "执法" in capsys.readouterr().out  # the step as the window named it
    assert main_window.undo_stack.check_other_writers()  # the poll notices the other process's commit
    assert (10, 16) not in spans(main_window)
    assert aid not in {a.id for a in main_window.project.annotations.list()}
    assert main_window.act_redo.isEnabled() and not main_window.undo_stack.check_other_writers()
    main_window.act_redo.trigger()  # and the window redoes what the command line undid
    assert (10, 16) in spans(main_window) and main_window.project.annotations.get(aid).start == 10


def test_the_window_undoes_a_tag_made_by_the_cli(main_window, project_path, capsys, qtbot):
    main_window.open_report(REPORT)
    assert cli(["--db", str(project_path), "annotate", str(REPORT), "20", "28", "复议"]) == 0
    aid = int(capsys.readouterr().out)
    qtbot.waitUntil(lambda: (20, 28) in spans(main_window), timeout=5000)  # the timer's poll
    assert main_window.act_undo.isEnabled()
    main_window.act_undo.trigger()
    assert (20, 28) not in spans(main_window)
    with Project(project_path) as other:
        assert aid not in {a.id for a in other.annotations.list()}


def test_undo_after_closing_and_reopening_the_window(make_window, project_path):
    first = make_window()
    aid = tag(first, 30, 36)
    first.close()
    first.bridge.project.close()
    again = make_window()
    again.open_report(REPORT)
    assert (30, 36) in spans(again) and again.act_undo.isEnabled()
    again.act_undo.trigger()
    assert (30, 36) not in spans(again)
    assert aid not in {a.id for a in again.project.annotations.list()}


def test_resolving_in_the_attention_dialog_is_undone_from_the_window(main_window):
    project = main_window.project
    aid = project.annotations.add(REPORT, 40, 46, ["执法"])
    with project.operation("setup", "待核对 (needs review)"):  # as a re-import leaves it
        project.db.execute("UPDATE annotations SET status = 'review' WHERE id = ?", [aid])
    dialog = main_window.open_attention()
    row = next(i for i, it in enumerate(dialog.items) if it.annotation.id == aid)
    dialog.table.selectRow(row)
    assert dialog.accept_selected()
    assert project.annotations.get(aid).status == "ok"
    main_window.act_undo.trigger()
    assert project.annotations.get(aid).status == "review"
    dialog.close()


def test_a_refused_undo_says_why_and_changes_nothing(main_window, dialogs):
    project = main_window.project
    aid = tag(main_window, 50, 56)
    project.db.execute("UPDATE annotations SET note = 'by another tool' WHERE id = ?", [aid])
    main_window.act_undo.trigger()
    assert project.annotations.get(aid).note == "by another tool"
    assert any("changed" in t or "改动" in t for t in dialogs.texts())
    assert [a.id for a in project.annotations.list(AnnotationFilter(report_ids=[REPORT]))] == [aid]


def test_another_process_tag_refreshes_only_its_report(main_window, project_path, capsys, qtbot):
    heard = []
    main_window.bridge.changed.connect(heard.append)
    main_window.open_report(REPORT)
    qtbot.waitUntil(lambda: main_window.undo_stack._prints is not None, timeout=5000)  # the first quiet tick
    assert cli(["--db", str(project_path), "annotate", "2", "5", "9", "执法"]) == 0
    capsys.readouterr()
    assert main_window.undo_stack.check_other_writers()
    [changes] = [c for c in heard if c.op == "external"]
    assert changes.annotations == {2} and not changes.reports and not changes.categories
    assert cli(["--db", str(project_path), "undo"]) == 0
    assert main_window.undo_stack.check_other_writers()
    assert [c.annotations for c in heard if c.op == "external"] == [{2}, {2}]
    assert not main_window.undo_stack.check_other_writers()  # nothing new since
