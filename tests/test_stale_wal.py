"""A ``-wal`` left by a killed writer is merged only into the file it belongs to.

Copying another project (or a backup) over ``x.lawgov`` while ``x.lawgov-wal`` is still there
used to merge the two into a damaged file.  Now the project is refused with both files left
byte for byte as they were, ``lawgov check`` says why, and ``lawgov restore`` brings a backup
back; a killed writer's own ``-wal`` (also one killed right after a checkpoint) is recovered.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lawgov_desktop.cli import main as cli
from lawgov_desktop.paths import backups_dir_for
from lawgov_desktop.store import walpair
from lawgov_desktop.store.db import ProjectError
from lawgov_desktop.store.project import Project

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _project(path: Path, seed: Path) -> Path:
    with Project(path) as p:
        rid = p.reports.import_files([seed]).imported[0][1]
        p.annotations.add(rid, 0, 4, ["执法"])
    return path


def _killed_writer(path: Path, *, checkpoint_last: bool = False) -> None:
    """Tag three passages in another process, then kill it before it closes the project."""
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from lawgov_desktop.store.project import Project
        p = Project({str(path)!r})
        rid = p.reports.list()[0].id
        for start in (10, 20, 30):
            p.annotations.add(rid, start, start + 4, ["复议"])
        if {checkpoint_last!r}:  # SQLite copied the -wal into the file; the kill comes before our record
            p.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        os._exit(0)
    """)
    subprocess.run([sys.executable, "-c", script], env={**os.environ}, check=True, timeout=120)
    assert Path(f"{path}-wal").stat().st_size > 0


def _snapshot(*paths: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths}


@pytest.mark.parametrize("what", ["another-project", "a-backup"])
def test_a_file_copied_over_a_project_with_a_stale_wal_is_refused_untouched(tmp_path: Path, capsys, what: str):
    path = _project(tmp_path / "x.lawgov", SEEDS[0])
    if what == "a-backup":
        with Project(path) as p:
            replacement = p.backups.make("manual").path
    else:
        replacement = _project(tmp_path / "other.lawgov", SEEDS[1])
    _killed_writer(path)
    shutil.copyfile(replacement, path)  # as `cp` does: same file, new content
    wal = Path(f"{path}-wal")
    before = _snapshot(path, wal)
    for readonly in (False, True):
        with pytest.raises(ProjectError, match="不属于它"):
            Project(path, readonly=readonly)
    code, out, err = run(capsys, "--db", str(path), "reports")
    assert code == 1 and out == "" and "lawgov restore" in err
    code, out, _ = run(capsys, "--db", str(path), "check", "--json")
    assert code == 1 and any("x.lawgov-wal" in p for p in json.loads(out)["problems"])
    assert _snapshot(path, wal) == before  # both files exactly as they were


def test_restore_brings_a_backup_back_over_a_stale_wal(tmp_path: Path, capsys):
    path = _project(tmp_path / "x.lawgov", SEEDS[0])
    with Project(path) as p:
        backup = p.backups.make("manual").path
    _killed_writer(path)
    shutil.copyfile(backup, path)  # the wrong way to bring the backup back
    code, _, err = run(capsys, "--db", str(path), "restore", str(backup))
    assert code == 0, err
    with Project(path) as p:
        assert p.health.counts()["annotations"] == 1 and p.health.integrity() == "ok"
    kept = [f.name for f in backups_dir_for(path).iterdir() if f.name.endswith(".wal")]
    assert kept  # the stale -wal is kept aside for rescue, not merged


def test_a_killed_writers_own_wal_is_recovered(tmp_path: Path):
    path = _project(tmp_path / "x.lawgov", SEEDS[0])
    _killed_writer(path)
    with Project(path) as p:
        assert p.health.counts()["annotations"] == 4 and p.health.integrity() == "ok"


def test_a_writer_killed_right_after_a_checkpoint_is_recovered(tmp_path: Path):
    path = _project(tmp_path / "x.lawgov", SEEDS[0])
    _killed_writer(path, checkpoint_last=True)
    assert walpair._recorded(path) != walpair.file_state(path)  # the record is behind the file
    with Project(path) as p:
        assert p.health.counts()["annotations"] == 4 and p.health.integrity() == "ok"


def test_a_clean_close_leaves_no_record(tmp_path: Path):
    path = _project(tmp_path / "x.lawgov", SEEDS[0])
    assert walpair._recorded(path) is None
    with Project(path):
        assert walpair._recorded(path) == walpair.file_state(path)
    assert walpair._recorded(path) is None
