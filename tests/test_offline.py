"""The app never touches the network: every CLI command and the main window run under a guard.

The children get a ``sitecustomize.py`` (via ``PYTHONPATH``) that makes every internet
socket connection and name lookup fail *and* log itself, so an attempt is caught even if
the code under test swallows the error.  A static check makes sure the package does not
even import networking modules.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lawgov_desktop"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
NETWORK_MODULES = ("urllib.request", "http.client", "requests", "httpx", "urllib3", "aiohttp", "ftplib",
                   "smtplib", "xmlrpc.client", "websocket", "websockets", "PySide6.QtNetwork",
                   "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets")

SITECUSTOMIZE = textwrap.dedent('''
    """Test guard: internet sockets and name lookups fail and are logged."""
    import os
    import socket

    _LOG = os.environ["LAWGOV_NET_LOG"]


    def _deny(what):
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(what + "\\n")
        raise OSError("network use is forbidden in this test: " + what)


    _connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex


    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _deny("connect %r" % (address,))
        return _connect(self, address)


    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _deny("connect_ex %r" % (address,))
        return _connect_ex(self, address)


    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = lambda *a, **k: _deny("getaddrinfo %r" % (a[:2],))
    socket.gethostbyname = lambda *a, **k: _deny("gethostbyname %r" % (a[:1],))
    socket.gethostbyname_ex = lambda *a, **k: _deny("gethostbyname_ex %r" % (a[:1],))
    socket.create_connection = lambda *a, **k: _deny("create_connection %r" % (a[:1],))
    with open(os.environ["LAWGOV_GUARD_MARK"], "w", encoding="utf-8") as fh:
        fh.write("active")
''')

CLI_DRIVER = textwrap.dedent('''
    import json, sys
    from lawgov_desktop.cli import main
    from lawgov_desktop.store.backups import list_backups
    plan, db, out = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
    results = []
    for argv in plan:
        argv = [str(list_backups(db, inspect=False)[0].path) if a == "@newest-backup" else a for a in argv]
        try:
            code = main(["--db", db, *argv])
        except SystemExit as exc:
            code = exc.code
        results.append([argv[0], code])
    loaded = sorted(m for m in sys.modules if m in json.loads(sys.argv[4]))
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"results": results, "network_modules": loaded}, fh)
''')

GUI_DRIVER = textwrap.dedent('''
    import json, sys
    from lawgov_desktop.gui.app import main
    db, png, out = sys.argv[1], sys.argv[2], sys.argv[3]
    code = main(["--db", db, "--screenshot", png])
    from PySide6.QtWidgets import QApplication
    from lawgov_desktop.gui.backups_dialog import BackupsDialog
    from lawgov_desktop.gui.instance_lock import acquire_or_ask, release
    mode = acquire_or_ask(db, None, ask=lambda *a: "cancel")
    dialog = BackupsDialog(db, None)
    dialog.backup_now()
    rows = dialog.table.rowCount()
    release(db)
    loaded = sorted(m for m in sys.modules if m in json.loads(sys.argv[4]))
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"code": code, "mode": mode, "rows": rows, "network_modules": loaded}, fh)
''')


def _cli_plan(tmp: Path) -> list[list[str]]:
    exported = str(tmp / "export.jsonl")
    return [
        ["outline", str(SEEDS[0]), "--json"],
        ["import", str(SEEDS[0]), str(SEEDS[1]), "--json"],
        ["reports", "--json"],
        ["annotate", "1", "30", "60", "执法"],
        ["annotate", "1", "40", "70", "执法", "--annotator", "second"],
        ["annotators", "--json"],
        ["agreement", "--annotator", os.environ.get("LAWGOV_ANNOTATOR", "tester"), "--annotator", "second", "--json"],
        ["annotations", "--json"],
        ["export", "-f", "jsonl", "-o", exported],
        ["import-annotations", exported, "--json"],
        ["backup"],
        ["backups", "--json"],
        ["merge", "@newest-backup", "--json"],  # a backup is a whole project: merging it adds nothing
        ["check", "--json"],
        ["orphans", "--json"],
        ["resolve", "1", "--accept"],
        ["history", "--json"],
        ["undo"],
        ["redo"],
        ["search", "行政执法", "--json"],
        ["suggest", "--limit", "3", "--json"],
        ["align", "1", "2", "--json"],
        ["stats", "--json"],
        ["restore", "@newest-backup"],
        ["bench", "--quick", "--only", "search", "--json"],  # the cheapest case; it makes its own corpus
    ]


def _guarded_env(tmp: Path) -> tuple[dict[str, str], Path, Path]:
    guard = tmp / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log, mark = tmp / "network.log", tmp / "guard.mark"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(guard), str(ROOT), env.get("PYTHONPATH", "")])
    env.update(LAWGOV_NET_LOG=str(log), LAWGOV_GUARD_MARK=str(mark), LAWGOV_HOME=str(tmp / "home"),
               QT_QPA_PLATFORM="offscreen")
    return env, log, mark


def _run_guarded(tmp: Path, script: str, *args: str) -> tuple[dict, str]:
    env, log, mark = _guarded_env(tmp)
    out = tmp / "result.json"
    proc = subprocess.run([sys.executable, "-c", script, *args, str(out), json.dumps(NETWORK_MODULES)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert mark.read_text(encoding="utf-8") == "active", "the guard was not loaded"
    assert "Traceback" not in proc.stderr, proc.stderr
    attempts = log.read_text(encoding="utf-8") if log.exists() else ""
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text(encoding="utf-8")), attempts


def test_the_guard_catches_a_connection(tmp_path: Path):
    env, log, _mark = _guarded_env(tmp_path)
    code = ("import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
            "except OSError:\n    pass\n")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert "create_connection" in log.read_text(encoding="utf-8")


def test_every_cli_command_runs_offline(tmp_path: Path):
    from lawgov_desktop.cli import build_parser

    plan = _cli_plan(tmp_path)
    sub = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    covered = {argv[0] for argv in plan}
    assert set(sub.choices) <= covered, f"add these commands to the offline plan: {set(sub.choices) - covered}"
    db = str(tmp_path / "offline.lawgov")
    result, attempts = _run_guarded(tmp_path, CLI_DRIVER, json.dumps(plan), db)
    assert attempts == "", f"network use attempted:\n{attempts}"
    assert result["network_modules"] == []
    codes = dict(result["results"])
    assert {name: code for name, code in codes.items() if code not in (0, None)} == {}


def test_main_window_runs_offline(tmp_path: Path):
    pytest.importorskip("lawgov_desktop.gui.main_window")
    db = tmp_path / "gui.lawgov"
    from lawgov_desktop.store.project import Project

    with Project(db) as p:
        p.reports.import_files(SEEDS[:2])
    result, attempts = _run_guarded(tmp_path, GUI_DRIVER, str(db), str(tmp_path / "shot.png"))
    assert attempts == "", f"network use attempted:\n{attempts}"
    assert result["code"] == 0 and (tmp_path / "shot.png").stat().st_size > 0
    assert result["mode"] == "write" and result["rows"] >= 1
    assert result["network_modules"] == []


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_package_imports_no_networking_modules():
    offenders: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        found = [name for name in _imports(path)
                 if any(name == bad or name.startswith(bad + ".") for bad in NETWORK_MODULES)
                 or name in ("socket", "ssl", "socketserver")]
        text = path.read_text(encoding="utf-8")
        if "QtNetwork" in text or "QNetworkAccessManager" in text:
            found.append("QtNetwork (mentioned)")
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}
