"""The report texts a project keeps (store/texts.py): read once, never used once stale.

Each test first gets a text kept (read twice, the second time without reading ``text``), then
changes the report in one of the ways the app or another program can, and checks that the
next read and the next tag see the new text.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lawgov_desktop.store.project import Project
from lawgov_desktop.store.texts import KEPT_TEXTS

HEAD = "某区人民政府2023年法治政府建设情况报告\n"
BODY = ("一、主要成效\n深化“放管服”改革，行政许可事项由2021年的200项精简至163项，办理时限平均压缩一半以上。\n"
        "二、存在不足\n个别部门对法治政府建设重要性认识还不够深入，行政执法规范化水平有待进一步提升。\n")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _text_reads(project: Project, fn):  # noqa: ANN001, ANN202
    """(fn's result, how many statements it ran that read a report's ``text`` column)."""
    seen: list[str] = []
    project.conn.set_trace_callback(seen.append)
    try:
        result = fn()
    finally:
        project.conn.set_trace_callback(None)
    return result, sum(1 for s in seen if "text FROM reports" in s)


@pytest.fixture
def kept(tmp_path: Path):
    project = Project(tmp_path / "p.lawgov")
    rid = project.reports.import_files([_write(tmp_path, "v1.txt", HEAD + BODY)]).imported[0][1]
    first, reads = _text_reads(project, lambda: project.reports.text(rid))
    assert reads == 1
    again, reads = _text_reads(project, lambda: project.reports.text(rid))
    assert again is first and reads == 0  # kept: not read again
    yield project, rid
    project.close()


def test_a_tag_does_not_read_the_text_again(kept):
    project, rid = kept
    text = project.reports.text(rid)
    s = text.index("行政许可")
    aid, reads = _text_reads(project, lambda: project.annotations.add(rid, s, s + 4, ["执法"]))
    assert reads == 0
    assert project.annotations.get(aid).quote == "行政许可"
    # and a tag does not drop it: the next one does not read it either
    _, reads = _text_reads(project, lambda: project.annotations.add(rid, s + 4, s + 6, ["执法"]))
    assert reads == 0


def test_a_new_version_is_read(kept, tmp_path: Path):
    project, rid = kept
    new = HEAD + BODY.replace("163项", "160项")
    project.reports.import_files([_write(tmp_path, "v2.txt", new)])
    assert project.reports.text(rid) == new
    s = new.index("160项")
    aid = project.annotations.add(rid, s, s + 4, ["执法"])
    assert project.annotations.get(aid).quote == "160项"


def test_a_longer_text_from_another_connection_is_read(kept):
    """Even a raw change without its hash: another commit drops every kept text."""
    project, rid = kept
    old = project.reports.text(rid)
    other = sqlite3.connect(project.path, isolation_level=None)
    other.execute("UPDATE reports SET text = text || '新增的一句。' WHERE id = ?", [rid])
    other.close()
    now = project.reports.text(rid)
    assert now == old + "新增的一句。"
    # offsets past the old end are accepted, and the quote comes from the new text
    aid = project.annotations.add(rid, len(old), len(now), ["执法"])
    assert project.annotations.get(aid).quote == "新增的一句。"


def test_a_raw_change_on_the_same_connection_is_read(kept):
    project, rid = kept
    old = project.reports.text(rid)
    project.conn.execute("UPDATE reports SET text = ? WHERE id = ?", ["短。" + old, rid])  # the hash left as it was
    assert project.reports.text(rid) == "短。" + old


def test_a_change_rolled_back_is_not_kept(kept):
    project, rid = kept
    old = project.reports.text(rid)
    conn = project.conn
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE reports SET text = '作废' WHERE id = ?", [rid])  # the hash left as it was
    assert project.reports.text(rid) == "作废"  # what this transaction sees
    conn.execute("ROLLBACK")
    assert project.reports.text(rid) == old
    _, reads = _text_reads(project, lambda: project.reports.text(rid))
    assert reads == 0  # kept again once the transaction is over


def test_a_deleted_report_and_a_reused_id(kept, tmp_path: Path):
    project, rid = kept
    project.reports.delete(rid)
    with pytest.raises(KeyError):
        project.reports.text(rid)
    other = HEAD.replace("2023", "2024") + BODY.replace("主要成效", "工作成效")
    new_id = project.reports.import_files([_write(tmp_path, "other.txt", other)]).imported[0][1]
    assert new_id == rid  # SQLite gives the freed id again
    assert project.reports.text(new_id) == other


def test_a_new_version_made_by_another_project_is_read(kept, tmp_path: Path):
    """A second project on the same file (another window, ``lawgov``) replacing the text."""
    project, rid = kept
    new = HEAD + BODY.replace("163项", "160项")
    with Project(project.path) as other:
        other.reports.import_files([_write(tmp_path, "v2.txt", new)])
    assert project.reports.text(rid) == new


def test_few_texts_are_kept(tmp_path: Path):
    with Project(tmp_path / "p.lawgov") as project:
        files = [_write(tmp_path, f"r{i}.txt", HEAD.replace("某区", f"第{i}区") + BODY.replace("163", str(100 + i)))
                 for i in range(KEPT_TEXTS + 3)]
        ids = [rid for _path, rid in project.reports.import_files(files).imported]
        for rid in ids:
            project.reports.text(rid)
        assert len(project.reports._text_cache) == KEPT_TEXTS
        _, reads = _text_reads(project, lambda: project.reports.text(ids[-1]))
        assert reads == 0  # the newest are kept
        _, reads = _text_reads(project, lambda: project.reports.text(ids[0]))
        assert reads == 1  # the oldest went first


def test_read_only_projects_keep_texts_too(tmp_path: Path):
    path = tmp_path / "p.lawgov"
    with Project(path) as project:
        rid = project.reports.import_files([_write(tmp_path, "v1.txt", HEAD + BODY)]).imported[0][1]
    with Project(path, readonly=True) as project:
        assert project.reports.text(rid) == HEAD + BODY
        _, reads = _text_reads(project, lambda: project.reports.text(rid))
        assert reads == 0


def test_a_text_cache_is_freed_with_its_project_without_the_garbage_collector(tmp_path: Path):
    """No reference cycle through the connection (its trigger function holds only the texts)."""
    import gc
    import weakref

    from lawgov_desktop.store.texts import TextCache

    conn = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    conn.execute("CREATE TABLE reports (id INTEGER PRIMARY KEY, text TEXT, sha256 TEXT)")
    gc.disable()
    try:
        cache = TextCache(conn)
        kept = weakref.ref(cache)
        del cache
        assert kept() is None
    finally:
        gc.enable()
        conn.close()
