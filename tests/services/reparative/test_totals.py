"""The dashboard's totals: hours by month, project and site with approved, waiting and declined
kept apart; offenders who took part; items made and delivered by kind of recipient; produce by
weight; one site or every site, one year or a date range."""

from __future__ import annotations

from datetime import date

import pytest

from rjdesk.domain.core.enums import Role
from rjdesk.domain.reparative.enums import (
    DeliveryStatus,
    HoursStatus,
    ProjectCategory,
    RecipientType,
    Unit,
)
from rjdesk.services.core.errors import InvalidInput, NotFound
from rjdesk.services.reparative import totals
from tests.services.reparative.reports_data import Book

A, P, D = HoursStatus.APPROVED, HoursStatus.PENDING, HoursStatus.DECLINED


@pytest.fixture
def book(db, admin) -> Book:
    return Book(db, admin)


@pytest.fixture
def year(book, add_offender):
    """Two JCCC projects and one at ACC, three offenders, hours of 2026 and one of 2025."""
    quilts = book.project("Quilting circle")
    garden = book.project("Prison garden", category=ProjectCategory.GARDEN)
    bikes = book.project("Bicycle shop", site="ACC", category=ProjectCategory.BICYCLES)
    an = add_offender("1000001", "Nguyễn", "Văn An").id
    bo = add_offender("1000002", "Smith", "Bob").id
    cy = add_offender("1000003", "Okafor", "Cyril", site="ACC").id
    book.hours(an, quilts, date(2026, 1, 5), 6)
    book.hours(an, garden, date(2026, 1, 5), 10, P)
    book.hours(bo, quilts, date(2026, 3, 2), 4.5)
    book.hours(bo, garden, date(2026, 3, 3), 3, D)  # Bob's only other hours: declined
    book.hours(cy, bikes, date(2026, 3, 4), 7)
    book.hours(an, quilts, date(2025, 12, 31), 8)  # another year
    return {"quilts": quilts, "garden": garden, "bikes": bikes, "an": an, "bo": bo, "cy": cy}


def test_a_sites_year_keeps_approved_waiting_and_declined_apart_by_month_and_project(
        db, admin, book, year) -> None:
    t = totals.dashboard(db, admin, book.site_id("JCCC"), 2026)
    assert [m.month for m in t.by_month] == [date(2026, m, 1) for m in range(1, 13)]
    jan, _, mar = t.by_month[:3]
    assert (jan.approved, jan.pending, jan.declined) == (6, 10, 0)
    assert (mar.approved, mar.pending, mar.declined) == (4.5, 0, 3)
    assert all(m.approved == m.pending == m.declined == 0 for m in t.by_month[3:])
    assert [(p.name, p.site_code, p.approved, p.pending, p.declined) for p in t.by_project] == [
        ("Prison garden", "JCCC", 0, 10, 3), ("Quilting circle", "JCCC", 10.5, 0, 0)]
    assert [(s.site_code, s.approved, s.pending, s.declined, s.participants)
            for s in t.by_site] == [("JCCC", 10.5, 10, 3, 2)]
    assert t.participants == 2 and t.approved == 10.5 and t.year == 2026


def test_the_state_counts_every_site_and_a_person_declined_everywhere_takes_no_part(
        db, admin, book, year, add_offender) -> None:
    only_declined = add_offender("1000004", "Ivanov", "Pyotr").id
    book.hours(only_declined, year["garden"], date(2026, 6, 1), 5, D)
    t = totals.dashboard(db, admin, None, 2026)
    assert [(s.site_code, s.approved, s.participants) for s in t.by_site] == [
        ("ACC", 7, 1), ("JCCC", 10.5, 2)]
    assert t.participants == 3
    assert [p.name for p in t.by_project] == ["Bicycle shop", "Prison garden", "Quilting circle"]
    assert totals.dashboard(db, admin, None, 2025).approved == 8


def test_a_person_who_worked_at_two_sites_counts_at_each_and_once_in_all(
        db, admin, book, year) -> None:
    book.hours(year["an"], year["bikes"], date(2026, 7, 1), 2)  # moved to ACC in July
    t = totals.dashboard(db, admin, None, 2026)
    assert [(s.site_code, s.participants) for s in t.by_site] == [("ACC", 2), ("JCCC", 2)]
    assert t.participants == 3


