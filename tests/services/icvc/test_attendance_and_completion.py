from __future__ import annotations

from datetime import date, timedelta

import pytest

from rjdesk.domain.icvc.enums import AttendanceMark, EnrollmentStatus
from rjdesk.services.core.errors import AlreadyExists, InvalidInput
from rjdesk.services.icvc import attendance, completion, roster, schedule, speakers
from rjdesk.services.people import records as people
from tests.services.icvc.conftest import TODAY, class_input

M = AttendanceMark
AFTER = date(2026, 11, 2)  # every session of the fixture class is past by then


@pytest.fixture
def seated(db, admin, icvc_class, five):
    return [roster.enroll(db, admin, icvc_class.id, p.id, today=TODAY) for p in five[:3]]


def _mark_all(db, admin, icvc_class, enrollment, marks):
    for s, m in zip(icvc_class.sessions, marks):
        attendance.mark(db, admin, s.id, enrollment.id, m, today=AFTER)


def test_grid_shows_marks_and_clearing_works(db, admin, icvc_class, seated):
    s0, s1 = icvc_class.sessions[:2]
    attendance.mark(db, admin, s0.id, seated[0].id, M.PRESENT, today=AFTER)
    attendance.mark(db, admin, s1.id, seated[0].id, M.LATE, today=AFTER)
    attendance.mark(db, admin, s1.id, seated[0].id, M.EXCUSED, today=AFTER)  # corrected
    g = attendance.grid(db, admin, icvc_class.id)
    assert len(g.sessions) == 8 and len(g.rows) == 3
    row = next(r for r in g.rows if r.enrollment_id == seated[0].id)
    assert row.marks == {s0.id: M.PRESENT, s1.id: M.EXCUSED}
    attendance.mark(db, admin, s1.id, seated[0].id, None, today=AFTER)
    row = next(r for r in attendance.grid(db, admin, icvc_class.id).rows
               if r.enrollment_id == seated[0].id)
    assert row.marks == {s0.id: M.PRESENT}


def test_future_and_cancelled_sessions_cannot_be_marked(db, admin, icvc_class, seated):
    s = icvc_class.sessions[3]
    with pytest.raises(InvalidInput, match="not happened yet"):
        attendance.mark(db, admin, s.id, seated[0].id, M.PRESENT, today=s.held_on -
                        timedelta(days=1))
    schedule.cancel_session(db, admin, s.id, "Lockdown")
    with pytest.raises(InvalidInput, match="cancelled"):
        attendance.mark(db, admin, s.id, seated[0].id, M.PRESENT, today=AFTER)
    assert all(not r.marks for r in attendance.grid(db, admin, icvc_class.id).rows)


def test_waitlisted_people_are_not_marked(db, admin, icvc_class, seated, five):
    w = roster.enroll(db, admin, icvc_class.id, five[3].id, waitlist_ok=True, today=TODAY)
    with pytest.raises(InvalidInput, match="waitlisted"):
        attendance.mark(db, admin, icvc_class.sessions[0].id, w.id, M.PRESENT, today=AFTER)


def test_scan_gives_distinct_answers_and_never_stops(db, admin, icvc_class, seated, five):
    sid = icvc_class.sessions[0].id
    first = attendance.scan(db, admin, sid, five[0].doc_number, today=AFTER)
    assert first.outcome is attendance.ScanOutcome.MARKED_PRESENT and "NGUYỄN" in first.message
    again = attendance.scan(db, admin, sid, "0" + five[0].doc_number, today=AFTER)
    assert again.outcome is attendance.ScanOutcome.ALREADY_MARKED
    assert attendance.scan(db, admin, sid, five[4].doc_number, today=AFTER).outcome is \
        attendance.ScanOutcome.NOT_ON_ROSTER
    assert attendance.scan(db, admin, sid, "9999991", today=AFTER).outcome is \
        attendance.ScanOutcome.UNKNOWN_NUMBER
    typo = attendance.scan(db, admin, sid, "31O0002", today=AFTER)  # a letter O for a zero
    assert typo.outcome is attendance.ScanOutcome.NOT_A_NUMBER and "31O0002" in typo.message
    assert attendance.scan(db, admin, sid, seated[1].doc_number, today=AFTER).ok
    row = {r.doc_number: r.marks for r in attendance.grid(db, admin, icvc_class.id).rows}
    assert row[five[0].doc_number] == {sid: M.PRESENT} and row[five[1].doc_number] == {sid: M.PRESENT}


def test_completion_follows_the_rule(db, admin, icvc_class, seated):
    good, short, excused = seated
    _mark_all(db, admin, icvc_class, good, [M.PRESENT] * 5 + [M.LATE] + [M.ABSENT] * 2)
    _mark_all(db, admin, icvc_class, short, [M.PRESENT] * 5 + [M.ABSENT] * 3)
    _mark_all(db, admin, icvc_class, excused, [M.PRESENT] * 5 + [M.EXCUSED] * 3)
    number = completion.complete(db, admin, good.id, on=AFTER - timedelta(days=1))
    assert number.startswith("ICVC-JCCC-2026-") and len(number) == 25
    with pytest.raises(InvalidInput, match="attended 5 of the 6 sessions"):
        completion.complete(db, admin, short.id)
    with pytest.raises(InvalidInput, match="attended 5 of the 6"):  # excused do not count here
        completion.complete(db, admin, excused.id)
    with pytest.raises(InvalidInput, match="already completed"):
        completion.complete(db, admin, good.id)
    cert = completion.certificate(db, admin, good.id)
    assert (cert.name, cert.certificate_number, cert.site_code) == ("Văn An Nguyễn", number,
                                                                    "JCCC")
    with pytest.raises(InvalidInput, match="completed class only"):
        completion.certificate(db, admin, short.id)


