"""Hostile and unlucky inputs end in one clear line (exit 1) or a correct result — nothing lost.

* One file that cannot be read never stops an import: each file succeeds or fails on its
  own, named, with a reason (command line and window), file names with bytes that are not
  UTF-8 included.
* A read-only project file, a folder that cannot be written, a full disk at COMMIT, JSON
  nested 200,000 deep, a reader failing in a way it did not foresee: one line in Chinese and
  English, exit code 1, and every change acknowledged before is still there.
* Category names are checked wherever they come in; an imported file's status and dates are
  not trusted.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from lawgov_desktop.store import db as store_db
from lawgov_desktop.store.db import ProjectError
from lawgov_desktop.store.project import Project
from tests.cli_support import SEEDS, run

REPORT = "某区人民政府2023年法治政府建设情况报告\n一、主要工作\n（一）推进严格规范公正文明执法。全面推行行政执法三项制度。\n"


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("lawgov: 错误：")
    return lines[0]


@pytest.fixture
def annotated(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "p.lawgov"
    with Project(path) as p:
        rid = p.reports.import_files([SEEDS[0]]).imported[0][1]
        p.annotations.add(rid, 0, 6, ["执法"])
    return path, rid


def _annotation_count(path: Path) -> int:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    finally:
        conn.close()


# -- item 6: one bad file never aborts an import ----------------------------------------------

def _unforeseen_failure(monkeypatch: pytest.MonkeyPatch, name: str, exc: BaseException) -> None:
    """The reader of ``name`` fails in a way no reader foresees (as a 5,000-deep page once did)."""
    from lawgov_desktop.core import report

    real = report.parse_report_file

    def parse(path, *args, **kwargs):
        if Path(path).name == name:
            raise exc
        return real(path, *args, **kwargs)

    monkeypatch.setattr(report, "parse_report_file", parse)


@pytest.mark.parametrize("exc", [RecursionError("maximum recursion depth exceeded"), MemoryError(),
                                 KeyError("w:styles"), OSError(5, "Input/output error")],
                         ids=["recursion", "memory", "bug-in-reader", "io-error"])
def test_one_file_failing_unforeseen_does_not_stop_the_others(tmp_path: Path, capsys, monkeypatch, exc):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEEDS[0].read_bytes())
    (folder / "m.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    (folder / "z.txt").write_bytes(SEEDS[1].read_bytes())
    _unforeseen_failure(monkeypatch, "m.html", exc)
    db = tmp_path / "p.lawgov"
    code, out, err = run(capsys, "--db", str(db), "import", str(folder), "--json")
    result = json.loads(out)
    assert code == 1
    assert sorted(Path(i["path"]).name for i in result["imported"]) == ["a.txt", "z.txt"]
    assert [Path(r["path"]).name for r in result["refused"]] == ["m.html"]
    assert "m.html" in result["refused"][0]["reason"] and "m.html" in err


def test_a_page_nested_five_thousand_deep_does_not_stop_the_others(tmp_path: Path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEEDS[0].read_bytes())
    (folder / "z.txt").write_bytes(SEEDS[1].read_bytes())
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 5000 + "一、执法" + "</div>" * 5000
                                      + "</body></html>", encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(tmp_path / "p.lawgov"), "import", str(folder), "--json")
    result = json.loads(out)
    names = sorted(Path(i["path"]).name for i in result["imported"])
    assert {"a.txt", "z.txt"} <= set(names)
    assert code == (1 if result["refused"] else 0)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="only Linux file names may hold non-UTF-8 bytes")
def test_a_file_name_with_bytes_that_are_not_utf8(tmp_path: Path, capsys):
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEEDS[0].read_bytes())
    odd = os.path.join(os.fsencode(folder), b"\xb1\xa8\xb8\xe6-gbk.txt")  # 报告 in GBK
    with open(odd, "wb") as fh:
        fh.write(SEEDS[2].read_bytes())
    db = tmp_path / "p.lawgov"
    code, out, err = run(capsys, "--db", str(db), "import", str(folder))
    assert code == 0, err
    assert out.count("导入  #") == 2 and "-gbk.txt" in out
    code, out, _ = run(capsys, "--db", str(tmp_path / "q.lawgov"), "import", str(folder), "--json")
    paths = [i["path"] for i in json.loads(out)["imported"]]
    assert os.fsencode(folder) + b"/\xb1\xa8\xb8\xe6-gbk.txt" in [os.fsencode(p) for p in paths]  # the very file
    code, out, _ = run(capsys, "--db", str(db), "reports", "--json")
    assert sorted(r["file_name"] for r in json.loads(out)) == ["\\xb1\\xa8\\xb8\\xe6-gbk.txt", "a.txt"]


def test_the_window_lists_the_failing_file_and_imports_the_rest(qtbot, project: Project, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch):
    main_window = pytest.importorskip("lawgov_desktop.gui.main_window")
    from PySide6.QtWidgets import QMessageBox

    from lawgov_desktop.gui.bridge import ProjectBridge

    shown: list[tuple[str, str]] = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda parent, title, text, *a, _k=kind, **kw: shown.append((_k, text)) or QMessageBox.StandardButton.Ok))
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    _unforeseen_failure(monkeypatch, "deep.html", RecursionError("maximum recursion depth exceeded"))
    bridge = ProjectBridge(project)
    window = main_window.MainWindow(bridge, restore=False)
    window.save_on_close = False
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.importer.finished, timeout=10_000):
        window.import_paths([good, deep])
    assert shown and shown[-1][0] == "warning"
    assert "deep.html" in shown[-1][1] and "嵌套" in shown[-1][1]
    assert project.health.counts()["reports"] == 1
    bridge.detach()


# -- item 10: one clear line, exit 1, nothing lost ----------------------------------------------

def _open_read_only(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """As SQLite opens a project file it may not write (a root test process may write anything)."""
    real = sqlite3.connect

    def connect(target, *args, **kwargs):
        if str(target) == str(path):
            return real(f"{Path(target).resolve().as_uri()}?mode=ro", *args, uri=True, **kwargs)
        return real(target, *args, **kwargs)

    monkeypatch.setattr(store_db.sqlite3, "connect", connect)


def test_annotate_on_a_read_only_project_file(annotated, capsys, monkeypatch):
    path, rid = annotated
    _open_read_only(monkeypatch, path)
    code, out, err = run(capsys, "--db", str(path), "annotate", str(rid), "10", "14", "复议")
    line = _one_error_line(err)
    assert code == 1 and out == ""
    assert "项目文件是只读的" in line
    monkeypatch.undo()
    assert _annotation_count(path) == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_annotate_on_a_project_file_without_write_permission(annotated, capsys):
    path, rid = annotated
    path.chmod(0o444)
    try:
        code, _, err = run(capsys, "--db", str(path), "annotate", str(rid), "10", "14", "复议")
        assert code == 1 and "read-only" in _one_error_line(err)
    finally:
        path.chmod(0o644)
    assert _annotation_count(path) == 1


def test_a_project_in_a_folder_that_cannot_be_made(tmp_path: Path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    code, out, err = run(capsys, "--db", str(blocker / "p.lawgov"), "import", str(SEEDS[0]))
    assert code == 1 and out == ""
    assert "p.lawgov" in _one_error_line(err)


def test_a_project_in_a_folder_that_cannot_be_written(tmp_path: Path, capsys, monkeypatch):
    path = tmp_path / "locked" / "p.lawgov"
    path.parent.mkdir()
    real = sqlite3.connect

    def connect(target, *args, **kwargs):  # what SQLite says when it may not create the file
        if str(target) == str(path):
            raise sqlite3.OperationalError("unable to open database file")
        return real(target, *args, **kwargs)

    monkeypatch.setattr(store_db.sqlite3, "connect", connect)
    code, out, err = run(capsys, "--db", str(path), "import", str(SEEDS[0]))
    line = _one_error_line(err)
    assert code == 1 and out == "" and "请检查文件夹能否写入" in line


class _CommitFails:
    """A connection whose COMMIT fails as on a full disk; everything else is the real connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args):
        if sql.strip().upper() == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._conn, name)


