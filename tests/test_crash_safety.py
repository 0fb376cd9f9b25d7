"""Nothing lost, nothing crashes: an acknowledged change survives SIGKILL; bad files are refused untouched.

The kill tests run writers in child processes that print each annotation id only after the
call that made it returned (i.e. after COMMIT), then kill them at random moments (seeded),
reopen the project and demand every acknowledged id and a clean ``integrity_check``.
"""

from __future__ import annotations

import platform
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from lawgov_desktop.store.db import ProjectError
from lawgov_desktop.store.lock import ProjectLock, lock_path_for
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.schema import latest_version
from tests.crash_support import child_env, kill_after

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork semantics")

STORE_WRITER = textwrap.dedent("""
    import random, sys
    from lawgov_desktop.store.project import Project
    path, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    p = Project(path)
    n = p.reports.get(1).chars
    cats = ["执法", "复议", "营商环境"]
    print("ready", flush=True)
    while True:
        start = rng.randrange(0, n - 40)
        aid = p.annotations.add(1, start, start + rng.randrange(1, 40), rng.sample(cats, rng.randrange(1, 3)),
                               note="n" * rng.randrange(0, 200))
        print(aid, flush=True)
""")

GUI_WRITER = textwrap.dedent("""
    import random, sys
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from lawgov_desktop.gui.bridge import ProjectBridge
    from lawgov_desktop.gui.main_window import MainWindow
    from lawgov_desktop.store.project import Project
    path, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    project = Project(path)
    window = MainWindow(ProjectBridge(project), restore=False)
    window.save_on_close = False
    window.show()
    pane = window.open_report(1)
    n = len(pane.view.text())
    cats = [c.id for c in project.categories.list()]
    print("ready", flush=True)
    while True:
        start = rng.randrange(0, n - 40)
        pane.view.select_span(start, start + rng.randrange(2, 40))
        if not window.tag_selection(rng.choice(cats)):
            continue  # e.g. the selection was only whitespace: nothing was acknowledged
        command = window.undo_stack.last_command  # the step the window just made
        for aid in command.ids:
            print(aid, flush=True)
        app.processEvents()
""")


def _seeded(path: Path) -> None:
    with Project(path) as p:
        p.reports.import_files(SEEDS[:2])


def _kill_rounds(script: str, path: Path, home: Path, rng: random.Random, rounds: int,
                 wanted: int, max_acks: tuple[int, int]) -> list[int]:
    """Run ``script`` ``rounds`` times (more if needed to reach ``wanted`` acks), SIGKILLing each."""
    acked: list[int] = []
    done = 0
    while done < rounds or len(acked) < wanted:
        acked += [int(x) for x in kill_after(script, path, home, rng, rng.randint(*max_acks), 0.004)]
        done += 1
        _assert_all_present(path, acked)
    return acked


def _assert_all_present(path: Path, acked: list[int]) -> None:
    with Project(path) as p:
        assert p.health.integrity() == "ok"
        present = {a.id for a in p.annotations.list()}
    missing = sorted(set(acked) - present)
    assert not missing, f"acknowledged but lost after SIGKILL: {missing[:10]}"


def test_store_writes_survive_sigkill(tmp_path: Path):
    path = tmp_path / "crash.lawgov"
    _seeded(path)
    acked = _kill_rounds(STORE_WRITER, path, tmp_path / "home", random.Random(20240501), rounds=5,
                         wanted=220, max_acks=(30, 60))
    assert len(acked) >= 200 and len(set(acked)) == len(acked)


def test_gui_tagging_survives_sigkill(tmp_path: Path):
    pytest.importorskip("lawgov_desktop.gui.main_window")
    path = tmp_path / "gui.lawgov"
    _seeded(path)
    acked = _kill_rounds(GUI_WRITER, path, tmp_path / "home", random.Random(7), rounds=3,
                         wanted=45, max_acks=(10, 20))
    assert len(acked) >= 30


