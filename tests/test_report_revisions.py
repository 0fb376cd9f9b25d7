"""Each report's revision number (schema v10): raised by triggers whenever its annotations or
their categories change, never back to a value seen before (undo and redo raise it too), and
read by the window's fingerprints at a cost that does not grow with the annotations."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

from lawgov_desktop.store import history as history_log
from lawgov_desktop.store import report_images
from lawgov_desktop.store.history import fingerprints
from lawgov_desktop.store.identity import identify
from lawgov_desktop.store.integrity import check_file
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.schema import latest_version, migrate
from tests.test_migrations import BUILDERS


def _revs(p: Project) -> dict[int, int]:
    return dict(p.conn.execute("SELECT report_id, rev FROM report_revisions"))


def _raised(before: dict[int, int], after: dict[int, int]) -> set[int]:
    """Reports whose number rose; fails if any number fell or a row went away."""
    assert set(before) <= set(after)
    assert all(after[rid] >= rev for rid, rev in before.items())
    return {rid for rid, rev in after.items() if rev > before.get(rid, 0)}


def _cost(p: Project) -> tuple[list[str], int]:
    """(statements, SQLite VM steps) of one fingerprints()."""
    statements: list[str] = []
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    p.conn.set_trace_callback(statements.append)
    p.conn.set_progress_handler(step, 1)
    try:
        fingerprints(p)
    finally:
        p.conn.set_progress_handler(None, 1)
        p.conn.set_trace_callback(None)
    return statements, steps[0]


def test_fingerprints_cost_the_same_among_thousands_of_annotations(seeded_project: Project):
    p = seeded_project
    rids = [r.id for r in p.reports.list()]
    for rid in rids:
        p.annotations.add(rid, 0, 3, [1])
    few = _cost(p)
    rng = random.Random(3)
    for rid in rids:
        length = len(p.reports.text(rid))
        p.annotations.add_many(rid, [(s, s + rng.randint(2, 20)) for s in
                                (rng.randrange(0, length - 30) for _ in range(800))], [1, 2])
    assert p.health.counts()["annotations"] > 4000
    many = _cost(p)
    assert many == few  # the same statements, and not one VM step more
    assert not [sql for sql in many[0] if "annotation" in sql]  # no annotation is read


def test_each_change_raises_only_its_reports_number(seeded_project: Project):
    p = seeded_project
    r1, r2, r3 = [r.id for r in p.reports.list()][:3]
    a1 = p.annotations.add(r1, 0, 4, [1])
    a2 = p.annotations.add(r2, 0, 4, [2])
    start = _revs(p)
    assert set(start) == {r1, r2}  # a report without annotations has no number yet

    def changed(action) -> set[int]:
        before = _revs(p)
        prints = fingerprints(p)
        action()
        after = _revs(p)
        diff = fingerprints(p).changes_since(prints)
        assert (diff.annotations if diff else set()) == _raised(before, after)
        return _raised(before, after)

    assert changed(lambda: p.annotations.add(r3, 5, 9, [1])) == {r3}
    assert changed(lambda: p.annotations.update(a1, note="注")) == {r1}
    assert changed(lambda: p.annotations.update(a1, category_ids=[2])) == {r1}  # a category link only
    assert changed(lambda: p.annotations.update(a2, span=(1, 6))) == {r2}
    assert changed(lambda: p.annotations.delete(a2)) == {r2}
    assert changed(lambda: p.undo()) == {r2}
    assert changed(lambda: p.redo()) == {r2}
    assert changed(lambda: p.categories.delete(2)) == {r1}  # the links it took away were in r1 only
    prints = fingerprints(p)
    assert changed(lambda: p.categories.update(1, color="#123456")) == set()  # no annotation changed…
    diff = fingerprints(p).changes_since(prints)
    assert diff is not None and diff.categories and not diff.annotations  # …but the categories did


def test_numbers_never_come_back_through_undo_and_redo(seeded_project: Project):
    """Undo puts the rows back as they were, but not the number: a window that fingerprinted
    the project between the steps must see each one as a change."""
    p = seeded_project
    rid = p.reports.list()[0].id
    seen = [_revs(p).get(rid, 0)]
    for start in (0, 10, 20):
        p.annotations.add(rid, start, start + 4, [1])
        seen.append(_revs(p)[rid])
    for _ in range(3):
        p.undo()
        seen.append(_revs(p)[rid])
    for _ in range(3):
        p.redo()
        seen.append(_revs(p)[rid])
    assert seen == sorted(set(seen)), seen  # strictly rising


def test_the_undo_history_neither_records_nor_restores_the_numbers(seeded_project: Project):
    p = seeded_project
    rid = p.reports.list()[0].id
    p.annotations.add(rid, 0, 4, [1])
    tables = {row[0] for (rows,) in p.conn.execute("SELECT rows FROM history") for row in json.loads(rows)}
    assert "report_revisions" not in tables and "report_revisions" not in history_log.TABLES
    assert tables <= set(history_log.TABLES) | {report_images.TABLE}


def test_deleting_a_report_keeps_its_number(seeded_project: Project, seed_files):
    """A report's row outlives it: a report imported later under the same id goes on from
    its number, never below it (a window's older fingerprint must not match by chance)."""
    p = seeded_project
    rid = max(r.id for r in p.reports.list())
    p.annotations.add_many(rid, [(0, 4), (10, 14)], [1])
    before = _revs(p)[rid]
    prints = fingerprints(p)
    p.reports.delete(rid)
    gone = _revs(p)[rid]
    assert gone > before
    diff = fingerprints(p).changes_since(prints)
    assert diff is not None and rid in diff.annotations and diff.reports
    again = [r for r in p.reports.list()]
    summary = p.reports.import_files([f for f in seed_files if f.stem not in {r.file_name.rsplit(".", 1)[0] for r in again}])
    assert [new_id for _f, new_id in summary.imported] == [rid]  # SQLite gives the freed id again
    p.annotations.add(rid, 0, 4, [1])
    assert _revs(p)[rid] > gone


def test_upgrade_from_v9_fills_the_numbers_and_the_file_checks_clean(tmp_path: Path):
    path = tmp_path / "v9.lawgov"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, target=9)
    conn.execute("BEGIN")
    BUILDERS[9](conn)
    conn.execute("COMMIT")
    annotated = {r[0] for r in conn.execute("SELECT DISTINCT report_id FROM annotations")}
    conn.close()
    assert annotated
    with Project(path) as p:
        assert p.health.schema_version() == latest_version() >= 10
        assert _revs(p) == dict.fromkeys(annotated, 1)
        assert identify(p.conn).problems == []  # the table and triggers are the project's own
        assert p.health.integrity() == "ok"
    check = check_file(path)
    assert check.ok, check.problems


