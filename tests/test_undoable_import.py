"""Imports, new versions of a report and merges are steps of the undo history like any tag:
undo gives back every table exactly as before (the history and the search index's own tables
aside), redo exactly as after, the search index follows, and the step survives a restart."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from lawgov_desktop.cli import main as cli
from lawgov_desktop.store import history as history_log
from lawgov_desktop.store import reports as reports_module
from lawgov_desktop.store.merge import merge_project
from lawgov_desktop.store.project import Project
from tests.export_support import REPORT_A, REPORT_B, add_reports
from tests.test_merge import NEWER_A, _tag
from tests.test_new_versions import BODY, HEAD, _write

PHRASE = "行政复议"


def tables(project: Project) -> dict[str, list[tuple]]:
    """Every table's rows in key order: all of the project but its history, the search index's
    own tables (whose pages an undo may lay out differently; checked by FTS5 itself) and the
    reports' revision numbers (which only ever rise, through undo and redo too: see schema.py)."""
    conn = project.conn
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
             if r[0] not in ("history", "report_revisions") and not r[0].startswith(("reports_fts", "sqlite_"))]
    return {name: conn.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall() for name in names}


def sound(project: Project) -> None:
    """The file and its search index agree with themselves and with the reports."""
    assert project.health.integrity() == "ok"
    project.conn.execute("INSERT INTO reports_fts (reports_fts, rank) VALUES ('integrity-check', 1)")


def undo_and_redo_across_restarts(path: Path, before: dict, after: dict) -> None:
    """Undo in a newly opened project gives ``before``; redo in another gives ``after``."""
    with Project(path) as p:
        p.undo()
        assert tables(p) == before
    with Project(path) as p:
        p.redo()
        assert tables(p) == after
        sound(p)


def round_trip(project: Project, action) -> tuple[dict, dict]:  # noqa: ANN001
    """Run ``action``; undo must give every table as before it, redo as after it, twice."""
    before = tables(project)
    action()
    after = tables(project)
    assert after != before
    for _ in range(2):
        project.undo()
        assert tables(project) == before
        sound(project)
        project.redo()
        assert tables(project) == after
        sound(project)
    return before, after


def found(project: Project, phrase: str = PHRASE) -> set[int]:
    return {h.report_id for h in project.search.hits(phrase)}


def test_an_import_is_one_step_that_undo_removes_and_redo_brings_back(project: Project, seed_files) -> None:
    project.reports.import_files(seed_files[:2])
    old = found(project)
    summary = reports_module.ImportSummary()

    def act() -> None:
        nonlocal summary
        summary = project.reports.import_files(seed_files[2:])

    round_trip(project, act)
    new = {rid for _path, rid in summary.imported}
    assert len(new) == 3 and project.undo_label() == "导入 3 份报告"
    assert found(project) - old == new & found(project) != set()  # the index has them after redo
    project.undo()
    assert found(project) == old and not {r.id for r in project.reports.list()} & new
    assert project.redo_label() == "导入 3 份报告"


def test_the_batches_of_an_import_are_one_step(project: Project, seed_files, monkeypatch) -> None:
    monkeypatch.setattr(reports_module, "IMPORT_BATCH_FILES", 2)
    before = tables(project)
    steps = len(project.history())
    assert len(project.reports.import_files(seed_files).imported) == 5
    assert len(project.history()) == steps + 1 and "5" in project.undo_label()
    project.undo()
    assert tables(project) == before
    sound(project)


def test_a_done_import_holds_marks_an_undone_one_the_reports(project: Project, seed_files) -> None:
    project.reports.import_files(seed_files)
    size = project.conn.execute("SELECT length(rows) FROM history").fetchone()[0]
    texts = {r.id: project.reports.text(r.id) for r in project.reports.list()}
    assert size < 600 * 5 < sum(map(len, texts.values()))  # about 300 bytes a report, whatever its length
    project.undo()
    rows = json.loads(project.conn.execute("SELECT rows FROM history").fetchone()[0])
    assert {after["id"]: after["row"]["text"] for _t, before, after in rows if before is None} == texts
    project.redo()
    assert project.conn.execute("SELECT length(rows) FROM history").fetchone()[0] == size


