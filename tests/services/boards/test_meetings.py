"""A board's meetings: planned once per day and time, the agenda (a first meeting schedules a
referred case), attendance of members who may sit that day, decisions only with a quorum and
not before the day, the minutes; each refusal names its field and writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import CaseStatus, HearingPurpose, MeetingStatus
from rjdesk.domain.boards.models import BoardCase, CaseStep, Hearing
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.services.boards import boards, meetings
from rjdesk.services.core.errors import (
    AlreadyExists,
    Errors,
    InvalidInput,
    NotAllowed,
    Refused,
)
from tests.services.boards.conftest import (
    MEETING_DAY,
    TODAY,
    board_volunteer,
    make_case,
    member_input,
    state,
)


@pytest.fixture
def meeting(db, coordinator, board) -> meetings.MeetingView:
    return meetings.plan_meeting(db, coordinator, meetings.MeetingInput(
        board.id, MEETING_DAY, "18:30", "Buchanan County Courthouse, room 2"), today=TODAY)


@pytest.fixture
def heard(db, admin, coordinator, meeting, offender) -> str:
    """A case on the meeting's agenda, for its first meeting."""
    case_id = make_case(db, admin, offender, "PP-01")
    meetings.add_to_agenda(db, coordinator, meeting.id, case_id, HearingPurpose.FIRST,
                           today=TODAY)
    return case_id


def test_a_meeting_is_planned_once_per_day_and_time(db, coordinator, board, meeting) -> None:
    assert meeting.id == rules.meeting_key(board.id, MEETING_DAY, "18:30")
    assert (meeting.status, meeting.site_code, meeting.quorum) == (
        MeetingStatus.PLANNED, "PP-01", False)
    early = meetings.plan_meeting(db, coordinator, meetings.MeetingInput(
        board.id, date(2025, 7, 8), " 6:30 "), today=TODAY)
    assert early.starts_at == "06:30"
    before = state(db)
    with pytest.raises(AlreadyExists) as twice:
        meetings.plan_meeting(db, coordinator, meetings.MeetingInput(
            board.id, MEETING_DAY, "18:30"), today=TODAY)
    assert twice.value.field == "held_on" and "06/10/2025 at 18:30" in twice.value.message
    with pytest.raises(Errors) as wrong:
        meetings.plan_meeting(db, coordinator, meetings.MeetingInput(
            board.id, date(2025, 7, 15), "25:00", "=HYPERLINK(1)"), today=TODAY)
    assert set(wrong.value.errors) == {"starts_at", "location"}
    assert "“25:00” is not a time" in wrong.value.errors["starts_at"]
    assert state(db) == before
    rows = meetings.list_meetings(db, coordinator, board.id)
    assert [(r.held_on, r.starts_at, r.status_label) for r in rows] == [
        (date(2025, 7, 8), "06:30", "Planned"), (MEETING_DAY, "18:30", "Planned")]


def test_a_first_meeting_schedules_a_referred_case_as_a_step(db, coordinator, meeting,
                                                             heard) -> None:
    view = meetings.get_meeting(db, coordinator, meeting.id, today=TODAY)
    [hearing] = view.hearings
    assert (hearing.case_id, hearing.doc_number, hearing.offender_name, hearing.purpose,
            hearing.case_status, hearing.decision) == (
        heard, "4100001", "GARCIA, Luis", HearingPurpose.FIRST, CaseStatus.SCHEDULED, "")
    with db.reading() as tx:
        case = tx.get(BoardCase, heard)
        assert (case.status, case.status_on) == (CaseStatus.SCHEDULED, TODAY)
        step = tx.get(CaseStep, rules.step_key(heard, CaseStatus.SCHEDULED))
        assert (step.happened_on, step.by_user_id) == (TODAY, coordinator.user_id)
        assert "06/10/2025" in step.note
        assert tx.scalar(select(AuditEvent.summary).where(
            AuditEvent.action == "view", AuditEvent.entity == "board_meeting")) is not None
    [row] = meetings.list_meetings(db, coordinator, meeting.board_id)
    assert (row.cases, row.present) == (1, 0)


