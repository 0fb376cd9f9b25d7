"""Dialog sizes that fit the screen: an office laptop at 1366×768, or any screen at 150% scaling.

A dialog's preferred size is given in logical pixels; at 150% a 768-pixel-high screen has
only about 480 logical pixels of room below the task bar, so a fixed 640-pixel dialog would
put its buttons off screen.  Every help, preferences and error dialog sizes itself here.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Share of the available screen a dialog may take at most.
MAX_SHARE = 0.9


def resize_to_fit(dialog: QWidget, width: int, height: int) -> None:
    """Resize ``dialog`` to ``width``×``height``, shrunk to fit the screen it (or its parent) is on."""
    anchor = dialog.parentWidget() or dialog
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        dialog.resize(width, height)
        return
    room = screen.availableGeometry()
    dialog.resize(max(1, min(width, int(room.width() * MAX_SHARE))),
                  max(1, min(height, int(room.height() * MAX_SHARE))))
