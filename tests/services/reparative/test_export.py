"""Reparative hours and deliveries out to .csv and .xlsx: the rows, the range and site, victims
withheld from roles that may not see them, and refusals that write nothing."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.domain.reparative.enums import DeliveryStatus, HoursStatus, RecipientType
from rjdesk.services.core.errors import InvalidInput, NotAllowed
from rjdesk.services.reparative.export import export_deliveries, export_hours
from tests.services.reparative.reports_data import Book

JAN, DEC = date(2026, 1, 1), date(2026, 12, 31)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def book(db, admin) -> Book:
    return Book(db, admin)


@pytest.fixture
def world(db, admin, book, add_offender):
    quilts = book.project("Quilting circle")
    bikes = book.project("=Bicycle shop", site="ACC")  # as if typed into a spreadsheet
    an = add_offender("1000001", "Nguyễn", "Văn An").id
    cy = add_offender("1000003", "Okafor", "Cyril", site="ACC").id
    book.hours(an, quilts, date(2026, 3, 2), 6)
    book.hours(an, quilts, date(2026, 3, 3), 10, HoursStatus.PENDING)
    book.hours(an, quilts, date(2025, 12, 30), 4)  # before the range
    book.hours(cy, bikes, date(2026, 3, 2), 7, HoursStatus.DECLINED)
    quilt = book.item("Quilt")
    shelter = book.recipient("Rainbow House", city="Columbia")
    victim = book.recipient("Jane Victimson", RecipientType.VICTIM, city="Fulton")
    book.delivery("JCCC-2026-10001", shelter, [(quilt, quilts, 30, 25)],
                  status=DeliveryStatus.DELIVERED, prepared_on=date(2026, 4, 1),
                  delivered_on=date(2026, 4, 2))
    book.delivery("JCCC-2026-10002", victim, [(quilt, None, 1, None)],
                  prepared_on=date(2026, 4, 3))
    return {"quilts": quilts}


def test_hours_of_a_site_and_range_with_their_status_in_csv(db, admin, book, world,
                                                            tmp_path) -> None:
    out = tmp_path / "hours.csv"
    assert export_hours(db, admin, book.site_id("JCCC"), JAN, DEC, out) == 2
    rows = read_csv(out)
    assert [(r["site"], r["project"], r["category"], r["doc_number"], r["last_name"],
             r["worked_on"], r["hours"], r["status"]) for r in rows] == [
        ("JCCC", "Quilting circle", "Sewing and quilts", "1000001", "Nguyễn", "2026-03-02",
         "6.0", "approved"),
        ("JCCC", "Quilting circle", "Sewing and quilts", "1000001", "Nguyễn", "2026-03-03",
         "10.0", "pending")]
    with db.reading() as tx:
        event = tx.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.summary.startswith("Exported 2 reparative hour entries of site JCCC")


def test_every_sites_hours_to_xlsx_keep_a_formula_looking_project_as_text(db, admin, world,
                                                                       tmp_path) -> None:
    out = tmp_path / "hours.xlsx"
    assert export_hours(db, admin, None, JAN, DEC, out) == 3
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0][:4]] == ["site", "project", "category", "doc_number"]
    acc = next(r for r in rows if r[0].value == "ACC")
    assert acc[1].value == "=Bicycle shop" and acc[1].data_type == "s"  # text, not a formula
    assert acc[4].value == "Okafor" and acc[8].value == "declined"
    assert acc[6].value.date() == date(2026, 3, 2) and acc[7].value == 7


def test_deliveries_withhold_a_victim_from_staff_and_name_it_for_the_central_office(
        db, admin, book, world, make_user, tmp_path) -> None:
    staff = make_user(Role.INSTITUTION_STAFF)
    out = tmp_path / "d.csv"
    assert export_deliveries(db, staff, book.site_id("JCCC"), JAN, DEC, out) == 2
    rows = read_csv(out)
    assert [(r["slip_number"], r["status"], r["recipient_type"], r["recipient"], r["city"],
             r["item"], r["project"], r["quantity_ordered"], r["quantity_delivered"])
            for r in rows] == [
        ("JCCC-2026-10001", "delivered", "Shelter", "Rainbow House", "Columbia", "Quilt",
         "Quilting circle", "30.0", "25.0"),
        ("JCCC-2026-10002", "prepared", "Victim", "a victim (name withheld)", "", "Quilt", "",
         "1.0", "")]
    assert "Victimson" not in out.read_text(encoding="utf-8-sig")
    office = make_user(Role.CENTRAL_OFFICE)
    named = tmp_path / "named.xlsx"
    export_deliveries(db, office, None, JAN, DEC, named)
    cells = [v for row in load_workbook(named).active.iter_rows(values_only=True) for v in row]
    assert "Jane Victimson" in cells and "Fulton" in cells


def test_refusals_write_nothing(db, admin, book, world, make_user, tmp_path) -> None:
    out = tmp_path / "x.csv"
    with pytest.raises(InvalidInput, match=".csv or .xlsx"):
        export_hours(db, admin, None, JAN, DEC, tmp_path / "x.pdf")
    with pytest.raises(InvalidInput, match="ends before"):
        export_deliveries(db, admin, None, DEC, JAN, out)
    staff = make_user(Role.INSTITUTION_STAFF)
    with pytest.raises(NotAllowed, match="own site"):
        export_hours(db, staff, None, JAN, DEC, out)
    with pytest.raises(NotAllowed, match="own site"):
        export_deliveries(db, staff, book.site_id("ACC"), JAN, DEC, out)
    with pytest.raises(NotAllowed, match="export reparative hours"):
        export_hours(db, make_user(Role.VICTIM_SERVICES), None, JAN, DEC, out)
    assert not out.exists() and not (tmp_path / "x.pdf").exists()
