"""The reentry list on paper: people due for release soon who have not completed ICVC, soonest
first, with the class each is in or waiting for.

A facilitator takes it to the housing units and to the caseworkers' meeting to fill the next
class with those who have least time left, so the two things to act on stand out in bold: no
class at all, and a class that ends after the person is released (he leaves before it is done;
find him an earlier one). Landscape, so the class and its dates fit beside the name.
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
from rjdesk.printing.core.tables import Align, Cell, data_table
from rjdesk.printing.core.template import Progress, build_document, frame_width, para, styles

TITLE = "ICVC reentry list"
LANDSCAPE = True
HEADERS = ["DOC number", "Name", "Release date", "Days left", "Housing unit", "Class",
           "Class dates", "Status"]
WIDTHS = [0.085, 0.18, 0.085, 0.055, 0.09, 0.15, 0.155, 0.2]
ALIGN: list[Align] = ["LEFT", "LEFT", "LEFT", "RIGHT", "LEFT", "LEFT", "LEFT", "LEFT"]
SITE_WIDTH = 0.06  # the list of every site adds a Site column, taken from the name's room
NO_CLASS = "Not in a class"


@dataclass(frozen=True)
class ReentryHeader:
    site_name: str  # "All sites" for the central office's list of every site
    site_code: str  # "" for every site
    within_days: int
    as_of: date  # the day "days left" is counted from


@dataclass(frozen=True)
class ReentryLine:
    """One person on the list, as the service gathered him (no ORM object reaches printing)."""

    doc_number: str
    name: str  # "LAST, First", as lists print it
    release_date: date
    days_left: int
    housing_unit: str
    site_code: str = ""
    class_title: str = ""  # "" when he is in no class
    waiting: bool = False  # on the class's waitlist rather than in a seat
    class_first_day: date | None = None
    class_last_day: date | None = None
    ends_after_release: bool = False


def status_text(line: ReentryLine) -> str:
    """What the status cell says, in the words the screen uses."""
    if not line.class_title:
        return NO_CLASS
    status = "Waiting" if line.waiting else "Enrolled"
    if line.ends_after_release and line.class_last_day:
        return f"{status} \u2014 ends {us_date(line.class_last_day)}, after release"
    return status


def _dates(line: ReentryLine) -> str:
    if not line.class_title:
        return ""
    if line.class_first_day is None:
        return "no sessions"
    if line.class_last_day and line.class_last_day != line.class_first_day:
        return f"{us_date(line.class_first_day)} \u2013 {us_date(line.class_last_day)}"
    return us_date(line.class_first_day)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def render_reentry_list(
    header: ReentryHeader,
    lines: Iterable[ReentryLine],
    *,
    printed_at: datetime,
    printed_by: str,
    out: str | Path | BinaryIO,
    progress: Progress | None = None,
) -> int:
    """Write the reentry list PDF to ``out`` and return its page count."""
    st = styles()
    width = frame_width(LANDSCAPE)
    people = list(lines)
    every_site = not header.site_code
    flagged = ParagraphStyle("flagged", parent=st.cell, fontName=st.cell_header.fontName)
    rows: list[list[Cell]] = []
    for line in people:
        urgent = line.ends_after_release or not line.class_title
        name = _name(line.name, st.cell)
        row: list[Cell] = [
            _nfc(line.doc_number), name, us_date(line.release_date), str(line.days_left),
            _nfc(line.housing_unit), _nfc(line.class_title), _dates(line),
            para(status_text(line), flagged if urgent else st.cell)]
        if every_site:
            row.insert(1, _nfc(line.site_code))
        rows.append(row)
    not_in = sum(1 for p in people if not p.class_title)
    leaving = sum(1 for p in people if p.ends_after_release)
    where = (f"{_nfc(header.site_name)} ({_nfc(header.site_code)})" if header.site_code
             else _nfc(header.site_name) or "All sites")
    count = f"{len(people):,} {'person' if len(people) == 1 else 'people'}"
    story: list[Flowable] = [
        para(f"{TITLE} \u2014 {where}", st.title),
        para(f"Due for release within {header.within_days} days of {us_date(header.as_of)} "
             "and not completed ICVC; soonest release first.", st.body),
        para(f"{count}: {not_in:,} not in a class, {leaving:,} whose class ends after "
             "release (find them an earlier class).", st.body),
        Spacer(0, 8),
    ]
    headers, widths, align = list(HEADERS), list(WIDTHS), list(ALIGN)
    if every_site:
        headers.insert(1, "Site")
        widths.insert(1, SITE_WIDTH)
        widths[2] -= SITE_WIDTH
        align.insert(1, "LEFT")
    if people:
        story.append(data_table(headers, widths, rows, frame_width=width, align=align,
                                text_styles=st))
    else:
        story.append(para("No one is due for release in that time without ICVC.", st.body))
    return build_document(
        out,
        title=f"{TITLE} \u2014 {_nfc(header.site_code) or 'all sites'}",
        site_name=_nfc(header.site_name),
        story=story,
        printed_at=printed_at,
        printed_by=printed_by,
        confidential=True,
        landscape=LANDSCAPE,
        progress=progress,
    )


def _name(name: str, style: ParagraphStyle) -> Paragraph:
    """The surname (before the comma) in bold, so a column of names scans by surname."""
    last, sep, given = _nfc(name).partition(",")
    return Paragraph(f"<b>{escape(last)}</b>{escape(sep + given)}", style)