def test_cli_annotate_prints_the_id_only_after_commit(tmp_path: Path):
    path = tmp_path / "cli.lawgov"
    _seeded(path)
    rng = random.Random(99)
    env = child_env(tmp_path / "home")
    acked: list[int] = []
    watcher = sqlite3.connect(path)  # a second connection: sees only what is committed
    for i in range(6):
        start = rng.randrange(0, 2000)
        proc = subprocess.Popen(
            [sys.executable, "-m", "lawgov_desktop.cli", "--db", str(path), "annotate", "1", str(start),
             str(start + 9), "执法"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        if i % 2:  # every other one is killed at a random point of its run
            time.sleep(rng.uniform(0.05, 0.6))
            proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        assert "Traceback" not in err
        if out.strip():
            aid = int(out.strip())
            # the moment the id is printed, another connection already sees the row
            assert watcher.execute("SELECT count(*) FROM annotations WHERE id = ?", [aid]).fetchone()[0] == 1
            acked.append(aid)
    watcher.close()
    assert len(acked) >= 3
    _assert_all_present(path, acked)


def test_two_processes_writing_at_once_interleave_safely(tmp_path: Path):
    path = tmp_path / "two.lawgov"
    _seeded(path)
    script = textwrap.dedent("""
        import sys
        from lawgov_desktop.store.project import Project
        p = Project(sys.argv[1])
        for i in range(100):
            print(p.annotations.add(1, i, i + 5, ["执法"], note=sys.argv[2]), flush=True)
    """)
    env = child_env(tmp_path / "home")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path), tag], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for tag in ("a", "b")]
    outs = [proc.communicate(timeout=60) for proc in procs]
    for proc, (_out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err
    ids = [int(x) for out, _ in outs for x in out.split()]
    assert len(ids) == len(set(ids)) == 200
    with Project(path) as p:
        assert p.health.integrity() == "ok"
        anns = p.annotations.list()
        assert {a.id for a in anns} == set(ids)
        assert sorted(a.note for a in anns).count("a") == 100


def test_writers_in_threads_of_one_process(tmp_path: Path):
    """GUI and an import worker each have their own connection: they queue, never fail."""
    path = tmp_path / "threads.lawgov"
    _seeded(path)
    errors: list[BaseException] = []

    def work(tag: str) -> None:
        try:
            with Project(path) as p:
                for i in range(40):
                    p.annotations.add(1, i, i + 3, ["复议"], note=tag)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in "xyz"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with Project(path) as p:
        assert p.health.counts()["annotations"] == 120 and p.health.integrity() == "ok"


# -- files refused on open, left exactly as they were -------------------------------------

def _no_side_files(path: Path) -> bool:
    return not any(Path(f"{path}{s}").exists() for s in ("-wal", "-shm", "-journal"))


def _real_project(path: Path) -> Path:
    _seeded(path)
    assert _no_side_files(path)  # closed cleanly: WAL checkpointed and removed
    return path


@pytest.mark.parametrize("readonly", [False, True])
def test_not_sqlite_is_refused_untouched(tmp_path: Path, readonly: bool):
    junk = tmp_path / "notes.lawgov"
    junk.write_bytes("这不是数据库，只是一段文字。".encode() * 50)
    before = junk.read_bytes()
    with pytest.raises(ProjectError, match="不是 SQLite 数据库"):
        Project(junk, readonly=readonly)
    assert junk.read_bytes() == before and _no_side_files(junk)


@pytest.mark.parametrize("readonly", [False, True])
def test_corrupt_page_is_refused_untouched(tmp_path: Path, readonly: bool):
    path = _real_project(tmp_path / "corrupt.lawgov")
    data = bytearray(path.read_bytes())
    # overwrite bytes in the middle of a page that holds report text (SQLite's own quick_check
    # cannot see this: the page structure is intact, only the content is wrong)
    seed = SEEDS[1].read_text(encoding="utf-8")
    phrase = seed[len(seed) // 2:len(seed) // 2 + 40].encode("utf-8")
    at = data.find(phrase)
    assert at > 4096
    data[at:at + 48] = bytes((i * 73 + 5) % 256 for i in range(48))
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="已损坏"):
        Project(path, readonly=readonly)
    assert path.read_bytes() == before and _no_side_files(path)


def test_damaged_schema_page_is_refused_untouched(tmp_path: Path):
    path = _real_project(tmp_path / "schema.lawgov")
    data = bytearray(path.read_bytes())
    data[100:160] = b"\xff" * 60  # page 1's b-tree header and cell pointers: the schema table
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(ProjectError):
        Project(path)
    assert path.read_bytes() == before and _no_side_files(path)


@pytest.mark.parametrize("cut", ["half", "page-boundary", "mid-header"])
def test_truncated_project_is_refused_untouched(tmp_path: Path, cut: str):
    path = _real_project(tmp_path / "cut.lawgov")
    data = path.read_bytes()
    size = {"half": len(data) // 2 + 123, "page-boundary": (len(data) // 4096 // 2) * 4096, "mid-header": 60}[cut]
    path.write_bytes(data[:size])
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="truncated|damaged"):
        Project(path)
    assert path.read_bytes() == before and _no_side_files(path)


def test_newer_schema_is_refused_untouched(tmp_path: Path):
    path = _real_project(tmp_path / "newer.lawgov")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = path.read_bytes()
    for readonly in (False, True):
        with pytest.raises(ProjectError, match="更新版本"):
            Project(path, readonly=readonly)
    assert path.read_bytes() == before and _no_side_files(path)


def test_healthy_project_opens_after_a_crash_left_its_wal(tmp_path: Path):
    """A -wal left by a killed process is recovered, not mistaken for damage."""
    path = _real_project(tmp_path / "wal.lawgov")
    script = textwrap.dedent("""
        import os, sys
        from lawgov_desktop.store.project import Project
        p = Project(sys.argv[1])
        print(p.annotations.add(1, 0, 5, ["执法"]), flush=True)
        os.kill(os.getpid(), 9)
    """)
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                         env=child_env(tmp_path / "home")).stdout
    assert Path(f"{path}-wal").exists()
    with Project(path) as p:
        assert p.annotations.get(int(out)).quote