def test_undo_of_an_import_after_closing_and_reopening(tmp_path: Path, seed_files) -> None:
    path = tmp_path / "restart.lawgov"
    with Project(path) as p:
        p.reports.import_files(seed_files[:1])
        before = tables(p)
        p.reports.import_files(seed_files[1:])
        after = tables(p)
    undo_and_redo_across_restarts(path, before, after)


def test_a_tag_on_an_imported_report_is_undone_first(project: Project, seed_files) -> None:
    before = tables(project)
    rid = project.reports.import_files(seed_files[:1]).imported[0][1]
    project.annotations.add(rid, 0, 4, ["执法"])
    project.undo()
    project.undo()
    assert tables(project) == before
    project.redo()
    project.redo()
    assert len(project.annotations.list()) == 1 and project.annotations.list()[0].report_id == rid


def test_undo_refused_when_the_report_changed_without_a_step(project: Project, seed_files) -> None:
    rid = project.reports.import_files(seed_files[:1]).imported[0][1]
    with project._write():  # a writer that keeps no history (an older version of the app)
        project.conn.execute("UPDATE reports SET text = text || 'x', sha256 = 'x' WHERE id = ?", [rid])
    with pytest.raises(history_log.StepChangedSince):
        project.undo()
    assert project.reports.get(rid).sha256 == "x"


# -- new versions -----------------------------------------------------------------------------
def test_a_new_version_undone_gives_back_the_text_and_every_anchor(project: Project, tmp_path: Path) -> None:
    rid = project.reports.import_files([_write(tmp_path, "v1.txt", HEAD + BODY)]).imported[0][1]
    text = project.reports.text(rid)
    for quote in ("行政许可事项由2021年的200项精简至163项", "举办专题法治讲座", "人民法院", "个别部门"):
        s = text.index(quote)
        project.annotations.add(rid, s, s + len(quote), ["执法"])
    new = HEAD + BODY.replace("讲座", "培训").replace("个别部门对法治政府建设重要性认识还不够深入，", "")
    steps = len(project.history())
    summary = reports_module.ImportSummary()

    def act() -> None:
        nonlocal summary
        summary = project.reports.import_files([_write(tmp_path, "v2.txt", new)])

    before, after = round_trip(project, act)
    assert summary.updated and len(project.history()) == steps + 1  # the tags' steps are kept
    assert len(after["report_versions"]) == 1 and not before["report_versions"]
    assert before["annotation_anchors"] == [] != after["annotation_anchors"]
    assert project.reports.text(rid) == new and "培训" in new
    project.undo()
    assert project.reports.text(rid) == text and found(project, "举办专题法治讲座") == {rid}
    assert found(project, "举办专题法治培训") == set()
    project.undo()  # and the tags before it still undo
    assert len(project.annotations.list()) == 3


def test_a_second_new_version_and_both_undone(project: Project, tmp_path: Path) -> None:
    before = tables(project)
    project.reports.import_files([_write(tmp_path, "v1.txt", HEAD + BODY)])
    one = tables(project)
    project.reports.import_files([_write(tmp_path, "v2.txt", HEAD + BODY.replace("讲座", "培训"))])
    two = tables(project)
    project.reports.import_files([_write(tmp_path, "v3.txt", HEAD + BODY.replace("讲座", "活动"))])
    for state in (two, one, before):
        project.undo()
        assert tables(project) == state
        sound(project)


def test_a_pasted_new_version_is_a_step(project: Project) -> None:
    project.reports.import_pasted(HEAD + BODY)
    before = tables(project)
    summary = project.reports.import_pasted(HEAD + BODY.replace("讲座", "培训"))
    assert summary.updated and "新版本" in project.undo_label()
    project.undo()
    assert tables(project) == before


