"""The class window: roster and waitlist, the attendance grid (its model without a view, and
the keyboard), scan mode, completion, and the sessions tab's speakers and cancellations.

The class meets on Mondays from 08/25/2025, skipping Labor Day: eight sessions to 10/20/2025.
"Today" is set per test through ``icvc_common.today``, never the clock.
"""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from rjdesk.domain.icvc.enums import AttendanceMark, EnrollmentStatus
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.icvc import attendance, roster, schedule, speakers
from rjdesk.services.icvc.attendance import ScanOutcome
from rjdesk.services.volunteers import records as vs
from rjdesk.ui.common.widgets import ReasonDialog
from rjdesk.ui.icvc import common as icvc_common
from rjdesk.ui.icvc.attendance import AttendanceModel
from rjdesk.ui.icvc.class_window import ClassWindow
from rjdesk.ui.icvc.common import ELIGIBLE_BACKGROUND
from rjdesk.ui.icvc.enroll_dialog import EnrollDialog
from rjdesk.ui.icvc.session_dialogs import SpeakerChooser
from tests.ui.icvc.test_classes import closing
from tests.ui.keys import type_text, when_modal

M = AttendanceMark
BEFORE = date(2025, 8, 20)   # the class is planned
DURING = date(2025, 9, 10)   # sessions 1 (08/25) and 2 (09/08) are past
AFTER = date(2025, 11, 3)    # every session is past


@pytest.fixture
def today(monkeypatch):
    """Set the day the ICVC screens work on: ``today(DURING)``."""

    def set_today(day: date) -> None:
        monkeypatch.setattr(icvc_common, "today", lambda: day)

    set_today(BEFORE)
    return set_today


@pytest.fixture
def failures():
    """What went wrong inside a modal dialog (it was closed so the test could go on)."""
    found: list[BaseException] = []
    yield found
    if found:
        raise found[0]


@pytest.fixture
def cls(db, staff):
    return schedule.create_class(db, staff, schedule.ClassInput(
        site_code="JCCC", title="ICVC Fall 2025", facilitator="Dana Whitfield", capacity=3,
        sessions_required=6, first_day=date(2025, 8, 25), weekdays=frozenset({0}),
        session_count=8, starts_at=time(9), ends_at=time(11, 30),
        days_off=(schedule.DayOff(date(2025, 9, 1), "Labor Day"),)))


@pytest.fixture
def five(add_offender):
    names = [("Nguyễn", "Văn An"), ("Ñúñez", "José"), ("Okafor", "Emeka"), ("Smith", "Robert"),
             ("Zhang", "Wei")]
    return [add_offender(f"{3100000 + i}", last, first, housing_unit=f"HU 1-A-{i}")
            for i, (last, first) in enumerate(names)]


@pytest.fixture
def seated(db, staff, cls, five, today):
    return [roster.enroll(db, staff, cls.id, p.id, today=BEFORE) for p in five[:3]]


@pytest.fixture
def open_class(qtbot, db, staff):
    def make(class_id: str, actor=None) -> ClassWindow:
        window = ClassWindow(db, actor or staff, class_id)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        return window

    return make


