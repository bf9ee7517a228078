"""Taking attendance: the sessions × people grid, and scanning DOC numbers at the door.

A scan always answers at once with one of a few distinct outcomes and never refuses the next
scan; a mark for a cancelled or future session is refused.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.icvc.enums import AttendanceMark, EnrollmentStatus
from rjdesk.domain.icvc.models import Attendance, Enrollment, IcvcSession
from rjdesk.domain.icvc.rules import Closed, closed_for_attendance
from rjdesk.domain.people import rules
from rjdesk.domain.people.models import Offender
from rjdesk.services.core.context import Actor, acting, audit, require
from rjdesk.services.core.errors import InvalidInput, NotFound
from rjdesk.services.icvc.access import load_class, row_to_change
from rjdesk.services.icvc.schedule import SessionView, _session_views
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

ATTENDANCE_NAMESPACE = uuid.UUID("5d6c1e2a-8f3b-4a7c-9e0d-1b2c3d4e5f60")
MARKABLE = (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED)


def attendance_key(session_id: str, enrollment_id: str) -> str:
    """One mark per person and session, the same key on every workstation."""
    return str(uuid.uuid5(ATTENDANCE_NAMESPACE, f"{session_id}/{enrollment_id}"))


def _check_session(session: IcvcSession, today: date) -> None:
    """Refuse a mark the domain's attendance rule does not allow, saying which way."""
    why = closed_for_attendance(session, today)
    if why is Closed.CANCELLED:
        raise InvalidInput(f"The session of {us_date(session.held_on)} was cancelled; there is "
                           "no attendance to take.", "session")
    if why is Closed.NOT_HELD_YET:
        raise InvalidInput(f"The session of {us_date(session.held_on)} has not happened yet.",
                           "session")


def _set_mark(tx: Session, actor: Actor, session: IcvcSession, e: Enrollment,
              mark: AttendanceMark | None) -> None:
    row = tx.get(Attendance, attendance_key(session.id, e.id))
    if mark is None:
        if row is not None:
            tx.delete(row)
        return
    if row is None:
        tx.add(Attendance(id=attendance_key(session.id, e.id), session_id=session.id,
                          enrollment_id=e.id, mark=mark, marked_by=actor.username))
    else:
        row.mark, row.marked_at, row.marked_by = mark, utcnow(), actor.username


def mark(db: Database, actor: Actor, session_id: str, enrollment_id: str,
         value: AttendanceMark | None, *, today: date | None = None) -> None:
    """Set (or with ``None`` clear) one person's mark at one session."""
    require(actor, Permission.RUN_ICVC)
    with acting(db, actor) as tx:
        session, cls, _ = row_to_change(tx, actor, IcvcSession, session_id)
        _check_session(session, today or date.today())
        e = tx.get(Enrollment, enrollment_id)
        if e is None or e.class_id != cls.id:
            raise NotFound("That person is not on this class's roster.")
        if e.status not in MARKABLE:
            raise InvalidInput(f"Attendance is taken for enrolled people; this one is "
                               f"{e.status.label.lower()}.")
        _set_mark(tx, actor, session, e, value)
        audit(tx, actor, "attendance", "icvc_enrollment", e.id,
              f"{cls.title} {us_date(session.held_on)}: {value.label if value else 'cleared'}")


@dataclass(frozen=True)
class GridRow:
    enrollment_id: str
    doc_number: str
    name: str
    status: EnrollmentStatus
    marks: dict[str, AttendanceMark]  # session id -> mark


@dataclass(frozen=True)
class Grid:
    class_id: str
    sessions: tuple[SessionView, ...]
    rows: tuple[GridRow, ...]


def grid(db: Database, actor: Actor, class_id: str) -> Grid:
    """Sessions (columns) × enrolled people (rows) with their marks, for the attendance grid."""
    require(actor, Permission.VIEW_ICVC)
    with db.reading() as tx:
        cls, _ = load_class(tx, class_id)
        sessions = _session_views(list(tx.scalars(
            select(IcvcSession).where(IcvcSession.class_id == cls.id))))
        people = tx.execute(
            select(Enrollment, Offender).join(Offender, Offender.id == Enrollment.offender_id)
            .where(Enrollment.class_id == cls.id, Enrollment.status.in_(MARKABLE))).all()
        marks: dict[str, dict[str, AttendanceMark]] = {}
        for a in tx.scalars(select(Attendance).join(
                Enrollment, Enrollment.id == Attendance.enrollment_id)
                .where(Enrollment.class_id == cls.id)):
            marks.setdefault(a.enrollment_id, {})[a.session_id] = a.mark
    rows = sorted((GridRow(e.id, o.doc_number, display_name(o.last_name, o.first_name),
                           e.status, marks.get(e.id, {})) for e, o in people),
                  key=lambda r: (rules.fold(r.name), r.enrollment_id))
    return Grid(class_id, sessions, tuple(rows))


class ScanOutcome(str, enum.Enum):
    MARKED_PRESENT = "marked_present"
    ALREADY_MARKED = "already_marked"
    NOT_ON_ROSTER = "not_on_roster"
    UNKNOWN_NUMBER = "unknown_number"
    NOT_A_NUMBER = "not_a_number"


@dataclass(frozen=True)
class ScanResult:
    outcome: ScanOutcome
    message: str
    doc_number: str = ""
    name: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome is ScanOutcome.MARKED_PRESENT


def scan(db: Database, actor: Actor, session_id: str, raw: str, *,
         today: date | None = None) -> ScanResult:
    """A DOC number typed or read from a barcode at the door: mark him present, or say why not.

    Every outcome is an answer, not an exception, so the scanner keeps going; only a session
    that cannot take attendance at all (cancelled, in the future, not ours) is refused."""
    require(actor, Permission.RUN_ICVC)
    with acting(db, actor) as tx:
        session, cls, _ = row_to_change(tx, actor, IcvcSession, session_id)
        _check_session(session, today or date.today())
        try:
            number = rules.normalize_doc_number(raw)
        except rules.RuleError:
            shown = raw.strip()[:20]
            return ScanResult(ScanOutcome.NOT_A_NUMBER, f"“{shown}” is not a DOC number.",
                              shown)
        offender = tx.scalar(select(Offender).where(Offender.doc_number == number))
        while offender is not None and offender.merged_into_id:
            offender = tx.get(Offender, offender.merged_into_id)
        if offender is None:
            return ScanResult(ScanOutcome.UNKNOWN_NUMBER,
                              f"No one has the DOC number {number}. Check the number.", number)
        name = display_name(offender.last_name, offender.first_name)
        e = tx.scalar(select(Enrollment).where(Enrollment.class_id == cls.id,
                                               Enrollment.offender_id == offender.id))
        if e is None or e.status not in MARKABLE:
            why = f" ({e.status.label.lower()})" if e is not None else ""
            return ScanResult(ScanOutcome.NOT_ON_ROSTER,
                              f"{name} is not on this class's roster{why}.", number, name)
        existing = tx.get(Attendance, attendance_key(session.id, e.id))
        if existing is not None and existing.mark in (AttendanceMark.PRESENT,
                                                      AttendanceMark.LATE):
            return ScanResult(ScanOutcome.ALREADY_MARKED,
                              f"{name} is already marked {existing.mark.label.lower()}.",
                              number, name)
        _set_mark(tx, actor, session, e, AttendanceMark.PRESENT)
        audit(tx, actor, "attendance_scan", "icvc_enrollment", e.id,
              f"{cls.title} {us_date(session.held_on)}: present")
        return ScanResult(ScanOutcome.MARKED_PRESENT, f"{name} — present.", number, name)
