"""Driving widgets the way a person does, within what this Qt allows in tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` one key event per character.

    ``qtbot.keyClicks`` aborts the whole process on non-ASCII text with this Qt, so each
    character goes as its own QKeyEvent with the text set (key code unknown, as for a character
    typed through an input method).
    """
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, ch))


def press(widget: QWidget, key: Qt.Key) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key,
                                             Qt.KeyboardModifier.NoModifier))


def when_modal(kind: type, act: Callable[[QWidget], None], *, tries: int = 100) -> list:
    """Run ``act`` on the next modal dialog of ``kind`` once it is open (it blocks in exec()).

    Returns a list that holds the dialog once acted on, so a test can look at it afterwards.
    """
    seen: list = []

    def attempt(left: int = tries) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            act(dialog)
        elif left > 0:
            QTimer.singleShot(20, lambda: attempt(left - 1))

    QTimer.singleShot(0, attempt)
    return seen