def test_a_trigger_added_by_hand_is_still_foreign(tmp_path: Path):
    """The new triggers are known by their exact SQL: one altered by hand is reported."""
    with Project(tmp_path / "p.lawgov"):
        pass
    conn = sqlite3.connect(tmp_path / "p.lawgov", isolation_level=None)
    conn.execute("DROP TRIGGER report_revisions_annotation_insert")
    conn.execute("CREATE TRIGGER report_revisions_annotation_insert AFTER INSERT ON annotations BEGIN "
                 "DELETE FROM report_revisions; END")
    problems = identify(conn).problems
    conn.close()
    assert len(problems) == 1 and "report_revisions_annotation_insert" in str(problems[0])



def test_a_merge_raises_the_numbers_of_the_reports_it_adds_to(seeded_project: Project, seed_files, tmp_path: Path):
    from lawgov_desktop.store.merge import merge_project

    p = seeded_project
    r1, r2 = [r.id for r in p.reports.list()][:2]
    p.annotations.add(r1, 0, 4, [1])
    with Project(tmp_path / "other.lawgov") as other:
        other.reports.import_files(seed_files)
        sha = {r.id: r.sha256 for r in p.reports.list()}[r2]
        theirs = next(r.id for r in other.reports.list() if r.sha256 == sha)
        other.annotations.add_many(theirs, [(0, 4), (20, 30)], [1])
    before = _revs(p)
    prints = fingerprints(p)
    summary = merge_project(p, tmp_path / "other.lawgov")
    assert summary.annotations_added == 2
    assert _raised(before, _revs(p)) == {r2}
    assert fingerprints(p).changes_since(prints).annotations == {r2}


def test_undoing_a_report_deletion_raises_its_number_again(seeded_project: Project):
    p = seeded_project
    rid = p.reports.list()[0].id
    p.annotations.add_many(rid, [(0, 4), (10, 14)], [1])
    p.reports.delete(rid)
    gone = _revs(p)[rid]
    prints = fingerprints(p)
    p.undo()
    assert _revs(p)[rid] > gone and len(p.annotations.list()) == 2
    diff = fingerprints(p).changes_since(prints)
    assert diff is not None and rid in diff.annotations and diff.reports
