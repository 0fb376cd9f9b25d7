"""A worker's own connection trusts a project file this process already holds open, checked.

The window checks a project deeply when it opens it; search, statistics and suggestions then
open their own connections to the same file on worker threads.  Re-hashing every report for
each of those (a fifth of a second at 1,000 reports, on every search) checked nothing the
window had not.  A file nobody here holds, or one copied over the held one, is still checked.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from lawgov_desktop.store import db
from lawgov_desktop.store.integrity import held_checked
from lawgov_desktop.store.project import Project

SEED = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))[0]


def _count_deep_checks(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = db.open_problems

    def counted(conn: sqlite3.Connection) -> list[str]:
        calls.append(1)
        return real(conn)

    monkeypatch.setattr(db, "open_problems", counted)
    return calls


def test_a_worker_connection_skips_the_deep_check_while_the_file_is_held(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "held.lawgov"
    with Project(path) as window:
        window.reports.import_files([SEED])
        assert Path(f"{path}-wal").exists()  # the case that is otherwise checked deeply on open
        calls = _count_deep_checks(monkeypatch)
        with Project(path, readonly=True) as worker:
            assert worker.reports.list()
        assert calls == []
    assert not held_checked(path)


def test_a_file_nobody_here_holds_is_checked_deeply(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "free.lawgov"
    with Project(path) as p:
        p.reports.import_files([SEED])
    raw = sqlite3.connect(path)  # a connection that is not a project of ours keeps a -wal open
    try:
        raw.execute("SELECT count(*) FROM reports").fetchone()
        assert Path(f"{path}-wal").exists()
        calls = _count_deep_checks(monkeypatch)
        with Project(path, readonly=True):
            pass
        assert len(calls) == 1
    finally:
        raw.close()


def test_closing_twice_releases_once(tmp_path: Path) -> None:
    path = tmp_path / "twice.lawgov"
    first, second = Project(path), Project(path)
    first.close()
    first.close()
    assert held_checked(path)  # the second still holds it
    second.close()
    assert not held_checked(path)
