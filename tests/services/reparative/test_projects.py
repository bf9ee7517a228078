"""Projects and their supervisors: only volunteers cleared on the day join a project, an
expired one already on it stays and is flagged, a project's name is its site's once."""

from __future__ import annotations

from datetime import date

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.domain.reparative.enums import ProjectCategory
from rjdesk.services.core.errors import Errors, InvalidInput, NotAllowed
from rjdesk.services.reparative import projects
from tests.services.reparative.conftest import TODAY, project_input, volunteer

AFTER_EXPIRY = date(2026, 2, 1)  # the supervisor's check expired on 01/15/2026


def test_a_project_opens_with_a_cleared_supervisor(db, coordinator, quilts, supervisor):
    assert (quilts.site_code, quilts.name, quilts.category, quilts.active) == (
        "JCCC", "Quilts for Kids", ProjectCategory.SEWING, True)
    assert quilts.supervisors == (projects.SupervisorView(
        supervisor.id, "SMITH, Ann", date(2026, 1, 15), True),)
    assert quilts.flag == ""
    rows = projects.list_projects(db, coordinator, coordinator.site_id, today=TODAY)
    assert rows == [projects.ProjectRow(quilts.id, "JCCC", "Quilts for Kids",
                                        "Sewing and quilts", True, "SMITH, Ann", "")]
    assert projects.get_project(db, coordinator, quilts.id, today=TODAY) == quilts


@pytest.mark.parametrize("checked, expires, active, why", [
    (date(2023, 1, 1), date(2025, 6, 1), True, "expired on 06/01/2025"),
    (None, None, True, "no background check valid on 06/13/2025"),
    (date(2025, 7, 1), None, True, "no background check valid on 06/13/2025"),
    (date(2024, 1, 1), None, False, "not an active volunteer"),
])
def test_a_supervisor_without_a_valid_check_is_refused(db, admin, coordinator, checked, expires,
                                                       active, why):
    v = volunteer(db, admin, "Jones", "Bob", checked=checked, expires=expires, active=active)
    with pytest.raises(InvalidInput, match=why) as exc:
        projects.create_project(db, coordinator, project_input(supervisors=(v.id,)),
                                today=TODAY)
    assert exc.value.field == "supervisor_ids" and "JONES, Bob" in exc.value.message
    assert projects.list_projects(db, coordinator, None, today=TODAY) == []


def test_a_check_with_no_expiry_is_valid_and_one_expiring_today_still_counts(db, admin,
                                                                           coordinator):
    forever = volunteer(db, admin, "Lee", "Kim", expires=None)
    last_day = volunteer(db, admin, "Ortiz", "Eva", expires=TODAY)
    p = projects.create_project(db, coordinator, project_input(
        supervisors=(forever.id, last_day.id)), today=TODAY)
    assert [s.name for s in p.supervisors] == ["LEE, Kim", "ORTIZ, Eva"]
    assert all(s.cleared for s in p.supervisors)


def test_a_volunteer_of_another_site_cannot_supervise(db, admin, coordinator):
    elsewhere = volunteer(db, admin, "Brown", "Sue", site="ACC")
    with pytest.raises(InvalidInput, match="BROWN, Sue is not a volunteer of JCCC"):
        projects.create_project(db, coordinator, project_input(supervisors=(elsewhere.id,)),
                                today=TODAY)


def test_an_expired_supervisor_stays_flagged_and_a_new_expired_one_is_refused(
        db, admin, coordinator, quilts, supervisor):
    late = projects.get_project(db, coordinator, quilts.id, today=AFTER_EXPIRY)
    assert late.flag == "Background check expired: SMITH, Ann"
    row, = projects.list_projects(db, coordinator, None, today=AFTER_EXPIRY)
    assert row.flag == "Background check expired: SMITH, Ann"
    # the project can still be changed with her on it …
    kept = projects.update_project(db, coordinator, quilts.id, project_input(
        description="Quilts for the children's shelter", supervisors=(supervisor.id,)),
        today=AFTER_EXPIRY)
    assert kept.description == "Quilts for the children's shelter" and kept.flag
    # … but no one joins without a valid check, and nothing of the change is saved
    other = volunteer(db, admin, "Jones", "Bob", expires=date(2026, 1, 31))
    with pytest.raises(InvalidInput, match="JONES, Bob .* expired on 01/31/2026"):
        projects.update_project(db, coordinator, quilts.id, project_input(
            description="changed", supervisors=(supervisor.id, other.id)), today=AFTER_EXPIRY)
    again = projects.get_project(db, coordinator, quilts.id, today=AFTER_EXPIRY)
    assert again.description == "Quilts for the children's shelter"
    assert [s.volunteer_id for s in again.supervisors] == [supervisor.id]
    # a renewed one replaces her, and the flag goes
    renewed = volunteer(db, admin, "Kent", "Clara", expires=date(2028, 1, 1))
    fixed = projects.update_project(db, coordinator, quilts.id, project_input(
        supervisors=(renewed.id,)), today=AFTER_EXPIRY)
    assert [s.name for s in fixed.supervisors] == ["KENT, Clara"] and fixed.flag == ""


