"""Quit right after a window's first paint, reporting when that was and the peak memory.

The start-up and memory cases run the real app (``python -m lawgov_desktop``) with
``LAWGOV_BENCH_EXIT_AFTER_PAINT`` set; :mod:`lawgov_desktop.bench.app_probe` hands the main window
to :func:`quit_after_first_paint`.  The bare baselines use the same function, so both sides
stop the clock at the same event: Qt has painted the window (every child is painted in the
same backing-store flush, which has finished when the zero-timer fires).
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

if __package__:  # part of the app
    from lawgov_desktop.bench.measure import peak_rss, report
else:  # imported by path from a bare baseline, which must not load the app's package
    from measure import peak_rss, report  # type: ignore[no-redef]


class _FirstPaint(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            QTimer.singleShot(0, self._done)
        return False

    def _done(self) -> None:
        painted = time.time()
        report({"painted": painted, "peak_rss": peak_rss()})
        if hasattr(self.window, "save_on_close"):
            self.window.save_on_close = False  # a benchmark must not change the user's layout
        app = QApplication.instance()
        if app is not None:
            app.quit()


class _AfterFirstPaint(QObject):
    """Hands the painted window to a case of :mod:`lawgov_desktop.bench.after_paint`."""

    def __init__(self, window: QWidget, mode: str) -> None:
        super().__init__(window)
        self.window, self.mode, self.seen = window, mode, False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            QTimer.singleShot(0, self._go)
        return False

    def _go(self) -> None:
        from lawgov_desktop.bench.after_paint import MODES

        MODES[self.mode](self.window)


def quit_after_first_paint(window: QWidget) -> None:
    """Report time and peak RSS once ``window`` has been painted, then quit the event loop.

    With ``LAWGOV_BENCH_EXIT_AFTER_PAINT`` set to ``ready`` or ``steady`` (the app only), the
    painted window first goes through that case of :mod:`lawgov_desktop.bench.after_paint`.
    """
    mode = os.environ.get("LAWGOV_BENCH_EXIT_AFTER_PAINT", "")
    if __package__ and mode in ("ready", "steady"):
        window.installEventFilter(_AfterFirstPaint(window, mode))
        return
    window.installEventFilter(_FirstPaint(window))
