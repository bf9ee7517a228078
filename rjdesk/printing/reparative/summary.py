"""The reparative summary: a site's (or the state's) reparative work over a date range.

Read by wardens, the central office and the newsletter: hours by month and by project with
approved, waiting and declined kept apart (only approved hours count as done; the others show
what is still open), how many offenders took part, what was made and where it went by kind of
recipient, and the garden's produce in pounds and tons. It names no offender and no recipient.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, Spacer

from rjdesk.domain.core.formats import us_date
from rjdesk.printing.core.tables import Align, Cell, data_table
from rjdesk.printing.core.template import Progress, build_document, frame_width, para, styles
from rjdesk.printing.reparative.delivery_slip import quantity

TITLE = "Reparative work summary"
POUNDS_PER_TON = 2000.0


@dataclass(frozen=True)
class HoursLine:
    """Hours of one month, project or site, kept apart by status."""

    label: str  # "November 2026", "Quilting circle (JCCC)", "JCCC"
    approved: float
    pending: float
    declined: float
    detail: str = ""  # the project's supervisors; a site's participants


@dataclass(frozen=True)
class ItemLine:
    name: str
    unit: str
    made: float
    delivered: float


@dataclass(frozen=True)
class RecipientLine:
    kind: str  # "Shelter" …
    quantity: float
    deliveries: int


@dataclass(frozen=True)
class Summary:
    scope: str  # "Jefferson City Correctional Center (JCCC)" or "All sites"
    start: date
    end: date
    by_month: tuple[HoursLine, ...]
    by_project: tuple[HoursLine, ...]
    by_site: tuple[HoursLine, ...]  # printed when the summary covers several sites
    participants: int
    items: tuple[ItemLine, ...]
    delivered_by_kind: tuple[RecipientLine, ...]
    produce_pounds: float


def hours(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value else "0"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


def render_reparative_summary(summary: Summary, *, printed_at: datetime, printed_by: str,
                              out: str | Path | BinaryIO,
                              progress: Progress | None = None) -> int:
    """Write the summary PDF to ``out`` and return its page count."""
    st = styles()
    width = frame_width()
    months = summary.by_month
    total = HoursLine("Total", sum(m.approved for m in months), sum(m.pending for m in months),
                      sum(m.declined for m in months))
    tons = summary.produce_pounds / POUNDS_PER_TON
    story: list[Flowable] = [
        para(f"{TITLE}, {us_date(summary.start)} to {us_date(summary.end)}", st.title),
        para(_nfc(summary.scope), st.heading),
        para(f"Approved hours {hours(total.approved)} \u00b7 waiting for approval "
             f"{hours(total.pending)} \u00b7 declined {hours(total.declined)} \u00b7 "
             f"{summary.participants:,} offenders took part \u00b7 produce "
             f"{quantity(round(summary.produce_pounds, 1))} lb ({tons:,.2f} tons)", st.body),
        Spacer(0, 6),
        para("Hours by month", st.heading),
        _hours_table("Month", [*months, total], "", width),
    ]
    if len(summary.by_site) > 1:
        story += [para("Hours by site", st.heading),
                  _hours_table("Site", summary.by_site, "Offenders", width)]
    story += [para("Hours by project", st.heading),
              _hours_table("Project", summary.by_project, "Supervised by", width)]
    story += [para("Items made and delivered", st.heading),
              data_table(["Item", "Unit", "Made", "Delivered"], [0.5, 0.14, 0.18, 0.18],
                         [[_nfc(i.name), i.unit, quantity(i.made), quantity(i.delivered)]
                          for i in summary.items] or [["No items made or delivered", "", "",
                                                       ""]],
                         frame_width=width, align=["LEFT", "LEFT", "RIGHT", "RIGHT"],
                         text_styles=st),
              para("Delivered by kind of recipient", st.heading),
              data_table(["Recipient", "Quantity", "Deliveries"], [0.5, 0.25, 0.25],
                         [[r.kind, quantity(r.quantity), str(r.deliveries)]
                          for r in summary.delivered_by_kind] or [["No deliveries", "", ""]],
                         frame_width=width, align=["LEFT", "RIGHT", "RIGHT"], text_styles=st)]
    return build_document(
        out,
        title=f"{TITLE} \u2014 {_nfc(summary.scope)}",
        site_name=_nfc(summary.scope),
        story=story,
        printed_at=printed_at,
        printed_by=printed_by,
        confidential=False,
        progress=progress,
    )


def _hours_table(what: str, lines: Sequence[HoursLine], detail: str, width: float) -> Flowable:
    headers = [what, "Approved", "Waiting", "Declined"]
    widths = [0.43, 0.19, 0.19, 0.19]
    align: list[Align] = ["LEFT", "RIGHT", "RIGHT", "RIGHT"]
    if detail:
        headers.insert(1, detail)
        widths = [0.3, 0.28, 0.14, 0.14, 0.14]
        align.insert(1, "LEFT")
    rows: list[list[Cell]] = []
    for line in lines:
        row: list[Cell] = [_nfc(line.label), hours(line.approved), hours(line.pending),
                           hours(line.declined)]
        if detail:
            row.insert(1, _nfc(line.detail))
        rows.append(row)
    if not rows:
        rows = [["No hours", *[""] * (len(headers) - 1)]]
    return data_table(headers, widths, rows, frame_width=width, align=align)