def test_closing_a_project_takes_it_off_the_active_list(db, coordinator, quilts, supervisor):
    closed = projects.update_project(db, coordinator, quilts.id, project_input(
        active=False, supervisors=(supervisor.id,)), today=TODAY)
    assert closed.active is False
    assert projects.list_projects(db, coordinator, None, active_only=True, today=TODAY) == []
    assert [r.active for r in projects.list_projects(db, coordinator, None, today=TODAY)] == [
        False]


def test_a_name_is_used_once_at_a_site(db, admin, coordinator, quilts):
    with pytest.raises(InvalidInput, match="JCCC already has a project named") as exc:
        projects.create_project(db, coordinator, project_input("  QUILTS for  kids "),
                                today=TODAY)
    assert exc.value.field == "name"
    other = projects.create_project(db, admin, project_input(site="ACC"), today=TODAY)
    assert other.site_code == "ACC" and other.id != quilts.id
    bikes = projects.create_project(db, coordinator, project_input(
        "Bicycle shop", category=ProjectCategory.BICYCLES), today=TODAY)
    with pytest.raises(InvalidInput, match="already has a project named"):
        projects.update_project(db, coordinator, bikes.id, project_input(
            "Quilts for kids", category=ProjectCategory.BICYCLES), today=TODAY)


def test_a_renamed_project_frees_its_old_name(db, coordinator, quilts, supervisor):
    projects.update_project(db, coordinator, quilts.id, project_input(
        "Weighted blankets", supervisors=(supervisor.id,)), today=TODAY)
    again = projects.create_project(db, coordinator, project_input(), today=TODAY)
    assert again.id != quilts.id
    assert [r.name for r in projects.list_projects(db, coordinator, None, today=TODAY)] == [
        "Quilts for Kids", "Weighted blankets"]


def test_the_same_project_opened_at_two_workstations_has_one_key(db, coordinator, quilts):
    from rjdesk.domain.reparative.rules import project_key

    assert quilts.id == project_key(quilts.site_id, "quilts for kids")


@pytest.mark.parametrize("change, field", [
    ({"name": "  "}, "name"), ({"name": "x" * 121}, "name"), ({"name": "=cmd|calc"}, "name"),
    ({"category": "sewing"}, "category"), ({"description": "x" * 2001}, "description"),
])
def test_bad_input_is_refused_at_its_field(db, coordinator, change, field):
    data = project_input()
    with pytest.raises(Errors) as exc:
        projects.create_project(db, coordinator, projects.ProjectInput(**{
            **data.__dict__, **change}), today=TODAY)
    assert field in exc.value.errors
    assert projects.list_projects(db, coordinator, None, today=TODAY) == []


def test_who_may_open_projects_where(db, make_user, coordinator, quilts, supervisor):
    with pytest.raises(NotAllowed, match="record reparative work"):
        projects.create_project(db, make_user(Role.VICTIM_SERVICES), project_input("Toys"),
                                today=TODAY)
    acc = make_user(Role.VOLUNTEER_COORDINATOR, "ACC")
    with pytest.raises(NotAllowed, match="your own site"):
        projects.create_project(db, acc, project_input("Toys"), today=TODAY)
    with pytest.raises(NotAllowed, match="your own site"):
        projects.update_project(db, acc, quilts.id, project_input(
            active=False, supervisors=(supervisor.id,)), today=TODAY)
    with pytest.raises(InvalidInput, match="stays at its site"):
        projects.update_project(db, coordinator, quilts.id, project_input(site="ACC"),
                                today=TODAY)
    # the central office looks, every site
    central = make_user(Role.CENTRAL_OFFICE, "CO")
    assert [r.name for r in projects.list_projects(db, central, None, today=TODAY)] == [
        "Quilts for Kids"]


def test_the_picker_offers_cleared_active_volunteers_of_the_site(db, admin, coordinator,
                                                                 supervisor):
    volunteer(db, admin, "Adams", "Old", expires=date(2025, 1, 1))
    volunteer(db, admin, "Baker", "Gone", active=False)
    volunteer(db, admin, "Brown", "Sue", site="ACC")
    volunteer(db, admin, "Cole", "Never", checked=None)
    forever = volunteer(db, admin, "Zane", "Ever", expires=None)
    found = projects.cleared_supervisors(db, coordinator, coordinator.site_id, today=TODAY)
    assert [s.volunteer_id for s in found] == [supervisor.id, forever.id]


def test_every_write_is_audited(db, coordinator, quilts, supervisor):
    from sqlalchemy import select

    from rjdesk.domain.core.models import AuditEvent

    projects.update_project(db, coordinator, quilts.id, project_input(
        active=False, supervisors=(supervisor.id,)), today=TODAY)
    with db.reading() as tx:
        events = list(tx.execute(select(AuditEvent.action, AuditEvent.summary).where(
            AuditEvent.entity == "reparative_project")))
    assert events == [("create", "JCCC Quilts for Kids"), ("close", "JCCC Quilts for Kids")]
