"""A board's meetings: planned with their agenda (the cases to hear, and why), then the members
present, what was decided of each case, and the minutes once held.

A meeting decides only with a quorum: ``rules.QUORUM`` members present who may sit on the
meeting's day. Attendance takes only such members, and a decision is refused without a quorum,
or before the meeting's day. Putting a referred case on the agenda of its first meeting moves it
to "scheduled", as a step of the case (``common.move_case``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import CaseStatus, HearingPurpose, MeetingStatus
from rjdesk.domain.boards.models import Hearing, Meeting, MeetingMember
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.core.text import text_problem
from rjdesk.services.boards.boards import load_board, members_of
from rjdesk.services.boards.common import load_case, move_case
from rjdesk.services.boards.meeting_views import (
    HearingView,
    MeetingRow,
    MeetingView,
    load_meeting,
    meeting_view,
    present_at,
)
from rjdesk.services.core.context import Actor, acting, audit, audit_read, require, require_site
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, NotFound
from rjdesk.store.database import Database

__all__ = ["HearingView", "MeetingInput", "MeetingRow", "MeetingView", "add_to_agenda",
           "cancel_meeting", "get_meeting", "hold_meeting", "list_meetings", "plan_meeting",
           "record_attendance", "record_decision", "remove_from_agenda"]

LOCATION_MAX = 200
DECISION_MAX = 4000
MINUTES_MAX = 20000
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class MeetingInput:
    board_id: str
    held_on: date
    starts_at: str = "18:00"
    location: str = ""


# -- reading ---------------------------------------------------------------------------------

def get_meeting(db: Database, actor: Actor, meeting_id: str, *,
                today: date | None = None) -> MeetingView:
    """A meeting with who was present and the cases heard (offenders' names: audited)."""
    require(actor, Permission.VIEW_BOARDS)
    with db.reading() as tx:
        meeting, site = load_meeting(tx, meeting_id)
        view = meeting_view(tx, meeting, site)
    if view.hearings:
        audit_read(db, actor, "view", "board_meeting", view.id,
                   f"{site.code} board meeting of {us_date(view.held_on)}: "
                   f"{len(view.hearings)} case(s)")
    return view


def list_meetings(db: Database, actor: Actor, board_id: str) -> list[MeetingRow]:
    """The board's meetings, newest first, with how many cases and members each had."""
    require(actor, Permission.VIEW_BOARDS)
    cases = (select(Hearing.meeting_id, func.count().label("n"))
             .group_by(Hearing.meeting_id).subquery())
    present = (select(MeetingMember.meeting_id, func.count().label("n"))
               .group_by(MeetingMember.meeting_id).subquery())
    with db.reading() as tx:
        load_board(tx, board_id)
        rows = tx.execute(
            select(Meeting, func.coalesce(cases.c.n, 0), func.coalesce(present.c.n, 0))
            .outerjoin(cases, cases.c.meeting_id == Meeting.id)
            .outerjoin(present, present.c.meeting_id == Meeting.id)
            .where(Meeting.board_id == board_id)
            .order_by(Meeting.held_on.desc(), Meeting.starts_at.desc(), Meeting.id))
        return [MeetingRow(m.id, m.held_on, m.starts_at, m.location, m.status.label,
                           int(n_cases), int(n_present)) for m, n_cases, n_present in rows]


# -- planning --------------------------------------------------------------------------------

def _time(text: str) -> str | None:
    """``HH:MM`` from what people type ("6:30" → "06:30"), or None."""
    match = _TIME.match(text.strip())
    return f"{int(match[1]):02d}:{match[2]}" if match else None


def plan_meeting(db: Database, actor: Actor, data: MeetingInput, *,
                 today: date | None = None) -> MeetingView:
    """A meeting of the board on a day at a time (one per board, day and time)."""
    require(actor, Permission.RUN_BOARDS)
    errors: dict[str, str] = {}
    starts_at = _time(data.starts_at)
    if starts_at is None:
        errors["starts_at"] = (f"“{data.starts_at.strip()}” is not a time: write it as HH:MM "
                               "on a 24-hour clock, such as 18:30.")
    location = " ".join(data.location.split())
    if len(location) > LOCATION_MAX:
        errors["location"] = f"The location is longer than {LOCATION_MAX} characters."
    elif problem := text_problem(location, "location"):
        errors["location"] = problem
    if errors:
        raise Errors(errors)
    assert starts_at is not None
    with acting(db, actor) as tx:
        board, site = load_board(tx, data.board_id)
        require_site(actor, site.id, "boards")
        if not board.active:
            raise InvalidInput(f"The board of {site.code} is closed; it holds no meetings.",
                               "board_id")
        key = rules.meeting_key(board.id, data.held_on, starts_at)
        meeting = tx.get(Meeting, key)
        if meeting is not None and meeting.status is not MeetingStatus.CANCELLED:
            raise AlreadyExists(f"The board already meets on {us_date(data.held_on)} at "
                                f"{starts_at}.", "held_on")
        action = "reschedule" if meeting is not None else "create"
        if meeting is None:
            meeting = Meeting(id=key, board_id=board.id, site_id=site.id,
                              held_on=data.held_on, starts_at=starts_at)
            tx.add(meeting)
        meeting.status, meeting.location = MeetingStatus.PLANNED, location
        tx.flush()
        audit(tx, actor, action, "board_meeting", meeting.id,
              f"{site.code} board meeting on {us_date(data.held_on)} at {starts_at}")
        return meeting_view(tx, meeting, site)


def _open_meeting(tx: Session, actor: Actor, meeting_id: str,
                  field: str) -> tuple[Meeting, Site]:
    """The meeting, for a change by ``actor``: of the actor's site, and not cancelled."""
    meeting, site = load_meeting(tx, meeting_id)
    require_site(actor, site.id, "boards")
    if meeting.status is MeetingStatus.CANCELLED:
        raise InvalidInput(f"The meeting of {us_date(meeting.held_on)} was cancelled.", field)
    return meeting, site


def add_to_agenda(db: Database, actor: Actor, meeting_id: str, case_id: str,
                  purpose: HearingPurpose, *, today: date | None = None) -> MeetingView:
    """Put a case of the board's office on the meeting's agenda. A referred case comes first to
    a first meeting, which schedules it."""
    require(actor, Permission.RUN_BOARDS)
    day = today or date.today()
    if not isinstance(purpose, HearingPurpose):
        raise InvalidInput("Choose why the case is heard: first meeting, mid-term review or "
                           "closing meeting.", "purpose")
    with acting(db, actor) as tx:
        meeting, site = _open_meeting(tx, actor, meeting_id, "case_id")
        if meeting.status is MeetingStatus.HELD:
            raise InvalidInput(f"The meeting of {us_date(meeting.held_on)} was held; its "
                               "agenda is closed.", "case_id")
        case, case_site = load_case(tx, case_id)
        if case_site.id != site.id:
            raise InvalidInput(f"That case is at {case_site.code}; the board of {site.code} "
                               "hears the cases of its own office.", "case_id")
        if case.status.closed:
            raise InvalidInput(f"That case is closed ({case.status.label.lower()}); it is "
                               "not heard again.", "case_id")
        if case.status is CaseStatus.REFERRED and purpose is not HearingPurpose.FIRST:
            raise InvalidInput("A referred case is heard first at a first meeting.", "purpose")
        key = rules.hearing_key(meeting.id, case.id)
        if tx.get(Hearing, key) is not None:
            raise AlreadyExists("That case is already on the meeting's agenda.", "case_id")
        tx.add(Hearing(id=key, meeting_id=meeting.id, case_id=case.id, purpose=purpose))
        if case.status is CaseStatus.REFERRED:
            move_case(tx, actor, case, CaseStatus.SCHEDULED, day,
                      f"first meeting on {us_date(meeting.held_on)}", field="case_id")
        tx.flush()
        audit(tx, actor, "agenda_add", "board_meeting", meeting.id,
              f"{site.code} meeting of {us_date(meeting.held_on)}: case {case.case_number} "
              f"({purpose.label.lower()})")
        return meeting_view(tx, meeting, site)


def remove_from_agenda(db: Database, actor: Actor, meeting_id: str, case_id: str, *,
                       today: date | None = None) -> MeetingView:
    """Take a case off the agenda while nothing is decided of it (the case keeps its step)."""
    require(actor, Permission.RUN_BOARDS)
    with acting(db, actor) as tx:
        meeting, site = _open_meeting(tx, actor, meeting_id, "case_id")
        hearing = tx.get(Hearing, rules.hearing_key(meeting.id, case_id))
        if hearing is None:
            hearing = tx.scalar(select(Hearing).where(Hearing.meeting_id == meeting.id,
                                                      Hearing.case_id == case_id))
        if hearing is None:
            raise NotFound("That case is not on the meeting's agenda.", "case_id")
        if hearing.decision:
            raise InvalidInput("The board has decided on that case; its decision stays in "
                               "the meeting's record.", "case_id")
        case, _ = load_case(tx, case_id)
        tx.delete(hearing)
        tx.flush()
        audit(tx, actor, "agenda_remove", "board_meeting", meeting.id,
              f"{site.code} meeting of {us_date(meeting.held_on)}: case {case.case_number}")
        return meeting_view(tx, meeting, site)


# -- the meeting itself ----------------------------------------------------------------------

def _not_before(meeting: Meeting, day: date, what: str, field: str) -> None:
    if meeting.held_on > day:
        raise InvalidInput(f"The meeting is on {us_date(meeting.held_on)}; {what} on that day "
                           "or after.", field)


def _long_text(typed: str, most: int, field: str) -> str:
    """A decision or the minutes as kept: trimmed, refused too long or holding a control
    character (line breaks and tabs are the text's own)."""
    text = typed.strip()
    if len(text) > most:
        raise InvalidInput(f"The {field} is longer than {most:,} characters.", field)
    if any(ch in text for ch in "\x00\x1b"):
        raise InvalidInput(f"The {field} contains a control character; type it again.", field)
    return text


def _decided(tx: Session, meeting_id: str) -> int:
    return tx.scalar(select(func.count()).select_from(Hearing).where(
        Hearing.meeting_id == meeting_id, Hearing.decision != "")) or 0


def record_attendance(db: Database, actor: Actor, meeting_id: str, member_ids: list[str] |
                      tuple[str, ...], *, today: date | None = None) -> MeetingView:
    """The members present (the list replaces the one on file): each a member of this board
    who may sit on the meeting's day."""
    require(actor, Permission.RUN_BOARDS)
    day = today or date.today()
    wanted = list(dict.fromkeys(member_ids))
    with acting(db, actor) as tx:
        meeting, site = _open_meeting(tx, actor, meeting_id, "present")
        _not_before(meeting, day, "attendance is taken", "present")
        members = {m.id: m for m in members_of(tx, [meeting.board_id], meeting.held_on,
                                               only=wanted)[meeting.board_id]}
        problems = [f"{m.name} {m.problem}." for m in members.values() if m.problem]
        if len(members) < len(wanted):
            problems.insert(0, "One of the members chosen is not on this board.")
        if problems:
            raise InvalidInput(f"On {us_date(meeting.held_on)}: " + " ".join(problems),
                               "present")
        decided = _decided(tx, meeting.id)
        if decided and len(wanted) < rules.QUORUM:
            raise InvalidInput(f"The board decided {decided} case(s) at this meeting, which "
                               f"needs {rules.QUORUM} members present; {len(wanted)} would "
                               "leave it without a quorum.", "present")
        before = set(tx.scalars(select(MeetingMember.member_id)
                                .where(MeetingMember.meeting_id == meeting.id)))
        tx.execute(delete(MeetingMember).where(MeetingMember.meeting_id == meeting.id,
                                               MeetingMember.member_id.not_in(wanted)))
        for member_id in wanted:
            if member_id not in before:
                tx.add(MeetingMember(id=rules.attendance_key(meeting.id, member_id),
                                     meeting_id=meeting.id, member_id=member_id))
        tx.flush()
        names = ", ".join(members[m].name for m in wanted) or "nobody"
        audit(tx, actor, "attendance", "board_meeting", meeting.id,
              f"{site.code} meeting of {us_date(meeting.held_on)}: {len(wanted)} present "
              f"({names})")
        return meeting_view(tx, meeting, site)


def record_decision(db: Database, actor: Actor, meeting_id: str, case_id: str, decision: str,
                    *, today: date | None = None) -> MeetingView:
    """What the board decided of a case on the agenda: only on or after the meeting's day, and
    with a quorum present."""
    require(actor, Permission.RUN_BOARDS)
    day = today or date.today()
    text = _long_text(decision, DECISION_MAX, "decision")
    if not text:
        raise InvalidInput("Enter what the board decided.", "decision")
    with acting(db, actor) as tx:
        meeting, site = _open_meeting(tx, actor, meeting_id, "decision")
        hearing = tx.scalar(select(Hearing).where(Hearing.meeting_id == meeting.id,
                                                  Hearing.case_id == case_id))
        if hearing is None:
            raise InvalidInput("That case is not on the meeting's agenda; add it first.",
                               "case_id")
        _not_before(meeting, day, "the board decides", "decision")
        eligible = sum(1 for m in present_at(tx, meeting) if m.can_sit)
        if eligible < rules.QUORUM:
            raise InvalidInput(
                f"The board cannot decide without a quorum: {eligible} member(s) who may sit "
                f"are recorded present, and {rules.QUORUM} are needed.", "decision")
        case, _ = load_case(tx, case_id)
        before = hearing.decision
        hearing.decision = text
        tx.flush()
        audit(tx, actor, "decide", "board_hearing", hearing.id,
              f"{site.code} meeting of {us_date(meeting.held_on)}: case {case.case_number}"
              + (" (decision changed)" if before and before != text else ""))
        return meeting_view(tx, meeting, site)


def hold_meeting(db: Database, actor: Actor, meeting_id: str, minutes: str, *,
                 today: date | None = None) -> MeetingView:
    """Mark the meeting held and keep its minutes (again: the minutes are corrected)."""
    require(actor, Permission.RUN_BOARDS)
    day = today or date.today()
    text = _long_text(minutes, MINUTES_MAX, "minutes")
    with acting(db, actor) as tx:
        meeting, site = _open_meeting(tx, actor, meeting_id, "minutes")
        _not_before(meeting, day, "it is held", "held_on")
        action = "minutes" if meeting.status is MeetingStatus.HELD else "hold"
        meeting.status, meeting.minutes = MeetingStatus.HELD, text
        tx.flush()
        audit(tx, actor, action, "board_meeting", meeting.id,
              f"{site.code} board meeting of {us_date(meeting.held_on)} held")
        return meeting_view(tx, meeting, site)


def cancel_meeting(db: Database, actor: Actor, meeting_id: str, *,
                   today: date | None = None) -> MeetingView:
    """Cancel a meeting not yet held; its cases keep their steps, for another meeting."""
    require(actor, Permission.RUN_BOARDS)
    with acting(db, actor) as tx:
        meeting, site = load_meeting(tx, meeting_id)
        require_site(actor, site.id, "boards")
        if meeting.status is MeetingStatus.HELD:
            raise InvalidInput(f"The meeting of {us_date(meeting.held_on)} was held; it "
                               "cannot be cancelled.", "status")
        if _decided(tx, meeting.id):
            raise InvalidInput("The board decided cases at this meeting; it cannot be "
                               "cancelled.", "status")
        if meeting.status is not MeetingStatus.CANCELLED:
            meeting.status = MeetingStatus.CANCELLED
            tx.flush()
            audit(tx, actor, "cancel", "board_meeting", meeting.id,
                  f"{site.code} board meeting of {us_date(meeting.held_on)} cancelled")
        return meeting_view(tx, meeting, site)

