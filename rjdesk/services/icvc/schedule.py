"""Scheduling a class: sessions from a start date, weekdays and a count, skipping days off;
moving or cancelling one session at a time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import Integer, func, select
from sqlalchemy.orm import Session

from rjdesk.domain.base import utcnow
from rjdesk.domain.core.formats import us_date
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Permission
from rjdesk.domain.icvc import rules
from rjdesk.domain.icvc.enums import CrimeTopic, EnrollmentStatus
from rjdesk.domain.icvc.models import Attendance, ClassDayOff, Enrollment, IcvcClass, IcvcSession
from rjdesk.domain.icvc.rules import MAX_SESSIONS, ClassState, default_topics, session_dates
from rjdesk.services.core.context import Actor, acting, audit, require, require_site
from rjdesk.services.core.errors import Errors, InvalidInput
from rjdesk.services.icvc.access import load_class, row_to_change
from rjdesk.store.database import Database

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class DayOff:
    day: date
    reason: str = ""


@dataclass(frozen=True)
class ClassInput:
    """A new class and its schedule, as the facilitator fills the form."""

    site_code: str
    title: str
    facilitator: str
    capacity: int
    sessions_required: int
    first_day: date
    weekdays: frozenset[int]  # 0 = Monday … 6 = Sunday
    session_count: int
    starts_at: time = time(9, 0)
    ends_at: time = time(11, 30)
    location: str = ""
    excused_counts: bool = False
    days_off: tuple[DayOff, ...] = ()


@dataclass(frozen=True)
class SessionView:
    id: str
    held_on: date
    starts_at: time
    ends_at: time
    topic: CrimeTopic
    cancelled: bool
    cancel_reason: str
    number: int | None  # n of "Session n of N"; None when cancelled
    of: int

    @property
    def label(self) -> str:
        if self.cancelled:
            return f"Cancelled ({us_date(self.held_on)})"
        return f"Session {self.number} of {self.of}"


@dataclass(frozen=True)
class ClassView:
    id: str
    site_id: str
    site_code: str
    site_name: str
    title: str
    facilitator: str
    location: str
    capacity: int
    sessions_required: int
    excused_counts: bool
    cancelled: bool
    state: ClassState
    enrolled: int
    waitlisted: int
    sessions: tuple[SessionView, ...] = field(default=())
    days_off: tuple[DayOff, ...] = field(default=())

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.enrolled)


def validate(data: ClassInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "Enter the class title."
    if not data.facilitator.strip():
        errors["facilitator"] = "Enter the facilitator's name."
    if not 1 <= data.capacity <= 200:
        errors["capacity"] = "The capacity is a number of seats from 1 to 200."
    if not 1 <= data.session_count <= MAX_SESSIONS:
        errors["session_count"] = f"A class has from 1 to {MAX_SESSIONS} sessions."
    if not 1 <= data.sessions_required <= max(1, data.session_count):
        errors["sessions_required"] = ("The sessions required to complete must be at least 1 "
                                       "and no more than the sessions scheduled.")
    if not data.weekdays or not data.weekdays <= set(range(7)):
        errors["weekdays"] = "Choose the weekday(s) the class meets."
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = "A session ends after it starts."
    if not data.site_code.strip():
        errors["site_code"] = "Choose the site."
    return errors


def state_of(cls: IcvcClass, sessions: Iterable[IcvcSession], today: date) -> ClassState:
    """The class's state on ``today`` from its stored sessions."""
    return rules.class_state(cls.cancelled, *rules.held_span(sessions), today)


def _session_views(sessions: list[IcvcSession]) -> tuple[SessionView, ...]:
    ordered = sorted(sessions, key=lambda s: (s.held_on, s.starts_at, s.id))
    total = sum(1 for s in ordered if not s.cancelled)
    views, n = [], 0
    for s in ordered:
        if not s.cancelled:
            n += 1
        views.append(SessionView(s.id, s.held_on, s.starts_at, s.ends_at, s.topic, s.cancelled,
                                 s.cancel_reason, None if s.cancelled else n, total))
    return tuple(views)


