"""ICVC's printed documents: the sign-in sheet, certificates, the class summary and the reentry
list. Each print is
one audited action written through a temporary file, so a failed or cancelled print leaves
nothing behind."""


from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Output
from rjdesk.domain.icvc.enums import EnrollmentStatus
from rjdesk.domain.icvc.models import Attendance, Enrollment, IcvcClass, IcvcSession
from rjdesk.domain.icvc.rules import REENTRY_HORIZON_DAYS
from rjdesk.domain.people.models import Offender
from rjdesk.printing.icvc.certificate import Certificate, render_certificates
from rjdesk.printing.icvc.reentry import ReentryHeader, ReentryLine, render_reentry_list
from rjdesk.printing.icvc.roster import SignInHeader, SignInRow, render_sign_in_sheet
from rjdesk.printing.icvc.summary import (
    SummaryHeader,
    SummaryRow,
    SummarySession,
    render_class_summary,
)
from rjdesk.services.core.context import Actor, audit, require_output, require_output_role
from rjdesk.services.core.errors import InvalidInput, NotFound
from rjdesk.services.core.files import write_pdf
from rjdesk.services.icvc import completion, roster, schedule, speakers
from rjdesk.services.icvc.attendance import MARKABLE
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database


def print_roster(db: Database, actor: Actor, session_id: str, out: Path | BinaryIO, *,
                 printed_at: datetime | None = None,
                 progress: Callable[[int, int], None] | None = None) -> int:
    """The sign-in sheet of one session: everyone who can be marked present at it (enrolled or
    completed), by name, with the DOC-number barcodes scan mode reads back; returns pages."""
    require_output_role(actor, Output.SIGN_IN_SHEET)
    with db.reading() as tx:
        session = tx.get(IcvcSession, session_id)
        if session is None:
            raise NotFound("That session no longer exists.", "session")
        class_id = session.class_id
    cls = schedule.get_class(db, actor, class_id)
    require_output(actor, Output.SIGN_IN_SHEET, cls.site_id)
    view = next(s for s in cls.sessions if s.id == session_id)
    if cls.cancelled:
        raise InvalidInput(f"{cls.title} was cancelled; there is no sign-in sheet to print.",
                           "session")
    if view.cancelled:
        why = f" ({view.cancel_reason})" if view.cancel_reason else ""
        raise InvalidInput(f"The session of {us_date(view.held_on)} was cancelled{why}; there "
                           "is no sign-in sheet to print.", "session")
    rows = [SignInRow(e.doc_number, e.name, e.housing_unit)
            for e in roster.roster(db, actor, class_id) if e.status in MARKABLE]
    header = SignInHeader(
        class_title=cls.title, site_name=cls.site_name, site_code=cls.site_code,
        facilitator=cls.facilitator, location=cls.location, held_on=view.held_on,
        starts_at=view.starts_at, ends_at=view.ends_at, session_label=view.label,
        topic=view.topic.label,
        # Counted, never named: the sheet passes among the offenders in the room, and a victim
        # speaker's name is not theirs to read.
        speakers=_speaker_count(len(speakers.speakers_of(db, actor, session_id))))
    printed_at = printed_at or datetime.now()

    def record(tx: Session, pages: int) -> None:
        audit(tx, actor, "print", "icvc_class", class_id,
              f"Sign-in sheet of {cls.title}, {view.label} ({us_date(view.held_on)}) printed: "
              f"{len(rows)} people, {pages} pages")

    return write_pdf(db, actor, out, lambda target: render_sign_in_sheet(
        header, rows, printed_at=printed_at, printed_by=actor.display_name, out=target,
        progress=progress), record)


def print_certificates(db: Database, actor: Actor, enrollment_ids: list[str],
                       out: Path | BinaryIO, *, printed_at: datetime | None = None,
                       progress: Callable[[int, int], None] | None = None) -> int:
    """Completion certificates, one page each, in the order asked; returns pages. Refuses the
    whole print, naming the person, if any of them has not completed: a certificate is proof."""
    require_output_role(actor, Output.CERTIFICATES)
    ids = list(dict.fromkeys(enrollment_ids))
    if not ids:
        raise InvalidInput("Choose the people to print certificates for.", "enrollments")
    with db.reading() as tx:
        found = {e.id: (e, o, c) for e, o, c in tx.execute(
            select(Enrollment, Offender, IcvcClass)
            .join(Offender, Offender.id == Enrollment.offender_id)
            .join(IcvcClass, IcvcClass.id == Enrollment.class_id)
            .where(Enrollment.id.in_(ids)))}
        for enrollment_id in ids:
            if enrollment_id not in found:
                raise NotFound(f"There is no enrollment “{enrollment_id}”.", "enrollments")
            e, o, c = found[enrollment_id]
            if e.status is not EnrollmentStatus.COMPLETED:
                raise InvalidInput(
                    f"{display_name(o.last_name, o.first_name)} ({o.doc_number}) is "
                    f"{e.status.label.lower()} in {c.title}, not completed; no certificate "
                    "was printed.", "enrollments")
    require_output(actor, Output.CERTIFICATES, {c.site_id for _, _, c in found.values()})
    data = [completion.certificate(db, actor, i) for i in ids]
    certificates = [Certificate(d.name, d.doc_number, d.class_title, d.site_name, d.facilitator,
                                d.completed_on, d.certificate_number) for d in data]
    printed_at = printed_at or datetime.now()

    def record(tx: Session, pages: int) -> None:
        for d in data:
            audit(tx, actor, "print", "icvc_enrollment", d.enrollment_id,
                  f"Certificate {d.certificate_number} printed for {d.doc_number} ({d.name})")

    return write_pdf(db, actor, out, lambda target: render_certificates(
        certificates, printed_at=printed_at, out=target, progress=progress), record)


