"""Who has finished: the class's completion rule, completing with a certificate number, the
certificate's data, and the reentry list of people near release who still need the class."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.icvc.enums import EnrollmentStatus
from rjdesk.domain.icvc.models import Attendance, Enrollment, IcvcClass, IcvcSession
from rjdesk.domain.icvc.rules import (
    REENTRY_HORIZON_DAYS,
    REENTRY_MAX_DAYS,
    Progress,
    counted_marks,
)
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.domain.people.models import Offender
from rjdesk.services.core.context import Actor, acting, audit, require
from rjdesk.services.core.errors import InvalidInput
from rjdesk.services.icvc.access import class_to_change, load_class, load_row, row_to_change
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

S = EnrollmentStatus


def progress_of(tx: Session, e: Enrollment, cls: IcvcClass) -> Progress:
    counted = counted_marks(cls.excused_counts)
    here = tx.scalar(select(func.count()).select_from(Attendance).where(
        Attendance.enrollment_id == e.id, Attendance.mark.in_(counted))) or 0
    carried = tx.scalar(select(func.count()).select_from(Attendance).join(
        Enrollment, Enrollment.id == Attendance.enrollment_id).where(
        Enrollment.offender_id == e.offender_id, Enrollment.status == S.TRANSFERRED,
        Enrollment.id != e.id, Attendance.mark.in_(counted))) or 0
    return Progress(e.id, here, carried, cls.sessions_required)


def class_progress(db: Database, actor: Actor, class_id: str) -> list[Progress]:
    require(actor, Permission.VIEW_ICVC)
    with db.reading() as tx:
        cls, _ = load_class(tx, class_id)
        return [progress_of(tx, e, cls) for e in tx.scalars(
            select(Enrollment).where(Enrollment.class_id == cls.id,
                                     Enrollment.status.in_([S.ENROLLED, S.COMPLETED])))]


def certificate_number(site_code: str, on: date, enrollment_id: str) -> str:
    """Unique on every workstation without asking any other: derived from the enrollment's key
    (50 bits, base32), readable aloud, e.g. ``ICVC-JCCC-2026-7K3M9QX2PA``."""
    digest = hashlib.sha256(enrollment_id.encode()).digest()
    code = base64.b32encode(digest).decode()[:10]
    return f"ICVC-{site_code}-{on.year}-{code}"


def _complete_one(tx: Session, actor: Actor, e: Enrollment, cls: IcvcClass, site: Site,
                  on: date) -> str:
    o = tx.get(Offender, e.offender_id)
    assert o is not None
    name = display_name(o.last_name, o.first_name)
    if e.status is S.COMPLETED:
        raise InvalidInput(f"{name} has already completed this class.")
    if e.status is not S.ENROLLED:
        raise InvalidInput(f"{name} is {e.status.label.lower()}, not enrolled.")
    p = progress_of(tx, e, cls)
    if not p.eligible:
        carried = f" (with {p.carried_over} from his previous site)" if p.carried_over else ""
        raise InvalidInput(f"{name} attended {p.attended}{carried} of the "
                           f"{p.required} sessions this class requires.", "attendance")
    e.status, e.completed_on, e.status_changed_at = S.COMPLETED, on, utcnow()
    e.certificate_number = certificate_number(site.code, on, e.id)
    tx.flush()
    audit(tx, actor, "complete", "icvc_enrollment", e.id,
          f"{o.doc_number} {name}: {cls.title}, certificate {e.certificate_number}")
    return e.certificate_number


def _completion_date(on: date | None, today: date | None) -> date:
    today = today or date.today()
    on = on or today
    if on > today:
        raise InvalidInput("A completion cannot be dated in the future.", "completed_on")
    return on


def complete(db: Database, actor: Actor, enrollment_id: str, *, on: date | None = None,
             today: date | None = None) -> str:
    """Record that he completed the class; returns the certificate number."""
    require(actor, Permission.RUN_ICVC)
    on = _completion_date(on, today)
    with acting(db, actor) as tx:
        e, cls, site = row_to_change(tx, actor, Enrollment, enrollment_id)
        return _complete_one(tx, actor, e, cls, site, on)


def complete_eligible(db: Database, actor: Actor, class_id: str, *, on: date | None = None,
                      today: date | None = None) -> list[str]:
    """Complete, in one transaction, everyone enrolled whom the rule allows; returns their
    enrollment ids."""
    require(actor, Permission.RUN_ICVC)
    on = _completion_date(on, today)
    with acting(db, actor) as tx:
        cls, site = class_to_change(tx, actor, class_id)
        done = []
        for e in tx.scalars(select(Enrollment).where(Enrollment.class_id == cls.id,
                                                     Enrollment.status == S.ENROLLED)
                            .order_by(Enrollment.id)):
            if progress_of(tx, e, cls).eligible:
                _complete_one(tx, actor, e, cls, site, on)
                done.append(e.id)
        return done


@dataclass(frozen=True)
class CertificateData:
    enrollment_id: str
    name: str
    doc_number: str
    class_title: str
    site_name: str
    site_code: str
    facilitator: str
    completed_on: date
    certificate_number: str


def certificate(db: Database, actor: Actor, enrollment_id: str) -> CertificateData:
    require(actor, Permission.VIEW_ICVC)
    with db.reading() as tx:
        e, cls, site = load_row(tx, Enrollment, enrollment_id)
        if e.status is not S.COMPLETED or not e.certificate_number or not e.completed_on:
            raise InvalidInput("A certificate is printed for a completed class only.")
        o = tx.get(Offender, e.offender_id)
        assert o is not None
        return CertificateData(e.id, " ".join(p for p in (o.first_name, o.middle_name,
                                                          o.last_name) if p),
                               o.doc_number, cls.title, site.name, site.code, cls.facilitator,
                               e.completed_on, e.certificate_number)


@dataclass(frozen=True)
class ReentryRow:
    offender_id: str
    doc_number: str
    name: str
    projected_release_date: date
    days_left: int
    housing_unit: str
    current_class: str  # "" when he is in none
    current_status: EnrollmentStatus | None
    site_code: str = ""
    class_id: str | None = None
    #: The class's first and last sessions held (cancelled ones aside); None without any.
    class_first_day: date | None = None
    class_last_day: date | None = None
    #: He is due out before the class's last session: the seat will not finish him.
    ends_after_release: bool = False


def reentry_list(db: Database, actor: Actor, site_id: str | None, *,
                 within_days: int = REENTRY_HORIZON_DAYS,
                 today: date | None = None) -> list[ReentryRow]:
    """People due for release within ``within_days`` who have not completed ICVC, soonest
    first, with the class they are in now (enrolled or waiting), if any, and whether that
    class ends after they are released."""
    require(actor, Permission.VIEW_ICVC)
    if not 1 <= within_days <= REENTRY_MAX_DAYS:
        raise InvalidInput(f"Choose a number of days from 1 to {REENTRY_MAX_DAYS}.",
                           "within_days")
    today = today or date.today()
    completed = select(Enrollment.offender_id).where(Enrollment.status == S.COMPLETED)
    conds = [Offender.projected_release_date >= today,
             Offender.projected_release_date <= today + timedelta(days=within_days),
             Offender.merged_into_id.is_(None), Offender.status != OffenderStatus.DISCHARGED,
             Offender.id.not_in(completed)]
    if site_id:
        conds.append(Offender.site_id == site_id)
    # One current place per person: a seat before a waitlist, then the earliest asked.
    ranked = (select(Enrollment.offender_id, IcvcClass.id.label("class_id"), IcvcClass.title,
                     Enrollment.status,
                     func.row_number().over(
                         partition_by=Enrollment.offender_id,
                         order_by=(Enrollment.status != S.ENROLLED, Enrollment.requested_at,
                                   Enrollment.id)).label("rank"))
              .join(IcvcClass, IcvcClass.id == Enrollment.class_id)
              .where(Enrollment.status.in_([S.ENROLLED, S.WAITLISTED])).subquery())
    current = select(ranked.c.offender_id, ranked.c.class_id, ranked.c.title,
                     ranked.c.status).where(ranked.c.rank == 1).subquery()
    span = (select(IcvcSession.class_id, func.min(IcvcSession.held_on).label("first"),
                   func.max(IcvcSession.held_on).label("last"))
            .where(IcvcSession.cancelled.is_(False)).group_by(IcvcSession.class_id).subquery())
    stmt = (select(Offender, Site.code, current.c.class_id, current.c.title, current.c.status,
                   span.c.first, span.c.last)
            .join(Site, Site.id == Offender.site_id)
            .outerjoin(current, current.c.offender_id == Offender.id)
            .outerjoin(span, span.c.class_id == current.c.class_id)
            .where(and_(*conds)).order_by(Offender.projected_release_date, Offender.sort_name))
    with db.reading() as tx:
        rows = []
        for o, code, class_id, title, status, first, last in tx.execute(stmt):
            release = o.projected_release_date
            rows.append(ReentryRow(
                o.id, o.doc_number, display_name(o.last_name, o.first_name), release,
                (release - today).days, o.housing_unit, title or "",
                EnrollmentStatus(status) if status else None, code, class_id, first, last,
                ends_after_release(release, last)))
    return rows


def ends_after_release(release: date, class_last_day: date | None) -> bool:
    """His class's last session falls after his release date: he leaves before it ends."""
    return class_last_day is not None and class_last_day > release
