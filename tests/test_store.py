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
    assert project.schema_version() == latest_version()
    assert project.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    cats = project.categories()
    assert [c.name for c in cats] == ["执法", "复议", "营商环境"]
    assert [c.shortcut for c in cats] == ["1", "2", "3"]
    assert all(c.keywords for c in cats)
    assert project.integrity_check() == "ok"


def test_deleted_default_categories_do_not_come_back(tmp_path: Path):
    path = tmp_path / "p.lawgov"
    with Project(path) as p:
        for c in p.categories():
            p.delete_category(c.id)
    with Project(path) as p:
        assert p.categories() == []


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
        assert [r.title for r in p.reports()] == ["t"]
        assert p.report_text(1) == "abc"
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
    first = project.import_files(seed_files)
    assert len(first.imported) == 5 and not first.refused
    again = project.import_files(seed_files)
    assert again.imported == [] and len(again.duplicates) == 5
    assert len(project.reports()) == 5
    r = project.reports()[0]
    assert r.sections > 0 and r.chars == len(project.report_text(r.id))
    assert project.report_text(r.id) == seed_files[0].read_text(encoding="utf-8")


def test_refused_file_changes_nothing(project: Project, tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    summary = project.import_files([bad])
    assert summary.imported == [] and summary.refused and summary.refused[0][0] == str(bad)
    assert "bad.txt" in summary.refused[0][1]
    assert project.counts()["reports"] == 0


def test_annotation_roundtrip_with_context_and_section_path(seeded_project: Project):
    p = seeded_project
    rid = p.reports()[0].id
    text = p.report_text(rid)
    start = text.index("深化行政执法规范化建设")
    end = start + len("深化行政执法规范化建设")
    aid = p.add_annotation(rid, start, end, ["执法", "营商环境"], note="重点")
    a = p.annotation(aid)
    assert a.quote == text[start:end]
    assert a.prefix == text[start - 32:start] and a.suffix == text[end:end + 32]
    assert [p.category(c).name for c in a.category_ids] == ["执法", "营商环境"]
    assert a.annotator == "tester" and a.created_at == a.updated_at
    path = p.section_paths(rid, [start])[0]
    assert path == "一、推进法治政府建设情况 > （五）深化行政执法规范化建设"
    secs = p.sections(rid)
    assert section_path(secs, 0) == "一、推进法治政府建设情况"


def test_invalid_annotations_are_refused(seeded_project: Project):
    p = seeded_project
    rid = p.reports()[0].id
    n = len(p.report_text(rid))
    for start, end in [(-1, 3), (5, 5), (9, 3), (0, n + 1)]:
        with pytest.raises(ValueError):
            p.add_annotation(rid, start, end, ["执法"])
    with pytest.raises(ValueError, match="未知类别"):
        p.add_annotation(rid, 0, 3, ["不存在的类别"])
    assert p.counts()["annotations"] == 0


def test_update_delete_restore_annotation(seeded_project: Project):
    p = seeded_project
    rid = p.reports()[1].id
    aid = p.add_annotation(rid, 10, 20, ["复议"])
    old = p.update_annotation(aid, note="新备注", category_ids=["执法", "复议"])
    assert old.note == "" and p.annotation(aid).note == "新备注"
    assert len(p.annotation(aid).category_ids) == 2
    snap = p.delete_annotation(aid)
    assert p.counts()["annotations"] == 0
    p.restore_annotation(snap)
    back = p.annotation(aid)
    assert back.as_dict() == snap.as_dict()


def test_overlapping_spans_and_filters(seeded_project: Project):
    p = seeded_project
    r1, r2 = p.reports()[0].id, p.reports()[1].id
    zf, fy = p.resolve_categories(["执法", "复议"])
    p.add_annotation(r1, 0, 10, ["执法"])
    p.add_annotation(r1, 5, 15, ["复议"])
    p.add_annotation(r2, 3, 8, ["执法", "复议"], annotator="alice")
    assert len(p.annotations()) == 3
    assert len(p.annotations(AnnotationFilter(report_ids=[r1]))) == 2
    assert len(p.annotations(AnnotationFilter(category_ids=[fy]))) == 2
    assert len(p.annotations(AnnotationFilter(annotator="alice"))) == 1
    assert len(p.annotations(AnnotationFilter(category_ids=[zf], report_ids=[r2]))) == 1


def test_category_operations_and_undo_snapshots(seeded_project: Project):
    p = seeded_project
    rid = p.reports()[0].id
    zf, fy, yshj = (c.id for c in p.categories())
    a1 = p.add_annotation(rid, 0, 5, [zf])
    a2 = p.add_annotation(rid, 10, 20, [fy, zf])
    new = p.add_category("信访", shortcut="4", keywords=["信访"])
    assert p.category(new).shortcut == "4"
    # a shortcut moves: only one category holds a key
    p.update_category(new, shortcut="1")
    assert p.category(zf).shortcut == "" and p.category(new).shortcut == "1"
    # nesting, and no cycles
    p.update_category(new, parent_id=zf)
    with pytest.raises(ValueError):
        p.update_category(zf, parent_id=new)
    with pytest.raises(ValueError):
        p.add_category("执法")
    # merge 执法 into 复议 and undo it
    links_before = sorted(p.db.execute("SELECT * FROM annotation_categories").fetchall())
    snap = p.merge_categories(zf, fy)
    assert p.annotation(a1).category_ids == [fy]
    assert p.annotation(a2).category_ids == [fy]
    assert p.category(new).parent_id is None  # child re-parented to the deleted one's parent
    p.restore_category(snap)
    assert sorted(p.db.execute("SELECT * FROM annotation_categories").fetchall()) == links_before
    assert p.category(new).parent_id == zf
    # delete with its annotations, and undo
    snap = p.delete_category(zf, delete_annotations=True)
    assert [a.id for a in p.annotations()] == [a2]  # a2 keeps 复议
    p.restore_category(snap)
    assert sorted(a.id for a in p.annotations()) == [a1, a2]
    # delete keeping annotations untagged
    p.delete_category(yshj)
    order = p.reorder_categories([fy, zf, new])
    assert [c.id for c in p.categories()] == [fy, zf, new] and order[0] == zf


def test_listeners_hear_committed_changes(seeded_project: Project):
    heard = []
    seeded_project.add_listener(heard.append)
    rid = seeded_project.reports()[0].id
    aid = seeded_project.add_annotation(rid, 0, 4, ["执法"])
    seeded_project.update_annotation(aid, note="n")
    assert [c.op for c in heard] == ["add-annotation", "update-annotation"]
    assert heard[0].annotations == {rid}


def test_readonly_project_refuses_writes(seeded_project: Project):
    with Project(seeded_project.path, readonly=True) as ro:
        assert len(ro.reports()) == 5
        with pytest.raises(ProjectError):
            ro.add_annotation(ro.reports()[0].id, 0, 3, ["执法"])


def test_default_project_is_seeded_in_isolated_home(offline_and_isolated):
    from lawgov_desktop.paths import default_project_path
    from lawgov_desktop.store.open import open_project

    with open_project() as p:
        assert len(p.reports()) == 5
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
        rid = p.reports()[0].id
        aid = p.add_annotation(rid, 0, 4, ["执法"])
        # created late on 21 Nov UTC = early on 22 Nov in Beijing
        p.db.execute("UPDATE annotations SET created_at = '2026-11-21T17:30:00+00:00' WHERE id = ?", [aid])
        assert [a.id for a in p.annotations(AnnotationFilter(since="2026-11-22", until="2026-11-22"))] == [aid]
        assert p.annotations(AnnotationFilter(until="2026-11-21")) == []
    finally:
        monkeypatch.delenv("TZ")
        _time.tzset()
