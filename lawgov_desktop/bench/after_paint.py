"""What the ``ready_to_tag`` and ``memory_steady`` cases do in the real app after its first paint.

The app started through :mod:`.app_probe` with ``LAWGOV_BENCH_EXIT_AFTER_PAINT=ready`` (or ``steady``) hands
its window to :func:`lawgov_desktop.bench.paint_probe.quit_after_first_paint`, which calls here:

* ``ready``: a mouse drag across a line of the first open pane, as a reader's first selection,
  then the clock stops when that selection is snapped to whole words by the dictionary (the
  dictionary starts loading at the press, so its load is inside the measured time);
* ``steady``: a search, the suggestions of the open reports listed in the review panel and the
  word dictionary loaded, then the peak resident memory is reported.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from lawgov_desktop.bench.measure import peak_rss, report
from lawgov_desktop.core.segment import get_segmenter

#: Give up (and report an error) after this long: a case must never hang the run.
LIMIT_S = 120.0
SEARCH_PHRASE = "行政复议"


def _quit(window: QWidget, payload: dict) -> None:
    report(payload)
    if hasattr(window, "save_on_close"):
        window.save_on_close = False  # a benchmark must not change the user's layout
    app = QApplication.instance()
    if app is not None:
        app.quit()


def _poll(window: QWidget, done, finish) -> None:  # noqa: ANN001
    """Check ``done()`` every few milliseconds in the event loop; then ``finish()``."""
    started = time.time()

    def tick() -> None:
        if done():
            finish()
        elif time.time() - started > LIMIT_S:
            _quit(window, {"error": "timed out"})
        else:
            QTimer.singleShot(5, tick)

    QTimer.singleShot(0, tick)


def _drag_points(view) -> tuple[QPoint, QPoint]:  # noqa: ANN001
    """Two points on the first visible line of at least 20 characters: a drag between them
    selects text whatever the report's length or the pane's height."""
    block = view.document().begin()
    while block.isValid() and block.length() < 22:
        block = block.next()
    if not block.isValid():
        block = view.document().begin()
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + 2)
    start = view.cursorRect(cursor).center()
    cursor.setPosition(block.position() + min(block.length() - 2, 14))
    end = view.cursorRect(cursor).center()
    return start, end


def drag_until_snapped(window) -> None:  # noqa: ANN001
    """Drag across a line of the first pane's visible text; stop when the words have snapped it."""
    pane = window.reading.panes()[0]
    view = pane.view
    viewport = view.viewport()
    start, end = _drag_points(view)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, (start + end) / 2)
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)

    def snapped() -> bool:
        return get_segmenter().is_ready and not view.has_unsnapped_selection() and view.textCursor().hasSelection()

    def finish() -> None:
        cursor = view.textCursor()
        _quit(window, {"painted": time.time(), "peak_rss": peak_rss(),
                       "selected": len(cursor.selectedText())})

    _poll(window, snapped, finish)


def steady_state(window) -> None:  # noqa: ANN001
    """Search, list suggestions and load the dictionary; then report the peak memory."""
    window.search_panel.search(SEARCH_PHRASE)
    window.review.set_active(True)
    get_segmenter().ensure_loaded_async()

    def listed() -> bool:
        return (get_segmenter().is_ready and window.review.panel.list.topLevelItemCount() > 0
                and not window.search_panel.searching())  # the search runs in the background

    def finish() -> None:
        _quit(window, {"painted": time.time(), "peak_rss": peak_rss(), "hits": len(window.search_panel.hits()),
                       "suggestions": window.review.panel.list.topLevelItemCount()})

    _poll(window, listed, finish)


MODES = {"ready": drag_until_snapped, "steady": steady_state}