# -- merges --------------------------------------------------------------------------------
@pytest.fixture
def two_annotators(tmp_path: Path):
    mine = Project(tmp_path / "alice.lawgov")
    ids = add_reports(mine, {"A": REPORT_A})
    _tag(mine, ids["A"], "全年办理行政处罚案件120件", ["执法"], "alice")
    _tag(mine, ids["A"], "全年收到行政复议申请30件", ["复议"], "alice")
    theirs = Project(tmp_path / "bob.lawgov")
    tids = add_reports(theirs, {"B": REPORT_B, "A": NEWER_A})
    theirs.categories.add("督察", color="#123456")
    _tag(theirs, tids["A"], "企业开办时间压缩至1个工作日", ["营商环境", "督察"], "bob")
    _tag(theirs, tids["B"], "开展联合执法检查12次", ["执法"], "bob")
    theirs.close()
    yield mine, ids, tmp_path / "bob.lawgov"
    mine.close()


def test_a_merge_undone_removes_exactly_what_it_added_and_changed(two_annotators) -> None:
    mine, ids, other = two_annotators
    summary = None

    def act() -> None:
        nonlocal summary
        summary = merge_project(mine, other)

    before, after = round_trip(mine, act)
    assert summary.reports_added and summary.reports_updated and summary.categories_added == ["督察"]
    assert mine.undo_label() == "合并项目 bob.lawgov"
    mine.undo()
    assert "督察" not in {c.name for c in mine.categories.list()} and len(mine.reports.list()) == 1
    assert {a.annotator for a in mine.annotations.list()} == {"alice"} and "31件" not in mine.reports.text(ids["A"])


def test_cli_undo_of_a_cli_import(tmp_path: Path, seed_files, capsys, monkeypatch) -> None:
    monkeypatch.setenv("LAWGOV_LANG", "en")
    db = tmp_path / "cli.lawgov"
    assert cli(["--db", str(db), "import", *map(str, seed_files[:3])]) == 0
    capsys.readouterr()
    assert cli(["--db", str(db), "undo"]) == 0
    assert capsys.readouterr().out.strip() == "undone: import 3 reports"
    with Project(db) as p:
        assert p.reports.list() == [] and found(p) == set()
        sound(p)


# -- the bound in bytes ----------------------------------------------------------------------
def test_a_step_over_the_bound_is_kept_as_not_undoable(project: Project, tmp_path: Path, monkeypatch) -> None:
    rid = project.reports.import_files([_write(tmp_path, "v1.txt", HEAD + BODY)]).imported[0][1]
    project.annotations.add(rid, 0, 4, ["执法"])
    monkeypatch.setattr(history_log, "MAX_BYTES", 900)  # a new version keeps the old text: over it
    summary = project.reports.import_files([_write(tmp_path, "v2.txt", HEAD + BODY.replace("讲座", "培训"))])
    assert summary.updated and "培训" in project.reports.text(rid)
    [step] = project.history()
    assert step.op == history_log.TOO_LARGE and "新版本" in step.label
    assert project.undo_label() is None and project.history_counts() == (0, 0)
    with pytest.raises(history_log.NothingToUndo):
        project.undo()
    project.annotations.add(rid, 5, 9, ["执法"])  # later steps undo as usual
    project.undo()
    assert len(project.annotations.list()) == 1


def test_an_import_too_large_for_the_bound_still_imports(project: Project, seed_files, monkeypatch) -> None:
    monkeypatch.setattr(history_log, "MAX_BYTES", 700)
    monkeypatch.setattr(reports_module, "IMPORT_BATCH_FILES", 2)
    assert len(project.reports.import_files(seed_files).imported) == 5
    [step] = project.history()
    assert step.op == history_log.TOO_LARGE and "5" in step.label
    sound(project)


