"""Item types, production entries and stock: made less what deliveries hold, never negative."""

from __future__ import annotations

from datetime import date

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.domain.people.rules import site_key
from rjdesk.domain.reparative.enums import Unit
from rjdesk.services.core.context import Actor
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, NotAllowed
from rjdesk.services.reparative import deliveries, items
from rjdesk.store.database import Database
from tests.services.reparative.goods_data import TODAY, make_project, quilts, shelter


def test_an_item_type_is_one_per_name_whatever_the_case(db: Database, admin: Actor) -> None:
    made = items.create_item_type(db, admin, "  Weighted   blanket ", Unit.EACH)
    assert made.name == "Weighted blanket"
    with pytest.raises(AlreadyExists, match="Weighted blanket"):
        items.create_item_type(db, admin, "WEIGHTED BLANKET", Unit.POUND)
    with pytest.raises(InvalidInput) as exc:
        items.create_item_type(db, admin, "   ", Unit.EACH)
    assert exc.value.field == "name"
    tomatoes = items.create_item_type(db, admin, "Tomatoes", Unit.POUND, produce=True)
    assert [t.name for t in items.list_item_types(db, admin)] == ["Tomatoes",
                                                                 "Weighted blanket"]
    assert tomatoes.produce and tomatoes.unit is Unit.POUND


def test_production_adds_to_the_days_entry(db: Database, admin: Actor) -> None:
    project = make_project(db, admin)
    quilt = quilts(db, admin, project, made=10)
    again = items.record_production(db, admin, project, quilt.id, date(2026, 11, 2), 2.5,
                                    today=TODAY)
    assert again.quantity == 12.5
    other_day = items.record_production(db, admin, project, quilt.id, date(2026, 11, 3), 1,
                                        today=TODAY)
    listed = items.list_production(db, admin, site_key("JCCC"))
    assert [(p.day, p.quantity, p.item_name, p.project_name) for p in listed] == [
        (date(2026, 11, 3), 1.0, "Quilt", "Quilting"), (date(2026, 11, 2), 12.5, "Quilt",
                                                        "Quilting")]
    assert listed[0].id == other_day.id
    assert items.list_production(db, admin, site_key("ERDCC")) == []


@pytest.mark.parametrize("quantity, day, field", [(0, date(2026, 11, 2), "quantity"),
                                                  (-3, date(2026, 11, 2), "quantity"),
                                                  (float("nan"), date(2026, 11, 2), "quantity"),
                                                  (5, date(2026, 11, 21), "day")])
def test_production_refuses_nothing_less_and_the_future(db: Database, admin: Actor,
                                                        quantity: float, day: date,
                                                        field: str) -> None:
    project = make_project(db, admin)
    quilt = items.create_item_type(db, admin, "Quilt", Unit.EACH)
    with pytest.raises(Errors) as exc:
        items.record_production(db, admin, project, quilt.id, day, quantity, today=TODAY)
    assert field in exc.value.errors
    assert items.list_production(db, admin, None) == []


def test_production_needs_an_active_project_of_ones_own_site(db: Database, admin: Actor,
                                                             make_user) -> None:
    closed = make_project(db, admin, "Old quilting", active=False)
    elsewhere = make_project(db, admin, "Garden", site="ERDCC")
    quilt = items.create_item_type(db, admin, "Quilt", Unit.EACH)
    with pytest.raises(InvalidInput, match="closed"):
        items.record_production(db, admin, closed, quilt.id, TODAY, 1, today=TODAY)
    coordinator = make_user(Role.VOLUNTEER_COORDINATOR)
    with pytest.raises(NotAllowed, match="own site"):
        items.record_production(db, coordinator, elsewhere, quilt.id, TODAY, 1, today=TODAY)
    victims = make_user(Role.VICTIM_SERVICES)
    with pytest.raises(NotAllowed):
        items.create_item_type(db, victims, "Toy", Unit.EACH)
    assert items.list_production(db, admin, None) == []


def test_stock_is_made_less_what_deliveries_hold(db: Database, admin: Actor) -> None:
    project = make_project(db, admin)
    quilt = quilts(db, admin, project, made=40)
    home = shelter(db, admin)
    line = (deliveries.LineInput(quilt.id, project, 30),)
    d = deliveries.create_delivery(db, admin, deliveries.DeliveryInput("JCCC", home.id, TODAY,
                                                                       line), today=TODAY)
    [row] = items.stock(db, admin, site_key("JCCC"))
    assert (row.site_code, row.item_name, row.made, row.committed, row.on_hand,
            row.shortfall) == ("JCCC", "Quilt", 40, 30, 10, 0)
    deliveries.mark_delivered(db, admin, d.id, delivered_on=TODAY, delivered_by="Sgt. Ray",
                              quantities={d.lines[0].id: 25}, today=TODAY)
    [row] = items.stock(db, admin, None)
    assert (row.committed, row.on_hand) == (25, 15)  # five came back
    assert items.stock(db, admin, site_key("ERDCC")) == []
