"""A quilting project at JCCC with a cleared supervisor, and a crew to log hours for.

The days are in the past of any clock the tests run on (transfers cannot be dated in the
future), and every service that compares with today is given ``TODAY``."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.domain.reparative.enums import ProjectCategory
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.reparative import projects
from rjdesk.services.volunteers import records as vs

TODAY = date(2025, 6, 13)  # a Friday
MONDAY = date(2025, 6, 2)
WEEK = tuple(MONDAY + timedelta(days=i) for i in range(5))


def volunteer(db, admin, last: str, first: str, *, site: str = "JCCC",
              checked: date | None = date(2024, 1, 15),
              expires: date | None = date(2026, 1, 15), active: bool = True):
    return vs.create_volunteer(db, admin, vs.VolunteerInput(
        last, first, site, roles=frozenset({VolunteerRole.PROJECT_SUPERVISOR}),
        background_check_on=checked, background_check_expires=expires if checked else None,
        active=active))


def project_input(name: str = "Quilts for Kids", *, site: str = "JCCC",
                  supervisors: tuple[str, ...] = (), **kw) -> projects.ProjectInput:
    kw.setdefault("category", ProjectCategory.SEWING)
    return projects.ProjectInput(site, name, supervisor_ids=supervisors, **kw)


@pytest.fixture
def supervisor(db, admin):
    return volunteer(db, admin, "Smith", "Ann")


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.VOLUNTEER_COORDINATOR)


@pytest.fixture
def quilts(db, coordinator, supervisor):
    return projects.create_project(db, coordinator, project_input(supervisors=(supervisor.id,)),
                                   today=TODAY)


@pytest.fixture
def crew(add_offender):
    """Three people at JCCC, in name order."""
    return [add_offender("3100001", "Garcia", "Luis"), add_offender("3100002", "Hill", "Mark"),
            add_offender("3100003", "Nguyễn", "Văn An")]
