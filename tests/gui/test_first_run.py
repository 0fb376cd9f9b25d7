"""The first start on a clean machine: no data folder, stale locks, unwritable folders, small screens."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from lawgov_desktop.gui import instance_lock
from lawgov_desktop.gui.app import main
from lawgov_desktop.store.lock import ProjectLock, lock_path_for, process_started

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A LAWGOV_HOME that does not exist yet: no data, cache or settings folder at all."""
    home = tmp_path / "nothing" / "here" / "yet"
    monkeypatch.setenv("LAWGOV_HOME", str(home))
    return home


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the "open elsewhere" question instead of showing it (answers cancel)."""
    questions: list[str] = []

    def ask(path, owner, parent):  # noqa: ANN001, ANN202
        questions.append(str(path))
        return "cancel"

    monkeypatch.setattr(instance_lock, "ask_readonly", ask)
    return questions


def _started_window():
    from lawgov_desktop.gui.main_window import MainWindow

    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert len(windows) == 1, windows
    return windows[0]


def _close(window) -> None:  # noqa: ANN001
    path = window.project.path
    window.close()
    window.bridge.detach()
    window.project.close()
    instance_lock.release(path)


def test_first_run_with_no_data_folder_opens_the_sample_library(qapp, qtbot, fresh_home, asked, dialogs):
    assert not fresh_home.exists()
    assert main([]) == 0
    window = _started_window()
    try:
        assert asked == [] and dialogs.shown == []
        titles = [r.title for r in window.project.reports.list()]
        assert len(titles) == 5 and any("红桥区" in t for t in titles)
        project_file = fresh_home / "data" / "default.lawgov"
        assert project_file.is_file()
        assert lock_path_for(project_file).is_file()  # this window holds the project
    finally:
        _close(window)
    assert not lock_path_for(project_file).exists()


def test_a_lock_left_by_a_killed_process_is_taken_over_without_asking(qapp, qtbot, fresh_home, asked, dialogs):
    project_file = fresh_home / "data" / "default.lawgov"
    project_file.parent.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from lawgov_desktop.store.lock import ProjectLock
            lock = ProjectLock({str(project_file)!r})
            assert lock.acquire()
            print("held", flush=True)
            time.sleep(120)
        """)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(10)
    finally:
        if holder.poll() is None:
            holder.kill()
    assert lock_path_for(project_file).is_file()  # the crashed process left its lock behind
    assert main([]) == 0
    window = _started_window()
    try:
        assert asked == []
        assert len(window.project.reports.list()) == 5
        owner = json.loads(lock_path_for(project_file).read_text(encoding="utf-8"))
        assert owner["pid"] == os.getpid()
    finally:
        _close(window)


def test_a_live_holder_is_still_asked_about(qapp, qtbot, fresh_home, asked, dialogs):
    project_file = fresh_home / "data" / "default.lawgov"
    project_file.parent.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import time
            from lawgov_desktop.store.lock import ProjectLock
            assert ProjectLock({str(project_file)!r}).acquire()
            print("held", flush=True)
            time.sleep(120)
        """)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert main([]) == 0  # the user answered "cancel"
        assert asked == [str(project_file)]
    finally:
        holder.kill()
        holder.wait(10)


def test_a_pid_reused_by_another_process_does_not_hold_the_lock(tmp_path: Path):
    project_file = tmp_path / "p.lawgov"
    me = os.getpid()
    record = {"pid": me, "host": os.uname().nodename, "user": "x", "since": "",
              "started": process_started(me) - 3600}  # "this pid", but a process started an hour earlier
    lock_path_for(project_file).write_text(json.dumps(record), encoding="utf-8")
    lock = ProjectLock(project_file)
    if not process_started(me):
        pytest.skip("process start times cannot be read here")
    assert lock.acquire()
    lock.release()


def test_an_unwritable_data_folder_is_named_with_what_to_do(qapp, tmp_path: Path, monkeypatch, asked, dialogs):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("LAWGOV_HOME", str(blocker / "home"))  # cannot be created, even by root
    assert main([]) == 1
    assert asked == []
    kind, _title, text = dialogs.shown[-1]
    assert kind == "critical"
    assert str(blocker / "home" / "data") in text and "LAWGOV_HOME" in text


def test_an_existing_project_in_an_unwritable_folder_opens_read_only(qapp, qtbot, tmp_path, monkeypatch,
                                                                     asked, dialogs, project_path):
    from lawgov_desktop import paths

    monkeypatch.setattr(paths, "folder_write_problem", lambda folder: "Read-only file system")
    assert main(["--db", str(project_path)]) == 0
    window = _started_window()
    try:
        assert window.project.readonly
        kind, _title, text = dialogs.shown[0]
        assert kind == "warning" and str(project_path.parent) in text
    finally:
        _close(window)


def test_another_programs_database_gets_no_lock_file_beside_it(qapp, tmp_path: Path, asked, dialogs):
    import sqlite3

    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE settings (k TEXT, v TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    assert main(["--db", str(other)]) == 1
    kind, _title, text = dialogs.shown[-1]
    assert kind == "critical" and "other.db" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]  # no .lock, -wal, -shm or backups
    assert other.read_bytes() == before and asked == []


# -- the window fits the screen it opens on --------------------------------------------------

FIT_SCRIPT = textwrap.dedent("""
    import json, os, sys
    from PySide6.QtCore import QByteArray, QRect
    from PySide6.QtWidgets import QApplication, QWidget
    app = QApplication([])
    saved = os.environ.get("FIT_SAVED_GEOMETRY")
    if saved:  # a geometry left by an earlier session on another monitor
        from lawgov_desktop.gui.settings import UiSettings
        probe = QWidget()
        probe.setGeometry(QRect(*map(int, saved.split(","))))
        settings = UiSettings()
        settings.set_window(probe.saveGeometry(), QByteArray())
        settings.sync()
    from lawgov_desktop.gui.app import main
    from lawgov_desktop.gui.main_window import MainWindow
    code = main(sys.argv[1:])
    for _ in range(20):
        app.processEvents()
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    def rect(r):
        return [r.x(), r.y(), r.width(), r.height()]
    def on_screen(widget):
        top_left = widget.mapTo(window, widget.rect().topLeft()) + window.geometry().topLeft()
        return [top_left.x(), top_left.y(), widget.width(), widget.height()]
    print(json.dumps({
        "code": code,
        "available": rect(window.screen().availableGeometry()),
        "frame": rect(window.frameGeometry()),
        "status": on_screen(window.statusBar()),
        "annotations": on_screen(window.annotations_dock),
        "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
    }))
    window.bridge.detach(); window.project.close()
