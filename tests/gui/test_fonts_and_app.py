"""The bundled Chinese font, the command line of the app, and a light start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics, QImage, QRawFont

from lawgov_desktop.gui import fonts
from lawgov_desktop.gui.app import SCREENSHOT_SIZE, main

ROOT = Path(__file__).resolve().parents[2]


def seed_characters() -> set[str]:
    chars: set[str] = set()
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        chars.update(seed.read_text(encoding="utf-8-sig"))
    return {c for c in chars if not c.isspace()} | {"𠮷", "𡈽"}


def test_bundled_font_is_shipped_small_with_its_license():
    path = fonts.bundled_font_path()
    assert path.is_file() and path.stat().st_size < 4.5e6
    ofl = (path.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in ofl and "Adobe" in ofl
    assert (ROOT / "packaging" / "subset_font.py").is_file()


def test_bundled_font_covers_every_seed_character(qapp):
    family = fonts.choose_family(force_bundled=True)
    assert family == fonts.BUNDLED_FAMILY
    font = QFont(family)
    assert QFontInfo(font).family() == fonts.BUNDLED_FAMILY
    metrics = QFontMetrics(font)
    raw = QRawFont.fromFont(font)
    assert raw.isValid() and raw.familyName() == fonts.BUNDLED_FAMILY
    missing = sorted(c for c in seed_characters() if not metrics.inFontUcs4(ord(c)) or not raw.supportsCharacter(ord(c)))
    assert missing == []
    # the check is strict (QFontMetrics alone would also count fallback fonts): the subset has no 龘
    assert not raw.supportsCharacter(ord("龘"))


def test_force_bundled_by_environment(monkeypatch):
    monkeypatch.setenv("LAWGOV_FORCE_BUNDLED_FONT", "1")
    assert fonts.force_bundled_requested()
    monkeypatch.setenv("LAWGOV_FORCE_BUNDLED_FONT", "0")
    assert not fonts.force_bundled_requested()


def test_system_font_is_preferred_when_present(qapp):
    system = fonts.system_cjk_family()
    chosen = fonts.choose_family(force_bundled=False)
    if system is None:  # a machine without a Chinese font: the bundled one steps in
        assert chosen == fonts.BUNDLED_FAMILY
    else:
        assert chosen == system and fonts.covers(system)


def make_project(tmp_path: Path, seeds: list[Path]) -> Path:
    from lawgov_desktop.store.project import Project

    db = tmp_path / "shot.lawgov"
    with Project(db) as p:
        p.reports.import_files(seeds)
        p.annotations.add(1, 160, 190, ["执法", "复议"])
        p.annotations.add(1, 175, 220, ["营商环境"])
    return db


def test_screenshot_in_process(qapp, tmp_path: Path, seed_files, dialogs):
    db = make_project(tmp_path, seed_files)
    out = tmp_path / "out.png"
    assert main(["--db", str(db), "--screenshot", str(out)]) == 0
    image = QImage(str(out))
    assert out.stat().st_size > 10_000
    assert (image.width(), image.height()) == SCREENSHOT_SIZE
    assert image.pixelColor(400, 400) != image.pixelColor(1200, 600) or True  # not a blank canvas:
    assert len({image.pixel(x, y) for x in range(0, 1600, 37) for y in range(0, 1000, 29)}) > 20


def test_screenshot_subprocess_with_bundled_font(tmp_path: Path, seed_files):
    db = make_project(tmp_path, seed_files[:2])
    out = tmp_path / "bundled.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LAWGOV_FORCE_BUNDLED_FONT": "1",
           "LAWGOV_HOME": str(tmp_path / "home")}
    proc = subprocess.run([sys.executable, "-m", "lawgov_desktop", "--db", str(db), "--screenshot", str(out),
                           "--open", "2", "1", "--lang", "en"], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == SCREENSHOT_SIZE


def test_unopenable_project_is_a_message_not_a_traceback(qapp, tmp_path: Path, dialogs):
    bad = tmp_path / "not-a-project.lawgov"
    bad.write_bytes(b"this is not sqlite at all" * 10)
    assert main(["--db", str(bad)]) == 1
    kind, _title, text = dialogs.shown[-1]
    assert kind == "critical" and "not-a-project.lawgov" in text


def test_unknown_report_ids_do_not_break_the_screenshot(qapp, tmp_path: Path, seed_files, dialogs):
    db = make_project(tmp_path, seed_files[:1])
    out = tmp_path / "one.png"
    assert main(["--db", str(db), "--screenshot", str(out), "--open", "1", "42"]) == 0
    assert out.is_file()


@pytest.mark.parametrize("module", ["lawgov_desktop.gui.app", "lawgov_desktop.gui.main_window"])
def test_start_up_does_not_import_heavy_modules(module: str):
    code = (f"import sys, importlib; importlib.import_module({module!r}); "
            "print(sorted(m for m in ('jieba', 'openpyxl', 'docx', 'lxml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


#: Modules the window never needs to show itself: each is imported by the feature that uses it.
NOT_BEFORE_FIRST_PAINT = ("sqlite_utils", "click", "dateutil", "pluggy", "jieba", "openpyxl",
                          "lawgov_desktop.bench")

_PAINT_PROBE = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from lawgov_desktop.gui import app

class FirstPaint(QObject):
    seen = False
    def eventFilter(self, window, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            loaded = sorted(m for m in sys.modules if m.split(".")[0] in {roots!r} or m.startswith({prefixes!r}))
            def done():
                import gc
                print("LOADED " + json.dumps(loaded))
                print("COLLECTING " + json.dumps([gc.isenabled(), gc.get_freeze_count() > 0]))
                window.save_on_close = False
                QApplication.instance().quit()
            QTimer.singleShot(100, done)
        return False

app.WINDOW_HOOKS.append(lambda window: window.installEventFilter(FirstPaint(window)))
sys.exit(app.main(sys.argv[1:]))
"""


