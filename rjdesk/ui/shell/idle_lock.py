"""What the lock is made of: noticing that no one has touched the program for a while, its key
working in every window of the program, and covering every other open window while the program
is locked, so nothing shows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

USER_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
              QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride}


class IdleWatcher(QObject):
    """Emits ``idle`` after ``timeout_ms`` without keyboard or mouse input anywhere in the app."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self.idle)
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in USER_INPUT and self.timer.isActive():
            self.timer.start()
        return False

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def uninstall(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class KeyAnywhere(QObject):
    """Runs ``slot`` when ``keys`` is pressed in any window of the program — a class window or
    an open form too, where the main window's menu shortcuts do not reach."""

    def __init__(self, keys: QKeySequence, slot: Callable[[], object],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys, self.slot = keys, slot
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        pressed = QKeySequence(event.keyCombination())
        if pressed.matches(self.keys) != QKeySequence.SequenceMatch.ExactMatch:
            return False
        self.slot()
        return True

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def other_windows(main: QWidget, *keep: QWidget | None) -> list[QWidget]:
    """The program's other windows on screen: class windows, forms, previews, message boxes —
    not menus and tooltips, which close by themselves."""
    transient = {Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen}
    return [w for w in QApplication.topLevelWidgets()
            if w is not main and w not in keep and w.isVisible() and w.isWindow() and
            w.windowType() not in transient]


class LockCover(QWidget):
    """An opaque sheet over an open window while the program is locked, so nothing shows."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        label = QLabel("Locked", self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(label)
        self.setGeometry(parent.rect())
        parent.installEventFilter(self)
        self.raise_()
        self.show()
        # the title bar and the taskbar would still name the person or class of the window
        self.title = parent.windowTitle()
        parent.setWindowTitle("RJ Desk is locked")

    def lift(self) -> None:
        """Show the window again, under its own title."""
        try:
            self.parentWidget().setWindowTitle(self.title)
            self.deleteLater()
        except RuntimeError:  # the window is gone already (closed for another person)
            pass

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False


def status_separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