def class_view(tx: Session, class_id: str, today: date | None = None) -> ClassView:
    cls, site = load_class(tx, class_id)
    sessions = list(tx.scalars(select(IcvcSession).where(IcvcSession.class_id == cls.id)))
    counts = dict(tx.execute(
        select(Enrollment.status, func.count()).where(Enrollment.class_id == cls.id)
        .group_by(Enrollment.status)).all())
    days_off = tuple(DayOff(d.day, d.reason) for d in tx.scalars(
        select(ClassDayOff).where(ClassDayOff.class_id == cls.id).order_by(ClassDayOff.day)))
    enrolled = counts.get(EnrollmentStatus.ENROLLED, 0) + counts.get(EnrollmentStatus.COMPLETED, 0)
    return ClassView(cls.id, site.id, site.code, site.name, cls.title, cls.facilitator,
                     cls.location, cls.capacity, cls.sessions_required, cls.excused_counts,
                     cls.cancelled, state_of(cls, sessions, today or date.today()), enrolled,
                     counts.get(EnrollmentStatus.WAITLISTED, 0), _session_views(sessions),
                     days_off)


def create_class(db: Database, actor: Actor, data: ClassInput) -> ClassView:
    """A class and its whole schedule, in one transaction."""
    require(actor, Permission.RUN_ICVC)
    errors = validate(data)
    if errors:
        raise Errors(errors)
    with acting(db, actor) as tx:
        site = tx.scalar(select(Site).where(Site.code == data.site_code.strip().upper()))
        if site is None:
            raise InvalidInput(f"There is no site with the code “{data.site_code}”.", "site_code")
        require_site(actor, site.id, "classes")
        cls = IcvcClass(site_id=site.id, title=data.title.strip(),
                        facilitator=data.facilitator.strip(), location=data.location.strip(),
                        capacity=data.capacity, sessions_required=data.sessions_required,
                        excused_counts=data.excused_counts)
        tx.add(cls)
        tx.flush()
        off = {d.day for d in data.days_off}
        dates = session_dates(data.first_day, data.weekdays, data.session_count, off)
        for day, topic in zip(dates, default_topics(len(dates)), strict=True):
            tx.add(IcvcSession(class_id=cls.id, held_on=day, starts_at=data.starts_at,
                               ends_at=data.ends_at, topic=topic))
        for d in data.days_off:
            tx.add(ClassDayOff(class_id=cls.id, day=d.day, reason=d.reason.strip()))
        tx.flush()
        audit(tx, actor, "create", "icvc_class", cls.id,
              f"{cls.title} at {site.code}: {len(dates)} sessions from {us_date(dates[0])}")
        return class_view(tx, cls.id)


def _changed(tx: Session, actor: Actor, cls: IcvcClass, action: str, what: str) -> ClassView:
    """A change to one of the class's sessions: the class is touched (so sync and lists see
    it changed), audited under the class, and shown again."""
    cls.updated_at = utcnow()
    tx.flush()
    audit(tx, actor, action, "icvc_class", cls.id, f"{cls.title}: {what}")
    return class_view(tx, cls.id)


def move_session(db: Database, actor: Actor, session_id: str, held_on: date,
                 starts_at: time | None = None, ends_at: time | None = None) -> ClassView:
    require(actor, Permission.RUN_ICVC)
    with acting(db, actor) as tx:
        session, cls, _ = row_to_change(tx, actor, IcvcSession, session_id)
        if session.cancelled:
            raise InvalidInput("This session was cancelled; it cannot be moved.", "held_on")
        if tx.scalar(select(func.count()).select_from(Attendance)
                     .where(Attendance.session_id == session.id)):
            raise InvalidInput("Attendance was taken at this session; it cannot be moved.",
                               "held_on")
        start, end = starts_at or session.starts_at, ends_at or session.ends_at
        if end <= start:
            raise InvalidInput("A session ends after it starts.", "ends_at")
        old = session.held_on
        session.held_on, session.starts_at, session.ends_at = held_on, start, end
        return _changed(tx, actor, cls, "move_session",
                        f"session of {us_date(old)} moved to {us_date(held_on)}")


