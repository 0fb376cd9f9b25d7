"""Keep the main window on the screen it opens on, whatever that screen is.

Office laptops have 1366×768 screens, and a 1920×1080 screen at 150 % scaling offers only
1280×720 logical pixels: a fixed first size (or a size restored from a larger monitor) would
put the status bar, the annotations list and a pane's close button out of reach.  The window's
first size is therefore derived from the screen's *available* geometry (without the taskbar),
and a restored geometry that no longer fits is brought back onto the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

#: The size the window would like on a screen with room to spare.
PREFERRED = QSize(1400, 900)
#: Room kept for a window manager's title bar and borders, which are not known before showing.
FRAME_ALLOWANCE = QSize(16, 40)
#: Below this share of the screen a window is more useful maximised than floating.
MAXIMISE_BELOW = 0.9


def fitted_size(preferred: QSize, available: QRect) -> QSize:
    """The largest size up to ``preferred`` whose framed window fits in ``available``."""
    room = available.size() - FRAME_ALLOWANCE
    return QSize(max(1, min(preferred.width(), room.width())), max(1, min(preferred.height(), room.height())))


def should_maximise(preferred: QSize, available: QRect) -> bool:
    """Whether the preferred size would take nearly the whole screen anyway (a small laptop)."""
    return (preferred.width() + FRAME_ALLOWANCE.width() > available.width() * MAXIMISE_BELOW
            or preferred.height() + FRAME_ALLOWANCE.height() > available.height() * MAXIMISE_BELOW)


def placed_inside(rect: QRect, available: QRect) -> QRect:
    """``rect`` shrunk to ``available`` if larger, then moved so that all of it is inside."""
    size = QSize(min(rect.width(), available.width()), min(rect.height(), available.height()))
    x = min(max(rect.x(), available.left()), available.right() + 1 - size.width())
    y = min(max(rect.y(), available.top()), available.bottom() + 1 - size.height())
    return QRect(QPoint(x, y), size)


def screen_for(window: QWidget) -> QScreen | None:
    """The screen holding the window's centre; else the window's own, else the primary screen."""
    found = QGuiApplication.screenAt(window.frameGeometry().center())
    return found or window.screen() or QGuiApplication.primaryScreen()


def first_layout(window: QWidget) -> None:
    """Size and centre a window that has no saved geometry, on the screen it will open on."""
    screen = screen_for(window)
    if screen is None:
        window.resize(PREFERRED)
        return
    available = screen.availableGeometry()
    size = fitted_size(PREFERRED, available)
    window.resize(size)
    frame = QRect(QPoint(0, 0), size + FRAME_ALLOWANCE)
    frame.moveCenter(available.center())
    window.move(placed_inside(frame, available).topLeft())
    if should_maximise(PREFERRED, available):
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def annotations_height(window: QWidget, preferred: int = 220) -> int:
    """Height of the docked annotations list: ``preferred``, or a fifth of a smaller screen."""
    screen = screen_for(window)
    if screen is None:
        return preferred
    return max(120, min(preferred, screen.availableGeometry().height() // 5))


def bring_on_screen(window: QWidget) -> bool:
    """Move and shrink a restored window until it fits its screen; True when it had to change.

    A geometry saved on a larger or since-removed monitor can leave the window partly or wholly
    off the screens there are now; Qt keeps the saved size, so it is checked here.
    """
    if window.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return False
    screen = screen_for(window)
    if screen is None:
        return False
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    extra = frame.size() - window.geometry().size()
    if not frame.isValid() or frame.width() <= 0:
        frame = QRect(window.pos(), window.size() + FRAME_ALLOWANCE)
        extra = FRAME_ALLOWANCE
    if available.contains(frame):
        return False
    inside = placed_inside(frame, available)
    window.resize(inside.size() - extra)
    window.move(inside.topLeft())
    return True


__all__ = ["PREFERRED", "annotations_height", "bring_on_screen", "first_layout", "fitted_size", "placed_inside", "should_maximise"]
