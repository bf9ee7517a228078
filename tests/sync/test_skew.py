"""Clocks a day and a year apart, and a clock that jumps back: warned, and still converging."""

from __future__ import annotations

from pathlib import Path

from rjdesk.services.people.records import create_offender, get_offender, update_offender
from rjdesk.services.syncing import review as sync_review
from tests.conftest import offender_input
from tests.sync.harness import Deployment

DAY, YEAR = 86_400.0, 365 * 86_400.0


def test_workstations_a_day_and_a_year_apart_converge(tmp_path: Path) -> None:
    d = Deployment(tmp_path, 3, offsets=[0.0, DAY, -YEAR])
    try:
        made = create_offender(d[2].db, d[2].actor, offender_input("8889990", site="JCCC"))
        d.sync_all()
        for i, unit in enumerate(["A-1", "B-2", "C-3"]):
            update_offender(d[i].db, d[i].actor, made.id,
                            offender_input("8889990", site="JCCC", housing_unit=unit))
        d.sync_all()
        assert len(d.digests()) == 1
        # three concurrent edits: the day-ahead clock's stamp is the newest, so its value holds,
        # and the two others wait in the review list on every workstation
        assert get_offender(d[0].db, d[0].actor, made.id).housing_unit == "B-2"
        others = {c.other for c in sync_review.list_conflicts(d[0].db, d[0].actor)}
        assert others == {"A-1", "C-3"}
        assert d[0].conflict_ids() == d[1].conflict_ids() == d[2].conflict_ids()
        # the skewed workstations are told
        assert any("ahead of the share" in w for w in d[1].reports[-1].warnings)
        assert any("behind the share" in w for w in d[2].reports[-1].warnings)
        assert not any("clock" in w and "this workstation" in w
                       for w in d[0].reports[-1].warnings)
    finally:
        d.close()


def test_a_clock_that_jumps_back_still_orders_this_workstations_edits(tmp_path: Path) -> None:
    d = Deployment(tmp_path, 2)
    try:
        made = create_offender(d[1].db, d[1].actor, offender_input("8889991", site="JCCC"))
        update_offender(d[1].db, d[1].actor, made.id,
                        offender_input("8889991", site="JCCC", housing_unit="first"))
        d[1].clock_offset = -3 * 3600.0  # someone sets the clock back three hours
        update_offender(d[1].db, d[1].actor, made.id,
                        offender_input("8889991", site="JCCC", housing_unit="second"))
        d.sync_all()
        assert len(d.digests()) == 1
        for ws in d.stations:
            assert get_offender(ws.db, ws.actor, made.id).housing_unit == "second"
            assert ws.conflict_ids() == set()
    finally:
        d.close()