def cancel_session(db: Database, actor: Actor, session_id: str, reason: str) -> ClassView:
    require(actor, Permission.RUN_ICVC)
    if not reason.strip():
        raise InvalidInput("Say why the session is cancelled (for example: lockdown).",
                           "reason")
    with acting(db, actor) as tx:
        session, cls, _ = row_to_change(tx, actor, IcvcSession, session_id)
        if session.cancelled:
            raise InvalidInput("This session is already cancelled.")
        session.cancelled, session.cancel_reason = True, reason.strip()[:200]
        return _changed(tx, actor, cls, "cancel_session",
                        f"session of {us_date(session.held_on)} cancelled ({reason.strip()})")


def set_topic(db: Database, actor: Actor, session_id: str, topic: CrimeTopic) -> ClassView:
    require(actor, Permission.RUN_ICVC)
    with acting(db, actor) as tx:
        session, cls, _ = row_to_change(tx, actor, IcvcSession, session_id)
        session.topic = topic
        return _changed(tx, actor, cls, "session_topic",
                        f"{us_date(session.held_on)} is about {topic.label}")


def get_class(db: Database, actor: Actor, class_id: str, *,
              today: date | None = None) -> ClassView:
    require(actor, Permission.VIEW_ICVC)
    with db.reading() as tx:
        return class_view(tx, class_id, today)


@dataclass(frozen=True)
class ClassRow:
    id: str
    title: str
    site_code: str
    facilitator: str
    first_day: date | None
    last_day: date | None
    state: ClassState
    enrolled: int
    capacity: int
    waitlisted: int


def list_classes(db: Database, actor: Actor, site_id: str | None, *,
                 today: date | None = None) -> list[ClassRow]:
    """Classes of a site (or all), newest first. A site runs tens of classes a year, so a whole
    list is one page; the central office sees every site's, still a few thousand rows."""
    require(actor, Permission.VIEW_ICVC)
    today = today or date.today()
    with db.reading() as tx:
        span = (select(IcvcSession.class_id, func.min(IcvcSession.held_on).label("first"),
                       func.max(IcvcSession.held_on).label("last"))
                .where(IcvcSession.cancelled.is_(False)).group_by(IcvcSession.class_id)
                .subquery())
        seats = (select(Enrollment.class_id,
                        func.sum(Enrollment.status.in_([EnrollmentStatus.ENROLLED,
                                                        EnrollmentStatus.COMPLETED])
                                 .cast(Integer)).label("enrolled"),
                        func.sum((Enrollment.status == EnrollmentStatus.WAITLISTED)
                                 .cast(Integer)).label("waiting"))
                 .group_by(Enrollment.class_id).subquery())
        stmt = (select(IcvcClass, Site.code, span.c.first, span.c.last, seats.c.enrolled,
                       seats.c.waiting)
                .join(Site, Site.id == IcvcClass.site_id)
                .outerjoin(span, span.c.class_id == IcvcClass.id)
                .outerjoin(seats, seats.c.class_id == IcvcClass.id))
        if site_id:
            stmt = stmt.where(IcvcClass.site_id == site_id)
        rows = []
        for cls, code, first, last, enrolled, waiting in tx.execute(stmt):
            state = rules.class_state(cls.cancelled, first, last, today)
            rows.append(ClassRow(cls.id, cls.title, code, cls.facilitator, first, last, state,
                                 int(enrolled or 0), cls.capacity, int(waiting or 0)))
    return sorted(rows, key=lambda r: (r.first_day or date.max), reverse=True)
