"""The board's report to the court on one case: who and what was referred, the board's
assessment (needs and the harm done), the reparative agreement with each task's progress (hours
worked, restitution paid), the meetings that heard the case and what they decided, and the
outcome.

It names the offender and the board, never a victim: the court has the victims' statements in
the court report's own victim impact section, and this paper goes through many hands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, Spacer

from rjdesk.domain.boards.rules import money
from rjdesk.domain.core.formats import us_date
from rjdesk.printing.boards.parts import facts, labelled_table, nfc, text_block
from rjdesk.printing.core.tables import Align
from rjdesk.printing.core.template import (
    Progress,
    Styles,
    build_document,
    frame_width,
    para,
    styles,
)

TITLE = "Board report to the court"


@dataclass(frozen=True)
class TaskLine:
    """One task of the agreement and how far it has come."""

    kind: str  # "Community service" …
    description: str
    due_on: date
    done_on: date | None
    overdue: bool
    hours_required: float | None = None
    hours_done: float = 0.0
    amount_cents: int | None = None
    paid_cents: int = 0

    @property
    def done(self) -> bool:
        return self.done_on is not None


@dataclass(frozen=True)
class HearingLine:
    day: date
    purpose: str  # "First meeting" …
    decision: str
    members: tuple[str, ...] = ()  # the members present who heard it


@dataclass(frozen=True)
class BoardReport:
    """A case as the report prints it (gathered by the service, no ORM objects)."""

    site_name: str
    board_name: str
    doc_number: str
    offender: str  # "NGUYỄN, Văn An"
    court: str
    case_number: str
    offense: str
    officer: str
    referred_on: date
    status: str  # "In progress" …
    status_on: date
    needs: tuple[str, ...]
    needs_notes: str
    harm: str
    agreement_on: date | None
    tasks: tuple[TaskLine, ...]
    hearings: tuple[HearingLine, ...]
    outcome: str
    return_reason: str = ""
    closed: bool = False  # completed or returned to court


def hours(value: float | None) -> str:
    """``40``, ``12.5``: hours without trailing zeros."""
    if value is None:
        return ""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def progress_text(task: TaskLine) -> str:
    """What is done of a task, in the words of its measure."""
    if task.hours_required is not None:
        text = f"{hours(task.hours_done)} of {hours(task.hours_required)} hours"
    elif task.amount_cents is not None:
        text = (f"{money(task.paid_cents)} of {money(task.amount_cents)} paid; "
                f"{money(max(0, task.amount_cents - task.paid_cents))} owed")
    else:
        text = ""
    if task.done_on is not None:
        text = f"{text}; done {us_date(task.done_on)}" if text else f"Done {us_date(task.done_on)}"
    return text


def state(task: TaskLine) -> str:
    return "Done" if task.done else ("Overdue" if task.overdue else "Open")


def render_board_report(report: BoardReport, *, printed_at: datetime, printed_by: str,
                        out: str | Path | BinaryIO, progress: Progress | None = None) -> int:
    """Write the report to ``out``; returns the page count."""
    st = styles()
    width = frame_width()
    story: list[Flowable] = [
        para(TITLE, st.title),
        para(f"{nfc(report.offender)} \u00b7 DOC {nfc(report.doc_number)} \u00b7 "
             f"{nfc(report.court)}, case {nfc(report.case_number)}", st.heading),
        facts([("Board", report.board_name), ("Offense", report.offense),
               ("Referred", us_date(report.referred_on)),
               ("Referring officer", report.officer),
               ("Status", f"{report.status} since {us_date(report.status_on)}")], st, width),
        para("Assessment", st.heading),
        facts([("Needs found", ", ".join(report.needs)), ("Notes", report.needs_notes)],
              st, width),
        para("Harm done", st.heading), *text_block(report.harm, st),
        para("Reparative agreement", st.heading),
        para(f"Signed on {us_date(report.agreement_on)}." if report.agreement_on
             else "No agreement signed yet.", st.body),
        Spacer(0, 4),
        *_tasks(report, st, width),
        para("Meetings", st.heading),
        _hearings(report, st, width),
        para("Outcome", st.heading),
        *_outcome(report, st),
    ]
    return build_document(out, title=f"{TITLE} \u2014 {nfc(report.offender)}",
                          site_name=nfc(report.site_name), story=story, printed_at=printed_at,
                          printed_by=printed_by, confidential=True, progress=progress)


def _tasks(report: BoardReport, st: Styles, width: float) -> list[Flowable]:
    if not report.tasks:
        return [para("The agreement holds no task.", st.body)]
    align: list[Align] = ["LEFT", "LEFT", "LEFT", "LEFT", "LEFT"]
    rows = [[t.kind, nfc(t.description), us_date(t.due_on), progress_text(t), state(t)]
            for t in report.tasks]
    table = labelled_table(f"Tasks of {nfc(report.offender)}'s agreement",
                           ["Task", "Description", "Due", "Progress", "Status"],
                           [0.17, 0.31, 0.13, 0.29, 0.1], rows, st, width, align)
    required = sum(t.hours_required or 0 for t in report.tasks)
    worked = sum(t.hours_done for t in report.tasks if t.hours_required is not None)
    ordered = sum(t.amount_cents or 0 for t in report.tasks)
    paid = sum(t.paid_cents for t in report.tasks if t.amount_cents is not None)
    done = sum(1 for t in report.tasks if t.done)
    late = sum(1 for t in report.tasks if t.overdue)
    summary = f"{done} of {len(report.tasks)} tasks done, {late} overdue."
    if required:
        summary += f" Community service: {hours(worked)} of {hours(required)} hours."
    if ordered:
        summary += (f" Restitution: {money(paid)} of {money(ordered)} paid, "
                    f"{money(max(0, ordered - paid))} owed.")
    return [table, Spacer(0, 4), para(summary, st.body)]


def _hearings(report: BoardReport, st: Styles, width: float) -> Flowable:
    rows = [[us_date(h.day), h.purpose, nfc(h.decision) or "\u2014",
             "; ".join(nfc(m) for m in h.members) or "\u2014"] for h in report.hearings]
    if not rows:
        return para("The board has not heard the case yet.", st.body)
    return labelled_table("Meetings that heard the case",
                          ["Date", "Purpose", "Decision", "Members present"],
                          [0.13, 0.15, 0.44, 0.28], rows, st, width)


def _outcome(report: BoardReport, st: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    if report.return_reason:
        out.append(para(f"Returned to court on {us_date(report.status_on)}: "
                        f"{nfc(report.return_reason)}", st.body))
    if out and not nfc(report.outcome):
        return out
    empty = "No outcome recorded." if report.closed else "The case is still open."
    return out + text_block(report.outcome, st, empty)
