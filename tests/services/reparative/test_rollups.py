"""The hours' monthly sums and participation, kept by triggers: after any mix of saves,
changes, approvals, declines and clearings they equal a recount from the entries."""

from __future__ import annotations

from sqlalchemy import text

from rjdesk.domain.core.enums import Role
from rjdesk.services.reparative import hours
from rjdesk.services.reparative.hours import HoursCell
from rjdesk.store import rollups
from tests.services.reparative.conftest import TODAY, WEEK


def sums(db) -> tuple[list, list]:
    with db.reading() as tx:
        months = tx.execute(text(f"SELECT * FROM {rollups.MONTHS} WHERE entries <> 0 "
                                 "ORDER BY 1, 2, 3, 4")).all()
        people = tx.execute(text(f"SELECT * FROM {rollups.PARTICIPATION} WHERE counted <> 0 "
                                 "ORDER BY 1, 2, 3")).all()
    return [tuple(r) for r in months], [tuple(r) for r in people]


def recount(db) -> tuple[list, list]:
    with db.transaction() as tx:
        rollups.rebuild(tx.connection())
    return sums(db)


def test_the_sums_follow_every_write_as_a_recount_would(db, coordinator, make_user, quilts,
                                                         crew):
    garcia, hill, nguyen = (p.id for p in crew)
    save = lambda cells: hours.save_grid(db, coordinator, quilts.id,  # noqa: E731
                                         [HoursCell(*c) for c in cells], today=TODAY)
    save([(p, d, 2.35) for p in (garcia, hill, nguyen) for d in WEEK])
    save([(garcia, WEEK[0], 10.0), (hill, WEEK[1], 11.25)])  # above the amount: pending
    save([(nguyen, WEEK[2], None)])  # cleared
    staff = make_user(Role.INSTITUTION_STAFF)
    pending = [r.entry_id for r in hours.list_pending(db, staff, None)]
    assert len(pending) == 2
    hours.decide(db, staff, pending[:1], approve=False)
    hours.decide(db, staff, pending[1:], approve=True)

    kept = sums(db)
    assert kept == recount(db)
    months, people = kept
    by_status = {}
    for r in months:
        by_status[r[3]] = by_status.get(r[3], 0) + r[4]
    # twelve cells of 2.35 h and hill's 11.25 approved, garcia's 10 declined (hundredths)
    assert by_status == {"approved": 12 * 235 + 1125, "declined": 1000}
    assert {r[2] for r in people} == {garcia, hill, nguyen}


def test_a_person_all_of_whose_hours_are_declined_took_no_part(db, coordinator, make_user,
                                                                quilts, crew):
    garcia = crew[0].id
    hours.save_grid(db, coordinator, quilts.id, [HoursCell(garcia, WEEK[0], 12.0)], today=TODAY)
    _, people = sums(db)
    assert [r[2] for r in people] == [garcia]
    staff = make_user(Role.INSTITUTION_STAFF)
    hours.decide(db, staff, [r.entry_id for r in hours.list_pending(db, staff, None)],
                 approve=False)
    assert sums(db)[1] == [] == recount(db)[1]