def test_disk_full_at_commit_loses_nothing_acknowledged(annotated):
    path, rid = annotated
    with Project(path) as p:
        real = p.conn
        p.conn = _CommitFails(real)  # type: ignore[assignment]
        with pytest.raises(ProjectError, match="磁盘空间不足.*disk is full"):
            p.annotations.add(rid, 10, 14, ["复议"])
        assert not real.in_transaction
        p.conn = real
        assert p.health.counts()["annotations"] == 1
        p.annotations.add(rid, 20, 24, ["复议"])  # the project is still usable
    assert _annotation_count(path) == 2


def test_disk_full_during_an_import_from_the_command_line(annotated, tmp_path: Path, capsys, monkeypatch):
    """A real SQLITE_FULL: the project may not grow by a page (as on a disk with no room left)."""
    path, rid = annotated
    real_connect = store_db.connect

    def no_room(*args, **kwargs):
        db = real_connect(*args, **kwargs)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr("lawgov_desktop.store.project.connect", no_room)
    big = tmp_path / "big.txt"
    big.write_text(SEEDS[1].read_text(encoding="utf-8") * 20, encoding="utf-8")
    code, out, err = run(capsys, "--db", str(path), "import", str(big))
    assert code == 1 and "磁盘空间不足" in _one_error_line(err) and "disk is full" in err
    monkeypatch.undo()
    with Project(path) as p:
        assert p.health.counts()["reports"] == 1 and p.health.counts()["annotations"] == 1
        assert p.health.integrity() == "ok"


