"""Background sync: one round at a time, quiet unless asked for, lists read again after."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from rjdesk.services.syncing import control as sync_control
from rjdesk.services.syncing.control import SyncReport
from rjdesk.ui.common import jobs
from rjdesk.ui.syncing.controller import SyncController


@pytest.fixture
def host(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def set_up(monkeypatch, db, admin):
    """The status of a workstation with a share, joined: rounds may start by themselves."""
    real = sync_control.status

    def configured(database):
        return replace(real(database), share_path=r"\\fs\rj", enrolled=True, approved=True)

    monkeypatch.setattr(sync_control, "status", configured)


class SlowRound:
    """Stands in for a round: waits until released, counts how often it ran."""

    def __init__(self, report: SyncReport | None = None) -> None:
        self.release = threading.Event()
        self.calls = 0
        self.report = report or SyncReport("synced", at="2026-05-01T14:05:00")

    def __call__(self, db, *, cancelled=lambda: False, clock=None) -> SyncReport:  # noqa: ANN001
        self.calls += 1
        self.release.wait(5)
        return self.report


def test_never_two_rounds_at_once(qtbot, host, db, set_up, monkeypatch):
    slow = SlowRound()
    monkeypatch.setattr(sync_control, "sync_now", slow)
    controller = SyncController(db, host, auto=False)
    first = controller.sync_in_background()
    assert first is not None and controller.running
    assert controller.sync_in_background() is None
    assert controller.sync_now() is None  # the person's F9 does not start a second one
    assert "running" in controller.why_not()
    slow.release.set()
    with qtbot.waitSignal(controller.round_finished, timeout=5000) as finished:
        pass
    assert finished.args[0].outcome == "synced"
    assert not controller.running and slow.calls == 1
    assert controller.why_not() == ""


def test_an_automatic_round_is_quiet(qtbot, host, db, set_up, monkeypatch):
    slow = SlowRound()
    monkeypatch.setattr(sync_control, "sync_now", slow)
    controller = SyncController(db, host, auto=False)
    job = controller.sync_in_background()
    qtbot.wait(jobs.PROGRESS_WINDOW_AFTER_MS + 200)
    assert QApplication.overrideCursor() is None  # no busy cursor
    assert job._dialog is None  # no progress window
    slow.release.set()
    qtbot.waitUntil(lambda: not controller.running, timeout=5000)


def test_a_round_that_brought_changes_asks_the_pages_to_read_again(qtbot, host, db, set_up,
                                                                   monkeypatch):
    slow = SlowRound(SyncReport("synced", changes_applied=3, at="2026-05-01T14:05:00"))
    slow.release.set()
    monkeypatch.setattr(sync_control, "sync_now", slow)
    controller = SyncController(db, host, auto=False)
    with qtbot.waitSignal(controller.records_changed, timeout=5000):
        controller.sync_in_background()
    qtbot.waitUntil(lambda: not controller.running, timeout=5000)
    slow.report = SyncReport("synced", at="2026-05-01T14:10:00")
    with qtbot.assertNotEmitted(controller.records_changed, wait=300):
        controller.sync_in_background()
        qtbot.waitUntil(lambda: not controller.running, timeout=5000)


def test_no_automatic_round_before_sync_is_set_up(qtbot, host, db, admin, monkeypatch):
    slow = SlowRound()
    monkeypatch.setattr(sync_control, "sync_now", slow)
    controller = SyncController(db, host, auto=False)
    assert controller.sync_in_background() is None and slow.calls == 0
    assert "not set up" in controller.why_not()


def test_sync_now_without_a_share_says_so(qtbot, host, db, admin):
    controller = SyncController(db, host, auto=False)
    controller.sync_now()
    qtbot.waitUntil(lambda: not controller.running, timeout=5000)
    box = controller.message_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "not set up" in box.text()
    box.close()


def test_the_share_coming_back_starts_a_round(qtbot, host, db, set_up, monkeypatch):
    real = sync_control.status

    def offline(database):
        return replace(real(database), last=SyncReport("offline", at="2026-05-01T14:05:00"))

    monkeypatch.setattr(sync_control, "status", offline)
    monkeypatch.setattr(sync_control, "share_reachable", lambda _db: True)
    slow = SlowRound()
    slow.release.set()
    monkeypatch.setattr(sync_control, "sync_now", slow)
    controller = SyncController(db, host, auto=False)
    with qtbot.waitSignal(controller.round_finished, timeout=5000):
        controller.look_for_share()
    assert slow.calls == 1
    qtbot.waitUntil(lambda: not controller.running and controller.probe is None, timeout=5000)


def test_a_round_that_breaks_is_logged_not_shown_when_automatic(qtbot, host, db, set_up,
                                                                monkeypatch, caplog):
    def broken(*_a, **_k):
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(sync_control, "sync_now", broken)
    controller = SyncController(db, host, auto=False)
    with qtbot.waitSignal(controller.round_finished, timeout=5000) as finished:
        controller.sync_in_background()
    assert finished.args[0].outcome == "failed" and "disk I/O" in finished.args[0].message
    assert "A sync round failed" in caplog.text