""")


def _fit(tmp_path: Path, width: int, height: int, dpr: float = 1.0, saved: str = "") -> dict:
    config = tmp_path / f"screen-{width}x{height}.json"
    config.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "dpr": dpr}]}), encoding="utf-8")
    home = tmp_path / f"home-{width}"
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "LAWGOV_HOME": str(home),
           "FIT_SAVED_GEOMETRY": saved}
    proc = subprocess.run([sys.executable, "-c", FIT_SCRIPT], capture_output=True, text=True, timeout=120,
                          env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _inside(inner: list[int], outer: list[int]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return x >= ox and y >= oy and x + w <= ox + ow and y + h <= oy + oh


@pytest.mark.parametrize("width,height,dpr", [
    (1366, 768, 1.0),   # the common office laptop
    (1920, 1080, 1.25),  # 125 % scaling: 1536×864 logical pixels
    (1920, 1080, 1.5),   # 150 % scaling: 1280×720 logical pixels
    (1920, 1080, 1.0),
])
def test_first_window_fits_the_screen(tmp_path: Path, width: int, height: int, dpr: float):
    got = _fit(tmp_path, width, height, dpr)
    assert got["code"] == 0
    available = got["available"]
    assert _inside(got["frame"], available), got
    assert _inside(got["status"], available), got  # status bar and annotations list within reach
    assert _inside(got["annotations"], available), got
    assert got["minimum"][0] <= available[2] and got["minimum"][1] <= available[3], got
    if available[3] < 900:  # a small screen: the reports keep most of the height
        assert got["annotations"][3] <= available[3] // 5 + 5, got


@pytest.mark.parametrize("saved", ["2200,300,1800,1100", "100,100,1800,1100", "-900,-500,1000,700"])
def test_geometry_saved_on_another_monitor_is_brought_back(tmp_path: Path, saved: str):
    got = _fit(tmp_path, 1366, 768, saved=saved)
    assert _inside(got["frame"], got["available"]), got
    assert _inside(got["status"], got["available"]), got


def test_a_project_named_without_db_is_opened(qapp, qtbot, project_path, asked, dialogs):
    # a double-click on a project file, or the file association: `lawgov-desktop 报告.lawgov`
    assert main([str(project_path)]) == 0
    window = _started_window()
    try:
        assert window.project.path == project_path
    finally:
        _close(window)


def test_qt_arguments_are_not_taken_for_a_project():
    from lawgov_desktop.gui.app import project_argument

    assert project_argument(None, ["-style", "fusion"]) == (None, ["-style", "fusion"])
    assert project_argument(None, ["-style", "fusion", "a.lawgov"]) == ("a.lawgov", ["-style", "fusion"])
    assert project_argument("b.lawgov", ["a.lawgov"]) == ("b.lawgov", ["a.lawgov"])


def test_the_app_has_its_icon(qapp):
    from PySide6.QtGui import QIcon

    from lawgov_desktop.gui.app import set_app_icon

    before = qapp.windowIcon()
    qapp.setWindowIcon(QIcon())
    try:
        set_app_icon(qapp)
        sizes = qapp.windowIcon().availableSizes()
        assert len(sizes) >= 4 and max(s.width() for s in sizes) >= 256
    finally:
        qapp.setWindowIcon(before)