def test_json_nested_200000_deep_to_import_annotations(annotated, tmp_path: Path, capsys):
    path, _rid = annotated
    for name, text in (("deep.json", "[" * 200_000 + "]" * 200_000),
                       ("deep.jsonl", '{"text": "x", "meta": ' + "[" * 200_000 + "]" * 200_000 + "}\n")):
        bomb = tmp_path / name
        bomb.write_text(text, encoding="utf-8")
        code, _, err = run(capsys, "--db", str(path), "import-annotations", str(bomb))
        assert code == 1 and "嵌套层次太深" in err
    assert _annotation_count(path) == 1


def test_outline_of_a_page_the_reader_cannot_handle(tmp_path: Path, capsys, monkeypatch):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 5000 + "一、执法" + "</div>" * 5000 + "</body></html>",
                    encoding="utf-8")
    code, _, err = run(capsys, "outline", str(page))
    if code:
        _one_error_line(err)
    from lawgov_desktop.commands import library

    def fail(_path):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(library, "parse_report_file", fail)
    code, out, err = run(capsys, "outline", str(page))
    assert code == 1 and out == "" and "嵌套层次太深" in _one_error_line(err)


# -- item 9: category names are checked wherever they come in -----------------------------------

BAD_NAMES = {"nul": "执\x00法", "newline": "执法\n复议", "tab": "执法\t复议", "long": "类" * 5000,
             "bidi": "执法\u202e复议"}


@pytest.mark.parametrize("name", list(BAD_NAMES))
def test_bad_category_names_are_refused_by_the_library(project: Project, name: str):
    with pytest.raises(ValueError, match="类别名称"):
        project.categories.add(BAD_NAMES[name])
    cid = project.categories.list()[0].id
    with pytest.raises(ValueError, match="类别名称"):
        project.categories.update(cid, name=BAD_NAMES[name])
    assert all(c.name in ("执法", "复议", "营商环境") for c in project.categories.list())


