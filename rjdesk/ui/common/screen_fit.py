"""Windows that fit the screen they open on: a workstation may have a 1024×768 screen with a
taskbar, and a window wider or taller than what is left hides its buttons and title bar."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room kept for the window manager's title bar and borders, which the window does not own.
FRAME_ALLOWANCE = (16, 40)


def available_geometry(window: QWidget) -> QRect:
    """What the screen of ``window`` leaves free of taskbars and docks."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size ``window`` ``width`` × ``height``, or smaller where the screen is, and place it
    wholly on the screen (its title bar too), centred over its parent if it has one."""
    room = available_geometry(window)
    extra_w, extra_h = FRAME_ALLOWANCE
    w = max(min(width, room.width() - extra_w), window.minimumWidth())
    h = max(min(height, room.height() - extra_h), window.minimumHeight())
    window.resize(w, h)
    parent = window.parentWidget()
    centre = parent.window().geometry().center() if parent is not None else room.center()
    x = min(max(centre.x() - w // 2, room.left()), room.right() + 1 - w - extra_w)
    y = min(max(centre.y() - h // 2, room.top()), room.bottom() + 1 - h - extra_h)
    window.move(max(x, room.left()), max(y, room.top()))


def fits_on(window: QWidget, room: QRect) -> bool:
    """Whether the whole of ``window``, frame and title bar included, lies within ``room``."""
    return room.contains(window.frameGeometry())
