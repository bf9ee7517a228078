"""The background-job helper: work off the GUI thread, results and errors back on it."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QPushButton

from rjdesk.services.core.errors import InvalidInput
from rjdesk.ui.common import jobs
from rjdesk.ui.common.jobs import run_job


def gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def test_the_result_comes_back_on_the_gui_thread(qtbot):
    got = []

    def work(progress: jobs.Progress) -> tuple[int, bool]:
        progress.update(1, 2, "half")
        return threading.get_ident(), gui_thread()

    job = run_job(None, work, on_done=lambda r: got.append((r, gui_thread())))
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    (worker_ident, worker_on_gui), done_on_gui = got[0]
    assert worker_ident != threading.get_ident() and not worker_on_gui
    assert done_on_gui and job.result == (worker_ident, False)
    assert jobs.running_jobs() == 0


def test_an_exception_is_handed_to_on_error_on_the_gui_thread(qtbot):
    seen = []

    def work(_progress: jobs.Progress) -> None:
        raise ValueError("disk full")

    job = run_job(None, work, on_done=lambda r: seen.append("done"),
                  on_error=lambda exc: seen.append((str(exc), gui_thread())))
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert seen == [("disk full", True)]


def test_without_on_error_a_refusal_is_a_message_and_a_fault_the_error_window(qtbot,
                                                                             monkeypatch):
    boxes, faults = [], []
    monkeypatch.setattr(jobs.QMessageBox, "warning",
                        lambda parent, title, text: boxes.append(text))
    monkeypatch.setattr(jobs.error_dialog, "show_exception",
                        lambda exc, log_file=None, parent=None: faults.append(exc))

    def refuse(_p: jobs.Progress) -> None:
        raise InvalidInput("Choose one site to print.")

    def crash(_p: jobs.Progress) -> None:
        raise KeyError("bug")

    for fn in (refuse, crash):
        job = run_job(None, fn, on_done=lambda r: None)
        with qtbot.waitSignal(job.finished, timeout=5000):
            pass
    assert boxes == ["Choose one site to print."]
    assert len(faults) == 1 and isinstance(faults[0], KeyError)
    assert faults[0].__traceback__ is not None  # the Details show where it failed


def test_cancel_stops_the_work(qtbot):
    steps, done = [], []

    def work(progress: jobs.Progress) -> int:
        for i in range(500):
            progress.check()
            steps.append(i)
            progress.update(i, 500, "counting")
            time.sleep(0.005)
        return 500

    job = run_job(None, work, on_done=done.append, label="Counting…")
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=5000)
    job.cancel()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert done == [] and len(steps) < 500
    assert isinstance(job.error, jobs.Cancelled)


def test_a_progress_window_appears_only_for_long_work(qtbot):
    quick = run_job(None, lambda p: 1, on_done=lambda r: None)
    with qtbot.waitSignal(quick.finished, timeout=5000):
        pass
    assert quick._dialog is None
    release = threading.Event()
    slow = run_job(None, lambda p: release.wait(5), on_done=lambda r: None, label="Slow…")
    qtbot.wait(jobs.BUSY_CURSOR_AFTER_MS + 100)
    assert QApplication.overrideCursor() is not None and slow._dialog is None
    qtbot.waitUntil(lambda: slow._dialog is not None and slow._dialog.isVisible(),
                    timeout=2000)
    assert slow._dialog.labelText() == "Slow…"
    slow._dialog.findChild(QPushButton).click()  # the Cancel button
    assert slow.progress.cancelled
    release.set()
    with qtbot.waitSignal(slow.finished, timeout=5000):
        pass
    assert slow._dialog is None and QApplication.overrideCursor() is None