def test_the_agenda_takes_open_cases_of_the_office_once(db, admin, coordinator, meeting,
                                                        heard, add_offender) -> None:
    fresh = make_case(db, admin, add_offender("4100002", "Hill", "Mark", site="PP-01"),
                      "PP-01")
    elsewhere = make_case(db, admin, add_offender("4100003", "Ortiz", "Ana", site="PP-02"),
                          "PP-02")
    closed = make_case(db, admin, add_offender("4100004", "Lee", "Jo", site="PP-01"),
                       "PP-01", status=CaseStatus.COMPLETED)
    before = state(db)
    for case_id, purpose, field, words in (
            (fresh, HearingPurpose.MID_TERM, "purpose", "heard first at a first meeting"),
            (elsewhere, HearingPurpose.FIRST, "case_id", "That case is at PP-02"),
            (closed, HearingPurpose.CLOSING, "case_id", "That case is closed"),
            (heard, HearingPurpose.FIRST, "case_id", "already on the meeting's agenda")):
        with pytest.raises(Refused) as refused:
            meetings.add_to_agenda(db, coordinator, meeting.id, case_id, purpose, today=TODAY)
        assert (refused.value.field, words in refused.value.message) == (field, True)
    assert state(db) == before


def test_attendance_takes_only_members_who_may_sit_that_day(db, admin, coordinator, board,
                                                            meeting, members) -> None:
    before = state(db)
    for member_id, why in ((members.expired,
                            "PÉREZ, Elena has a background check that expired on 05/31/2025"),
                           (members.untrained,
                            "QUINN, Tom has not completed the board training")):
        with pytest.raises(InvalidInput) as refused:
            meetings.record_attendance(db, coordinator, meeting.id,
                                       [*members.sitting[:2], member_id], today=TODAY)
        assert refused.value.field == "present"
        assert why in refused.value.message and "On 06/10/2025" in refused.value.message
    # a term that ended before the meeting
    late = board_volunteer(db, admin, "Reyes", "Carmen")
    ended = boards.save_member(db, coordinator, board.id, member_input(
        late.id, term_start=date(2024, 1, 1), term_end=date(2025, 5, 31)), today=TODAY)
    before = state(db)
    with pytest.raises(InvalidInput) as refused:
        meetings.record_attendance(db, coordinator, meeting.id, [ended.id], today=TODAY)
    assert "REYES, Carmen has a term that ended on 05/31/2025" in refused.value.message
    with pytest.raises(InvalidInput) as stranger:
        meetings.record_attendance(db, coordinator, meeting.id, ["not-a-member"], today=TODAY)
    assert "not on this board" in stranger.value.message
    assert state(db) == before
    view = meetings.record_attendance(db, coordinator, meeting.id, members.sitting[:3],
                                      today=TODAY)
    assert ([m.id for m in view.present], view.quorum) == (list(members.sitting[:3]), True)
    view = meetings.record_attendance(db, coordinator, meeting.id, [members.sitting[3]],
                                      today=TODAY)
    assert ([m.id for m in view.present], view.quorum) == ([members.sitting[3]], False)


def test_without_a_quorum_the_board_decides_nothing(db, coordinator, meeting, members,
                                                    heard) -> None:
    meetings.record_attendance(db, coordinator, meeting.id, members.sitting[:2], today=TODAY)
    before = state(db)
    with pytest.raises(InvalidInput) as refused:
        meetings.record_decision(db, coordinator, meeting.id, heard,
                                 "Agreement: apology letter and 20 hours.", today=TODAY)
    assert refused.value.field == "decision"
    assert "2 member(s)" in refused.value.message and "3 are needed" in refused.value.message
    assert state(db) == before
    meetings.record_attendance(db, coordinator, meeting.id, members.sitting[:3], today=TODAY)
    view = meetings.record_decision(db, coordinator, meeting.id, heard,
                                    "  Agreement: apology letter and 20 hours.  ", today=TODAY)
    assert view.quorum
    assert view.hearings[0].decision == "Agreement: apology letter and 20 hours."
    with db.reading() as tx:
        assert tx.get(Hearing, rules.hearing_key(meeting.id, heard)).decision.startswith(
            "Agreement")
    # decided: the case stays on the agenda, and attendance keeps the quorum
    with pytest.raises(InvalidInput) as kept:
        meetings.remove_from_agenda(db, coordinator, meeting.id, heard, today=TODAY)
    assert kept.value.field == "case_id"
    with pytest.raises(InvalidInput) as thinned:
        meetings.record_attendance(db, coordinator, meeting.id, members.sitting[:2],
                                   today=TODAY)
    assert thinned.value.field == "present" and "quorum" in thinned.value.message


