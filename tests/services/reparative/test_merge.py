"""Merging two records of one person who both have hours: moved when they can be, refused with
the reason when both hold the same project and day."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rjdesk.domain.reparative.models import HourEntry
from rjdesk.services.core.errors import InvalidInput
from rjdesk.services.people import records
from rjdesk.services.reparative import hours
from rjdesk.services.reparative.hours import HoursCell
from tests.services.reparative.conftest import TODAY, WEEK


def owners(db) -> list[tuple[str, object]]:
    with db.reading() as tx:
        return sorted(tx.execute(select(HourEntry.offender_id, HourEntry.worked_on)).all())


def test_hours_on_the_same_project_and_day_stop_the_merge_with_the_reason(
        db, admin, coordinator, quilts, crew):
    garcia, hill = crew[0].id, crew[1].id
    hours.save_grid(db, coordinator, quilts.id, [HoursCell(garcia, WEEK[0], 4),
                                                 HoursCell(hill, WEEK[0], 5)], today=TODAY)
    before = owners(db)
    with pytest.raises(InvalidInput, match="hours on the same project and day"):
        records.merge_offenders(db, admin, garcia, hill)
    assert owners(db) == before  # nothing moved


def test_hours_on_other_days_move_to_the_kept_record(db, admin, coordinator, quilts, crew):
    garcia, hill = crew[0].id, crew[1].id
    hours.save_grid(db, coordinator, quilts.id, [HoursCell(garcia, WEEK[0], 4),
                                                 HoursCell(hill, WEEK[1], 5)], today=TODAY)
    records.merge_offenders(db, admin, garcia, hill)
    assert owners(db) == [(garcia, WEEK[0]), (garcia, WEEK[1])]
