"""SQLAlchemy 2 typed models: the tables of a workstation's database.

Every table that syncs between workstations has a text UUID primary key made on the workstation
(DESIGN §4); an offender's key derives from his DOC number (``people_rules.offender_key``).
Local-only tables (settings, the search index) say so in their docstring.
Times are stored in UTC without a zone; dates are calendar dates.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from rjdesk.domain.enums import OffenderStatus, Role, SiteKind, VolunteerRole

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _enum(cls: type) -> Enum:
    return Enum(cls, native_enum=False, length=40, values_callable=lambda e: [m.value for m in e],
                validate_strings=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Uuid36(String):
    """A UUID kept as its 36-character text form."""

    def __init__(self) -> None:
        super().__init__(36)


class Site(Base):
    __tablename__ = "site"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[SiteKind] = mapped_column(_enum(SiteKind))
    city: Mapped[str] = mapped_column(String(60), default="")
    district: Mapped[str] = mapped_column(String(10), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Offender(Base):
    __tablename__ = "offender"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    doc_number: Mapped[str] = mapped_column(String(8), unique=True)
    last_name: Mapped[str] = mapped_column(String(80))
    first_name: Mapped[str] = mapped_column(String(80))
    middle_name: Mapped[str] = mapped_column(String(80), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    status: Mapped[OffenderStatus] = mapped_column(_enum(OffenderStatus))
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
    role: Mapped[VolunteerRole] = mapped_column(_enum(VolunteerRole))

    __table_args__ = (UniqueConstraint("volunteer_id", "role"),)


class VolunteerTraining(Base):
    __tablename__ = "volunteer_training"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True, default=new_id)
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    completed_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)


class User(Base):
    """A staff account."""

    __tablename__ = "app_user"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(_enum(Role))
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEvent(Base):
    """Who did what to which record, and when; views of victim data included. Insert-only."""

    __tablename__ = "audit_event"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[str | None] = mapped_column(String(36))
    username: Mapped[str] = mapped_column(String(40))
    site_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(36), index=True)
    summary: Mapped[str] = mapped_column(String(300), default="")


class ConflictResolution(Base):
    """A person's decision on a sync conflict (its id is the conflict's); synced, so a conflict
    settled at one site is settled everywhere. Insert-only."""

    __tablename__ = "conflict_resolution"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    #: 'current' kept the value that won, 'other' restored the value that lost.
    kept: Mapped[str] = mapped_column(String(10))
    resolved_by: Mapped[str] = mapped_column(String(40))
    resolved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    site_id: Mapped[str | None] = mapped_column(String(36))


class LocalSetting(Base):
    """Local to this workstation (never synced): its site, its name, preferences."""

    __tablename__ = "local_setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


#: Tables whose rows are not shared with other workstations.
LOCAL_TABLES = frozenset({"local_setting", "alembic_version", "offender_search",
                          "offender_fts", "sync_state", "sync_change", "sync_applied",
                          "sync_conflict", "sync_rejected"})
#: Columns that are this workstation's own (derived from others, or sign-in state), left out of
#: sync and of the state digest.
LOCAL_COLUMNS = {"offender": frozenset({"search_text", "sort_name"}),
                 "volunteer": frozenset({"sort_name"}),
                 "app_user": frozenset({"failed_attempts", "locked_until", "last_sign_in_at"})}
#: Bookkeeping columns that change with every edit of their row: they follow the newest write
#: like any field, but two sites changing them at once is no conflict of its own.
QUIET_COLUMNS = frozenset({"created_at", "updated_at", "status_changed_at", "marked_at",
                           "marked_by"})
