"""Sites, staff accounts, the audit log and the settings every area shares.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from rjdesk.domain.base import Base, Uuid36, enum_column, new_id, utcnow
from rjdesk.domain.core.enums import Role, SiteKind


class Site(Base):
    __tablename__ = "site"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[SiteKind] = mapped_column(enum_column(SiteKind))
    city: Mapped[str] = mapped_column(String(60), default="")
    district: Mapped[str] = mapped_column(String(10), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class User(Base):
    """A staff account."""

    __tablename__ = "app_user"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Set by an administrator's reset: the password is a temporary one, which signs in only
    #: to be changed.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: The account's public signing key (base64): its changes are signed with the private one.
    signing_key: Mapped[str | None] = mapped_column(Text)
    #: The private signing key sealed under the password (see ``sync.account_keys``).
    sealed_signing_key: Mapped[str | None] = mapped_column(Text)


class UserSigningKey(Base):
    """Every public signing key an account has had: a change signed before a password reset
    still verifies wherever it arrives late. Insert-only; the id derives from the key."""

    __tablename__ = "user_signing_key"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"), index=True)
    public_key: Mapped[str] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


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
