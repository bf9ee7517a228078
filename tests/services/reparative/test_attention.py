"""What needs the coordinator's attention: supervisors whose check expired or soon expires (on
active projects only), hours waiting for approval, a person's day above 24 hours (after two
workstations synced), and a stock shortfall (two workstations delivered one stock)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rjdesk.domain.reparative.enums import DeliveryStatus, HoursStatus
from rjdesk.services.reparative import attention
from rjdesk.services.reparative.attention import (
    CHECK_EXPIRED,
    CHECK_EXPIRING,
    DAY_OVER,
    HOURS_PENDING,
    STOCK_SHORTFALL,
)
from rjdesk.services.volunteers.records import VolunteerInput, create_volunteer
from tests.services.reparative.reports_data import Book

TODAY = date(2026, 11, 2)


@pytest.fixture
def book(db, admin) -> Book:
    return Book(db, admin)


def volunteer(db, admin, last: str, first: str, expires: date | None, site: str = "JCCC") -> str:
    return create_volunteer(db, admin, VolunteerInput(
        last, first, site, background_check_on=date(2024, 1, 1) if expires else None,
        background_check_expires=expires), today=date(2024, 1, 2)).id


def kinds(items) -> list[tuple[str, str]]:
    return [(i.kind, i.site_code) for i in items]


def test_a_quiet_site_needs_nothing(db, admin, book) -> None:
    book.project("Quilting circle")
    assert attention.needs_attention(db, admin, None, today=TODAY) == []


def test_expired_and_soon_expiring_checks_on_active_projects_are_listed_with_the_project(
        db, admin, book) -> None:
    lapsed = volunteer(db, admin, "Reyes", "Marisol", TODAY - timedelta(days=1))
    soon = volunteer(db, admin, "Okafor", "Ada", TODAY + timedelta(days=20))
    fine = volunteer(db, admin, "Smith", "Ann", TODAY + timedelta(days=200))
    quilts = book.project("Quilting circle", supervisors=(lapsed, soon, fine))
    book.project("Old garden", supervisors=(lapsed,), active=False)  # closed: not listed
    items = attention.needs_attention(db, admin, book.site_id("JCCC"), today=TODAY)
    assert kinds(items) == [(CHECK_EXPIRED, "JCCC"), (CHECK_EXPIRING, "JCCC")]
    assert items[0].target_id == items[1].target_id == quilts
    assert "REYES, Marisol" in items[0].text and "11/01/2026" in items[0].text
    assert "Quilting circle" in items[0].text
    assert "OKAFOR, Ada" in items[1].text and "11/22/2026" in items[1].text
    assert attention.needs_attention(db, admin, book.site_id("ACC"), today=TODAY) == []


def test_hours_waiting_for_approval_are_counted_per_project(db, admin, book,
                                                            add_offender) -> None:
    quilts = book.project("Quilting circle")
    an = add_offender("1000001").id
    bo = add_offender("1000002", "Smith", "Bob").id
    book.hours(an, quilts, TODAY, 10, HoursStatus.PENDING)
    book.hours(bo, quilts, TODAY, 9.5, HoursStatus.PENDING)
    book.hours(bo, quilts, TODAY - timedelta(days=1), 9.5, HoursStatus.DECLINED)
    [item] = attention.needs_attention(db, admin, None, today=TODAY)
    assert (item.kind, item.target_id) == (HOURS_PENDING, quilts)
    assert item.text.startswith("2 hour entries (19.5 h) wait for approval")


def test_a_day_above_24_hours_across_sites_is_listed_at_each_site_it_touches(
        db, admin, book, add_offender) -> None:
    quilts = book.project("Quilting circle")
    bikes = book.project("Bicycle shop", site="ACC")
    an = add_offender("1000001", "Nguyễn", "Văn An").id
    book.hours(an, quilts, TODAY, 16)
    book.hours(an, bikes, TODAY, 12)  # synced from a workstation at ACC
    book.hours(an, quilts, TODAY - timedelta(days=1), 16)
    book.hours(an, bikes, TODAY - timedelta(days=1), 12, HoursStatus.DECLINED)  # settled
    everywhere = attention.needs_attention(db, admin, None, today=TODAY)
    assert kinds(everywhere) == [(DAY_OVER, "ACC"), (DAY_OVER, "JCCC")]
    assert "NGUYỄN, Văn An (1000001) has 28 hours on 11/02/2026" in everywhere[0].text
    assert everywhere[0].target_id == an
    assert kinds(attention.needs_attention(db, admin, book.site_id("JCCC"), today=TODAY)) == [
        (DAY_OVER, "JCCC")]


def test_a_stock_delivered_twice_shows_as_a_shortfall_not_a_silent_negative(
        db, admin, book) -> None:
    quilts = book.project("Quilting circle")
    quilt = book.item("Quilt")
    book.made(quilts, quilt, date(2026, 10, 1), 40)
    shelter = book.recipient("Rainbow House")
    # two workstations, offline, each delivered 30 of the same 40
    book.delivery("JCCC-2026-10001", shelter, [(quilt, quilts, 30, 30)],
                  status=DeliveryStatus.DELIVERED, delivered_on=date(2026, 10, 2))
    book.delivery("JCCC-2026-20001", shelter, [(quilt, quilts, 30, None)])
    book.delivery("JCCC-2026-20002", shelter, [(quilt, quilts, 50, None)],
                  status=DeliveryStatus.CANCELLED)  # cancelled: returns its stock
    [item] = attention.needs_attention(db, admin, book.site_id("JCCC"), today=TODAY)
    assert (item.kind, item.site_code, item.target_id) == (STOCK_SHORTFALL, "JCCC", quilt)
    assert item.text.startswith("Quilt: 60 each committed to deliveries but 40 made, 20 short")


def test_a_partly_delivered_line_commits_only_what_went_out(db, admin, book) -> None:
    quilts = book.project("Quilting circle")
    quilt = book.item("Quilt")
    book.made(quilts, quilt, date(2026, 10, 1), 40)
    shelter = book.recipient("Rainbow House")
    book.delivery("JCCC-2026-10001", shelter, [(quilt, quilts, 30, 20)],
                  status=DeliveryStatus.RECEIVED, delivered_on=date(2026, 10, 2))
    book.delivery("JCCC-2026-20001", shelter, [(quilt, quilts, 20, None)])
    assert attention.needs_attention(db, admin, None, today=TODAY) == []
