"""What the user sees when the program itself fails: a plain sentence, never a bare traceback.

The traceback is kept behind "Details" (for whoever is asked to help) together with the log file,
which has it too. Exceptions raised on other threads are passed to the GUI thread first.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QMessageBox, QPlainTextEdit, QPushButton, QStyle, QVBoxLayout,
                               QWidget)

log = logging.getLogger(__name__)

PLAIN_SENTENCE = ("RJ Desk ran into a problem and could not finish what it was doing. "
                  "What you saved before is safe; what you were entering may not have been saved.")


def format_exception(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


class ExceptionDialog(QDialog):
    """The one window for unexpected errors: sentence, Details (the traceback), the log file."""

    def __init__(self, exc: BaseException, log_file: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("RJ Desk — something went wrong")
        self.details_text = format_exception(exc)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(icon)
        self.sentence = QLabel(PLAIN_SENTENCE)
        self.sentence.setWordWrap(True)
        self.sentence.setMinimumWidth(420)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.sentence, 1)
        layout.addLayout(top)
        where = (f"The details are also written to the log file:\n{log_file}" if log_file
                 else "The details were not written to a log file.")
        self.log_label = QLabel(where)
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.log_label)
        self.details = QPlainTextEdit(self.details_text)
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(220)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.hide()
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.details_button = QPushButton("Details")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        copy = QPushButton("Copy details")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(
            f"{self.details_text}\nLog file: {log_file}"))
        buttons.addButton(self.details_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _toggle_details(self, on: bool) -> None:
        self.details.setVisible(on)
        self.adjustSize()


class ExceptionReporter(QObject):
    """Takes uncaught exceptions from any thread, logs them, and shows one dialog at a time."""

    reported = Signal(object)

    def __init__(self, log_file: Path | None) -> None:
        super().__init__()
        self.log_file = log_file
        self.showing = False
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def excepthook(self, kind: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
        log.error("Uncaught exception", exc_info=(kind, exc, tb))
        self.reported.emit(exc)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(object)
    def _show(self, exc: BaseException) -> None:
        if self.showing or QApplication.instance() is None:
            return  # one dialog at a time; the rest is in the log
        self.showing = True
        try:
            if (why := refusal_of(exc)) is not None:
                show_refusal(why, QApplication.activeWindow())
                return
            show_exception(exc, self.log_file, QApplication.activeWindow())
        except Exception:  # noqa: BLE001 - never let the error window raise an error window
            log.exception("Could not show the error window")
        finally:
            self.showing = False


def refusal_of(exc: BaseException) -> str | None:
    """The one line to show when a refusal (an account disabled since sign-in, a database that
    takes no writes) reaches the top from a place that does not handle it: said plainly, as
    the place it came from would have, not as a failure of the program."""
    from rjdesk.services.core.database import DatabaseError
    from rjdesk.services.core.errors import Refused

    if isinstance(exc, Refused):
        return exc.message
    if isinstance(exc, DatabaseError):
        return str(exc)
    return None


def show_refusal(message: str, parent: QWidget | None = None) -> None:
    QMessageBox.warning(parent, "RJ Desk", message)


def show_exception(exc: BaseException, log_file: Path | None = None,
                   parent: QWidget | None = None) -> None:
    ExceptionDialog(exc, log_file, parent).exec()


_reporter: ExceptionReporter | None = None


def install(log_file: Path | None) -> ExceptionReporter:
    """Route uncaught exceptions (GUI thread and other threads) to the log and the dialog."""
    global _reporter
    _reporter = ExceptionReporter(log_file)
    sys.excepthook = _reporter.excepthook
    threading.excepthook = _reporter.thread_excepthook
    return _reporter


def current_log_file() -> Path | None:
    return _reporter.log_file if _reporter else None
