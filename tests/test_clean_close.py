"""The deep content check on open is skipped only for a file exactly as a clean close left it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lawgov_desktop.store import integrity
from lawgov_desktop.store.db import ProjectError
from lawgov_desktop.store.project import Project

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("*.txt"))[1]


def _project(path: Path) -> Path:
    with Project(path) as p:
        p.reports.import_files([SEED])
    return path


def _count_deep_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = integrity.open_problems

    def counting(conn):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(conn)

    monkeypatch.setattr(integrity, "open_problems", counting)
    return calls


def test_clean_close_skips_the_deep_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = _project(tmp_path / "p.lawgov")
    assert integrity.closed_cleanly(path)
    calls = _count_deep_checks(monkeypatch)
    with Project(path) as p:
        assert not integrity.closed_cleanly(path)  # open for writing: the record is gone
        assert p.health.counts()["reports"] == 1
    assert calls == [] and integrity.closed_cleanly(path)


def test_a_file_changed_after_a_clean_close_is_checked_and_refused(tmp_path: Path):
    path = _project(tmp_path / "p.lawgov")
    text = SEED.read_text(encoding="utf-8")
    data = bytearray(path.read_bytes())
    at = data.find(text[len(text) // 2:len(text) // 2 + 40].encode("utf-8"))
    assert at > 0
    data[at:at + 48] = bytes(range(48))
    path.write_bytes(bytes(data))  # same size, same inode, at once (same clock tick, likely)
    assert not integrity.closed_cleanly(path)
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="已损坏"):
        Project(path)
    assert path.read_bytes() == before


def test_an_unclean_close_leaves_no_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = _project(tmp_path / "p.lawgov")
    p = Project(path)
    p.annotations.add(1, 0, 5, [p.categories.list()[0].id])
    # the process dies here: no close(), so no record, and the next open checks deeply
    assert not integrity.closed_cleanly(path)
    p.db.close()
    calls = _count_deep_checks(monkeypatch)
    with Project(path):
        pass
    assert calls == [1]


def test_clean_close_records_are_bounded(tmp_path: Path):
    paths = [_project(tmp_path / f"p{i}.lawgov") for i in range(3)]
    folder = integrity._clean_close_marker(paths[0]).parent
    for age, path in enumerate(reversed(paths)):  # p0 closed longest ago
        os.utime(integrity._clean_close_marker(path), ns=(1_000_000_000, 2_000_000_000 - age * 1_000_000))
    integrity._prune_clean_close_markers(folder, keep=2)
    assert len(list(folder.glob("*.json"))) == 2
    assert integrity.closed_cleanly(paths[2]) and not integrity.closed_cleanly(paths[0])


def test_cache_files_keep_their_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The clean-close and WAL-pairing records are named by the SHA-1 of the project's resolved
    path, as they always were (now from the built-in module, so that a start does not load
    OpenSSL): records written by an earlier version are still found."""
    import hashlib

    from lawgov_desktop.store import walpair

    monkeypatch.setenv("LAWGOV_HOME", str(tmp_path / "home"))
    project = tmp_path / "子目录" / "项目.lawgov"
    key = hashlib.sha1(str(project.resolve()).encode("utf-8")).hexdigest()
    cache = tmp_path / "home" / "cache"
    assert integrity._clean_close_marker(project) == cache / "clean-close" / f"{key}.json"
    assert walpair._record_path(project) == cache / "wal-pair" / f"{key}.json"
