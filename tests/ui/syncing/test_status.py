"""The status bar's sync indicator: what it says in every state, readable without colour."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from rjdesk.services.syncing.control import SyncReport, SyncStatus
from rjdesk.ui.syncing.status import SyncIndicator, describe, report_lines, when

NOW = datetime.now(timezone.utc).replace(microsecond=0)
CLOCK = ("this workstation's clock is 2.0 hours ahead of the share's; set the date and time "
         "right (changes still merge in order)")


def status(*, share: str = r"\\fs\rj", enrolled: bool = True, approved: bool = True,
           pending: int = 0, conflicts: int = 0, rejected: int = 0, outcome: str | None = None,
           at: datetime = NOW, warnings: tuple[str, ...] = (), message: str = "") -> SyncStatus:
    last = None
    if outcome is not None:
        last = SyncReport(outcome, message, warnings=list(warnings),
                          at=at.astimezone(timezone.utc).replace(tzinfo=None).isoformat())
    return SyncStatus(share_path=share, workstation_name="JCCC-ICVC-1", site_code="JCCC",
                      enrolled=enrolled, approved=approved, joined=approved, pending=pending,
                      open_conflicts=conflicts, rejected=rejected, rejected_recent=rejected,
                      last=last)


def hhmm(at: datetime) -> str:
    return f"{at.astimezone():%H:%M}"


@pytest.mark.parametrize(("given", "text", "tone"), [
    (status(share=""), "Sync: not set up", "off"),
    (status(enrolled=False, approved=False), "Sync: not set up", "off"),
    (status(), "Sync: not run yet", "off"),
    (status(outcome="offline", pending=3), "Offline — 3 changes waiting", "warn"),
    (status(outcome="offline", pending=1), "Offline — 1 change waiting", "warn"),
    (status(outcome="offline"), "Offline — nothing waiting", "warn"),
    (status(outcome="waiting", approved=False), "Sync: waiting for approval", "warn"),
    (status(outcome="joining", approved=True), "Sync: not joined yet", "warn"),
    (status(outcome="synced"), f"Synced at {hhmm(NOW)}", "ok"),
    (status(outcome="synced", pending=2), f"Synced at {hhmm(NOW)} · 2 waiting", "ok"),
    (status(outcome="failed"), f"Sync failed at {hhmm(NOW)}", "error"),
    (status(outcome="incomplete", pending=5),
     f"Partly synced at {hhmm(NOW)} — 5 changes waiting", "warn"),
    (status(outcome="synced", conflicts=2), f"Synced at {hhmm(NOW)} · 2 conflicts", "error"),
    (status(outcome="offline", pending=4, conflicts=1, rejected=3),
     "Offline — 4 changes waiting · 1 conflict · 3 rejected", "error"),
    (status(outcome="synced", warnings=(CLOCK,)), f"Synced at {hhmm(NOW)} · 1 warning", "warn"),
])
def test_what_the_indicator_says(given, text, tone):
    shown = describe(given, now=NOW)
    assert (shown.text, shown.tone) == (text, tone)


def test_a_running_round_says_syncing_and_keeps_what_needs_a_person():
    shown = describe(status(outcome="synced", conflicts=1), running=True, now=NOW)
    assert shown.text == "Syncing… · 1 conflict" and shown.tone == "busy"


def test_an_older_sync_names_its_day():
    then = NOW - timedelta(days=3)
    shown = describe(status(outcome="synced", at=then), now=NOW)
    assert shown.text in (f"Synced {then.astimezone():%m/%d} {hhmm(then)}",
                          f"Synced {then.astimezone():%m/%d/%Y} {hhmm(then)}")
    assert when(NOW, NOW) == hhmm(NOW)


def test_the_tooltip_carries_the_last_rounds_lines_and_warnings():
    shown = describe(status(outcome="offline", pending=2, message="The share cannot be "
                            "reached", warnings=(CLOCK,)), now=NOW)
    assert r"Share: \\fs\rj" in shown.tooltip
    assert "This workstation: JCCC-ICVC-1 (JCCC)" in shown.tooltip
    assert "the share was offline — The share cannot be reached" in shown.tooltip
    assert f"Warning: {CLOCK}" in shown.tooltip
    not_set_up = describe(status(share=""), now=NOW)
    assert "Sync settings" in not_set_up.tooltip


def test_the_widget_shows_text_icon_and_tooltip_and_opens_the_page(qtbot):
    indicator = SyncIndicator()
    qtbot.addWidget(indicator)
    indicator.show()
    indicator.show_status(status(outcome="offline", pending=3, warnings=(CLOCK,)))
    assert indicator.text() == "Offline — 3 changes waiting · 1 warning"
    assert not indicator.icon().isNull()
    assert CLOCK in indicator.toolTip() and "Click for the Sync page" in indicator.toolTip()
    assert indicator.accessibleName() == indicator.text()
    with qtbot.waitSignal(indicator.clicked, timeout=1000):
        qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    indicator.set_clickable(False)
    indicator.show_status(status(outcome="synced"))
    assert "Click" not in indicator.toolTip()
    with qtbot.assertNotEmitted(indicator.clicked, wait=100):
        qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)


def test_a_published_snapshot_is_said_in_words_not_by_its_file_name():
    name = "snapshot-JCCC-ICVC-1-0001760000000000-0000.rjsnap"
    lines = report_lines(SyncReport(outcome="synced", published=3, snapshot=name))
    assert not any(name in line for line in lines)
    assert any("full copy of the records" in line for line in lines)
