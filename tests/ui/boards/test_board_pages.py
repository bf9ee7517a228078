"""The board pages: the board of an office with its members (an expired check said at the
volunteer), and the meeting window (a case put on the agenda, no decision without three members
present who may sit, an ineligible member ticked refused at the list)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from rjdesk.domain.boards.enums import CaseStatus, HearingPurpose, MeetingStatus
from rjdesk.domain.core.enums import Role
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.boards import boards, cases, meetings
from rjdesk.services.boards.boards import MemberInput
from rjdesk.services.boards.case_views import ReferralInput
from rjdesk.services.volunteers import records as volunteers
from rjdesk.ui.boards import board_common
from rjdesk.ui.boards.board_view import BoardPage
from rjdesk.ui.boards.meeting_window import MeetingWindow
from rjdesk.ui.boards.meetings_view import MeetingsPage, NewMeetingDialog
from rjdesk.ui.boards.member_dialog import MemberDialog
from tests.ui.keys import press, type_text, when_modal

TODAY = date(2025, 6, 13)
MEETING_DAY = date(2025, 6, 10)
TERM = (date(2025, 1, 1), date(2026, 12, 31))
TRAINED = date(2025, 1, 20)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(board_common, "today", lambda: TODAY)
    # closing after the test throws away what it left unsaved (tests of asking patch their own)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Discard)


def volunteer(db, admin, last: str, first: str, *, expires: date = date(2026, 3, 1)):
    return volunteers.create_volunteer(db, admin, volunteers.VolunteerInput(
        last, first, "PP-01", roles=frozenset({VolunteerRole.BOARD_MEMBER}),
        background_check_on=date(2024, 3, 1), background_check_expires=expires), today=TODAY)


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.BOARD_COORDINATOR, "PP-01")


@pytest.fixture
def board(db, coordinator):
    return boards.open_board(db, coordinator, "PP-01")


@pytest.fixture
def members(db, admin, coordinator, board):
    """Four members who may sit, in name order, and one whose check expired before the
    meeting."""
    ids = []
    for last, first in (("Brown", "Ruth"), ("Dubois", "Marc"), ("Nguyễn", "Thị Lan"),
                        ("Okafor", "Chidi"), ("Pérez", "Elena")):
        v = volunteer(db, admin, last, first,
                      expires=date(2025, 5, 31) if last == "Pérez" else date(2026, 3, 1))
        ids.append(boards.save_member(db, coordinator, board.id,
                                      MemberInput(v.id, *TERM, trained_on=TRAINED),
                                      today=TODAY).id)
    return ids


@pytest.fixture
def case(db, coordinator, add_offender):
    add_offender("4100001", "Garcia", "Luis", site="PP-01", status=OffenderStatus.SUPERVISED)
    return cases.refer(db, coordinator, ReferralInput(
        "4100001", "Buchanan County Circuit Court", "25BU-CR00101", "Stealing",
        date(2025, 5, 2)), today=TODAY)


@pytest.fixture
def meeting(db, coordinator, board, members):
    return meetings.plan_meeting(db, coordinator, meetings.MeetingInput(
        board.id, MEETING_DAY, "18:30", "Buchanan County Courthouse, room 2"), today=TODAY)


@pytest.fixture
def window(qtbot, db, coordinator, meeting):
    shown = MeetingWindow(db, coordinator, meeting)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def state(db) -> str:
    from rjdesk.store.digest import state_digest

    with db.reading() as tx:
        return state_digest(tx.connection())


# -- the board and its members -----------------------------------------------------------------

def test_the_board_page_opens_the_board_of_the_office_with_one_button(qtbot, db, coordinator):
    page = BoardPage(db, coordinator)
    qtbot.addWidget(page)
    assert page.office.currentData() == "PP-01"
    assert "has no board yet" in page.heading.text()
    assert not page.open_button.isHidden() and page.new_reason()
    page.open_button.click()
    assert page.board is not None and page.board.site_code == "PP-01"
    assert page.open_button.isHidden() and page.new_reason() == ""
    assert "Reparation/Accountability Board" in page.heading.text()


def test_members_show_who_can_sit_today_and_why_not_in_red(qtbot, db, coordinator, members):
    page = BoardPage(db, coordinator)
    qtbot.addWidget(page)
    shown = {page.model.index(r, 0).data(): page.model.index(r, 5).data()
             for r in range(page.model.rowCount())}
    assert shown["PÉREZ, Elena"] == ("No: has a background check that expired on "
                                     "05/31/2025")
    assert shown["NGUYỄN, Thị Lan"] == "Yes"
    assert page.model.index(0, 3).data() == "03/01/2026"  # Brown's check expiry
    assert page.count_label.text() == "5 members, 1 cannot sit today"


def test_the_member_dialog_says_at_the_volunteer_that_the_check_expired(qtbot, db, admin,
                                                                          coordinator, board):
    lapsed = volunteer(db, admin, "Quinn", "Tom", expires=date(2025, 5, 31))
    page = BoardPage(db, coordinator)
    qtbot.addWidget(page)

    def fill(dialog: MemberDialog) -> None:
        assert dialog.choose(lapsed.id)
        dialog.term_end.setText("12/31/2026")
        dialog.trained_on.setText("01/20/2025")
        before = state(db)
        dialog.accept()  # first OK: the check is said at the volunteer, nothing saved
        assert dialog.isVisible() and dialog.saved is None
        assert "expired on 05/31/2025" in dialog.errors.shown["volunteer_id"]
        assert state(db) == before
        dialog.accept()  # again: the volunteer joins, and cannot sit until it is renewed

    when_modal(MemberDialog, fill)
    page.create()
    assert page.message.kind == "warn" and "background check that expired" in \
        page.message.text()
    assert [m.name for m in page.board.members] == ["QUINN, Tom"]


def test_the_member_dialog_shows_each_wrong_date_at_its_field(qtbot, db, admin, coordinator,
                                                              board):
    v = volunteer(db, admin, "Brown", "Ruth")
    fresh = boards.get_board(db, coordinator, board.id, today=TODAY)
    dialog = MemberDialog(db, coordinator, fresh, [r for r in volunteers.list_volunteers(
        db, coordinator, fresh.site_id)[0]])
    qtbot.addWidget(dialog)
    assert dialog.choose(v.id)
    dialog.term_start.setText("01/01/2025")
    dialog.term_end.setText("13/45/2026")
    dialog.chair_from.setText("01/01/2025")
    dialog.chair_to.setText("06/30/2026")
    dialog.accept()
    assert "not a date" in dialog.errors.shown["term_end"]
    dialog.term_end.setText("12/31/2026")
    before = state(db)
    dialog.accept()  # the service's refusal: a chair for more than a year, at its field
    assert "at most a year" in dialog.errors.shown["chair_to"]
    assert dialog.saved is None and state(db) == before


# -- meetings ------------------------------------------------------------------------------------

def test_a_new_meeting_is_planned_and_listed_newest_first(qtbot, db, coordinator, meeting):
    page = MeetingsPage(db, coordinator)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 1

    def plan(dialog: NewMeetingDialog) -> None:
        dialog.held_on.setText("07/08/2025")
        dialog.starts_at.setText("25:00")
        dialog.accept()
        assert "not a time" in dialog.errors.shown["starts_at"]
        dialog.starts_at.clear()
        type_text(dialog.starts_at, "18:00")
        type_text(dialog.location, "Salle Hébert")
        dialog.accept()

    when_modal(NewMeetingDialog, plan)
    when_modal(MeetingWindow, lambda w: w.reject())
    page.create()
    assert [page.model.index(r, 0).data() for r in range(2)] == ["07/08/2025", "06/10/2025"]
    assert page.model.index(0, 2).data() == "Salle Hébert"
    assert page.window_open is not None and page.window_open.meeting.location == "Salle Hébert"


def test_the_agenda_lists_a_case_added_from_the_open_cases(window, case, db, coordinator):
    window.load_members()
    window.show_meeting(window.meeting)
    assert window.case_choice.findData(case.id) > 0
    window.case_choice.setCurrentIndex(window.case_choice.findData(case.id))
    assert window.purpose.currentData() == HearingPurpose.FIRST.value
    window.add_button.click()
    assert window.message.kind == "ok"
    assert window.agenda.rowCount() == 1
    assert [window.agenda.item(0, c).text() for c in range(5)] == [
        "GARCIA, Luis", "4100001", "25BU-CR00101", "First meeting", "Scheduled"]
    assert window.case_choice.findData(case.id) < 0  # offered once
    assert cases.get_case(db, coordinator, case.id, today=TODAY).status is CaseStatus.SCHEDULED
    window.remove_button.click()
    assert window.agenda.rowCount() == 0 and window.case_choice.findData(case.id) > 0


def test_no_decision_with_two_present_and_saved_with_three(window, case, db, members):
    window.load_members()
    window.show_meeting(meetings.add_to_agenda(window.db, window.actor, window.meeting.id,
                                               case.id, HearingPurpose.FIRST, today=TODAY))
    for member_id in members[:2]:
        assert window.tick(member_id)
    window.attend_button.click()
    assert window.quorum.text().startswith("2 of 3 needed present")
    type_text(window.decision, "Agreement: apology letter, 40 hours")
    before = state(db)
    window.decide_button.click()
    message = window.errors.shown["decision"]
    assert "without a quorum" in message and "2 member(s)" in message and "3 are needed" in \
        message
    assert state(db) == before and window.decision.text().startswith("Agreement")
    assert window.tick(members[2])
    assert "save the attendance" in window.quorum.text()
    window.attend_button.click()
    assert window.quorum.text() == "3 of 3 needed present: the board may decide"
    window.decision.setText("Agreement: apology letter, 40 hours")
    window.decision.setFocus()
    press(window.decision, Qt.Key.Key_Return)  # Enter in the field records it, once
    assert "decision" not in window.errors.shown and window.message.kind == "ok"
    assert window.agenda.rowCount() == 1 and window.meeting.status is MeetingStatus.PLANNED
    assert window.agenda.item(0, 5).text() == "Agreement: apology letter, 40 hours"
    assert meetings.get_meeting(db, window.actor, window.meeting.id).hearings[0].decision


def test_an_ineligible_member_ticked_is_refused_at_the_list(window, db, members):
    for member_id in members:  # the fifth's check expired before the meeting
        window.tick(member_id)
    before = state(db)
    window.attend_button.click()
    message = window.errors.shown["present"]
    assert "PÉREZ, Elena has a background check that expired on 05/31/2025" in message
    assert state(db) == before and window.meeting.present == ()
    row = [window.present.item(i).text() for i in range(window.present.count())]
    assert row[-1].startswith("PÉREZ, Elena — has a background check")


def test_holding_keeps_the_minutes_and_opens_the_minutes_to_print(window, db):
    assert not window.print_minutes_button.isEnabled()
    window.minutes.setPlainText("Opened at 18:30. Two cases heard.")
    window.hold_button.click()
    assert window.meeting.status is MeetingStatus.HELD and window.print_minutes_button.isEnabled()
    assert window.hold_button.text() == "Save &minutes"
    assert not window.add_button.isEnabled()  # a held meeting's agenda is closed
    assert meetings.get_meeting(db, window.actor, window.meeting.id).minutes.startswith(
        "Opened at 18:30")


def test_the_agenda_and_the_minutes_are_previewed_to_print(window, case, qtbot, reader):
    window.load_members()
    window.show_meeting(meetings.add_to_agenda(window.db, window.actor, window.meeting.id,
                                               case.id, HearingPurpose.FIRST, today=TODAY))
    window.print_agenda_button.click()
    qtbot.waitUntil(lambda: getattr(window, "preview", None) is not None, timeout=10_000)
    preview = window.preview
    assert preview.load_error is None and preview.page_count >= 1
    assert "agenda" in preview.windowTitle()
    text = " ".join(reader.pages_text(preview.path))
    assert "GARCIA" in text and "25BU-CR00101" in text
    preview.close()


def test_institution_staff_look_at_the_meetings_and_change_nothing(qtbot, db, staff, meeting):
    page = MeetingsPage(db, staff)
    qtbot.addWidget(page)
    assert page.office.currentData() == "PP-01"  # JCCC holds no board: the first office
    assert page.model.rowCount() == 1 and page.new_button.isHidden()
    assert "cannot plan" in page.new_reason()
    window = MeetingWindow(db, staff, meetings.get_meeting(db, staff, meeting.id))
    qtbot.addWidget(window)
    assert not window.attend_button.isEnabled() and not window.decide_button.isEnabled()
