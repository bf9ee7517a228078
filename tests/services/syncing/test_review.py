"""Settling a sync conflict passes the role and site checks of the edit it makes, and never
moves a person between sites past the transfer service."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import Site
from rjdesk.domain.people.models import OffenderTransfer
from rjdesk.services.core.errors import InvalidInput, NotAllowed
from rjdesk.services.people.records import get_offender
from rjdesk.services.syncing import review


def _conflict(db, table: str, row_id: str, field: str, loser: object, *,
              kind: str = "field", cid: str = "c0000000-0000-0000-0000-000000000001") -> str:
    with db.transaction() as tx:
        tx.connection().exec_driver_sql(
            "INSERT INTO sync_conflict (id, tbl, row_id, field, kind, winner_stamp, "
            "winner_value, loser_stamp, loser_value, found_at) VALUES (?, ?, ?, ?, ?, ?, NULL, "
            "?, ?, CURRENT_TIMESTAMP)",
            (cid, table, row_id, field, kind, "0000000000000001-aaaa", "0000000000000000-bbbb",
             json.dumps(loser)))
    return cid


def _site_id(db, code: str) -> str:
    with db.reading() as tx:
        return tx.scalar(select(Site.id).where(Site.code == code))


def test_an_officer_of_another_site_cannot_settle_a_jccc_offenders_conflict(
        db, admin, make_user, add_offender):
    person = add_offender(housing_unit="B-12")
    cid = _conflict(db, "offender", person.id, "housing_unit", "C-3")
    officer = make_user(Role.PP_OFFICER, "PP-27")
    for keep in ("other", "current"):
        with pytest.raises(NotAllowed, match="own site"):
            review.resolve(db, officer, cid, keep)
    assert get_offender(db, admin, person.id).housing_unit == "B-12"
    assert [c.id for c in review.list_conflicts(db, admin)] == [cid]


def test_staff_of_the_offenders_site_settle_it(db, admin, make_user, add_offender):
    person = add_offender(housing_unit="B-12")
    cid = _conflict(db, "offender", person.id, "housing_unit", "C-3")
    review.resolve(db, make_user(Role.INSTITUTION_STAFF, "JCCC"), cid, "other")
    assert get_offender(db, admin, person.id).housing_unit == "C-3"


def test_a_role_that_cannot_make_the_edit_cannot_settle_it(db, make_user, add_offender):
    volunteer_row = add_offender()  # any record of JCCC; the table decides the permission
    cid = _conflict(db, "app_user", volunteer_row.id, "display_name", "Someone")
    with pytest.raises(NotAllowed, match="manage staff accounts"):
        review.resolve(db, make_user(Role.INSTITUTION_STAFF), cid, "other")


def test_putting_back_a_site_asks_for_a_transfer_and_writes_nothing(db, admin, add_offender):
    person = add_offender()
    cid = _conflict(db, "offender", person.id, "site_id", _site_id(db, "PP-27"))
    with pytest.raises(InvalidInput, match="use Transfer"):
        review.resolve(db, admin, cid, "other")
    assert get_offender(db, admin, person.id).site_code == "JCCC"
    with db.reading() as tx:
        assert tx.scalars(select(OffenderTransfer)).all() == []
    review.resolve(db, admin, cid, "current")  # keeping the site as it is stays possible


def test_putting_back_a_whole_record_at_another_site_asks_for_a_transfer(db, admin,
                                                                         add_offender):
    person = add_offender()
    cid = _conflict(db, "offender", person.id, "*",
                    {"site_id": _site_id(db, "PP-27"), "housing_unit": "A-1"}, kind="delete")
    with pytest.raises(InvalidInput, match="use Transfer"):
        review.resolve(db, admin, cid, "other")
    assert get_offender(db, admin, person.id).site_code == "JCCC"
