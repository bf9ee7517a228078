"""An offender's hours statement, for his file: every day he worked on a reparative project,
with its status, and the totals kept apart (only approved hours count; the others are shown so
no one wonders where they went). The DOC number prints as Code 128 so the statement scans back
to the person. Several statements print one after the other, each from a new page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from rjdesk.domain.core.formats import us_date
from rjdesk.printing.core.barcodes import BarcodeValueError, Code128Barcode
from rjdesk.printing.core.tables import Align, data_table
from rjdesk.printing.core.template import (
    Progress,
    Styles,
    build_document,
    frame_width,
    para,
    styles,
)
from rjdesk.printing.reparative.summary import hours

TITLE = "Reparative hours statement"


@dataclass(frozen=True)
class StatementRow:
    day: date
    project: str
    site_code: str
    hours: float
    status: str  # "Approved", "Waiting for approval", "Declined"


@dataclass(frozen=True)
class Statement:
    doc_number: str
    name: str  # "LAST, First"
    site_name: str  # where he is now
    rows: tuple[StatementRow, ...]
    start: date | None = None
    end: date | None = None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def render_hours_statements(statements: Sequence[Statement], *, site_name: str,
                            printed_at: datetime, printed_by: str,
                            out: str | Path | BinaryIO,
                            progress: Progress | None = None) -> int:
    """Write the statements to ``out``, each from a new page; returns the page count."""
    if not statements:
        raise ValueError("A statement print needs at least one person.")
    st = styles()
    width = frame_width()
    story: list[Flowable] = []
    for number, s in enumerate(statements):
        if number:
            story.append(PageBreak())
        story += _statement(s, st, width)
    title = (TITLE if len(statements) > 1
             else f"{TITLE} \u2014 {_nfc(statements[0].name)} ({statements[0].doc_number})")
    return build_document(out, title=title, site_name=_nfc(site_name), story=story,
                          printed_at=printed_at, printed_by=printed_by, confidential=True,
                          progress=progress)


def _statement(s: Statement, st: Styles, width: float) -> list[Flowable]:
    period = ("all hours on file" if not (s.start or s.end)
              else f"{us_date(s.start) or 'the first entry'} to {us_date(s.end) or 'today'}")
    totals: dict[str, float] = {}
    for r in s.rows:
        totals[r.status] = totals.get(r.status, 0.0) + r.hours
    barcode: Flowable
    try:
        barcode = Code128Barcode(_nfc(s.doc_number))
    except BarcodeValueError:
        barcode = para(s.doc_number, st.body)
    name = Paragraph(f"<b>{escape(_nfc(s.name))}</b> \u00b7 DOC {escape(_nfc(s.doc_number))}"
                     f" \u00b7 {escape(_nfc(s.site_name))}", st.heading)
    align: list[Align] = ["LEFT", "LEFT", "LEFT", "RIGHT", "LEFT"]
    table = data_table(["Date", "Project", "Site", "Hours", "Status"],
                       [0.14, 0.44, 0.1, 0.1, 0.22],
                       [[us_date(r.day), _nfc(r.project), r.site_code, hours(r.hours), r.status]
                        for r in s.rows] or [["", "No hours on file", "", "", ""]],
                       frame_width=width, align=align, text_styles=st)
    summed = " \u00b7 ".join(f"{k} {hours(v)}" for k, v in sorted(totals.items())) or "none"
    return [name, barcode, para(f"Period: {period}; {len(s.rows)} entries.", st.body),
            Spacer(0, 6), table, Spacer(0, 8),
            Paragraph(f"<b>Totals</b> {escape(summed)}. Only approved hours count as "
                      "reparative work done.", st.body)]
