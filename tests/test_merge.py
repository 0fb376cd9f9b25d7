"""Merging two projects made by two annotators: what comes in, idempotence, newer and older
versions of a report, and that the other file is only read."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from lawgov_desktop.cli import main
from lawgov_desktop.store.db import ProjectError
from lawgov_desktop.store.merge import merge_project
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.team import annotator_counts
from tests.export_support import REPORT_A, REPORT_B, add_reports

NEWER_A = REPORT_A.replace("全年收到行政复议申请30件", "全年共收到行政复议申请31件").replace(
    "二、优化营商环境", "二、持续优化营商环境")


def _tag(project: Project, rid: int, quote: str, cats: list[str], who: str, note: str = "") -> int:
    text = project.reports.text(rid)
    start = text.index(quote)
    return project.annotations.add(rid, start, start + len(quote), cats, note=note, annotator=who)


def _keys(project: Project) -> set[tuple]:
    names = {c.id: c.name for c in project.categories.list()}
    sha = {r.id: r.sha256 for r in project.reports.list()}
    return {(sha[a.report_id], a.start, a.end, frozenset(names[c] for c in a.category_ids), a.annotator, a.note,
             a.status) for a in project.annotations.list()}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def pair(tmp_path: Path):
    mine = Project(tmp_path / "alice.lawgov")
    ids = add_reports(mine, {"A": REPORT_A})
    _tag(mine, ids["A"], "全年办理行政处罚案件120件", ["执法"], "alice")
    _tag(mine, ids["A"], "张𠮷同志获评优秀执法人员", ["执法"], "alice", note="𠮷 before nothing")
    theirs = Project(tmp_path / "bob.lawgov")
    tids = add_reports(theirs, {"B": REPORT_B, "A": REPORT_A})
    theirs.categories.add("督察", color="#123456")
    _tag(theirs, tids["A"], "全年办理行政处罚案件120件", ["执法"], "bob")
    _tag(theirs, tids["A"], "张𠮷同志获评优秀执法人员", ["执法", "督察"], "bob", note="生僻字")
    _tag(theirs, tids["B"], "开展联合执法检查12次", ["执法"], "bob")
    theirs.close()
    yield mine, ids, tmp_path / "bob.lawgov"
    mine.close()


def test_merge_two_annotators_and_again(pair):
    mine, ids, other = pair
    before = _digest(other)
    summary = merge_project(mine, other)
    assert [r["title"] for r in summary.reports_added] == ["某某街道办事处2023年法治政府建设工作报告"]
    assert summary.reports_matched == 1 and summary.categories_added == ["督察"]
    assert summary.annotations_added == 3 and summary.by_annotator == {"bob": 3} and not summary.attention
    assert mine.categories.by_name("督察").color == "#123456"
    assert dict(annotator_counts(mine)) == {"alice": 2, "bob": 3}
    bob = [a for a in mine.annotations.list() if a.annotator == "bob"]
    text = mine.reports.text(ids["A"])
    assert all(text[a.start:a.end] == a.quote for a in bob if a.report_id == ids["A"])
    assert {a.note for a in bob} == {"", "生僻字"}
    keys = _keys(mine)
    again = merge_project(mine, other)  # idempotent
    assert again.annotations_added == 0 and again.annotations_skipped == 3 and not again.changed
    assert _keys(mine) == keys
    # the other file was only read: same bytes, and no -wal/-shm left beside it
    assert _digest(other) == before
    assert not other.with_name(other.name + "-wal").exists() and not other.with_name(other.name + "-shm").exists()


def test_merge_project_with_newer_version(tmp_path: Path):
    mine = Project(tmp_path / "old.lawgov")
    rid = add_reports(mine, {"A": REPORT_A})["A"]
    _tag(mine, rid, "全年办理行政处罚案件120件", ["执法"], "alice")
    _tag(mine, rid, "全年收到行政复议申请30件", ["复议"], "alice")  # reworded in the newer text
    newer = Project(tmp_path / "new.lawgov")
    nid = add_reports(newer, {"A": NEWER_A})["A"]
    _tag(newer, nid, "企业开办时间压缩至1个工作日", ["营商环境"], "bob")
    newer.close()
    summary = merge_project(mine, tmp_path / "new.lawgov")
    assert [r["id"] for r in summary.reports_updated] == [rid] and not summary.reports_added
    assert mine.reports.text(rid) == NEWER_A  # the newer text replaced ours, as a re-import would
    assert len(mine.versions.list(rid)) == 1
    anns = {a.annotator + ":" + a.quote: a for a in mine.annotations.list()}
    assert anns["bob:企业开办时间压缩至1个工作日"].status == "ok"
    assert anns["alice:全年办理行政处罚案件120件"].status == "ok"
    moved = [a for a in mine.annotations.list() if a.annotator == "alice" and a.status != "ok"]
    assert moved and {i["id"] for i in summary.attention} >= {a.id for a in moved}  # listed, never silent
    assert merge_project(mine, tmp_path / "new.lawgov").annotations_added == 0


def test_merge_project_with_older_version_reanchors_theirs(tmp_path: Path):
    mine = Project(tmp_path / "mine.lawgov")
    rid = add_reports(mine, {"A": REPORT_A})["A"]
    add_reports(mine, {"A2": NEWER_A})  # we moved on to the newer text already
    assert mine.reports.text(rid) == NEWER_A
    older = Project(tmp_path / "older.lawgov")
    oid = add_reports(older, {"A": REPORT_A})["A"]
    _tag(older, oid, "企业开办时间压缩至1个工作日", ["营商环境"], "bob")
    older.close()
    summary = merge_project(mine, tmp_path / "older.lawgov")
    assert [r["id"] for r in summary.reports_reanchored] == [rid] and not summary.reports_updated
    assert mine.reports.text(rid) == NEWER_A  # our newer text stays
    (a,) = mine.annotations.list()
    assert a.annotator == "bob" and NEWER_A[a.start:a.end] == "企业开办时间压缩至1个工作日" and a.status == "ok"
    assert merge_project(mine, tmp_path / "older.lawgov").annotations_added == 0


def test_merge_refuses_foreign_and_self(tmp_path: Path, project):
    junk = tmp_path / "junk.lawgov"
    junk.write_text("not a database", encoding="utf-8")
    with pytest.raises(ProjectError):
        merge_project(project, junk)
    with pytest.raises(ProjectError):
        merge_project(project, tmp_path / "missing.lawgov")
    with pytest.raises(ProjectError):
        merge_project(project, project.path)


def test_cli_merge_json(pair, capsys):
    mine, _ids, other = pair
    path = str(mine.path)
    mine.close()
    assert main(["--db", path, "merge", str(other), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["annotations_added"] == 3 and data["categories_added"] == ["督察"]
    assert main(["--db", path, "merge", str(other)]) == 0
    out = capsys.readouterr().out
    assert "新增 0" in out and "相同已跳过 3" in out


def test_annotator_from_option_or_environment(tmp_path, monkeypatch, capsys):
    db = tmp_path / "who.lawgov"
    with Project(db) as p:
        rid = add_reports(p, {"A": REPORT_A})["A"]
    monkeypatch.setenv("LAWGOV_ANNOTATOR", "env-name")
    assert main(["--db", str(db), "annotate", str(rid), "0", "5", "执法"]) == 0
    assert main(["--db", str(db), "annotate", str(rid), "5", "9", "执法", "--annotator", "option-name"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "annotators", "--json"]) == 0
    assert {r["annotator"] for r in json.loads(capsys.readouterr().out)} == {"env-name", "option-name"}
