"""The project store: schema, migrations, imports, categories and annotations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lawgov_desktop.core.document import section_path
from lawgov_desktop.store.annotations import AnnotationFilter
from lawgov_desktop.store.db import ProjectError
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.schema import MIGRATIONS, latest_version, migrate


def test_new_project_has_schema_wal_fk_and_default_categories(project: Project):
    assert project.health.schema_version() == latest_version()
    assert project.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    cats = project.categories.list()
    assert [c.name for c in cats] == ["执法", "复议", "营商环境"]
    assert [c.shortcut for c in cats] == ["1", "2", "3"]
    assert all(c.keywords for c in cats)
    assert project.health.integrity() == "ok"


def test_deleted_default_categories_do_not_come_back(tmp_path: Path):
    path = tmp_path / "p.lawgov"
    with Project(path) as p:
        for c in p.categories.list():
            p.categories.delete(c.id)
    with Project(path) as p:
        assert p.categories.list() == []


def test_migrations_step_by_step_keep_data(tmp_path: Path):
    """Every version can be reached from the one before it, with data already in it."""
    path = tmp_path / "old.lawgov"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    for version in range(1, latest_version() + 1):
        assert migrate(conn, target=version) == [version]
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        if version == 1:
            conn.execute(
                "INSERT INTO reports (title, text, chars, sha256, imported_at) VALUES ('t', 'abc', 3, 'h', 'now')"
            )
    conn.close()
    with Project(path) as p:
        assert [r.title for r in p.reports.list()] == ["t"]
        assert p.reports.text(1) == "abc"
    assert len(MIGRATIONS) == latest_version()


def test_migration_failure_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from lawgov_desktop.store import schema

    def broken(conn):
        conn.execute("CREATE TABLE half (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    conn = sqlite3.connect(tmp_path / "m.lawgov", isolation_level=None)
    with pytest.raises(RuntimeError):
        schema.migrate(conn)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS) - 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0] == 0


def test_refuses_non_sqlite_and_newer_schema_leaving_file_untouched(tmp_path: Path):
    junk = tmp_path / "junk.lawgov"
    junk.write_bytes(b"this is not a database at all" * 10)
    before = junk.read_bytes()
    with pytest.raises(ProjectError, match="SQLite"):
        Project(junk)
    assert junk.read_bytes() == before

    newer = tmp_path / "newer.lawgov"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.close()
    before = newer.read_bytes()
    with pytest.raises(ProjectError, match="newer"):
        Project(newer)
    assert newer.read_bytes() == before


def test_import_seeds_and_duplicates(project: Project, seed_files):
    first = project.reports.import_files(seed_files)
    assert len(first.imported) == 5 and not first.refused
    again = project.reports.import_files(seed_files)
    assert again.imported == [] and len(again.duplicates) == 5
    assert len(project.reports.list()) == 5
    r = project.reports.list()[0]
    assert r.sections > 0 and r.chars == len(project.reports.text(r.id))
    assert project.reports.text(r.id) == seed_files[0].read_text(encoding="utf-8")


def test_refused_file_changes_nothing(project: Project, tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    summary = project.reports.import_files([bad])
    assert summary.imported == [] and summary.refused and summary.refused[0][0] == str(bad)
    assert "bad.txt" in summary.refused[0][1]
    assert project.health.counts()["reports"] == 0


def test_annotation_roundtrip_with_context_and_section_path(seeded_project: Project):
    p = seeded_project
    rid = p.reports.list()[0].id
    text = p.reports.text(rid)
    start = text.index("深化行政执法规范化建设")
    end = start + len("深化行政执法规范化建设")
    aid = p.annotations.add(rid, start, end, ["执法", "营商环境"], note="重点")
    a = p.annotations.get(aid)
    assert a.quote == text[start:end]
    assert a.prefix == text[start - 32:start] and a.suffix == text[end:end + 32]
    assert [p.categories.get(c).name for c in a.category_ids] == ["执法", "营商环境"]
    assert a.annotator == "tester" and a.created_at == a.updated_at
    path = p.reports.section_paths(rid, [start])[0]
    assert path == "一、推进法治政府建设情况 > （五）深化行政执法规范化建设"
    secs = p.reports.sections(rid)
    assert section_path(secs, 0) == "一、推进法治政府建设情况"


def test_invalid_annotations_are_refused(seeded_project: Project):
    p = seeded_project
    rid = p.reports.list()[0].id
    n = len(p.reports.text(rid))
    for start, end in [(-1, 3), (5, 5), (9, 3), (0, n + 1)]:
        with pytest.raises(ValueError):
            p.annotations.add(rid, start, end, ["执法"])
    with pytest.raises(ValueError, match="未知类别"):
        p.annotations.add(rid, 0, 3, ["不存在的类别"])
    assert p.health.counts()["annotations"] == 0


def test_update_delete_restore_annotation(seeded_project: Project):
    p = seeded_project
    rid = p.reports.list()[1].id
    aid = p.annotations.add(rid, 10, 20, ["复议"])
    old = p.annotations.update(aid, note="新备注", category_ids=["执法", "复议"])
    assert old.note == "" and p.annotations.get(aid).note == "新备注"
    assert len(p.annotations.get(aid).category_ids) == 2
    snap = p.annotations.delete(aid)
    assert p.health.counts()["annotations"] == 0
    p.annotations.restore(snap)
    back = p.annotations.get(aid)
    assert back.as_dict() == snap.as_dict()


def test_overlapping_spans_and_filters(seeded_project: Project):
    p = seeded_project
    r1, r2 = p.reports.list()[0].id, p.reports.list()[1].id
    zf, fy = p.categories.resolve(["执法", "复议"])
    p.annotations.add(r1, 0, 10, ["执法"])
    p.annotations.add(r1, 5, 15, ["复议"])
    p.annotations.add(r2, 3, 8, ["执法", "复议"], annotator="alice")
    assert len(p.annotations.list()) == 3
    assert len(p.annotations.list(AnnotationFilter(report_ids=[r1]))) == 2
    assert len(p.annotations.list(AnnotationFilter(category_ids=[fy]))) == 2
    assert len(p.annotations.list(AnnotationFilter(annotator="alice"))) == 1
    assert len(p.annotations.list(AnnotationFilter(category_ids=[zf], report_ids=[r2]))) == 1


def test_category_operations_and_undo_snapshots(seeded_project: Project):
    p = seeded_project
    rid = p.reports.list()[0].id
    zf, fy, yshj = (c.id for c in p.categories.list())
    a1 = p.annotations.add(rid, 0, 5, [zf])
    a2 = p.annotations.add(rid, 10, 20, [fy, zf])
    new = p.categories.add("信访", shortcut="4", keywords=["信访"])
    assert p.categories.get(new).shortcut == "4"
    # a shortcut moves: only one category holds a key
    p.categories.update(new, shortcut="1")
    assert p.categories.get(zf).shortcut == "" and p.categories.get(new).shortcut == "1"
    # nesting, and no cycles
    p.categories.update(new, parent_id=zf)
    with pytest.raises(ValueError):
        p.categories.update(zf, parent_id=new)
    with pytest.raises(ValueError):
        p.categories.add("执法")
    # merge 执法 into 复议 and undo it
    links_before = sorted(p.db.execute("SELECT * FROM annotation_categories").fetchall())
    snap = p.categories.merge(zf, fy)
    assert p.annotations.get(a1).category_ids == [fy]
    assert p.annotations.get(a2).category_ids == [fy]
    assert p.categories.get(new).parent_id is None  # child re-parented to the deleted one's parent
    p.categories.restore(snap)
    assert sorted(p.db.execute("SELECT * FROM annotation_categories").fetchall()) == links_before
    assert p.categories.get(new).parent_id == zf
    # delete with its annotations, and undo
    snap = p.categories.delete(zf, delete_annotations=True)
    assert [a.id for a in p.annotations.list()] == [a2]  # a2 keeps 复议
    p.categories.restore(snap)
    assert sorted(a.id for a in p.annotations.list()) == [a1, a2]
    # delete keeping annotations untagged
    p.categories.delete(yshj)
    order = p.categories.reorder([fy, zf, new])
    assert [c.id for c in p.categories.list()] == [fy, zf, new] and order[0] == zf


def test_listeners_hear_committed_changes(seeded_project: Project):
    heard = []
    seeded_project.add_listener(heard.append)
    rid = seeded_project.reports.list()[0].id
    aid = seeded_project.annotations.add(rid, 0, 4, ["执法"])
    seeded_project.annotations.update(aid, note="n")
    assert [c.op for c in heard] == ["add-annotation", "update-annotation"]
    assert heard[0].annotations == {rid}


def test_readonly_project_refuses_writes(seeded_project: Project):
    with Project(seeded_project.path, readonly=True) as ro:
        assert len(ro.reports.list()) == 5
        with pytest.raises(ProjectError):
            ro.annotations.add(ro.reports.list()[0].id, 0, 3, ["执法"])


def test_default_project_is_seeded_in_isolated_home(offline_and_isolated):
    from lawgov_desktop.paths import default_project_path
    from lawgov_desktop.store.open import open_project

    with open_project() as p:
        assert len(p.reports.list()) == 5
    assert str(default_project_path()).startswith(str(offline_and_isolated))


def test_date_filters_use_the_local_calendar_day(seeded_project: Project, monkeypatch: pytest.MonkeyPatch):
    """A date typed by a user in Beijing means the Beijing day, not the UTC day."""
    import time as _time

    from lawgov_desktop.store.annotations import utc_bound

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    _time.tzset()
    try:
        assert utc_bound("2026-11-22", end=False) == "2026-11-21T16:00:00+00:00"
        assert utc_bound("2026-11-22", end=True) == "2026-11-22T15:59:59+00:00"
        assert utc_bound("2026-11-22T08:30:00+08:00", end=False) == "2026-11-22T00:30:00+00:00"
        p = seeded_project
        rid = p.reports.list()[0].id
        aid = p.annotations.add(rid, 0, 4, ["执法"])
        # created late on 21 Nov UTC = early on 22 Nov in Beijing
        p.db.execute("UPDATE annotations SET created_at = '2026-11-21T17:30:00+00:00' WHERE id = ?", [aid])
        assert [a.id for a in p.annotations.list(AnnotationFilter(since="2026-11-22", until="2026-11-22"))] == [aid]
        assert p.annotations.list(AnnotationFilter(until="2026-11-21")) == []
    finally:
        monkeypatch.delenv("TZ")
        _time.tzset()