def test_nothing_is_decided_or_held_before_the_day(db, coordinator, meeting, members,
                                                   heard) -> None:
    meetings.record_attendance(db, coordinator, meeting.id, members.sitting, today=TODAY)
    before = state(db)
    the_day_before = date(2025, 6, 9)
    with pytest.raises(InvalidInput) as refused:
        meetings.record_decision(db, coordinator, meeting.id, heard, "Agreement.",
                                 today=the_day_before)
    assert refused.value.field == "decision" and "06/10/2025" in refused.value.message
    with pytest.raises(InvalidInput) as early:
        meetings.hold_meeting(db, coordinator, meeting.id, "Minutes.", today=the_day_before)
    assert early.value.field == "held_on"
    with pytest.raises(InvalidInput) as blank:
        meetings.record_decision(db, coordinator, meeting.id, heard, "  ", today=TODAY)
    assert blank.value.field == "decision"
    assert state(db) == before


def test_a_meeting_is_held_with_its_minutes_or_cancelled(db, coordinator, board, meeting,
                                                         members, heard) -> None:
    meetings.record_attendance(db, coordinator, meeting.id, members.sitting, today=TODAY)
    held = meetings.hold_meeting(db, coordinator, meeting.id,
                                 "Mr. Garcia attended; the board heard him.\nAdjourned 19:40.",
                                 today=TODAY)
    assert (held.status, held.minutes.endswith("19:40.")) == (MeetingStatus.HELD, True)
    with pytest.raises(InvalidInput):
        meetings.cancel_meeting(db, coordinator, meeting.id, today=TODAY)
    with pytest.raises(InvalidInput):
        meetings.add_to_agenda(db, coordinator, meeting.id, "any", HearingPurpose.FIRST,
                               today=TODAY)
    later = meetings.plan_meeting(db, coordinator, meetings.MeetingInput(
        board.id, date(2025, 7, 8)), today=TODAY)
    cancelled = meetings.cancel_meeting(db, coordinator, later.id, today=TODAY)
    assert cancelled.status is MeetingStatus.CANCELLED
    with pytest.raises(InvalidInput) as refused:
        meetings.record_attendance(db, coordinator, later.id, members.sitting,
                                   today=date(2025, 7, 8))
    assert refused.value.field == "present" and "cancelled" in refused.value.message
    # the same day and time planned again brings the meeting back
    again = meetings.plan_meeting(db, coordinator, meetings.MeetingInput(
        board.id, date(2025, 7, 8)), today=TODAY)
    assert (again.id, again.status) == (later.id, MeetingStatus.PLANNED)


def test_another_offices_coordinator_cannot_run_this_board(db, make_user, board, meeting,
                                                           members, heard) -> None:
    other = make_user(Role.BOARD_COORDINATOR, "PP-02")
    before = state(db)
    with pytest.raises(NotAllowed):
        meetings.plan_meeting(db, other, meetings.MeetingInput(board.id, date(2025, 7, 8)),
                              today=TODAY)
    with pytest.raises(NotAllowed):
        meetings.record_attendance(db, other, meeting.id, members.sitting, today=TODAY)
    with pytest.raises(NotAllowed):
        meetings.hold_meeting(db, other, meeting.id, "", today=TODAY)
    assert state(db) == before


def test_institution_staff_read_meetings_and_change_nothing(db, make_user, meeting, members,
                                                            heard) -> None:
    staff = make_user(Role.INSTITUTION_STAFF, "PP-01")
    assert meetings.get_meeting(db, staff, meeting.id, today=TODAY).hearings[0].case_id == heard
    assert [r.id for r in meetings.list_meetings(db, staff, meeting.board_id)] == [meeting.id]
    before = state(db)
    for attempt in (
            lambda: meetings.record_attendance(db, staff, meeting.id, members.sitting,
                                               today=TODAY),
            lambda: meetings.record_decision(db, staff, meeting.id, heard, "Agreement.",
                                             today=TODAY),
            lambda: meetings.remove_from_agenda(db, staff, meeting.id, heard, today=TODAY),
            lambda: meetings.cancel_meeting(db, staff, meeting.id, today=TODAY)):
        with pytest.raises(NotAllowed):
            attempt()
    assert state(db) == before
