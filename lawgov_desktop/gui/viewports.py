"""Item views given a viewport made in Python, so that asking for it costs nothing.

The first time PySide6 has to wrap a ``QWidget`` that Qt's C++ code created — the viewport a
``QTableView`` makes for itself, returned by ``viewport()`` — it looks for the most derived
Python class among every ``QWidget`` subclass it knows, setting up each class and its enums
on the way (``QWizard``, ``QMdiArea``, ``QCalendarWidget``, ...): 15-28 ms on this project's
machines, paid once per process. The library and the annotations list ask for their
viewports while the window is built, so the first paint paid it. A viewport created in
Python is known to PySide6 from the start: no search. ``tests/gui/test_startup_design.py``
checks that the first paint does not set up those classes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QWidget


def own_viewport(view: QAbstractItemView) -> QWidget:
    """Give ``view`` a viewport created here (Qt deletes the one it made); returns it.

    ``setViewport`` does not repeat what the view did to its first viewport, so this does:
    the base colour, painted by the viewport itself, and touch scrolling (a test compares
    every such setting with a viewport Qt made). Item views only: a ``QPlainTextEdit`` given
    a new viewport crashes when shown (PySide6 6.11), so the report view keeps Qt's.
    """
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    view.setViewport(viewport)  # the view takes ownership and deletes the one Qt made
    return viewport
