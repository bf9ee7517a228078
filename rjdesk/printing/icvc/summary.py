"""The class summary: each person's attendance at every session and where he stands.

Read by the facilitator and the caseworker to see at a glance who is on track, who finished
(with the certificate number to quote), who left and why, and who is waiting. The class's rule
heads the page, because "attended" means what the rule counts (late counts; excused only if
the class says so). Landscape: one column per session beside the name and status. A class
with more sessions than fit as columns gets one compact string per person instead.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from rjdesk.domain.core.formats import us_date
from rjdesk.printing.core.fonts import FONT_MONO
from rjdesk.printing.core.tables import Align, Cell, data_table
from rjdesk.printing.core.template import (
    Progress,
    Styles,
    build_document,
    frame_width,
    para,
    styles,
)

TITLE = "ICVC class summary"
LANDSCAPE = True
UNMARKED = "\u2013"  # an en dash: no mark (yet) for this session
CELL_LIMIT = 20  # more sessions than this print as one string per person
FIXED = {"doc": 0.085, "name": 0.2, "attended": 0.1, "status": 0.23}
MAX_CELL = 0.035  # a session column wider than this only spreads the letters apart
LEGEND = "P present · L late · E excused · A absent · \u2013 not marked"


@dataclass(frozen=True)
class SummaryHeader:
    class_title: str
    site_name: str
    site_code: str
    facilitator: str
    location: str
    state: str  # planned, running, finished, cancelled
    sessions_required: int
    excused_counts: bool
    cancelled_sessions: tuple[str, ...] = field(default=())  # "10/05/2026 (Lockdown)"


@dataclass(frozen=True)
class SummarySession:
    number: int  # n of "Session n of N"
    held_on: date


@dataclass(frozen=True)
class SummaryRow:
    doc_number: str
    name: str  # "LAST, First"
    marks: tuple[str, ...]  # per session, in order: "P", "A", "E", "L" or "" (not marked)
    attended: int  # sessions here that the rule counts
    carried_over: int  # counted sessions from a class he left on a transfer
    status: str  # enrolled, waitlisted, completed, withdrawn, transferred
    completed_on: date | None = None
    certificate_number: str = ""
    reason: str = ""
    waitlist_position: int | None = None
    eligible: bool = False


def rule_text(required: int, held: int, excused_counts: bool) -> str:
    """The completion rule in one sentence, as the facilitator announces it."""
    excused = "count" if excused_counts else "do not count"
    return (f"Completes with {required} of {held} sessions attended; late counts as attended, "
            f"excused absences {excused}.")


def status_text(row: SummaryRow) -> str:
    if row.status == "completed":
        when = f" {us_date(row.completed_on)}" if row.completed_on else ""
        number = f", certificate {row.certificate_number}" if row.certificate_number else ""
        return f"Completed{when}{number}"
    if row.status == "enrolled":
        return "Enrolled \u2014 eligible to complete" if row.eligible else "Enrolled"
    if row.status == "waitlisted":
        return f"Waitlisted, #{row.waitlist_position}" if row.waitlist_position else "Waitlisted"
    if row.status == "transferred":
        return _nfc(row.reason) or "Transferred"
    label = row.status.capitalize()
    return f"{label}: {_nfc(row.reason)}" if row.reason.strip() else label


def attended_text(row: SummaryRow) -> str:
    if not row.carried_over:
        return str(row.attended)
    return f"{row.attended + row.carried_over} ({row.carried_over} carried over)"


def marks_string(marks: Sequence[str]) -> str:
    """``PPLAE PP–––``: groups of five, so the eye finds session 7 without counting."""
    letters = "".join(m or "-" for m in marks)  # a monospaced en dash would join into a rule
    return " ".join(letters[i:i + 5] for i in range(0, len(letters), 5))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def render_class_summary(
    header: SummaryHeader,
    sessions: Sequence[SummarySession],
    rows: Iterable[SummaryRow],
    *,
    printed_at: datetime,
    printed_by: str,
    out: str | Path | BinaryIO,
    progress: Progress | None = None,
) -> int:
    """Write the class summary PDF to ``out`` and return its page count."""
    st = styles()
    width = frame_width(LANDSCAPE)
    people = list(rows)
    as_cells = len(sessions) <= CELL_LIMIT
    story: list[Flowable] = [para(_nfc(header.class_title), st.title),
                             *_facts(header, sessions, st), Spacer(0, 6)]
    table = _table(sessions, people, as_cells, st, width)
    counts = Counter(r.status for r in people)
    eligible = sum(1 for r in people if r.status == "enrolled" and r.eligible)
    totals = [f"{len(people)} on the roster", f"completed {counts['completed']}",
              f"enrolled {counts['enrolled']} ({eligible} eligible to complete)",
              f"waitlisted {counts['waitlisted']}", f"withdrawn {counts['withdrawn']}",
              f"transferred {counts['transferred']}"]
    story += [table, Spacer(0, 8), para("Totals: " + " · ".join(totals) + ".", st.body)]
    return build_document(
        out,
        title=f"{TITLE} \u2014 {_nfc(header.class_title)}",
        site_name=_nfc(header.site_name),
        story=story,
        printed_at=printed_at,
        printed_by=printed_by,
        confidential=True,
        landscape=LANDSCAPE,
        progress=progress,
    )


def _facts(header: SummaryHeader, sessions: Sequence[SummarySession],
           st: Styles) -> list[Flowable]:
    first = us_date(sessions[0].held_on) if sessions else "\u2014"
    last = us_date(sessions[-1].held_on) if sessions else "\u2014"
    rule = rule_text(header.sessions_required, len(sessions), header.excused_counts)
    dot = " \u00b7 "
    lines = [
        f"<b>Site</b> {escape(_nfc(header.site_name))} ({escape(_nfc(header.site_code))}){dot}"
        f"<b>Facilitator</b> {escape(_nfc(header.facilitator))}"
        + (f"{dot}<b>Location</b> {escape(_nfc(header.location))}" if header.location else ""),
        f"<b>Dates</b> {first} to {last}{dot}{len(sessions)} sessions{dot}{escape(header.state)}",
        f"<b>Rule</b> {escape(rule)}",
        "<b>Sessions</b> " + escape(", ".join(f"{s.number}: {s.held_on:%m/%d}"
                                             for s in sessions) or "none scheduled"),
    ]
    if header.cancelled_sessions:
        lines.append("<b>Cancelled</b> " + escape("; ".join(header.cancelled_sessions)))
    lines.append(f"<b>Marks</b> {escape(LEGEND)}")
    return [Paragraph(line, st.body) for line in lines]


def _table(sessions: Sequence[SummarySession], people: list[SummaryRow], as_cells: bool,
           st: Styles, width: float) -> Flowable:
    fixed = sum(FIXED.values())
    if as_cells:
        middle = [str(s.number) for s in sessions]
        each = min(MAX_CELL, (1 - fixed) / len(sessions)) if sessions else 0.0
        middle_widths = [each] * len(sessions)
    else:
        middle, middle_widths = [f"Attendance, sessions 1\u2013{len(sessions)}"], [1 - fixed]
    headers = ["DOC number", "Name", *middle, "Attended", "Status"]
    widths = [FIXED["doc"], FIXED["name"], *middle_widths, FIXED["attended"], FIXED["status"]]
    spare = 1 - sum(widths)  # room the session cells did not need: to name and status
    widths[1] += spare / 2
    widths[-1] += spare / 2
    mark_align: Align = "CENTER" if as_cells else "LEFT"
    align: list[Align] = ["LEFT", "LEFT", *([mark_align] * len(middle)), "CENTER", "LEFT"]
    mono = ParagraphStyle("marks", parent=st.cell, fontName=FONT_MONO)
    small = ParagraphStyle("status", parent=st.cell, fontSize=8, leading=10)
    rows: list[list[Cell]] = []
    for r in people:
        marks: list[Cell] = ([m or UNMARKED for m in r.marks] if as_cells
                             else [para(marks_string(r.marks), mono)])
        rows.append([_nfc(r.doc_number), _name(r.name, st.cell), *marks, attended_text(r),
                     para(status_text(r), small)])
    table = data_table(headers, widths, rows, frame_width=width, align=align, text_styles=st)
    if as_cells and middle:
        last = 2 + len(middle) - 1
        table.setStyle(TableStyle([("LEFTPADDING", (2, 0), (last, -1), 1),
                                   ("RIGHTPADDING", (2, 0), (last, -1), 1)]))
    return table


def _name(name: str, style: ParagraphStyle) -> Paragraph:
    last, sep, given = _nfc(name).partition(",")
    return Paragraph(f"<b>{escape(last)}</b>{escape(sep + given)}", style)
