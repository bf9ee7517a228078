"""A board meeting on paper: the agenda before it, the minutes after.

The agenda says when and where, who is expected to sit (and why a member on the board may not
sit that day) and which cases will be heard, for what. The minutes say who was present, whether
the board had its quorum, what it decided on each case, and the minutes as the secretary wrote
them. Both name offenders and members, never a victim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, Spacer

from rjdesk.domain.core.formats import us_date
from rjdesk.printing.boards.parts import facts, labelled_table, nfc, text_block
from rjdesk.printing.core.template import (
    Progress,
    Styles,
    build_document,
    frame_width,
    para,
    styles,
)

AGENDA_TITLE = "Board meeting agenda"
MINUTES_TITLE = "Board meeting minutes"


@dataclass(frozen=True)
class MemberLine:
    name: str  # "REYES, Marisol"
    chair: bool = False
    problem: str = ""  # why the member cannot sit that day ("has not completed …"), or ""


@dataclass(frozen=True)
class CaseLine:
    doc_number: str
    offender: str
    case_number: str
    purpose: str  # "First meeting" …
    decision: str = ""


@dataclass(frozen=True)
class MeetingPaper:
    """A meeting as its agenda or minutes print it (gathered by the service)."""

    site_name: str
    board_name: str
    held_on: date
    starts_at: str  # "18:30" or ""
    location: str
    status: str  # "Planned", "Held", "Cancelled"
    members: tuple[MemberLine, ...]  # expected (agenda) or present (minutes)
    cases: tuple[CaseLine, ...]
    quorum: int
    minutes: str = ""


def clock(text: str) -> str:
    """``18:30`` as US staff read it: ``6:30 PM``; anything else as typed."""
    try:
        hour, minute = (int(p) for p in text.split(":"))
    except ValueError:
        return nfc(text)
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return nfc(text)
    return f"{hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"


def _when(m: MeetingPaper) -> str:
    return us_date(m.held_on) + (f" at {clock(m.starts_at)}" if m.starts_at.strip() else "")


def _head(m: MeetingPaper, title: str, st: Styles, width: float) -> list[Flowable]:
    return [para(title, st.title), para(nfc(m.board_name), st.heading),
            facts([("Date and time", _when(m)), ("Place", m.location),
                   ("Status", m.status)], st, width)]


def _member(line: MemberLine) -> str:
    name = nfc(line.name) + (" (chair)" if line.chair else "")
    return f"{name} \u2014 cannot sit: {line.problem}" if line.problem else name


def render_agenda(meeting: MeetingPaper, *, printed_at: datetime, printed_by: str,
                  out: str | Path | BinaryIO, progress: Progress | None = None) -> int:
    """Write the agenda to ``out``; returns the page count."""
    st = styles()
    width = frame_width()
    able = sum(1 for m in meeting.members if not m.problem)
    story: list[Flowable] = _head(meeting, AGENDA_TITLE, st, width)
    story += [para("Members expected", st.heading),
              *([para(_member(m), st.body) for m in meeting.members]
                or [para("No member's term covers this day.", st.body)]),
              Spacer(0, 3),
              para(f"{able} of {len(meeting.members)} may sit; the board decides with "
                   f"{meeting.quorum} present.", st.small),
              para("Cases to be heard", st.heading),
              _cases(meeting, st, width, decisions=False)]
    return build_document(out, title=f"{AGENDA_TITLE} \u2014 {us_date(meeting.held_on)}",
                          site_name=nfc(meeting.site_name), story=story,
                          printed_at=printed_at, printed_by=printed_by, confidential=True,
                          progress=progress)


def render_minutes(meeting: MeetingPaper, *, printed_at: datetime, printed_by: str,
                   out: str | Path | BinaryIO, progress: Progress | None = None) -> int:
    """Write the minutes to ``out``; returns the page count."""
    st = styles()
    width = frame_width()
    present = len(meeting.members)
    quorum = ("Yes" if present >= meeting.quorum else "No") + (
        f" \u2014 {present} present, {meeting.quorum} needed")
    story: list[Flowable] = _head(meeting, MINUTES_TITLE, st, width)
    story += [para("Members present", st.heading),
              *([para(_member(m), st.body) for m in meeting.members]
                or [para("No member was recorded present.", st.body)]),
              Spacer(0, 3),
              facts([("Quorum", quorum)], st, width),
              para("Cases heard and decisions", st.heading),
              _cases(meeting, st, width, decisions=True),
              para("Minutes", st.heading),
              *text_block(meeting.minutes, st, "No minutes written.")]
    return build_document(out, title=f"{MINUTES_TITLE} \u2014 {us_date(meeting.held_on)}",
                          site_name=nfc(meeting.site_name), story=story,
                          printed_at=printed_at, printed_by=printed_by, confidential=True,
                          progress=progress)


def _cases(m: MeetingPaper, st: Styles, width: float, *, decisions: bool) -> Flowable:
    if not m.cases:
        return para("No case is on the agenda.", st.body)
    label = f"{m.board_name}, {_when(m)}"
    if decisions:
        return labelled_table(label, ["DOC", "Offender", "Case", "Purpose", "Decision"],
                              [0.1, 0.22, 0.15, 0.16, 0.37],
                              [[c.doc_number, nfc(c.offender), nfc(c.case_number), c.purpose,
                                nfc(c.decision) or "No decision recorded"] for c in m.cases],
                              st, width)
    return labelled_table(label, ["#", "DOC", "Offender", "Case", "Purpose"],
                          [0.05, 0.12, 0.4, 0.2, 0.23],
                          [[str(n), c.doc_number, nfc(c.offender), nfc(c.case_number),
                            c.purpose] for n, c in enumerate(m.cases, start=1)], st, width)
