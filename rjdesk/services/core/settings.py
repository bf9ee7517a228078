"""Workstation settings, each declared once with its type, default and title: the one
registry of what a person sets.

Values live in the database (never synced): they belong to this workstation. Most are in the
``local_setting`` table; the share's folder is kept with sync's own bookkeeping in
``sync_state``, where the sync layer (which does not know this registry) reads it. Window
geometry and other per-user screen state live in QSettings instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.core.models import LocalSetting
from rjdesk.domain.reparative.rules import DEFAULT_APPROVAL_ABOVE, MAX_DAY_HOURS
from rjdesk.store.database import Database
from rjdesk.sync import state

T = TypeVar("T", int, float, str)

#: Where a setting's value is kept.
LOCAL_SETTING = "local_setting"
SYNC_STATE = "sync_state"


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type[T]
    default: T
    title: str
    minimum: float | None = None
    maximum: float | None = None
    table: str = LOCAL_SETTING

    def parse(self, raw: str | None) -> T:
        if raw is None:
            return self.default
        try:
            value = self.type(raw)
        except ValueError:
            return self.default
        if isinstance(value, (int, float)):
            if value != value:  # NaN
                return self.default
            if self.minimum is not None and value < self.minimum:
                return self.default
            if self.maximum is not None and value > self.maximum:
                return self.default
        return value


SITE_ID = Setting("site_id", str, "", "This workstation's site")
WORKSTATION_NAME = Setting("workstation_name", str, "", "This workstation's name")
IDLE_LOCK_MINUTES = Setting("idle_lock_minutes", int, 15, "Lock the window after idle minutes",
                            minimum=1, maximum=240)
LOCKOUT_ATTEMPTS = Setting("lockout_attempts", int, 5, "Failed sign-ins before an account locks",
                           minimum=3, maximum=20)
LOCKOUT_MINUTES = Setting("lockout_minutes", int, 15, "Minutes a locked account stays locked",
                          minimum=1, maximum=1440)
DEMO = Setting("demo", str, "", "Set on demo databases")
APPROVAL_ABOVE = Setting("approval_above", float, DEFAULT_APPROVAL_ABOVE,
                         "Hours in one day above which an entry waits for approval",
                         minimum=0.5, maximum=MAX_DAY_HOURS)
SHARE_PATH = Setting(state.SHARE_PATH, str, "", "The central share's folder", table=SYNC_STATE)
#: Written by sync from the deployment's roster, never by a person: the middle of the delivery
#: slip numbers this workstation issues (one with sync not set up is desk 1).
DESK_NUMBER = Setting(state.DESK_NUMBER, int, 1, "This workstation's desk number within its site",
                      minimum=1, table=SYNC_STATE)

ALL = (SITE_ID, WORKSTATION_NAME, IDLE_LOCK_MINUTES, LOCKOUT_ATTEMPTS, LOCKOUT_MINUTES, DEMO,
       APPROVAL_ABOVE, SHARE_PATH, DESK_NUMBER)


def read(tx: Session, setting: Setting[T]) -> T:
    if setting.table == SYNC_STATE:
        return setting.parse(state.get(tx.connection(), setting.key))
    raw = tx.scalar(select(LocalSetting.value).where(LocalSetting.key == setting.key))
    return setting.parse(raw)


def write(tx: Session, setting: Setting[T], value: T) -> None:
    if setting.table == SYNC_STATE:
        state.put(tx.connection(), setting.key, str(value))
        return
    row = tx.get(LocalSetting, setting.key)
    if row is None:
        tx.add(LocalSetting(key=setting.key, value=str(value)))
    else:
        row.value = str(value)


def get(db: Database, setting: Setting[T]) -> T:
    with db.reading() as tx:
        return read(tx, setting)
