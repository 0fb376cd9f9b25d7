"""Exports never lose a category's data, never replace what is not a file, and leave no litter.

* BIO per category: one file per category, unique also where case does not count; a set of
  files is written all or nothing, with or without ``--force``.
* ``--force`` replaces regular files only: a folder, a named pipe or a device is refused; a
  symbolic link is followed (the file it points to is replaced, the link stays).
* An export killed half-way leaves temporary files of our own naming; the next export to
  that folder removes them (and puts back a previous file that was taken aside).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lawgov_desktop.cli import main as cli
from lawgov_desktop.export import atomic
from lawgov_desktop.export.records import ExportError
from lawgov_desktop.store.project import Project
from tests.cli_support import SEEDS, run


def _project(path: Path, categories: list[str]) -> Path:
    """A project with one distinct tagged passage per category (the k-th tags text[10k:10k+4])."""
    with Project(path) as p:
        rid = p.reports.import_files([SEEDS[0]]).imported[0][1]
        for k, name in enumerate(categories):
            if p.categories.by_name(name) is None:
                p.categories.add(name)
            p.annotations.add(rid, 10 * k + 10, 10 * k + 14, [name])
    return path


def _tagged(bio: Path) -> set[str]:
    return {line.split(" ", 1)[1][2:] for line in bio.read_text(encoding="utf-8").splitlines()
            if line and line.split(" ", 1)[1] != "O"}


def _litter(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- item 5: per-category file names -----------------------------------------------------------

@pytest.mark.parametrize("names", [["执法/复议", "执法_复议"], ["Tax", "TAX", "tax"], ["a:b", "a*b", "a?b"],
                                   ["类" * 90, "类" * 91]], ids=["slash", "case", "reserved", "long"])
def test_every_category_gets_its_own_bio_file(tmp_path: Path, capsys, names: list[str]):
    db = _project(tmp_path / "p.lawgov", names)
    out = tmp_path / "out" / "t.bio"
    out.parent.mkdir()
    code, stdout, err = run(capsys, "--db", str(db), "export", "-f", "bio", "-o", str(out), "--category", names[0],
                            *[a for n in names[1:] for a in ("--category", n)], "--json")
    assert code == 0, err
    import json

    paths = [Path(p) for p in json.loads(stdout)["paths"]]
    assert len(paths) == len(names)
    assert len({p.name.casefold() for p in paths}) == len(names)  # unique ignoring case too
    assert all(len(p.name.encode("utf-8")) <= 255 for p in paths)
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(p.name for p in paths)
    for path, name in zip(paths, names, strict=True):
        assert _tagged(path) == {name}  # each file holds its own category, none was overwritten


def test_a_set_is_all_or_nothing_when_one_file_cannot_be_moved(tmp_path: Path, capsys, monkeypatch):
    names = ["执法", "复议", "营商环境"]
    db = _project(tmp_path / "p.lawgov", names)
    out = tmp_path / "t.bio"
    assert run(capsys, "--db", str(db), "export", "-f", "bio", "-o", str(out))[0] == 0
    before = {p.name: p.read_bytes() for p in tmp_path.glob("t-*.bio")}
    assert len(before) == 3
    with Project(db) as p:  # change the data, so a new export differs from the old files
        p.annotations.add(p.reports.list()[0].id, 100, 110, ["复议"])
    real = os.replace
    moved: list[str] = []

    def replace(src, dst):
        if str(src).endswith(".tmp") and Path(dst).name.startswith("t-"):
            if len(moved) == 2:
                raise OSError(28, "No space left on device")
            moved.append(Path(dst).name)
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    code, _, err = run(capsys, "--db", str(db), "export", "-f", "bio", "-o", str(out), "--force")
    assert code == 1 and "磁盘空间不足" in err and len(moved) == 2
    assert {p.name: p.read_bytes() for p in tmp_path.glob("t-*.bio")} == before  # the first two came back
    assert _litter(tmp_path) == []


def test_without_force_one_existing_file_stops_the_whole_set(tmp_path: Path, capsys):
    db = _project(tmp_path / "p.lawgov", ["执法", "复议"])
    (tmp_path / "t-复议.bio").write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(db), "export", "-f", "bio", "-o", str(tmp_path / "t.bio"))
    assert code == 1 and "t-复议.bio" in err and "--force" in err
    assert not (tmp_path / "t-执法.bio").exists()
    assert (tmp_path / "t-复议.bio").read_text(encoding="utf-8") == "mine"


# -- item 8: what --force may replace -------------------------------------------------------------

@pytest.fixture
def db(tmp_path: Path) -> Path:
    return _project(tmp_path / "p.lawgov", ["执法"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_force_never_replaces_a_named_pipe(db: Path, tmp_path: Path, capsys):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "--db", str(db), "export", "-f", "csv", "-o", str(fifo), "--force")
    assert code == 1 and "不是普通文件" in err
    assert fifo.is_fifo()


def test_force_never_replaces_a_folder(db: Path, tmp_path: Path, capsys):
    folder = tmp_path / "out.csv"
    folder.mkdir()
    code, _, err = run(capsys, "--db", str(db), "export", "-f", "csv", "-o", str(folder), "--force")
    assert code == 1 and "是文件夹" in err and folder.is_dir()


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_a_device_is_refused_before_anything_is_written():
    # only the check: were it to pass, the export would replace /dev/null (it did, run as root)
    with pytest.raises(ExportError, match="不是普通文件"):
        atomic.check_writable([Path("/dev/null")], overwrite=True)
    assert Path("/dev/null").is_char_device()


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_symbolic_link_is_followed_and_stays(db: Path, tmp_path: Path, capsys):
    real = tmp_path / "shared" / "latest.csv"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    code, _, err = run(capsys, "--db", str(db), "export", "-f", "csv", "-o", str(link))
    assert code == 1 and "--force" in err and real.read_text(encoding="utf-8") == "old"
    code, _, err = run(capsys, "--db", str(db), "export", "-f", "csv", "-o", str(link), "--force")
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "执法" in real.read_text(encoding="utf-8-sig")
    assert _litter(tmp_path) == [] and _litter(real.parent) == []


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_dangling_link_needs_force_and_then_makes_its_target(db: Path, tmp_path: Path, capsys):
    target = tmp_path / "made.jsonl"
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert run(capsys, "--db", str(db), "export", "-f", "jsonl", "-o", str(link))[0] == 1
    assert not target.exists()
    assert run(capsys, "--db", str(db), "export", "-f", "jsonl", "-o", str(link), "--force")[0] == 0
    assert link.is_symlink() and target.is_file() and target.stat().st_size > 0


# -- item 11: litter of an export that was killed -------------------------------------------------

def test_temporary_files_of_a_killed_export_are_removed_by_the_next(db: Path, tmp_path: Path):
    out = tmp_path / "out" / "x.csv"
    out.parent.mkdir()
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
        from lawgov_desktop.export import csv_format
        real = csv_format.write
        def killed(data, out, options, ticker):
            from lawgov_desktop.export.atomic import atomic_path
            with atomic_path(out, options.overwrite) as tmp:
                tmp.write_bytes(b"x" * 100_000)
                os.kill(os.getpid(), signal.SIGKILL)
        csv_format.write = killed
        from lawgov_desktop.cli import main
        main(["--db", {str(db)!r}, "export", "-f", "csv", "-o", {str(out)!r}])
    """)
    proc = subprocess.run([sys.executable, "-c", script], env={**os.environ}, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    left = _litter(out.parent)
    assert len(left) == 1 and left[0].startswith(".x.csv.lawgov-") and not out.exists()
    assert cli(["--db", str(db), "export", "-f", "csv", "-o", str(out)]) == 0
    assert _litter(out.parent) == [] and out.is_file()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_previous_file_taken_aside_comes_back(tmp_path: Path):
    pid = _dead_pid()
    aside = tmp_path / f".t-执法.bio.lawgov-{pid}-abcd1234.old"
    aside.write_text("previous", encoding="utf-8")
    superseded = tmp_path / f".t-复议.bio.lawgov-{pid}-abcd1234.old"
    superseded.write_text("older", encoding="utf-8")
    (tmp_path / "t-复议.bio").write_text("newer", encoding="utf-8")
    live = tmp_path / f".x.csv.lawgov-{os.getpid()}-abcd1234.tmp"  # an export running in this process
    live.write_text("in progress", encoding="utf-8")
    someone_elses = tmp_path / ".x.csv.12345.tmp"
    someone_elses.write_text("not ours", encoding="utf-8")
    removed = atomic.clean_stale_temps(tmp_path)
    assert sorted(p.name for p in removed) == sorted([aside.name, superseded.name])
    assert (tmp_path / "t-执法.bio").read_text(encoding="utf-8") == "previous"
    assert (tmp_path / "t-复议.bio").read_text(encoding="utf-8") == "newer"
    assert live.exists() and someone_elses.exists()


def test_names_from_before_names_were_checked_still_export(tmp_path: Path, capsys):
    """A project whose categories got a NUL, a line break or 5,000 characters before names were
    checked exports to every format (xlsx failed with IllegalCharacterError, bio with "File name
    too long")."""
    path = tmp_path / "old.lawgov"
    with Project(path) as p:
        rid = p.reports.import_files([SEEDS[0]]).imported[0][1]
        for k, name in enumerate(["执\x00法", "a\nb", "长" * 5000]):
            p.db.execute("INSERT INTO categories (name, created_at) VALUES (?, '2023-01-01T00:00:00+00:00')", [name])
            cid = p.db.execute("SELECT id FROM categories WHERE name = ?", [name]).fetchone()[0]
            p.annotations.add(rid, 10 * k, 10 * k + 4, [cid])
    for fmt, name in (("xlsx", "x.xlsx"), ("bio", "t.bio"), ("csv", "c.csv"), ("docx", "d.docx"),
                      ("qdpx", "q.qdpx"), ("w3c", "w.jsonld"), ("jsonl", "j.jsonl")):
        code, _, err = run(capsys, "--db", str(path), "export", "-f", fmt, "-o", str(tmp_path / name))
        assert code == 0, (fmt, err)
    assert len(list(tmp_path.glob("t-*.bio"))) == 3