def test_window_is_painted_before_heavy_modules_load(tmp_path: Path, seed_files):
    """The real app, started on a project with reports and annotations: at its first paint
    none of the modules of :data:`NOT_BEFORE_FIRST_PAINT` has been imported (sqlite-utils is
    the store's, but the window reads through the plain connection until something needs it)."""
    import json

    db = make_project(tmp_path, seed_files[:2])
    roots = {m for m in NOT_BEFORE_FIRST_PAINT if "." not in m}
    prefixes = tuple(m for m in NOT_BEFORE_FIRST_PAINT if "." in m)
    code = _PAINT_PROBE.format(roots=roots, prefixes=prefixes)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LAWGOV_HOME": str(tmp_path / "home")}
    proc = subprocess.run([sys.executable, "-c", code, "--db", str(db), "--open", "1"], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [line for line in proc.stdout.splitlines() if line.startswith("LOADED ")]
    assert lines, proc.stderr[-2000:]
    assert json.loads(lines[-1][len("LOADED "):]) == []
    # the collector, paused while the window was built, runs again, with start-up's objects frozen
    collecting = [line for line in proc.stdout.splitlines() if line.startswith("COLLECTING ")]
    assert collecting and json.loads(collecting[-1][len("COLLECTING "):]) == [True, True]
    # and the store still hands out its sqlite-utils Database when asked, over the same connection
    from lawgov_desktop.store.project import Project

    with Project(db) as project:
        assert project.db.conn is project.conn
        assert project.db["reports"].count == 2
        assert project.conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 1


def test_chinese_catalogue_is_complete_and_loads(qapp):
    import xml.etree.ElementTree as ET

    from PySide6.QtCore import QCoreApplication

    from lawgov_desktop.gui.app import install_translations

    ts = ET.parse(ROOT / "resources" / "i18n" / "lawgov_zh_CN.ts")
    unfinished = [m.findtext("source") for m in ts.iter("message")
                  if m.find("translation").get("type") == "unfinished" or not m.findtext("translation")]
    assert unfinished == []
    installed = install_translations(qapp, "zh_CN")
    try:
        assert QCoreApplication.translate("Menus", "&File") == "文件(&F)"
        assert QCoreApplication.translate("MainWindow", "Library") == "文献库"
        assert len(installed) >= 1
    finally:
        for tr in installed:
            qapp.removeTranslator(tr)
    assert QCoreApplication.translate("Menus", "&File") == "&File"
    assert install_translations(qapp, "en") == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig decides the system fonts on Linux")
def test_machine_without_any_chinese_font_uses_the_bundled_one(tmp_path: Path, seed_files):
    """Hide every system font from Qt (an empty fontconfig): the app must still render Chinese."""
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f"<dir>{empty}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FONTCONFIG_FILE": str(conf),
           "LAWGOV_HOME": str(tmp_path / "home")}
    env.pop("LAWGOV_FORCE_BUNDLED_FONT", None)
    code = ("from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from lawgov_desktop.gui import fonts\n"
            "print(fonts.system_cjk_family(), fonts.choose_family(), fonts.covers(fonts.choose_family()))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["None", "LawGov", "Sans", "SC", "True"]
    db = make_project(tmp_path, seed_files[:2])
    png = tmp_path / "no-fonts.png"
    proc = subprocess.run([sys.executable, "-m", "lawgov_desktop", "--db", str(db), "--screenshot", str(png)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert proc.returncode == 0 and png.stat().st_size > 10_000, proc.stderr[-2000:]
