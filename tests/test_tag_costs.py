"""What one tag costs the store, as counts: SQL statements and SQLite VM steps per tag must not
grow with the report's annotations or the history's length (a tag that scanned either would
slow down as a project fills up); and the undo history it relies on stays whole."""

from __future__ import annotations

import random

import pytest

from lawgov_desktop.store import history as history_log
from lawgov_desktop.store.project import Project


def _counted_tag(project: Project, rid: int, start: int) -> tuple[int, int]:
    """(statements, VM steps) of one tag of ``[start, start + 5)``."""
    statements: list[str] = []
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    conn = project.conn
    conn.set_trace_callback(statements.append)
    conn.set_progress_handler(step, 1)
    try:
        project.annotations.add(rid, start, start + 5, [1])
    finally:
        conn.set_progress_handler(None, 1)
        conn.set_trace_callback(None)
    return len(statements), steps[0]


def _many_spans(length: int, n: int, seed: int = 0) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        s = rng.randrange(0, length - 30)
        out.append((s, s + rng.randint(2, 25)))
    return out


def test_a_tag_costs_the_same_among_thousands_of_annotations(seeded_project: Project):
    p = seeded_project
    rid = p.reports.list()[0].id
    length = len(p.reports.text(rid))
    p.annotations.add(rid, 0, 3, [1])  # first use of the connection's text cache and capture log
    p.clear_history()
    few = _counted_tag(p, rid, 10)
    p.annotations.add_many(rid, _many_spans(length, 3000), [1, 2])
    p.clear_history()  # the same history length at both counts: this test is about annotations
    many = _counted_tag(p, rid, 20)
    assert len(p.annotations.list()) > 3000
    assert many == few
    # BEGIN … COMMIT, the capture log, one row of each table and the history entry; the trace also
    # names a statement again for each trigger it runs (the capture log's, the report's revision, the
    # annotation's category ids following its link)
    assert few[0] <= 25


def test_a_tag_runs_the_same_statements_with_a_long_history(seeded_project: Project):
    p = seeded_project
    rid = p.reports.list()[0].id
    p.annotations.add(rid, 0, 3, [1])
    p.clear_history()
    short = _counted_tag(p, rid, 10)
    for start in range(30, 30 + 8 * history_log.DEFAULT_LIMIT, 8):
        p.annotations.add(rid, start, start + 4, [1])
    assert p.history_counts() == (history_log.DEFAULT_LIMIT, 0)
    long = _counted_tag(p, rid, 20)
    assert long[0] == short[0]
    assert p.history_counts() == (history_log.DEFAULT_LIMIT, 0)  # still bounded


def test_the_capture_log_comes_back_when_the_first_operation_is_rolled_back(seeded_project, tmp_path):
    """The log and its triggers are temporary objects made inside the first operation's
    transaction: a rollback of that one takes them away, and the next must still be recorded."""
    path = seeded_project.path
    seeded_project.clear_history()  # (the seeds' import is a step)
    seeded_project.close()
    with Project(path) as p:
        rid = p.reports.list()[0].id
        with pytest.raises(RuntimeError), p.operation("add-annotation", "doomed"):
            p.conn.execute("INSERT INTO annotations (report_id, start, \"end\", quote, created_at, updated_at) "
                           "VALUES (?, 0, 2, 'xx', 'now', 'now')", [rid])
            raise RuntimeError("rolled back")
        assert p.history_counts() == (0, 0) and not p.annotations.list()
        aid = p.annotations.add(rid, 2, 9, [1])
        assert p.history_counts() == (1, 0)
        p.undo()
        assert not p.annotations.list()
        p.redo()
        assert [a.id for a in p.annotations.list()] == [aid]
