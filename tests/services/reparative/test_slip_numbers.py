"""Slip numbers: site, year, this workstation's desk number, then its own count; the desk
number comes from the deployment's roster (desk 1 without sync) and is never given twice."""

from __future__ import annotations

from datetime import date

import pytest

from rjdesk.domain.people.rules import site_key
from rjdesk.domain.reparative import rules
from rjdesk.domain.reparative.enums import DeliveryStatus
from rjdesk.domain.reparative.models import Delivery
from rjdesk.services.core import settings
from rjdesk.services.core.context import Actor, acting
from rjdesk.services.core.errors import InvalidInput
from rjdesk.services.reparative import deliveries, recipients
from rjdesk.services.reparative.deliveries import DeliveryInput, LineInput
from rjdesk.store.database import Database
from rjdesk.sync.deployment import DESK, desk_of, next_desk
from tests.services.reparative.goods_data import TODAY, make_project, quilts, shelter


@pytest.fixture
def deliver(db: Database, admin: Actor):
    project = make_project(db, admin)
    quilt = quilts(db, admin, project, made=100).id
    home = shelter(db, admin).id

    def make(on: date = TODAY) -> str:
        return deliveries.create_delivery(db, admin, DeliveryInput(
            "JCCC", home, on, (LineInput(quilt, project, 1),)), today=TODAY).slip_number

    return make


def _slip_from_elsewhere(db: Database, admin: Actor, slip: str) -> None:
    """A delivery as another workstation's (or an earlier one's) would arrive by sync."""
    home = recipients.list_recipients(db, admin)[0].id
    with acting(db, admin) as tx:
        tx.add(Delivery(id=rules.delivery_key(slip), slip_number=slip, site_id=site_key("JCCC"),
                        recipient_id=home, status=DeliveryStatus.CANCELLED, prepared_on=TODAY))


def test_a_workstation_without_sync_is_desk_one(db: Database, deliver) -> None:
    assert settings.get(db, settings.DESK_NUMBER) == 1
    assert [deliver(), deliver()] == ["JCCC-2026-10001", "JCCC-2026-10002"]
    assert deliver(date(2025, 12, 30)) == "JCCC-2025-10001"  # a year of its own


def test_the_count_follows_this_desks_own_slips_only(db: Database, admin: Actor,
                                                     deliver) -> None:
    deliver()
    _slip_from_elsewhere(db, admin, "JCCC-2026-20007")  # desk 2's
    _slip_from_elsewhere(db, admin, "JCCC-2026-120003")  # desk 12's
    assert deliver() == "JCCC-2026-10002"
    with db.transaction() as tx:
        settings.write(tx, settings.DESK_NUMBER, 2)
    assert deliver() == "JCCC-2026-20008"
    with db.transaction() as tx:
        settings.write(tx, settings.DESK_NUMBER, 12)
    assert deliver() == "JCCC-2026-120004"


def test_a_desks_year_ends_at_9999_slips(db: Database, admin: Actor, deliver) -> None:
    deliver()
    _slip_from_elsewhere(db, admin, "JCCC-2026-19999")
    before = deliveries.list_deliveries(db, admin, None)[0]
    with pytest.raises(InvalidInput, match="all 9,999 slip numbers of 2026"):
        deliver()
    assert deliveries.list_deliveries(db, admin, None)[0] == before
    assert deliver(date(2025, 6, 1)) == "JCCC-2025-10001"


def test_every_slip_number_reads_back() -> None:
    for slip in ("JCCC-2026-10042", "PP-01-2026-30001", "CSC-STJ-2027-129999"):
        parsed = rules.parse_slip(slip.lower())
        assert parsed is not None and str(parsed) == slip


def test_desks_come_from_the_roster_and_are_never_given_twice() -> None:
    old = {"workstations": [{"id": "a", "site": "JCCC"}, {"id": "b", "site": "ERDCC"},
                            {"id": "c", "site": "JCCC"}]}
    assert [desk_of(old, w) for w in "abc"] == [1, 1, 2]  # by position among its site's
    assert desk_of(old, "zz") is None
    assert next_desk(old, "JCCC") == 3 and next_desk(old, "PP-EP") == 1
    revoked = {"workstations": [{"id": "a", "site": "JCCC", DESK: 1}],
               "revoked": [{"id": "c", "site": "JCCC", DESK: 4}]}
    assert next_desk(revoked, "JCCC") == 5
