"""Every ICVC change finds its class one way: a row that is gone reads as NotFound, and staff of
another site are refused before anything changes."""

from __future__ import annotations

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.domain.icvc.models import Enrollment, IcvcSession
from rjdesk.services.core.errors import NotAllowed, NotFound
from rjdesk.services.icvc import access, attendance, roster, schedule, speakers
from tests.services.icvc.conftest import TODAY


def test_a_gone_session_or_enrollment_reads_as_not_found(db, admin, icvc_class) -> None:
    with db.reading() as tx:
        with pytest.raises(NotFound, match="session no longer exists"):
            access.row_to_change(tx, admin, IcvcSession, "no-such-session")
        with pytest.raises(NotFound, match="enrollment no longer exists"):
            access.load_row(tx, Enrollment, "no-such-enrollment")
        with pytest.raises(NotFound, match="class no longer exists"):
            access.class_to_change(tx, admin, "no-such-class")


def test_staff_of_another_site_change_nothing_of_this_class(db, admin, make_user, icvc_class,
                                                            five, speaker) -> None:
    seat = roster.enroll(db, admin, icvc_class.id, five[0].id, today=TODAY)
    other = make_user(Role.INSTITUTION_STAFF, "ACC")
    first = icvc_class.sessions[0].id
    for attempt in (lambda: schedule.cancel_session(db, other, first, "Lockdown"),
                    lambda: attendance.mark(db, other, first, seat.id, None, today=TODAY),
                    lambda: speakers.book_speaker(db, other, first, speaker.id),
                    lambda: roster.withdraw(db, other, seat.id, "Asked to leave"),
                    lambda: roster.enroll(db, other, icvc_class.id, five[1].id, today=TODAY)):
        with pytest.raises(NotAllowed, match="own site"):
            attempt()
    assert not schedule.get_class(db, admin, icvc_class.id).sessions[0].cancelled
