"""A tag in the window (key press → store → every refresh → repaint) runs the same SQL statements
whether the report has a few annotations or thousands (no more, at least), and in as many SQLite
VM steps: nothing on the way re-reads a whole report's annotations or its text (a count, not a
timing)."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.guiutil import select_cp


def _tag_statements(window, qtbot, pane, start: int) -> list[tuple[str, int]]:
    """The statements one tag runs, each with the SQLite VM steps it took."""
    seen: list[list] = []

    def step() -> int:
        if seen:
            seen[-1][1] += 1
        return 0

    conn = window.project.conn
    select_cp(pane.view, start, start + 6)
    conn.set_trace_callback(lambda sql: seen.append([sql, 0]))
    conn.set_progress_handler(step, 1)
    try:
        pane.view.setFocus()
        qtbot.keyClick(pane.view, Qt.Key.Key_1)
        QApplication.processEvents()
    finally:
        conn.set_progress_handler(None, 1)
        conn.set_trace_callback(None)
    return [(sql, steps) for sql, steps in seen]


def test_a_tag_runs_the_same_statements_among_thousands_of_annotations(main_window, qtbot):
    window = main_window
    project = window.project
    window.undo_stack._timer.stop()  # its look for other writers' commits would fall between
    pane = window.open_report(1, new_pane=True)
    length = len(pane.view.text())
    _tag_statements(window, qtbot, pane, 10)  # first tag: caches filled, capture log made
    project.clear_history()  # the same history at both counts (tests/test_tag_costs.py: a long one)
    few = _tag_statements(window, qtbot, pane, 40)
    rng = random.Random(5)
    spans = [(s, s + rng.randint(2, 20)) for s in (rng.randrange(0, length - 30) for _ in range(2000))]
    project.annotations.add_many(1, spans, [1])
    QApplication.processEvents()
    project.clear_history()
    many = _tag_statements(window, qtbot, pane, 80)
    assert len(project.annotations.list()) > 2000 and len(pane.view.highlights) > 2000
    # (the few-annotation list may also read the details of the new row, which is on screen there)
    assert len(many) <= len(few), "\n".join(sql for sql, _ in many)
    assert not [sql for sql, _ in many if "text FROM reports" in sql]  # the pane's text is not read again
    # nor does any statement take more steps among thousands, but the library's count of the
    # report's annotations (a range of its index: a few steps per annotation, known and left so)
    library_count = "count(*) FROM annotations a WHERE a.report_id"
    steps_few = sum(n for sql, n in few if library_count not in sql)
    steps_many = sum(n for sql, n in many if library_count not in sql)
    assert steps_many <= steps_few, [(n, sql[:80]) for sql, n in many]
