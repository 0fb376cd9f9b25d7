"""Backups (online backup API, rotation, hourly hook, restore), ``lawgov check`` and the Backups dialog."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lawgov_desktop.cli import main as cli
from lawgov_desktop.paths import backups_dir_for
from lawgov_desktop.store import backups
from lawgov_desktop.store.backups import (
    AutoBackup,
    backup_file_name,
    list_backups,
    restore_backup,
)
from lawgov_desktop.store.db import ProjectError
from lawgov_desktop.store.project import Project


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _fake_backup(project: Path, age: timedelta, reason: str = "hourly") -> Path:
    """A real backup file whose name says it was made ``age`` ago."""
    folder = backups_dir_for(project)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / backup_file_name(project, datetime.now(UTC) - age, reason)
    src = sqlite3.connect(project)
    dst = sqlite3.connect(target)
    src.backup(dst)
    dst.execute("PRAGMA journal_mode = DELETE")
    src.close()
    dst.close()
    return target


def test_backups_dir_is_beside_the_project(tmp_path: Path):
    assert backups_dir_for(tmp_path / "x.lawgov") == tmp_path / "x.lawgov-backups"


def test_manual_backup_is_a_consistent_single_file(seeded_project: Project):
    p = seeded_project
    rid = p.reports.list()[0].id
    p.annotations.add(rid, 0, 8, ["执法"])
    info = p.backups.make()
    assert info.path.parent == backups_dir_for(p.path)
    assert info.path.name.startswith("test-") and info.path.name.endswith("Z-manual.lawgov")
    assert not Path(f"{info.path}-wal").exists() and not Path(f"{info.path}-shm").exists()
    listed = list_backups(p.path)
    newest = listed[0]
    assert newest.path == info.path and newest.ok
    assert newest.counts["reports"] == 5 and newest.counts["annotations"] == 1
    # listing (inspecting) a backup leaves no side files either
    assert sorted(x.name for x in info.path.parent.iterdir() if x.name.startswith(info.path.name)) == [info.path.name]


def test_rotation_keeps_the_newest_n(seeded_project: Project):
    p = seeded_project
    assert p.backups.keep() == 10
    p.backups.set_keep(3)
    made = [p.backups.make() for _ in range(5)]
    names = [b.path for b in list_backups(p.path, inspect=False)]
    assert len(names) == 3
    assert names == [m.path for m in reversed(made[-3:])]


def test_hourly_hook_is_cheap_and_backs_up_when_due(seeded_project: Project, monkeypatch: pytest.MonkeyPatch):
    p = seeded_project
    for b in list_backups(p.path, inspect=False):
        b.path.unlink()
    _fake_backup(p.path, timedelta(minutes=10))
    hook = AutoBackup(p.db.conn, p.path)
    calls: list[str] = []
    real_list = backups.list_backups
    monkeypatch.setattr(backups, "list_backups", lambda *a, **k: calls.append("list") or real_list(*a, **k))
    for _ in range(50):
        assert hook.after_commit() is None  # newest backup is 10 minutes old
    assert calls == ["list"], "the folder is looked at once, not on every commit"
    # an hour later a backup is due
    now = time.monotonic()
    monkeypatch.setattr(backups.time, "monotonic", lambda: now + 3600)
    info = hook.after_commit()
    assert info is not None and info.reason == "hourly"
    assert hook.after_commit() is None


def test_hourly_hook_runs_after_commits_and_skips_empty_projects(tmp_path: Path):
    with Project(tmp_path / "empty.lawgov") as p:
        p.categories.add("信访")
        assert list_backups(p.path) == []  # nothing worth keeping yet
    old = tmp_path / "old.lawgov"
    with Project(old) as p:
        p.reports.import_files(sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))[:1])
    made = list_backups(old)
    assert [b.reason for b in made] == ["hourly"]
    with Project(old) as p:  # a second session within the hour makes none
        p.annotations.add(1, 0, 5, ["执法"])
    assert len(list_backups(old)) == 1


def test_backup_on_open_only_when_changed(seeded_project: Project):
    p = seeded_project
    path = p.path
    p.close()
    with Project(path) as q:
        first = q.backups.on_open()
        assert first is not None and first.reason == "open"
    with Project(path) as q:
        assert q.backups.on_open() is None  # nothing changed since
        q.annotations.add(1, 3, 9, ["复议"])
    with Project(path) as q:
        assert q.backups.on_open() is not None


def test_pre_upgrade_backup_keeps_the_old_schema(tmp_path: Path):
    from lawgov_desktop.store.schema import latest_version, migrate

    path = tmp_path / "v1.lawgov"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=1)
    conn.execute("INSERT INTO reports (title, text, chars, sha256, imported_at) VALUES ('t', 'abc', 3, 'h', 'now')")
    conn.close()
    with Project(path) as p:
        assert p.health.schema_version() == latest_version()
    saved = [b for b in list_backups(path) if b.reason == "pre-upgrade"]
    assert len(saved) == 1
    check = sqlite3.connect(saved[0].path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 1
    check.close()


def test_restore_backs_up_current_state_first(seeded_project: Project):
    p = seeded_project
    rid = p.reports.list()[0].id
    p.annotations.add(rid, 0, 4, ["执法"])
    good = p.backups.make()
    p.annotations.add(rid, 10, 14, ["复议"])
    p.reports.delete(p.reports.list()[-1].id)
    saved = restore_backup(p.path, good.path)
    assert saved is not None and saved.reason == "pre-restore"
    # the open connection sees the restored content
    assert p.health.counts()["reports"] == 5 and p.health.counts()["annotations"] == 1
    assert p.health.integrity() == "ok"
    with Project(saved.path, readonly=True) as before:
        assert before.health.counts()["annotations"] == 2 and before.health.counts()["reports"] == 4


def test_restore_refuses_a_damaged_backup(seeded_project: Project):
    p = seeded_project
    bad = p.backups.make()
    data = bytearray(bad.path.read_bytes())
    page = 4096
    # hit the middle of the pages holding report text: the text no longer matches its hash
    for k in range(3, len(data) // page):
        data[k * page + page // 2: k * page + page // 2 + 32] = b"\xa5" * 32
    bad.path.write_bytes(bytes(data))
    before = p.path.read_bytes()
    with pytest.raises(ProjectError, match="已损坏"):
        restore_backup(p.path, bad.path)
    assert p.path.read_bytes() == before


def test_restore_replaces_an_unreadable_project(seeded_project: Project):
    p = seeded_project
    good = p.backups.make()
    path = p.path
    p.close()
    path.write_bytes(b"garbage" * 1000)
    saved = restore_backup(path, good.path)
    assert saved is not None and saved.reason == "damaged"
    assert saved.path.read_bytes() == b"garbage" * 1000
    with Project(path) as q:
        assert q.health.counts()["reports"] == 5


def test_cli_backup_backups_restore_check(tmp_path: Path, seed_files, capsys: pytest.CaptureFixture[str]):
    db = str(tmp_path / "cli.lawgov")
    assert _run(capsys, "--db", db, "import", *map(str, seed_files[:2]))[0] == 0
    code, out, _ = _run(capsys, "--db", db, "backup", "--json")
    assert code == 0
    made = json.loads(out)
    assert made["reason"] == "manual" and Path(made["path"]).is_file()
    assert _run(capsys, "--db", db, "annotate", "1", "0", "6", "执法")[0] == 0

    code, out, _ = _run(capsys, "--db", db, "backups", "--json")
    listed = json.loads(out)
    assert code == 0 and listed[0]["path"] == made["path"]
    assert {"path", "created", "size", "counts"} <= set(listed[0])
    assert listed[0]["counts"]["reports"] == 2 and listed[0]["counts"]["annotations"] == 0

    code, out, _ = _run(capsys, "--db", db, "check", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"]
    assert report["counts"] == {"reports": 2, "sections": report["counts"]["sections"], "categories": 3,
                                "annotations": 1, "orphaned": 0, "review": 0}

    code, out, _ = _run(capsys, "--db", db, "restore", Path(made["path"]).name)
    assert code == 0 and "pre-restore" in out
    code, out, _ = _run(capsys, "--db", db, "annotations", "--json")
    assert json.loads(out) == []

    code, _, err = _run(capsys, "--db", db, "restore", "no-such-backup.lawgov")
    assert code == 1 and "lawgov backups" in err

    code, out, _ = _run(capsys, "--db", db, "backups", "--keep", "2")
    assert code == 0 and len(list_backups(Path(db), inspect=False)) <= 3  # next backup rotates to 2


def test_cli_check_reports_damage_without_touching_the_file(tmp_path: Path, seed_files,
                                                            capsys: pytest.CaptureFixture[str]):
    db = tmp_path / "dmg.lawgov"
    with Project(db) as p:
        p.reports.import_files(seed_files)
    data = bytearray(db.read_bytes())
    for k in range(14, 20):  # pages in the middle of the file hold report text
        off = k * 4096 + 2048
        data[off:off + 40] = bytes(range(40))
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    code, out, _ = _run(capsys, "--db", str(db), "check", "--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"] and report["problems"]
    assert db.read_bytes() == before
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()
    code, out, _ = _run(capsys, "--db", str(tmp_path / "missing.lawgov"), "check")
    assert code == 1


def test_restore_is_refused_while_another_instance_holds_the_lock(seeded_project: Project,
                                                                  capsys: pytest.CaptureFixture[str]):
    import os
    import platform

    from lawgov_desktop.store.lock import lock_path_for

    p = seeded_project
    good = p.backups.make()
    # a live process on this host (our parent) "has the project open"
    lock_path_for(p.path).write_text(json.dumps({"pid": os.getppid(), "host": platform.node()}),
                                     encoding="utf-8")
    code, _, err = _run(capsys, "--db", str(p.path), "restore", str(good.path))
    assert code == 1 and "LawGov" in err


# -- the Backups dialog ------------------------------------------------------------------

def test_backups_dialog_lists_and_restores(qtbot, seeded_project: Project, monkeypatch: pytest.MonkeyPatch):
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QMessageBox, QWidget

    from lawgov_desktop.gui.backups_dialog import BackupsDialog, open_backups_dialog
    from lawgov_desktop.gui.bridge import ProjectBridge

    p = seeded_project
    rid = p.reports.list()[0].id
    p.annotations.add(rid, 0, 4, ["执法"])
    p.backups.make()
    p.annotations.add(rid, 5, 9, ["执法"])

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.undo_stack = QUndoStack(parent)  # type: ignore[attr-defined]
    bridge = ProjectBridge(p)
    seen = []
    bridge.changed.connect(seen.append)
    dialog = open_backups_dialog(parent, bridge)
    assert isinstance(dialog, BackupsDialog)
    assert dialog.table.rowCount() == len(list_backups(p.path, inspect=False)) >= 1
    assert dialog.restore_button.isEnabled()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert dialog.restore_selected() is False
    assert p.health.counts()["annotations"] == 2

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    rows_before = dialog.table.rowCount()
    assert dialog.restore_selected() is True
    assert p.health.counts()["annotations"] == 1
    assert seen and seen[-1].op == "restore" and seen[-1].reports
    assert dialog.table.rowCount() == rows_before + 1  # the pre-restore backup
    assert dialog.backup_now() is not None
    dialog.close()
    bridge.detach()


def test_every_safety_ui_string_has_a_chinese_translation():
    import ast
    import re

    root = Path(__file__).resolve().parent.parent
    table = json.loads((root / "resources/i18n/strings_zh_CN_safety.json").read_text(encoding="utf-8"))
    used: set[str] = set()
    for name in ("backups_dialog.py", "instance_lock.py"):
        for node in ast.walk(ast.parse((root / "lawgov_desktop/gui" / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if func in ("tr", "_tr"):
                    used.add(node.args[0].value)
    assert sorted(used - set(table)) == []
    for s in used:
        assert table[s].strip()
        assert set(re.findall(r"\{(\w+)\}", s)) == set(re.findall(r"\{(\w+)\}", table[s])), s
