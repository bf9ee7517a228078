"""Barcodes scanned anywhere in the window: a scanner types its text in a fast burst and presses
Enter, wherever the keyboard focus happens to be.

One application event filter watches the keys that reach the focused widget. A burst (each key
within ``max_gap_ms`` of the last, as no person types) ending in Enter whose text an area
recognizes (``SCAN_HANDLERS`` in its ui package, see ``ui.common.registry``) is taken: the Enter
goes no further, the text the burst left in a line edit is taken back out, and the area's
handler opens what the code names. Anything typed by hand, or a burst nobody recognizes, passes
through untouched, so the DOC-number scan mode and the search boxes keep working as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from rjdesk.domain.core.permissions import Permission
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database

#: A scanner sends its characters a few milliseconds apart; a fast typist needs 60 or more.
MAX_GAP_MS = 35
MIN_LENGTH = 6


class ScanHost(Protocol):
    """What a handler may use of the window a code was scanned into."""

    @property
    def db(self) -> Database: ...

    @property
    def actor(self) -> Actor: ...

    def refresh_all(self) -> None:
        """Read again what the open pages list (the scan led to a change)."""
        ...


@dataclass(frozen=True)
class ScanHandler:
    """One kind of code an area answers: ``recognizes(text)`` says whether the scanned text is
    one, ``open(host, text)`` shows what it names (a window of its own, over ``host``)."""

    what: str
    permissions: tuple[Permission, ...]
    recognizes: Callable[[str], bool]
    open: Callable[[ScanHost, str], None]

    def shown_to(self, actor: Actor) -> bool:
        return any(actor.may(p) for p in self.permissions)


class ScanListener(QObject):
    """Installed on the application for one window; ``handlers()`` gives the handlers of the
    person signed in, ``paused()`` says when no scan may open anything (the window locked)."""

    def __init__(self, host: ScanHost, handlers: Callable[[], list[ScanHandler]], *,
                 paused: Callable[[], bool] = lambda: False, max_gap_ms: int = MAX_GAP_MS,
                 clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host, self.handlers, self.paused = host, handlers, paused
        self.max_gap = max_gap_ms / 1000
        self.clock = clock
        self.buffer = ""
        self.last_key = 0.0
        self.taken: list[str] = []  # what was recognized, newest last (for the tests and logs)

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _is_target(self, watched: QObject) -> bool:
        """The key's first receiver only: the same event passes the filter again for each
        parent it propagates to, and for the window it came through."""
        focus = QApplication.focusWidget()
        if focus is not None:
            return watched is focus
        return isinstance(watched, QWidget) and watched.isWindow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent) or \
                not self._is_target(watched):
            return False
        now = self.clock()
        fast = now - self.last_key <= self.max_gap
        self.last_key = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text, self.buffer = self.buffer, ""
            return fast and self._take(watched, text)
        typed = event.text()
        if len(typed) != 1 or not typed.isprintable():
            self.buffer = ""
            return False
        self.buffer = (self.buffer if fast else "") + typed
        return False

    def _take(self, watched: QObject, text: str) -> bool:
        if len(text) < MIN_LENGTH or self.paused():
            return False
        handler = next((h for h in self.handlers() if h.recognizes(text)), None)
        if handler is None:
            return False
        if isinstance(watched, QLineEdit) and watched.text().endswith(text) and \
                not watched.isReadOnly():
            watched.setText(watched.text()[:-len(text)])
        self.taken.append(text)
        # opened after this key's event is over, never from inside the filter
        QTimer.singleShot(0, self, lambda: handler.open(self.host, text))
        return True