def test_enrolling_past_capacity_asks_then_waitlists_and_a_withdrawal_promotes(
        db, staff, cls, five, seated, open_class, monkeypatch, failures):
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *a, **k:
                        asked.append(text) or QMessageBox.StandardButton.Yes)
    window = open_class(cls.id)
    tab = window.show_tab(window.roster_tab)
    assert tab.summary.text() == "3 of 3 seats taken"

    def choose_smith(dialog: EnrollDialog) -> None:
        type_text(dialog.search, "Smith")
        dialog.apply_filter()
        assert [r.name for r in dialog.model.rows] == ["SMITH, Robert"]
        dialog.accept()

    done = when_modal(EnrollDialog, closing(choose_smith, failures))
    tab.enroll()
    assert done and done[0].result() == QDialog.DialogCode.Accepted
    assert asked == ["The class is full — put SMITH, Robert on the waitlist?"]
    views = {e.name: e for e in roster.roster(db, staff, cls.id)}
    assert views["SMITH, Robert"].status is EnrollmentStatus.WAITLISTED
    assert "waitlist, number 1" in tab.message.text()
    statuses = [tab.model.data(tab.model.index(r, 3)) for r in range(tab.model.rowCount())]
    assert statuses[-1] == "Waitlist #1"
    assert "Seats 3/3 · 1 waiting" in window.seats_label.text()

    tab.select(seated[0].id)

    def give_reason(dialog: ReasonDialog) -> None:
        dialog.accept()  # no reason: refused at the field, still open
        assert "reason" in dialog.errors.shown and dialog.isVisible()
        dialog.reason.setText("Moved to another housing unit")
        dialog.accept()

    when_modal(ReasonDialog, closing(give_reason, failures))
    tab.withdraw_selected()
    views = {e.name: e for e in roster.roster(db, staff, cls.id)}
    assert views["SMITH, Robert"].status is EnrollmentStatus.ENROLLED
    assert views[seated[0].name].status is EnrollmentStatus.WITHDRAWN
    assert "SMITH, Robert (3100003) was first on the waitlist" in tab.message.text()
    # a withdrawal is named as such, never "left", which reads as seats left
    assert tab.summary.text() == "3 of 3 seats taken · 1 withdrawn"


def test_enrolling_someone_of_another_site_is_said_in_the_dialog(qtbot, db, staff, cls,
                                                               add_offender, today):
    elsewhere = add_offender("2000001", "Elsewhere", "Ed", site="ACC")
    dialog = EnrollDialog(db, staff, cls)
    qtbot.addWidget(dialog)
    assert dialog.model.row_of(elsewhere.id) < 0  # the list shows the class's site only
    assert dialog.model.rows == []
    dialog.accept()
    assert dialog.errors.shown == {"offender": "Choose the person to enroll."}


def test_the_attendance_model_marks_through_the_service_without_a_view(db, staff, cls,
                                                                       seated, today):
    today(DURING)
    model = AttendanceModel(db, staff)
    model.load(cls.id)
    assert model.rowCount() == 3 and model.columnCount() == 8
    assert model.headerData(0, Qt.Orientation.Horizontal) == "1\n08/25"
    first = model.index(0, 0)
    assert model.data(first) == ""
    assert model.setData(first, "p") is True
    assert model.data(first) == "P"
    row = next(r for r in attendance.grid(db, staff, cls.id).rows
               if r.enrollment_id == model.rows[0].enrollment_id)
    assert row.marks == {cls.sessions[0].id: M.PRESENT}

    refused: list[str] = []
    model.refused.connect(refused.append)
    future = model.index(0, 5)
    assert model.closed_reason(5) == "Not held yet"
    assert model.setData(future, "P") is False and model.data(future) == ""
    assert "has not happened yet" in refused[-1]
    assert model.setData(model.index(1, 1), "X") is False and "Type P" in refused[-1]
    assert model.setData(first, None) is True and model.data(first) == ""


def test_the_grid_is_filled_from_the_keyboard(qtbot, db, staff, cls, seated, today,
                                              open_class):
    today(DURING)
    schedule.cancel_session(db, staff, cls.sessions[1].id, "Lockdown")
    window = open_class(cls.id)
    tab = window.show_tab(window.attendance_tab)
    table, model = tab.table, tab.model
    table.setFocus()
    table.setCurrentIndex(model.index(0, 0))
    # the spreadsheet habit: a letter stays on its cell, then Down or Enter goes on by one
    for key, then in ((Qt.Key.Key_P, Qt.Key.Key_Down), (Qt.Key.Key_L, Qt.Key.Key_Return),
                      (Qt.Key.Key_A, None)):
        row = table.currentIndex().row()
        qtbot.keyClick(table, key)
        assert table.currentIndex().row() == row  # a mark does not move by itself
        if then is not None:
            qtbot.keyClick(table, then)
            assert table.currentIndex().row() == row + 1  # the next person, no one skipped
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["P", "L", "A"]
    assert table.currentIndex().row() == 2
    qtbot.keyClick(table, Qt.Key.Key_P)  # typing again on the same cell corrects it
    assert model.data(model.index(2, 0)) == "P" and table.currentIndex().row() == 2
    qtbot.keyClick(table, Qt.Key.Key_A)
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert model.data(model.index(1, 0)) == ""
    qtbot.keyClick(table, Qt.Key.Key_Right)  # the cancelled session
    qtbot.keyClick(table, Qt.Key.Key_E)
    assert model.data(model.index(1, 1)) == "" and "cancelled" in tab.message.text()
    assert tab.message.kind == "error"
    marks = {r.name: r.marks for r in attendance.grid(db, staff, cls.id).rows}
    assert marks[seated[0].name] == {cls.sessions[0].id: M.PRESENT}
    assert marks[seated[1].name] == {}


