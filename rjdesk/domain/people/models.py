"""Offenders and their transfers between sites.

Every table that syncs has a text UUID key made on the workstation; an offender's derives
from his DOC number (``people.rules.offender_key``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rjdesk.domain.base import Base, Uuid36, enum_column, new_id, utcnow
from rjdesk.domain.core.models import Site
from rjdesk.domain.people.enums import OffenderStatus


class Offender(Base):
    __tablename__ = "offender"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    doc_number: Mapped[str] = mapped_column(String(8), unique=True)
    last_name: Mapped[str] = mapped_column(String(80))
    first_name: Mapped[str] = mapped_column(String(80))
    middle_name: Mapped[str] = mapped_column(String(80), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    status: Mapped[OffenderStatus] = mapped_column(enum_column(OffenderStatus))
    projected_release_date: Mapped[date | None] = mapped_column(Date)
    housing_unit: Mapped[str] = mapped_column(String(40), default="")
    merged_into_id: Mapped[str | None] = mapped_column(ForeignKey("offender.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # Derived, local: kept by the services from the names (see people_rules).
    search_text: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(String(250), default="")

    site: Mapped[Site] = relationship(lazy="raise")

    __table_args__ = (
        # (…, sort_name, id): the list's keyset order, so paging never sorts; the DOC number
        # rides along so a search by its first digits reads the index alone
        Index("ix_offender_site_sort", "site_id", "sort_name", "id", "doc_number"),
        Index("ix_offender_sort", "sort_name", "id", "doc_number"),
        Index("ix_offender_dob", "date_of_birth"),
        Index("ix_offender_release", "projected_release_date"),
    )


class OffenderTransfer(Base):
    """One move of an offender between sites; the history of where he has been."""

    __tablename__ = "offender_transfer"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True, default=new_id)
    offender_id: Mapped[str] = mapped_column(ForeignKey("offender.id"), index=True)
    from_site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    to_site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    transferred_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
