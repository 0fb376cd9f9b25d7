"""Scroll areas given a viewport made in Python, so that asking for it costs nothing.

The first time PySide6 has to wrap a ``QWidget`` that Qt's C++ code created — the viewport a
``QTableView`` makes for itself, returned by ``viewport()`` — it looks for the most derived
Python class among every ``QWidget`` subclass it knows, setting up each class and its enums
on the way (``QWizard``, ``QMdiArea``, ``QCalendarWidget``, ...): 15-28 ms on this project's
machines, paid once per process. The library and the annotations list ask for their
viewports while the window is built, and a report's text view when a report is open at
start, so the first paint paid it. A viewport created in Python is known to PySide6 from
the start: no search. ``tests/gui/test_startup_design.py`` checks that the first paint, with
and without a report open, does not set up those classes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QPlainTextEdit, QWidget


def own_viewport(view: QAbstractScrollArea) -> QWidget:
    """Give ``view`` a viewport created here (Qt deletes the one it made); returns it.

    ``setViewport`` does not repeat what the view did to its first viewport, so this does:
    the base colour, painted by the viewport itself, touch scrolling for item views, the text
    cursor shape for a text view (a test compares every such setting with a viewport Qt made).

    A ``QPlainTextEdit`` must already show its own document: the layout of the one it starts
    with still paints on the deleted viewport, and laying it out again crashes.
    """
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    if isinstance(view, QAbstractItemView):
        viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    if isinstance(view, QPlainTextEdit):
        viewport.setCursor(Qt.CursorShape.IBeamCursor)
    view.setViewport(viewport)  # the view takes ownership and deletes the one Qt made
    return viewport
