"""Bare PySide6 baselines, run as a script by path so the app's package is never imported.

Each sub-command does what the matching case measures in the app with bare PySide6 and
sqlite3: the app's first window on the same project (start-up; :mod:`bare_window`) or an
empty main window (the start-up cases' second baseline), ``setPlainText`` of a report with its
outline tree (open; :mod:`bare_open`), one
``INSERT`` + ``COMMIT`` and a repaint (annotate), the same texts in plain editors (memory).
Results are printed on one tagged JSON line (see :func:`measure.report`).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QSplitter, QTreeWidget

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import report  # noqa: E402  (by path: see the module docstring)
from paint_probe import quit_after_first_paint  # noqa: E402

WINDOW_SIZE = (1400, 900)  # the app's default window size


def settle(app: QApplication) -> None:
    """Deliver posted events, deferred deletes and the repaints they cause."""
    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def shown_window(app: QApplication) -> QMainWindow:
    window = QMainWindow()
    window.resize(*WINDOW_SIZE)
    window.show()
    settle(app)
    return window


def cmd_startup(app: QApplication, args: argparse.Namespace) -> int:
    """The app's first window on ``--db`` built directly (:mod:`bare_window`), or an empty one."""
    if args.db:
        from bare_window import startup_window

        window = startup_window(args.db)
    else:
        window = QMainWindow()
        window.resize(*WINDOW_SIZE)
    window.show()
    quit_after_first_paint(window)
    return app.exec()


def cmd_memory(app: QApplication, args: argparse.Namespace) -> int:
    window = QMainWindow()
    window.resize(*WINDOW_SIZE)
    splitter = QSplitter(window)
    for path in args.files:
        edit = QPlainTextEdit(splitter)
        edit.setReadOnly(True)
        edit.setPlainText(Path(path).read_text(encoding="utf-8"))
        splitter.addWidget(edit)
    window.setCentralWidget(splitter)
    window.show()
    quit_after_first_paint(window)
    return app.exec()


def cmd_open(app: QApplication, args: argparse.Namespace) -> int:
    """``setPlainText`` of the report; with ``--db`` and ``--report``, also its outline tree
    beside the text (:mod:`bare_open`), as the app's pane shows it."""
    text = Path(args.file).read_text(encoding="utf-8")
    window = shown_window(app)
    conn = None
    if args.db:
        from bare_open import fill_tree, outline

        conn = sqlite3.connect(args.db)
    times = []
    for _ in range(args.reps):
        pane = QSplitter()
        edit = QPlainTextEdit()
        edit.setReadOnly(True)
        if conn is not None:
            tree = QTreeWidget(pane)
            tree.setHeaderHidden(True)
        pane.addWidget(edit)
        window.setCentralWidget(pane)  # replaces (and deletes) the previous one
        settle(app)
        t0 = time.perf_counter()
        edit.setPlainText(text)
        if conn is not None:
            sections = outline(conn, args.report)
            fill_tree(tree, sections)
        app.processEvents()
        times.append(time.perf_counter() - t0)
    report({"times": times})
    return 0


def cmd_annotate(app: QApplication, args: argparse.Namespace) -> int:
    """INSERT + COMMIT of one annotation row with the app's durability settings, then a repaint."""
    text = Path(args.file).read_text(encoding="utf-8")
    window = shown_window(app)
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.setPlainText(text)
    window.setCentralWidget(edit)
    settle(app)
    conn = sqlite3.connect(args.db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    rng = random.Random(args.seed)
    stamp = "2025-01-01T00:00:00+00:00"
    times = []
    for _ in range(args.warmup + args.count):
        start = rng.randrange(0, len(text) - 200)
        end = start + rng.randint(8, 120)
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute('INSERT INTO annotations (report_id, start, "end", quote, created_at, updated_at) '
                     "VALUES (?, ?, ?, ?, ?, ?)", (args.report, start, end, text[start:end], stamp, stamp))
        conn.execute("COMMIT")
        edit.viewport().update()
        app.processEvents()
        times.append(time.perf_counter() - t0)
    conn.close()
    report({"times": times[args.warmup:]})
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("startup")
    p.add_argument("--db", help="paint the app's first window on this project (default: an empty window)")
    p = sub.add_parser("memory")
    p.add_argument("files", nargs="+")
    p = sub.add_parser("open")
    p.add_argument("file")
    p.add_argument("--db", help="also show the report's outline from this project")
    p.add_argument("--report", type=int, default=0)
    p.add_argument("--reps", type=int, default=3)
    p = sub.add_parser("annotate")
    p.add_argument("file")
    p.add_argument("--db", required=True)
    p.add_argument("--report", type=int, required=True)
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    app = QApplication([sys.argv[0]])
    return {"startup": cmd_startup, "memory": cmd_memory, "open": cmd_open, "annotate": cmd_annotate}[args.cmd](
        app, args)


if __name__ == "__main__":
    raise SystemExit(main())
