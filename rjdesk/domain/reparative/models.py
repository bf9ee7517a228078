"""Reparative work: projects and their supervisors, hours, items made, recipients, deliveries.

Keys derive from what makes a record the same thing (``reparative.rules``): a crew member's
hours on a project on a day, a delivery's slip number … so the same thing entered at two
workstations offline is one record after sync, its fields merged.

Quantities and hours are kept as floats rounded to hundredths by the services (a quilt is 1,
produce is 1,250.5 lb, a shift is 7.5 hours). Stock is never stored: it is what was made minus
what was delivered, so two workstations delivering from one stock offline show as a shortfall
after sync instead of a silent negative.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from rjdesk.domain.base import Base, Uuid36, enum_column, utcnow
from rjdesk.domain.reparative.enums import (
    DeliveryStatus,
    HoursStatus,
    ProjectCategory,
    RecipientType,
    Unit,
)


class Project(Base):
    __tablename__ = "reparative_project"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[ProjectCategory] = mapped_column(enum_column(ProjectCategory))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ProjectSupervisor(Base):
    """A community volunteer who oversees a project; the key derives from (project, volunteer)."""

    __tablename__ = "reparative_supervisor"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("reparative_project.id"))
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)

    __table_args__ = (UniqueConstraint("project_id", "volunteer_id"),)


class HourEntry(Base):
    """An offender's hours on a project on a day; the key derives from (offender, project, day).

    ``site_id`` is the project's, kept on the row so the totals read one index.
    """

    __tablename__ = "reparative_hours"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    offender_id: Mapped[str] = mapped_column(ForeignKey("offender.id"))
    project_id: Mapped[str] = mapped_column(ForeignKey("reparative_project.id"))
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    worked_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Float)
    status: Mapped[HoursStatus] = mapped_column(enum_column(HoursStatus))
    entered_by: Mapped[str] = mapped_column(String(36), default="")  # app_user.id
    decided_by: Mapped[str] = mapped_column(String(36), default="")  # app_user.id
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("offender_id", "project_id", "worked_on"),
        # the totals: one site's year reads this index alone
        Index("ix_reparative_hours_totals", "site_id", "worked_on", "status", "project_id",
              "hours", "offender_id"),
        Index("ix_reparative_hours_day", "offender_id", "worked_on", "hours"),
        Index("ix_reparative_hours_project", "project_id", "worked_on"),
        Index("ix_reparative_hours_pending", "status", "site_id"),
    )


class VolunteerHours(Base):
    """A community volunteer's own supervising hours; the key derives from (volunteer,
    project, day)."""

    __tablename__ = "reparative_volunteer_hours"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("reparative_project.id"), index=True)
    worked_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Float)

    __table_args__ = (UniqueConstraint("volunteer_id", "project_id", "worked_on"),)


class ItemType(Base):
    """What projects make, statewide: quilt (each), produce (pound) …; the key derives from the
    folded name and the unit."""

    __tablename__ = "reparative_item_type"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    unit: Mapped[Unit] = mapped_column(enum_column(Unit))
    produce: Mapped[bool] = mapped_column(Boolean, default=False)  # counts in produce totals


class Production(Base):
    """Items a project made on a day; the key derives from (project, item type, day)."""

    __tablename__ = "reparative_production"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("reparative_project.id"), index=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    item_type_id: Mapped[str] = mapped_column(ForeignKey("reparative_item_type.id"))
    made_on: Mapped[date] = mapped_column(Date)
    quantity: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("project_id", "item_type_id", "made_on"),
                      Index("ix_reparative_production_stock", "site_id", "item_type_id",
                            "quantity"))


class Recipient(Base):
    """An organization (or a victim) that receives what projects make.

    A victim as recipient is victim data: only roles that may see victims read ``name``,
    ``address`` and the contact; everyone else sees "a victim (name withheld)".
    """

    __tablename__ = "reparative_recipient"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    kind: Mapped[RecipientType] = mapped_column(enum_column(RecipientType))
    name: Mapped[str] = mapped_column(String(160))
    abbreviation: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(250), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    merged_into_id: Mapped[str | None] = mapped_column(ForeignKey("reparative_recipient.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # Derived, local: the folded name and abbreviation the duplicate check compares.
    match_key: Mapped[str] = mapped_column(String(200), default="", index=True)


class Delivery(Base):
    """A delivery from a site to a recipient; the key derives from its slip number, which is
    unique per site and year and issued from this workstation's own series."""

    __tablename__ = "reparative_delivery"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    slip_number: Mapped[str] = mapped_column(String(30), unique=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    recipient_id: Mapped[str] = mapped_column(ForeignKey("reparative_recipient.id"),
                                              index=True)
    status: Mapped[DeliveryStatus] = mapped_column(enum_column(DeliveryStatus))
    prepared_on: Mapped[date] = mapped_column(Date)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    delivered_by: Mapped[str] = mapped_column(String(120), default="")
    received_by: Mapped[str] = mapped_column(String(120), default="")
    received_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_reparative_delivery_site", "site_id", "prepared_on"),)


class DeliveryLine(Base):
    """An item of a delivery: how many were ordered and how many went out (a delivery that
    goes out partly keeps both). The key derives from (delivery, item type, project)."""

    __tablename__ = "reparative_delivery_line"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    delivery_id: Mapped[str] = mapped_column(ForeignKey("reparative_delivery.id"), index=True)
    item_type_id: Mapped[str] = mapped_column(ForeignKey("reparative_item_type.id"))
    project_id: Mapped[str | None] = mapped_column(ForeignKey("reparative_project.id"))
    quantity_ordered: Mapped[float] = mapped_column(Float)
    quantity_delivered: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (UniqueConstraint("delivery_id", "item_type_id", "project_id"),
                      Index("ix_reparative_delivery_line_item", "item_type_id"))
