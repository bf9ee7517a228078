"""Sync in the background: a round every few minutes, sooner when the share comes back, and on
demand — one round at a time, always off the GUI thread.

Automatic rounds are quiet (no busy cursor, no progress window: a person at work must not see
the program think about something they did not ask for); a round asked for with "Sync now"
shows progress and can be cancelled like any other job.

Whether the share is back is looked at every 30 s while the last round found it offline. On
Windows, looking at an unreachable ``\\\\server\\share`` waits for the network's timeout (20 s
or more), so the look runs as a quiet job too, never in the GUI thread, and never two at once;
once it sees the folder, a round starts.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from rjdesk.services.core.database import Database
from rjdesk.services.syncing import control as sync_control
from rjdesk.services.syncing.control import NOT_CONFIGURED, SyncReport, SyncStatus
from rjdesk.ui.common.jobs import Job, Progress, report_error, run_job

log = logging.getLogger(__name__)

ROUND_EVERY_MS = 5 * 60_000
PROBE_EVERY_MS = 30_000
FIRST_ROUND_AFTER_MS = 3_000
#: Outcomes that need nobody's attention after a round a person asked for.
FINE = ("synced",)


def run_quietly(fn, *, on_done, on_error, label: str) -> Job:  # noqa: ANN001 - as run_job
    return run_job(None, fn, on_done=on_done, on_error=on_error, label=label, quiet=True)


class SyncController(QObject):
    """Owns the timers and the one running round; tells the window how sync stands."""

    #: The status changed (a round ended, or the periodic look found something new).
    status_changed = Signal(object)
    #: A round started or ended: (running,)
    running_changed = Signal(bool)
    #: A round ended: its report (also a cancelled one's, when it got that far).
    round_finished = Signal(object)
    #: Records changed under the open pages (a round applied changes, a conflict was settled).
    records_changed = Signal()

    def __init__(self, db: Database, parent: QWidget, *, auto: bool = True,
                 round_ms: int = ROUND_EVERY_MS, probe_ms: int = PROBE_EVERY_MS,
                 first_round_ms: int = FIRST_ROUND_AFTER_MS) -> None:
        super().__init__(parent)
        self.db, self.window = db, parent
        self.job: Job | None = None
        self.probe: Job | None = None
        self.manual = False
        self.status: SyncStatus | None = None
        self.round_timer = QTimer(self)
        self.round_timer.setInterval(round_ms)
        self.round_timer.timeout.connect(self.sync_in_background)
        self.probe_timer = QTimer(self)
        self.probe_timer.setInterval(probe_ms)
        self.probe_timer.timeout.connect(self.look_for_share)
        self.first_timer = QTimer(self)
        self.first_timer.setSingleShot(True)
        self.first_timer.setInterval(first_round_ms)
        self.first_timer.timeout.connect(self.sync_in_background)
        self.refresh_status()
        if auto:
            self.round_timer.start()
            self.probe_timer.start()
            self.first_timer.start()

    @property
    def running(self) -> bool:
        return self.job is not None

    def refresh_status(self) -> SyncStatus:
        """Read the status again (a few local reads) and tell whoever shows it."""
        self.status = sync_control.status(self.db)
        self.status_changed.emit(self.status)
        return self.status

    def why_not(self) -> str:
        """Why "Sync now" cannot be used now ("" when it can)."""
        if self.running:
            return "A sync round is running."
        status = self.status or self.refresh_status()
        if not status.configured:
            return "Sync is not set up on this workstation (no central share is set)."
        if not status.enrolled:
            return "This workstation has not joined the deployment yet."
        return ""

    # -- rounds ----------------------------------------------------------------------------

    def sync_now(self) -> Job | None:
        """The round a person asked for: with progress and Cancel. None if one is running."""
        return self._start(manual=True)

    def sync_in_background(self) -> Job | None:
        """A quiet round, when this workstation is set up for one and none is running."""
        status = self.refresh_status()
        if status.configured and status.enrolled:
            return self._start(manual=False)
        return None

    def _start(self, *, manual: bool) -> Job | None:
        if self.job is not None:
            return None
        db = self.db

        def work(progress: Progress) -> SyncReport:
            return sync_control.sync_now(db, cancelled=lambda: progress.cancelled)

        self.manual = manual
        if manual:
            job = run_job(self.window, work, label="Syncing with the central share…",
                          on_done=lambda _r: None, on_error=self._failed)
        else:
            job = run_quietly(work, on_done=lambda _r: None, on_error=self._failed,
                              label="Syncing with the central share")
        self.job = job
        job.finished.connect(self._finished)
        self.running_changed.emit(True)
        self.status_changed.emit(self.status)
        return job

    def _failed(self, exc: BaseException) -> None:
        """Not share trouble (that comes back as a report): a fault, logged; shown only to
        the person who asked for the round."""
        log.error("A sync round failed", exc_info=(type(exc), exc, exc.__traceback__))
        if self.manual:
            report_error(self.window, exc)

    def _finished(self) -> None:
        job, self.job = self.job, None
        self.running_changed.emit(False)
        report = job.result if job is not None and isinstance(job.result, SyncReport) else None
        if report is None and job is not None and job.error is not None and \
                not job.progress.cancelled:
            report = SyncReport("failed", str(job.error) or type(job.error).__name__)
        self.refresh_status()
        if report is None:
            return
        if report.changes_applied:
            self.records_changed.emit()
        self.round_finished.emit(report)
        if self.manual and report.outcome not in FINE and job is not None and \
                job.error is None and not job.progress.cancelled:
            self._tell(report)

    def _tell(self, report: SyncReport) -> None:
        """After "Sync now" that did not get through: what happened, in a box that does not
        hold up the window."""
        text = report.message or report.outcome
        if report.outcome == NOT_CONFIGURED:
            text = "Sync is not set up on this workstation: " + text
        box = QMessageBox(QMessageBox.Icon.Information, "Sync", text[:1].upper() + text[1:] +
                          ("" if text.endswith(".") else "."), parent=self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()

    # -- the share coming back --------------------------------------------------------------

    def look_for_share(self) -> None:
        status = self.refresh_status()
        if self.job is not None or self.probe is not None:
            return
        if not (status.configured and status.enrolled):
            return
        if status.last is not None and status.last.outcome not in ("offline",):
            return
        db = self.db
        self.probe = run_quietly(lambda _p: sync_control.share_reachable(db),
                                 on_done=self._probed, on_error=lambda _e: None,
                                 label="Looking for the central share")
        self.probe.finished.connect(self._probe_finished)

    def _probed(self, reachable: bool) -> None:
        if reachable:
            self._start(manual=False)

    def _probe_finished(self) -> None:
        self.probe = None

    def stop(self) -> None:
        """The window closes: no new rounds, and the running one stops after its bundle."""
        for timer in (self.first_timer, self.round_timer, self.probe_timer):
            timer.stop()
        for job in (self.job, self.probe):
            if job is not None:
                job.cancel()
