"""The register of recipients: possible duplicates flagged before saving, merging keeps every
delivery, and a victim's name and contact seen only by roles that may see victims."""

from __future__ import annotations

import sqlite3

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.domain.reparative.enums import DeliveryStatus, RecipientType
from rjdesk.services.core.context import Actor
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, NotAllowed
from rjdesk.services.reparative import deliveries, recipients
from rjdesk.services.reparative.recipients import RecipientInput, WITHHELD
from rjdesk.store.database import Database
from tests.services.reparative.goods_data import TODAY, make_project, quilts, shelter


def _reads(db: Database) -> list[str]:
    con = sqlite3.connect(db.path)
    try:
        return [r[0] for r in con.execute(
            "SELECT summary FROM audit_event WHERE action = 'view' AND entity = "
            "'reparative_recipient' ORDER BY rowid")]
    finally:
        con.close()


def test_a_matching_name_or_abbreviation_is_flagged_before_saving(db: Database,
                                                                  admin: Actor) -> None:
    army = recipients.create_recipient(db, admin, RecipientInput(
        RecipientType.NOT_FOR_PROFIT, "The Salvation Army, Inc.", abbreviation="TSA"))
    for name, abbreviation in (("salvation army", ""), ("SALVATION ARMY & co", ""),
                               ("Some other name", "tsa"), ("TSA", "")):
        data = RecipientInput(RecipientType.SHELTER, name, abbreviation=abbreviation)
        with pytest.raises(recipients.PossibleDuplicate) as exc:
            recipients.create_recipient(db, admin, data)
        assert [m.id for m in exc.value.matches] == [army.id]
    assert len(recipients.list_recipients(db, admin)) == 1
    recipients.create_recipient(db, admin, RecipientInput(  # another name: no match
        RecipientType.SHELTER, "Salvation Army Mid-Missouri Shelter"))
    assert len(recipients.list_recipients(db, admin)) == 2
    second = recipients.create_recipient(db, admin, RecipientInput(
        RecipientType.SHELTER, "Salvation Army", city="Fulton"), allow_duplicate=True)
    assert second.id != army.id
    assert len(recipients.list_recipients(db, admin)) == 3


def test_the_same_recipient_twice_is_one_record(db: Database, admin: Actor) -> None:
    home = shelter(db, admin)
    with pytest.raises(AlreadyExists, match="Hope House Shelter"):
        shelter(db, admin, "hope house shelter, inc.", allow_duplicate=True)
    assert [r.id for r in recipients.list_recipients(db, admin)] == [home.id]


def test_bad_values_are_refused_by_field(db: Database, admin: Actor) -> None:
    with pytest.raises(Errors) as exc:
        recipients.create_recipient(db, admin, RecipientInput(
            RecipientType.SCHOOL, "  ", email="nobody", phone="12"))
    assert set(exc.value.errors) == {"name", "email", "phone"}
    assert recipients.list_recipients(db, admin) == []


def test_a_victim_is_withheld_from_roles_that_may_not_see_victims(db: Database, admin: Actor,
                                                                  make_user) -> None:
    victims = make_user(Role.VICTIM_SERVICES)
    staff = make_user(Role.INSTITUTION_STAFF)
    with pytest.raises(NotAllowed):
        recipients.create_recipient(db, staff, RecipientInput(RecipientType.VICTIM, "Jane Roe"))
    jane = recipients.create_recipient(db, victims, RecipientInput(
        RecipientType.VICTIM, "Jane Roe", address="12 Elm St", city="Fulton",
        phone="573-555-0101"))
    assert (jane.name, jane.address, jane.withheld) == ("Jane Roe", "12 Elm St", False)
    seen = recipients.get_recipient(db, staff, jane.id)
    assert seen.withheld and seen.display == WITHHELD
    assert (seen.address, seen.city, seen.phone, seen.contact_name, seen.email) == ("",) * 5
    [listed] = recipients.list_recipients(db, staff)
    assert listed.display == WITHHELD
    assert recipients.list_recipients(db, staff, query="Roe") == []  # no hint one exists
    with pytest.raises(NotAllowed):
        recipients.update_recipient(db, staff, jane.id, RecipientInput(
            RecipientType.SHELTER, "Jane Roe"))
    assert _reads(db) == []  # nothing shown, nothing to record
    assert recipients.get_recipient(db, victims, jane.id).name == "Jane Roe"
    assert recipients.list_recipients(db, victims, query="roe")[0].name == "Jane Roe"
    assert len(_reads(db)) == 2 and all("Jane Roe" in r for r in _reads(db))


def test_merging_moves_every_delivery_and_retires_the_other(db: Database, admin: Actor) -> None:
    project = make_project(db, admin)
    quilt = quilts(db, admin, project, made=10)
    keep = shelter(db, admin)
    with pytest.raises(recipients.PossibleDuplicate):
        recipients.create_recipient(db, admin, RecipientInput(
            RecipientType.SHELTER, "Hope House Shelter Inc", address="5 Oak St"))
    other = recipients.create_recipient(db, admin, RecipientInput(
        RecipientType.SHELTER, "Hope House Shelter Inc", address="5 Oak St"),
        allow_duplicate=True)
    made = [deliveries.create_delivery(db, admin, deliveries.DeliveryInput(
        "JCCC", who.id, TODAY, (deliveries.LineInput(quilt.id, project, 2),)), today=TODAY)
        for who in (keep, other, other)]
    kept = recipients.merge_recipients(db, admin, keep.id, other.id)
    assert kept.id == keep.id
    assert {deliveries.get_delivery(db, admin, d.id).recipient.id for d in made} == {keep.id}
    gone = recipients.get_recipient(db, admin, other.id)
    assert not gone.active
    assert [r.id for r in recipients.list_recipients(db, admin)] == [keep.id]
    with pytest.raises(InvalidInput, match="merged"):
        recipients.merge_recipients(db, admin, keep.id, other.id)
    with pytest.raises(InvalidInput, match="merged"):
        deliveries.create_delivery(db, admin, deliveries.DeliveryInput(
            "JCCC", other.id, TODAY, (deliveries.LineInput(quilt.id, project, 1),)),
            today=TODAY)
    assert all(deliveries.get_delivery(db, admin, d.id).status is DeliveryStatus.PREPARED
               for d in made)


def test_merging_another_sites_deliveries_needs_that_site(db: Database, admin: Actor,
                                                          make_user) -> None:
    project = make_project(db, admin, site="ERDCC")
    quilt = quilts(db, admin, project, made=5)
    keep, other = shelter(db, admin), shelter(db, admin, "Rainbow House")
    d = deliveries.create_delivery(db, admin, deliveries.DeliveryInput(
        "ERDCC", other.id, TODAY, (deliveries.LineInput(quilt.id, None, 1),)), today=TODAY)
    coordinator = make_user(Role.VOLUNTEER_COORDINATOR)  # of JCCC
    with pytest.raises(NotAllowed, match="own site"):
        recipients.merge_recipients(db, coordinator, keep.id, other.id)
    assert deliveries.get_delivery(db, admin, d.id).recipient.id == other.id
    assert recipients.get_recipient(db, admin, other.id).active
