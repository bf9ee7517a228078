"""Community volunteers, their roles and trainings.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from rjdesk.domain.base import Base, Uuid36, enum_column, new_id, utcnow
from rjdesk.domain.volunteers.enums import VolunteerRole


class Volunteer(Base):
    """A community citizen who volunteers: board member, victim speaker, project supervisor."""

    __tablename__ = "volunteer"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True, default=new_id)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    last_name: Mapped[str] = mapped_column(String(80))
    first_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    background_check_on: Mapped[date | None] = mapped_column(Date)
    background_check_expires: Mapped[date | None] = mapped_column(Date)
    #: A victim speaker's written consent to speak, and the date staff screened him or her.
    speaker_consent_on: Mapped[date | None] = mapped_column(Date)
    speaker_screened_on: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    sort_name: Mapped[str] = mapped_column(String(250), default="")

    __table_args__ = (Index("ix_volunteer_site_sort", "site_id", "sort_name", "id"),)


class VolunteerRoleGrant(Base):
    """A role a volunteer holds; the key derives from (volunteer, role) so grants converge."""

    __tablename__ = "volunteer_role"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"))
    role: Mapped[VolunteerRole] = mapped_column(enum_column(VolunteerRole))

    __table_args__ = (UniqueConstraint("volunteer_id", "role"),)


class VolunteerTraining(Base):
    __tablename__ = "volunteer_training"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True, default=new_id)
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    completed_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