def test_scan_mode_answers_each_scan_and_stays_ready(qtbot, db, staff, cls, five, seated,
                                                    today, open_class):
    today(DURING)
    window = open_class(cls.id)
    tab = window.show_tab(window.attendance_tab)
    tab.table.setCurrentIndex(tab.model.index(0, 1))  # session 2, 09/08
    panel = tab.start_scan()
    assert panel is not None and "Session 2 of 8" in panel.heading.text()
    scans = [(five[0].doc_number, ScanOutcome.MARKED_PRESENT, "PRESENT", "ok"),
             (five[0].doc_number, ScanOutcome.ALREADY_MARKED, "ALREADY MARKED", "warn"),
             (five[4].doc_number, ScanOutcome.NOT_ON_ROSTER, "NOT ON THIS ROSTER", "error"),
             ("9999991", ScanOutcome.UNKNOWN_NUMBER, "UNKNOWN NUMBER", "error"),
             ("12A4", ScanOutcome.NOT_A_NUMBER, "NOT A DOC NUMBER", "error")]
    panel.beep = False
    for raw, outcome, word, tone in scans:
        qtbot.keyClicks(panel.input, raw)
        qtbot.keyClick(panel.input, Qt.Key.Key_Return)
        assert panel.last is not None and panel.last.outcome is outcome
        assert word in panel.result.text() and panel.last_tone == tone
        assert panel.input.text() == ""
        assert panel.input.hasFocus()
    assert panel.log.count() == 5 and "NOT A DOC NUMBER" in panel.log.item(0).text()
    assert QApplication.activeModalWidget() is None  # never a box in the way
    qtbot.keyClick(panel.input, Qt.Key.Key_Escape)
    assert tab.pages.currentIndex() == 0
    assert tab.model.data(tab.model.index(0, 1)) == "P"  # the grid shows the scan
    tab.table.setCurrentIndex(tab.model.index(0, 4))  # a session not held yet
    assert tab.start_scan() is None and "not held yet" in tab.message.text()
    assert tab.pages.currentIndex() == 0


def test_completion_completes_the_eligible_and_refuses_the_rest(qtbot, db, staff, cls,
                                                                seated, today, open_class):
    good, short, _ = seated
    for s, (g, h) in zip(cls.sessions, [(M.PRESENT, M.PRESENT)] * 3 + [(M.LATE, M.ABSENT)] +
                         [(M.PRESENT, M.ABSENT)] * 4, strict=True):
        attendance.mark(db, staff, s.id, good.id, g, today=AFTER)
        attendance.mark(db, staff, s.id, short.id, h, today=AFTER)
    today(AFTER)
    window = open_class(cls.id)
    tab = window.show_tab(window.completion_tab)
    model = tab.model
    row = next(i for i, (e, _) in enumerate(model.rows) if e.id == good.id)
    assert model.data(model.index(row, 4)) == "Yes"
    assert model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole).color() == \
        ELIGIBLE_BACKGROUND
    assert tab.complete_all_button.text() == "Complete &eligible (1)"
    done = tab.complete_eligible()
    assert done == [good.id]
    views = {e.id: e for e in roster.roster(db, staff, cls.id)}
    assert views[good.id].status is EnrollmentStatus.COMPLETED
    assert views[good.id].completed_on == AFTER and views[good.id].certificate_number
    assert views[short.id].status is EnrollmentStatus.ENROLLED
    assert "1 person completed" in tab.message.text()
    short_row = next(i for i, (e, _) in enumerate(tab.model.rows) if e.id == short.id)
    tab.table.setCurrentIndex(tab.model.index(short_row, 0))
    assert tab.complete_current() is None
    assert "attended 3 of the 6" in tab.message.text() and tab.message.kind == "error"
    tab.print_certificates()  # no selection: everyone completed
    qtbot.waitUntil(lambda: getattr(tab, "preview", None) is not None, timeout=15000)
    assert tab.preview.page_count == 1
    tab.preview.reject()


