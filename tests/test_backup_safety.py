"""Backups say when they fail, leave no litter, and are listed by the check restore makes.

* A backup that fails (a full disk) removes its temporary file and is said: on stderr by the
  command line, in the status bar by the window; the change itself is saved.
* Temporary files of a backup whose process ended are removed by the next backup.
* ``lawgov backups`` (and the Backups dialog) call a backup ok only when ``restore`` would
  take it: a bit-flipped or newer-version backup is listed as damaged.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from lawgov_desktop.paths import backups_dir_for
from lawgov_desktop.store import backups
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.schema import latest_version
from tests.cli_support import SEEDS, run


def _project_without_backups(path: Path) -> int:
    with Project(path) as p:
        rid = p.reports.import_files([SEEDS[0]]).imported[0][1]
    for b in backups.list_backups(path, inspect=False):
        b.path.unlink()
    return rid


def _disk_full_for_backups(monkeypatch: pytest.MonkeyPatch) -> None:
    """A backup copy may not grow beyond one page: SQLite's own "database or disk is full"."""
    real = sqlite3.connect

    def connect(target, *args, **kwargs):
        conn = real(target, *args, **kwargs)
        if str(target).endswith(".tmp"):
            conn.execute("PRAGMA max_page_count = 1")
        return conn

    monkeypatch.setattr(backups.sqlite3, "connect", connect)


def _litter(path: Path) -> list[str]:
    folder = backups_dir_for(path)
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name) if folder.is_dir() else []


def test_a_failing_backup_is_said_on_stderr_and_leaves_nothing(tmp_path: Path, capsys, monkeypatch):
    path = tmp_path / "p.lawgov"
    rid = _project_without_backups(path)
    _disk_full_for_backups(monkeypatch)
    for start in (0, 10, 20):  # each command tries again; none may leave a .tmp behind
        code, out, err = run(capsys, "--db", str(path), "annotate", str(rid), str(start), str(start + 4), "执法")
        assert code == 0 and out.strip().isdigit()  # the change is saved and its id printed
        assert "自动备份失败" in err and "没有新的备份" in err and "full" in err
        assert _litter(path) == []
    assert backups.list_backups(path) == []
    with Project(path) as p:
        assert p.health.counts()["annotations"] == 3


def test_the_window_says_a_failing_backup_in_its_status_bar(qtbot, tmp_path: Path, monkeypatch):
    main_window = pytest.importorskip("lawgov_desktop.gui.main_window")
    from lawgov_desktop.gui.bridge import ProjectBridge

    path = tmp_path / "p.lawgov"
    rid = _project_without_backups(path)
    _disk_full_for_backups(monkeypatch)
    with Project(path) as project:
        bridge = ProjectBridge(project)
        window = main_window.MainWindow(bridge, restore=False)
        window.save_on_close = False
        qtbot.addWidget(window)
        project.annotations.add(rid, 0, 4, ["执法"])
        qtbot.waitUntil(lambda: "automatic backup failed" in window.statusBar().currentMessage(), timeout=5000)
        assert project.health.counts()["annotations"] == 1 and _litter(path) == []
        window.close()
        bridge.detach()


def test_temporary_files_of_a_dead_backup_are_removed_by_the_next(tmp_path: Path):
    path = tmp_path / "p.lawgov"
    _project_without_backups(path)
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    folder = backups_dir_for(path)
    folder.mkdir(exist_ok=True)
    dead = folder / f"p-20250101T000000.000000Z-hourly.lawgov.{proc.pid}.tmp"
    dead.write_bytes(b"")
    (folder / f"{dead.name}-journal").write_bytes(b"")
    with Project(path) as p:
        p.backups.make("manual")
    assert _litter(path) == []
    assert [b.reason for b in backups.list_backups(path)] == ["manual"]


# -- item 13: listed as restore would judge ------------------------------------------------------

def _backup(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "p.lawgov"
    with Project(path) as p:
        rid = p.reports.import_files([SEEDS[0]]).imported[0][1]
        p.annotations.add(rid, 123, 130, ["执法"])
        info = p.backups.make("manual")
    return path, info.path


def _flip_index_entry(backup: Path) -> None:
    """Change the start offset (123 → 124) kept in the annotations' index, not in the table:
    SQLite's quick check does not compare an index with its table; the full check does."""
    conn = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'annotations_report'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(backup.read_bytes())
    page = slice((root - 1) * page_size, root * page_size)
    # the entry's body: report 1 (kept in its header), start 123 (one byte), end 130 (two bytes)
    at = bytes(data[page]).find(bytes([123, 0x00, 130]))
    assert at >= 0
    data[(root - 1) * page_size + at] = 124
    backup.write_bytes(bytes(data))


def _newer(backup: Path) -> None:
    conn = sqlite3.connect(backup)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()


@pytest.mark.parametrize("spoil", [_flip_index_entry, _newer], ids=["bit-flip-in-index", "newer-version"])
def test_backups_lists_as_damaged_what_restore_refuses(tmp_path: Path, capsys, spoil):
    path, backup = _backup(tmp_path)
    code, out, _ = run(capsys, "--db", str(path), "backups", "--json")
    assert [b["ok"] for b in json.loads(out) if b["path"] == str(backup)] == [True]
    spoil(backup)
    assert backups.verify_backup(backup)  # restore refuses it…
    code, out, _ = run(capsys, "--db", str(path), "backups", "--json")
    listed = next(b for b in json.loads(out) if b["path"] == str(backup))
    assert listed["ok"] is False and listed["problems"]  # …and the list says so
    code, out, _ = run(capsys, "--db", str(path), "backups")
    assert "损坏：" in out
    code, _, err = run(capsys, "--db", str(path), "restore", str(backup))
    assert code == 1 and "备份已损坏" in err
