"""The delivery slip: what left a site for a recipient, signed for on receipt.

Two copies on one print, the recipient's and the site's, each starting on a new page. A copy
carries the slip number in text and as Code 128 (scanned back, it opens the delivery to confirm
receipt), who sends and who receives, the items, who delivered them, and lines for the
receiver's name, signature and date. A long delivery spans pages; every page of a copy repeats
the copy's name, the slip number and the item table's header, so a loose page still says which
copy of which slip it is. The signature lines sit inside the table, so they never land on a page
of their own without that label.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    LongTable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from rjdesk.domain.core.formats import us_date
from rjdesk.printing.core.barcodes import BarcodeValueError, Code128Barcode
from rjdesk.printing.core.fonts import FONT_REGULAR
from rjdesk.printing.core.tables import HEADER_BACKGROUND, RULE_COLOR, Align, Cell, column_widths
from rjdesk.printing.core.template import (
    Progress,
    Styles,
    build_document,
    frame_width,
    para,
    styles,
)

TITLE = "Delivery slip"
COPIES = ("Recipient's copy", "Site's copy")
WITHHELD = "a victim (name withheld)"
VICTIM_NOTICE = ("CONFIDENTIAL \u2014 names a victim. Do not leave unattended; shred when no "
                 "longer needed.")


@dataclass(frozen=True)
class SlipLine:
    """One item of the delivery; ``delivered`` None while it has not gone out."""

    ordered: float
    delivered: float | None
    unit: str  # "each", "lb" …
    description: str  # the item type's name
    project: str = ""


@dataclass(frozen=True)
class Slip:
    """A delivery as its slip prints it (gathered by the service, no ORM objects)."""

    slip_number: str
    site_name: str
    site_code: str
    site_lines: tuple[str, ...]  # address, city … under the site's name
    recipient_name: str  # "a victim (name withheld)" for a role that may not see victims
    recipient_kind: str  # "Shelter" …
    recipient_lines: tuple[str, ...]  # address, city, contact, phone (empty when withheld)
    status: str  # "Prepared", "Delivered" …
    prepared_on: date
    lines: tuple[SlipLine, ...]
    delivered_on: date | None = None
    delivered_by: str = ""
    received_by: str = ""
    received_on: date | None = None
    notes: str = ""
    names_a_victim: bool = False  # a victim's name is printed: the confidentiality line goes on


def quantity(value: float | None) -> str:
    """``40``, ``1,250.5``: whole numbers without a decimal point."""
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def parted(lines: Sequence[SlipLine]) -> bool:
    """Whether the ordered and delivered quantities differ on any line: then both print."""
    return any(ln.delivered is not None and ln.delivered != ln.ordered for ln in lines)


def render_delivery_slip(
    slip: Slip,
    *,
    printed_at: datetime,
    printed_by: str,
    out: str | Path | BinaryIO,
    progress: Progress | None = None,
) -> int:
    """Write both copies of the slip to ``out``; returns the page count."""
    st = styles()
    width = frame_width()
    story: list[Flowable] = []
    for number, copy in enumerate(COPIES):
        if number:
            story.append(PageBreak())
        story += _copy(slip, copy, st, width)
    return build_document(
        out,
        title=f"{TITLE} {slip.slip_number}",
        site_name=_nfc(slip.site_name),
        story=story,
        printed_at=printed_at,
        printed_by=printed_by,
        confidential=slip.names_a_victim,
        notice=VICTIM_NOTICE,
        progress=progress,
    )


def _copy(slip: Slip, copy: str, st: Styles, width: float) -> list[Flowable]:
    big = ParagraphStyle("slip-number", parent=st.title, fontSize=17, leading=21)
    head: list[Flowable] = [para(copy, st.heading), para(slip.slip_number, big),
                            para(f"Status: {slip.status} \u00b7 prepared on "
                                 f"{us_date(slip.prepared_on)}", st.body)]
    barcode = _barcode(slip.slip_number)
    top = Table([[head, barcode or ""]], colWidths=[width * 0.6, width * 0.4], hAlign="LEFT")
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                             ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [top, Spacer(0, 8), _parties(slip, st, width), Spacer(0, 10),
            _items(slip, copy, st, width)]


def _block(label: str, name: str, lines: Sequence[str], st: Styles) -> list[Flowable]:
    body = [Paragraph(f"<b>{escape(_nfc(name))}</b>", st.body)]
    body += [para(_nfc(line), st.body) for line in lines if _nfc(line)]
    return [para(label, st.small), *body]


def _parties(slip: Slip, st: Styles, width: float) -> Table:
    sender = _block("From", f"{slip.site_name} ({slip.site_code})", slip.site_lines, st)
    receiver = _block(f"To \u2014 {slip.recipient_kind}", slip.recipient_name,
                      slip.recipient_lines, st)
    table = Table([[sender, receiver]], colWidths=[width / 2, width / 2], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
                               ("BOX", (0, 0), (0, 0), 0.6, RULE_COLOR),
                               ("BOX", (1, 0), (1, 0), 0.6, RULE_COLOR),
                               ("LEFTPADDING", (0, 0), (-1, -1), 6),
                               ("TOPPADDING", (0, 0), (-1, -1), 4),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return table


def _items(slip: Slip, copy: str, st: Styles, width: float) -> LongTable:
    """The item table; its first two rows (the copy's label, the column names) repeat on
    every page, and the delivered-by and signature lines end it."""
    both = parted(slip.lines)
    if both:
        headers = ["Ordered", "Delivered", "Unit", "Description", "Project"]
        widths = [0.12, 0.12, 0.08, 0.38, 0.3]
        align: list[Align] = ["RIGHT", "RIGHT", "LEFT", "LEFT", "LEFT"]
    else:
        headers = ["Quantity", "Unit", "Description", "Project"]
        widths = [0.11, 0.09, 0.45, 0.35]
        align = ["RIGHT", "LEFT", "LEFT", "LEFT"]
    right = [st.cell_right if a == "RIGHT" else st.cell for a in align]
    header_right = ParagraphStyle("cell_header_right", parent=st.cell_header,
                                  alignment=st.cell_right.alignment)
    blank: list[Cell] = [""] * (len(headers) - 1)
    total = len(slip.lines)
    label = Paragraph(f"<b>{escape(copy)}</b> \u00b7 slip {escape(slip.slip_number)} \u00b7 "
                      f"{total} {'item' if total == 1 else 'items'}", st.cell)
    data: list[list[Cell]] = [
        [label, *blank],
        [para(h, header_right if a == "RIGHT" else st.cell_header)
         for h, a in zip(headers, align, strict=True)],
    ]
    for line in slip.lines:
        counts = ([quantity(line.ordered), quantity(line.delivered)] if both
                  else [quantity(line.delivered if line.delivered is not None
                                 else line.ordered)])
        values = [*counts, _nfc(line.unit), _nfc(line.description), _nfc(line.project)]
        data.append([para(v, s) if v else "" for v, s in zip(values, right, strict=True)])
    ending = _ending(slip, st)
    data += [[f, *blank] for f in ending]
    first_end = 2 + total
    # LongTable stops measuring rows once a page is full: a 200-line slip stays quick.
    table = LongTable(data, colWidths=column_widths(widths, width), repeatRows=2,
                      hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 1), (-1, 1), HEADER_BACKGROUND),
        ("LINEBELOW", (0, 1), (-1, 1), 0.8, RULE_COLOR),
        ("LINEBELOW", (0, 2), (-1, first_end - 1), 0.3, RULE_COLOR),
        *[("SPAN", (0, r), (-1, r)) for r in range(first_end, first_end + len(ending))],
        ("TOPPADDING", (0, first_end), (-1, -1), 10),
    ]))
    return table


def _ending(slip: Slip, st: Styles) -> list[Flowable]:
    """Notes, who delivered, and the receiver's lines (filled in once receipt is confirmed)."""
    rule = "_" * 30
    out: list[Flowable] = []
    if _nfc(slip.notes):
        out.append(Paragraph(f"<b>Notes</b> {escape(_nfc(slip.notes))}", st.body))
    delivered = _nfc(slip.delivered_by) or rule
    when = us_date(slip.delivered_on) if slip.delivered_on else "____________"
    out.append(Paragraph(f"<b>Delivered by</b> {escape(delivered)}    <b>on</b> {when}",
                         st.body))
    received = _nfc(slip.received_by) or rule
    received_on = us_date(slip.received_on) if slip.received_on else "____________"
    out.append(Paragraph(f"<b>Received by (print name)</b> {escape(received)}", st.body))
    out.append(Paragraph(f"<b>Signature</b> {rule}    <b>Date</b> {received_on}", st.body))
    return out


def _barcode(value: str) -> Code128Barcode | None:
    """The slip number's barcode; None (text only) if Code 128 cannot carry it."""
    try:
        return Code128Barcode(value, module=1.1, bar_height=36, font_size=9)
    except BarcodeValueError:
        return None