def print_class_summary(db: Database, actor: Actor, class_id: str, out: Path | BinaryIO, *,
                        printed_at: datetime | None = None,
                        progress: Callable[[int, int], None] | None = None) -> int:
    """Everyone who asked for the class, with a mark per held session, what the rule counts and
    where each stands; returns pages."""
    require_output_role(actor, Output.CLASS_SUMMARY)
    printed_at = printed_at or datetime.now()
    cls = schedule.get_class(db, actor, class_id, today=printed_at.date())
    require_output(actor, Output.CLASS_SUMMARY, cls.site_id)
    people = roster.roster(db, actor, class_id)
    held = [s for s in cls.sessions if not s.cancelled]
    with db.reading() as tx:
        marks: dict[str, dict[str, str]] = {}
        for a in tx.scalars(select(Attendance).join(
                Enrollment, Enrollment.id == Attendance.enrollment_id)
                .where(Enrollment.class_id == class_id)):
            marks.setdefault(a.enrollment_id, {})[a.session_id] = a.mark.short
        orm_class = tx.get(IcvcClass, class_id)
        assert orm_class is not None
        progress_by = {e.id: completion.progress_of(tx, e, orm_class)
                       for e in tx.scalars(select(Enrollment)
                                           .where(Enrollment.class_id == class_id))}
    header = SummaryHeader(
        class_title=cls.title, site_name=cls.site_name, site_code=cls.site_code,
        facilitator=cls.facilitator, location=cls.location, state=cls.state,
        sessions_required=cls.sessions_required, excused_counts=cls.excused_counts,
        cancelled_sessions=tuple(
            us_date(s.held_on) + (f" ({s.cancel_reason})" if s.cancel_reason else "")
            for s in cls.sessions if s.cancelled))
    rows = []
    for e in people:
        p = progress_by[e.id]
        rows.append(SummaryRow(
            doc_number=e.doc_number, name=e.name,
            marks=tuple(marks.get(e.id, {}).get(s.id, "") for s in held),
            attended=p.attended_here, carried_over=p.carried_over, status=e.status.value,
            completed_on=e.completed_on, certificate_number=e.certificate_number or "",
            reason=e.reason, waitlist_position=e.waitlist_position, eligible=p.eligible))

    def record(tx: Session, pages: int) -> None:
        audit(tx, actor, "print", "icvc_class", class_id,
              f"Class summary of {cls.title} printed: {len(rows)} people, {pages} pages")

    return write_pdf(db, actor, out, lambda target: render_class_summary(
        header, [SummarySession(s.number or 0, s.held_on) for s in held], rows,
        printed_at=printed_at, printed_by=actor.display_name, out=target, progress=progress),
        record)


def print_reentry_list(db: Database, actor: Actor, site_id: str | None, out: Path | BinaryIO, *,
                       within_days: int = REENTRY_HORIZON_DAYS, today: date | None = None,
                       printed_at: datetime | None = None,
                       progress: Callable[[int, int], None] | None = None) -> int:
    """The reentry list of a site (``site_id`` None: every site, for the roles that read every
    site) as the page shows it, soonest release first; returns pages."""
    require_output_role(actor, Output.REENTRY_LIST)
    printed_at = printed_at or datetime.now()
    today = today or printed_at.date()
    with db.reading() as tx:
        site = tx.get(Site, site_id) if site_id else None
        if site_id and site is None:
            raise NotFound("That site does not exist.", "site")
        code, name = (site.code, site.name) if site else ("", "All sites")
    require_output(actor, Output.REENTRY_LIST, site_id)
    rows = completion.reentry_list(db, actor, site_id, within_days=within_days, today=today)
    lines = [ReentryLine(r.doc_number, r.name, r.projected_release_date, r.days_left,
                         r.housing_unit, r.site_code, r.current_class,
                         r.current_status is EnrollmentStatus.WAITLISTED, r.class_first_day,
                         r.class_last_day, r.ends_after_release) for r in rows]
    header = ReentryHeader(name, code, within_days, today)

    def record(tx: Session, pages: int) -> None:
        audit(tx, actor, "print", "site", site_id,
              f"Reentry list of {code or 'all sites'} printed: {len(lines):,} people due "
              f"within {within_days} days, {pages} pages")

    return write_pdf(db, actor, out, lambda target: render_reentry_list(
        header, lines, printed_at=printed_at, printed_by=actor.display_name, out=target,
        progress=progress), record)


def _speaker_count(n: int) -> tuple[str, ...]:
    return (f"{n} victim speaker{'s' if n != 1 else ''}",) if n else ()
