"""Deliveries: never more than on hand, prepared → delivered (all or part) → receipt
confirmed, cancelling returns the stock, found by their slip number as typed or scanned."""

from __future__ import annotations

from datetime import date

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.domain.people.rules import site_key
from rjdesk.domain.reparative.enums import DeliveryStatus, RecipientType
from rjdesk.services.core.context import Actor
from rjdesk.services.core.errors import Errors, InvalidInput, NotAllowed
from rjdesk.services.reparative import deliveries, items, recipients
from rjdesk.services.reparative.deliveries import DeliveryInput, LineInput
from rjdesk.store.database import Database
from tests.services.reparative.goods_data import TODAY, make_project, quilts, shelter


@pytest.fixture
def stocked(db: Database, admin: Actor) -> tuple[str, str, str]:
    """JCCC's quilting project has made 40 quilts; a shelter waits for them."""
    project = make_project(db, admin)
    return project, quilts(db, admin, project, made=40).id, shelter(db, admin).id


def _deliver(db: Database, actor: Actor, stocked, quantity: float, **kw) -> deliveries.DeliveryView:
    project, quilt, home = stocked
    return deliveries.create_delivery(db, actor, DeliveryInput(
        "JCCC", home, kw.pop("on", TODAY), (LineInput(quilt, project, quantity),), **kw),
        today=TODAY)


def _on_hand(db: Database, admin: Actor) -> float:
    return sum(r.on_hand for r in items.stock(db, admin, site_key("JCCC")))


def test_thirty_go_and_twenty_more_are_refused(db: Database, admin: Actor, stocked) -> None:
    first = _deliver(db, admin, stocked, 30)
    assert first.slip_number == "JCCC-2026-10001"
    assert first.status is DeliveryStatus.PREPARED
    assert [(line.item_name, line.quantity_ordered, line.quantity_delivered)
            for line in first.lines] == [("Quilt", 30, None)]
    with pytest.raises(InvalidInput) as exc:
        _deliver(db, admin, stocked, 20)
    assert exc.value.field == "lines"
    assert "Quilt: 10 each on hand at JCCC, 20 asked for" in exc.value.message
    assert len(deliveries.list_deliveries(db, admin, None)[0]) == 1
    assert _deliver(db, admin, stocked, 10).slip_number == "JCCC-2026-10002"
    assert _on_hand(db, admin) == 0


def test_two_lines_of_one_item_count_together(db: Database, admin: Actor, stocked) -> None:
    project, quilt, home = stocked
    other = make_project(db, admin, "Sewing circle")
    with pytest.raises(InvalidInput, match="40 each on hand at JCCC, 45 asked for"):
        deliveries.create_delivery(db, admin, DeliveryInput("JCCC", home, TODAY, (
            LineInput(quilt, project, 20), LineInput(quilt, other, 25))), today=TODAY)
    with pytest.raises(InvalidInput, match="two lines"):
        deliveries.create_delivery(db, admin, DeliveryInput("JCCC", home, TODAY, (
            LineInput(quilt, project, 2), LineInput(quilt, project, 3))), today=TODAY)
    assert deliveries.list_deliveries(db, admin, None) == ([], None)


@pytest.mark.parametrize("lines, on, field", [((), TODAY, "lines"),
                                              (((0,)), TODAY, "lines"),
                                              (((-1,)), TODAY, "lines"),
                                              (((1,)), date(2026, 11, 21), "prepared_on")])
def test_bad_deliveries_are_refused_at_their_field(db: Database, admin: Actor, stocked,
                                                   lines, on, field) -> None:
    project, quilt, home = stocked
    with pytest.raises(Errors) as exc:
        deliveries.create_delivery(db, admin, DeliveryInput(
            "JCCC", home, on, tuple(LineInput(quilt, project, q) for q in lines)), today=TODAY)
    assert field in exc.value.errors
    assert _on_hand(db, admin) == 40


def test_a_partial_delivery_keeps_ordered_and_delivered_apart(db: Database, admin: Actor,
                                                              stocked) -> None:
    d = _deliver(db, admin, stocked, 30)
    line = d.lines[0].id
    with pytest.raises(InvalidInput, match="between 0 and the 30"):
        deliveries.mark_delivered(db, admin, d.id, delivered_on=TODAY, delivered_by="Ray",
                                  quantities={line: 31}, today=TODAY)
    with pytest.raises(InvalidInput) as exc:
        deliveries.mark_delivered(db, admin, d.id, delivered_on=TODAY, delivered_by="  ",
                                  today=TODAY)
    assert exc.value.field == "delivered_by"
    out = deliveries.mark_delivered(db, admin, d.id, delivered_on=TODAY,
                                    delivered_by="Sgt. Ray", quantities={line: 24}, today=TODAY)
    assert (out.status, out.delivered_by, out.lines[0].quantity_ordered,
            out.lines[0].quantity_delivered) == (DeliveryStatus.DELIVERED, "Sgt. Ray", 30, 24)
    assert _on_hand(db, admin) == 16
    with pytest.raises(InvalidInput, match="went out on 11/20/2026"):
        deliveries.confirm_receipt(db, admin, d.id, received_by="Ann Lee",
                                   received_on=date(2026, 11, 19), today=TODAY)
    done = deliveries.confirm_receipt(db, admin, d.id, received_by="Ann Lee",
                                      received_on=TODAY, today=TODAY)
    assert (done.status, done.received_by, done.received_on) == (DeliveryStatus.RECEIVED,
                                                                 "Ann Lee", TODAY)
    with pytest.raises(InvalidInput, match="receipt confirmed"):
        deliveries.cancel_delivery(db, admin, d.id)
    assert _on_hand(db, admin) == 16


