"""The reparative agreement, for signature: the tasks the offender agrees to do for the board,
each with its due date and its hours or amount, and lines for the offender, the board chair and
the date.

Two copies on one print, the offender's and the board's, each from a new page, the same text on
both. The offender takes his copy home: neither copy names a victim (the data has no place for
one), and the harm is spoken of, not who suffered it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, PageBreak, Spacer

from rjdesk.domain.boards.rules import money
from rjdesk.domain.core.formats import us_date
from rjdesk.printing.boards.board_report import hours
from rjdesk.printing.boards.parts import facts, labelled_table, nfc, signatures
from rjdesk.printing.core.tables import Align
from rjdesk.printing.core.template import (
    Progress,
    Styles,
    build_document,
    frame_width,
    para,
    styles,
)

TITLE = "Reparative agreement"
COPIES = ("Offender's copy", "Board's copy")


@dataclass(frozen=True)
class AgreementTask:
    kind: str  # "Restitution" …
    description: str
    due_on: date
    hours: float | None = None
    amount_cents: int | None = None


@dataclass(frozen=True)
class Agreement:
    """An agreement as it prints (gathered by the service, no ORM objects)."""

    board_name: str
    doc_number: str
    offender: str  # "NGUYỄN, Văn An"
    court: str
    case_number: str
    offense: str
    agreement_on: date | None  # None: not signed yet, the date is written by hand
    tasks: tuple[AgreementTask, ...]
    chair: str = ""  # the board chair's name, or "" to print it by hand


def render_agreements(agreements: Sequence[Agreement], *, site_name: str,
                      printed_at: datetime, printed_by: str, out: str | Path | BinaryIO,
                      progress: Progress | None = None) -> int:
    """Write both copies of each agreement to ``out`` (several: the agreements signed at one
    meeting), each copy from a new page; returns the page count."""
    if not agreements:
        raise ValueError("An agreement print needs at least one agreement.")
    st = styles()
    width = frame_width()
    story: list[Flowable] = []
    for agreement in agreements:
        for copy in COPIES:
            if story:
                story.append(PageBreak())
            story += _copy(agreement, copy, st, width)
    title = (f"{TITLE}s" if len(agreements) > 1
             else f"{TITLE} \u2014 {nfc(agreements[0].offender)}")
    return build_document(out, title=title, site_name=nfc(site_name), story=story,
                          printed_at=printed_at, printed_by=printed_by, confidential=True,
                          progress=progress)


def _copy(a: Agreement, copy: str, st: Styles, width: float) -> list[Flowable]:
    signed = us_date(a.agreement_on) if a.agreement_on else "the date signed below"
    align: list[Align] = ["LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT"]
    rows = [[t.kind, nfc(t.description), us_date(t.due_on), hours(t.hours),
             money(t.amount_cents) if t.amount_cents is not None else ""] for t in a.tasks]
    total_hours = sum(t.hours or 0 for t in a.tasks)
    total_cents = sum(t.amount_cents or 0 for t in a.tasks)
    totals = f"{len(a.tasks)} {'task' if len(a.tasks) == 1 else 'tasks'}"
    if total_hours:
        totals += f"; {hours(total_hours)} hours of community service"
    if total_cents:
        totals += f"; {money(total_cents)} restitution"
    tasks: Flowable = (labelled_table(f"{copy} \u00b7 tasks of {nfc(a.offender)}",
                                      ["Task", "Description", "Due", "Hours", "Amount"],
                                      [0.18, 0.44, 0.12, 0.1, 0.16], rows, st, width, align)
                       if rows else para("No task has been agreed yet.", st.body))
    return [
        para(copy, st.heading),
        para(TITLE, st.title),
        facts([("Offender", f"{nfc(a.offender)} (DOC {nfc(a.doc_number)})"),
               ("Court and case", f"{nfc(a.court)}, case {nfc(a.case_number)}"),
               ("Offense", a.offense), ("Board", a.board_name)], st, width),
        Spacer(0, 8),
        para(f"On {signed}, before the {nfc(a.board_name)}, I agree to repair the harm my "
             "offense caused by doing the tasks below by their due dates. I understand that "
             "the board will review my progress, and that if I do not complete the agreement "
             "my case may be returned to the court.", st.body),
        Spacer(0, 6),
        tasks,
        Spacer(0, 4),
        para(f"Total: {totals}.", st.body),
        Spacer(0, 6),
        signatures([("Offender", a.offender), ("Board chair", a.chair)], st, width),
    ]
