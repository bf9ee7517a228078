"""The reparative papers through their service: who may print them, of which site, what a role
that may not see victims reads on a slip, and the audit event each print leaves."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.domain.reparative.enums import DeliveryStatus, HoursStatus, RecipientType, Unit
from rjdesk.services.core.errors import InvalidInput, NotAllowed, NotFound
from rjdesk.services.reparative import printouts
from rjdesk.services.volunteers.records import VolunteerInput, create_volunteer
from tests.services.reparative.reports_data import Book

if TYPE_CHECKING:
    from tests.pdf_reading import PdfTools

SLIP = "JCCC-2026-10042"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def book(db, admin) -> Book:
    return Book(db, admin)


@pytest.fixture
def world(db, admin, book, add_offender):
    sup = create_volunteer(db, admin, VolunteerInput(
        "Reyes", "Marisol", "JCCC", background_check_on=date(2026, 1, 1),
        background_check_expires=date(2028, 1, 1)), today=date(2026, 1, 2)).id
    quilts = book.project("Quilting circle", supervisors=(sup,))
    an = add_offender("1000001", "Nguyễn", "Văn An")
    book.hours(an.id, quilts, date(2026, 9, 1), 6)
    book.hours(an.id, quilts, date(2026, 9, 2), 10, HoursStatus.PENDING)
    quilt = book.item("Quilt")
    produce = book.item("Fresh produce", Unit.POUND, produce=True)
    book.made(quilts, quilt, date(2026, 9, 3), 40)
    book.made(quilts, produce, date(2026, 9, 3), 4000)
    shelter = book.recipient("Rainbow House", address="1009 Rangeline St", city="Columbia",
                             contact="Ann Lee", phone="573-555-0142")
    victim = book.recipient("Jane Victimson", RecipientType.VICTIM, address="12 Elm St",
                            city="Fulton", phone="573-555-0199")
    slip = book.delivery(SLIP, shelter, [(quilt, quilts, 30, 25)],
                         status=DeliveryStatus.DELIVERED, delivered_on=date(2026, 9, 4),
                         delivered_by="Dana Whitfield")
    to_victim = book.delivery("JCCC-2026-10043", victim, [(quilt, quilts, 1, None)])
    return {"slip": slip, "to_victim": to_victim, "an": an}


@pytest.mark.pdf_tools
def test_a_slip_prints_both_copies_by_id_or_by_slip_number_as_scanned(
        db, admin, world, tmp_path: Path, reader: PdfTools) -> None:
    out = printouts.print_delivery_slip(db, admin, world["slip"], tmp_path / "slip.pdf")
    assert out == tmp_path / "slip.pdf"
    pages = [flat(p) for p in reader.pages_text(out)]
    assert len(pages) == 2
    assert "Recipient's copy" in pages[0] and "Site's copy" in pages[1]
    for page in pages:
        assert SLIP in page and "Rainbow House" in page and "Contact: Ann Lee" in page
        assert "Quilting circle" in page and "Dana Whitfield" in page
        assert "Ordered Delivered Unit Description Project" in page  # 25 of 30 went out
        assert "30 25 each Quilt" in page
    assert sorted(reader.barcodes(out, tmp_path)) == [f"CODE-128:{SLIP}"] * 2
    again = printouts.print_delivery_slip(db, admin, f"  {SLIP.lower()} ", tmp_path / "b.pdf")
    assert flat(reader.pages_text(again)[0]).count(SLIP) >= 2
    with db.reading() as tx:
        events = tx.scalars(select(AuditEvent).where(AuditEvent.action == "print")).all()
    assert [e.entity_id for e in events] == [world["slip"]] * 2
    assert "Delivery slip JCCC-2026-10042 printed" in events[0].summary


@pytest.mark.pdf_tools
def test_a_victim_on_a_slip_is_withheld_from_staff_and_named_for_the_central_office(
        db, admin, world, make_user, tmp_path: Path, reader: PdfTools) -> None:
    staff = make_user(Role.INSTITUTION_STAFF)
    hidden = printouts.print_delivery_slip(db, staff, world["to_victim"], tmp_path / "s.pdf")
    text = flat(" ".join(reader.pages_text(hidden)))
    assert "a victim (name withheld)" in text
    for secret in ("Victimson", "Elm St", "Fulton", "0199"):
        assert secret not in text
    assert "names a victim" not in text
    office = make_user(Role.CENTRAL_OFFICE)
    shown = printouts.print_delivery_slip(db, office, world["to_victim"], tmp_path / "o.pdf")
    text = flat(" ".join(reader.pages_text(shown)))
    assert "Jane Victimson" in text and "12 Elm St" in text
    assert "CONFIDENTIAL — names a victim" in text


def test_papers_stay_with_roles_that_print_and_with_the_own_site(
        db, admin, world, make_user, tmp_path: Path) -> None:
    victim_services = make_user(Role.VICTIM_SERVICES)  # looks, prints no one
    with pytest.raises(NotAllowed, match="print delivery slips"):
        printouts.print_delivery_slip(db, victim_services, world["slip"], tmp_path / "x.pdf")
    acc = make_user(Role.INSTITUTION_STAFF, "ACC")
    with pytest.raises(NotAllowed, match="own site"):
        printouts.print_delivery_slip(db, acc, world["slip"], tmp_path / "x.pdf")
    with pytest.raises(NotAllowed, match="own site"):
        printouts.print_reparative_summary(db, acc, None, date(2026, 1, 1), date(2026, 12, 31),
                                           tmp_path / "x.pdf")
    with pytest.raises(NotAllowed, match="own site"):
        printouts.print_hours_statement(db, acc, "1000001", tmp_path / "x.pdf")
    with pytest.raises(NotFound):
        printouts.print_delivery_slip(db, admin, "JCCC-2026-99999", tmp_path / "x.pdf")
    with pytest.raises(InvalidInput):
        printouts.print_hours_statement(db, admin, "12a", tmp_path / "x.pdf")
    with pytest.raises(NotFound):
        printouts.print_hours_statement(db, admin, "7654321", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.pdf_tools
def test_the_summary_prints_hours_apart_supervisors_items_and_produce(
        db, admin, world, book, tmp_path: Path, reader: PdfTools) -> None:
    out = printouts.print_reparative_summary(db, admin, book.site_id("JCCC"), date(2026, 9, 1),
                                             date(2026, 9, 30), tmp_path / "sum.pdf",
                                             printed_at=datetime(2026, 10, 1, 9))
    text = flat(" ".join(reader.pages_text(out)))
    assert "Reparative work summary, 09/01/2026 to 09/30/2026" in text
    assert "Jefferson City Correctional Center (JCCC)" in text
    assert "Approved hours 6 · waiting for approval 10 · declined 0 · 1 offenders" in text
    assert "September 2026 6 10 0" in text
    assert "Quilting circle (JCCC) REYES, Marisol 6 10 0" in text
    assert "Quilt each 40 25" in text and "Shelter 25 1" in text
    assert "4,000 lb (2.00 tons)" in text


@pytest.mark.pdf_tools
def test_the_hours_statement_lists_every_entry_with_its_status_and_scans_to_the_doc_number(
        db, admin, world, tmp_path: Path, reader: PdfTools) -> None:
    out = printouts.print_hours_statement(db, admin, "1-000-001", tmp_path / "hs.pdf")
    text = flat(" ".join(reader.pages_text(out)))
    assert "NGUYỄN, Văn An · DOC 1000001" in text
    assert "09/01/2026 Quilting circle JCCC 6 Approved" in text
    assert "09/02/2026 Quilting circle JCCC 10 Waiting for approval" in text
    assert "Approved 6 · Waiting for approval 10" in text
    assert reader.barcodes(out, tmp_path) == ["CODE-128:1000001"]
    later = printouts.print_hours_statement(db, admin, "1000001", tmp_path / "later.pdf",
                                            start=date(2026, 9, 2))
    text = flat(" ".join(reader.pages_text(later)))
    assert "09/01/2026" not in text and "Period: 09/02/2026 to today; 1 entries." in text


@pytest.mark.pdf_tools
def test_a_merged_records_number_prints_the_statement_of_the_record_kept(
        db, admin, world, add_offender, tmp_path: Path, reader: PdfTools) -> None:
    from rjdesk.services.people.records import merge_offenders

    wrong = add_offender("1000099", "Nguyen", "Van An")
    merge_offenders(db, admin, world["an"].id, wrong.id)
    out = printouts.print_hours_statement(db, admin, "1000099", tmp_path / "merged.pdf")
    text = flat(" ".join(reader.pages_text(out)))
    assert "NGUYỄN, Văn An · DOC 1000001" in text and "2 entries" in text