def test_cancelling_returns_the_stock(db: Database, admin: Actor, stocked) -> None:
    d = _deliver(db, admin, stocked, 40)
    assert _on_hand(db, admin) == 0
    gone = deliveries.cancel_delivery(db, admin, d.id, "Shelter closed for the holiday")
    assert gone.status is DeliveryStatus.CANCELLED
    assert gone.notes.endswith("Cancelled: Shelter closed for the holiday")
    assert _on_hand(db, admin) == 40
    with pytest.raises(InvalidInput):
        deliveries.mark_delivered(db, admin, d.id, delivered_on=TODAY, delivered_by="Ray",
                                  today=TODAY)


def test_a_slip_is_found_as_typed_or_scanned(db: Database, admin: Actor, stocked) -> None:
    d = _deliver(db, admin, stocked, 3)
    for text in ("JCCC-2026-10001", " jccc-2026-10001\r\n", "\x1bJCCC-2026-10001"):
        found = deliveries.find_by_slip(db, admin, text)
        assert found is not None and found.id == d.id
    assert deliveries.find_by_slip(db, admin, "JCCC-2026-10002") is None
    assert deliveries.find_by_slip(db, admin, "not a slip") is None


def test_another_sites_deliveries_are_not_ones_to_change(db: Database, admin: Actor, stocked,
                                                         make_user) -> None:
    d = _deliver(db, admin, stocked, 3)
    coordinator = make_user(Role.VOLUNTEER_COORDINATOR, "ERDCC")
    with pytest.raises(NotAllowed, match="own site"):
        deliveries.cancel_delivery(db, coordinator, d.id)
    with pytest.raises(NotAllowed, match="own site"):
        _deliver(db, coordinator, stocked, 1)
    central = make_user(Role.CENTRAL_OFFICE)
    with pytest.raises(NotAllowed):
        deliveries.cancel_delivery(db, central, d.id)
    assert deliveries.get_delivery(db, central, d.id).status is DeliveryStatus.PREPARED


def test_a_delivery_to_a_victim_shows_no_name_to_staff(db: Database, admin: Actor, stocked,
                                                       make_user) -> None:
    project, quilt, _ = stocked
    jane = recipients.create_recipient(db, admin, recipients.RecipientInput(
        RecipientType.VICTIM, "Jane Roe", address="12 Elm St"))
    d = deliveries.create_delivery(db, admin, DeliveryInput(
        "JCCC", jane.id, TODAY, (LineInput(quilt, project, 1),)), today=TODAY)
    staff = make_user(Role.INSTITUTION_STAFF)
    for seen in (deliveries.get_delivery(db, staff, d.id),
                 deliveries.find_by_slip(db, staff, d.slip_number)):
        assert seen is not None
        assert seen.recipient.display == "a victim (name withheld)"
        assert seen.recipient.address == ""
    rows, _ = deliveries.list_deliveries(db, staff, None)
    assert [r.recipient_display for r in rows] == ["a victim (name withheld)"]
    assert deliveries.list_deliveries(db, staff, None, query="Roe")[0] == []
    assert deliveries.get_delivery(db, admin, d.id).recipient.name == "Jane Roe"


def test_deliveries_page_newest_first(db: Database, admin: Actor, stocked) -> None:
    made = [_deliver(db, admin, stocked, 1, on=date(2026, 11, day)) for day in (3, 5, 5, 9)]
    first, after = deliveries.list_deliveries(db, admin, site_key("JCCC"), limit=3)
    rest, end = deliveries.list_deliveries(db, admin, site_key("JCCC"), after=after, limit=3)
    assert [r.id for r in first + rest] == [made[3].id, made[2].id, made[1].id, made[0].id]
    assert end is None and rest[0].lines == 1
    deliveries.cancel_delivery(db, admin, made[0].id)
    cancelled, _ = deliveries.list_deliveries(db, admin, None, status=DeliveryStatus.CANCELLED)
    assert [r.id for r in cancelled] == [made[0].id]
    found, _ = deliveries.list_deliveries(db, admin, None, query="hope house")
    assert len(found) == 4
    found, _ = deliveries.list_deliveries(db, admin, None, query="2026-10003")
    assert [r.id for r in found] == [made[2].id]