def test_items_made_and_delivered_by_kind_of_recipient_and_produce_in_pounds(
        db, admin, book, year) -> None:
    quilt = book.item("Quilt")
    produce = book.item("Fresh produce", Unit.POUND, produce=True)
    melons = book.item("Melons", Unit.TON, produce=True)
    book.made(year["quilts"], quilt, date(2026, 2, 1), 40)
    book.made(year["garden"], produce, date(2026, 8, 1), 1250.5)
    book.made(year["garden"], melons, date(2026, 8, 2), 1.5)
    book.made(year["bikes"], quilt, date(2026, 2, 1), 7)  # another site
    shelter = book.recipient("Rainbow House")
    meals = book.recipient("Meals for Mid-Mo", RecipientType.MEALS_ON_WHEELS)
    book.delivery("JCCC-2026-10001", shelter, [(quilt, year["quilts"], 30, 30)],
                  status=DeliveryStatus.RECEIVED, delivered_on=date(2026, 3, 1))
    book.delivery("JCCC-2026-10002", shelter, [(quilt, year["quilts"], 6, 4)],
                  status=DeliveryStatus.DELIVERED, delivered_on=date(2026, 3, 2))
    book.delivery("JCCC-2026-10003", meals, [(produce, year["garden"], 1000, 1000)],
                  status=DeliveryStatus.RECEIVED, delivered_on=date(2026, 8, 5))
    book.delivery("JCCC-2026-10004", shelter, [(quilt, year["quilts"], 5, None)])  # prepared
    book.delivery("JCCC-2026-10005", shelter, [(quilt, year["quilts"], 5, 5)],
                  status=DeliveryStatus.CANCELLED, delivered_on=date(2026, 3, 3))
    t = totals.dashboard(db, admin, book.site_id("JCCC"), 2026)
    assert [(i.item_name, i.unit, i.made, i.delivered) for i in t.items] == [
        ("Fresh produce", Unit.POUND, 1250.5, 1000), ("Melons", Unit.TON, 1.5, 0),
        ("Quilt", Unit.EACH, 40, 34)]
    assert t.delivered_by_recipient_type == [(RecipientType.SHELTER, 34, 2),
                                             (RecipientType.MEALS_ON_WHEELS, 1000, 1)]
    assert t.produce_pounds == 1250.5 + 3000 and t.produce_tons == pytest.approx(2.12525)


def test_a_date_range_counts_both_its_days_and_nothing_outside(db, admin, book, year) -> None:
    t = totals.between(db, admin, book.site_id("JCCC"), date(2026, 1, 5), date(2026, 3, 2))
    assert [m.month.month for m in t.by_month] == [1, 2, 3]
    assert t.approved == 10.5 and sum(m.declined for m in t.by_month) == 0
    spanning = totals.between(db, admin, None, date(2025, 12, 1), date(2026, 1, 31))
    assert [(m.month, m.approved) for m in spanning.by_month] == [
        (date(2025, 12, 1), 8), (date(2026, 1, 1), 6)]


def test_an_empty_year_is_zeros_not_an_error(db, admin, book) -> None:
    t = totals.dashboard(db, admin, book.site_id("JCCC"), 2026)
    assert len(t.by_month) == 12 and t.approved == 0 and t.participants == 0
    assert t.by_project == [] and t.items == [] and t.produce_pounds == 0


def test_a_backward_range_an_impossible_year_or_an_unknown_site_is_refused(db, admin) -> None:
    with pytest.raises(InvalidInput):
        totals.between(db, admin, None, date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(InvalidInput):
        totals.dashboard(db, admin, None, 20260)
    with pytest.raises(NotFound):
        totals.dashboard(db, admin, "no-such-site", 2026)


def test_every_role_that_looks_at_reparative_work_sees_the_totals_of_any_site(
        db, book, year, make_user) -> None:
    for role in (Role.PP_OFFICER, Role.VICTIM_SERVICES, Role.CENTRAL_OFFICE):
        actor = make_user(role)
        assert totals.dashboard(db, actor, book.site_id("ACC"), 2026).approved == 7


def test_one_declined_day_beside_a_counted_one_on_the_same_project_still_takes_part(
        db, admin, book, year, add_offender) -> None:
    dee = add_offender("1000005", "Dee", "Ann").id
    eve = add_offender("1000006", "Eve", "Lyn").id
    book.hours(dee, year["garden"], date(2026, 5, 1), 4, D)
    book.hours(dee, year["garden"], date(2026, 5, 2), 4, P)
    book.hours(eve, year["garden"], date(2026, 5, 1), 4, D)
    book.hours(eve, year["garden"], date(2026, 5, 2), 4, D)
    state = totals.dashboard(db, admin, None, 2026)
    site = totals.dashboard(db, admin, book.site_id("JCCC"), 2026)
    assert state.participants == 4  # An, Bob, Cyril, Dee
    assert [(s.site_code, s.participants) for s in state.by_site] == [("ACC", 1), ("JCCC", 3)]
    assert site.participants == 3 and site.by_site == [s for s in state.by_site
                                                       if s.site_code == "JCCC"]


@pytest.mark.parametrize("site", ["JCCC", None])
def test_the_kept_sums_answer_as_the_entries_do(db, admin, book, year, site,
                                                monkeypatch) -> None:
    """A year reads the sums the database keeps; any other range reads the entries: the two
    must agree to the hundredth, participants included."""
    site_id = book.site_id(site) if site else None
    kept = totals.dashboard(db, admin, site_id, 2026)
    monkeypatch.setattr(totals, "_whole_months", lambda start, end: False)
    monkeypatch.setattr(totals, "_whole_years", lambda start, end: False)
    assert totals.dashboard(db, admin, site_id, 2026) == kept
