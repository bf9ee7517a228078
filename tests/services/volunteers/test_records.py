from __future__ import annotations

from datetime import date

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.core.errors import Errors, InvalidInput, NotAllowed
from rjdesk.services.volunteers import records as vs


def _input(**kw) -> vs.VolunteerInput:
    base = dict(last_name="Okafor", first_name="Chidi", site_code="JCCC",
                email="chidi@example.org", phone="(573) 555-0142",
                roles=frozenset({VolunteerRole.VICTIM_SPEAKER}),
                background_check_on=date(2025, 3, 1), background_check_expires=date(2027, 3, 1),
                trainings=(vs.TrainingInput("Victim speaker screening", date(2025, 2, 1)),))
    base.update(kw)
    return vs.VolunteerInput(**base)


def test_create_update_and_list(db, admin):
    v = vs.create_volunteer(db, admin, _input())
    assert v.roles == {VolunteerRole.VICTIM_SPEAKER}
    assert v.cleared_on(date(2026, 1, 1)) and not v.cleared_on(date(2027, 3, 2))
    v2 = vs.update_volunteer(db, admin, v.id, _input(roles=frozenset(
        {VolunteerRole.BOARD_MEMBER, VolunteerRole.PROJECT_SUPERVISOR}), trainings=()))
    assert v2.roles == {VolunteerRole.BOARD_MEMBER, VolunteerRole.PROJECT_SUPERVISOR}
    assert v2.trainings == ()
    rows, more = vs.list_volunteers(db, admin, admin.site_id, query="okaf")
    assert [r.name for r in rows] == ["OKAFOR, Chidi"] and more is None
    assert rows[0].roles == "Board member, Project supervisor"
    assert vs.list_volunteers(db, admin, None, role=VolunteerRole.VICTIM_SPEAKER)[0] == []


@pytest.mark.parametrize("change, field", [
    ({"email": "not-an-email"}, "email"),
    ({"phone": "12"}, "phone"),
    ({"background_check_on": date(2999, 1, 1), "background_check_expires": None},
     "background_check_on"),
    ({"background_check_expires": date(2024, 1, 1)}, "background_check_expires"),
    ({"last_name": ""}, "last_name"),
    ({"trainings": (vs.TrainingInput("", date(2025, 1, 1)),)}, "trainings"),
])
def test_bad_volunteer_input_is_refused_at_its_field(db, admin, change, field):
    with pytest.raises(Errors) as exc:
        vs.create_volunteer(db, admin, _input(**change))
    assert field in exc.value.errors
    assert vs.list_volunteers(db, admin, None)[0] == []


def test_staff_cannot_add_volunteers_coordinators_can(db, make_user):
    with pytest.raises(NotAllowed):
        vs.create_volunteer(db, make_user(Role.INSTITUTION_STAFF), _input())
    assert vs.create_volunteer(db, make_user(Role.VOLUNTEER_COORDINATOR), _input()).id


def test_a_stale_volunteer_edit_is_refused(db, admin):
    v = vs.create_volunteer(db, admin, _input())
    vs.update_volunteer(db, admin, v.id, _input(phone="573-555-0199"),
                        expected_updated_at=v.updated_at)
    with pytest.raises(InvalidInput, match="changed this volunteer"):
        vs.update_volunteer(db, admin, v.id, _input(phone="573-555-0111"),
                            expected_updated_at=v.updated_at)
    assert vs.get_volunteer(db, admin, v.id).phone == "573-555-0199"


@pytest.mark.parametrize("query", ["%", "_", "o%r", "\x00", "okaf\x00"])
def test_search_wildcards_and_control_characters_are_plain_text(db, admin, query):
    vs.create_volunteer(db, admin, _input())
    rows, _ = vs.list_volunteers(db, admin, None, query=query)
    # a NUL alone is no search at all: everyone, as an empty box lists them
    found = query in ("okaf\x00", "\x00")
    assert [r.name for r in rows] == (["OKAFOR, Chidi"] if found else [])


def _events(db, action: str) -> list:
    from sqlalchemy import select

    from rjdesk.domain.core.models import AuditEvent
    with db.reading() as tx:
        return list(tx.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_staff_see_a_speakers_name_and_clearance_not_the_contact(db, admin, make_user):
    v = vs.create_volunteer(db, admin, _input(address="12 Elm St, Jefferson City",
                                              notes="Prefers calls after 5"))
    seen = vs.get_volunteer(db, make_user(Role.INSTITUTION_STAFF), v.id)
    assert seen.contact_restricted
    assert (seen.email, seen.phone, seen.address, seen.notes) == ("", "", "", "")
    assert seen.name == "OKAFOR, Chidi" and seen.cleared_on(date(2026, 1, 1))
    assert _events(db, "view") == []  # nothing of the victim's was shown


@pytest.mark.parametrize("role", [Role.VICTIM_SERVICES, Role.CENTRAL_OFFICE])
def test_roles_that_see_victims_get_the_contact_and_each_view_is_audited(db, admin, make_user,
                                                                         role):
    v = vs.create_volunteer(db, admin, _input())
    reader = make_user(role)
    for _ in range(2):
        seen = vs.get_volunteer(db, reader, v.id)
        assert not seen.contact_restricted and seen.email == "chidi@example.org"
    events = _events(db, "view")
    assert [(e.username, e.entity_id) for e in events] == [(reader.username, v.id)] * 2
    assert "victim speaker" in events[0].summary


def test_a_coordinator_saving_a_restricted_speaker_keeps_the_contact_on_file(db, admin,
                                                                           make_user):
    v = vs.create_volunteer(db, admin, _input())
    coordinator = make_user(Role.VOLUNTEER_COORDINATOR)
    shown = vs.get_volunteer(db, coordinator, v.id)
    assert shown.contact_restricted
    saved = vs.update_volunteer(db, coordinator, v.id, _input(email="", phone="",
                                                              last_name="Okafor-Eze"))
    assert saved.contact_restricted and saved.last_name == "Okafor-Eze"
    full = vs.get_volunteer(db, admin, v.id)
    assert (full.email, full.phone) == ("chidi@example.org", "(573) 555-0142")


def test_a_volunteer_who_is_no_speaker_shows_the_contact_unaudited(db, admin, make_user):
    v = vs.create_volunteer(db, admin, _input(roles=frozenset({VolunteerRole.BOARD_MEMBER})))
    seen = vs.get_volunteer(db, make_user(Role.INSTITUTION_STAFF), v.id)
    assert seen.email == "chidi@example.org" and not seen.contact_restricted
    assert _events(db, "view") == []


def test_a_volunteer_search_that_finds_someone_is_audited_once(db, admin):
    vs.create_volunteer(db, admin, _input())
    vs.list_volunteers(db, admin, None, query="okaf")
    vs.list_volunteers(db, admin, None, query="nobody")
    vs.list_volunteers(db, admin, None)
    assert [e.summary for e in _events(db, "search")] == ["“okaf” found 1"]
