"""The app's side of the GUI cases, each run in a fresh offscreen Qt process.

``python -m lawgov_desktop.bench.gui_cases open|annotate --db PATH --report ID`` builds the
main window the way ``lawgov-desktop`` does (same font, same bridge, same window), waits
until it is painted, then times the operation and prints the samples on one tagged line.
Start-up and memory need no code here: they run the app itself (see :mod:`.paint_probe`).
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from lawgov_desktop.bench.measure import report
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.fonts import apply_app_font
from lawgov_desktop.gui.main_window import MainWindow
from lawgov_desktop.gui.settings import UiSettings
from lawgov_desktop.store.project import Project


def settle(app: QApplication) -> None:
    """Deliver posted events, deferred deletes and the repaints they cause."""
    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def _window(app: QApplication, db: str) -> MainWindow:
    apply_app_font(app)
    project = Project(db)
    window = MainWindow(ProjectBridge(project), UiSettings(), restore=False)
    window.save_on_close = False
    window.show()
    settle(app)
    gc.freeze()  # as lawgov_desktop.gui.app does before entering the event loop
    return window


def case_open(app: QApplication, args: argparse.Namespace) -> dict:
    """Open the report in a new pane (text, outline tree, highlights) until painted; repeated."""
    window = _window(app, args.db)
    times = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        pane = window.open_report(args.report, new_pane=True)
        app.processEvents()
        times.append(time.perf_counter() - t0)
        assert pane is not None and len(pane.view.highlights) > 0
        window.reading.close_pane(pane)
        settle(app)
    return {"times": times}


def case_annotate(app: QApplication, args: argparse.Namespace) -> dict:
    """Tag a selection of the open report (store, undo stack, every refresh) until repainted."""
    window = _window(app, args.db)
    pane = window.open_report(args.report, new_pane=True)
    assert pane is not None
    settle(app)
    category = window.project.categories.list()[0].id
    text_len = len(pane.view.text())
    rng = random.Random(args.seed)
    times = []
    for _ in range(args.warmup + args.count):
        start = rng.randrange(0, text_len - 200)
        end = start + rng.randint(8, 120)
        pane.view.select_span(start, end)
        settle(app)
        t0 = time.perf_counter()
        ok = window.tag_selection(category)
        app.processEvents()
        times.append(time.perf_counter() - t0)
        assert ok
    return {"times": times[args.warmup:], "annotations": len(pane.view.highlights)}


CASES = {"open": case_open, "annotate": case_annotate}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("case", choices=sorted(CASES))
    ap.add_argument("--db", required=True)
    ap.add_argument("--report", type=int, required=True)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    app = QApplication([sys.argv[0]])
    report(CASES[args.case](app, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
