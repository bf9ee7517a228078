"""Two workstations of one site, offline, deliver from one stock and issue slips: after sync
every slip number is distinct and the stock conflict is listed as a shortfall, never as a
negative on hand. Desk numbers come from the roster: one per workstation of a site, never
given twice, revoked ones included."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rjdesk.domain.people.rules import site_key
from rjdesk.services.core import settings
from rjdesk.services.core.errors import InvalidInput
from rjdesk.services.reparative import deliveries, items
from rjdesk.services.reparative.deliveries import DeliveryInput, LineInput
from rjdesk.sync import membership
from tests.services.reparative.goods_data import make_project, quilts, shelter
from tests.sync.harness import Deployment, Workstation

TODAY = date.today()


@pytest.fixture
def jccc_pair(tmp_path: Path):
    """The founder at JCCC and a second JCCC workstation that joined from its snapshot."""
    d = Deployment(tmp_path, 1)
    try:
        late = d.add_approved("WS-J2", "JCCC")
        d.sync(1)
        late.sign_in()
        yield d
    finally:
        d.close()


def _deliver(ws: Workstation, project: str, quilt: str, home: str, quantity: float) -> str:
    return deliveries.create_delivery(ws.db, ws.actor, DeliveryInput(
        "JCCC", home, TODAY, (LineInput(quilt, project, quantity),))).slip_number


def test_two_desks_deliver_one_stock_offline(jccc_pair: Deployment) -> None:
    d = jccc_pair
    first, second = d[0], d[1]
    assert [settings.get(ws.db, settings.DESK_NUMBER) for ws in d.stations] == [1, 2]
    project = make_project(first.db, first.actor)
    quilt = quilts(first.db, first.actor, project, made=40, day=TODAY).id
    home = shelter(first.db, first.actor).id
    d.sync_all()
    assert [r.on_hand for r in items.stock(second.db, second.actor, None)] == [40]

    # offline: each sees 40 on hand and delivers 30, then 5
    slips = [_deliver(ws, project, quilt, home, q) for q in (30, 5) for ws in (first, second)]
    year = TODAY.year
    assert slips == [f"JCCC-{year}-10001", f"JCCC-{year}-20001", f"JCCC-{year}-10002",
                     f"JCCC-{year}-20002"]
    reports = d.sync_all()
    assert all(not r.rejected for r in reports), [r.lines() for r in reports]
    assert len(d.digests()) == 1
    for ws in d.stations:
        rows, _ = deliveries.list_deliveries(ws.db, ws.actor, site_key("JCCC"))
        assert sorted(r.slip_number for r in rows) == sorted(slips)
        [row] = items.stock(ws.db, ws.actor, site_key("JCCC"))
        assert (row.made, row.committed, row.on_hand, row.shortfall) == (40, 70, 0, 30)

    # what is short can be settled: a cancelled delivery returns its quilts to the count
    cancelled = deliveries.find_by_slip(second.db, second.actor, slips[1])
    assert cancelled is not None
    deliveries.cancel_delivery(second.db, second.actor, cancelled.id, "double booked")
    d.sync_all()
    [row] = items.stock(first.db, first.actor, None)
    assert (row.on_hand, row.shortfall) == (0, 0)
    # and no more than on hand goes out now
    with pytest.raises(InvalidInput, match="0 each on hand"):
        _deliver(first, project, quilt, home, 1)
    # a desk's number is within its own site: another site's slips are not its to issue
    # (moved to another site here, it still holds its JCCC desk: the roster says which)
    for moved in (False, True):
        if moved:
            with first.db.transaction() as tx:
                settings.write(tx, settings.SITE_ID, site_key("ERDCC"))
        with pytest.raises(InvalidInput, match="workstation of ERDCC"):
            deliveries.create_delivery(first.db, first.actor, DeliveryInput(
                "ERDCC", home, TODAY, (LineInput(quilt, None, 1),)))


def test_a_revoked_desk_is_never_given_again(jccc_pair: Deployment) -> None:
    d = jccc_pair
    membership.revoke(d.share, d.admin, "WS-J2")
    third = d.add_approved("WS-J3", "JCCC")
    other_site = d.add_approved("WS-E1", "ERDCC")
    d.sync(0)
    d.sync(2)
    d.sync(3)
    assert settings.get(d[0].db, settings.DESK_NUMBER) == 1
    assert settings.get(third.db, settings.DESK_NUMBER) == 3
    assert settings.get(other_site.db, settings.DESK_NUMBER) == 1
    members = {m["name"]: m.get("desk") for m in membership.roster_of(d.share)["workstations"]}
    assert members == {"WS0": 1, "WS-J3": 3, "WS-E1": 1}
