"""A site's people list: everyone on the list with a DOC-number barcode staff can scan back.

Rows come in the order the caller wants them printed (the service sorts). Names are printed
"LAST, First Middle" in whatever script they are stored in; text is NFC-normalised first so a
name typed with combining accents prints and searches the same as a precomposed one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from rjdesk.domain.core.formats import us_date
from rjdesk.printing.core.barcodes import BarcodeValueError, Code128Barcode
from rjdesk.printing.core.tables import Align, Cell, data_table
from rjdesk.printing.core.template import Progress, build_document, frame_width, para, styles

TITLE = "People list"
HEADERS = ["DOC number", "Name", "Date of birth", "Status", "Projected release", "Housing unit"]
#: Fractions of the frame; the DOC column grows if a value's barcode needs more room.
WIDTHS = [0.20, 0.29, 0.115, 0.125, 0.115, 0.155]
ALIGN: list[Align] = ["CENTER", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT"]
LANDSCAPE = False  # portrait fits ~18 rows a page and leaves the name column 156 pt
NO_DATE = "\u2014"
CELL_PADDING = 8.0  # left + right padding of a table cell (see tables._table_style)


@dataclass(frozen=True)
class PeopleListRow:
    """One person on the list, already loaded by the service (no ORM object reaches printing)."""

    doc_number: str
    last_name: str
    first_name: str
    middle_name: str
    date_of_birth: date | None
    status: str
    projected_release: date | None
    housing_unit: str


def _day(value: date | None) -> str:
    """MM/DD/YYYY, as on DOC forms; a dash when no date is on file."""
    return us_date(value) or NO_DATE


def display_name(row: PeopleListRow) -> str:
    """"LAST, First Middle" in plain text — what the list shows and what a search finds."""
    last, given = _name_parts(row)
    return f"{last}, {given}" if given and last else last or given


def _name_parts(row: PeopleListRow) -> tuple[str, str]:
    given = " ".join(part for part in (_nfc(row.first_name), _nfc(row.middle_name)) if part)
    return _nfc(row.last_name).upper(), given


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def render_people_list(
    rows: Iterable[PeopleListRow],
    *,
    site_name: str,
    site_code: str,
    printed_at: datetime,
    printed_by: str,
    out: str | Path | BinaryIO,
    progress: Progress | None = None,
) -> int:
    """Write the people list PDF to ``out`` and return its page count."""
    st = styles()
    width = frame_width(LANDSCAPE)
    name_style = st.cell
    people = list(rows)

    barcodes = [_barcode(_nfc(p.doc_number)) for p in people]
    widest = max((b.width for b in barcodes if b is not None), default=0.0)
    widths = _fit_doc_column(widest + CELL_PADDING, width)
    room = widths[0] * width - CELL_PADDING
    barcodes = [b if b is not None and b.width <= room else None for b in barcodes]

    table_rows: list[list[Cell]] = []
    for person, barcode in zip(people, barcodes, strict=True):
        table_rows.append([
            barcode if barcode is not None else _nfc(person.doc_number),
            _name_paragraph(person, name_style),
            _day(person.date_of_birth),
            _nfc(person.status),
            _day(person.projected_release),
            _nfc(person.housing_unit),
        ])

    count = f"{len(people):,} {'person' if len(people) == 1 else 'people'}"
    story: list[Flowable] = [
        para(f"{TITLE} \u2014 {_nfc(site_name)} ({_nfc(site_code)})", st.title),
        para(f"{count}. Printed by {printed_by}." if printed_by else f"{count}.", st.small),
        Spacer(0, 8),
        data_table(HEADERS, widths, table_rows, frame_width=width, align=ALIGN, text_styles=st),
        Spacer(0, 8),
        para(f"Total: {count} on this list.", st.body),
    ]
    return build_document(
        out,
        title=f"{TITLE} \u2014 {_nfc(site_code)}",
        site_name=_nfc(site_name),
        story=story,
        printed_at=printed_at,
        printed_by=printed_by,
        confidential=True,
        landscape=LANDSCAPE,
        progress=progress,
    )


def _barcode(doc_number: str) -> Code128Barcode | None:
    """The DOC number's barcode, or None (text only) for a value Code 128 cannot carry.

    One malformed DOC number should not stop a thousand-row list from printing.
    """
    try:
        return Code128Barcode(doc_number)
    except BarcodeValueError:
        return None


def _fit_doc_column(needed: float, width: float) -> list[float]:
    """Widen the DOC column for long values, taking the room from the name column."""
    fractions = list(WIDTHS)
    extra = max(0.0, needed / width - fractions[0])
    extra = min(extra, fractions[1] * 0.4)  # a name column narrower than this is unreadable
    fractions[0] += extra
    fractions[1] -= extra
    return fractions


def _name_paragraph(person: PeopleListRow, style: ParagraphStyle) -> Paragraph:
    """The last name in bold, so a column of names scans by surname."""
    last, given = _name_parts(person)
    markup = f"<b>{escape(last)}</b>" if last else ""
    if given:
        markup += f", {escape(given)}" if last else escape(given)
    return Paragraph(markup, style)
