"""Deleting a report is one step of the undo history: undo gives back the report with its
text, outline, annotations and their categories and anchors, versions and verdicts (every row
the deletion cascaded to) and the search index finds it again; redo deletes it again."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawgov_desktop.cli import main as cli
from lawgov_desktop.store import history as history_log
from lawgov_desktop.store.project import Project
from tests.test_merge import _tag
from tests.test_new_versions import BODY, HEAD, _write
from tests.test_undoable_import import found, round_trip, sound, tables


def _rich_report(project: Project, tmp_path: Path) -> int:
    """A report with two versions, tags in two categories (one moved by the new version) and a verdict."""
    rid = project.reports.import_files([_write(tmp_path, "v1.txt", HEAD + BODY)]).imported[0][1]
    _tag(project, rid, "举办专题法治讲座", ["执法", "复议"], "alice", note="讲座")
    _tag(project, rid, "人民法院", ["执法"], "bob")
    project.reports.import_files([_write(tmp_path, "v2.txt", HEAD + BODY.replace("讲座", "培训"))])
    text = project.reports.text(rid)
    cat = {c.name: c.id for c in project.categories.list()}["执法"]
    start = text.index("人民法院")
    project.suggestions.add_feedback(rid, start, start + 4, cat, "rejected")
    return rid


def test_a_deletion_is_one_step_that_undo_takes_back_whole(project: Project, tmp_path: Path) -> None:
    rid = _rich_report(project, tmp_path)
    kept = project.conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    steps = len(project.history())
    before, after = round_trip(project, lambda: project.reports.delete(rid))
    for table in ("annotations", "annotation_categories", "annotation_anchors", "report_versions",
                  "suggestion_feedback", "sections", "report_outlines"):
        assert [r for r in before[table] if r] and len(after[table]) < len(before[table]), table
    assert len(after["reports"]) == kept - 1
    assert len(project.history()) == steps + 1  # the steps before it are kept
    assert project.undo_label() == f"删除报告 {rid}"
    assert found(project, "举办专题法治培训") == set()  # redone: gone from the index
    project.undo()
    assert found(project, "举办专题法治培训") == {rid}
    assert project.reports.text(rid).count("培训") >= 1 and project.versions.list(rid)
    assert len([a for a in project.annotations.list() if a.report_id == rid]) == 2
    sound(project)
    project.undo()  # and the verdict before it still undoes
    assert project.suggestions.feedback(report_id=rid) == []


def test_undo_of_a_deletion_after_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "restart.lawgov"
    with Project(path) as p:
        rid = _rich_report(p, tmp_path)
        before = tables(p)
        p.reports.delete(rid)
        after = tables(p)
    with Project(path) as p:
        assert p.undo_label() == f"删除报告 {rid}"
        p.undo()
        assert tables(p) == before
        sound(p)
    with Project(path) as p:
        p.redo()
        assert tables(p) == after
        sound(p)
    with Project(path) as p:
        p.undo()
        assert tables(p) == before and found(p, "举办专题法治培训") == {rid}


def test_the_command_line_undoes_a_deletion(project: Project, tmp_path: Path, capsys) -> None:
    rid = _rich_report(project, tmp_path)
    before = tables(project)
    project.reports.delete(rid)
    project.close()
    assert cli(["--db", str(project.path), "undo"]) == 0
    assert f"删除报告 {rid}" in capsys.readouterr().out
    with Project(project.path) as p:
        assert tables(p) == before
        sound(p)


def test_a_deletion_over_the_bound_is_kept_as_too_large(project: Project, tmp_path: Path, monkeypatch) -> None:
    rid = _rich_report(project, tmp_path)
    monkeypatch.setattr(history_log, "MAX_BYTES", 900)  # the report's text alone is over it
    project.reports.delete(rid)
    steps = project.history()
    assert [s.op for s in steps] == [history_log.TOO_LARGE] and str(rid) in steps[0].label
    with pytest.raises(history_log.NothingToUndo):
        project.undo()
    assert rid not in {r.id for r in project.reports.list()}
    sound(project)