def test_excused_absences_count_when_the_class_says_so(db, admin, five):
    c = schedule.create_class(db, admin, class_input(excused_counts=True, title="Lenient"))
    e = roster.enroll(db, admin, c.id, five[0].id, today=TODAY)
    _mark_all(db, admin, c, e, [M.PRESENT] * 4 + [M.EXCUSED] * 2)
    assert completion.complete_eligible(db, admin, c.id, on=AFTER - timedelta(days=1)) == [e.id]


def test_sessions_attended_before_a_transfer_count_at_the_new_site(db, admin, icvc_class,
                                                                   seated, five):
    moving = seated[0]
    _mark_all(db, admin, icvc_class, moving, [M.PRESENT] * 4)
    people.transfer_offender(db, admin, five[0].id, "ACC", on=date(2026, 9, 30))
    acc = schedule.create_class(db, admin, class_input(site_code="ACC", title="ACC class"))
    there = roster.enroll(db, admin, acc.id, five[0].id, today=TODAY)
    _mark_all(db, admin, acc, there, [M.PRESENT] * 2)
    p = {x.enrollment_id: x for x in completion.class_progress(db, admin, acc.id)}[there.id]
    assert (p.attended_here, p.carried_over, p.eligible) == (2, 4, True)
    completion.complete(db, admin, there.id, on=AFTER - timedelta(days=1))
    old = {e.id: e.status for e in roster.roster(db, admin, icvc_class.id)}
    assert old[moving.id] is EnrollmentStatus.TRANSFERRED


def test_enrolling_someone_who_completed_before_flags_it(db, admin, icvc_class, seated, five):
    _mark_all(db, admin, icvc_class, seated[0], [M.PRESENT] * 6)
    completion.complete(db, admin, seated[0].id, on=AFTER - timedelta(days=1))
    later = schedule.create_class(db, admin, class_input(title="Spring 2027",
                                                         first_day=date(2027, 3, 1), days_off=()))
    again = roster.enroll(db, admin, later.id, five[0].id, today=AFTER)
    assert again.completed_before == AFTER - timedelta(days=1)


def test_reentry_lists_who_still_needs_the_class(db, admin, add_offender, icvc_class):
    today = date(2026, 8, 20)
    soon = add_offender("4000001", "Soon", "Sam", projected_release_date=today + timedelta(30))
    later = add_offender("4000002", "Later", "Lee", projected_release_date=today + timedelta(150))
    add_offender("4000003", "Far", "Fay", projected_release_date=today + timedelta(400))
    add_offender("4000004", "Elsewhere", "Eli", site="ACC",
                 projected_release_date=today + timedelta(10))
    roster.enroll(db, admin, icvc_class.id, later.id, today=today)
    rows = completion.reentry_list(db, admin, admin.site_id, today=today)
    assert [(r.doc_number, r.days_left, r.current_class) for r in rows] == [
        ("4000001", 30, ""), ("4000002", 150, "ICVC Fall 2026")]
    assert [r.doc_number for r in completion.reentry_list(db, admin, None, today=today,
                                                          within_days=60)] == \
        ["4000004", "4000001"]
    with pytest.raises(InvalidInput):
        completion.reentry_list(db, admin, None, within_days=0)
    del soon


def test_speakers_need_clearance_on_the_day_and_one_place_at_a_time(db, admin, icvc_class,
                                                                    speaker):
    first = icvc_class.sessions[0]
    assert speakers.book_speaker(db, admin, first.id, speaker.id).name == "REYES, Marisol"
    with pytest.raises(AlreadyExists):
        speakers.book_speaker(db, admin, first.id, speaker.id)
    other = schedule.create_class(db, admin, class_input(title="Same morning"))
    with pytest.raises(InvalidInput, match="already booked at that time"):
        speakers.book_speaker(db, admin, other.sessions[0].id, speaker.id)
    late = icvc_class.sessions[-1]  # 10/26/2026, after the clearance expires on 10/1
    with pytest.raises(InvalidInput, match="expired on 10/01/2026"):
        speakers.book_speaker(db, admin, late.id, speaker.id)
    assert [s.name for s in speakers.speakers_of(db, admin, first.id)] == ["REYES, Marisol"]


def test_reentry_lists_a_person_once_preferring_his_seat(db, admin, add_offender, icvc_class):
    today = date(2026, 8, 20)
    p = add_offender("4100001", "Twice", "Tom", projected_release_date=today + timedelta(40))
    other = schedule.create_class(db, admin, class_input(title="Another", capacity=1))
    filler = add_offender("4100002", "Seat", "Sid")
    roster.enroll(db, admin, other.id, filler.id, today=today)
    roster.enroll(db, admin, other.id, p.id, waitlist_ok=True, today=today)
    roster.enroll(db, admin, icvc_class.id, p.id, today=today)
    rows = [r for r in completion.reentry_list(db, admin, None, today=today)
            if r.doc_number == "4100001"]
    assert [(r.current_class, r.current_status) for r in rows] == \
        [("ICVC Fall 2026", EnrollmentStatus.ENROLLED)]


def test_unbooking_a_speaker_who_is_not_booked_is_refused(db, admin, icvc_class, speaker):
    from rjdesk.services.core.errors import NotFound
    with pytest.raises(NotFound):
        speakers.unbook_speaker(db, admin, icvc_class.sessions[0].id, speaker.id)
    speakers.book_speaker(db, admin, icvc_class.sessions[0].id, speaker.id)
    speakers.unbook_speaker(db, admin, icvc_class.sessions[0].id, speaker.id)
    assert speakers.speakers_of(db, admin, icvc_class.sessions[0].id) == []
