"""Impact of Crime on Victim Classes: classes, their sessions, speakers, enrollments, attendance.

"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from rjdesk.domain.base import Base, Uuid36, enum_column, new_id, utcnow
from rjdesk.domain.icvc.enums import AttendanceMark, CrimeTopic, EnrollmentStatus


class IcvcClass(Base):
    __tablename__ = "icvc_class"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True, default=new_id)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    facilitator: Mapped[str] = mapped_column(String(120))
    location: Mapped[str] = mapped_column(String(120), default="")
    capacity: Mapped[int] = mapped_column(Integer)
    #: How many sessions attended complete the class.
    sessions_required: Mapped[int] = mapped_column(Integer)
    #: The class's rule: whether an excused absence counts as attended.
    excused_counts: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class IcvcSession(Base):
    __tablename__ = "icvc_session"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True, default=new_id)
    class_id: Mapped[str] = mapped_column(ForeignKey("icvc_class.id"))
    held_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)
    topic: Mapped[CrimeTopic] = mapped_column(enum_column(CrimeTopic))
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (Index("ix_icvc_session_class_date", "class_id", "held_on"),
                      Index("ix_icvc_session_date", "held_on"))


class SpeakerBooking(Base):
    """A victim speaker booked for a session; the key derives from (session, volunteer)."""

    __tablename__ = "icvc_speaker"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("icvc_session.id"))
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)

    __table_args__ = (UniqueConstraint("session_id", "volunteer_id"),)


class Enrollment(Base):
    __tablename__ = "icvc_enrollment"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True, default=new_id)
    class_id: Mapped[str] = mapped_column(ForeignKey("icvc_class.id"))
    offender_id: Mapped[str] = mapped_column(ForeignKey("offender.id"), index=True)
    status: Mapped[EnrollmentStatus] = mapped_column(enum_column(EnrollmentStatus))
    #: When he asked for a seat: the waitlist is first come, first served by this.
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(String(200), default="")
    completed_on: Mapped[date | None] = mapped_column(Date)
    certificate_number: Mapped[str | None] = mapped_column(String(40), unique=True)

    __table_args__ = (UniqueConstraint("class_id", "offender_id"),
                      Index("ix_icvc_enrollment_class_status", "class_id", "status",
                            "requested_at"))


class Attendance(Base):
    """One person's mark at one session; the key derives from (session, enrollment)."""

    __tablename__ = "icvc_attendance"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("icvc_session.id"))
    enrollment_id: Mapped[str] = mapped_column(ForeignKey("icvc_enrollment.id"), index=True)
    mark: Mapped[AttendanceMark] = mapped_column(enum_column(AttendanceMark))
    marked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    marked_by: Mapped[str] = mapped_column(String(40), default="")

    __table_args__ = (UniqueConstraint("session_id", "enrollment_id"),)


class ClassDayOff(Base):
    """A date the facilitator marked as no class (holiday, lockdown) when scheduling."""

    __tablename__ = "icvc_day_off"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True, default=new_id)
    class_id: Mapped[str] = mapped_column(ForeignKey("icvc_class.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
