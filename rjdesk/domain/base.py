"""The ground of every model: the declarative base, keys, times, and which tables and columns
stay on one workstation.

Times are stored in UTC without a zone; dates are calendar dates.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import (
    Enum,
    MetaData,
    String,
)
from sqlalchemy.orm import DeclarativeBase

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
    return datetime.now(UTC).replace(tzinfo=None)


def enum_column(cls: type) -> Enum:
    return Enum(cls, native_enum=False, length=40, values_callable=lambda e: [m.value for m in e],
                validate_strings=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Uuid36(String):
    """A UUID kept as its 36-character text form."""

    def __init__(self) -> None:
        super().__init__(36)


#: Tables whose rows are not shared with other workstations.
LOCAL_TABLES = frozenset({"local_setting", "alembic_version", "offender_search",
                          "offender_fts", "sync_state", "sync_change", "sync_applied",
                          "sync_conflict", "sync_rejected", "sync_signature",
                          "reparative_hours_month", "reparative_participation"})


#: Columns that are this workstation's own (derived from others, or sign-in state), left out of
#: sync and of the state digest.
LOCAL_COLUMNS = {"offender": frozenset({"search_text", "sort_name"}),
                 "volunteer": frozenset({"sort_name"}),
                 "reparative_recipient": frozenset({"match_key"}),
                 "app_user": frozenset({"failed_attempts", "locked_until", "last_sign_in_at"})}


#: Bookkeeping columns that change with every edit of their row: they follow the newest write
#: like any field, but two sites changing them at once is no conflict of its own.
QUIET_COLUMNS = frozenset({"created_at", "updated_at", "status_changed_at", "marked_at",
                           "marked_by"})
