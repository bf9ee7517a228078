"""A class at JCCC with people to enroll, and a victim speaker."""

from __future__ import annotations

from datetime import date, time

import pytest

from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.icvc import schedule
from rjdesk.services.volunteers import records as vs

MONDAY = date(2026, 9, 7)  # Labor Day: a holiday the facilitator skips
TODAY = date(2026, 8, 20)  # "today" in these tests: the class below is planned


def class_input(**kw) -> schedule.ClassInput:
    base = dict(site_code="JCCC", title="ICVC Fall 2026", facilitator="Dana Whitfield",
                capacity=3, sessions_required=6, first_day=date(2026, 8, 31),
                weekdays=frozenset({0}), session_count=8, starts_at=time(9, 0),
                ends_at=time(11, 30), location="Education building, room 4",
                days_off=(schedule.DayOff(MONDAY, "Labor Day"),))
    base.update(kw)
    return schedule.ClassInput(**base)


@pytest.fixture
def icvc_class(db, admin):
    return schedule.create_class(db, admin, class_input())


@pytest.fixture
def five(add_offender):
    names = [("Nguyễn", "Văn An"), ("Ñúñez", "José"), ("Smith", "Robert"), ("Okafor", "Emeka"),
             ("Иванов", "Пётр")]
    return [add_offender(f"{3100000 + i}", last, first, housing_unit=f"HU 1-A-{i}")
            for i, (last, first) in enumerate(names)]


@pytest.fixture
def speaker(db, admin):
    return vs.create_volunteer(db, admin, vs.VolunteerInput(
        "Reyes", "Marisol", "JCCC", roles=frozenset({VolunteerRole.VICTIM_SPEAKER}),
        background_check_on=date(2025, 1, 10), background_check_expires=date(2026, 10, 1),
        speaker_consent_on=date(2025, 1, 10), speaker_screened_on=date(2025, 2, 1)))