def test_file_name_characters_are_allowed_in_names(project: Project):
    cid = project.categories.add("执法/复议: 案件*统计?")
    assert project.categories.get(cid).name == "执法/复议: 案件*统计?"


def test_bad_names_in_an_imported_file_are_listed_and_exports_still_work(tmp_path: Path, capsys):
    path = tmp_path / "p.lawgov"
    with Project(path) as p:
        rid = p.reports.import_files([SEEDS[0]]).imported[0][1]
        text = p.reports.text(rid)
        sha = p.reports.get(rid).sha256
    lines = []
    for k, label in enumerate(["执法", *BAD_NAMES.values()]):
        start = 10 + 10 * k
        lines.append(json.dumps({"text": text[start:start + 5], "label": [label], "meta": {
            "sha256": sha, "start": start, "end": start + 5}}, ensure_ascii=False))
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", str(path), "import-annotations", str(src), "--json")
    result = json.loads(out)
    assert code == 1 and result["added"] == 1 and len(result["unplaced"]) == len(BAD_NAMES)
    assert all("类别名称含有控制字符" in u["reason"] or "类别名称太长" in u["reason"]
               for u in result["unplaced"])
    for fmt, out_name in (("xlsx", "x.xlsx"), ("bio", "t.bio"), ("csv", "c.csv")):
        code, _, err = run(capsys, "--db", str(path), "export", "-f", fmt, "-o", str(tmp_path / out_name))
        assert code == 0, err


def test_the_category_manager_refuses_a_name_with_a_line_break(qtbot, project: Project):
    from PySide6.QtGui import QUndoStack

    from lawgov_desktop.gui.bridge import ProjectBridge
    from lawgov_desktop.gui.category_manager import CategoryManagerDialog

    bridge = ProjectBridge(project)
    stack = QUndoStack()
    manager = CategoryManagerDialog(bridge, stack)
    qtbot.addWidget(manager)
    assert manager._name_problem("执法\n复议")
    assert manager._name_problem("类" * 101)
    assert manager._name_problem("执法/复议") == ""
    bridge.detach()


# -- item 12: an imported file's status and dates are not trusted -------------------------------

def test_imported_status_and_dates_are_decided_here(tmp_path: Path, capsys):
    path = tmp_path / "p.lawgov"
    with Project(path) as p:
        rid = p.reports.import_files([SEEDS[0]]).imported[0][1]
        text = p.reports.text(rid)
        sha = p.reports.get(rid).sha256
    items = [("orphaned", "not a date", "2023-03-01T08:00:00+08:00"),
             ("ok", "2023-03-01T08:00:00+08:00", "2023-02-01"),
             ("weird", "9999-01-01T00:00:00", ""),
             ("review", "", "")]
    lines = [json.dumps({"text": text[10 * k + 10:10 * k + 15], "label": ["执法"], "meta": {
        "sha256": sha, "start": 10 * k + 10, "end": 10 * k + 15, "status": status,
        "created_at": created, "updated_at": updated}}, ensure_ascii=False)
        for k, (status, created, updated) in enumerate(items)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(path), "import-annotations", str(src))
    assert code == 0 and "2 条标注的时间不是有效日期" in err
    with Project(path) as p:
        anns = sorted(p.annotations.list(), key=lambda a: a.start)
        imported_at = anns[0].created_at
        assert [a.status for a in anns] == ["ok"] * 4  # each was found exactly where it says
        assert imported_at.startswith("20") and imported_at != "not a date"
        assert anns[0].updated_at == imported_at  # before its creation time: not kept
        assert (anns[1].created_at, anns[1].updated_at) == ("2023-03-01T00:00:00+00:00", "2023-03-01T00:00:00+00:00")
        assert anns[2].created_at == imported_at  # the year 9999 is not a date anyone tagged on
        excerpts = p.excerpts.list()
    assert len(excerpts) == 4  # the "orphaned" one is exported like the others
