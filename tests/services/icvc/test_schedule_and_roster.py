from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.domain.icvc.enums import CrimeTopic, EnrollmentStatus
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, NotAllowed
from rjdesk.services.icvc import roster, schedule
from rjdesk.services.people import records as people
from tests.services.icvc.conftest import MONDAY, TODAY, class_input

S = EnrollmentStatus


def test_eight_weekly_sessions_skip_the_holiday(icvc_class):
    days = [s.held_on for s in icvc_class.sessions]
    assert len(days) == 8 and MONDAY not in days
    assert days[0] == date(2026, 8, 31) and days[1] == date(2026, 9, 14)
    assert all(d.weekday() == 0 for d in days)
    assert [s.label for s in icvc_class.sessions][:2] == ["Session 1 of 8", "Session 2 of 8"]
    assert icvc_class.sessions[0].topic is CrimeTopic.ORIENTATION
    assert icvc_class.sessions[-1].topic is CrimeTopic.CLOSING
    assert icvc_class.days_off == (schedule.DayOff(MONDAY, "Labor Day"),)


def test_two_weekdays_and_states(db, admin):
    c = schedule.create_class(db, admin, class_input(weekdays=frozenset({1, 3}),
                                                     session_count=4, sessions_required=3,
                                                     days_off=()))
    assert [s.held_on.weekday() for s in c.sessions] == [1, 3, 1, 3]
    first, last = c.sessions[0].held_on, c.sessions[-1].held_on
    state = lambda day: schedule.get_class(db, admin, c.id, today=day).state  # noqa: E731
    assert (state(first - timedelta(days=1)), state(first), state(date(2027, 1, 1))) == \
        ("planned", "running", "finished")
    assert last > first


@pytest.mark.parametrize("change, field", [
    ({"title": " "}, "title"), ({"capacity": 0}, "capacity"),
    ({"sessions_required": 9}, "sessions_required"), ({"weekdays": frozenset()}, "weekdays"),
    ({"ends_at": time(8, 0)}, "ends_at"), ({"session_count": 0}, "session_count"),
])
def test_bad_schedules_are_refused(db, admin, change, field):
    with pytest.raises(Errors) as exc:
        schedule.create_class(db, admin, class_input(**change))
    assert field in exc.value.errors
    assert schedule.list_classes(db, admin, None) == []


def test_moving_and_cancelling_a_session_renumbers(db, admin, icvc_class):
    second = icvc_class.sessions[1]
    moved = schedule.move_session(db, admin, second.id, date(2026, 9, 16))
    assert date(2026, 9, 16) in [s.held_on for s in moved.sessions]
    after = schedule.cancel_session(db, admin, icvc_class.sessions[2].id, "Lockdown")
    labels = [s.label for s in after.sessions]
    assert labels.count("Session 7 of 7") == 1 and any(x.startswith("Cancelled") for x in labels)
    with pytest.raises(InvalidInput, match="reason|why"):
        schedule.cancel_session(db, admin, icvc_class.sessions[3].id, " ")


def test_enroll_past_capacity_needs_waitlist_consent_then_fifo(db, admin, icvc_class, five):
    for p in five[:3]:
        assert roster.enroll(db, admin, icvc_class.id, p.id, today=TODAY).status is S.ENROLLED
    with pytest.raises(roster.ClassFull, match="full") as exc:
        roster.enroll(db, admin, icvc_class.id, five[3].id, today=TODAY)
    assert exc.value.field == "waitlist"
    w1 = roster.enroll(db, admin, icvc_class.id, five[3].id, waitlist_ok=True, today=TODAY)
    w2 = roster.enroll(db, admin, icvc_class.id, five[4].id, waitlist_ok=True, today=TODAY)
    assert (w1.status, w1.waitlist_position, w2.waitlist_position) == (S.WAITLISTED, 1, 2)
    seated = [e for e in roster.roster(db, admin, icvc_class.id) if e.offender_id == five[0].id]
    result = roster.withdraw(db, admin, seated[0].id, "Moved to another housing unit",
                             today=TODAY)
    assert result.promoted is not None and result.promoted.offender_id == five[3].id
    after = {e.offender_id: e for e in roster.roster(db, admin, icvc_class.id)}
    assert after[five[3].id].status is S.ENROLLED
    assert after[five[4].id].waitlist_position == 1
    assert after[five[0].id].reason == "Moved to another housing unit"


def test_double_enrollment_and_other_sites_are_refused(db, admin, icvc_class, five,
                                                       add_offender):
    roster.enroll(db, admin, icvc_class.id, five[0].id, today=TODAY)
    with pytest.raises(AlreadyExists, match="already in this class"):
        roster.enroll(db, admin, icvc_class.id, five[0].id, today=TODAY)
    elsewhere = add_offender("3200000", "Far", "Away", site="ACC")
    with pytest.raises(InvalidInput, match="ACC") as exc:
        roster.enroll(db, admin, icvc_class.id, elsewhere.id, today=TODAY)
    assert exc.value.field == "offender"
    assert len(roster.roster(db, admin, icvc_class.id)) == 1


def test_withdrawal_needs_a_reason_and_can_re_enroll(db, admin, icvc_class, five):
    e = roster.enroll(db, admin, icvc_class.id, five[0].id, today=TODAY)
    with pytest.raises(InvalidInput):
        roster.withdraw(db, admin, e.id, "")
    roster.withdraw(db, admin, e.id, "Refused to attend")
    again = roster.enroll(db, admin, icvc_class.id, five[0].id, today=TODAY)
    assert again.status is S.ENROLLED and again.id == e.id


def test_a_transfer_frees_the_seat_for_the_first_waiting(db, admin, icvc_class, five):
    for p in five[:3]:
        roster.enroll(db, admin, icvc_class.id, p.id, today=TODAY)
    roster.enroll(db, admin, icvc_class.id, five[3].id, waitlist_ok=True, today=TODAY)
    people.transfer_offender(db, admin, five[1].id, "ACC", on=date(2026, 9, 1))
    after = {e.offender_id: e.status for e in roster.roster(db, admin, icvc_class.id)}
    assert after[five[1].id] is S.TRANSFERRED and after[five[3].id] is S.ENROLLED


def test_read_only_roles_cannot_run_classes(db, make_user, icvc_class, five):
    central = make_user(Role.CENTRAL_OFFICE, "CO")
    with pytest.raises(NotAllowed):
        roster.enroll(db, central, icvc_class.id, five[0].id, today=TODAY)
    assert schedule.list_classes(db, central, None)[0].title == "ICVC Fall 2026"
    other = make_user(Role.INSTITUTION_STAFF, "ACC")
    with pytest.raises(NotAllowed, match="own site"):
        schedule.create_class(db, other, class_input())


def test_no_one_is_seated_from_the_waitlist_of_a_finished_class(db, admin, icvc_class, five):
    for p in five[:3]:
        roster.enroll(db, admin, icvc_class.id, p.id, today=TODAY)
    roster.enroll(db, admin, icvc_class.id, five[3].id, waitlist_ok=True, today=TODAY)
    seated = next(e for e in roster.roster(db, admin, icvc_class.id)
                  if e.status is S.ENROLLED)
    after_the_end = date(2026, 11, 20)
    result = roster.withdraw(db, admin, seated.id, "Released", today=after_the_end)
    assert result.promoted is None
    waiting = [e for e in roster.roster(db, admin, icvc_class.id) if e.status is S.WAITLISTED]
    assert [e.offender_id for e in waiting] == [five[3].id]