def test_history_rows_name_reports_by_id(project: Project, seed_files) -> None:
    project.reports.import_files(seed_files[:1])
    conn: sqlite3.Connection = project.conn
    [[table, before, after]] = json.loads(conn.execute("SELECT rows FROM history").fetchone()[0])
    assert table == "report" and before is None and set(after) == {"id", "row"} and "text" not in after["row"]


def test_undo_of_an_import_larger_than_the_bound_cannot_be_redone(project: Project, seed_files, monkeypatch) -> None:
    project.reports.import_files(seed_files[:1])
    before = tables(project)
    project.reports.import_files(seed_files[1:])
    texts = sum(r.chars for r in project.reports.list()[1:])
    assert project.conn.execute("SELECT max(length(rows)) FROM history").fetchone()[0] < 2000 < texts
    monkeypatch.setattr(history_log, "MAX_BYTES", 2000)  # the marks fit, the texts would not
    project.undo()
    assert tables(project) == before and project.history_counts() == (1, 0)  # the first import is left
    sound(project)
    with pytest.raises(history_log.NothingToRedo):
        project.redo()
    project.undo()
    assert project.reports.list() == []


def test_a_new_version_step_holds_the_replaced_text_once(project: Project, tmp_path: Path) -> None:
    long = HEAD + BODY * 40
    rid = project.reports.import_files([_write(tmp_path, "v1.txt", long)]).imported[0][1]
    old = project.reports.text(rid)
    before = tables(project)
    project.reports.import_files([_write(tmp_path, "v2.txt", long.replace("讲座", "培训", 1))])
    def step() -> str:
        return project.conn.execute("SELECT rows FROM history ORDER BY id DESC LIMIT 1").fetchone()[0]

    phrase = "办理时限平均压缩一半以上"  # in every paragraph of the body, in no heading
    # in report_versions' row; the report's image names that row instead of repeating the text
    assert step().count(phrase) == old.count(phrase) == 40
    project.undo()
    assert tables(project) == before and project.reports.text(rid) == old
    assert step().count(phrase) == 2 * 40  # the old text for redo's report_versions row, the new one
    project.redo()
    assert step().count(phrase) == 40 and "培训" in project.reports.text(rid)


def test_lawgov_history_says_a_step_was_too_large_to_undo(tmp_path: Path, seed_files, capsys, monkeypatch) -> None:
    monkeypatch.setenv("LAWGOV_LANG", "en")
    monkeypatch.setattr(history_log, "MAX_BYTES", 700)
    monkeypatch.setattr(reports_module, "IMPORT_BATCH_FILES", 2)
    db = tmp_path / "big.lawgov"
    assert cli(["--db", str(db), "import", *map(str, seed_files)]) == 0
    capsys.readouterr()
    assert cli(["--db", str(db), "history"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert line.endswith("\ttoo large to undo\timport 5 reports")
    assert cli(["--db", str(db), "undo"]) == 1


def test_a_new_version_and_a_merge_undo_after_closing_and_reopening(tmp_path: Path, two_annotators) -> None:
    mine, _ids, other = two_annotators
    path = tmp_path / "versions.lawgov"
    with Project(path) as p:
        rid = p.reports.import_files([_write(tmp_path, "v1.txt", HEAD + BODY)]).imported[0][1]
        text = p.reports.text(rid)
        s = text.index("举办专题法治讲座")
        p.annotations.add(rid, s, s + 8, ["执法"])
        before = tables(p)
        p.reports.import_files([_write(tmp_path, "v2.txt", HEAD + BODY.replace("讲座", "培训"))])
        after = tables(p)
    undo_and_redo_across_restarts(path, before, after)
    mine_path = mine.path
    before = tables(mine)
    merge_project(mine, other)
    after = tables(mine)
    mine.close()
    undo_and_redo_across_restarts(mine_path, before, after)
