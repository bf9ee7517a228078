"""Reparative work's papers read back as a person (pdftotext), a printer (pdffonts) and a
scanner (zbarimg at 200 dpi) see them: the delivery slip, the summary, the hours statement."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rjdesk.printing.reparative.delivery_slip import (
    WITHHELD,
    Slip,
    SlipLine,
    parted,
    quantity,
    render_delivery_slip,
)
from rjdesk.printing.reparative.hours_statement import (
    Statement,
    StatementRow,
    render_hours_statements,
)
from rjdesk.printing.reparative.summary import (
    HoursLine,
    ItemLine,
    RecipientLine,
    Summary,
    render_reparative_summary,
)

if TYPE_CHECKING:
    from tests.pdf_reading import PdfTools

PRINTED_AT = datetime(2026, 11, 3, 9, 15)
SITE = "Jefferson City Correctional Center"
SHIPPED_FONT = r"[A-Z]{6}\+(DejaVuSans|DejaVuSans-Bold|DejaVuSans-Oblique|DejaVuSansMono)"
NUMBER = "JCCC-2026-10042"


def flat(text: str) -> str:
    return " ".join(text.split())


def slip(lines: tuple[SlipLine, ...], **kw) -> Slip:
    values = dict(slip_number=NUMBER, site_name=SITE, site_code="JCCC",
                  site_lines=("Jefferson City, Missouri",), recipient_name="Rainbow House",
                  recipient_kind="Shelter", recipient_lines=("1009 Rangeline St", "Columbia"),
                  status="Delivered", prepared_on=date(2026, 11, 2), lines=lines,
                  delivered_on=date(2026, 11, 3), delivered_by="Dana Whitfield")
    values.update(kw)
    return Slip(**values)


QUILTS = (SlipLine(30, 30, "each", "Quilt", "Quilting circle"),
          SlipLine(1250.5, None, "lb", "Fresh produce", "Prison garden"))


@pytest.mark.pdf_tools
def test_a_slip_prints_two_labelled_copies_with_the_number_as_text_and_code128(
        tmp_path: Path, reader: PdfTools) -> None:
    out = tmp_path / "slip.pdf"
    assert render_delivery_slip(slip(QUILTS), printed_at=PRINTED_AT, printed_by="Dana",
                                out=out) == 2
    assert reader.page_size(out) == (612.0, 792.0)
    pages = [flat(p) for p in reader.pages_text(out)]
    assert "Recipient's copy" in pages[0] and "Site's copy" not in pages[0]
    assert "Site's copy" in pages[1] and "Recipient's copy" not in pages[1]
    for page in pages:
        assert f"Delivery slip {NUMBER}" in page
        assert "From Jefferson City Correctional Center (JCCC)" in page
        assert "To — Shelter Rainbow House 1009 Rangeline St Columbia" in page
        assert "Quantity Unit Description Project" in page  # nothing went out partly
        assert "30 each Quilt Quilting circle" in page
        assert "1,250.5 lb Fresh produce Prison garden" in page
        assert "Delivered by Dana Whitfield on 11/03/2026" in page
        assert "Received by (print name)" in page and "Signature" in page
        assert "CONFIDENTIAL" not in page
    assert sorted(reader.barcodes(out, tmp_path)) == [f"CODE-128:{NUMBER}"] * 2
    for name, embedded in reader.fonts(out):
        assert embedded and re.fullmatch(SHIPPED_FONT, name), name


@pytest.mark.pdf_tools
def test_ordered_and_delivered_print_apart_when_a_delivery_went_out_partly(
        tmp_path: Path, reader: PdfTools) -> None:
    lines = (SlipLine(30, 25, "each", "Quilt", "Quilting circle"),)
    assert parted(lines) and not parted(QUILTS)
    out = tmp_path / "partly.pdf"
    render_delivery_slip(slip(lines), printed_at=PRINTED_AT, printed_by="", out=out)
    page = flat(reader.pages_text(out)[0])
    assert "Ordered Delivered Unit Description Project" in page
    assert "30 25 each Quilt Quilting circle" in page


@pytest.mark.pdf_tools
def test_a_200_line_slip_repeats_the_copy_number_and_header_on_every_page(
        tmp_path: Path, reader: PdfTools) -> None:
    lines = tuple(SlipLine(i + 1, i + 1, "each", f"Item {i + 1:03d}", "Woodshop")
                  for i in range(200))
    out = tmp_path / "long.pdf"
    pages = render_delivery_slip(slip(lines), printed_at=PRINTED_AT, printed_by="", out=out)
    texts = [flat(t) for t in reader.pages_text(out)]
    assert pages == len(texts) >= 6 and pages % 2 == 0
    half = pages // 2
    for number, text in enumerate(texts):
        copy = "Recipient's copy" if number < half else "Site's copy"
        assert f"{copy} · slip {NUMBER} · 200 items" in text, number
        assert "Quantity Unit Description Project" in text
        assert f"Page {number + 1} of {pages}" in text
    for copy in (texts[:half], texts[half:]):
        found = re.findall(r"Item (\d{3})", " ".join(copy))
        assert found == [f"{i:03d}" for i in range(1, 201)]  # each line once, in order
        assert "Signature" in copy[-1] and "Signature" not in copy[0]
    assert sorted(reader.barcodes(out, tmp_path)) == [f"CODE-128:{NUMBER}"] * 2


@pytest.mark.pdf_tools
def test_a_withheld_victim_prints_no_name_and_a_named_one_is_marked_confidential(
        tmp_path: Path, reader: PdfTools) -> None:
    hidden = tmp_path / "hidden.pdf"
    render_delivery_slip(slip(QUILTS, recipient_name=WITHHELD, recipient_kind="Victim",
                              recipient_lines=()), printed_at=PRINTED_AT, printed_by="",
                         out=hidden)
    text = flat(" ".join(reader.pages_text(hidden)))
    assert "To — Victim a victim (name withheld)" in text and "CONFIDENTIAL" not in text
    named = tmp_path / "named.pdf"
    render_delivery_slip(slip(QUILTS, recipient_name="Jane Doe", recipient_kind="Victim",
                              names_a_victim=True), printed_at=PRINTED_AT, printed_by="",
                         out=named)
    for page in reader.pages_text(named):
        assert "CONFIDENTIAL — names a victim" in flat(page)


def test_quantities_read_as_people_write_them() -> None:
    assert [quantity(v) for v in (40, 40.0, 1250.5, 0.25, 12000, None)] == [
        "40", "40", "1,250.5", "0.25", "12,000", ""]


@pytest.mark.pdf_tools
def test_the_summary_prints_sites_only_for_several_and_says_when_there_is_nothing(
        tmp_path: Path, reader: PdfTools) -> None:
    months = (HoursLine("January 2026", 100, 8, 2), HoursLine("February 2026", 50.5, 0, 0))
    data = Summary("All sites", date(2026, 1, 1), date(2026, 2, 28), months,
                   (HoursLine("Quilting circle (JCCC)", 150.5, 8, 2, "REYES, Marisol"),),
                   (HoursLine("ACC", 50, 0, 0, "3"), HoursLine("JCCC", 100.5, 8, 2, "9")),
                   12, (ItemLine("Fresh produce", "lb", 4000, 3000),),
                   (RecipientLine("Meals on wheels", 3000, 2),), 4000)
    out = tmp_path / "summary.pdf"
    assert render_reparative_summary(data, printed_at=PRINTED_AT, printed_by="Dana",
                                     out=out) == 1
    text = flat(reader.pages_text(out)[0])
    assert "Reparative work summary, 01/01/2026 to 02/28/2026 All sites" in text
    assert "Approved hours 150.5 · waiting for approval 8 · declined 2 · 12 offenders" in text
    assert "4,000 lb (2.00 tons)" in text
    assert "Total 150.5 8 2" in text
    assert "Hours by site Site Offenders Approved Waiting Declined ACC 3 50 0 0" in text
    assert "Quilting circle (JCCC) REYES, Marisol 150.5 8 2" in text
    assert "Fresh produce lb 4,000 3,000" in text and "Meals on wheels 3,000 2" in text
    one_site = Summary("JCCC", date(2026, 1, 1), date(2026, 1, 31), (), (), (), 0, (), (), 0)
    empty = tmp_path / "empty.pdf"
    render_reparative_summary(one_site, printed_at=PRINTED_AT, printed_by="", out=empty)
    text = flat(reader.pages_text(empty)[0])
    assert "Hours by site" not in text and "No hours" in text
    assert "No items made or delivered" in text and "No deliveries" in text


@pytest.mark.pdf_tools
def test_statements_start_each_on_a_page_with_a_doc_barcode_and_totals_by_status(
        tmp_path: Path, reader: PdfTools) -> None:
    rows = (StatementRow(date(2026, 9, 1), "Quilting circle", "JCCC", 6, "Approved"),
            StatementRow(date(2026, 9, 2), "Quilting circle", "JCCC", 10,
                         "Waiting for approval"),
            StatementRow(date(2026, 9, 3), "Bicycle shop", "ACC", 4.5, "Approved"))
    people = [Statement("1000001", "NGUYỄN, Văn An", SITE, rows),
              Statement("1000002", "SMITH, Bob", SITE, (), date(2026, 1, 1), None)]
    out = tmp_path / "statements.pdf"
    assert render_hours_statements(people, site_name=SITE, printed_at=PRINTED_AT,
                                   printed_by="", out=out) == 2
    first, second = (flat(t) for t in reader.pages_text(out))
    assert "NGUYỄN, Văn An · DOC 1000001" in first and "SMITH" not in first
    assert "09/03/2026 Bicycle shop ACC 4.5 Approved" in first
    assert "Totals Approved 10.5 · Waiting for approval 10." in first
    assert "Period: 01/01/2026 to today; 0 entries." in second and "No hours on file" in second
    assert "CONFIDENTIAL" in first
    assert sorted(reader.barcodes(out, tmp_path)) == ["CODE-128:1000001", "CODE-128:1000002"]
    with pytest.raises(ValueError):
        render_hours_statements([], site_name=SITE, printed_at=PRINTED_AT, printed_by="",
                                out=io.BytesIO())