def test_booking_a_speaker_shows_the_refusal_then_books(qtbot, db, staff, admin, cls, today,
                                                        open_class, failures):
    def speaker(last: str, expires: date):
        return vs.create_volunteer(db, admin, vs.VolunteerInput(
            last, "Pat", "JCCC", roles=frozenset({VolunteerRole.VICTIM_SPEAKER}),
            background_check_on=date(2024, 1, 10), background_check_expires=expires,
            speaker_consent_on=date(2024, 1, 10), speaker_screened_on=date(2024, 2, 1)))

    expired, cleared = speaker("Expired", date(2025, 9, 1)), speaker("Cleared", date(2027, 1, 1))
    window = open_class(cls.id)
    tab = window.sessions_tab
    tab.select_session(cls.sessions[2].id)  # 09/15/2025, after the clearance ran out

    def book(dialog: SpeakerChooser) -> None:
        assert {r.name for r in dialog.model.rows} == {"EXPIRED, Pat", "CLEARED, Pat"}
        dialog.choose(expired.id)
        dialog.accept()
        assert "expired on 09/01/2025" in dialog.errors.shown["speaker"]
        dialog.choose(cleared.id)
        dialog.accept()

    done = when_modal(SpeakerChooser, closing(book, failures))
    tab.book_speaker()
    assert done and done[0].result() == QDialog.DialogCode.Accepted
    assert [v.name for v in speakers.speakers_of(db, staff, cls.sessions[2].id)] == \
        ["CLEARED, Pat"]
    row = tab.model.row_of(cls.sessions[2].id)
    assert tab.model.data(tab.model.index(row, 4)) == "CLEARED, Pat"
    assert tab.speaker_list.item(0).text() == "CLEARED, Pat"
    tab.unbook_speaker()
    assert speakers.speakers_of(db, staff, cls.sessions[2].id) == []


def test_a_finished_class_offers_no_move_cancel_or_booking_and_says_why(db, staff, cls, today,
                                                                       open_class):
    today(DURING)
    tab = open_class(cls.id).sessions_tab
    tab.select_session(cls.sessions[3].id)
    assert tab.move_button.isEnabled() and tab.book_button.isEnabled()
    today(AFTER)
    tab = open_class(cls.id).sessions_tab
    tab.select_session(cls.sessions[3].id)
    for button in (tab.move_button, tab.cancel_button, tab.book_button):
        assert not button.isEnabled() and "finished" in button.toolTip()
    assert tab.print_button.isEnabled()  # a sign-in sheet can still be printed


def test_cancelling_a_session_numbers_the_rest_again(qtbot, db, staff, cls, today, open_class,
                                                     failures):
    window = open_class(cls.id)
    tab = window.sessions_tab
    tab.select_session(cls.sessions[1].id)

    def give_reason(dialog: ReasonDialog) -> None:
        dialog.reason.setText("Lockdown")
        dialog.accept()

    when_modal(ReasonDialog, closing(give_reason, failures))
    tab.cancel_session()
    labels = [tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())]
    assert labels[:3] == ["Session 1 of 7", "Cancelled: Lockdown", "Session 2 of 7"]
    assert "is cancelled" in tab.message.text()
    assert not tab.move_button.isEnabled()  # the selected (cancelled) session moves no more


def test_the_sign_in_sheet_prints_to_a_preview(qtbot, db, staff, cls, seated, today,
                                               open_class, monkeypatch):
    window = open_class(cls.id)
    tab = window.sessions_tab
    tab.select_session(cls.sessions[0].id)
    tab.print_sign_in_sheet()
    qtbot.waitUntil(lambda: getattr(tab, "preview", None) is not None, timeout=15000)
    assert tab.preview.page_count >= 1
    tab.preview.reject()
