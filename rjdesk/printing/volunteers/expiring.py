"""Expiring credentials on paper: each volunteer's background check, training, or victim
speaker's consent and screening that has lapsed or lapses within the days asked, soonest first.

The coordinator works down it to renew checks and trainings before a volunteer is turned away
at the gate, so what has already lapsed is printed in bold."""

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
from rjdesk.printing.core.tables import Align, Cell, data_table
from rjdesk.printing.core.template import Progress, build_document, frame_width, para, styles

TITLE = "Expiring volunteer credentials"
HEADERS = ["Volunteer", "Site", "Credential", "Expires", "Status"]
WIDTHS = [0.25, 0.07, 0.31, 0.13, 0.24]
ALIGN: list[Align] = ["LEFT", "LEFT", "LEFT", "LEFT", "LEFT"]


@dataclass(frozen=True)
class ExpiringHeader:
    site_name: str  # "All sites" for the central office's list
    site_code: str  # "" for every site
    within_days: int
    as_of: date


@dataclass(frozen=True)
class ExpiringLine:
    name: str  # "LAST, First"
    site_code: str
    credential: str  # "Background check", "Training: PREA", "Speaker consent"
    expires_on: date | None  # None: missing altogether (a speaker with no consent on file)
    status: str  # "Expired 3 days ago", "Expires in 12 days", "Missing"
    lapsed: bool  # expired or missing: printed in bold


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def render_expiring_list(
    header: ExpiringHeader,
    lines: Iterable[ExpiringLine],
    *,
    printed_at: datetime,
    printed_by: str,
    out: str | Path | BinaryIO,
    progress: Progress | None = None,
) -> int:
    """Write the expiring-credentials PDF to ``out`` and return its page count."""
    st = styles()
    items = list(lines)
    bold = ParagraphStyle("lapsed", parent=st.cell, fontName=st.cell_header.fontName)
    rows: list[list[Cell]] = []
    for line in items:
        last, sep, given = _nfc(line.name).partition(",")
        rows.append([Paragraph(f"<b>{escape(last)}</b>{escape(sep + given)}", st.cell),
                     _nfc(line.site_code), para(_nfc(line.credential), st.cell),
                     us_date(line.expires_on) if line.expires_on else "",
                     para(line.status, bold if line.lapsed else st.cell)])
    lapsed = sum(1 for i in items if i.lapsed)
    where = (f"{_nfc(header.site_name)} ({_nfc(header.site_code)})" if header.site_code
             else _nfc(header.site_name) or "All sites")
    story: list[Flowable] = [
        para(f"{TITLE} \u2014 {where}", st.title),
        para(f"Active volunteers' credentials expired or expiring within {header.within_days} "
             f"days of {us_date(header.as_of)}; soonest first.", st.body),
        para(f"{len(items):,} {'item' if len(items) == 1 else 'items'}: {lapsed:,} already "
             "expired or missing (in bold).", st.body),
        Spacer(0, 8),
    ]
    if items:
        story.append(data_table(HEADERS, WIDTHS, rows, frame_width=frame_width(False),
                                align=ALIGN, text_styles=st))
    else:
        story.append(para("Nothing expires in that time.", st.body))
    return build_document(
        out,
        title=f"{TITLE} \u2014 {_nfc(header.site_code) or 'all sites'}",
        site_name=_nfc(header.site_name),
        story=story,
        printed_at=printed_at,
        printed_by=printed_by,
        confidential=True,
        landscape=False,
        progress=progress,
    )