# -- a second instance ---------------------------------------------------------------------

def test_lock_is_exclusive_and_stale_locks_are_taken_over(tmp_path: Path):
    project = tmp_path / "locked.lawgov"
    first, second = ProjectLock(project), ProjectLock(project)
    assert first.acquire()
    other = subprocess.run(
        [sys.executable, "-c",
         "import sys; from lawgov_desktop.store.lock import ProjectLock; print(ProjectLock(sys.argv[1]).acquire())",
         str(project)], capture_output=True, text=True, env=child_env(tmp_path / "home"))
    assert other.stdout.strip() == "False"
    first.release()
    assert not lock_path_for(project).exists()
    # a lock left by a process that died is stale
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock_path_for(project).write_text(f'{{"pid": {dead.pid}, "host": "{platform.node()}"}}', encoding="utf-8")
    assert second.acquire() and second.owner is None
    second.release()


def test_second_instance_is_offered_read_only(tmp_path: Path, qtbot):
    from lawgov_desktop.gui import instance_lock

    path = _real_project(tmp_path / "shared.lawgov")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from lawgov_desktop.store.lock import ProjectLock; l = ProjectLock(sys.argv[1]); "
         "print(l.acquire(), flush=True); time.sleep(30)", str(path)],
        stdout=subprocess.PIPE, text=True, env=child_env(tmp_path / "home"))
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        asked = []

        def ask(p, owner, parent):
            asked.append(owner)
            return "readonly"

        assert instance_lock.acquire_or_ask(path, None, ask=ask) == "readonly"
        assert asked and asked[0].pid == holder.pid
        assert instance_lock.acquire_or_ask(path, None, ask=lambda *a: "cancel") == "cancel"
        with Project(path, readonly=True) as viewer:  # read-only viewing works while the other writes
            assert viewer.health.counts()["reports"] == 2
            with pytest.raises(ProjectError, match="只读"):
                viewer.annotations.add(1, 0, 3, ["执法"])
    finally:
        holder.kill()
        holder.wait()
    # the holder is gone: the lock is stale and this instance may write
    assert instance_lock.acquire_or_ask(path, None, ask=lambda *a: "cancel") == "write"
    instance_lock.release(path)
    assert not lock_path_for(path).exists()
