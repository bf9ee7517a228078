"""Who is in a class: enrollment, the first-come waitlist, withdrawal, and transfers.

A seat is held by an enrolled or completed person. Past capacity a person joins the waitlist
in the order he asked; a freed seat goes to the first waiting, at once and audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.icvc.enums import EnrollmentStatus
from rjdesk.domain.icvc.models import Enrollment, IcvcClass, IcvcSession
from rjdesk.domain.people.models import Offender
from rjdesk.domain.people.rules import fold
from rjdesk.services.core.context import Actor, acting, audit, require
from rjdesk.services.core.errors import AlreadyExists, InvalidInput, NotFound, Refused
from rjdesk.services.icvc.access import class_to_change, load_class, row_to_change
from rjdesk.services.icvc.schedule import state_of
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

ENROLLMENT_NAMESPACE = uuid.UUID("3c7d9e1f-4a2b-4c8d-9e0f-a1b2c3d4e5f7")

S = EnrollmentStatus


class ClassFull(Refused):
    """The class has no seat left and the waitlist was not agreed to."""


@dataclass(frozen=True)
class EnrollmentView:
    id: str
    class_id: str
    offender_id: str
    doc_number: str
    name: str
    housing_unit: str
    status: EnrollmentStatus
    requested_at: datetime
    reason: str
    completed_on: date | None
    certificate_number: str | None
    waitlist_position: int | None = None
    #: Set when he already completed ICVC elsewhere (a second class is his choice, not a need).
    completed_before: date | None = None


@dataclass(frozen=True)
class WithdrawResult:
    withdrawn: EnrollmentView
    promoted: EnrollmentView | None


def _seats_taken(tx: Session, class_id: str) -> int:
    return tx.scalar(select(func.count()).select_from(Enrollment).where(
        Enrollment.class_id == class_id,
        Enrollment.status.in_([S.ENROLLED, S.COMPLETED]))) or 0


def _view(tx: Session, e: Enrollment, position: int | None = None) -> EnrollmentView:
    o = tx.get(Offender, e.offender_id)
    assert o is not None
    return EnrollmentView(e.id, e.class_id, o.id, o.doc_number,
                          display_name(o.last_name, o.first_name, o.middle_name), o.housing_unit,
                          e.status, e.requested_at, e.reason, e.completed_on,
                          e.certificate_number, position, _completed_before(tx, o.id, e.id))


def _completed_before(tx: Session, offender_id: str, other_than: str) -> date | None:
    return tx.scalar(select(func.min(Enrollment.completed_on)).where(
        Enrollment.offender_id == offender_id, Enrollment.status == S.COMPLETED,
        Enrollment.id != other_than))


def _first_waiting(tx: Session, class_id: str) -> Enrollment | None:
    return tx.scalar(select(Enrollment).where(
        Enrollment.class_id == class_id, Enrollment.status == S.WAITLISTED)
        .order_by(Enrollment.requested_at, Enrollment.id).limit(1))


def fill_freed_seats(tx: Session, actor: Actor, cls: IcvcClass,
                     today: date | None = None) -> list[Enrollment]:
    """Give free seats to the first waiting, in the order they asked — while the class still
    has sessions ahead (no one is seated in a finished or cancelled class)."""
    promoted: list[Enrollment] = []
    sessions = list(tx.scalars(select(IcvcSession).where(IcvcSession.class_id == cls.id)))
    if state_of(cls, sessions, today or date.today()).over:
        return promoted
    while _seats_taken(tx, cls.id) < cls.capacity:
        waiting = _first_waiting(tx, cls.id)
        if waiting is None:
            break
        waiting.status, waiting.status_changed_at = S.ENROLLED, utcnow()
        tx.flush()
        promoted.append(waiting)
        audit(tx, actor, "promote", "icvc_enrollment", waiting.id,
              f"{cls.title}: seat freed, first on the waitlist enrolled")
    return promoted


def enroll(db: Database, actor: Actor, class_id: str, offender_id: str, *,
           waitlist_ok: bool = False, today: date | None = None) -> EnrollmentView:
    """Seat an offender in a class of his current site, or put him on its waitlist."""
    require(actor, Permission.RUN_ICVC)
    today = today or date.today()
    with acting(db, actor) as tx:
        cls, site = class_to_change(tx, actor, class_id)
        offender = tx.get(Offender, offender_id)
        if offender is None or offender.merged_into_id:
            raise NotFound("That person's record no longer exists.")
        name = display_name(offender.last_name, offender.first_name)
        if offender.site_id != cls.site_id:
            here = tx.get(Site, offender.site_id)
            raise InvalidInput(f"{name} is at {here.code if here else 'another site'}; he can "
                               f"enroll only in a class of his current site ({site.code} runs "
                               "this one).", "offender")
        sessions = list(tx.scalars(select(IcvcSession)
                                   .where(IcvcSession.class_id == cls.id)))
        state = state_of(cls, sessions, today)
        if state.over:
            raise InvalidInput(f"This class is {state}; choose another.", "class")
        existing = tx.scalar(select(Enrollment).where(Enrollment.class_id == cls.id,
                                                      Enrollment.offender_id == offender.id))
        if existing is not None and existing.status is not S.WITHDRAWN:
            raise AlreadyExists(f"{name} is already in this class ({existing.status.label}).",
                                "offender")
        full = _seats_taken(tx, cls.id) >= cls.capacity
        if full and not waitlist_ok:
            raise ClassFull(f"The class is full ({cls.capacity} of {cls.capacity} seats). "
                            f"Put {name} on the waitlist?", "waitlist")
        status = S.WAITLISTED if full else S.ENROLLED
        now = utcnow()
        if existing is None:
            existing = Enrollment(id=enrollment_key(cls.id, offender.id), class_id=cls.id,
                                  offender_id=offender.id)
            tx.add(existing)
        existing.status, existing.requested_at, existing.status_changed_at = status, now, now
        existing.reason = ""
        tx.flush()
        audit(tx, actor, "enroll" if status is S.ENROLLED else "waitlist",
              "icvc_enrollment", existing.id, f"{offender.doc_number} {name} in {cls.title}")
        return _view(tx, existing, waitlist_position(tx, existing))


def enrollment_key(class_id: str, offender_id: str) -> str:
    """One seat per person and class: two sites enrolling him offline make one enrollment."""
    return str(uuid.uuid5(ENROLLMENT_NAMESPACE, f"{class_id}/{offender_id}"))


def waitlist_position(tx: Session, e: Enrollment) -> int | None:
    if e.status is not S.WAITLISTED:
        return None
    return (tx.scalar(select(func.count()).select_from(Enrollment).where(
        Enrollment.class_id == e.class_id, Enrollment.status == S.WAITLISTED,
        (Enrollment.requested_at < e.requested_at) |
        ((Enrollment.requested_at == e.requested_at) & (Enrollment.id < e.id)))) or 0) + 1


def withdraw(db: Database, actor: Actor, enrollment_id: str, reason: str, *,
             today: date | None = None) -> WithdrawResult:
    """Take someone out of a class (or off its waitlist); his seat goes to the first waiting."""
    require(actor, Permission.RUN_ICVC)
    if not reason.strip():
        raise InvalidInput("Give the reason for the withdrawal.", "reason")
    with acting(db, actor) as tx:
        e, cls, _ = row_to_change(tx, actor, Enrollment, enrollment_id)
        if e.status not in (S.ENROLLED, S.WAITLISTED):
            raise InvalidInput(f"Only an enrolled or waiting person can be withdrawn; this one "
                               f"is {e.status.label.lower()}.")
        e.status, e.reason, e.status_changed_at = S.WITHDRAWN, reason.strip()[:200], utcnow()
        tx.flush()
        audit(tx, actor, "withdraw", "icvc_enrollment", e.id,
              f"{cls.title}: {reason.strip()}")
        promoted = fill_freed_seats(tx, actor, cls, today)
        return WithdrawResult(_view(tx, e),
                              _view(tx, promoted[0]) if promoted else None)


def on_transfer(tx: Session, actor: Actor, offender_id: str, new_site_id: str, *,
                today: date | None = None) -> None:
    """Called by the people service inside a transfer's transaction: his places in classes of
    other sites read 'transferred' (what he attended there still counts toward completing a
    class at his new site), and the seats he freed go to those waiting."""
    rows = tx.execute(select(Enrollment, IcvcClass)
                      .join(IcvcClass, IcvcClass.id == Enrollment.class_id)
                      .where(Enrollment.offender_id == offender_id,
                             Enrollment.status.in_([S.ENROLLED, S.WAITLISTED]),
                             IcvcClass.site_id != new_site_id)).all()
    for e, cls in rows:
        e.status, e.status_changed_at = S.TRANSFERRED, utcnow()
        e.reason = "Transferred to another site"
        tx.flush()
        audit(tx, actor, "transferred", "icvc_enrollment", e.id, cls.title)
        fill_freed_seats(tx, actor, cls, today)


def roster(db: Database, actor: Actor, class_id: str) -> list[EnrollmentView]:
    """Everyone who ever asked for this class: seated first (by name), then the waitlist in
    order, then those who left."""
    require(actor, Permission.VIEW_ICVC)
    with db.reading() as tx:
        load_class(tx, class_id)
        rows = list(tx.execute(
            select(Enrollment, Offender).join(Offender, Offender.id == Enrollment.offender_id)
            .where(Enrollment.class_id == class_id)))
        done = {o.id: d for o, d in tx.execute(
            select(Offender, func.min(Enrollment.completed_on))
            .join(Enrollment, Enrollment.offender_id == Offender.id)
            .where(Enrollment.status == S.COMPLETED,
                   Offender.id.in_([o.id for _, o in rows]), Enrollment.class_id != class_id)
            .group_by(Offender.id))}
    waiting = sorted((e for e, _ in rows if e.status is S.WAITLISTED),
                     key=lambda e: (e.requested_at, e.id))
    position = {e.id: i for i, e in enumerate(waiting, 1)}
    order = {S.ENROLLED: 0, S.COMPLETED: 0, S.WAITLISTED: 1, S.TRANSFERRED: 2, S.WITHDRAWN: 3}
    views = [EnrollmentView(e.id, e.class_id, o.id, o.doc_number,
                            display_name(o.last_name, o.first_name, o.middle_name),
                            o.housing_unit, e.status, e.requested_at, e.reason, e.completed_on,
                            e.certificate_number, position.get(e.id), done.get(o.id))
             for e, o in rows]
    return sorted(views, key=lambda v: (order[v.status], v.waitlist_position or 0,
                                        fold(v.name), v.id))
