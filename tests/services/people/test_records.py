"""Offender records through the services: every rule, every refusal changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender, OffenderTransfer
from rjdesk.domain.people.rules import offender_key
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, NotAllowed
from rjdesk.services.people import query as pq
from rjdesk.services.people import records as people
from tests.conftest import offender_input


def _count(db, model) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_create_normalizes_and_derives_the_key(db, admin):
    v = people.create_offender(db, admin, offender_input(doc="00-123 4567"))
    assert v.doc_number == "1234567"
    assert v.id == offender_key("1234567")
    assert v.full_name == "NGUYỄN, Văn An"
    assert v.site_code == "JCCC"


def test_the_same_person_made_at_two_workstations_gets_one_key(tmp_path):
    from rjdesk.services.admin import auth
    from rjdesk.store.migrate import open_database
    keys = []
    for n, (site, doc) in enumerate((("JCCC", "1234567"), ("ACC", "0123-4567"))):
        db = open_database(tmp_path / f"ws{n}.sqlite3")
        a = auth.setup_workstation(db, site_code=site, workstation_name=f"WS{n}",
                                   admin_username="admin", admin_name="A", admin_password="x" * 8)
        keys.append(people.create_offender(db, a, offender_input(doc=doc, site=site)).id)
    assert keys[0] == keys[1]


def test_a_second_offender_with_the_same_doc_number_names_the_first(db, admin, add_offender):
    add_offender(doc="1234567")
    before = _count(db, AuditEvent)
    with pytest.raises(AlreadyExists) as exc:
        people.create_offender(db, admin, offender_input(doc="0123-4567", last="Other"))
    assert exc.value.field == "doc_number"
    assert "NGUYỄN, Văn An" in exc.value.message and "JCCC" in exc.value.message
    assert _count(db, Offender) == 1
    assert _count(db, AuditEvent) == before


@pytest.mark.parametrize("change, field", [
    ({"date_of_birth": date.today() + timedelta(days=1)}, "date_of_birth"),
    ({"date_of_birth": date(1900, 1, 1)}, "date_of_birth"),
    ({"date_of_birth": None}, "date_of_birth"),
    ({"last": ""}, "last_name"),
    ({"first": "4ndy"}, "first_name"),
    ({"doc": "12-ab"}, "doc_number"),
    ({"site": ""}, "site_code"),
    ({"projected_release_date": date(1980, 1, 1)}, "projected_release_date"),
])
def test_bad_input_is_refused_at_its_field_and_saves_nothing(db, admin, change, field):
    kw = dict(change)
    args = {k: kw.pop(k) for k in ("doc", "last", "first", "site") if k in kw}
    with pytest.raises(Errors) as exc:
        people.create_offender(db, admin, offender_input(**args, **kw))
    assert field in exc.value.errors
    assert exc.value.errors[field]
    assert _count(db, Offender) == 0


def test_all_field_errors_come_back_together(db, admin):
    with pytest.raises(Errors) as exc:
        people.create_offender(db, admin, offender_input(doc="x", last="", first="",
                                                         date_of_birth=None))
    assert set(exc.value.errors) == {"doc_number", "last_name", "first_name", "date_of_birth"}


def test_unknown_site_is_refused(db, admin):
    with pytest.raises(InvalidInput) as exc:
        people.create_offender(db, admin, offender_input(site="NOPE"))
    assert exc.value.field == "site_code"


def test_read_only_and_other_site_roles_cannot_write(db, make_user, add_offender):
    central = make_user(Role.CENTRAL_OFFICE, "CO")
    with pytest.raises(NotAllowed, match="does not allow"):
        people.create_offender(db, central, offender_input())
    acc_staff = make_user(Role.INSTITUTION_STAFF, "ACC")
    with pytest.raises(NotAllowed, match="own site"):
        people.create_offender(db, acc_staff, offender_input(site="JCCC"))
    v = add_offender()
    with pytest.raises(NotAllowed):
        people.update_offender(db, acc_staff, v.id, v.as_input())
    assert _count(db, Offender) == 1


def test_every_write_is_audited_in_its_transaction(db, admin, add_offender):
    v = add_offender()
    with db.reading() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.entity_id == v.id)).all()
    assert [(e.action, e.username) for e in events] == [("create", "admin")]


def test_edit_saves_and_doc_number_cannot_change(db, admin, add_offender):
    v = add_offender()
    edited = people.update_offender(db, admin, v.id, offender_input(last="Nguyen",
                                                                    housing_unit="HU 2-A-7"),
                                    expected_updated_at=v.updated_at)
    assert edited.last_name == "Nguyen" and edited.housing_unit == "HU 2-A-7"
    with pytest.raises(InvalidInput) as exc:
        people.update_offender(db, admin, v.id, offender_input(doc="7654321"))
    assert exc.value.field == "doc_number"


def test_a_stale_edit_is_refused(db, admin, add_offender):
    v = add_offender()
    people.update_offender(db, admin, v.id, offender_input(first="Van"))
    with pytest.raises(InvalidInput, match="changed this record"):
        people.update_offender(db, admin, v.id, offender_input(first="Vinh"),
                               expected_updated_at=v.updated_at)
    assert people.get_offender(db, admin, v.id).first_name == "Van"


def test_transfer_keeps_the_history(db, admin, add_offender):
    v = add_offender(housing_unit="HU 1")
    moved = people.transfer_offender(db, admin, v.id, "ACC", on=date(2026, 1, 5),
                                     reason="Program placement")
    assert moved.site_code == "ACC" and moved.housing_unit == ""
    people.transfer_offender(db, admin, v.id, "PP-27", on=date(2026, 6, 1))
    history = people.transfer_history(db, admin, v.id)
    assert [(h.from_site_code, h.to_site_code) for h in history] == [("JCCC", "ACC"),
                                                                      ("ACC", "PP-27")]
    assert history[0].reason == "Program placement" and history[0].recorded_by == "admin"


def test_transfer_to_the_same_site_or_into_the_future_is_refused(db, admin, add_offender):
    v = add_offender()
    with pytest.raises(InvalidInput, match="already at JCCC"):
        people.transfer_offender(db, admin, v.id, "JCCC")
    with pytest.raises(InvalidInput, match="future"):
        people.transfer_offender(db, admin, v.id, "ACC", on=date.today() + timedelta(days=3))
    assert _count(db, OffenderTransfer) == 0


def test_staff_may_transfer_out_of_their_site_but_not_between_others(db, make_user,
                                                                     add_offender):
    v = add_offender()
    staff = make_user(Role.INSTITUTION_STAFF, "JCCC")
    people.transfer_offender(db, staff, v.id, "ACC")
    with pytest.raises(NotAllowed):
        people.transfer_offender(db, staff, v.id, "BCC")


def test_merge_moves_linked_records_and_keeps_a_pointer(db, admin, add_offender):
    keep = add_offender(doc="1111111", last="Núñez", first="José")
    gone = add_offender(doc="1111112", last="Nunez", first="Jose", housing_unit="HU 9",
                        projected_release_date=date(2027, 3, 1))
    people.transfer_offender(db, admin, gone.id, "ACC", on=date(2026, 2, 1))
    kept = people.merge_offenders(db, admin, keep.id, gone.id)
    assert kept.housing_unit == "" and kept.projected_release_date == date(2027, 3, 1)
    assert [h.to_site_code for h in people.transfer_history(db, admin, keep.id)] == ["ACC"]
    assert people.get_offender(db, admin, gone.id).merged_into_id == keep.id
    # scanning the old number finds the kept person; lists show the kept one only
    assert people.find_by_doc_number(db, admin, "1111112").id == keep.id
    names = [r.doc_number for r in pq.list_offenders(db, admin, pq.PeopleFilter()).rows]
    assert names == ["1111111"]
    with db.reading() as s:
        actions = {e.action for e in s.scalars(select(AuditEvent))}
    assert {"merge", "merged_away"} <= actions


def test_merge_is_for_administrators_and_refuses_nonsense(db, admin, staff, add_offender):
    a, b = add_offender(doc="1"), add_offender(doc="2")
    with pytest.raises(NotAllowed):
        people.merge_offenders(db, staff, a.id, b.id)
    with pytest.raises(InvalidInput):
        people.merge_offenders(db, admin, a.id, a.id)
    people.merge_offenders(db, admin, a.id, b.id)
    with pytest.raises(InvalidInput, match="merged already"):
        people.merge_offenders(db, admin, b.id, a.id)


def test_editing_or_moving_a_merged_record_is_refused(db, admin, add_offender):
    a, b = add_offender(doc="1"), add_offender(doc="2")
    people.merge_offenders(db, admin, a.id, b.id)
    with pytest.raises(InvalidInput, match="merged"):
        people.update_offender(db, admin, b.id, b.as_input())
    with pytest.raises(InvalidInput, match="merged"):
        people.transfer_offender(db, admin, b.id, "ACC")


def test_discharged_with_future_release_is_refused(db, admin):
    with pytest.raises(Errors) as exc:
        people.create_offender(db, admin, offender_input(
            status=OffenderStatus.DISCHARGED,
            projected_release_date=date.today() + timedelta(days=30)))
    assert "projected_release_date" in exc.value.errors
