"""The sign-in sheet of one ICVC session: who is expected, a place to sign, room for walk-ins.

The facilitator hands it round at the door and afterwards scans its DOC-number barcodes into
scan mode, so each barcode must be the DOC number exactly as the scan service reads it. Rows
are ruled and tall enough to sign with a pen; ten blank rows numbered W1-W10 follow for people
who turn up without being on the roster. Every page names the class and session in its header,
so a loose page still says which sheet it belongs to.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from rjdesk.domain.core.formats import us_date
from rjdesk.printing.core.barcodes import BarcodeValueError, Code128Barcode
from rjdesk.printing.core.fonts import FONT_REGULAR
from rjdesk.printing.core.tables import RULE_COLOR, Align, Cell, data_table
from rjdesk.printing.core.template import (
    Progress,
    Styles,
    build_document,
    frame_width,
    para,
    styles,
)

TITLE = "Sign-in sheet"
HEADERS = ["#", "DOC number", "Name", "Housing unit", "Signature"]
#: Fractions of the portrait frame: the barcode needs 99 pt of its 108, the signature the most.
WIDTHS = [0.06, 0.2, 0.26, 0.14, 0.34]
ALIGN: list[Align] = ["RIGHT", "CENTER", "LEFT", "LEFT", "LEFT"]
WALK_IN_ROWS = 10
WALK_IN_PREFIX = "W"  # walk-in rows are numbered W1 … W10, apart from the roster's 1 … n
ROW_HEIGHT = 30.0  # points inside the cell padding: room for a signature and for the barcode
CELL_PADDING = 8.0


@dataclass(frozen=True)
class SignInHeader:
    """What identifies the session on the sheet (gathered by the service, no ORM objects)."""

    class_title: str
    site_name: str
    site_code: str
    facilitator: str
    location: str
    held_on: date
    starts_at: time
    ends_at: time
    session_label: str  # "Session 3 of 8"
    topic: str
    speakers: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class SignInRow:
    doc_number: str
    name: str  # "LAST, First", as lists print it
    housing_unit: str


def us_time(value: time) -> str:
    """``9:00 AM`` (``%-I`` would not work on Windows)."""
    hour = value.hour % 12 or 12
    return f"{hour}:{value:%M} {'AM' if value.hour < 12 else 'PM'}"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def render_sign_in_sheet(
    header: SignInHeader,
    rows: Iterable[SignInRow],
    *,
    printed_at: datetime,
    printed_by: str,
    out: str | Path | BinaryIO,
    progress: Progress | None = None,
) -> int:
    """Write the sign-in sheet PDF to ``out`` and return its page count."""
    st = styles()
    width = frame_width()
    people = list(rows)
    room = WIDTHS[1] * width - CELL_PADDING
    table_rows: list[list[Cell]] = []
    for number, person in enumerate(people, start=1):
        barcode = _barcode(_nfc(person.doc_number), room)
        table_rows.append([str(number), barcode or _nfc(person.doc_number),
                           _name(person.name, st.cell), _nfc(person.housing_unit),
                           Spacer(1, ROW_HEIGHT)])
    for number in range(1, WALK_IN_ROWS + 1):
        table_rows.append([f"{WALK_IN_PREFIX}{number}", "", "", "", Spacer(1, ROW_HEIGHT)])
    table = data_table(HEADERS, WIDTHS, table_rows, frame_width=width, align=ALIGN,
                       text_styles=st, zebra=False)
    table.setStyle(_ruling(len(people)))

    count = f"{len(people)} {'person' if len(people) == 1 else 'people'} on the roster"
    story: list[Flowable] = [
        para(_nfc(header.class_title), st.title),
        _facts(header, st, width),
        Spacer(0, 6),
        para(f"{count}; rows {WALK_IN_PREFIX}1\u2013{WALK_IN_PREFIX}{WALK_IN_ROWS} are for "
             "walk-ins: print the DOC number, name and housing unit, then sign.", st.small),
        Spacer(0, 6),
        table,
        Spacer(0, 10),
        para("Facilitator's signature: ______________________________    "
             "Sessions attended are recorded from this sheet.", st.small),
    ]
    return build_document(
        out,
        # The class too: two classes at a site may meet the same day, and pages come apart.
        # Date and session first: a long class title is what gets cut to fit the line.
        title=(f"{TITLE} {us_date(header.held_on)}, {header.session_label} \u2014 "
               f"{_nfc(header.class_title)}"),
        site_name=_nfc(header.site_name),
        story=story,
        printed_at=printed_at,
        printed_by=printed_by,
        confidential=True,
        progress=progress,
    )


def _facts(header: SignInHeader, st: Styles, width: float) -> Table:
    """The session's particulars as label/value pairs in two columns."""
    when = (f"{header.held_on:%A}, {us_date(header.held_on)}, "
            f"{us_time(header.starts_at)}\u2013{us_time(header.ends_at)}")
    speakers = ", ".join(_nfc(s) for s in header.speakers) or "\u2014"
    pairs = [("Session", header.session_label), ("Date", when),
             ("Site", f"{_nfc(header.site_name)} ({_nfc(header.site_code)})"),
             ("Location", _nfc(header.location) or "\u2014"),
             ("Facilitator", _nfc(header.facilitator)), ("Topic", _nfc(header.topic)),
             ("Speaker(s)", speakers)]
    label = ParagraphStyle("fact-label", parent=st.cell_header)
    cells = [[para(k, label), para(v, st.cell)] for k, v in pairs]
    half = (len(cells) + 1) // 2
    left, right = cells[:half], cells[half:] + [["", ""]] * (half - len(cells[half:]))
    data = [a + b for a, b in zip(left, right, strict=True)]
    table = Table(data, colWidths=[w * width for w in (0.12, 0.4, 0.13, 0.35)],
                  hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),  # no Helvetica
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _ruling(people: int) -> TableStyle:
    """Every row ruled and the signature column boxed, so each person signs on his own line."""
    first_walk_in = people + 1
    return TableStyle([
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, RULE_COLOR),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.5, RULE_COLOR),
        ("BOX", (0, 0), (-1, -1), 0.8, RULE_COLOR),
        ("LINEABOVE", (0, first_walk_in), (-1, first_walk_in), 1.4, RULE_COLOR),
        ("TEXTCOLOR", (0, first_walk_in), (0, -1), RULE_COLOR),
    ])


def _barcode(doc_number: str, room: float) -> Code128Barcode | None:
    """The DOC number's barcode, or None (text only) if Code 128 cannot carry it or it is too
    wide: one odd number must not stop the sheet from printing."""
    try:
        barcode = Code128Barcode(doc_number)
    except BarcodeValueError:
        return None
    return barcode if barcode.width <= room else None


def _name(name: str, style: ParagraphStyle) -> Paragraph:
    """The surname (before the comma) in bold, so a column of names scans by surname."""
    last, sep, given = _nfc(name).partition(",")
    return Paragraph(f"<b>{escape(last)}</b>{escape(sep + given)}", style)

