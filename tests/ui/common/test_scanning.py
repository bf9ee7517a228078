"""A code scanned anywhere is told from typing by its speed, and taken only when recognized."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.ui.common.scanning import ScanHandler, ScanListener


@dataclass
class Host:
    """The window's part a handler uses."""

    db: Database
    actor: Actor
    refreshed: int = 0

    def refresh_all(self) -> None:
        self.refreshed += 1


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def keys(target: QWidget, text: str, clock: Clock, gap: float) -> None:
    """Press each character, then Enter, ``gap`` seconds apart (as the clock tells)."""
    for ch in text:
        clock.now += gap
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, ch))
    clock.now += gap
    enter = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier,
                      "\r")
    enter.setAccepted(False)
    QApplication.sendEvent(target, enter)


def test_a_fast_burst_that_is_a_code_opens_it_and_leaves_no_text(qtbot, admin, db):
    opened: list[str] = []
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    box = QLineEdit(window)
    box.setText("note: ")
    layout.addWidget(box)
    entered: list[str] = []
    box.returnPressed.connect(lambda: entered.append(box.text()))
    window.show()
    window.activateWindow()
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box)

    host = Host(db, admin)
    clock = Clock()
    handler = ScanHandler("code", (Permission.VIEW_REPARATIVE,),
                          lambda text: text.startswith("JCCC-"),
                          lambda _host, text: opened.append(text))
    listener = ScanListener(host, lambda: [handler], clock=clock, parent=window)
    listener.install()
    try:
        keys(box, "JCCC-2026-10001", clock, 0.005)
        qtbot.waitUntil(lambda: opened == ["JCCC-2026-10001"])
        assert box.text() == "note: " and entered == []  # the Enter went no further

        keys(box, "JCCC-2026-10002", clock, 0.2)  # typed by hand: an ordinary Enter
        assert entered == ["note: JCCC-2026-10002"]
        box.setText("")
        keys(box, "1234567", clock, 0.005)  # fast, but not a code anyone answers
        assert entered[-1] == "1234567"
        QApplication.processEvents()
        assert opened == ["JCCC-2026-10001"] and listener.taken == ["JCCC-2026-10001"]
    finally:
        listener.uninstall()


def test_nothing_opens_while_paused(qtbot, admin, db):
    window = QLineEdit()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    window.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window)
    opened: list[str] = []
    clock = Clock()
    handler = ScanHandler("code", (Permission.VIEW_REPARATIVE,), lambda _t: True,
                          lambda _host, text: opened.append(text))
    listener = ScanListener(Host(db, admin), lambda: [handler], paused=lambda: True,
                            clock=clock, parent=window)
    listener.install()
    try:
        keys(window, "JCCC-2026-10001", clock, 0.001)
        QApplication.processEvents()
        assert opened == [] and window.text() == "JCCC-2026-10001"
    finally:
        listener.uninstall()
