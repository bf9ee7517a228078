"""The one way long work runs: off the GUI thread, with progress, cancel, and errors brought back.

Modelled on Anki's ``QueryOp`` and ``ProgressManager``: the work function gets a ``Progress`` and
never touches a widget; its result or exception comes back to the GUI thread through a queued
signal. Short jobs stay invisible: a busy cursor only after 300 ms, a progress window only after
600 ms. Running jobs are kept in a module-level set so Python never collects one mid-flight.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from rjdesk.services.core.database import WritesRefused
from rjdesk.services.core.errors import Refused
from rjdesk.ui.common import error_dialog

log = logging.getLogger(__name__)
T = TypeVar("T")

BUSY_CURSOR_AFTER_MS = 300
PROGRESS_WINDOW_AFTER_MS = 600

_running: set[Job[Any]] = set()


class Cancelled(Exception):
    """Raised inside a job (by ``Progress.check``) to stop because the user pressed Cancel."""


class Progress:
    """Handed to the work function: report how far it got, and look whether to stop.

    Safe to use from the worker thread: ``update`` only emits a queued signal and ``cancelled``
    reads a threading.Event.
    """

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def update(self, done: int, total: int, text: str = "") -> None:
        self._emit(int(done), int(total), text)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Stop the job here if the user asked to."""
        if self.cancelled:
            raise Cancelled()

    def callback(self, text: str = "") -> Callable[[int, int], None]:
        """A ``(done, total)`` callback for code below the GUI (printing, services) that also
        stops the work when the user cancels."""

        def report(done: int, total: int) -> None:
            self.update(done, total, text)
            self.check()

        return report


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


def _worker(fn: Callable[[Progress], Any], progress: Progress,
            signals: _Signals) -> Callable[[], None]:
    """The function the pool runs. A plain callable, not a ``QRunnable`` subclass: Qt makes and
    deletes its own runnable around it, so no Python wrapper of a C++ object that Qt deletes on
    the worker thread is left for Python to collect (or delete twice) on this one."""

    def run() -> None:
        try:
            result = fn(progress)
        except BaseException as exc:  # every failure goes back to the GUI thread
            signals.failed.emit(exc)
        else:
            signals.succeeded.emit(result)

    return run


class Job(QObject, Generic[T]):
    """One running piece of work; ``finished`` fires on the GUI thread when it is over."""

    finished = Signal()

    def __init__(self, parent: QWidget | None, fn: Callable[[Progress], T], *,
                 on_done: Callable[[T], None], on_error: Callable[[BaseException], None] | None,
                 label: str, cancellable: bool, quiet: bool = False) -> None:
        super().__init__()
        self.parent_widget = parent
        self.on_done, self.on_error = on_done, on_error
        self.label, self.cancellable = label, cancellable
        self.done = False
        self.result: T | None = None
        self.error: BaseException | None = None
        self._busy_cursor = False
        self._dialog: QProgressDialog | None = None
        self._last: tuple[int, int, str] = (0, 0, label)
        self.signals = _Signals()
        self.progress = Progress(self.signals.progressed.emit)
        queued = Qt.ConnectionType.QueuedConnection
        self.signals.progressed.connect(self._on_progress, queued)
        self.signals.succeeded.connect(self._on_succeeded, queued)
        self.signals.failed.connect(self._on_failed, queued)
        self._run = _worker(fn, self.progress, self.signals)
        if not quiet:  # quiet: work nobody asked for just now (a background sync)
            # with self as context: a timer outliving its job is dropped, never called
            QTimer.singleShot(BUSY_CURSOR_AFTER_MS, self, self._show_busy_cursor)
            QTimer.singleShot(PROGRESS_WINDOW_AFTER_MS, self, self._show_progress_window)

    def start(self) -> None:
        _running.add(self)
        QThreadPool.globalInstance().start(self._run)

    def cancel(self) -> None:
        self.progress.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText("Stopping…")

    # -- shown only when the job takes long enough to be noticed ----------------------------

    @Slot()
    def _show_busy_cursor(self) -> None:
        if not self.done and not self._busy_cursor:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._busy_cursor = True

    @Slot()
    def _show_progress_window(self) -> None:
        if self.done or self._dialog is not None:
            return
        dialog = QProgressDialog(self.label, "Cancel" if self.cancellable else "", 0, 0,
                                 self.parent_widget)
        dialog.setWindowTitle("RJ Desk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal if self.parent_widget
                                 else Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self.cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self.cancel)
        self._dialog = dialog
        self._on_progress(*self._last)
        dialog.show()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self._last = (done, total, text or self.label)
        if self._dialog is None or self.progress.cancelled:
            return
        self._dialog.setMaximum(max(total, 0))
        self._dialog.setValue(min(done, total) if total > 0 else 0)
        self._dialog.setLabelText(text or self.label)

    # -- the end, on the GUI thread ----------------------------------------------------------

    def _finish(self) -> None:
        self.done = True
        if self._busy_cursor:
            QApplication.restoreOverrideCursor()
            self._busy_cursor = False
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.cancel)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        _running.discard(self)

    @Slot(object)
    def _on_succeeded(self, result: T) -> None:
        self._finish()
        self.result = result
        try:
            if not self.progress.cancelled:
                self.on_done(result)
        finally:
            self.finished.emit()

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        self.error = exc
        try:
            if isinstance(exc, Cancelled) or self.progress.cancelled:
                log.info("%s: cancelled by the user", self.label)
            elif self.on_error is not None:
                self.on_error(exc)
            else:
                report_error(self.parent_widget, exc)
        finally:
            self.finished.emit()


def report_error(parent: QWidget | None, exc: BaseException) -> None:
    """A refusal is the user's business (a box with its sentence); anything else is a fault."""
    if isinstance(exc, Refused):
        QMessageBox.warning(parent, "RJ Desk", exc.message)
    elif isinstance(exc, WritesRefused):  # a read-only or damaged database: its one line
        QMessageBox.warning(parent, "RJ Desk", str(exc))
    else:
        log.error("A background job failed", exc_info=(type(exc), exc, exc.__traceback__))
        error_dialog.show_exception(exc, error_dialog.current_log_file(), parent)


def run_job(parent: QWidget | None, fn: Callable[[Progress], T], *,
            on_done: Callable[[T], None], on_error: Callable[[BaseException], None] | None = None,
            label: str = "Working…", cancellable: bool = True, quiet: bool = False) -> Job[T]:
    """Run ``fn(progress)`` on a worker thread; ``on_done(result)`` or the error on this one.

    ``fn`` must not touch widgets; it should look at ``progress.cancelled`` (or call
    ``progress.check()``) now and then. A cancelled job calls neither ``on_done`` nor
    ``on_error``. A ``quiet`` job shows neither busy cursor nor progress window.
    """
    job: Job[T] = Job(parent, fn, on_done=on_done, on_error=on_error, label=label,
                      cancellable=cancellable, quiet=quiet)
    job.start()
    return job


def running_jobs() -> int:
    return len(_running)
