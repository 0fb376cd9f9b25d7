"""The window tells what another connection changed from each report's revision number: its
first look reads no annotation at all, and a change to one report's annotations (a new tag, a
note, a category link) refreshes that report only."""

from __future__ import annotations

from lawgov_desktop.store.history import fingerprints
from lawgov_desktop.store.project import Project


def _spans(window, report_id: int) -> list[tuple[int, int]]:
    pane = next(p for p in window.reading.panes() if p.report_id == report_id)
    return sorted((s.start, s.end) for s in pane.view.highlights.spans)


def test_the_first_look_reads_no_annotation(main_window):
    stack = main_window.undo_stack
    assert stack._timer.isActive()
    stack._prints = None  # as before the first quiet tick
    statements: list[str] = []
    main_window.project.conn.set_trace_callback(statements.append)
    try:
        assert not stack.check_other_writers()
    finally:
        main_window.project.conn.set_trace_callback(None)
    assert stack._prints is not None
    assert statements and not [sql for sql in statements if "annotation" in sql]


def test_another_connection_changes_one_report_and_only_it_refreshes(main_window, project_path):
    window = main_window
    window.open_report(1, new_pane=True)
    window.open_report(2, new_pane=True)
    stack = window.undo_stack
    stack._timer.stop()  # the test polls itself
    stack._prints = fingerprints(window.project)  # as the first quiet tick takes them
    heard = []
    window.bridge.changed.connect(heard.append)
    first = _spans(window, 1)

    with Project(project_path) as other:
        aid = other.annotations.add(2, 30, 36, [1])
    assert stack.check_other_writers()
    assert [(c.annotations, c.reports, c.categories) for c in heard] == [({2}, False, False)]
    assert (30, 36) in _spans(window, 2) and _spans(window, 1) == first

    for change in ({"note": "另一个进程的批注"}, {"category_ids": [2]}):
        heard.clear()
        with Project(project_path) as other:
            other.annotations.update(aid, **change)
        assert stack.check_other_writers(), change
        assert [c.annotations for c in heard] == [{2}], change
    assert window.project.annotations.get(aid).category_ids == [2]
    assert not stack.check_other_writers()  # nothing new since


def test_the_windows_own_tag_is_not_taken_for_another_process_change(main_window, project_path):
    """After the window's own tag, a quiet tick takes the fingerprints again: another process's
    tag in report 2 then refreshes report 2 only, not also report 1 that the window tagged."""
    window = main_window
    stack = window.undo_stack
    assert stack._timer.isActive()
    assert not stack.check_other_writers()  # the first quiet tick
    pane = window.open_report(1)
    pane.view.select_span(10, 16)
    assert window.tag_selection(1)
    assert not stack.check_other_writers()  # a quiet tick after the window's own change
    heard = []
    window.bridge.changed.connect(heard.append)
    with Project(project_path) as other:
        other.annotations.add(2, 5, 9, [1])
    assert stack.check_other_writers()
    assert [c.annotations for c in heard if c.op == "external"] == [{2}]
